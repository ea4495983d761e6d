"""Properties of the eligibility rules: totality, JSON round trips, adding a failing condition never
turns a refusal into eligibility, and the retirement date is monotonic in the birth date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from medins_rules.core.calendar import bundled_calendar
from medins_rules.core.parameters import parameters_for
from medins_rules.processes import cancellation as _cancellation
from medins_rules.processes import card as _card
from medins_rules.processes import enrolment as _enrolment
from medins_rules.processes import retirement as _retirement
from medins_rules.processes import suspension as _suspension
from medins_rules.processes.cancellation import (
    CancellationOutcome,
    OnlineCancellationCase,
    online_cancellation,
)
from medins_rules.processes.enrolment import EnrolmentCase, EnrolmentOutcome, enrolment
from medins_rules.processes.retirement import (
    RetirementCase,
    RetirementCategory,
    RetirementOutcome,
    retirement,
    statutory_retirement_age,
)
from medins_rules.processes.suspension import (
    OnlineSuspensionCase,
    SuspensionOutcome,
    online_suspension,
)
from medins_rules.testing.strategies.eligibility import (
    card_application_cases,
    enrolment_cases,
    online_cancellation_cases,
    online_suspension_cases,
    retirement_birth_dates,
    retirement_cases,
)

_ELIGIBILITY = (_suspension, _cancellation, _enrolment, _card, _retirement)
RULES = tuple(
    spec for module in _ELIGIBILITY for spec in module.RULES if spec.name.startswith("eligibility.")
)

_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "eligibility.online_suspension": online_suspension_cases(),
    "eligibility.online_cancellation": online_cancellation_cases(),
    "eligibility.enrolment": enrolment_cases(),
    "eligibility.card_application": card_application_cases(),
    "eligibility.retirement": retirement_cases(),
}


@pytest.mark.parametrize("spec", RULES, ids=lambda s: s.name)
@given(data=st.data())
def test_every_rule_is_total_and_its_decision_round_trips_through_json(
    spec: Any, data: st.DataObject
) -> None:
    case = data.draw(_STRATEGIES[spec.name])
    d = spec.function(case)
    assert isinstance(d, spec.decision_model)
    assert d.outcome in set(spec.outcomes)
    assert d.reasons
    assert d.evaluation_date == case.evaluation_date
    codes = {t.code for t in spec.reasons}
    assert set(d.reason_codes) <= codes
    assert spec.decision_model.model_validate_json(d.model_dump_json()) == d
    # The input round-trips too, so a case can be stored as JSON and replayed.
    assert type(case).model_validate_json(case.model_dump_json()) == case


def _with(case: BaseModel, **changes: Any) -> Any:
    """A validated copy of ``case`` with ``changes``."""
    return type(case).model_validate({**case.model_dump(), **changes})


# -- adding a failing condition ------------------------------------------------------------------------

_SUSPENSION_FAILURES: list[Callable[[OnlineSuspensionCase], dict[str, Any]]] = [
    lambda c: {"scheme": "urban_employee"},
    lambda c: {"insured_in_guangdong": False},
    lambda c: {"participation_status": "in_arrears", "termination_date": None},
    lambda c: {"participation_status": "suspended", "termination_date": None},
    lambda c: {"applicant": "agent"},
    lambda c: {"applicant": "guardian_of_minor"},
    lambda c: {"face_recognition_passed": False},
    lambda c: {"person_category": None},
]


@given(online_suspension_cases(), st.sampled_from(_SUSPENSION_FAILURES))
def test_adding_a_failing_suspension_condition_never_makes_a_case_eligible(
    case: OnlineSuspensionCase, fail: Callable[[OnlineSuspensionCase], dict[str, Any]]
) -> None:
    before = online_suspension(case)
    after = online_suspension(_with(case, **fail(case)))
    assert after.outcome is SuspensionOutcome.NOT_ELIGIBLE
    assert after.failed_conditions
    if before.outcome is SuspensionOutcome.NOT_ELIGIBLE:
        assert after.outcome is SuspensionOutcome.NOT_ELIGIBLE


@given(online_suspension_cases())
def test_a_suspension_is_eligible_exactly_when_no_condition_fails(
    case: OnlineSuspensionCase,
) -> None:
    d = online_suspension(case)
    assert (d.outcome is SuspensionOutcome.ELIGIBLE) == (not d.failed_conditions)
    assert d.reason_codes[: len(d.failed_conditions)] == d.failed_conditions


_CANCELLATION_FAILURES: list[dict[str, Any]] = [
    {"account_registered": False, "logged_in": False},
    {"logged_in": False},
    {"identification_provided": False},
]


@given(online_cancellation_cases(), st.sampled_from(_CANCELLATION_FAILURES))
def test_adding_a_failing_cancellation_prerequisite_never_makes_it_submittable(
    case: OnlineCancellationCase, fail: dict[str, Any]
) -> None:
    before = online_cancellation(case)
    after = online_cancellation(_with(case, **fail))
    assert after.outcome is CancellationOutcome.NOT_READY
    assert set(after.failed_conditions) >= set(before.failed_conditions)


def _enrolment_failures(case: EnrolmentCase) -> list[dict[str, Any]]:
    return [
        {"insured_certificate_valid": False},
        {"applicant": "agent", "agent_certificate_valid": False},
        {"scheme": None, "meets_scheme_conditions": False},
        {"meets_scheme_conditions": False, "scheme": case.scheme or "other"},
        {"premium_payer": None},
    ]


@given(enrolment_cases(), st.integers(0, 4))
def test_adding_a_failing_enrolment_condition_never_makes_it_accepted(
    case: EnrolmentCase, which: int
) -> None:
    before = enrolment(case)
    after = enrolment(_with(case, **_enrolment_failures(case)[which]))
    assert after.outcome is EnrolmentOutcome.NOT_ACCEPTED
    assert after.settlement_date is None
    if before.outcome is EnrolmentOutcome.NOT_ACCEPTED:
        assert len(after.failed_conditions) >= len(before.failed_conditions)


@given(enrolment_cases())
def test_an_accepted_enrolment_settles_on_a_working_day_on_or_after_the_application(
    case: EnrolmentCase,
) -> None:
    d = enrolment(case)
    if d.settlement_date is None:
        assert d.outcome is EnrolmentOutcome.NOT_ACCEPTED
        return
    if d.outcome is EnrolmentOutcome.SETTLED_ON_THE_SPOT:
        assert d.settlement_date == case.application_date
    else:
        assert d.settlement_date > case.application_date
        assert bundled_calendar().is_working_day(d.settlement_date)


# -- retirement ----------------------------------------------------------------------------------------


@given(retirement_cases(), st.integers(1, 120))
def test_fewer_contribution_months_never_turn_top_up_into_no_further_premiums(
    case: RetirementCase, fewer: int
) -> None:
    before = retirement(case)
    after = retirement(_with(case, contribution_months=max(0, case.contribution_months - fewer)))
    assert after.retirement_date == before.retirement_date
    if before.outcome is not RetirementOutcome.NO_FURTHER_PREMIUMS:
        assert after.outcome is before.outcome
    assert after.shortfall_total_months >= before.shortfall_total_months


@given(retirement_cases())
def test_the_outcome_follows_the_retirement_day_and_the_shortfall(case: RetirementCase) -> None:
    d = retirement(case)
    retired = case.evaluation_date >= d.retirement_date
    assert (d.outcome is RetirementOutcome.NOT_YET_RETIRED) == (not retired)
    if retired:
        assert (d.outcome is RetirementOutcome.MAY_TOP_UP) == (d.shortfall_total_months > 0)
    assert d.shortfall_years * 12 + d.shortfall_months == d.shortfall_total_months
    assert (
        d.statutory_age_years * 12 + d.statutory_age_months
        >= {
            RetirementCategory.MEN: 720,
            RetirementCategory.WOMEN_55: 660,
            RetirementCategory.WOMEN_50: 600,
        }[d.category]
    )


_REFORMED = parameters_for("440100", on=dt.date(2026, 1, 1))


@pytest.mark.parametrize("category", list(RetirementCategory))
@given(data=st.data())
def test_the_retirement_date_is_monotonic_in_the_birth_date(
    category: RetirementCategory, data: st.DataObject
) -> None:
    first = data.draw(retirement_birth_dates(category))
    second = data.draw(retirement_birth_dates(category))
    early, late = sorted((first, second))
    a = statutory_retirement_age(early, category, parameters=_REFORMED)
    b = statutory_retirement_age(late, category, parameters=_REFORMED)
    assert a.retirement_date <= b.retirement_date
    assert a.age_years * 12 + a.age_months <= b.age_years * 12 + b.age_months
    assert b.delay_months - a.delay_months <= (late.year - early.year) * 12 + 12


@pytest.mark.parametrize("category", list(RetirementCategory))
def test_consecutive_birth_days_never_retire_in_reverse_order(
    category: RetirementCategory,
) -> None:
    day = dt.date(1963, 1, 1)
    previous = statutory_retirement_age(day, category, parameters=_REFORMED).retirement_date
    while day < dt.date(1986, 1, 1):
        day += dt.timedelta(days=1)
        reached = statutory_retirement_age(day, category, parameters=_REFORMED).retirement_date
        assert reached >= previous, day
        previous = reached


@pytest.mark.parametrize("spec", RULES, ids=lambda s: s.name)
def test_the_strategies_reach_every_outcome(spec: Any) -> None:
    for outcome in spec.outcomes:
        found = find(
            _STRATEGIES[spec.name],
            lambda case, o=outcome: spec.function(case).outcome is o,
            settings=settings(max_examples=2000, database=None, phases=[Phase.generate]),
        )
        assert spec.function(found).outcome is outcome
