"""Retirement under Social Insurance Law art. 27, with the statutory retirement age of the 2025 reform.

Social Insurance Law art. 27: "Individuals who participate in the basic medical insurance for
employees will not pay the basic medical insurance premium after retirement and enjoy the basic
medical insurance benefits in accordance with the provisions of the state if they reach the statutory
retirement age and the accumulated payment has reached the fixed number of years stipulated by the
state; Those who have not reached the fixed number of years prescribed by the state may pay the fees
to the fixed number of years prescribed by the state." (quoted by source 004)

NPC Standing Committee decision of 2024-09-13 (in force 2025-01-01): over 15 years the statutory
retirement age rises from 60 to 63 for men, from 55 to 58 for women whose original age was 55, and
from 50 to 55 for women whose original age was 50: one month later for every 4 months of birth (every
2 months for women of original age 50), starting with those born in January 1965 (men), January 1970
(women, 55) and January 1975 (women, 50).
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Self

from pydantic import BaseModel, Field, model_validator

from medins_rules.core.errors import DATE_NOT_COVERED
from medins_rules.core.legal import Instrument, cite, cite_passage
from medins_rules.core.model import (
    FROZEN,
    Day,
    Decision,
    Jurisdiction,
    ParameterUse,
    Reason,
    ReasonTemplate,
    RuleSpec,
)
from medins_rules.core.parameters import ParameterSet, ParameterVersion, parameters_for
from medins_rules.core.periods import add_months

__all__ = [
    "DEFAULT_RETIREMENT_OPTIONS",
    "REASONS",
    "RULES",
    "AgeReachedDay",
    "RetirementCase",
    "RetirementCategory",
    "RetirementDecision",
    "RetirementOptions",
    "RetirementOutcome",
    "Sex",
    "StatutoryRetirementAge",
    "WomanCategory",
    "retirement",
    "retirement_category",
    "statutory_retirement_age",
]


class AgeReachedDay(StrEnum):
    """The day a person is taken to have reached an age of so many years and months (retirement)."""

    CORRESPONDING_DAY = "corresponding_day"
    """The corresponding day of the birth date in the final month (the month end where there is
    none): born 15 Jan 1965, 60 years 1 month are reached on 15 Feb 2025."""
    DAY_AFTER = "day_after"
    """The day after the corresponding day (an age is "full" only once the birthday has passed)."""


class RetirementOptions(BaseModel):
    """Interpretive choices of the retirement rule (``docs/interpretive-choices.md``).

    ``age_reached_on``: the day an age of so many years and months is reached; by default the
    corresponding day of the birth date (``corresponding_day``); ``day_after`` takes the next day.
    """

    model_config = FROZEN

    age_reached_on: AgeReachedDay = AgeReachedDay.CORRESPONDING_DAY


DEFAULT_RETIREMENT_OPTIONS = RetirementOptions()


def years_and_months(months: int) -> tuple[int, int]:
    """Split a number of months into whole years and the months left over.

    >>> years_and_months(301)
    (25, 1)
    """
    return divmod(months, 12)


RULE = "eligibility.retirement"

_SIL_27 = cite(Instrument.SOCIAL_INSURANCE_LAW, 27)
_SCHEDULE = cite_passage(Instrument.RETIREMENT_AGE_DECISION, "schedule")
_ART_202 = cite(Instrument.CIVIL_CODE, 202)

MAX_CONTRIBUTION_MONTHS = 1200
"""An upper bound on accumulated contribution months that input validation enforces (100 years)."""


class Sex(StrEnum):
    """The person's sex, as the retirement rules distinguish it."""

    MALE = "male"
    FEMALE = "female"


class WomanCategory(StrEnum):
    """A woman's category, which fixes her original statutory retirement age."""

    CADRE = "cadre"
    """Cadres, managerial and technical posts: original age 55."""
    WORKER = "worker"
    """Workers: original age 50."""


class RetirementCategory(StrEnum):
    """The three schedules of the reform."""

    MEN = "men"
    WOMEN_55 = "women_55"
    WOMEN_50 = "women_50"


