"""The materials checklists and the checker: complete cases, each defect, alternatives, agents, IDs."""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib import resources
from typing import Any

import pytest
from pydantic import ValidationError
from stdnum.cn import ric

from medins_rules.core.errors import UnknownCitationError
from medins_rules.core.legal import Instrument, cite, cite_passage
from medins_rules.core.model import Jurisdiction
from medins_rules.engine.catalogue import all_reasons, evaluate, get_rule
from medins_rules.processes.materials import (
    EARLIEST_BIRTH_DATE,
    REASONS,
    RULES,
    AddressCodeCheck,
    Business,
    ChecklistDataError,
    DefectKind,
    IdDocument,
    IdProblem,
    ItemKind,
    ItemStatus,
    MaterialsCase,
    MaterialsDecision,
    MaterialsOptions,
    MaterialsOutcome,
    check_id_number,
    check_materials,
    checklist,
    checklists,
    load_checklists,
    render_checklist,
)

DAY = dt.date(2026, 3, 2)
RIC = "440106199003070028"
RIC_X = "11010519491231002X"
HK = "810000199408230021"
MACAO = "820000198505120032"
TAIWAN = "83000020010101004X"

CARD = {"kind": "medical_insurance_card"}
CARD_COPY = {"kind": "medical_insurance_card", "form": "copy", "sides": "both"}
INVOICE = {"kind": "hospitalisation_invoice", "seals": ["medical_institution_seal"]}
SUMMARY = {"kind": "hospitalisation_summary_list"}
DIAGNOSIS = {"kind": "diagnosis_proof", "seals": ["medical_institution_seal"]}
HOME_PAGE = {"kind": "medical_record_home_page", "form": "copy"}
ADMISSION = {"kind": "admission_record"}
DISCHARGE = {"kind": "discharge_summary", "form": "copy", "seals": ["medical_records_seal"]}
REIMBURSEMENT = [CARD, CARD_COPY, INVOICE, SUMMARY, DIAGNOSIS, HOME_PAGE, DISCHARGE]
CERTIFICATE = {"kind": "residence_certificate", "issuer": "police_station"}
PERMIT_COPY = {"kind": "temporary_residence_permit", "form": "copy"}
ID_CARD = {"kind": "resident_identity_card", "number": RIC}
AGENT_ID = {"kind": "resident_identity_card", "holder": "agent", "number": RIC_X}
FACE = {"kind": "face_recognition"}

COMPLETE = {
    Business.OFFSITE_REIMBURSEMENT: REIMBURSEMENT,
    Business.OFFSITE_FILING: [CARD, CERTIFICATE],
    Business.BATCH_OFFSITE_FILING: [{"kind": "batch_import_form"}],
    Business.CARD_APPLICATION: [ID_CARD, {"kind": "photo"}, {"kind": "household_register"}],
    Business.ENROLMENT: [ID_CARD],
    Business.ONLINE_CANCELLATION: [{"kind": "resident_identity_card", "form": "copy"}],
    Business.ONLINE_SUSPENSION: [FACE],
}


def check(
    business: Business | str,
    items: list[dict[str, Any]],
    *,
    options: MaterialsOptions | None = None,
    **fields: Any,
) -> MaterialsDecision:
    case = MaterialsCase.model_validate(
        {"business": business, "items": items, "evaluation_date": DAY, **fields}
    )
    return check_materials(case, options=options or MaterialsOptions())


def replaced(items: list[dict[str, Any]], old: dict[str, Any], new: dict[str, Any]) -> list[Any]:
    return [new if item is old else item for item in items]


def defects(d: MaterialsDecision) -> list[tuple[str, int, str, str | None]]:
    return [(x.item, x.submitted, x.kind.value, x.detail) for x in d.defects]


# -- the checklists as data ----------------------------------------------------------------------------


def test_every_business_has_a_checklist_with_items() -> None:
    assert [c.business for c in checklists()] == list(Business)
    assert all(c.items for c in checklists())


def test_every_item_cites_a_passage_of_its_source_in_the_registry() -> None:
    for found in checklists():
        for item in found.items:
            assert item.source.passage is not None
            assert item.source == cite_passage(item.source.instrument, item.source.passage)


def test_the_six_reimbursement_materials_are_seven_requirements() -> None:
    items = checklist("offsite_reimbursement").items
    assert [i.id for i in items] == [
        "card_original",
        "card_copy",
        "invoice",
        "summary_list",
        "diagnosis_proof",
        "record_home_page",
        "discharge_summary",
    ]
    assert {i.source.passage for i in items[:2]} == {"material_card"}


def test_the_shipped_data_loads_the_same_through_the_public_loader() -> None:
    text = resources.files("medins_rules").joinpath("data/checklists.toml").read_text("utf-8")
    loaded = load_checklists(tomllib.loads(text))
    assert tuple(loaded.checklists[b] for b in Business) == checklists()


