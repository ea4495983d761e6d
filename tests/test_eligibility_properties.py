"""Properties of the eligibility rules: totality, JSON round trips, adding a failing condition never
turns a refusal into eligibility. The retirement rule's are in ``tests/test_retirement_properties.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from medins_rules.core.calendar import bundled_calendar
from medins_rules.processes import cancellation as _cancellation
from medins_rules.processes import card as _card
from medins_rules.processes import enrolment as _enrolment
from medins_rules.processes import suspension as _suspension
from medins_rules.processes.cancellation import (
    CancellationOutcome,
    OnlineCancellationCase,
    online_cancellation,
)
from medins_rules.processes.enrolment import EnrolmentCase, EnrolmentOutcome, enrolment
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
)

_ELIGIBILITY = (_suspension, _cancellation, _enrolment, _card)
RULES = tuple(
    spec for module in _ELIGIBILITY for spec in module.RULES if spec.name.startswith("eligibility.")
)

_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "eligibility.online_suspension": online_suspension_cases(),
    "eligibility.online_cancellation": online_cancellation_cases(),
    "eligibility.enrolment": enrolment_cases(),
    "eligibility.card_application": card_application_cases(),
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


@pytest.mark.parametrize("spec", RULES, ids=lambda s: s.name)
def test_the_strategies_reach_every_outcome(spec: Any) -> None:
    for outcome in spec.outcomes:
        found = find(
            _STRATEGIES[spec.name],
            lambda case, o=outcome: spec.function(case).outcome is o,
            settings=settings(max_examples=2000, database=None, phases=[Phase.generate]),
        )
        assert spec.function(found).outcome is outcome
