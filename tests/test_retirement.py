"""Retirement: the schedule against the published tables, the law chosen by the retirement day,
flexible retirement on both sides of each bound, art. 27 at the retirement day, and bad input refused
naming its field."""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Any

import pytest
from pydantic import ValidationError

from medins_rules.core.errors import ParameterDataError, ParameterNotInForceError
from medins_rules.core.legal import Instrument
from medins_rules.core.parameters import parameters_for
from medins_rules.engine.catalogue import all_reasons, evaluate, get_rule
from medins_rules.processes import retirement as module
from medins_rules.processes.retirement import (
    EARLIEST_BIRTH_DATE,
    LATEST_BIRTH_DATE,
    RetirementCase,
    RetirementCategory,
    RetirementDecision,
    RetirementLaw,
    RetirementOptions,
    RetirementOutcome,
    governing_law,
    months_of_working_age,
    retirement,
    statutory_age_2011_07,
    statutory_age_2025_01,
    statutory_retirement_age,
)

D = dt.date
MEN, WOMEN_55, WOMEN_50 = (
    RetirementCategory.MEN,
    RetirementCategory.WOMEN_55,
    RetirementCategory.WOMEN_50,
)
_P = parameters_for("440100", on=D(2026, 1, 1))
_DAY_AFTER = RetirementOptions(age_reached_on="day_after")
_AS_KNOWN = RetirementOptions(governing_law="known_on_evaluation_date")


def _case(**kw: Any) -> RetirementCase:
    base: dict[str, Any] = {
        "birth_date": D(1965, 3, 15),
        "sex": "male",
        "contribution_months": 300,
        "evaluation_date": D(2026, 1, 5),
    }
    return RetirementCase.model_validate({**base, **kw})


def _woman_worker(**kw: Any) -> RetirementCase:
    return _case(**{"sex": "female", "woman_category": "worker", **kw})


def _age(birth: dt.date, category: RetirementCategory) -> tuple[int, int]:
    a = statutory_retirement_age(birth, category, parameters=_P)
    return a.age_years, a.age_months


def _reason(d: RetirementDecision, code: str) -> Any:
    (reason,) = (r for r in d.reasons if r.code == code)
    return reason


# ======================================================================================================
# The schedule of the reform
# ======================================================================================================


@pytest.mark.parametrize("month", [1, 2, 3, 4])
def test_men_born_january_to_april_1965_retire_at_60_years_1_month(month: int) -> None:
    assert _age(D(1965, month, 15), MEN) == (60, 1)


@pytest.mark.parametrize("month", [3, 4])
def test_women_of_original_age_50_born_march_or_april_1975_retire_at_50_years_2_months(
    month: int,
) -> None:
    assert _age(D(1975, month, 10), WOMEN_50) == (50, 2)


@pytest.mark.parametrize(
    ("birth", "category", "age"),
    [
        (D(1964, 12, 31), MEN, (60, 0)),
        (D(1965, 1, 1), MEN, (60, 1)),
        (D(1965, 4, 30), MEN, (60, 1)),
        (D(1965, 5, 1), MEN, (60, 2)),
        (D(1965, 8, 31), MEN, (60, 2)),
        (D(1965, 9, 1), MEN, (60, 3)),
        (D(1969, 12, 31), WOMEN_55, (55, 0)),
        (D(1970, 1, 1), WOMEN_55, (55, 1)),
        (D(1970, 4, 30), WOMEN_55, (55, 1)),
        (D(1970, 5, 1), WOMEN_55, (55, 2)),
        (D(1974, 12, 31), WOMEN_50, (50, 0)),
        (D(1975, 1, 1), WOMEN_50, (50, 1)),
        (D(1975, 2, 28), WOMEN_50, (50, 1)),
        (D(1975, 3, 1), WOMEN_50, (50, 2)),
        (D(1975, 4, 30), WOMEN_50, (50, 2)),
        (D(1975, 5, 1), WOMEN_50, (50, 3)),
    ],
)
def test_the_schedule_on_both_sides_of_its_block_boundaries(
    birth: dt.date, category: RetirementCategory, age: tuple[int, int]
) -> None:
    assert _age(birth, category) == age