def _raw() -> dict[str, Any]:
    text = resources.files("medins_rules").joinpath("data/checklists.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_a_passage_missing_from_the_registry_is_refused_at_load() -> None:
    raw = _raw()
    raw["checklists"]["photo_only"] = {}
    raw["checklists"]["card_application"]["items"][1]["source"]["passage"] = "photos"
    with pytest.raises(UnknownCitationError, match="no passage 'photos'"):
        load_checklists(raw)


def test_an_unknown_instrument_is_refused_at_load() -> None:
    raw = _raw()
    raw["checklists"]["enrolment"]["source"] = {"instrument": "source_009", "passage": "x"}
    with pytest.raises(ChecklistDataError, match=r"checklists\.enrolment\.source"):
        load_checklists(raw)


def test_a_vocabulary_missing_a_name_is_refused_at_load() -> None:
    raw = _raw()
    del raw["vocabulary"]["seal"]["medical_records_seal"]
    with pytest.raises(ChecklistDataError, match="seal: no names for medical_records_seal"):
        load_checklists(raw)


def test_a_missing_checklist_is_refused_at_load() -> None:
    raw = _raw()
    del raw["checklists"]["online_suspension"]
    with pytest.raises(ChecklistDataError, match="no checklist for online_suspension"):
        load_checklists(raw)


def test_an_unknown_item_kind_in_the_data_is_refused_at_load() -> None:
    raw = _raw()
    raw["checklists"]["batch_offsite_filing"]["items"][0]["accepts"][0]["kind"] = "fax"
    with pytest.raises(ChecklistDataError, match="kind"):
        load_checklists(raw)


def test_agent_items_on_a_checklist_that_admits_no_agent_are_refused_at_load() -> None:
    raw = _raw()
    raw["checklists"]["card_application"]["items"][1]["when"] = "through_agent"
    with pytest.raises(ChecklistDataError, match="agent items"):
        load_checklists(raw)


def test_a_table_rendering_shows_every_item_and_its_source() -> None:
    for found in checklists():
        lines = render_checklist(found.business).splitlines()
        assert len(lines) == 2 + len(found.items)
        for item, line in zip(found.items, lines[2:], strict=True):
            assert line.startswith(f"| {item.id} ")
            assert f"`{item.source.passage}`" in line


def test_the_rendering_marks_agent_items_and_hedged_items() -> None:
    assert "only when an agent applies" in render_checklist("enrolment")
    assert "may be needed" in render_checklist("online_cancellation")


# -- each business's complete case ---------------------------------------------------------------------


@pytest.mark.parametrize("business", list(Business))
def test_each_business_complete_case_is_complete(business: Business) -> None:
    d = check(business, COMPLETE[business])
    assert d.outcome is MaterialsOutcome.COMPLETE
    assert d.reason_codes[0] == "materials.complete"
    assert (d.missing, d.defective, d.defects, d.not_needed) == ((), (), (), ())
    assert {r.status for r in d.items} <= {ItemStatus.SATISFIED, ItemStatus.NOT_REQUIRED}


def test_the_complete_reimbursement_case_names_each_item_and_its_document() -> None:
    d = check("offsite_reimbursement", REIMBURSEMENT)
    assert [(r.item, r.submitted) for r in d.items] == [
        ("card_original", 0),
        ("card_copy", 1),
        ("invoice", 2),
        ("summary_list", 3),
        ("diagnosis_proof", 4),
        ("record_home_page", 5),
        ("discharge_summary", 6),
    ]
    assert d.reasons[0].message_en == (
        "Complete for off-site sporadic reimbursement: all 7 required item(s) are present in the "
        "required form."
    )
    assert d.reasons[0].citations == (cite_passage(Instrument.SOURCE_002, "six_materials"),)


def test_an_empty_submission_misses_every_item() -> None:
    d = check("offsite_reimbursement", [])
    assert d.outcome is MaterialsOutcome.INCOMPLETE
    assert d.missing == tuple(i.id for i in checklist("offsite_reimbursement").items)


def test_the_order_of_submission_does_not_matter() -> None:
    d = check("offsite_reimbursement", list(reversed(REIMBURSEMENT)))
    assert d.outcome is MaterialsOutcome.COMPLETE


# -- missing items --------------------------------------------------------------------------------------


@pytest.mark.parametrize("position", range(len(REIMBURSEMENT)))
def test_removing_any_one_reimbursement_material_makes_it_incomplete(position: int) -> None:
    items = [i for n, i in enumerate(REIMBURSEMENT) if n != position]
    d = check("offsite_reimbursement", items)
    item = checklist("offsite_reimbursement").items[position]
    assert d.outcome is MaterialsOutcome.INCOMPLETE
    assert d.missing == (item.id,)
    missing = next(r for r in d.reasons if r.code == "materials.item_missing")
    assert missing.citations == (item.source,)
    assert item.name_zh in missing.message_zh


def test_a_missing_item_says_what_to_submit() -> None:
    d = check("offsite_reimbursement", replaced(REIMBURSEMENT, DISCHARGE, SUMMARY))
    reason = next(r for r in d.reasons if r.code == "materials.item_missing")
    assert reason.message_en == (
        "Copy of the discharge summary with the medical-records special seal: missing. Submit "
        "discharge summary, copy, bearing the medical institution's special seal for medical "
        "records management."
    )
    assert reason.message_zh == (
        "出院小结复印件（加盖医疗机构病案管理专用章）：缺少。请提交出院小结，复印件，"
        "加盖医疗机构病案管理专用章。"
    )


def test_the_incomplete_summary_lists_the_missing_and_the_defective_items() -> None:
    items = [CARD, {**INVOICE, "seals": []}]
    d = check("offsite_reimbursement", items)
    summary = d.reasons[0]
    assert summary.code == "materials.incomplete"
    assert "Missing: Copy of the medical insurance card, front and back; " in summary.message_en
    assert "Defective: Hospitalisation invoice, original, with the medical institution's seal." in (
        summary.message_en
    )
    assert "不符合要求：住院发票原件（加盖医疗机构公章）" in summary.message_zh


def test_online_suspension_without_face_recognition_is_incomplete() -> None:
    d = check("online_suspension", [])
    assert d.missing == ("face_recognition",)
    assert "materials.no_paper" in d.reason_codes


# -- each single defect ---------------------------------------------------------------------------------


def test_a_copy_of_the_card_in_place_of_the_original_is_a_defect() -> None:
    d = check("offsite_reimbursement", replaced(REIMBURSEMENT, CARD, CARD_COPY))
    assert d.outcome is MaterialsOutcome.INCOMPLETE
    assert defects(d) == [("card_original", 0, "copy_not_original", None)]
    assert d.missing == ()


def test_a_card_copy_of_the_front_only_misses_the_back() -> None:
    d = check(
        "offsite_reimbursement", replaced(REIMBURSEMENT, CARD_COPY, {**CARD_COPY, "sides": "front"})
    )
    assert defects(d) == [("card_copy", 1, "side_missing", "back")]
    reason = next(r for r in d.reasons if r.code == "materials.side_missing")
    assert "shows only the front; the back must be copied too" in reason.message_en


def test_a_card_copy_of_the_back_only_misses_the_front() -> None:
    d = check(
        "offsite_reimbursement", replaced(REIMBURSEMENT, CARD_COPY, {**CARD_COPY, "sides": "back"})
    )
    assert defects(d) == [("card_copy", 1, "side_missing", "front")]


def test_a_card_copy_that_does_not_state_its_sides_is_a_defect() -> None:
    d = check(
        "offsite_reimbursement", replaced(REIMBURSEMENT, CARD_COPY, {**CARD_COPY, "sides": None})
    )
    assert defects(d) == [("card_copy", 1, "sides_not_stated", None)]


def test_an_invoice_copy_is_a_defect() -> None:
    d = check(
        "offsite_reimbursement", replaced(REIMBURSEMENT, INVOICE, {**INVOICE, "form": "copy"})
    )
    assert defects(d) == [("invoice", 2, "copy_not_original", None)]
    reason = next(r for r in d.reasons if r.code == "materials.copy_not_original")
    assert reason.citations == (cite_passage(Instrument.SOURCE_002, "material_invoice"),)


def test_an_invoice_without_the_institutions_seal_is_a_defect() -> None:
    d = check("offsite_reimbursement", replaced(REIMBURSEMENT, INVOICE, {**INVOICE, "seals": []}))
    assert defects(d) == [("invoice", 2, "seal_missing", "medical_institution_seal")]
    reason = next(r for r in d.reasons if r.code == "materials.seal_missing")
    assert reason.message_en == (
        "Hospitalisation invoice, original, with the medical institution's seal: items[2] does not "
        "bear the medical institution's seal, which it must bear."
    )


def test_the_medical_records_seal_does_not_stand_in_for_the_institutions_seal() -> None:
    wrong = {**INVOICE, "seals": ["medical_records_seal"]}
    d = check("offsite_reimbursement", replaced(REIMBURSEMENT, INVOICE, wrong))
    assert defects(d) == [("invoice", 2, "seal_missing", "medical_institution_seal")]


def test_a_diagnosis_proof_without_a_seal_is_a_defect() -> None:
    d = check(
        "offsite_reimbursement", replaced(REIMBURSEMENT, DIAGNOSIS, {**DIAGNOSIS, "seals": []})
    )
    assert defects(d) == [("diagnosis_proof", 4, "seal_missing", "medical_institution_seal")]


def test_a_discharge_summary_with_only_the_institutions_seal_is_a_defect() -> None:
    wrong = {**DISCHARGE, "seals": ["medical_institution_seal"]}
    d = check("offsite_reimbursement", replaced(REIMBURSEMENT, DISCHARGE, wrong))
    assert defects(d) == [("discharge_summary", 6, "seal_missing", "medical_records_seal")]


def test_a_residence_certificate_from_an_employer_is_a_defect() -> None:
    d = check("offsite_filing", [CARD, {**CERTIFICATE, "issuer": "employer"}])
    assert defects(d) == [("residence_proof", 1, "issuer_not_accepted", "employer")]
    reason = next(r for r in d.reasons if r.code == "materials.issuer_not_accepted")
    assert reason.message_en.endswith(
        "must be issued by the local police station, the street office, the neighbourhood "
        "committee or the village committee."
    )


def test_a_residence_certificate_with_no_issuer_stated_is_a_defect() -> None:
    d = check("offsite_filing", [CARD, {"kind": "residence_certificate"}])
    assert defects(d) == [("residence_proof", 1, "issuer_not_accepted", None)]
    assert "a body not stated" in d.reasons[-1].message_en


@pytest.mark.parametrize(
    "issuer", ["police_station", "street_office", "neighbourhood_committee", "village_committee"]
)
def test_each_accepted_issuer_meets_the_residence_item(issuer: str) -> None:
    d = check("offsite_filing", [CARD, {**CERTIFICATE, "issuer": issuer}])
    assert d.outcome is MaterialsOutcome.COMPLETE


def test_a_copy_of_the_residence_certificate_is_a_defect() -> None:
    copy = {**CERTIFICATE, "form": "copy"}
    d = check("offsite_filing", [CARD, copy])
    assert defects(d) == [("residence_proof", 1, "copy_not_original", None)]


def test_a_copy_of_the_identity_card_for_a_card_application_is_a_defect() -> None:
    items = replaced(COMPLETE[Business.CARD_APPLICATION], ID_CARD, {**ID_CARD, "form": "copy"})
    d = check("card_application", items)
    assert defects(d) == [("identity_document", 0, "copy_not_original", None)]


def test_an_expired_identity_card_is_a_defect() -> None:
    expired = {**ID_CARD, "valid_until": DAY - dt.timedelta(days=1)}
    d = check("enrolment", [expired])
    assert defects(d) == [("identity_document", 0, "document_expired", None)]
    reason = next(r for r in d.reasons if r.code == "materials.document_expired")
    assert reason.facts["valid_until"] == "2026-03-01"


def test_an_identity_card_valid_until_the_evaluation_date_is_still_valid() -> None:
    d = check("enrolment", [{**ID_CARD, "valid_until": DAY}])
    assert d.outcome is MaterialsOutcome.COMPLETE


def test_an_invalid_identity_number_is_a_defect_citing_gb_11643() -> None:
    d = check("enrolment", [{**ID_CARD, "number": RIC[:-1] + "1"}])
    assert d.outcome is MaterialsOutcome.INCOMPLETE
    assert defects(d) == [("identity_document", 0, "invalid_id_number", "check_digit")]
    reason = next(r for r in d.reasons if r.code == "materials.id_number_invalid")
    assert cite(Instrument.GB_11643) in reason.citations
    assert cite_passage(Instrument.SOURCE_004, "county_centre") in reason.citations
    assert "the check digit is 1; the first 17 digits give 8" in reason.message_en
    assert "校验码为1，按前17位应为8" in reason.message_zh


def test_a_valid_identity_number_is_reported_with_its_birth_date() -> None:
    d = check("enrolment", [ID_CARD])
    reason = next(r for r in d.reasons if r.code == "materials.id_number_valid")
    assert reason.facts["birth_date"] == "1990-03-07"
    assert cite(Instrument.GB_11643) in reason.citations


def test_an_identity_document_without_a_number_is_not_checked_but_not_refused() -> None:
    d = check("enrolment", [{"kind": "resident_identity_card"}])
    assert d.outcome is MaterialsOutcome.COMPLETE
    assert "materials.id_number_not_checked" in d.reason_codes


# -- an original where a copy is asked for (reading 9) --------------------------------------------------


def test_an_original_discharge_summary_serves_where_a_copy_is_asked_for() -> None:
    original = {**DISCHARGE, "form": "original"}
    d = check("offsite_reimbursement", replaced(REIMBURSEMENT, DISCHARGE, original))
    assert d.outcome is MaterialsOutcome.COMPLETE
    assert "materials.original_for_copy" in d.reason_codes


def test_under_the_alternative_reading_an_original_does_not_serve_for_a_copy() -> None:
    original = {**DISCHARGE, "form": "original"}
    options = MaterialsOptions(original_satisfies_copy=False)
    d = check(
        "offsite_reimbursement", replaced(REIMBURSEMENT, DISCHARGE, original), options=options
    )
    assert defects(d) == [("discharge_summary", 6, "original_not_copy", None)]


def test_the_original_card_alone_does_not_also_stand_for_its_copy() -> None:
    items = [i for i in REIMBURSEMENT if i is not CARD_COPY]
    d = check("offsite_reimbursement", items)
    assert d.missing == ("card_copy",)


def test_two_originals_of_the_card_meet_both_card_items() -> None:
    d = check("offsite_reimbursement", replaced(REIMBURSEMENT, CARD_COPY, CARD))
    assert d.outcome is MaterialsOutcome.COMPLETE


def test_an_original_temporary_residence_permit_serves_for_its_copy() -> None:
    d = check("offsite_filing", [CARD, {"kind": "temporary_residence_permit"}])
    assert d.outcome is MaterialsOutcome.COMPLETE
    assert "materials.original_for_copy" in d.reason_codes


def test_a_copy_where_a_copy_is_asked_for_is_not_reported_as_an_original() -> None:
    d = check("offsite_reimbursement", REIMBURSEMENT)
    assert "materials.original_for_copy" not in d.reason_codes


# -- several defects at once ----------------------------------------------------------------------------


def test_a_copy_of_an_unsealed_invoice_has_two_defects() -> None:
    bad = {"kind": "hospitalisation_invoice", "form": "copy"}
    d = check("offsite_reimbursement", replaced(REIMBURSEMENT, INVOICE, bad))
    assert defects(d) == [
        ("invoice", 2, "copy_not_original", None),
        ("invoice", 2, "seal_missing", "medical_institution_seal"),
    ]
    assert d.defective == ("invoice",)


def test_every_missing_item_and_every_defect_is_listed() -> None:
    items = [
        {**CARD_COPY, "sides": "front"},
        {"kind": "hospitalisation_invoice", "form": "copy"},
        {**DIAGNOSIS, "seals": []},
        ADMISSION,
        {"kind": "discharge_summary", "form": "copy"},
    ]
    d = check("offsite_reimbursement", items)
    assert d.outcome is MaterialsOutcome.INCOMPLETE
    assert d.missing == ("card_original", "summary_list")
    assert d.defective == ("card_copy", "invoice", "diagnosis_proof", "discharge_summary")
    assert defects(d) == [
        ("card_copy", 0, "side_missing", "back"),
        ("invoice", 1, "copy_not_original", None),
        ("invoice", 1, "seal_missing", "medical_institution_seal"),
        ("diagnosis_proof", 2, "seal_missing", "medical_institution_seal"),
        ("discharge_summary", 4, "seal_missing", "medical_records_seal"),
    ]
    codes = d.reason_codes
    for code in ("item_missing", "side_missing", "copy_not_original", "seal_missing"):
        assert f"materials.{code}" in codes
    assert [a.item for a in d.alternatives_used] == ["record_home_page"]


def test_a_copy_of_the_card_showing_one_side_is_the_defective_copy_not_a_defective_original() -> (
    None
):
    d = check("offsite_reimbursement", [{**CARD_COPY, "sides": "front"}])
    assert "card_original" in d.missing
    assert defects(d) == [("card_copy", 0, "side_missing", "back")]


def test_an_expired_card_with_an_invalid_number_has_both_defects() -> None:
    bad = {**ID_CARD, "number": "12345", "valid_until": "2020-01-01"}
    d = check("card_application", replaced(COMPLETE[Business.CARD_APPLICATION], ID_CARD, bad))
    assert [x.kind for x in d.defects] == [
        DefectKind.DOCUMENT_EXPIRED,
        DefectKind.INVALID_ID_NUMBER,
    ]


def test_the_best_of_two_flawed_documents_is_matched_and_the_other_is_not_needed() -> None:
    unsealed = {**INVOICE, "seals": []}
    copy = {"kind": "hospitalisation_invoice", "form": "copy", "seals": []}
    items = [copy, *replaced(REIMBURSEMENT, INVOICE, unsealed)]
    d = check("offsite_reimbursement", items)
    assert defects(d) == [("invoice", 3, "seal_missing", "medical_institution_seal")]
    assert d.not_needed == (0,)


# -- alternatives ---------------------------------------------------------------------------------------


def test_the_record_home_page_meets_the_either_or_item() -> None:
    d = check("offsite_reimbursement", REIMBURSEMENT)
    assert [(a.item, a.kind, a.submitted) for a in d.alternatives_used] == [
        ("record_home_page", ItemKind.MEDICAL_RECORD_HOME_PAGE, 5)
    ]


def test_the_admission_record_meets_the_either_or_item() -> None:
    d = check("offsite_reimbursement", replaced(REIMBURSEMENT, HOME_PAGE, ADMISSION))
    assert d.outcome is MaterialsOutcome.COMPLETE
    assert [(a.item, a.kind) for a in d.alternatives_used] == [
        ("record_home_page", ItemKind.ADMISSION_RECORD)
    ]
    reason = next(r for r in d.reasons if r.code == "materials.alternative_used")
    assert "the admission record (original), one of the alternatives" in reason.message_en


def test_both_alternatives_given_use_the_first_and_leave_the_other_not_needed() -> None:
    d = check("offsite_reimbursement", [*REIMBURSEMENT, ADMISSION])
    assert d.outcome is MaterialsOutcome.COMPLETE
    assert d.not_needed == (7,)
    reason = next(r for r in d.reasons if r.code == "materials.not_needed")
    assert "items[5] is already counted for Home page" in reason.message_en


def test_a_temporary_residence_permit_copy_meets_the_residence_item() -> None:
    d = check("offsite_filing", [CARD, PERMIT_COPY])
    assert [(a.item, a.kind) for a in d.alternatives_used] == [
        ("residence_proof", ItemKind.TEMPORARY_RESIDENCE_PERMIT)
    ]


def test_a_residence_permit_for_hong_kong_residents_is_a_valid_identity_document() -> None:
    permit = {"kind": "hmt_residence_permit", "number": HK}
    items = replaced(COMPLETE[Business.CARD_APPLICATION], ID_CARD, permit)
    d = check("card_application", items)
    assert d.outcome is MaterialsOutcome.COMPLETE
    reason = next(r for r in d.reasons if r.code == "materials.id_number_valid")
    assert "residence permit for Hong Kong residents" in reason.message_en


def test_a_single_alternative_item_reports_no_alternative() -> None:
    d = check("offsite_filing", [CARD, CERTIFICATE])
    assert [a.kind for a in d.alternatives_used] == [ItemKind.RESIDENCE_CERTIFICATE]
    d = check("batch_offsite_filing", COMPLETE[Business.BATCH_OFFSITE_FILING])
    assert d.alternatives_used == ()


# -- extras are not needed, never an error ---------------------------------------------------------------


def test_an_extra_document_is_not_needed_and_does_not_change_the_outcome() -> None:
    d = check("offsite_filing", [CARD, CERTIFICATE, {"kind": "social_security_card"}])
    assert d.outcome is MaterialsOutcome.COMPLETE
    assert d.not_needed == (2,)
    reason = d.reasons[-1]
    assert reason.code == "materials.not_needed"
    assert reason.message_en == (
        "items[2], the social security card, is not needed for off-site treatment filing: it is "
        "not on this checklist. It does no harm."
    )


def test_paper_for_online_suspension_is_not_needed() -> None:
    d = check("online_suspension", [FACE, ID_CARD])
    assert d.outcome is MaterialsOutcome.COMPLETE
    assert d.not_needed == (1,)


# -- agent or self ---------------------------------------------------------------------------------------


def test_enrolment_through_an_agent_needs_both_certificates() -> None:
    d = check("enrolment", [ID_CARD, AGENT_ID], through_agent=True)
    assert d.outcome is MaterialsOutcome.COMPLETE
    assert "materials.agent_both_certificates" in d.reason_codes
    reason = next(r for r in d.reasons if r.code == "materials.agent_both_certificates")
    assert reason.citations == (
        cite_passage(Instrument.SOURCE_004, "agent"),
        cite_passage(Instrument.SOURCE_004, "agent_certificates"),
    )


def test_enrolment_through_an_agent_without_the_agents_certificate_is_incomplete() -> None:
    d = check("enrolment", [ID_CARD], through_agent=True)
    assert d.missing == ("agent_identity_document",)


def test_enrolment_through_an_agent_without_the_insureds_certificate_is_incomplete() -> None:
    d = check("enrolment", [AGENT_ID], through_agent=True)
    assert d.missing == ("identity_document",)


def test_enrolment_in_person_does_not_ask_for_an_agents_certificate() -> None:
    d = check("enrolment", [ID_CARD, AGENT_ID])
    assert d.outcome is MaterialsOutcome.COMPLETE
    assert d.not_needed == (1,)
    status = {r.item: r.status for r in d.items}
    assert status["agent_identity_document"] is ItemStatus.NOT_REQUIRED
    assert "it belongs to the agent" in d.reasons[-1].message_en


def test_the_agents_certificate_does_not_stand_for_the_insureds() -> None:
    d = check("enrolment", [AGENT_ID])
    assert d.missing == ("identity_document",)
    assert d.not_needed == (0,)


def test_the_agents_permit_for_macao_residents_is_accepted() -> None:
    agent = {"kind": "hmt_residence_permit", "holder": "agent", "number": MACAO}
    d = check("enrolment", [ID_CARD, agent], through_agent=True)
    assert d.outcome is MaterialsOutcome.COMPLETE


AGENT_WITH_THE_INSUREDS_NUMBER = {**AGENT_ID, "number": RIC}


def test_an_agents_card_with_the_insured_persons_own_number_is_not_an_agents_certificate() -> None:
    d = check("enrolment", [ID_CARD, AGENT_WITH_THE_INSUREDS_NUMBER], through_agent=True)
    assert d.outcome is MaterialsOutcome.INCOMPLETE
    assert d.missing == ()
    assert d.defective == ("agent_identity_document",)
    assert defects(d) == [("agent_identity_document", 1, "agent_is_the_insured", "items[0]")]
    reason = next(r for r in d.reasons if r.code == "materials.agent_is_the_insured")
    assert reason.message_en == (
        "The agent's valid certificate: the number on items[1], given as the agent's, is the number "
        "on items[0], the insured person's own document. An agent is someone other than the insured "
        "person, so this is not an agent's certificate: give the agent's own valid certificate, or "
        "let the insured person apply in person (through_agent: false)."
    )
    assert reason.message_zh == (
        "代办人有效证件：作为代办人证件提交的items[1]，其号码与参保人本人证件items[0]的号码相同。"
        "代办人是参保人以外的人，该证件不是代办人的证件：请提交代办人本人的有效证件，或由参保人本人"
        "办理（through_agent: false）。"
    )
    assert reason.citations == (
        cite_passage(Instrument.SOURCE_004, "agent"),
        cite_passage(Instrument.SOURCE_004, "agent_certificates"),
    )


def test_an_agents_card_with_another_number_is_the_agents_certificate() -> None:
    d = check("enrolment", [ID_CARD, AGENT_ID], through_agent=True)
    assert d.outcome is MaterialsOutcome.COMPLETE
    assert "materials.agent_is_the_insured" not in d.reason_codes


def test_the_insured_persons_number_is_recognised_however_it_is_written() -> None:
    agent = {**AGENT_ID, "number": f" {RIC_X.lower()} "}
    insured = {**ID_CARD, "number": RIC_X}
    d = check("enrolment", [agent, insured], through_agent=True)
    assert defects(d) == [("agent_identity_document", 0, "agent_is_the_insured", "items[1]")]


def test_an_agents_permit_with_the_insured_persons_card_number_has_both_defects() -> None:
    agent = {"kind": "hmt_residence_permit", "holder": "agent", "number": RIC}
    d = check("enrolment", [ID_CARD, agent], through_agent=True)
    assert defects(d) == [
        ("agent_identity_document", 1, "agent_is_the_insured", "items[0]"),
        ("agent_identity_document", 1, "invalid_id_number", "not_a_permit_number"),
    ]


def test_an_agents_card_is_not_compared_with_an_insured_card_without_a_number() -> None:
    # A documented limitation: without both numbers the check cannot tell who the agent is.
    insured = {"kind": "resident_identity_card"}
    d = check("enrolment", [insured, AGENT_WITH_THE_INSUREDS_NUMBER], through_agent=True)
    assert d.outcome is MaterialsOutcome.COMPLETE


def test_in_person_a_card_given_as_an_agents_with_the_insureds_number_is_only_not_needed() -> None:
    d = check("enrolment", [ID_CARD, AGENT_WITH_THE_INSUREDS_NUMBER])
    assert d.outcome is MaterialsOutcome.COMPLETE
    assert d.not_needed == (1,)
    assert d.defects == ()


def test_of_two_agents_cards_the_agents_own_is_matched_even_expired() -> None:
    own_expired = {**AGENT_ID, "valid_until": "2026-03-01"}
    d = check(
        "enrolment", [ID_CARD, AGENT_WITH_THE_INSUREDS_NUMBER, own_expired], through_agent=True
    )
    assert defects(d) == [("agent_identity_document", 2, "document_expired", None)]
    assert d.not_needed == (1,)


def test_the_agents_own_card_is_preferred_to_one_with_the_insureds_number() -> None:
    d = check("enrolment", [ID_CARD, AGENT_WITH_THE_INSUREDS_NUMBER, AGENT_ID], through_agent=True)
    assert d.outcome is MaterialsOutcome.COMPLETE
    assert d.not_needed == (1,)


def test_online_suspension_through_an_agent_is_incomplete() -> None:
    d = check("online_suspension", [FACE], through_agent=True)
    assert d.outcome is MaterialsOutcome.INCOMPLETE
    assert d.agent_not_permitted is True
    assert d.reason_codes[:2] == (
        "materials.incomplete_agent_not_permitted",
        "materials.agent_not_permitted",
    )
    assert d.reasons[1].citations == (cite_passage(Instrument.SOURCE_000, "no_agent"),)


def test_an_agents_face_recognition_does_not_meet_the_suspension_item() -> None:
    d = check("online_suspension", [{**FACE, "holder": "agent"}])
    assert d.missing == ("face_recognition",)


def test_an_agent_where_the_source_is_silent_brings_the_insureds_materials() -> None:
    d = check("card_application", COMPLETE[Business.CARD_APPLICATION], through_agent=True)
    assert d.outcome is MaterialsOutcome.COMPLETE
    assert "materials.agent_not_addressed" in d.reason_codes


# -- hedged items ----------------------------------------------------------------------------------------


def test_online_cancellation_asks_for_identification_by_default() -> None:
    d = check("online_cancellation", [])
    assert d.missing == ("identity_document",)
    assert "materials.hedged_item_required" in d.reason_codes


def test_under_the_alternative_reading_online_cancellation_needs_nothing() -> None:
    options = MaterialsOptions(hedged_items_required=False)
    d = check("online_cancellation", [], options=options)
    assert d.outcome is MaterialsOutcome.COMPLETE
    assert "materials.hedged_item_not_required" in d.reason_codes
    d = check("online_cancellation", COMPLETE[Business.ONLINE_CANCELLATION], options=options)
    assert d.not_needed == (0,)


# -- identity numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [RIC, RIC_X, RIC_X.lower(), "440103199912310018"])
def test_valid_resident_identity_card_numbers(number: str) -> None:
    result = check_id_number(number, on=DAY)
    assert result.valid
    assert result.document is IdDocument.RESIDENT_IDENTITY_CARD


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        (RIC[:-1], IdProblem.LENGTH),
        (RIC + "0", IdProblem.LENGTH),
        ("", IdProblem.LENGTH),
        ("4401061990030700A8", IdProblem.FORMAT),
        ("44010619900307002Y", IdProblem.FORMAT),
        ("440106 99003070028", IdProblem.FORMAT),
        (RIC[:-1] + "X", IdProblem.CHECK_DIGIT),
        ("440106199002300012", IdProblem.BIRTH_DATE),
        ("440106203001010012", IdProblem.BIRTH_DATE_AFTER_EVALUATION),
        ("110105000101010017", IdProblem.BIRTH_DATE_TOO_EARLY),
        ("110105180001010010", IdProblem.BIRTH_DATE_TOO_EARLY),
        ("440106189912310018", IdProblem.BIRTH_DATE_TOO_EARLY),
        ("990000199001010017", IdProblem.ADDRESS_CODE),
        (HK, IdProblem.PERMIT_NUMBER_ON_IDENTITY_CARD),
    ],
)
def test_invalid_resident_identity_card_numbers(number: str, problem: IdProblem) -> None:
    result = check_id_number(number, on=DAY)
    assert not result.valid
    assert result.problem is problem
    assert result.problem_en
    assert result.problem_zh