_CATEGORY_EN = MappingProxyType(
    {
        RetirementCategory.MEN: "man",
        RetirementCategory.WOMEN_55: "woman of original retirement age 55 (cadre)",
        RetirementCategory.WOMEN_50: "woman of original retirement age 50 (worker)",
    }
)
_CATEGORY_ZH = MappingProxyType(
    {
        RetirementCategory.MEN: "男职工",
        RetirementCategory.WOMEN_55: "原法定退休年龄为55周岁的女职工（女干部）",
        RetirementCategory.WOMEN_50: "原法定退休年龄为50周岁的女职工（女工人）",
    }
)
_SEX_EN = MappingProxyType({Sex.MALE: "a man", Sex.FEMALE: "a woman"})
_SEX_ZH = MappingProxyType({Sex.MALE: "男性", Sex.FEMALE: "女性"})
_REQUIRED_YEARS = MappingProxyType(
    {
        Sex.MALE: "retirement.medical_contribution_years_men",
        Sex.FEMALE: "retirement.medical_contribution_years_women",
    }
)


def retirement_category(sex: Sex, woman_category: WomanCategory | None) -> RetirementCategory:
    """The reform's schedule for a person: men, or women by their original age.

    >>> retirement_category(Sex.FEMALE, WomanCategory.WORKER)
    <RetirementCategory.WOMEN_50: 'women_50'>
    """
    if sex == Sex.MALE:
        return RetirementCategory.MEN
    if woman_category == WomanCategory.WORKER:
        return RetirementCategory.WOMEN_50
    return RetirementCategory.WOMEN_55


@dataclass(frozen=True, slots=True)
class StatutoryRetirementAge:
    """A person's statutory retirement age and the day it is reached.

    ``delay_months`` is how much the reform adds to ``original_age_years``; ``end_state`` is true
    when the addition is capped at the target age. ``nominal_date`` is the corresponding day of the
    birth date ``age_years`` years and ``age_months`` months later (``clamped`` when the month has no
    such day and its last day is taken); ``retirement_date`` is the day the age counts as reached
    (the nominal date, or the day after under ``age_reached_on="day_after"``).
    """

    category: RetirementCategory
    birth_date: dt.date
    original_age_years: int
    delay_months: int
    age_years: int
    age_months: int
    reform_in_force: bool
    end_state: bool
    first_raised_birth_month: dt.date | None
    birth_months_per_month: int | None
    nominal_date: dt.date
    clamped: bool
    retirement_date: dt.date
    parameters: tuple[ParameterUse, ...]


