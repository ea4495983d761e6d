"""Materials: identity-number results in full, the wording of each finding, the checklist texts and
tables, the choice between flawed documents, and refusals of malformed checklist data."""

from __future__ import annotations

import datetime as dt
import tomllib
import unicodedata
from importlib import resources
from typing import Any

import pytest

from medins_rules.core.legal import Instrument, cite_passage
from medins_rules.processes.materials import (
    AddressCodeCheck,
    Business,
    ChecklistDataError,
    ChecklistItem,
    IdDocument,
    IdNumberCheck,
    IdProblem,
    ItemKind,
    ItemStatus,
    MaterialsDecision,
    MaterialsOptions,
    MaterialsOutcome,
    check_id_number,
    checklist,
    load_checklists,
    render_checklist,
    requirement_text,
)

# The shared documents and the case builder of the materials tests.
from test_materials import (
    CARD,
    CARD_COPY,
    DAY,
    DISCHARGE,
    HK,
    MACAO,
    REIMBURSEMENT,
    RIC,
    check,
)

RESIDENCE_PROOF = (
    "Proof of residence: certificate of continuous residence, or a copy of the temporary "
    "residence permit"
)
RESIDENCE_PROOF_ZH = "居住证明：连续居住证明原件，或暂住证复印件"
ACCEPTED_ISSUERS = (
    "the local police station, the street office, the neighbourhood committee or the village "
    "committee"
)
ACCEPTED_ISSUERS_ZH = "当地派出所、街道办事处、居民委员会或村民委员会"


def reason(d: MaterialsDecision, code: str) -> Any:
    (found,) = [r for r in d.reasons if r.code == code]
    return found


# -- identity numbers: the whole result, for each problem ----------------------------------------------

RIC_DOC = IdDocument.RESIDENT_IDENTITY_CARD


