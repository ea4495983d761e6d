"""Retirement: every outcome, the schedule against the published examples and end states, and bad
input refused naming its field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from medins_rules.core.errors import ParameterNotInForceError
from medins_rules.core.legal import Instrument
from medins_rules.core.model import Decision
from medins_rules.core.parameters import parameters_for
from medins_rules.engine.catalogue import all_reasons, get_rule
from medins_rules.processes import retirement as module
from medins_rules.processes.retirement import (
    RetirementCase,
    RetirementCategory,
    RetirementOptions,
    RetirementOutcome,
    retirement,
    statutory_retirement_age,
)

D = dt.date


def _retirement(**kw: Any) -> RetirementCase:
    base: dict[str, Any] = {
        "birth_date": D(1965, 3, 15),
        "sex": "male",
        "contribution_months": 300,
        "evaluation_date": D(2026, 1, 5),
    }
    return RetirementCase.model_validate({**base, **kw})


# ======================================================================================================
# Retirement
# ======================================================================================================

_P = parameters_for("440100", on=D(2026, 1, 1))


def _age(birth: dt.date, category: RetirementCategory) -> tuple[int, int]:
    a = statutory_retirement_age(birth, category, parameters=_P)
    return a.age_years, a.age_months


@pytest.mark.parametrize("month", [1, 2, 3, 4])
def test_men_born_january_to_april_1965_retire_at_60_years_1_month(month: int) -> None:
    assert _age(D(1965, month, 15), RetirementCategory.MEN) == (60, 1)


@pytest.mark.parametrize("month", [3, 4])
def test_women_of_original_age_50_born_march_or_april_1975_retire_at_50_years_2_months(
    month: int,
) -> None:
    assert _age(D(1975, month, 10), RetirementCategory.WOMEN_50) == (50, 2)


@pytest.mark.parametrize(
    ("birth", "category", "age"),
    [
        (D(1964, 12, 31), RetirementCategory.MEN, (60, 0)),
        (D(1965, 5, 1), RetirementCategory.MEN, (60, 2)),
        (D(1965, 8, 31), RetirementCategory.MEN, (60, 2)),
        (D(1965, 9, 1), RetirementCategory.MEN, (60, 3)),
        (D(1969, 12, 31), RetirementCategory.WOMEN_55, (55, 0)),
        (D(1970, 1, 1), RetirementCategory.WOMEN_55, (55, 1)),
        (D(1970, 4, 30), RetirementCategory.WOMEN_55, (55, 1)),
        (D(1970, 5, 1), RetirementCategory.WOMEN_55, (55, 2)),
        (D(1974, 12, 31), RetirementCategory.WOMEN_50, (50, 0)),
        (D(1975, 1, 1), RetirementCategory.WOMEN_50, (50, 1)),
        (D(1975, 2, 28), RetirementCategory.WOMEN_50, (50, 1)),
        (D(1975, 5, 1), RetirementCategory.WOMEN_50, (50, 3)),
    ],
)
def test_the_schedule_on_both_sides_of_its_block_boundaries(
    birth: dt.date, category: RetirementCategory, age: tuple[int, int]
) -> None:
    assert _age(birth, category) == age


@pytest.mark.parametrize(
    ("before", "first", "category", "end"),
    [
        (D(1976, 8, 31), D(1976, 9, 1), RetirementCategory.MEN, (63, 0)),
        (D(1981, 8, 31), D(1981, 9, 1), RetirementCategory.WOMEN_55, (58, 0)),
        (D(1984, 10, 31), D(1984, 11, 1), RetirementCategory.WOMEN_50, (55, 0)),
    ],
)
def test_the_end_states_are_63_58_and_55(
    before: dt.date, first: dt.date, category: RetirementCategory, end: tuple[int, int]
) -> None:
    years, _ = end
    assert _age(before, category) == (years - 1, 11)
    assert _age(first, category) == end
    assert _age(D(2000, 6, 15), category) == end
    assert statutory_retirement_age(first, category, parameters=_P).end_state


def test_the_age_is_reached_on_the_corresponding_day_of_the_birth_date() -> None:
    a = statutory_retirement_age(D(1965, 1, 15), RetirementCategory.MEN, parameters=_P)
    assert a.retirement_date == D(2025, 2, 15)
    assert not a.clamped


def test_a_month_without_the_corresponding_day_takes_its_last_day() -> None:
    d = retirement(
        _retirement(
            birth_date=D(1975, 1, 31),
            sex="female",
            woman_category="worker",
            contribution_months=240,
            evaluation_date=D(2025, 3, 1),
        )
    )
    assert d.retirement_date == D(2025, 2, 28)  # 50 years 1 month
    assert "retirement.no_corresponding_birthday" in d.reason_codes


def test_at_the_required_years_on_the_retirement_day_no_further_premiums_are_paid() -> None:
    d = retirement(_retirement(evaluation_date=D(2025, 4, 15), contribution_months=300))
    assert d.outcome is RetirementOutcome.NO_FURTHER_PREMIUMS
    assert d.reason_codes == ("retirement.no_further_premiums", "retirement.age_raised")
    assert d.shortfall_total_months == 0
    _round_trips(d)


def test_one_month_short_of_the_required_years_may_top_up_one_month() -> None:
    d = retirement(_retirement(evaluation_date=D(2025, 4, 15), contribution_months=299))
    assert d.outcome is RetirementOutcome.MAY_TOP_UP
    assert (d.shortfall_years, d.shortfall_months, d.shortfall_total_months) == (0, 1, 1)
    assert "0 years 1 month(s)" in d.reasons[0].message_en


def test_the_shortfall_is_given_in_years_and_months() -> None:
    d = retirement(_retirement(contribution_months=200))
    assert (d.shortfall_years, d.shortfall_months) == (8, 4)
    assert d.reasons[0].facts["shortfall_total"] == 100


def test_the_day_before_the_retirement_day_is_not_yet_retired() -> None:
    d = retirement(_retirement(evaluation_date=D(2025, 4, 14), contribution_months=200))
    assert d.outcome is RetirementOutcome.NOT_YET_RETIRED
    assert d.reason_codes[0] == "retirement.not_yet_retired"
    assert d.retirement_date == D(2025, 4, 15)
    assert "2025-04-15" in d.reasons[0].message_en


def test_not_yet_retired_with_the_years_already_met_says_so() -> None:
    d = retirement(_retirement(evaluation_date=D(2025, 1, 1), contribution_months=310))
    assert d.outcome is RetirementOutcome.NOT_YET_RETIRED
    assert d.reason_codes[0] == "retirement.not_yet_retired_years_met"


def test_women_need_their_own_required_years() -> None:
    case = _retirement(
        birth_date=D(1970, 2, 10),
        sex="female",
        woman_category="cadre",
        contribution_months=240,
        evaluation_date=D(2026, 1, 5),
    )
    d = retirement(case)
    assert d.retirement_date == D(2025, 3, 10)  # 55 years 1 month
    assert d.outcome is RetirementOutcome.NO_FURTHER_PREMIUMS
    assert d.required_years == 20
    short = retirement(case.model_copy(update={"contribution_months": 239}))
    assert short.outcome is RetirementOutcome.MAY_TOP_UP


def test_those_born_before_the_reform_keep_the_original_age() -> None:
    d = retirement(_retirement(birth_date=D(1960, 7, 1), evaluation_date=D(2026, 1, 5)))
    assert d.statutory_age_years == 60
    assert d.delay_months == 0
    assert "retirement.age_not_raised" in d.reason_codes


def test_the_end_state_is_named_in_the_reasons() -> None:
    d = retirement(
        _retirement(
            birth_date=D(1980, 1, 1), contribution_months=100, evaluation_date=D(2026, 1, 5)
        )
    )
    assert d.outcome is RetirementOutcome.NOT_YET_RETIRED
    assert d.retirement_date == D(2043, 1, 1)
    assert "retirement.age_end_state" in d.reason_codes


def test_before_the_reform_is_in_force_the_original_age_applies() -> None:
    d = retirement(
        _retirement(
            birth_date=D(1966, 2, 1), evaluation_date=D(2024, 3, 1), contribution_months=200
        )
    )
    assert (d.statutory_age_years, d.statutory_age_months) == (60, 0)
    assert "retirement.reform_not_in_force" in d.reason_codes
    names = {p.name for p in d.parameters}
    assert "retirement.target_age_men" not in names


def test_before_the_reform_is_in_force_the_reason_names_the_evaluation_date() -> None:
    d = retirement(
        _retirement(
            birth_date=D(1966, 2, 1), evaluation_date=D(2024, 3, 1), contribution_months=200
        )
    )
    reason = d.reasons[-1]
    assert reason.code == "retirement.reform_not_in_force"
    assert reason.facts["evaluation_date"] == "2024-03-01"
    assert reason.message_en.startswith(
        "On 2024-03-01 the 2025 reform of the statutory retirement age is not yet in force: "
        "the original age of 60 years applies to a man, reached on 2026-02-01."
    )
    assert reason.message_zh.startswith("2024-03-01法定退休年龄改革尚未施行")


def test_before_the_reform_is_in_force_the_age_has_no_schedule() -> None:
    p = parameters_for("440100", on=D(2024, 3, 1))
    a = statutory_retirement_age(D(1966, 2, 1), RetirementCategory.MEN, parameters=p)
    assert a.reform_in_force is False
    assert (a.original_age_years, a.delay_months, a.end_state) == (60, 0, False)
    assert a.first_raised_birth_month is None
    assert a.birth_months_per_month is None
    assert a.retirement_date == D(2026, 2, 1)


def test_a_person_born_before_the_first_raised_month_is_not_at_the_end_state() -> None:
    a = statutory_retirement_age(D(1960, 7, 1), RetirementCategory.MEN, parameters=_P)
    assert a.reform_in_force is True
    assert a.delay_months == 0
    assert a.end_state is False
    assert (a.birth_date, a.first_raised_birth_month, a.birth_months_per_month) == (
        D(1960, 7, 1),
        D(1965, 1, 1),
        4,
    )


@pytest.mark.parametrize(
    ("kw", "code", "en", "zh"),
    [
        (
            {"birth_date": D(1960, 7, 1)},
            "retirement.age_not_raised",
            "Born on 1960-07-01, before 1965-01, the first birth month the 2025 reform raises: "
            "the statutory retirement age of a man stays at 60 years, reached on 2020-07-01.",
            "出生于1960-07-01，早于改革延迟的首个出生月份1965-01：男职工的法定退休年龄仍为60周岁，"
            "于2020-07-01达到。",
        ),
        (
            {"birth_date": D(1965, 3, 15)},
            "retirement.age_raised",
            "Born on 1965-03-15: the 2025 reform raises the statutory retirement age of a man by "
            "one month for every 4 months of birth from 1965-01, here by 1 month(s) from 60 years, "
            "to 60 years 1 month(s); it is reached on 2025-04-15.",
            "出生于1965-03-15：按2025年改革，男职工自1965-01起每出生4个月延迟1个月，本例在原60周岁"
            "基础上延迟1个月，法定退休年龄为60周岁1个月，于2025-04-15达到。",
        ),
        (
            {
                "birth_date": D(1975, 3, 10),
                "sex": "female",
                "woman_category": "worker",
                "contribution_months": 200,
            },
            "retirement.age_raised",
            "Born on 1975-03-10: the 2025 reform raises the statutory retirement age of a woman of "
            "original retirement age 50 (worker) by one month for every 2 months of birth from "
            "1975-01, here by 2 month(s) from 50 years, to 50 years 2 month(s); it is reached on "
            "2025-05-10.",
            "出生于1975-03-10：按2025年改革，原法定退休年龄为50周岁的女职工（女工人）自1975-01起每出生"
            "2个月延迟1个月，本例在原50周岁基础上延迟2个月，法定退休年龄为50周岁2个月，于2025-05-10达到。",
        ),
        (
            {"birth_date": D(1980, 1, 1), "contribution_months": 100},
            "retirement.age_end_state",
            "Born on 1980-01-01: for a man the gradual raising has reached its end state, a "
            "statutory retirement age of 63 years (36 months above the original 60), reached on "
            "2043-01-01.",
            "出生于1980-01-01：男职工的逐步延迟已到目标，法定退休年龄为63周岁（较原60周岁延迟36个月），"
            "于2043-01-01达到。",
        ),
    ],
)
def test_the_age_reason_explains_the_schedule_from_the_birth_date(
    kw: dict[str, Any], code: str, en: str, zh: str
) -> None:
    d = retirement(_retirement(evaluation_date=D(2026, 1, 5), **kw))
    (reason,) = (r for r in d.reasons if r.code == code)
    assert reason.message_en == en
    assert reason.message_zh == zh


def test_an_unknown_first_raised_birth_month_leaves_the_original_age() -> None:
    p = parameters_for("440100", on=D(2026, 1, 5)).with_value(
        "retirement.first_raised_birth_month_men", None
    )
    a = statutory_retirement_age(D(1970, 6, 15), RetirementCategory.MEN, parameters=p)
    assert a.reform_in_force is False
    assert (a.age_years, a.age_months, a.retirement_date) == (60, 0, D(2030, 6, 15))
    d = retirement(_retirement(birth_date=D(1970, 6, 15), contribution_months=200), parameters=p)
    assert d.outcome is RetirementOutcome.NOT_YET_RETIRED
    assert "retirement.reform_not_in_force" in d.reason_codes
    assert "retirement.age_not_raised" not in d.reason_codes


@pytest.mark.parametrize(
    "missing", ["retirement.target_age_men", "retirement.first_raised_birth_month_men"]
)
def test_the_reform_applies_only_when_both_its_target_and_first_month_are_in_force(
    missing: str,
) -> None:
    full = parameters_for("440100", on=D(2026, 1, 5))
    p = full.model_copy(
        update={"versions": {k: v for k, v in full.versions.items() if k != missing}}
    )
    a = statutory_retirement_age(D(1970, 6, 15), RetirementCategory.MEN, parameters=p)
    assert a.reform_in_force is False
    assert (a.age_years, a.age_months, a.delay_months) == (60, 0, 0)


def test_the_age_may_be_read_as_reached_the_day_after_the_birthday() -> None:
    options = RetirementOptions(age_reached_on="day_after")
    case = _retirement(evaluation_date=D(2025, 4, 15))
    d = retirement(case, options=options)
    assert d.retirement_date == D(2025, 4, 16)
    assert d.outcome is RetirementOutcome.NOT_YET_RETIRED
    assert "retirement.age_reached_day_after" in d.reason_codes


def test_the_decision_records_the_parameters_it_read() -> None:
    d = retirement(_retirement())
    names = [p.name for p in d.parameters]
    assert names == [
        "retirement.original_age_men",
        "retirement.target_age_men",
        "retirement.birth_months_per_month_men",
        "retirement.first_raised_birth_month_men",
        "retirement.medical_contribution_years_men",
    ]


def test_the_required_years_are_a_parameter() -> None:
    p = parameters_for("440100", on=D(2026, 1, 5)).with_value(
        "retirement.medical_contribution_years_men", 15
    )
    d = retirement(_retirement(contribution_months=180), parameters=p)
    assert d.outcome is RetirementOutcome.NO_FURTHER_PREMIUMS
    assert d.required_years == 15


def test_a_jurisdiction_without_a_required_years_figure_is_refused() -> None:
    with pytest.raises(ParameterNotInForceError, match="medical_contribution_years_men"):
        retirement(_retirement(jurisdiction="440000"))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"woman_category": "cadre"}, "woman_category"),
        ({"sex": "female"}, "woman_category"),
        ({"evaluation_date": D(1965, 3, 14)}, "evaluation_date"),
        ({"contribution_months": 800}, "contribution_months"),
        ({"contribution_months": -1}, "contribution_months"),
        ({"contribution_months": True}, "contribution_months"),
        ({"contribution_months": 12.5}, "contribution_months"),
        ({"sex": "unknown"}, "sex"),
    ],
)
def test_contradictory_retirement_input_is_refused_naming_the_field(
    overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError, match=field):
        _retirement(**overrides)


def _round_trips(d: Decision[Any]) -> None:
    model = type(d)
    assert model.model_validate_json(d.model_dump_json()) == d
    assert hash(model.model_validate_json(d.model_dump_json())) == hash(d)


# ======================================================================================================
# Catalogue
# ======================================================================================================


def test_the_rule_is_in_the_catalogue() -> None:
    assert get_rule("eligibility.retirement").function is retirement


def test_every_reason_code_is_unique_and_cited_and_in_the_catalogue() -> None:
    codes = [t.code for t in module.REASONS]
    assert len(codes) == len(set(codes))
    catalogue = all_reasons()
    for template in module.REASONS:
        assert template.citations
        assert catalogue[template.code] is template
    assert set(get_rule("eligibility.retirement").reasons) == set(module.REASONS)


def test_reasons_cite_the_law_they_rest_on() -> None:
    by_code = {t.code: t for t in module.REASONS}
    assert by_code["retirement.may_top_up"].citations[0].article == 27
    assert by_code["retirement.age_raised"].citations[0].instrument is (
        Instrument.RETIREMENT_AGE_DECISION
    )


def _reached_codes() -> set[str]:
    cases = [
        _retirement(),
        _retirement(contribution_months=10),
        _retirement(evaluation_date=D(2024, 1, 1), contribution_months=10),
        _retirement(evaluation_date=D(2025, 1, 1), contribution_months=310),
        _retirement(birth_date=D(1960, 1, 1)),
        _retirement(
            birth_date=D(1980, 1, 31), evaluation_date=D(2026, 1, 5), contribution_months=100
        ),
        _retirement(
            birth_date=D(1975, 1, 31),
            sex="female",
            woman_category="worker",
            evaluation_date=D(2026, 1, 5),
        ),
    ]
    reached: set[str] = set()
    for case in cases:
        reached.update(retirement(case).reason_codes)
        reached.update(
            retirement(case, options=RetirementOptions(age_reached_on="day_after")).reason_codes
        )
    return reached


def test_every_reason_code_of_the_module_is_reached() -> None:
    missing = {t.code for t in module.REASONS} - _reached_codes()
    assert not missing
