"""Hypothesis strategies for the journeys' situations, drawn from the rules' own strategies.

Each journey's situation is built from the cases the rule strategies draw (so it sits on the same
boundaries: last days, holidays, days not yet known, duplicate payments, the reform's birth
months...), with the facts only the journey has (materials at hand, an off-site filing not known)
drawn beside them. :func:`situations` draws any journey's.

>>> from hypothesis import given, settings
>>> from medins_rules import plan
>>> @settings(max_examples=10)
... @given(situations())
... def test_every_step_names_its_rule(situation):
...     assert all(step.rule for step in plan(situation).steps)
>>> test_every_step_names_its_rule()
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st
from pydantic import ValidationError

from medins_rules.core.model import Jurisdiction
from medins_rules.journeys.card import CardSituation
from medins_rules.journeys.enrolment import EnrolmentSituation
from medins_rules.journeys.offsite_reimbursement import (
    OffsiteReimbursementSituation,
    ResidenceFacts,
)
from medins_rules.journeys.retirement import RetirementSituation
from medins_rules.journeys.suspension_refund import SuspensionRefundSituation
from medins_rules.processes.enrolment import EnrolmentApplicant, PremiumPayer
from medins_rules.processes.materials import Business, SubmittedItem
from medins_rules.processes.reimbursement import OffsiteFiling
from medins_rules.testing.strategies.deadlines import (
    reimbursement_filing_cases,
    residence_cases,
)
from medins_rules.testing.strategies.eligibility import (
    card_application_cases,
    enrolment_cases,
    online_suspension_cases,
    retirement_cases,
)
from medins_rules.testing.strategies.materials import complete_submissions, materials_cases
from medins_rules.testing.strategies.refunds import refund_cases
from medins_rules.vocab.schemes import Scheme

__all__ = [
    "card_situations",
    "enrolment_situations",
    "offsite_reimbursement_situations",
    "retirement_situations",
    "situations",
    "suspension_refund_situations",
]


def _items(draw: st.DrawFn, business: Business) -> tuple[SubmittedItem, ...]:
    """What a person has at hand for ``business``: any items, or a complete submission."""
    if draw(st.booleans()):
        return draw(complete_submissions(business, extras=False)).case.items
    return draw(materials_cases(business)).items


@st.composite
def offsite_reimbursement_situations(draw: st.DrawFn) -> OffsiteReimbursementSituation:
    """A paid treatment: the filing case's dates and off-site filing (sometimes not known at all,
    or not done), a proof of residence now and then, and materials at hand."""
    case = draw(reimbursement_filing_cases(offsite=True))
    assert case.offsite_filing is not None
    start = case.payment_date - dt.timedelta(days=draw(st.integers(0, 40)))
    before = OffsiteFiling(
        done=True,
        date=start - dt.timedelta(days=draw(st.integers(0, 30))),
        institution_selected=True,
        treatment_start=start,
    )
    offsite = draw(
        st.sampled_from(
            (
                case.offsite_filing,
                before,
                before,
                OffsiteFiling(done=None),
                OffsiteFiling(done=False, treatment_start=case.offsite_filing.treatment_start),
            )
        )
    )
    base: dict[str, Any] = {
        "payment_date": case.payment_date,
        "treatment": case.treatment,
        "offsite_filing": offsite,
        "filing_date": case.filing_date,
        "evaluation_date": case.evaluation_date,
        "materials": _items(draw, Business.OFFSITE_REIMBURSEMENT),
        "offsite_filing_materials": _items(draw, Business.OFFSITE_FILING),
    }
    if draw(st.booleans()):
        residence = draw(residence_cases())
        facts = ResidenceFacts(
            proof=residence.proof,
            residence_periods=residence.residence_periods,
            residence_start=residence.residence_start,
            certificate_is_original=residence.certificate_is_original,
        )
        try:
            return OffsiteReimbursementSituation(**base, residence=facts)
        except ValidationError:  # residence drawn for another day: the situation goes without it
            pass
    return OffsiteReimbursementSituation(**base)


@st.composite
def suspension_refund_situations(draw: st.DrawFn) -> SuspensionRefundSituation:
    """The suspension facts of an applet application, with the payments, participations and
    application date of a refund case (or no payments at all)."""
    applying = draw(online_suspension_cases())
    facts: dict[str, Any] = {
        "scheme": applying.scheme,
        "insured_in_guangdong": applying.insured_in_guangdong,
        "participation_status": applying.participation_status,
        "applicant": applying.applicant,
        "person_category": applying.person_category,
        "face_recognition_passed": applying.face_recognition_passed,
    }
    if draw(st.booleans()):
        money = draw(refund_cases(max_payments=4))
        return SuspensionRefundSituation(
            **facts,
            payments=money.payments,
            other_participations=money.other_participations,
            benefit_periods=money.benefit_periods,
            terminates_participation=money.terminates_participation,
            evaluation_date=money.evaluation_date,
            jurisdiction=money.jurisdiction,
        )
    return SuspensionRefundSituation(
        **facts,
        evaluation_date=applying.evaluation_date,
        jurisdiction=(
            applying.jurisdiction
            if applying.jurisdiction is not Jurisdiction.NATIONAL
            else Jurisdiction.GUANGZHOU
        ),
    )


@st.composite
def enrolment_situations(draw: st.DrawFn) -> EnrolmentSituation:
    """An enrolment case's channel, applicant, scheme and payer, its application day (given, or
    left to the evaluation day), and certificates at hand."""
    case = draw(enrolment_cases())
    applied = draw(st.booleans())
    applicant, items = case.applicant, draw(materials_cases(Business.ENROLMENT)).items
    if draw(st.booleans()):  # the certificates complete, for the applicant they are for
        submission = draw(complete_submissions(Business.ENROLMENT, extras=False)).case
        items = submission.items
        agent = EnrolmentApplicant.AGENT
        applicant = agent if submission.through_agent else EnrolmentApplicant.INSURED_PERSON
    eligible = draw(st.booleans())  # often a scheme whose conditions are met, and a payer
    return EnrolmentSituation(
        channel=case.channel,
        applicant=applicant,
        scheme=case.scheme or Scheme.URBAN_RURAL_RESIDENT if eligible else case.scheme,
        meets_scheme_conditions=True if eligible else case.meets_scheme_conditions,
        premium_payer=case.premium_payer or PremiumPayer.SELF if eligible else case.premium_payer,
        materials=items,
        application_date=case.application_date if applied else None,
        evaluation_date=case.evaluation_date if applied else case.application_date,
        jurisdiction=case.jurisdiction,
    )


@st.composite
def card_situations(draw: st.DrawFn) -> CardSituation:
    """A card case's places (the agency sometimes left out) and materials at hand."""
    case = draw(card_application_cases())
    return CardSituation(
        household_registration_area=case.household_registration_area,
        agency_area=draw(st.sampled_from((case.agency_area, None))),
        materials=_items(draw, Business.CARD_APPLICATION),
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
    )


@st.composite
def retirement_situations(draw: st.DrawFn) -> RetirementSituation:
    """A retirement case as the journey's situation."""
    case = draw(retirement_cases())
    return RetirementSituation(**case.model_dump())


def situations() -> st.SearchStrategy[Any]:
    """A situation of any journey."""
    return st.one_of(
        offsite_reimbursement_situations(),
        suspension_refund_situations(),
        enrolment_situations(),
        card_situations(),
        retirement_situations(),
    )