def test_a_birth_date_on_the_evaluation_date_is_valid() -> None:
    assert check_id_number("440106203001010012", on=dt.date(2030, 1, 1)).valid


BORN_ON_DAY = "440106202603020010"  # born on DAY, 2026-03-02
BORN_AFTER_DAY = "440106202603030016"  # born the day after


def test_materials_checked_on_the_holders_birth_date_are_complete() -> None:
    assert check_id_number(BORN_ON_DAY).birth_date == DAY
    d = check("enrolment", [{**ID_CARD, "number": BORN_ON_DAY}])
    assert d.outcome is MaterialsOutcome.COMPLETE


def test_materials_checked_the_day_before_the_holders_birth_are_a_defect_not_a_refusal() -> None:
    d = check("enrolment", [{**ID_CARD, "number": BORN_AFTER_DAY}, {"kind": "photo"}])
    assert d.outcome is MaterialsOutcome.INCOMPLETE
    assert defects(d) == [
        ("identity_document", 0, "invalid_id_number", "birth_date_after_evaluation")
    ]
    assert d.not_needed == (1,)  # the rest of the decision stands
    reason = next(r for r in d.reasons if r.code == "materials.id_number_invalid")
    assert "the birth date 2026-03-03 is after 2026-03-02" in reason.message_en