def statutory_retirement_age(
    birth_date: dt.date,
    category: RetirementCategory,
    *,
    parameters: ParameterSet,
    options: RetirementOptions = DEFAULT_RETIREMENT_OPTIONS,
) -> StatutoryRetirementAge:
    """The statutory retirement age of the schedule ``category`` for a birth date, and its day.

    Those born in or after the first raised birth month retire one month later for every
    ``birth_months_per_month`` months of birth counted from that month (the first block already one
    month later), never beyond the target age. The reform's values are read from ``parameters``;
    when they are not in force there, the original age applies.

    >>> import datetime as dt
    >>> p = parameters_for("440100", on=dt.date(2026, 1, 1))
    >>> a = statutory_retirement_age(dt.date(1965, 4, 30), RetirementCategory.MEN, parameters=p)
    >>> a.age_years, a.age_months, a.retirement_date
    (60, 1, datetime.date(2025, 5, 30))
    >>> a = statutory_retirement_age(dt.date(1975, 3, 1), RetirementCategory.WOMEN_50, parameters=p)
    >>> a.age_years, a.age_months
    (50, 2)
    >>> statutory_retirement_age(dt.date(1990, 6, 1), RetirementCategory.WOMEN_55, parameters=p).age_years
    58
    """
    category = RetirementCategory(category)
    suffix = category.value
    original = parameters.version(f"retirement.original_age_{suffix}")
    original_age = _int(original)
    used: list[ParameterVersion] = [original]
    delay = 0
    end_state = False
    first_month: dt.date | None = None
    pace: int | None = None
    target_name = f"retirement.target_age_{suffix}"
    first_name = f"retirement.first_raised_birth_month_{suffix}"
    in_force = target_name in parameters.versions and first_name in parameters.versions
    if in_force:
        target = parameters.version(target_name)
        pace_version = parameters.version(f"retirement.birth_months_per_month_{suffix}")
        first_version = parameters.version(first_name)
        used += [target, pace_version, first_version]
        first_month = first_version.value if isinstance(first_version.value, dt.date) else None
        pace = _int(pace_version)
        cap = (_int(target) - original_age) * 12
        if first_month is None:
            in_force = False
        else:
            after = (birth_date.year - first_month.year) * 12 + birth_date.month - first_month.month
            if after >= 0:
                delay = min(cap, after // pace + 1)
                end_state = delay == cap
    total = original_age * 12 + delay
    nominal, clamped = add_months(birth_date, total)
    reached = nominal
    if options.age_reached_on == AgeReachedDay.DAY_AFTER:
        reached = nominal + dt.timedelta(days=1)
    years, months = years_and_months(total)
    return StatutoryRetirementAge(
        category=category,
        birth_date=birth_date,
        original_age_years=original_age,
        delay_months=delay,
        age_years=years,
        age_months=months,
        reform_in_force=in_force,
        end_state=end_state,
        first_raised_birth_month=first_month,
        birth_months_per_month=pace,
        nominal_date=nominal,
        clamped=clamped,
        retirement_date=reached,
        parameters=tuple(v.use() for v in used),
    )


def _int(version: ParameterVersion) -> int:
    value = version.value
    assert isinstance(value, int)
    return value


class RetirementOutcome(StrEnum):
    """What art. 27 says for the person on the evaluation date."""

    NO_FURTHER_PREMIUMS = "no_further_premiums"
    MAY_TOP_UP = "may_top_up"
    NOT_YET_RETIRED = "not_yet_retired"


ContributionMonths = Annotated[int, Field(ge=0, le=MAX_CONTRIBUTION_MONTHS, strict=True)]


class RetirementCase(BaseModel):
    """A participant of the employee medical insurance and their accumulated contribution months.

    ``woman_category`` is given for a woman (``cadre``: original age 55; ``worker``: original age
    50) and never for a man. ``contribution_months`` counts every month of accumulated employee
    medical insurance contribution (deemed contribution months included where the jurisdiction
    counts them), up to retirement or, when evaluated later, up to the evaluation date.
    """

    model_config = FROZEN

    birth_date: Day
    sex: Sex
    woman_category: WomanCategory | None = None
    contribution_months: ContributionMonths
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.sex == Sex.MALE and self.woman_category is not None:
            raise ValueError(
                f"woman_category: {self.woman_category.value} is given for a man; leave it empty"
            )
        if self.sex == Sex.FEMALE and self.woman_category is None:
            raise ValueError(
                "woman_category: required for a woman (cadre: original retirement age 55; "
                "worker: original retirement age 50)"
            )
        if self.evaluation_date < self.birth_date:
            raise ValueError(
                f"evaluation_date: {self.evaluation_date} is before birth_date {self.birth_date}"
            )
        lived = (self.evaluation_date.year - self.birth_date.year) * 12 + (
            self.evaluation_date.month - self.birth_date.month
        )
        if self.contribution_months > lived:
            raise ValueError(
                f"contribution_months: {self.contribution_months} is more than the {lived} "
                f"months between birth_date {self.birth_date} and evaluation_date "
                f"{self.evaluation_date}"
            )
        return self

    @property
    def category(self) -> RetirementCategory:
        """The reform's schedule that applies to the person."""
        return retirement_category(self.sex, self.woman_category)


class RetirementDecision(Decision[RetirementOutcome]):
    """The art. 27 decision with the statutory retirement age, its date and any shortfall.

    The shortfall is the contribution still missing to the required years (zero when met), in total
    months and as whole years and months.
    """

    category: RetirementCategory
    birth_date: dt.date
    statutory_age_years: int
    statutory_age_months: int
    delay_months: int
    retirement_date: dt.date
    required_years: int
    contribution_months: int
    shortfall_total_months: int
    shortfall_years: int
    shortfall_months: int


NO_FURTHER_PREMIUMS = ReasonTemplate(
    "retirement.no_further_premiums",
    "The statutory retirement age was reached on {retirement_date} with {contribution_years} years "
    "{contribution_rest} month(s) of accumulated employee medical insurance contributions, at least "
    "the {required_years} years required of {sex_en}: no basic medical insurance premiums are paid "
    "after retirement, and the benefits are enjoyed as the state provides.",
    "已于{retirement_date}达到法定退休年龄，职工基本医疗保险累计缴费{contribution_years}年"
    "{contribution_rest}个月，达到{sex_zh}所需的{required_years}年：退休后不再缴纳基本医疗保险费，"
    "按照国家规定享受基本医疗保险待遇。",
    (_SIL_27,),
)
MAY_TOP_UP = ReasonTemplate(
    "retirement.may_top_up",
    "The statutory retirement age was reached on {retirement_date} with {contribution_years} years "
    "{contribution_rest} month(s) of accumulated employee medical insurance contributions, "
    "{shortfall_years} years {shortfall_months} month(s) short of the {required_years} years "
    "required of {sex_en}: the person may pay up to the required years ({shortfall_total} more "
    "months of contributions).",
    "已于{retirement_date}达到法定退休年龄，职工基本医疗保险累计缴费{contribution_years}年"
    "{contribution_rest}个月，距{sex_zh}所需的{required_years}年尚差{shortfall_years}年"
    "{shortfall_months}个月：可以缴费至规定年限（还需缴费{shortfall_total}个月）。",
    (_SIL_27,),
)
NOT_YET_SHORT = ReasonTemplate(
    "retirement.not_yet_retired",
    "On {evaluation_date} the statutory retirement age is not yet reached; it is reached on "
    "{retirement_date}. Article 27 then asks {required_years} years of accumulated contributions of "
    "{sex_en}: with {contribution_years} years {contribution_rest} month(s) so far, "
    "{shortfall_years} years {shortfall_months} month(s) are still missing (paid by then, or "
    "topped up after).",
    "{evaluation_date}尚未达到法定退休年龄，将于{retirement_date}达到。届时{sex_zh}须累计缴费满"
    "{required_years}年：目前累计{contribution_years}年{contribution_rest}个月，尚差{shortfall_years}年"
    "{shortfall_months}个月（可在此前缴足，或退休时补缴）。",
    (_SIL_27, _SCHEDULE),
)
NOT_YET_MET = ReasonTemplate(
    "retirement.not_yet_retired_years_met",
    "On {evaluation_date} the statutory retirement age is not yet reached; it is reached on "
    "{retirement_date}. The {contribution_years} years {contribution_rest} month(s) of accumulated "
    "contributions already meet the {required_years} years required of {sex_en}.",
    "{evaluation_date}尚未达到法定退休年龄，将于{retirement_date}达到。目前累计缴费"
    "{contribution_years}年{contribution_rest}个月，已达到{sex_zh}所需的{required_years}年。",
    (_SIL_27, _SCHEDULE),
)
AGE_NOT_RAISED = ReasonTemplate(
    "retirement.age_not_raised",
    "Born on {birth_date}, before {first_raised_month}, the first birth month the 2025 reform "
    "raises: the statutory retirement age of a {category_en} stays at {age_years} years, reached on "
    "{retirement_date}.",
    "出生于{birth_date}，早于改革延迟的首个出生月份{first_raised_month}：{category_zh}的法定退休"
    "年龄仍为{age_years}周岁，于{retirement_date}达到。",
    (_SCHEDULE,),
)
AGE_RAISED = ReasonTemplate(
    "retirement.age_raised",
    "Born on {birth_date}: the 2025 reform raises the statutory retirement age of a {category_en} "
    "by one month for every {pace} months of birth from {first_raised_month}, here by "
    "{delay_months} month(s) from {original_age} years, to {age_years} years {age_months} month(s); "
    "it is reached on {retirement_date}.",
    "出生于{birth_date}：按2025年改革，{category_zh}自{first_raised_month}起每出生{pace}个月延迟"
    "1个月，本例在原{original_age}周岁基础上延迟{delay_months}个月，法定退休年龄为{age_years}周岁"
    "{age_months}个月，于{retirement_date}达到。",
    (_SCHEDULE,),
)
AGE_END_STATE = ReasonTemplate(
    "retirement.age_end_state",
    "Born on {birth_date}: for a {category_en} the gradual raising has reached its end state, a "
    "statutory retirement age of {age_years} years ({delay_months} months above the original "
    "{original_age}), reached on {retirement_date}.",
    "出生于{birth_date}：{category_zh}的逐步延迟已到目标，法定退休年龄为{age_years}周岁（较原"
    "{original_age}周岁延迟{delay_months}个月），于{retirement_date}达到。",
    (_SCHEDULE,),
)
REFORM_NOT_IN_FORCE = ReasonTemplate(
    "retirement.reform_not_in_force",
    "On {evaluation_date} the 2025 reform of the statutory retirement age is not yet in force: the "
    "original age of {age_years} years applies to a {category_en}, reached on {retirement_date}.",
    "{evaluation_date}法定退休年龄改革尚未施行：{category_zh}适用原法定退休年龄{age_years}周岁，"
    "于{retirement_date}达到。",
    (_SCHEDULE,),
)
NO_CORRESPONDING_DAY = ReasonTemplate(
    "retirement.no_corresponding_birthday",
    "The month in which the age is reached has no day corresponding to the birth date {birth_date}; "
    "its last day, {nominal_date}, is taken.",
    "达到该年龄的月份没有与出生日期{birth_date}对应的日期，以该月末日{nominal_date}为准。",
    (_ART_202,),
)
DAY_AFTER = ReasonTemplate(
    "retirement.age_reached_day_after",
    "Under the chosen reading (age_reached_on: day_after) the age is reached on the day after the "
    "corresponding day {nominal_date}, that is on {retirement_date}.",
    "按所选解读（age_reached_on: day_after），在对应日{nominal_date}的次日即{retirement_date}"
    "达到该年龄。",
    (_SCHEDULE, _ART_202),
)

REASONS: tuple[ReasonTemplate, ...] = (
    NO_FURTHER_PREMIUMS,
    MAY_TOP_UP,
    NOT_YET_SHORT,
    NOT_YET_MET,
    AGE_NOT_RAISED,
    AGE_RAISED,
    AGE_END_STATE,
    REFORM_NOT_IN_FORCE,
    NO_CORRESPONDING_DAY,
    DAY_AFTER,
)


def _age_reasons(age: StatutoryRetirementAge, evaluation_date: dt.date) -> list[Reason]:
    facts: dict[str, object] = {
        "birth_date": age.birth_date,
        "category_en": _CATEGORY_EN[age.category],
        "category_zh": _CATEGORY_ZH[age.category],
        "age_years": age.age_years,
        "age_months": age.age_months,
        "retirement_date": age.retirement_date,
        "original_age": age.original_age_years,
        "delay_months": age.delay_months,
        "pace": age.birth_months_per_month,
        "evaluation_date": evaluation_date,
        "nominal_date": age.nominal_date,
        "first_raised_month": (
            age.first_raised_birth_month.strftime("%Y-%m") if age.first_raised_birth_month else None
        ),
    }
    if not age.reform_in_force:
        main = REFORM_NOT_IN_FORCE
    elif age.delay_months == 0:
        main = AGE_NOT_RAISED
    elif age.end_state:
        main = AGE_END_STATE
    else:
        main = AGE_RAISED
    out = [_fill(main, facts)]
    if age.clamped:
        out.append(_fill(NO_CORRESPONDING_DAY, facts))
    if age.retirement_date != age.nominal_date:
        out.append(_fill(DAY_AFTER, facts))
    return out


def _fill(template: ReasonTemplate, facts: dict[str, object]) -> Reason:
    shown = _names(template.en) | _names(template.zh)
    return template(**{k: v for k, v in facts.items() if k in shown})


def _names(text: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


def retirement(
    case: RetirementCase,
    *,
    parameters: ParameterSet | None = None,
    options: RetirementOptions = DEFAULT_RETIREMENT_OPTIONS,
) -> RetirementDecision:
    """Whether premiums end at retirement, may be topped up, or retirement is still ahead (art. 27).

    Social Insurance Law art. 27: "Individuals who participate in the basic medical insurance for
    employees will not pay the basic medical insurance premium after retirement and enjoy the basic
    medical insurance benefits in accordance with the provisions of the state if they reach the
    statutory retirement age and the accumulated payment has reached the fixed number of years
    stipulated by the state; Those who have not reached the fixed number of years prescribed by the
    state may pay the fees to the fixed number of years prescribed by the state."

    Citation: Social Insurance Law art. 27; NPC Standing Committee decision of 2024-09-13 on the
    gradual raising of the statutory retirement age (passage ``schedule``).

    The statutory retirement age comes from :func:`statutory_retirement_age` (the law in force on
    the evaluation date); the age of Y years M months is reached on the corresponding day of the
    birth date Y*12+M months later (:func:`medins_rules.core.periods.add_months`; the month end where
    there is none). On or after that day: NO_FURTHER_PREMIUMS when the accumulated months reach the
    required years (the parameter ``retirement.medical_contribution_years_men`` or ``_women`` in
    force on the evaluation date), else MAY_TOP_UP with the shortfall; before it, NOT_YET_RETIRED
    with the date and what is still missing.

    >>> import datetime as dt
    >>> case = RetirementCase(birth_date=dt.date(1965, 3, 15), sex="male", contribution_months=300,
    ...                       evaluation_date=dt.date(2026, 1, 5))
    >>> d = retirement(case)
    >>> d.outcome.value, (d.statutory_age_years, d.statutory_age_months), d.retirement_date
    ('no_further_premiums', (60, 1), datetime.date(2025, 4, 15))
    >>> d = retirement(case.model_copy(update={"contribution_months": 281}))
    >>> d.outcome.value, d.shortfall_years, d.shortfall_months
    ('may_top_up', 1, 7)
    >>> retirement(case.model_copy(update={"evaluation_date": dt.date(2025, 4, 14)})).outcome.value
    'not_yet_retired'
    """
    try:
        params = parameters or parameters_for(case.jurisdiction, on=case.evaluation_date)
        required = params.version(_REQUIRED_YEARS[case.sex])
    except DATE_NOT_COVERED as exc:  # the parameters in force on the evaluation date
        raise exc.about("evaluation_date").with_traceback(exc.__traceback__) from None
    required_years = _int(required)
    age = statutory_retirement_age(
        case.birth_date, case.category, parameters=params, options=options
    )
    shortfall = max(0, required_years * 12 - case.contribution_months)
    short_years, short_months = years_and_months(shortfall)
    have_years, have_months = years_and_months(case.contribution_months)
    facts = {
        "retirement_date": age.retirement_date,
        "evaluation_date": case.evaluation_date,
        "contribution_years": have_years,
        "contribution_rest": have_months,
        "required_years": required_years,
        "sex_en": _SEX_EN[case.sex],
        "sex_zh": _SEX_ZH[case.sex],
        "shortfall_years": short_years,
        "shortfall_months": short_months,
        "shortfall_total": shortfall,
    }
    if case.evaluation_date < age.retirement_date:
        outcome = RetirementOutcome.NOT_YET_RETIRED
        main = NOT_YET_SHORT if shortfall else NOT_YET_MET
    elif shortfall:
        outcome, main = RetirementOutcome.MAY_TOP_UP, MAY_TOP_UP
    else:
        outcome, main = RetirementOutcome.NO_FURTHER_PREMIUMS, NO_FURTHER_PREMIUMS
    reasons = [_fill(main, facts), *_age_reasons(age, case.evaluation_date)]
    return RetirementDecision(
        rule=RULE,
        outcome=outcome,
        reasons=tuple(reasons),
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
        parameters=(*age.parameters, required.use()),
        category=age.category,
        birth_date=case.birth_date,
        statutory_age_years=age.age_years,
        statutory_age_months=age.age_months,
        delay_months=age.delay_months,
        retirement_date=age.retirement_date,
        required_years=required_years,
        contribution_months=case.contribution_months,
        shortfall_total_months=shortfall,
        shortfall_years=short_years,
        shortfall_months=short_months,
    )


RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        name=RULE,
        function=retirement,
        input_model=RetirementCase,
        decision_model=RetirementDecision,
        outcomes=RetirementOutcome,
        summary_en="At retirement: no further premiums, may top up, or not yet retired (art. 27)?",
        summary_zh="退休时不再缴费、可补缴至规定年限，还是尚未退休（社会保险法第二十七条）？",
        reasons=REASONS,
    ),
)
