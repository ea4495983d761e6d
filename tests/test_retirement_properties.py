"""Properties of the retirement rule: totality and JSON round trips, fewer contribution months never
help, and the retirement date is monotonic in the birth date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from medins_rules.core.parameters import parameters_for
from medins_rules.processes import retirement as module
from medins_rules.processes.retirement import (
    RetirementCase,
    RetirementCategory,
    RetirementOutcome,
    retirement,
    statutory_retirement_age,
)
from medins_rules.testing.strategies.eligibility import retirement_birth_dates, retirement_cases


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


def test_the_strategies_reach_every_outcome() -> None:
    for outcome in RetirementOutcome:
        found = find(
            retirement_cases(),
            lambda case, o=outcome: retirement(case).outcome is o,
            settings=settings(max_examples=2000, database=None, phases=[Phase.generate]),
        )
        assert retirement(found).outcome is outcome