@pytest.mark.parametrize(
    ("number", "kind", "on", "address_check", "expected"),
    [
        (
            "4401",
            ItemKind.RESIDENT_IDENTITY_CARD,
            None,
            AddressCodeCheck.PROVINCE,
            IdNumberCheck(
                "4401",
                None,
                IdProblem.LENGTH,
                None,
                "it has 4 characters; an identity number has 18",
                "号码为4位，应为18位",
            ),
        ),
        (
            " 11010519491231002x ",
            ItemKind.RESIDENT_IDENTITY_CARD,
            None,
            AddressCodeCheck.PROVINCE,
            IdNumberCheck("11010519491231002X", RIC_DOC, None, dt.date(1949, 12, 31)),
        ),
        (
            "4401061990030700A8",
            ItemKind.RESIDENT_IDENTITY_CARD,
            None,
            AddressCodeCheck.PROVINCE,
            IdNumberCheck(
                "4401061990030700A8",
                None,
                IdProblem.FORMAT,
                None,
                "the first 17 characters must be digits and the last a digit or X",
                "前17位须为数字，最后一位须为数字或X",
            ),
        ),
        (
            HK,
            ItemKind.RESIDENT_IDENTITY_CARD,
            None,
            AddressCodeCheck.PROVINCE,
            IdNumberCheck(
                HK,
                IdDocument.HONG_KONG_RESIDENCE_PERMIT,
                IdProblem.PERMIT_NUMBER_ON_IDENTITY_CARD,
                None,
                "the prefix 810000 is that of a residence permit for Hong Kong residents, not of a "
                "Resident Identity Card",
                "前六位810000是港澳台居民居住证（香港）的号码前缀，不是居民身份证号码",
            ),
        ),
        (
            MACAO,
            ItemKind.RESIDENT_IDENTITY_CARD,
            None,
            AddressCodeCheck.PROVINCE,
            IdNumberCheck(
                MACAO,
                IdDocument.MACAO_RESIDENCE_PERMIT,
                IdProblem.PERMIT_NUMBER_ON_IDENTITY_CARD,
                None,
                "the prefix 820000 is that of a residence permit for Macao residents, not of a "
                "Resident Identity Card",
                "前六位820000是港澳台居民居住证（澳门）的号码前缀，不是居民身份证号码",
            ),
        ),
        (
            RIC,
            ItemKind.HMT_RESIDENCE_PERMIT,
            None,
            AddressCodeCheck.PROVINCE,
            IdNumberCheck(
                RIC,
                RIC_DOC,
                IdProblem.NOT_A_PERMIT_NUMBER,
                None,
                "a residence permit number for Hong Kong, Macao or Taiwan residents starts with "
                "810000, 820000 or 830000, not 440106",
                "港澳台居民居住证号码以810000、820000或830000开头，而非440106",
            ),
        ),
        (
            RIC[:-1] + "X",
            ItemKind.RESIDENT_IDENTITY_CARD,
            None,
            AddressCodeCheck.PROVINCE,
            IdNumberCheck(
                RIC[:-1] + "X",
                RIC_DOC,
                IdProblem.CHECK_DIGIT,
                None,
                "the check digit is X; the first 17 digits give 8",
                "校验码为X，按前17位应为8",
            ),
        ),
        (
            HK[:-1] + "2",
            ItemKind.HMT_RESIDENCE_PERMIT,
            None,
            AddressCodeCheck.PROVINCE,
            IdNumberCheck(
                HK[:-1] + "2",
                IdDocument.HONG_KONG_RESIDENCE_PERMIT,
                IdProblem.CHECK_DIGIT,
                None,
                "the check digit is 2; the first 17 digits give 1",
                "校验码为2，按前17位应为1",
            ),
        ),
        (
            "440106199002300012",
            ItemKind.RESIDENT_IDENTITY_CARD,
            None,
            AddressCodeCheck.PROVINCE,
            IdNumberCheck(
                "440106199002300012",
                RIC_DOC,
                IdProblem.BIRTH_DATE,
                None,
                "the birth date part 19900230 is not a calendar date",
                "出生日期码19900230不是有效日期",
            ),
        ),
        (
            "440106203001010012",
            ItemKind.RESIDENT_IDENTITY_CARD,
            DAY,
            AddressCodeCheck.PROVINCE,
            IdNumberCheck(
                "440106203001010012",
                RIC_DOC,
                IdProblem.BIRTH_DATE_AFTER_EVALUATION,
                dt.date(2030, 1, 1),
                "the birth date 2030-01-01 is after 2026-03-02",
                "出生日期2030-01-01晚于2026-03-02",
            ),
        ),
        (
            "990000199001010017",
            ItemKind.RESIDENT_IDENTITY_CARD,
            None,
            AddressCodeCheck.PROVINCE,
            IdNumberCheck(
                "990000199001010017",
                RIC_DOC,
                IdProblem.ADDRESS_CODE,
                dt.date(1990, 1, 1),
                "the address code 990000 is not a known administrative division",
                "地址码990000不是已知的行政区划",
            ),
        ),
        (
            "440106198001010019",
            ItemKind.RESIDENT_IDENTITY_CARD,
            None,
            AddressCodeCheck.COUNTY_AT_BIRTH,
            IdNumberCheck("440106198001010019", RIC_DOC, None, dt.date(1980, 1, 1)),
        ),
        (
            "44018320160101001X",
            ItemKind.RESIDENT_IDENTITY_CARD,
            DAY,
            AddressCodeCheck.COUNTY_AT_BIRTH,
            IdNumberCheck(
                "44018320160101001X",
                RIC_DOC,
                IdProblem.ADDRESS_CODE,
                dt.date(2016, 1, 1),
                "the address code 440183 was not in use between the birth year 2016 and 2026 (it "
                "is last listed in 2013)",
                "地址码440183在出生年份2016年至2026年之间未被使用（最后列入代码表为2013年）",
            ),
        ),
        (
            "440118199001010019",
            ItemKind.RESIDENT_IDENTITY_CARD,
            dt.date(2013, 12, 31),
            AddressCodeCheck.COUNTY_AT_BIRTH,
            IdNumberCheck(
                "440118199001010019",
                RIC_DOC,
                IdProblem.ADDRESS_CODE,
                dt.date(1990, 1, 1),
                "the address code 440118 was not in use between the birth year 1990 and 2013 (it "
                "is first listed in 2014)",
                "地址码440118在出生年份1990年至2013年之间未被使用（2014年首次列入代码表）",
            ),
        ),
        (
            "449999199001010019",
            ItemKind.RESIDENT_IDENTITY_CARD,
            None,
            AddressCodeCheck.COUNTY_AT_BIRTH,
            IdNumberCheck(
                "449999199001010019",
                RIC_DOC,
                IdProblem.ADDRESS_CODE,
                dt.date(1990, 1, 1),
                "the address code 449999 is in no administrative division code list",
                "地址码449999不在任何一年的行政区划代码表中",
            ),
        ),
        (
            HK,
            ItemKind.HMT_RESIDENCE_PERMIT,
            DAY,
            AddressCodeCheck.COUNTY_AT_BIRTH,
            IdNumberCheck(HK, IdDocument.HONG_KONG_RESIDENCE_PERMIT, None, dt.date(1994, 8, 23)),
        ),
    ],
)
def test_an_identity_number_check_gives_the_number_document_problem_birth_date_and_wording(
    number: str,
    kind: ItemKind,
    on: dt.date | None,
    address_check: AddressCodeCheck,
    expected: IdNumberCheck,
) -> None:
    assert check_id_number(number, kind=kind, on=on, address_check=address_check) == expected