def test_an_evaluation_date_before_a_documents_expiry_is_not_before_the_facts() -> None:
    d = check("enrolment", [{**ID_CARD, "valid_until": "2046-03-02"}], evaluation_date="2000-01-01")
    assert d.outcome is MaterialsOutcome.COMPLETE


def test_a_birth_date_on_the_earliest_birth_date_is_valid() -> None:
    result = check_id_number("440106190001010012", on=DAY)
    assert dt.date(1900, 1, 1) == EARLIEST_BIRTH_DATE
    assert result.valid
    assert result.birth_date == EARLIEST_BIRTH_DATE


def test_a_birth_date_the_day_before_the_earliest_is_too_early_and_says_so() -> None:
    result = check_id_number("440106189912310018", on=DAY)
    assert result.problem is IdProblem.BIRTH_DATE_TOO_EARLY
    assert result.birth_date == dt.date(1899, 12, 31)
    assert result.problem_en == (
        "the birth date 1899-12-31 is before 1900-01-01, the earliest birth date this check accepts"
    )
    assert result.problem_zh == "出生日期1899-12-31早于本核验可接受的最早出生日期1900-01-01"


def test_a_birth_date_before_the_earliest_is_too_early_whatever_the_evaluation_date() -> None:
    for on in (None, dt.date(1850, 1, 1), dt.date(9999, 12, 31)):
        assert check_id_number("110105180001010010", on=on).problem is (
            IdProblem.BIRTH_DATE_TOO_EARLY
        )


