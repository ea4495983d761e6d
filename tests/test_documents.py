"""One document vocabulary: the residence rule and the materials checklists read the same proof of
residence, and the checklists' identity items the same valid certificate."""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib import resources
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import medins_rules
from medins_rules.processes import offsite_filing
from medins_rules.processes.enrolment import EnrolmentCase, enrolment
from medins_rules.processes.materials import (
    Business,
    ChecklistDataError,
    ItemKind,
    ItemStatus,
    MaterialsCase,
    check_materials,
    checklist,
    checklists,
    load_checklists,
)
from medins_rules.processes.materials import vocabulary as materials_vocabulary
from medins_rules.processes.offsite_filing import (
    ResidenceCase,
    ResidenceOutcome,
    offsite_filing_residence,
)
from medins_rules.testing.strategies.materials import (
    complete_submissions,
    materials_cases,
    submissions_missing_one_item,
    submissions_with_one_defect,
)
from medins_rules.vocab import documents
from medins_rules.vocab.documents import (
    IDENTITY_DOCUMENTS,
    PROOF_DOCUMENTS,
    REQUIREMENTS,
    RESIDENCE_CERTIFICATES,
    RESIDENCE_PROOF,
    VALID_CERTIFICATE,
    DocumentKind,
    Form,
    FormRequirement,
    Issuer,
    ResidenceProof,
    residence_proof_of,
)

DAY = dt.date(2026, 3, 2)

# -- one residence proof -------------------------------------------------------------------------------


def test_the_residence_proof_is_one_enum_wherever_it_is_imported_from() -> None:
    assert offsite_filing.ResidenceProof is ResidenceProof
    assert medins_rules.ResidenceProof is ResidenceProof
    assert offsite_filing.CERTIFICATES is RESIDENCE_CERTIFICATES


def test_the_residence_proof_keeps_its_values() -> None:
    assert [p.value for p in ResidenceProof] == [
        "police_station_certificate",
        "street_office_certificate",
        "neighbourhood_or_village_committee_certificate",
        "temporary_residence_permit_copy",
        "other",
    ]


def test_every_proof_but_other_is_a_document_and_three_are_certificates() -> None:
    assert set(PROOF_DOCUMENTS) == set(ResidenceProof) - {ResidenceProof.OTHER}
    assert set(RESIDENCE_CERTIFICATES) == {
        ResidenceProof.POLICE_STATION_CERTIFICATE,
        ResidenceProof.STREET_OFFICE_CERTIFICATE,
        ResidenceProof.COMMITTEE_CERTIFICATE,
    }
    assert all(PROOF_DOCUMENTS[p].form is FormRequirement.ORIGINAL for p in RESIDENCE_CERTIFICATES)


def test_the_residence_proof_accepts_the_certificate_from_four_issuers_or_the_permit_copy() -> None:
    certificate, permit = RESIDENCE_PROOF
    assert (certificate.kind, certificate.form) == (
        DocumentKind.RESIDENCE_CERTIFICATE,
        FormRequirement.ORIGINAL,
    )
    assert certificate.issuers == (
        Issuer.POLICE_STATION,
        Issuer.STREET_OFFICE,
        Issuer.NEIGHBOURHOOD_COMMITTEE,
        Issuer.VILLAGE_COMMITTEE,
    )
    assert (permit.kind, permit.form, permit.issuers) == (
        DocumentKind.TEMPORARY_RESIDENCE_PERMIT,
        FormRequirement.COPY,
        (),
    )


def test_the_filing_checklist_draws_its_residence_proof_from_the_shared_definition() -> None:
    item = checklist("offsite_filing").item("residence_proof")
    assert item.accepts_from == "residence_proof"
    assert item.source.passage == "residence_proof"
    assert [(a.kind, a.form, a.issuers, a.holder) for a in item.accepts] == [
        (d.kind, d.form, d.issuers, None) for d in RESIDENCE_PROOF
    ]