def test_a_birth_date_after_the_evaluation_date_is_a_defect_of_the_decision() -> None:
    d = check("enrolment", [{"kind": "resident_identity_card", "number": "440106203001010012"}])
    assert d.outcome is MaterialsOutcome.INCOMPLETE
    assert [(x.kind.value, x.detail) for x in d.defects] == [
        ("invalid_id_number", "birth_date_after_evaluation")
    ]
    assert reason(d, "materials.id_number_invalid").message_en == (
        "The insured person's valid certificate: the number on items[0] is not valid as the "
        "number of a Resident Identity Card: the birth date 2030-01-01 is after 2026-03-02."
    )


def test_a_valid_permit_number_names_the_permit_in_both_languages() -> None:
    d = check("enrolment", [{"kind": "hmt_residence_permit", "number": HK}])
    valid = reason(d, "materials.id_number_valid")
    assert valid.message_en == (
        "The insured person's valid certificate: the number on items[0] is valid as the number of "
        "a residence permit for Hong Kong residents (18 characters, birth date 1994-08-23, check "
        "digit per GB 11643)."
    )
    assert valid.message_zh == (
        "参保人有效证件：items[0]上的号码是有效的港澳台居民居住证（香港）号码（18位，出生日期"
        "1994-08-23，校验码符合GB 11643）。"
    )


# -- the wording of each finding -----------------------------------------------------------------------


def test_a_copy_of_the_back_only_asks_for_the_front() -> None:
    back = {**CARD_COPY, "sides": "back"}
    d = check("offsite_reimbursement", [back if i is CARD_COPY else i for i in REIMBURSEMENT])
    side = reason(d, "materials.side_missing")
    assert side.message_en == (
        "Copy of the medical insurance card, front and back: the copy items[1] shows only the "
        "back; the front must be copied too (front and back)."
    )
    assert (
        side.message_zh == "医保卡正反面复印件：复印件items[1]只有反面；还须复印正面（正反两面）。"
    )


def test_a_certificate_from_a_body_not_accepted_names_that_body_and_the_accepted_ones() -> None:
    d = check("offsite_filing", [CARD, {"kind": "residence_certificate", "issuer": "employer"}])
    issuer = reason(d, "materials.issuer_not_accepted")
    assert issuer.message_en == (
        f"{RESIDENCE_PROOF}: items[1] is issued by the employer; it must be issued by "
        f"{ACCEPTED_ISSUERS}."
    )
    assert issuer.message_zh == (
        f"{RESIDENCE_PROOF_ZH}：items[1]由用人单位出具；须由{ACCEPTED_ISSUERS_ZH}出具。"
    )