def test_a_permit_number_born_before_1900_is_too_early() -> None:
    number = "81000018991231001" + ric.calc_check_digit("810000189912310010")
    result = check_id_number(number, kind=ItemKind.HMT_RESIDENCE_PERMIT, on=DAY)
    assert result.problem is IdProblem.BIRTH_DATE_TOO_EARLY


@pytest.mark.parametrize("number", ["110105000101010017", "110105180001010010"])
def test_a_number_born_in_year_1_or_1800_does_not_complete_the_materials(number: str) -> None:
    d = check("enrolment", [{**ID_CARD, "number": number}])
    assert d.outcome is MaterialsOutcome.INCOMPLETE
    assert defects(d) == [("identity_document", 0, "invalid_id_number", "birth_date_too_early")]
    reason = next(r for r in d.reasons if r.code == "materials.id_number_invalid")
    assert "items[0]" in reason.message_en
    assert "before 1900-01-01" in reason.message_en


@pytest.mark.parametrize(
    ("number", "document"),
    [
        (HK, IdDocument.HONG_KONG_RESIDENCE_PERMIT),
        (MACAO, IdDocument.MACAO_RESIDENCE_PERMIT),
        (TAIWAN, IdDocument.TAIWAN_RESIDENCE_PERMIT),
    ],
)
def test_residence_permit_numbers_are_recognised_by_prefix(
    number: str, document: IdDocument
) -> None:
    result = check_id_number(number, kind=ItemKind.HMT_RESIDENCE_PERMIT, on=DAY)
    assert result.valid
    assert result.document is document