@pytest.mark.parametrize(
    ("kind", "issuer", "proof"),
    [
        ("residence_certificate", "police_station", "police_station_certificate"),
        ("residence_certificate", "street_office", "street_office_certificate"),
        (
            "residence_certificate",
            "neighbourhood_committee",
            "neighbourhood_or_village_committee_certificate",
        ),
        (
            "residence_certificate",
            "village_committee",
            "neighbourhood_or_village_committee_certificate",
        ),
        ("residence_certificate", "employer", "other"),
        ("residence_certificate", None, "other"),
        ("temporary_residence_permit", None, "temporary_residence_permit_copy"),
        ("temporary_residence_permit", "police_station", "temporary_residence_permit_copy"),
        ("household_register", None, "other"),
        ("household_register", "police_station", "other"),
    ],
)
def test_a_document_reads_back_as_the_proof_it_is(
    kind: str, issuer: str | None, proof: str
) -> None:
    given_issuer = Issuer(issuer) if issuer else None
    assert residence_proof_of(DocumentKind(kind), given_issuer) is ResidenceProof(proof)


def test_each_proof_reads_back_as_itself_from_its_document() -> None:
    for proof, document in PROOF_DOCUMENTS.items():
        for issuer in document.issuers or (None,):
            assert residence_proof_of(document.kind, issuer) is proof


def _materials_accept(kind: DocumentKind, issuer: Issuer | None, form: Form) -> bool:
    item: dict[str, Any] = {"kind": kind, "form": form}
    if issuer is not None and kind not in documents.NOT_PAPER:
        item["issuer"] = issuer
    case = MaterialsCase(
        business="offsite_filing",
        evaluation_date=DAY,
        items=[{"kind": "medical_insurance_card"}, item],
    )
    (result,) = [r for r in check_materials(case).items if r.item == "residence_proof"]
    return result.status is ItemStatus.SATISFIED


def _residence_rule_accepts(kind: DocumentKind, issuer: Issuer | None, form: Form) -> bool:
    case = ResidenceCase(
        proof=residence_proof_of(kind, issuer),
        residence_start=dt.date(2020, 1, 1),
        certificate_is_original=form is Form.ORIGINAL,
        evaluation_date=DAY,
    )
    return offsite_filing_residence(case).outcome is ResidenceOutcome.MEETS


def test_the_checklist_and_the_residence_rule_accept_the_same_documents() -> None:
    # Every paper kind, issuer (or none) and form. Six months of residence are met, so the proof
    # alone decides: the checklist's residence item is satisfied exactly when the residence rule
    # accepts the document as proof.
    accepted = set()
    for kind in sorted(set(DocumentKind) - documents.NOT_PAPER - IDENTITY_DOCUMENTS):
        for issuer in (None, *Issuer):
            for form in Form:
                materials = _materials_accept(kind, issuer, form)
                assert materials == _residence_rule_accepts(kind, issuer, form), (kind, issuer)
                if materials:
                    accepted.add((kind.value, issuer and issuer.value, form.value))
    certificates = {
        ("residence_certificate", issuer, "original")
        for issuer in (
            "police_station",
            "street_office",
            "neighbourhood_committee",
            "village_committee",
        )
    }
    permits = {
        ("temporary_residence_permit", issuer and issuer.value, form.value)
        for issuer in (None, *Issuer)
        for form in Form
    }
    assert accepted == certificates | permits


# -- one valid certificate -----------------------------------------------------------------------------


def test_the_valid_certificate_is_an_identity_document_in_any_form() -> None:
    assert {d.kind for d in VALID_CERTIFICATE} == IDENTITY_DOCUMENTS
    assert {d.form for d in VALID_CERTIFICATE} == {FormRequirement.ANY}
    assert set(REQUIREMENTS) == {"residence_proof", "valid_certificate"}


def test_every_identity_item_of_the_checklists_draws_from_the_valid_certificate() -> None:
    items = [
        (c.business.value, i)
        for c in checklists()
        for i in c.items
        if any(a.kind in IDENTITY_DOCUMENTS for a in i.accepts)
    ]
    assert [(b, i.id) for b, i in items] == [
        ("card_application", "identity_document"),
        ("enrolment", "identity_document"),
        ("enrolment", "agent_identity_document"),
        ("online_cancellation", "identity_document"),
    ]
    for _, item in items:
        assert item.accepts_from == "valid_certificate"
        assert {a.kind for a in item.accepts} == IDENTITY_DOCUMENTS


def test_the_materials_vocabulary_is_the_shared_one() -> None:
    assert ItemKind is DocumentKind
    assert materials_vocabulary.IDENTITY_KINDS is IDENTITY_DOCUMENTS
    for name in ("Form", "FormRequirement", "Sides", "Seal", "Issuer", "Holder", "NOT_PAPER"):
        assert getattr(materials_vocabulary, name) is getattr(documents, name), name


# -- accepts_from in the checklist data ----------------------------------------------------------------