def test_a_certificate_with_no_issuer_says_the_body_is_not_stated() -> None:
    d = check("offsite_filing", [CARD, {"kind": "residence_certificate"}])
    issuer = reason(d, "materials.issuer_not_accepted")
    assert issuer.message_en == (
        f"{RESIDENCE_PROOF}: items[1] is issued by a body not stated; it must be issued by "
        f"{ACCEPTED_ISSUERS}."
    )
    assert issuer.message_zh == (
        f"{RESIDENCE_PROOF_ZH}：items[1]由未注明的机构出具；须由{ACCEPTED_ISSUERS_ZH}出具。"
    )


def test_face_recognition_is_reported_as_completed_not_as_an_original() -> None:
    d = check("online_suspension", [{"kind": "face_recognition"}])
    done = reason(d, "materials.item_satisfied")
    assert done.message_en == (
        "Face recognition of the insured person: met by items[0], the face recognition (completed)."
    )
    assert done.message_zh == "参保人本人人脸识别：由items[0]（人脸识别，已完成）满足。"


def test_a_defective_item_is_reported_defective_with_the_document_matched() -> None:
    d = check("offsite_filing", [CARD, {"kind": "residence_certificate", "issuer": "employer"}])
    assert [(r.item, r.status, r.submitted, r.kind) for r in d.items] == [
        ("card", ItemStatus.SATISFIED, 0, ItemKind.MEDICAL_INSURANCE_CARD),
        ("residence_proof", ItemStatus.DEFECTIVE, 1, ItemKind.RESIDENCE_CERTIFICATE),
    ]


def test_the_incomplete_summary_lists_missing_and_defective_items_in_both_languages() -> None:
    d = check("offsite_filing", [{"kind": "residence_certificate"}])
    assert d.reasons[0].message_en == (
        "Incomplete for off-site treatment filing. Missing: Medical insurance card. Defective: "
        f"{RESIDENCE_PROOF}. Each is set out below with what would satisfy it."
    )
    assert d.reasons[0].message_zh == (
        f"异地就医备案材料不齐全。缺少：医保卡。不符合要求：{RESIDENCE_PROOF_ZH}。下文逐项说明如何补正。"
    )


def test_an_incomplete_summary_with_no_defect_says_none() -> None:
    d = check("offsite_filing", [CARD])
    assert "Missing: " + RESIDENCE_PROOF + ". Defective: none." in d.reasons[0].message_en
    assert f"缺少：{RESIDENCE_PROOF_ZH}。不符合要求：无。" in d.reasons[0].message_zh


def test_several_missing_items_are_listed_in_checklist_order_in_both_languages() -> None:
    d = check("card_application", [{"kind": "photo"}])
    assert "Missing: Valid identity document; Household registration book." in (
        d.reasons[0].message_en
    )
    assert "缺少：有效身份证件；户口簿。" in d.reasons[0].message_zh


def test_a_second_record_home_page_is_not_needed_and_says_which_document_counts() -> None:
    d = check("offsite_reimbursement", [*REIMBURSEMENT, {"kind": "admission_record"}])
    assert d.not_needed == (7,)
    extra = reason(d, "materials.not_needed")
    assert extra.message_zh == (
        "items[7]（入院记录）不是异地就医零星报销所需的材料：住院病案首页（或入院记录）已由items[5]对应。"
        "多交无妨。"
    )


def test_a_document_not_on_the_checklist_is_not_needed_in_both_languages() -> None:
    d = check("batch_offsite_filing", [{"kind": "batch_import_form"}, {"kind": "photo"}])
    extra = reason(d, "materials.not_needed")
    assert extra.message_zh == (
        "items[1]（近期免冠照片）不是单位批量办理异地就医所需的材料：不在本业务的材料清单之内。多交无妨。"
    )


# -- which of two flawed documents is matched ----------------------------------------------------------