@pytest.mark.parametrize(
    ("before", "first", "category", "end"),
    [
        (D(1976, 8, 31), D(1976, 9, 1), MEN, (63, 0)),
        (D(1981, 8, 31), D(1981, 9, 1), WOMEN_55, (58, 0)),
        (D(1984, 10, 31), D(1984, 11, 1), WOMEN_50, (55, 0)),
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


@pytest.mark.parametrize(
    ("birth", "category", "age", "day"),
    [
        # Examples computed from the decision's annexed tables (month of birth -> age, month).
        (D(1967, 5, 12), MEN, (60, 8), D(2028, 1, 12)),
        (D(1983, 2, 25), MEN, (63, 0), D(2046, 2, 25)),
        (D(1974, 10, 8), WOMEN_55, (56, 3), D(2031, 1, 8)),
        (D(1978, 7, 19), WOMEN_55, (57, 2), D(2035, 9, 19)),
        (D(1980, 1, 10), WOMEN_50, (52, 7), D(2032, 8, 10)),
    ],
)
def test_published_examples_of_the_tables(
    birth: dt.date, category: RetirementCategory, age: tuple[int, int], day: dt.date
) -> None:
    a = statutory_retirement_age(birth, category, parameters=_P)
    assert (a.age_years, a.age_months, a.retirement_date) == (*age, day)


@pytest.mark.parametrize(
    ("category", "first", "pace", "cap", "original"),
    [
        (MEN, D(1965, 1, 1), 4, 36, 60),
        (WOMEN_55, D(1970, 1, 1), 4, 36, 55),
        (WOMEN_50, D(1975, 1, 1), 2, 60, 50),
    ],
)
def test_every_birth_month_of_the_reform_follows_the_table(
    category: RetirementCategory, first: dt.date, pace: int, cap: int, original: int
) -> None:
    """Each block of ``pace`` birth months is one month later than the one before, from one month
    for the first block up to the cap; written out here as the tables list them."""
    for block in range(cap + 3):
        for offset in range(pace):
            index = block * pace + offset
            year, month0 = divmod(first.year * 12 + index, 12)
            months = original * 12 + min(cap, block + 1)
            assert _age(D(year, month0 + 1, 1), category) == divmod(months, 12), (year, month0)


def test_the_age_is_reached_on_the_corresponding_day_of_the_birth_date() -> None:
    a = statutory_retirement_age(D(1965, 1, 15), MEN, parameters=_P)
    assert a.retirement_date == D(2025, 2, 15)
    assert not a.clamped


def test_a_month_without_the_corresponding_day_takes_its_last_day() -> None:
    d = retirement(
        _woman_worker(
            birth_date=D(1975, 1, 31), contribution_months=240, evaluation_date=D(2025, 3, 1)
        )
    )
    assert d.retirement_date == D(2025, 2, 28)  # 50 years 1 month
    assert "retirement.no_corresponding_birthday" in d.reason_codes


def test_the_age_may_be_read_as_reached_the_day_after_the_birthday() -> None:
    d = retirement(_case(evaluation_date=D(2025, 4, 15)), options=_DAY_AFTER)
    assert d.retirement_date == D(2025, 4, 16)
    assert d.outcome is RetirementOutcome.NOT_YET_RETIRED
    assert "retirement.age_reached_day_after" in d.reason_codes


# ======================================================================================================
# The law chosen by the retirement day (two dated versions)
# ======================================================================================================


def test_asked_in_october_2024_a_man_born_march_1965_retires_under_the_reform() -> None:
    d = retirement(_case(evaluation_date=D(2024, 10, 1), contribution_months=200))
    assert (d.statutory_age_years, d.statutory_age_months) == (60, 1)
    assert d.retirement_date == D(2025, 4, 15)
    assert d.governing_law is RetirementLaw.REFORM_2025
    assert d.original_retirement_date == D(2025, 3, 15)
    assert d.reason_codes == (
        "retirement.not_yet_retired",
        "retirement.age_raised",
        "retirement.enacted_law_governs",
    )


def test_asked_on_the_last_day_of_2024_a_man_born_march_1966_retires_in_july_2026() -> None:
    d = retirement(
        _case(birth_date=D(1966, 3, 15), evaluation_date=D(2024, 12, 31), contribution_months=200)
    )
    assert (d.statutory_age_years, d.statutory_age_months) == (60, 4)
    assert d.retirement_date == D(2026, 7, 15)


def test_the_enacted_law_reason_says_which_law_governs_and_why() -> None:
    d = retirement(_case(evaluation_date=D(2024, 10, 1), contribution_months=200))
    reason = _reason(d, "retirement.enacted_law_governs")
    assert reason.message_en == (
        "On 2024-10-01 the decision of the NPC Standing Committee raising the statutory retirement "
        "age, adopted on 2024-09-13, is not yet in force (it is from 2025-01-01), yet it governs "
        "this retirement: the law is chosen by the day the retirement falls on (2025-03-15 at the "
        "original age of 60 years), not by the day the question is asked."
    )
    assert reason.message_zh == (
        "2024-10-01全国人大常委会于2024-09-13通过的延迟法定退休年龄决定尚未施行（自2025-01-01起施行），"
        "但适用于本次退休：适用哪一规定取决于退休之日（按原法定退休年龄60周岁为2025-03-15），而非询问之日。"
    )
    assert [c.passage for c in reason.citations] == ["entry_into_force", "schedule"]


@pytest.mark.parametrize(
    ("asked", "says_enacted"), [(D(2024, 12, 31), True), (D(2025, 1, 1), False)]
)
def test_the_enacted_law_reason_is_given_only_before_the_in_force_day(
    asked: dt.date, says_enacted: bool
) -> None:
    d = retirement(_case(evaluation_date=asked, contribution_months=200))
    assert d.retirement_date == D(2025, 4, 15)
    assert ("retirement.enacted_law_governs" in d.reason_codes) is says_enacted


def test_asked_before_the_decision_was_adopted_the_reform_still_governs_by_default() -> None:
    d = retirement(
        _case(birth_date=D(1966, 2, 1), evaluation_date=D(2024, 3, 1), contribution_months=200)
    )
    assert (d.statutory_age_years, d.statutory_age_months) == (60, 4)
    assert d.retirement_date == D(2026, 6, 1)
    assert "retirement.reform_not_in_force" not in d.reason_codes


@pytest.mark.parametrize(
    ("asked", "law", "day"),
    [
        (D(2024, 9, 12), RetirementLaw.ORIGINAL, D(2026, 2, 1)),
        (D(2024, 9, 13), RetirementLaw.REFORM_2025, D(2026, 6, 1)),
    ],
)
def test_under_the_law_as_known_a_question_before_the_adoption_gets_the_original_age(
    asked: dt.date, law: RetirementLaw, day: dt.date
) -> None:
    case = _case(birth_date=D(1966, 2, 1), evaluation_date=asked, contribution_months=200)
    d = retirement(case, options=_AS_KNOWN)
    assert d.governing_law is law
    assert d.retirement_date == day
    assert ("retirement.reform_not_in_force" in d.reason_codes) is (law is RetirementLaw.ORIGINAL)


def test_the_reading_of_the_law_as_known_names_itself() -> None:
    case = _case(birth_date=D(1966, 2, 1), evaluation_date=D(2024, 3, 1), contribution_months=200)
    reason = _reason(retirement(case, options=_AS_KNOWN), "retirement.reform_not_in_force")
    assert reason.message_en == (
        "On 2024-03-01 the decision raising the statutory retirement age was not yet adopted (it was "
        "adopted on 2024-09-13 and governs retirements from 2025-01-01); under the chosen reading "
        "(governing_law: known_on_evaluation_date) the law then known applies: the original age of "
        "60 years of a man, reached on 2026-02-01."
    )
    assert reason.message_zh.startswith("2024-03-01延迟法定退休年龄的决定尚未通过")


@pytest.mark.parametrize(
    ("last_original", "first_reformed", "category"),
    [
        (D(1964, 12, 31), D(1965, 1, 1), MEN),
        (D(1969, 12, 31), D(1970, 1, 1), WOMEN_55),
        (D(1974, 12, 31), D(1975, 1, 1), WOMEN_50),
    ],
)
def test_the_retirement_day_under_the_original_age_chooses_the_version(
    last_original: dt.date, first_reformed: dt.date, category: RetirementCategory
) -> None:
    before = statutory_retirement_age(last_original, category, parameters=_P)
    after = statutory_retirement_age(first_reformed, category, parameters=_P)
    assert before.original_date == D(2024, 12, 31)
    assert (before.law, before.delay_months, before.reform_in_force) == (
        RetirementLaw.ORIGINAL,
        0,
        False,
    )
    assert after.original_date == D(2025, 1, 1)
    assert (after.law, after.delay_months, after.reform_in_force) == (
        RetirementLaw.REFORM_2025,
        1,
        True,
    )


def test_the_law_before_the_reform_says_why_the_age_is_not_raised() -> None:
    d = retirement(_case(birth_date=D(1960, 7, 1)))
    assert d.governing_law is RetirementLaw.ORIGINAL
    assert (d.statutory_age_years, d.delay_months) == (60, 0)
    reason = _reason(d, "retirement.age_not_raised")
    assert reason.message_en == (
        "Born on 1960-07-01: a man reaches the original statutory retirement age of 60 years on "
        "2020-07-01, before 2025-01-01, from which the 2025 reform governs retirements; the law "
        "before the reform governs this retirement, and the age is not raised."
    )
    assert reason.message_zh == (
        "出生于1960-07-01：男职工于2020-07-01达到原法定退休年龄60周岁，早于2025年改革施行之日"
        "2025-01-01；本次退休适用改革前的规定，退休年龄不延迟。"
    )


def test_a_day_after_reading_can_bring_a_december_1964_birth_under_the_reform_unraised() -> None:
    d = retirement(
        _case(birth_date=D(1964, 12, 31), evaluation_date=D(2026, 1, 5)), options=_DAY_AFTER
    )
    assert d.governing_law is RetirementLaw.REFORM_2025
    assert (d.statutory_age_years, d.statutory_age_months, d.retirement_date) == (
        60,
        0,
        D(2025, 1, 1),
    )
    reason = _reason(d, "retirement.born_before_first_raised_month")
    assert reason.message_en == (
        "Born on 1964-12-31, before 1965-01, the first birth month the 2025 reform raises: the "
        "reform governs this retirement (from 2025-01-01) but leaves the statutory retirement age "
        "of a man at 60 years, reached on 2025-01-01."
    )


def test_the_version_is_chosen_by_the_in_force_date_not_by_which_parameters_exist() -> None:
    later = _P.with_value("retirement.reform_in_force", D(2026, 1, 1))
    a = statutory_retirement_age(D(1965, 6, 1), MEN, parameters=later)
    assert a.law is RetirementLaw.ORIGINAL  # 2025-06-01 is now before the in-force day
    assert "retirement.target_age_men" in later.versions
    assert (a.age_years, a.age_months) == (60, 0)


def test_a_parameter_set_without_the_reform_cannot_answer_a_retirement_it_governs() -> None:
    old = parameters_for("440100", on=D(2024, 3, 1))
    with pytest.raises(ParameterNotInForceError, match="retirement.target_age_men"):
        statutory_retirement_age(D(1966, 2, 1), MEN, parameters=old)
    assert statutory_retirement_age(D(1964, 2, 1), MEN, parameters=old).age_years == 60


def test_each_version_states_its_text_and_the_day_it_governs_from() -> None:
    original = "".join((inspect.getdoc(statutory_age_2011_07) or "").split())
    reform = "".join((inspect.getdoc(statutory_age_2025_01) or "").split())
    for text in (
        "男年满六十周岁，女年满五十周岁",
        "男年满六十周岁，女年满五十五周岁",
        "2025-01-01",
        "2011-07-01",
    ):
        assert text in original
    for text in ("每四个月延迟一个月", "每二个月延迟一个月", "2025-01-01", "2024-09-13"):
        assert text in reform


def test_the_two_versions_agree_on_the_original_age() -> None:
    old = statutory_age_2011_07(D(1960, 3, 1), MEN, law=_P)
    new = statutory_age_2025_01(D(1960, 3, 1), MEN, law=_P, schedule=_P)
    assert old.retirement_date == new.retirement_date == D(2020, 3, 1)
    assert (old.law, new.law) == (RetirementLaw.ORIGINAL, RetirementLaw.REFORM_2025)


def test_governing_law_compares_the_original_retirement_day_with_the_in_force_day() -> None:
    dates = {"reform_in_force": D(2025, 1, 1), "reform_enacted": D(2024, 9, 13)}
    assert governing_law(D(2024, 12, 31), **dates) is RetirementLaw.ORIGINAL
    assert governing_law(D(2025, 1, 1), **dates) is RetirementLaw.REFORM_2025
    assert (
        governing_law(D(2025, 1, 1), evaluation_date=D(2020, 1, 1), options=_AS_KNOWN, **dates)
        is RetirementLaw.ORIGINAL
    )


def test_the_decision_records_the_enactment_and_in_force_dates_it_chose_the_law_by() -> None:
    d = retirement(_case())
    assert [p.name for p in d.parameters] == [
        "retirement.original_age_men",
        "retirement.reform_in_force",
        "retirement.reform_enacted",
        "retirement.target_age_men",
        "retirement.birth_months_per_month_men",
        "retirement.first_raised_birth_month_men",
        "retirement.medical_contribution_years_men",
    ]
    values = {p.name: p.value for p in d.parameters}
    assert values["retirement.reform_in_force"] == "2025-01-01"
    assert values["retirement.reform_enacted"] == "2024-09-13"


def test_the_law_before_the_reform_reads_no_value_of_the_reform() -> None:
    names = {p.name for p in retirement(_case(birth_date=D(1960, 7, 1))).parameters}
    assert "retirement.target_age_men" not in names
    assert "retirement.reform_in_force" in names


def test_an_unknown_first_raised_birth_month_is_refused_as_data() -> None:
    p = _P.with_value("retirement.first_raised_birth_month_men", None)
    with pytest.raises(ParameterDataError, match="first_raised_birth_month_men"):
        statutory_retirement_age(D(1970, 6, 15), MEN, parameters=p)


def test_an_age_beyond_what_the_rule_computes_is_refused_as_data() -> None:
    p = _P.with_value("retirement.target_age_men", 95)
    with pytest.raises(ParameterDataError, match="target_age_men"):
        statutory_retirement_age(D(1970, 6, 15), MEN, parameters=p)


# ======================================================================================================
# Article 27 at the retirement day
# ======================================================================================================


def test_at_the_required_years_on_the_retirement_day_no_further_premiums_are_paid() -> None:
    d = retirement(_case(evaluation_date=D(2025, 4, 15), contribution_months=300))
    assert d.outcome is RetirementOutcome.NO_FURTHER_PREMIUMS
    assert d.reason_codes == ("retirement.no_further_premiums", "retirement.age_raised")
    assert d.shortfall_total_months == 0
    assert RetirementDecision.model_validate_json(d.model_dump_json()) == d


def test_one_month_short_of_the_required_years_may_top_up_one_month() -> None:
    d = retirement(_case(evaluation_date=D(2025, 4, 15), contribution_months=299))
    assert d.outcome is RetirementOutcome.MAY_TOP_UP
    assert (d.shortfall_years, d.shortfall_months, d.shortfall_total_months) == (0, 1, 1)
    assert "0 years 1 month(s)" in d.reasons[0].message_en


def test_the_shortfall_is_given_in_years_and_months() -> None:
    d = retirement(_case(contribution_months=200))
    assert (d.shortfall_years, d.shortfall_months) == (8, 4)
    assert d.reasons[0].facts["shortfall_total"] == 100


def test_the_day_before_the_retirement_day_is_not_yet_retired() -> None:
    d = retirement(_case(evaluation_date=D(2025, 4, 14), contribution_months=200))
    assert d.outcome is RetirementOutcome.NOT_YET_RETIRED
    assert d.reason_codes[0] == "retirement.not_yet_retired"
    assert d.retirement_date == D(2025, 4, 15)
    assert "2025-04-15" in d.reasons[0].message_en


def test_not_yet_retired_with_the_years_already_met_says_so() -> None:
    d = retirement(_case(evaluation_date=D(2025, 1, 1), contribution_months=310))
    assert d.outcome is RetirementOutcome.NOT_YET_RETIRED
    assert d.reason_codes[0] == "retirement.not_yet_retired_years_met"


def test_women_need_their_own_required_years() -> None:
    case = _case(
        birth_date=D(1970, 2, 10), sex="female", woman_category="cadre", contribution_months=240
    )
    d = retirement(case)
    assert d.retirement_date == D(2025, 3, 10)  # 55 years 1 month
    assert d.outcome is RetirementOutcome.NO_FURTHER_PREMIUMS
    assert d.required_years == 20
    short = retirement(case.model_copy(update={"contribution_months": 239}))
    assert short.outcome is RetirementOutcome.MAY_TOP_UP


def test_the_end_state_is_named_in_the_reasons() -> None:
    d = retirement(_case(birth_date=D(1980, 1, 1), contribution_months=100))
    assert d.outcome is RetirementOutcome.NOT_YET_RETIRED
    assert d.retirement_date == D(2043, 1, 1)
    assert "retirement.age_end_state" in d.reason_codes


@pytest.mark.parametrize(
    ("kw", "code", "en", "zh"),
    [
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
            {"birth_date": D(1975, 3, 10), "sex": "female", "woman_category": "worker"},
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
    reason = _reason(retirement(_case(**{"contribution_months": 200, **kw})), code)
    assert reason.message_en == en
    assert reason.message_zh == zh


def test_the_required_years_are_a_parameter() -> None:
    p = _P.with_value("retirement.medical_contribution_years_men", 15)
    d = retirement(_case(contribution_months=180), parameters=p)
    assert d.outcome is RetirementOutcome.NO_FURTHER_PREMIUMS
    assert d.required_years == 15


def test_the_required_years_are_those_in_force_on_the_retirement_day() -> None:
    d = retirement(_case(birth_date=D(1980, 1, 1), contribution_months=100))
    (used,) = (p for p in d.parameters if p.name == "retirement.medical_contribution_years_men")
    assert used.effective_from <= d.retirement_date
    assert used.effective_to is None or d.retirement_date < used.effective_to


def test_a_retirement_day_before_the_parameters_begin_is_refused_naming_the_birth_date() -> None:
    with pytest.raises(ParameterNotInForceError) as raised:
        retirement(_case(birth_date=D(1951, 6, 30)))  # 60 on 2011-06-30
    assert str(raised.value).startswith("birth_date: parameter '*'")
    assert "the retirement falls on 2011-06-30 with birth_date 1951-06-30" in str(raised.value)
    assert retirement(_case(birth_date=D(1951, 7, 1))).retirement_date == D(2011, 7, 1)


def test_an_evaluation_before_the_parameters_begin_is_refused_naming_it() -> None:
    with pytest.raises(ParameterNotInForceError, match="^evaluation_date: "):
        retirement(
            _case(birth_date=D(1950, 3, 15), contribution_months=100, evaluation_date=D(2010, 6, 1))
        )


def test_a_jurisdiction_without_a_required_years_figure_is_refused_naming_it() -> None:
    with pytest.raises(
        ParameterNotInForceError, match="^jurisdiction: .*medical_contribution_years_men"
    ):
        retirement(_case(jurisdiction="440000"))


# ======================================================================================================
# Flexible retirement (the Measures art. 3)
# ======================================================================================================

_PENSION_OK = 240


def _flexible(chosen: dt.date, **kw: Any) -> RetirementDecision:
    return retirement(_case(chosen_retirement_date=chosen, **kw))


def test_early_retirement_at_the_original_age_with_the_pension_years_is_allowed() -> None:
    d = _flexible(D(2025, 3, 15), pension_contribution_months=180, evaluation_date=D(2025, 3, 20))
    assert d.outcome is RetirementOutcome.NO_FURTHER_PREMIUMS
    assert d.retirement_date == D(2025, 3, 15)
    assert d.statutory_retirement_date == D(2025, 4, 15)
    assert d.earliest_retirement_date == D(2025, 3, 15)
    assert d.minimum_pension_contribution_months == 180
    assert d.reason_codes == (
        "retirement.flexible_no_further_premiums",
        "retirement.flexible_early_retirement",
        "retirement.age_raised",
    )


def test_early_retirement_the_day_before_the_original_age_is_refused() -> None:
    d = _flexible(D(2025, 3, 14), pension_contribution_months=_PENSION_OK)
    assert d.outcome is RetirementOutcome.FLEXIBLE_DATE_NOT_ALLOWED
    assert d.reason_codes[0] == "retirement.flexible_below_original_age"
    assert d.retirement_date == d.statutory_retirement_date == D(2025, 4, 15)
    assert d.reasons[0].message_en == (
        "The chosen retirement day 2025-03-14 is before 2025-03-15, when a man reaches the original "
        "statutory retirement age of 60 years: flexible early retirement never goes below the "
        "original age; the earliest day allowed is 2025-03-15."
    )


def _end_state_woman(chosen: dt.date, **kw: Any) -> RetirementDecision:
    """Born 1 November 1984, a woman worker at the end state: 55 on 2039-11-01, original age 50 on
    2034-11-01, three years early on 2036-11-01."""
    return retirement(
        _woman_worker(
            birth_date=D(1984, 11, 1),
            contribution_months=200,
            chosen_retirement_date=chosen,
            **kw,
        )
    )


def test_early_retirement_exactly_three_years_early_is_allowed() -> None:
    d = _end_state_woman(D(2036, 11, 1), pension_contribution_months=222)
    assert d.outcome is RetirementOutcome.NOT_YET_RETIRED
    assert d.reason_codes[:2] == (
        "retirement.flexible_not_yet_retired",
        "retirement.flexible_early_retirement",
    )
    assert d.earliest_retirement_date == D(2036, 11, 1)
    assert d.minimum_pension_contribution_months == 222  # 18.5 years in 2036


def test_early_retirement_one_day_more_than_three_years_early_is_refused() -> None:
    d = _end_state_woman(D(2036, 10, 31), pension_contribution_months=222)
    assert d.outcome is RetirementOutcome.FLEXIBLE_DATE_NOT_ALLOWED
    assert d.reason_codes[0] == "retirement.flexible_too_early"
    assert "retirement.flexible_below_original_age" not in d.reason_codes
    assert d.reasons[0].message_en == (
        "The chosen retirement day 2036-10-31 is more than 36 months before the statutory "
        "retirement day 2039-11-01: flexible early retirement is at most three years early; the "
        "earliest day allowed is 2036-11-01."
    )


def test_a_day_both_too_early_and_below_the_original_age_gets_both_reasons() -> None:
    d = retirement(
        _case(
            birth_date=D(1976, 9, 1), contribution_months=200, chosen_retirement_date=D(2036, 8, 31)
        )
    )
    assert d.reason_codes[:2] == (
        "retirement.flexible_too_early",
        "retirement.flexible_below_original_age",
    )


@pytest.mark.parametrize(
    ("person", "chosen", "minimum"),
    [
        ({"birth_date": D(1969, 12, 31)}, D(2029, 12, 31), 180),  # a man, 60 that day
        ({"birth_date": D(1970, 1, 1)}, D(2030, 1, 1), 186),  # 15 years 6 months from 2030
        (
            {"birth_date": D(1984, 11, 1), "sex": "female", "woman_category": "worker"},
            D(2036, 11, 1),
            222,
        ),
        (
            {"birth_date": D(1984, 11, 1), "sex": "female", "woman_category": "worker"},
            D(2039, 1, 1),
            240,
        ),
    ],
)
def test_the_minimum_pension_years_are_those_of_the_chosen_year(
    person: dict[str, Any], chosen: dt.date, minimum: int
) -> None:
    case = _case(contribution_months=200, chosen_retirement_date=chosen, **person)
    enough = retirement(case.model_copy(update={"pension_contribution_months": minimum}))
    short = retirement(case.model_copy(update={"pension_contribution_months": minimum - 1}))
    assert enough.minimum_pension_contribution_months == minimum
    assert "retirement.flexible_early_retirement" in enough.reason_codes
    assert short.outcome is RetirementOutcome.FLEXIBLE_DATE_NOT_ALLOWED
    assert short.reason_codes[0] == "retirement.flexible_pension_years_not_met"


def test_the_pension_years_are_not_the_medical_insurance_years() -> None:
    d = _flexible(D(2025, 3, 15), contribution_months=400, pension_contribution_months=179)
    assert d.outcome is RetirementOutcome.FLEXIBLE_DATE_NOT_ALLOWED
    reason = d.reasons[0]
    assert reason.code == "retirement.flexible_pension_years_not_met"
    assert reason.message_en == (
        "Flexible early retirement on 2025-03-15 needs the minimum basic pension contribution of "
        "15 years 0 month(s) for a retirement in 2025; 14 years 11 month(s) of pension "
        "contributions are 1 month(s) short. These are the pension years, not the medical "
        "insurance years of article 27."
    )


def test_early_retirement_without_the_pension_months_is_undetermined() -> None:
    d = _flexible(D(2025, 3, 15))
    assert d.outcome is RetirementOutcome.UNDETERMINED
    assert d.reason_codes[0] == "retirement.pension_contribution_unknown"
    assert "pension_contribution_months" in d.reasons[0].message_en


def test_a_failed_condition_outweighs_a_missing_fact() -> None:
    d = _flexible(D(2025, 3, 14))
    assert d.outcome is RetirementOutcome.FLEXIBLE_DATE_NOT_ALLOWED
    assert d.reason_codes[:2] == (
        "retirement.flexible_below_original_age",
        "retirement.pension_contribution_unknown",
    )


def test_a_flexible_day_before_the_reform_is_not_allowed() -> None:
    d = retirement(
        _case(
            birth_date=D(1965, 1, 15),
            chosen_retirement_date=D(2024, 12, 31),
            pension_contribution_months=_PENSION_OK,
        )
    )
    assert d.outcome is RetirementOutcome.FLEXIBLE_DATE_NOT_ALLOWED
    assert d.reason_codes[:2] == (
        "retirement.flexible_before_reform",
        "retirement.flexible_below_original_age",
    )
    assert d.reasons[0].message_en == (
        "The chosen retirement day 2024-12-31 is before 2025-01-01: flexible retirement comes with "
        "the decision of the NPC Standing Committee adopted on 2024-09-13, which governs "
        "retirements from 2025-01-01; no flexible retirement day before it is allowed."
    )


@pytest.mark.parametrize(
    ("chosen", "codes"),
    [
        (
            D(2021, 1, 1),
            ("retirement.flexible_before_reform", "retirement.flexible_not_under_reform"),
        ),
        (D(2026, 1, 1), ("retirement.flexible_not_under_reform",)),
    ],
)
def test_a_retirement_under_the_law_before_the_reform_has_no_flexible_day(
    chosen: dt.date, codes: tuple[str, ...]
) -> None:
    d = retirement(
        _case(birth_date=D(1960, 7, 1), chosen_retirement_date=chosen, employer_agrees=True)
    )
    assert d.outcome is RetirementOutcome.FLEXIBLE_DATE_NOT_ALLOWED
    assert d.reason_codes[: len(codes)] == codes
    assert d.earliest_retirement_date is None
    assert d.latest_retirement_date is None


def test_later_retirement_exactly_three_years_late_by_agreement_is_allowed() -> None:
    d = _flexible(D(2028, 4, 15), employer_agrees=True, evaluation_date=D(2028, 5, 1))
    assert d.outcome is RetirementOutcome.NO_FURTHER_PREMIUMS
    assert d.retirement_date == D(2028, 4, 15)
    assert d.latest_retirement_date == D(2028, 4, 15)
    assert d.reason_codes[:2] == (
        "retirement.flexible_no_further_premiums",
        "retirement.flexible_later_retirement",
    )


def test_later_retirement_one_day_more_than_three_years_late_is_refused() -> None:
    d = _flexible(D(2028, 4, 16), employer_agrees=True)
    assert d.outcome is RetirementOutcome.FLEXIBLE_DATE_NOT_ALLOWED
    assert d.reason_codes[0] == "retirement.flexible_too_late"
    assert "the latest day allowed is 2028-04-15" in d.reasons[0].message_en


def test_later_retirement_without_the_employers_agreement_is_refused() -> None:
    d = _flexible(D(2026, 4, 15), employer_agrees=False)
    assert d.outcome is RetirementOutcome.FLEXIBLE_DATE_NOT_ALLOWED
    assert d.reason_codes[0] == "retirement.flexible_later_not_agreed"


def test_later_retirement_too_late_and_not_agreed_gets_both_reasons() -> None:
    d = _flexible(D(2030, 1, 1), employer_agrees=False)
    assert d.reason_codes[:2] == (
        "retirement.flexible_too_late",
        "retirement.flexible_later_not_agreed",
    )


def test_later_retirement_without_knowing_the_employers_answer_is_undetermined() -> None:
    d = _flexible(D(2026, 4, 15))
    assert d.outcome is RetirementOutcome.UNDETERMINED
    assert d.reason_codes[0] == "retirement.employer_agreement_unknown"
    assert "employer_agrees" in d.reasons[0].message_en


@pytest.mark.parametrize(
    ("evaluated", "medical", "code", "outcome"),
    [
        (D(2025, 3, 14), 300, "retirement.flexible_not_yet_retired_years_met", "not_yet_retired"),
        (D(2025, 3, 14), 200, "retirement.flexible_not_yet_retired", "not_yet_retired"),
        (D(2025, 3, 15), 300, "retirement.flexible_no_further_premiums", "no_further_premiums"),
        (D(2025, 3, 15), 299, "retirement.flexible_may_top_up", "may_top_up"),
    ],
)
def test_article_27_is_applied_on_the_chosen_day(
    evaluated: dt.date, medical: int, code: str, outcome: str
) -> None:
    d = _flexible(
        D(2025, 3, 15),
        evaluation_date=evaluated,
        contribution_months=min(medical, months_of_working_age(D(1965, 3, 15), evaluated)),
        pension_contribution_months=200,
    )
    assert d.outcome.value == outcome
    assert d.reason_codes[0] == code
    assert d.retirement_date == D(2025, 3, 15)


def test_the_chosen_day_of_the_statutory_retirement_is_no_flexible_retirement() -> None:
    plain = retirement(_case())
    same = _flexible(D(2025, 4, 15))
    assert same.reason_codes == plain.reason_codes
    assert same.outcome is plain.outcome
    assert same.chosen_retirement_date == D(2025, 4, 15)


def test_the_flexible_check_records_the_parameters_it_read() -> None:
    early = _flexible(D(2025, 3, 15), pension_contribution_months=180)
    later = _flexible(D(2026, 4, 15), employer_agrees=True)
    assert [p.name for p in early.parameters][-2:] == [
        "retirement.flexible_earlier_max_months",
        "retirement.minimum_pension_contribution_months",
    ]
    assert [p.name for p in later.parameters][-1] == "retirement.flexible_later_max_months"


# ======================================================================================================
# Bad input
# ======================================================================================================


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
        ({"birth_date": D(1899, 12, 31)}, "birth_date"),
        ({"birth_date": D(9936, 12, 31), "evaluation_date": D(9999, 12, 31)}, "birth_date"),
        ({"chosen_retirement_date": D(1965, 3, 14)}, "chosen_retirement_date"),
        ({"chosen_retirement_date": 1735689600}, "chosen_retirement_date"),
        ({"pension_contribution_months": 800}, "pension_contribution_months"),
        ({"pension_contribution_months": -1}, "pension_contribution_months"),
        ({"employer_agrees": "yes"}, "employer_agrees"),
    ],
)
def test_contradictory_retirement_input_is_refused_naming_the_field_in_its_location(
    overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        _case(**overrides)
    locations = [error["loc"] for error in raised.value.errors()]
    assert (field,) in locations, locations
    assert field in str(raised.value)


def test_an_evaluation_before_the_birth_names_both_fields() -> None:
    with pytest.raises(ValidationError) as raised:
        _case(evaluation_date=D(1965, 3, 14))
    (error,) = raised.value.errors()
    assert error["loc"] == ("evaluation_date",)
    assert "evaluation_date: 1965-03-14 is before birth_date 1965-03-15" in error["msg"]


def test_a_one_year_old_with_twelve_months_of_employee_contributions_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        _case(birth_date=D(2024, 1, 1), evaluation_date=D(2025, 1, 1), contribution_months=12)
    (error,) = raised.value.errors()
    assert error["loc"] == ("contribution_months",)
    assert "more than the 0 calendar months from the age of 16" in error["msg"]
    assert _case(birth_date=D(2024, 1, 1), evaluation_date=D(2025, 1, 1), contribution_months=0)


def test_contribution_months_up_to_those_since_the_age_of_16_are_accepted() -> None:
    case = {"birth_date": D(2000, 1, 15), "evaluation_date": D(2026, 1, 5)}
    assert months_of_working_age(D(2000, 1, 15), D(2026, 1, 5)) == 121
    assert _case(contribution_months=121, **case).contribution_months == 121
    with pytest.raises(ValidationError, match="contribution_months: 122 is more than the 121"):
        _case(contribution_months=122, **case)


def test_pension_months_are_bounded_by_the_later_of_the_evaluation_and_the_chosen_day() -> None:
    case = {
        "birth_date": D(2000, 1, 15),
        "evaluation_date": D(2026, 1, 5),
        "contribution_months": 0,
    }
    later = _case(chosen_retirement_date=D(2027, 1, 5), pension_contribution_months=133, **case)
    assert later.pension_contribution_months == 133
    with pytest.raises(ValidationError) as raised:
        _case(chosen_retirement_date=D(2027, 1, 5), pension_contribution_months=134, **case)
    (error,) = raised.value.errors()
    assert error["loc"] == ("pension_contribution_months",)
    assert "to chosen_retirement_date 2027-01-05" in error["msg"]
    with pytest.raises(ValidationError, match="to evaluation_date 2026-01-05"):
        _case(chosen_retirement_date=D(2025, 1, 5), pension_contribution_months=122, **case)


@pytest.mark.parametrize(
    ("birth", "accepted"),
    [
        (EARLIEST_BIRTH_DATE - dt.timedelta(days=1), False),
        (EARLIEST_BIRTH_DATE, True),
        (LATEST_BIRTH_DATE, True),
        (LATEST_BIRTH_DATE + dt.timedelta(days=1), False),
    ],
)
def test_the_birth_date_bounds_include_their_own_days(birth: dt.date, accepted: bool) -> None:
    if accepted:
        assert _case(birth_date=birth, evaluation_date=D(9999, 12, 31)).birth_date == birth
    else:
        with pytest.raises(ValidationError, match="birth_date: "):
            _case(birth_date=birth, evaluation_date=D(9999, 12, 31))


def test_the_latest_birth_date_gives_dates_every_way_it_is_read() -> None:
    case = _case(
        birth_date=LATEST_BIRTH_DATE, evaluation_date=D(9999, 12, 31), contribution_months=0
    )
    far = case.model_copy(
        update={"chosen_retirement_date": D(9999, 12, 31), "employer_agrees": True}
    )
    for options in (RetirementOptions(), _DAY_AFTER):
        assert retirement(case, options=options).outcome is RetirementOutcome.MAY_TOP_UP
        assert (
            retirement(far, options=options).outcome is RetirementOutcome.FLEXIBLE_DATE_NOT_ALLOWED
        )


# ======================================================================================================
# Catalogue and reasons
# ======================================================================================================


def test_the_rule_is_in_the_catalogue_and_evaluates_from_json() -> None:
    spec = get_rule("eligibility.retirement")
    assert spec.function is retirement
    d = evaluate(
        "eligibility.retirement",
        '{"birth_date": "1965-03-15", "sex": "male", "contribution_months": 300, '
        '"evaluation_date": "2024-10-01"}',
    )
    assert d.outcome == "not_yet_retired"
    assert d.retirement_date == D(2025, 4, 15)


def test_existing_inputs_without_the_new_facts_still_validate() -> None:
    case = RetirementCase.model_validate(
        {
            "birth_date": "1965-03-15",
            "sex": "male",
            "contribution_months": 281,
            "evaluation_date": "2025-04-15",
        }
    )
    assert case.chosen_retirement_date is None
    assert case.pension_contribution_months is None
    assert case.employer_agrees is None


def test_every_reason_code_is_unique_cited_and_in_the_catalogue() -> None:
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
    flexible = by_code["retirement.flexible_pension_years_not_met"].citations
    assert [c.passage for c in flexible] == ["flexible_retirement", "minimum_contribution_years"]
    assert all(c.instrument is Instrument.RETIREMENT_AGE_DECISION for c in flexible)
    assert flexible[0].text_zh is not None
    assert "弹性提前退休" in flexible[0].text_zh


def _reached() -> set[str]:
    cases: list[tuple[RetirementCase, RetirementOptions]] = [
        (_case(), RetirementOptions()),
        (_case(contribution_months=10), RetirementOptions()),
        (_case(evaluation_date=D(2024, 1, 1), contribution_months=10), RetirementOptions()),
        (_case(evaluation_date=D(2025, 1, 1), contribution_months=310), RetirementOptions()),
        (_case(birth_date=D(1960, 1, 1)), RetirementOptions()),
        (_case(birth_date=D(1966, 1, 1), evaluation_date=D(2024, 1, 1)), _AS_KNOWN),
        (_case(birth_date=D(1964, 12, 31)), _DAY_AFTER),
        (_case(birth_date=D(1980, 1, 31), contribution_months=100), RetirementOptions()),
        (_woman_worker(birth_date=D(1975, 1, 31)), _DAY_AFTER),
        (
            _case(chosen_retirement_date=D(2025, 3, 15), pension_contribution_months=180),
            RetirementOptions(),
        ),
        (
            _case(chosen_retirement_date=D(2025, 3, 15), contribution_months=200),
            RetirementOptions(),
        ),
        (
            _case(chosen_retirement_date=D(2024, 12, 1), pension_contribution_months=100),
            RetirementOptions(),
        ),
        (
            _case(birth_date=D(1960, 7, 1), chosen_retirement_date=D(2026, 1, 1)),
            RetirementOptions(),
        ),
        (
            _case(
                birth_date=D(1976, 9, 1),
                contribution_months=200,
                chosen_retirement_date=D(2030, 1, 1),
            ),
            RetirementOptions(),
        ),
        (_case(chosen_retirement_date=D(2030, 1, 1), employer_agrees=False), RetirementOptions()),
        (_case(chosen_retirement_date=D(2026, 1, 1)), RetirementOptions()),
        (
            _case(
                chosen_retirement_date=D(2026, 1, 1),
                employer_agrees=True,
                evaluation_date=D(2026, 2, 1),
                contribution_months=250,
            ),
            RetirementOptions(),
        ),
        (
            _case(
                chosen_retirement_date=D(2026, 1, 1),
                employer_agrees=True,
                evaluation_date=D(2025, 5, 1),
                contribution_months=200,
            ),
            RetirementOptions(),
        ),
        (
            _case(
                chosen_retirement_date=D(2026, 1, 1),
                employer_agrees=True,
                evaluation_date=D(2025, 5, 1),
            ),
            RetirementOptions(),
        ),
        (
            _case(chosen_retirement_date=D(2025, 3, 15), pension_contribution_months=100),
            RetirementOptions(),
        ),
    ]
    reached: set[str] = set()
    for case, options in cases:
        reached.update(retirement(case, options=options).reason_codes)
    return reached


def test_every_reason_code_of_the_module_is_reached() -> None:
    missing = {t.code for t in module.REASONS} - _reached()
    assert not missing
