"""Properties of the retirement rule: totality and JSON round trips, the retirement day monotonic in
the birth date and independent of the day the question is asked, fewer contribution months never
help, and an allowed flexible retirement day always lies within its bounds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import Phase, assume, find, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from medins_rules.core.parameters import parameters_for
from medins_rules.core.periods import add_months
from medins_rules.processes import retirement as module
from medins_rules.processes.retirement import (
    MAX_CONTRIBUTION_MONTHS,
    RetirementCase,
    RetirementCategory,
    RetirementLaw,
    RetirementOutcome,
    months_of_working_age,
    retirement,
    statutory_retirement_age,
)
from medins_rules.testing.strategies.eligibility import retirement_birth_dates, retirement_cases

(SPEC,) = module.RULES
_REFORMED = parameters_for("440100", on=dt.date(2026, 1, 1))
_FLEXIBLE_OUTCOMES = {RetirementOutcome.FLEXIBLE_DATE_NOT_ALLOWED, RetirementOutcome.UNDETERMINED}
_ORIGINAL_MONTHS = {
    RetirementCategory.MEN: 720,
    RetirementCategory.WOMEN_55: 660,
    RetirementCategory.WOMEN_50: 600,
}


def _with(case: BaseModel, **changes: Any) -> Any:
    """A validated copy of ``case`` with ``changes``."""
    return type(case).model_validate({**case.model_dump(), **changes})


@given(retirement_cases())
def test_the_rule_is_total_and_its_decision_round_trips_through_json(case: RetirementCase) -> None:
    d = retirement(case)
    assert d.outcome in set(RetirementOutcome)
    assert d.reasons
    assert d.evaluation_date == case.evaluation_date
    assert set(d.reason_codes) <= {t.code for t in module.REASONS}
    assert type(d).model_validate_json(d.model_dump_json()) == d
    assert RetirementCase.model_validate_json(case.model_dump_json()) == case


@given(retirement_cases(flexible=False), st.integers(1, 120))
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
    if d.outcome in _FLEXIBLE_OUTCOMES:
        assert d.retirement_date == d.statutory_retirement_date
        return
    retired = case.evaluation_date >= d.retirement_date
    assert (d.outcome is RetirementOutcome.NOT_YET_RETIRED) == (not retired)
    if retired:
        assert (d.outcome is RetirementOutcome.MAY_TOP_UP) == (d.shortfall_total_months > 0)
    assert d.shortfall_years * 12 + d.shortfall_months == d.shortfall_total_months
    statutory = d.statutory_age_years * 12 + d.statutory_age_months
    assert statutory >= _ORIGINAL_MONTHS[d.category]


@given(retirement_cases(), st.dates(dt.date(2011, 7, 1), dt.date(2060, 12, 31)))
def test_the_retirement_day_does_not_depend_on_the_day_the_question_is_asked(
    case: RetirementCase, asked: dt.date
) -> None:
    assume(asked >= case.birth_date)
    months = min(case.contribution_months, months_of_working_age(case.birth_date, asked))
    pension = case.pension_contribution_months
    if pension is not None and case.chosen_retirement_date is not None:
        until = max(asked, case.chosen_retirement_date)
        pension = min(pension, months_of_working_age(case.birth_date, until))
    other = _with(
        case, evaluation_date=asked, contribution_months=months, pension_contribution_months=pension
    )
    a, b = retirement(case), retirement(other)
    assert a.statutory_retirement_date == b.statutory_retirement_date
    assert a.governing_law is b.governing_law
    assert (a.statutory_age_years, a.statutory_age_months) == (
        b.statutory_age_years,
        b.statutory_age_months,
    )


@given(retirement_cases())
def test_the_reform_governs_exactly_the_retirements_from_its_in_force_day(
    case: RetirementCase,
) -> None:
    d = retirement(case)
    assert d.original_retirement_date is not None
    reform = d.original_retirement_date >= dt.date(2025, 1, 1)
    assert (d.governing_law is RetirementLaw.REFORM_2025) == reform
    if not reform:
        assert d.delay_months == 0
    enacted_reason = "retirement.enacted_law_governs" in d.reason_codes
    assert enacted_reason == (reform and case.evaluation_date < dt.date(2025, 1, 1))


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


@given(retirement_cases())
def test_an_allowed_flexible_day_lies_within_its_bounds(case: RetirementCase) -> None:
    d = retirement(case)
    chosen = case.chosen_retirement_date
    if chosen is None or chosen == d.statutory_retirement_date:
        assert d.retirement_date == d.statutory_retirement_date
        return
    if d.outcome in _FLEXIBLE_OUTCOMES:
        assert d.retirement_date == d.statutory_retirement_date
        return
    assert d.retirement_date == chosen
    assert d.governing_law is RetirementLaw.REFORM_2025
    assert chosen >= dt.date(2025, 1, 1)
    assert d.statutory_retirement_date is not None
    if chosen < d.statutory_retirement_date:
        assert d.earliest_retirement_date is not None
        assert d.earliest_retirement_date <= chosen
        assert d.original_retirement_date is not None
        assert chosen >= d.original_retirement_date
        assert chosen >= add_months(d.statutory_retirement_date, -36)[0]
        assert case.pension_contribution_months is not None
        assert d.minimum_pension_contribution_months is not None
        assert case.pension_contribution_months >= d.minimum_pension_contribution_months
    else:
        assert d.latest_retirement_date is not None
        assert chosen <= d.latest_retirement_date <= add_months(d.statutory_retirement_date, 36)[0]
        assert case.employer_agrees is True


@given(retirement_cases())
def test_a_day_beyond_a_flexible_bound_is_never_allowed(case: RetirementCase) -> None:
    d = retirement(case)
    assert d.statutory_retirement_date is not None
    assert d.original_retirement_date is not None
    statutory, original = d.statutory_retirement_date, d.original_retirement_date
    too_early = min(original, add_months(statutory, -36)[0]) - dt.timedelta(days=1)
    too_late = add_months(statutory, 36)[0] + dt.timedelta(days=1)
    for day in (max(case.birth_date, too_early), too_late):
        most = min(
            MAX_CONTRIBUTION_MONTHS,
            months_of_working_age(case.birth_date, max(case.evaluation_date, day)),
        )
        changes = {"employer_agrees": True, "pension_contribution_months": most}
        moved = retirement(_with(case, chosen_retirement_date=day, **changes))
        assert moved.outcome is RetirementOutcome.FLEXIBLE_DATE_NOT_ALLOWED, day


def test_the_strategies_reach_every_outcome() -> None:
    for outcome in RetirementOutcome:
        found = find(
            retirement_cases(),
            lambda case, o=outcome: retirement(case).outcome is o,
            settings=settings(max_examples=2000, database=None, phases=[Phase.generate]),
        )
        assert retirement(found).outcome is outcome
    assert SPEC.function is retirement