def test_a_copy_lacking_its_seal_is_preferred_to_an_original_when_only_a_copy_serves() -> None:
    """A wrong form weighs more than a missing seal: under the reading that only a copy serves, the
    unsealed copy is the one matched (one seal to add) and the sealed original is not needed."""
    sealed_original = {**DISCHARGE, "form": "original"}
    unsealed_copy = {"kind": "discharge_summary", "form": "copy"}
    only_copy = MaterialsOptions(original_satisfies_copy=False)
    items = [*REIMBURSEMENT[:-1], sealed_original, unsealed_copy]
    d = check("offsite_reimbursement", items, options=only_copy)
    assert [(x.item, x.submitted, x.kind.value) for x in d.defects] == [
        ("discharge_summary", 7, "seal_missing")
    ]
    assert d.not_needed == (6,)


# -- the texts of the checklist ------------------------------------------------------------------------


def test_an_either_or_item_with_issuers_reads_as_its_alternatives() -> None:
    text = requirement_text(checklist("offsite_filing").item("residence_proof"))
    assert text.en == (
        f"certificate of continuous residence, original, issued by {ACCEPTED_ISSUERS}; or "
        "temporary residence permit, copy"
    )
    assert text.zh == f"连续居住证明，原件，由{ACCEPTED_ISSUERS_ZH}出具；或暂住证，复印件"


def test_a_copy_of_both_sides_reads_as_such() -> None:
    text = requirement_text(checklist("offsite_reimbursement").item("card_copy"))
    assert (text.en, text.zh) == (
        "medical insurance card, copy, both sides copied",
        "医保卡，复印件，正反两面复印",
    )


def test_an_item_with_two_seals_and_two_issuers_joins_them_with_and_and_or() -> None:
    item = ChecklistItem(
        id="stamped_proof",
        name_en="Stamped proof",
        name_zh="盖章证明",
        source=cite_passage(Instrument.SOURCE_002, "material_diagnosis"),
        accepts=[
            {
                "kind": "diagnosis_proof",
                "form": "copy",
                "seals": ["medical_institution_seal", "medical_records_seal"],
                "issuers": ["employer", "medical_institution"],
            }
        ],
    )
    text = requirement_text(item)
    assert text.en == (
        "diagnosis proof, copy, bearing the medical institution's seal and the medical "
        "institution's special seal for medical records management, issued by the employer or a "
        "medical institution"
    )
    assert text.zh == (
        "诊断证明材料，复印件，加盖医疗机构公章和医疗机构病案管理专用章，由用人单位或医疗机构出具"
    )


# -- the tables the docs show ---------------------------------------------------------------------------

TABLES = {
    "card_application": """\
| id                 | item                        | 材料         | accepted                                                                                                  | 可接受的材料                               | source                 |
| ------------------ | --------------------------- | ------------ | --------------------------------------------------------------------------------------------------------- | ------------------------------------------ | ---------------------- |
| identity_document  | Valid identity document     | 有效身份证件 | Resident Identity Card, original; or residence permit for Hong Kong, Macao and Taiwan residents, original | 居民身份证，原件；或港澳台居民居住证，原件 | source_003 `materials` |
| photo              | Recent bareheaded photo     | 近期免冠照片 | recent bareheaded photo, original or copy                                                                 | 近期免冠照片，原件或复印件                 | source_003 `materials` |
| household_register | Household registration book | 户口簿       | household registration book, original                                                                     | 户口簿，原件                               | source_003 `materials` |""",
    "enrolment": """\
| id                      | item                                   | 材料           | accepted                                                                                                                                                              | 可接受的材料                                                                 | source                          |
| ----------------------- | -------------------------------------- | -------------- | --------------------------------------------------------------------------------------------------------------------------------------------------------------------- | ---------------------------------------------------------------------------- | ------------------------------- |
| identity_document       | The insured person's valid certificate | 参保人有效证件 | Resident Identity Card, original; or residence permit for Hong Kong, Macao and Taiwan residents, original                                                             | 居民身份证，原件；或港澳台居民居住证，原件                                   | source_004 `county_centre`      |
| agent_identity_document | The agent's valid certificate          | 代办人有效证件 | only when an agent applies: the agent's own Resident Identity Card, original; or the agent's own residence permit for Hong Kong, Macao and Taiwan residents, original | 仅代办时：代办人本人的居民身份证，原件；或代办人本人的港澳台居民居住证，原件 | source_004 `agent_certificates` |""",
    "online_cancellation": """\
| id                | item                              | 材料                 | accepted                                                                                                                                                                          | 可接受的材料                                                                               | source              |
| ----------------- | --------------------------------- | -------------------- | --------------------------------------------------------------------------------------------------------------------------------------------------------------------------------- | ------------------------------------------------------------------------------------------ | ------------------- |
| identity_document | Identification document, uploaded | 身份证明材料（上传） | Resident Identity Card, original or copy; or residence permit for Hong Kong, Macao and Taiwan residents, original or copy (the source says it may be needed; required by default) | 居民身份证，原件或复印件；或港澳台居民居住证，原件或复印件（来源称可能需要；默认列为必备） | source_001 `submit` |""",
}