def test_a_permit_number_with_a_wrong_check_digit_is_invalid() -> None:
    result = check_id_number(HK[:-1] + "2", kind=ItemKind.HMT_RESIDENCE_PERMIT)
    assert result.problem is IdProblem.CHECK_DIGIT


def test_a_mainland_number_on_a_residence_permit_is_invalid() -> None:
    result = check_id_number(RIC, kind=ItemKind.HMT_RESIDENCE_PERMIT)
    assert result.problem is IdProblem.NOT_A_PERMIT_NUMBER


def test_a_permit_number_on_an_identity_card_is_a_defect_in_the_decision() -> None:
    d = check("enrolment", [{**ID_CARD, "number": TAIWAN}])
    assert defects(d) == [
        ("identity_document", 0, "invalid_id_number", "permit_number_on_identity_card")
    ]


COUNTY = AddressCodeCheck.COUNTY_AT_BIRTH


def test_a_district_created_after_the_birth_year_is_valid_under_either_address_check() -> None:
    # Tianhe district (440106) was created in 1985; people born earlier carry its code, issued
    # after their birth while the code was in use.
    number = "440106198001010019"
    assert check_id_number(number, on=DAY).valid
    assert check_id_number(number, on=DAY, address_check=COUNTY).valid


# Zengcheng city (440183) is last listed in 2013 (in use into 2014); Zengcheng district (440118)
# is first listed in 2014.
ZENGCHENG_CITY_BORN_2014 = "440183201401010015"
ZENGCHENG_CITY_BORN_2015 = "440183201501010012"
ZENGCHENG_DISTRICT_BORN_1990 = "440118199001010019"