def _raw() -> dict[str, Any]:
    text = resources.files("medins_rules").joinpath("data/checklists.toml").read_text("utf-8")
    return tomllib.loads(text)


def _filing_item(raw: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = raw["checklists"]["offsite_filing"]["items"][1]
    assert item["id"] == "residence_proof"
    return item


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"accepts_from": {"requirement": "passport"}},
            r"offsite_filing\.items\[1\]\.accepts_from: requirement 'passport' is not one of "
            r"residence_proof, valid_certificate",
        ),
        (
            {"accepts_from": "residence_proof"},
            r"offsite_filing\.items\[1\]\.accepts_from: expected \{requirement",
        ),
        (
            {"accepts_from": {"requirement": "residence_proof", "issuer": "police_station"}},
            r"offsite_filing\.items\[1\]\.accepts_from: expected \{requirement",
        ),
        (
            {"accepts_from": {"requirement": "residence_proof", "form": "any"}},
            r"accepts_from: form: requirement 'residence_proof' fixes the form of "
            r"residence_certificate \(original\)",
        ),
        (
            {"accepts": [{"kind": "residence_certificate", "form": "original"}]},
            r"offsite_filing\.items\[1\]\.accepts_from: give accepts or accepts_from, not both",
        ),
        (
            {"accepts_from": {"requirement": "valid_certificate", "holder": "neighbour"}},
            "holder",
        ),
    ],
)
def test_a_bad_accepts_from_is_refused_at_load(change: dict[str, Any], message: str) -> None:
    raw = _raw()
    _filing_item(raw).update(change)
    with pytest.raises(ChecklistDataError, match=message):
        load_checklists(raw)


def test_accepts_from_gives_each_alternative_the_holder_and_the_open_form() -> None:
    raw = _raw()
    _filing_item(raw)["accepts_from"] = {
        "requirement": "valid_certificate",
        "form": "copy",
        "holder": "agent",
    }
    item = (
        load_checklists(raw)
        .checklists[materials_vocabulary.Business.OFFSITE_FILING]
        .item("residence_proof")
    )
    assert [(a.kind.value, a.form.value, a.holder) for a in item.accepts] == [
        ("resident_identity_card", "copy", materials_vocabulary.Holder.AGENT),
        ("hmt_residence_permit", "copy", materials_vocabulary.Holder.AGENT),
    ]
    assert item.accepts_from == "valid_certificate"


# -- the enrolment rule's certificates are the materials check's identity items -------------------------

_ENROLMENT_MATERIALS = st.one_of(
    complete_submissions(Business.ENROLMENT).map(lambda s: s.case),
    submissions_missing_one_item(Business.ENROLMENT).map(lambda s: s[0]),
    submissions_with_one_defect(Business.ENROLMENT).map(lambda s: s[0]),
    materials_cases(Business.ENROLMENT),
)


@settings(max_examples=150)
@given(_ENROLMENT_MATERIALS)
def test_the_enrolment_certificates_are_what_the_materials_check_finds(case: MaterialsCase) -> None:
    # The reading of docs/interpretive-choices.md ("One certificate vocabulary"): a holder's
    # certificate is valid for the enrolment rule exactly when the materials check's enrolment item
    # for that holder is satisfied. Passed so, the enrolment rule refuses for a certificate exactly
    # when the materials check finds that item missing or defective.
    status = {r.item: r.status for r in check_materials(case).items}
    insured = status["identity_document"] is ItemStatus.SATISFIED
    agent = status["agent_identity_document"] is ItemStatus.SATISFIED
    enrolment_case = EnrolmentCase(
        channel="county_centre",
        application_date=case.evaluation_date,
        applicant="agent" if case.through_agent else "insured_person",
        insured_certificate_valid=insured,
        agent_certificate_valid=agent if case.through_agent else None,
        scheme="urban_rural_resident",
        meets_scheme_conditions=True,
        premium_payer="self",
        evaluation_date=case.evaluation_date,
    )
    codes = set(enrolment(enrolment_case).reason_codes)
    assert ("enrolment.insured_certificate_missing" in codes) == (
        status["identity_document"] in (ItemStatus.MISSING, ItemStatus.DEFECTIVE)
    )
    assert ("enrolment.agent_certificate_missing" in codes) == (
        status["agent_identity_document"] in (ItemStatus.MISSING, ItemStatus.DEFECTIVE)
    )
    assert (status["agent_identity_document"] is ItemStatus.NOT_REQUIRED) == (
        not case.through_agent
    )