@pytest.mark.parametrize("business", sorted(TABLES))
def test_the_checklist_table_is_exactly_the_one_the_docs_show(business: str) -> None:
    assert render_checklist(business) == TABLES[business]


def test_every_line_of_a_table_has_the_same_display_width() -> None:
    # Chinese characters take two columns; every cell is padded to its column's widest entry.
    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    for business in Business:
        lines = render_checklist(business).splitlines()
        assert len({width(line) for line in lines}) == 1, business
        assert all(line.startswith("| ") and line.endswith(" |") for line in lines)
        assert set(lines[1]) <= {"|", " ", "-"}


# -- malformed checklist data --------------------------------------------------------------------------


def _raw() -> dict[str, Any]:
    text = resources.files("medins_rules").joinpath("data/checklists.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_data_without_a_table_of_checklists_is_refused() -> None:
    raw = _raw()
    raw["checklists"] = ["enrolment"]
    with pytest.raises(ChecklistDataError, match=r"^checklists: expected a table of checklists$"):
        load_checklists(raw)


def test_a_checklist_that_is_not_a_table_is_refused_naming_it() -> None:
    raw = _raw()
    raw["checklists"]["enrolment"] = "identity card"
    with pytest.raises(ChecklistDataError, match=r"^checklists\.enrolment: expected a table$"):
        load_checklists(raw)


def test_an_item_that_is_not_a_table_is_refused_naming_its_position() -> None:
    raw = _raw()
    raw["checklists"]["card_application"]["items"][1] = "photo"
    with pytest.raises(
        ChecklistDataError, match=r"^checklists\.card_application\.items\[1\]: expected a table$"
    ):
        load_checklists(raw)


@pytest.mark.parametrize(
    "source",
    [
        "source_003",
        {"instrument": "source_003"},
        {"instrument": "source_003", "passage": "materials", "page": 2},
    ],
)
def test_an_item_source_that_is_not_an_instrument_and_a_passage_is_refused_naming_it(
    source: Any,
) -> None:
    raw = _raw()
    raw["checklists"]["card_application"]["items"][1]["source"] = source
    with pytest.raises(ChecklistDataError) as caught:
        load_checklists(raw)
    assert str(caught.value) == (
        "checklists.card_application.items[1].source: expected {instrument, passage}; "
        f"got {source!r}"
    )


def test_an_unknown_instrument_is_refused_listing_the_known_ones() -> None:
    raw = _raw()
    raw["checklists"]["enrolment"]["source"] = {"instrument": "source_009", "passage": "x"}
    known = ", ".join(i.value for i in Instrument)
    with pytest.raises(ChecklistDataError) as caught:
        load_checklists(raw)
    assert str(caught.value) == (
        f"checklists.enrolment.source: instrument 'source_009' is not one of {known}"
    )


def test_a_checklist_without_items_is_refused_as_checklist_data() -> None:
    raw = _raw()
    del raw["checklists"]["batch_offsite_filing"]["items"]
    with pytest.raises(ChecklistDataError, match="batch_offsite_filing.items"):
        load_checklists(raw)


def test_asking_a_checklist_for_an_item_it_lacks_raises_key_error_with_the_id() -> None:
    with pytest.raises(KeyError) as caught:
        checklist("card_application").item("passport")
    assert caught.value.args == ("passport",)