def test_a_code_in_use_in_the_birth_year_is_valid_under_the_county_check() -> None:
    assert check_id_number(ZENGCHENG_CITY_BORN_2014, on=DAY, address_check=COUNTY).valid


def test_a_code_abolished_before_the_birth_year_is_refused_by_the_county_check_only() -> None:
    strict = check_id_number(ZENGCHENG_CITY_BORN_2015, on=DAY, address_check=COUNTY)
    assert strict.problem is IdProblem.ADDRESS_CODE
    assert check_id_number(ZENGCHENG_CITY_BORN_2015, on=DAY).valid


def test_a_code_created_in_the_evaluation_year_is_valid_under_the_county_check() -> None:
    on = dt.date(2014, 1, 1)
    assert check_id_number(ZENGCHENG_DISTRICT_BORN_1990, on=on, address_check=COUNTY).valid


def test_a_code_created_after_the_evaluation_year_is_refused_by_the_county_check() -> None:
    on = dt.date(2013, 12, 31)
    strict = check_id_number(ZENGCHENG_DISTRICT_BORN_1990, on=on, address_check=COUNTY)
    assert strict.problem is IdProblem.ADDRESS_CODE
    assert check_id_number(ZENGCHENG_DISTRICT_BORN_1990, on=on).valid


def test_without_an_evaluation_date_the_county_check_reaches_the_last_list() -> None:
    assert check_id_number(ZENGCHENG_DISTRICT_BORN_1990, address_check=COUNTY).valid
    strict = check_id_number(ZENGCHENG_CITY_BORN_2015, address_check=COUNTY)
    assert strict.problem_en is not None
    assert "between the birth year 2015 and 2024" in strict.problem_en


def test_before_the_first_list_the_first_list_stands() -> None:
    # Dongcheng district (110101) is in the first list, of 1981; a check in 1980 uses it.
    number = "110101197501010012"
    assert check_id_number(number, on=dt.date(1980, 6, 1), address_check=COUNTY).valid


def test_a_code_in_no_list_passes_the_province_check_only() -> None:
    number = "449999199001010019"  # 44 is Guangdong; 449999 is in no list
    assert check_id_number(number, on=DAY).valid
    assert check_id_number(number, on=DAY, address_check=COUNTY).problem is IdProblem.ADDRESS_CODE


def test_a_province_in_no_list_fails_both_checks() -> None:
    for address_check in AddressCodeCheck:
        result = check_id_number("990000199001010017", on=DAY, address_check=address_check)
        assert result.problem is IdProblem.ADDRESS_CODE


def test_the_county_address_check_is_an_option_of_the_decision() -> None:
    options = MaterialsOptions(address_code_check=COUNTY)
    d = check("enrolment", [{**ID_CARD, "number": ZENGCHENG_CITY_BORN_2015}], options=options)
    assert defects(d) == [("identity_document", 0, "invalid_id_number", "address_code")]
    assert check("enrolment", [{**ID_CARD, "number": ZENGCHENG_CITY_BORN_2015}]).defects == ()


def test_check_id_number_refuses_a_kind_that_is_not_an_identity_document() -> None:
    with pytest.raises(ValueError, match="kind"):
        check_id_number(RIC, kind=ItemKind.PHOTO)


# -- input validation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"business": "passport_renewal"}, "business"),
        ({"items": [{"kind": "fax"}]}, "kind"),
        ({"items": [{"kind": "photo", "sides": "front"}]}, "sides"),
        ({"items": [{"kind": "photo", "number": RIC}]}, "number"),
        ({"items": [{"kind": "photo", "valid_until": "2030-01-01"}]}, "valid_until"),
        ({"items": [{"kind": "face_recognition", "form": "copy"}]}, "form"),
        ({"items": [{"kind": "face_recognition", "seals": ["medical_institution_seal"]}]}, "seals"),
        ({"items": [{"kind": "resident_identity_card", "number": "1" * 41}]}, "number"),
        ({"jurisdiction": "CN"}, "jurisdiction"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_malformed_input_is_refused_naming_the_field(data: dict[str, Any], field: str) -> None:
    base = {"business": "offsite_reimbursement", "evaluation_date": "2026-03-02"}
    with pytest.raises(ValidationError) as caught:
        MaterialsCase.model_validate({**base, **data})
    assert field in str(caught.value)


@pytest.mark.parametrize(
    ("data", "loc"),
    [
        ({"items": [{"kind": "medical_insurance_card", "sides": "front"}]}, ("items", 0, "sides")),
        ({"items": [CARD, {"kind": "photo", "number": RIC}]}, ("items", 1, "number")),
        ({"items": [{"kind": "photo", "valid_until": "2030-01-01"}]}, ("items", 0, "valid_until")),
        ({"items": [{"kind": "face_recognition", "form": "copy"}]}, ("items", 0, "form")),
        (
            {"items": [{"kind": "face_recognition", "seals": ["medical_institution_seal"]}]},
            ("items", 0, "seals"),
        ),
        ({"items": [{"kind": "face_recognition", "issuer": "other"}]}, ("items", 0, "issuer")),
        ({"items": [{"kind": "resident_identity_card", "number": "  "}]}, ("items", 0, "number")),
        ({"jurisdiction": "CN"}, ("jurisdiction",)),
    ],
)
def test_a_contradiction_between_fields_is_refused_at_the_later_field(
    data: dict[str, Any], loc: tuple[str | int, ...]
) -> None:
    base = {"business": "offsite_reimbursement", "evaluation_date": "2026-03-02"}
    with pytest.raises(ValidationError) as caught:
        MaterialsCase.model_validate({**base, **data})
    [error] = caught.value.errors()
    assert error["loc"] == loc
    assert error["msg"].startswith(f"Value error, {loc[-1]}: ")


def test_a_blank_identity_number_is_refused_but_surrounding_blanks_are_not() -> None:
    with pytest.raises(ValidationError, match="number: blank"):
        check("enrolment", [{"kind": "resident_identity_card", "number": " \t "}])
    padded = check("enrolment", [{"kind": "resident_identity_card", "number": f" {RIC} "}])
    assert padded.outcome is MaterialsOutcome.COMPLETE


def test_the_default_jurisdiction_is_checked_against_the_checklist_too() -> None:
    fields = MaterialsCase.model_fields["jurisdiction"]
    assert fields.default is Jurisdiction.GUANGZHOU
    assert fields.validate_default


def test_a_guangzhou_checklist_does_not_apply_to_guangdong_as_a_whole() -> None:
    with pytest.raises(ValidationError, match="encoded for 440100"):
        MaterialsCase(business="offsite_filing", evaluation_date=DAY, jurisdiction="440000")
    case = MaterialsCase(business="card_application", evaluation_date=DAY, jurisdiction="CN")
    assert case.jurisdiction is Jurisdiction.NATIONAL


def test_seals_are_kept_once_each_and_in_order() -> None:
    case = MaterialsCase.model_validate(
        {
            "business": "offsite_reimbursement",
            "evaluation_date": DAY,
            "items": [
                {
                    "kind": "diagnosis_proof",
                    "seals": ["medical_records_seal"] * 2 + ["medical_institution_seal"],
                }
            ],
        }
    )
    assert [s.value for s in case.items[0].seals] == [
        "medical_institution_seal",
        "medical_records_seal",
    ]


# -- the catalogue, reasons and JSON ---------------------------------------------------------------------


def test_the_rule_is_in_the_catalogue() -> None:
    assert [r.name for r in RULES] == ["materials.check_materials"]
    spec = get_rule("materials.check_materials")
    d = evaluate(spec.name, {"business": "batch_offsite_filing", "evaluation_date": "2026-03-02"})
    assert d.outcome is MaterialsOutcome.INCOMPLETE


def test_every_reason_code_is_unique_and_registered() -> None:
    codes = [r.code for r in REASONS]
    assert len(codes) == len(set(codes))
    assert all(code.startswith("materials.") for code in codes)
    known = all_reasons()
    assert all(known[r.code] == r for r in REASONS)


def test_every_reason_code_is_reached() -> None:
    decisions = [check(b, items) for b, items in COMPLETE.items()] + [
        check(
            "offsite_reimbursement",
            [
                {**CARD_COPY, "sides": "front"},
                {**CARD_COPY, "sides": None},
                {"kind": "hospitalisation_invoice", "form": "copy"},
                ADMISSION,
                {**DISCHARGE, "form": "original"},
                {"kind": "other"},
            ],
        ),
        check(
            "offsite_reimbursement",
            [{**DISCHARGE, "form": "original"}],
            options=MaterialsOptions(original_satisfies_copy=False),
        ),
        check("offsite_filing", [{"kind": "residence_certificate", "issuer": "other"}]),
        check("offsite_reimbursement", [CARD, {**CARD_COPY, "sides": "back"}]),
        check(
            "enrolment",
            [{**ID_CARD, "valid_until": "2020-01-01", "number": "1"}],
            through_agent=True,
        ),
        check("enrolment", [{"kind": "resident_identity_card"}]),
        check("enrolment", [ID_CARD, AGENT_WITH_THE_INSUREDS_NUMBER], through_agent=True),
        check("online_suspension", [FACE], through_agent=True),
        check("card_application", [], through_agent=True),
        check("online_cancellation", [], options=MaterialsOptions(hedged_items_required=False)),
    ]
    reached = {code for d in decisions for code in d.reason_codes}
    assert reached == {r.code for r in REASONS}


def test_every_reason_is_bilingual_and_cited() -> None:
    d = check(
        "offsite_reimbursement",
        [{"kind": "hospitalisation_invoice", "form": "copy"}, {"kind": "photo"}],
    )
    for reason in d.reasons:
        assert reason.message_en
        assert reason.message_zh
        assert reason.citations
        assert "{" not in reason.message_en + reason.message_zh


def test_a_decision_round_trips_through_json() -> None:
    d = check(
        "offsite_reimbursement", [{**CARD_COPY, "sides": "front"}, ADMISSION, {"kind": "other"}]
    )
    again = MaterialsDecision.model_validate_json(d.model_dump_json())
    assert again == d
    assert hash(again) == hash(d)


def test_the_decision_explains_itself_in_both_languages() -> None:
    d = check("online_suspension", [FACE])
    assert d.explain().splitlines()[0] == "materials.check_materials: complete"
    assert "参保人本人人脸识别" in d.explain("zh")


def test_the_address_check_and_the_kind_may_be_given_by_value_and_choose_the_same_check() -> None:
    by_value = check_id_number(ZENGCHENG_CITY_BORN_2015, on=DAY, address_check="county_at_birth")
    assert by_value == check_id_number(ZENGCHENG_CITY_BORN_2015, on=DAY, address_check=COUNTY)
    assert by_value.problem is IdProblem.ADDRESS_CODE
    permit = check_id_number(HK, kind="hmt_residence_permit", on=DAY)
    assert permit == check_id_number(HK, kind=ItemKind.HMT_RESIDENCE_PERMIT, on=DAY)
    assert permit.valid


def test_an_unknown_address_check_is_refused_naming_it() -> None:
    with pytest.raises(
        ValueError, match="^address_check: expected one of province, county_at_birth"
    ):
        check_id_number(RIC, address_check="county")
