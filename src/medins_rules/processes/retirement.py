"""Retirement under Social Insurance Law art. 27, with the statutory retirement age as enacted.

Social Insurance Law art. 27: "Individuals who participate in the basic medical insurance for
employees will not pay the basic medical insurance premium after retirement and enjoy the basic
medical insurance benefits in accordance with the provisions of the state if they reach the statutory
retirement age and the accumulated payment has reached the fixed number of years stipulated by the
state; Those who have not reached the fixed number of years prescribed by the state may pay the fees
to the fixed number of years prescribed by the state." (quoted by source 004)

The statutory retirement age has two dated versions, side by side below, and the day a retirement
falls on chooses between them, never the day the question is asked:

* :func:`statutory_age_2011_07`, the law before the reform: the original ages of 60 (men), 55
  (women cadres) and 50 (women workers), for retirements before 2025-01-01;
* :func:`statutory_age_2025_01`, the NPC Standing Committee decision of 2024-09-13 (in force
  2025-01-01) and the State Council Measures it approves: over 15 years the age rises to 63, 58 and
  55, one month later for every 4 months of birth (every 2 for women of original age 50).

The decision is law from its adoption, so it governs a retirement in 2025 even when the question is
asked in 2024 (:func:`governing_law`; the enactment and in-force dates are the parameters
``retirement.reform_enacted`` and ``retirement.reform_in_force``). Its Measures also allow flexible
retirement (art. 3), checked when the case gives a ``chosen_retirement_date``: up to 3 years early,
never below the original age and only with the minimum **pension** contribution years (art. 2, a
pension rule that is not the medical insurance years of art. 27); up to 3 years late by agreement
with the employer.

References: Social Insurance Law art. 27; the decision of 2024-09-13 (passages ``schedule``,
``entry_into_force``, ``minimum_contribution_years``, ``flexible_retirement``).

Checked with: the decision's annexed tables at every block boundary (tests/test_retirement.py).

Limitations:

* Early retirement for special work types or high-altitude work (Measures art. 8), retirement on
  grounds of illness, and any rule "the state provides otherwise" are not encoded.
* The medical insurance years art. 27 asks (``retirement.medical_contribution_years_*``) are fixed
  per pooling area and are **not verified** against a primary text; Guangzhou's are encoded, no other
  area's. Years that must be paid in Guangzhou itself are not tested.
* Values are held from 2011-07-01 like every parameter here: a retirement day before it (a man born
  before July 1951, say) is refused, not answered with a later figure.
* The month from which a pension or retirement benefits are paid is outside this rule.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated

from pydantic import BaseModel, Field, StrictBool, ValidationInfo, field_validator

from medins_rules.core.errors import DATE_NOT_COVERED, ParameterDataError, ParameterNotInForceError
from medins_rules.core.inputs import InputModel, ensure_valid
from medins_rules.core.labels import enum_labels, field_labels
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
    "EARLIEST_BIRTH_DATE",
    "LATEST_BIRTH_DATE",
    "MAX_CONTRIBUTION_MONTHS",
    "MINIMUM_WORKING_AGE_YEARS",
    "REASONS",
    "RULES",
    "AgeReachedDay",
    "GoverningLaw",
    "RetirementCase",
    "RetirementCategory",
    "RetirementDecision",
    "RetirementLaw",
    "RetirementOptions",
    "RetirementOutcome",
    "Sex",
    "StatutoryRetirementAge",
    "WomanCategory",
    "governing_law",
    "months_of_working_age",
    "retirement",
    "retirement_category",
    "statutory_age_2011_07",
    "statutory_age_2025_01",
    "statutory_retirement_age",
]

RULE = "eligibility.retirement"

_SIL_27 = cite(Instrument.SOCIAL_INSURANCE_LAW, 27)
_SCHEDULE = cite_passage(Instrument.RETIREMENT_AGE_DECISION, "schedule")
_IN_FORCE = cite_passage(Instrument.RETIREMENT_AGE_DECISION, "entry_into_force")
_FLEXIBLE = cite_passage(Instrument.RETIREMENT_AGE_DECISION, "flexible_retirement")
_MINIMUM_YEARS = cite_passage(Instrument.RETIREMENT_AGE_DECISION, "minimum_contribution_years")
_ART_202 = cite(Instrument.CIVIL_CODE, 202)


# -- Options ---------------------------------------------------------------------------------------


class AgeReachedDay(StrEnum):
    """The day a person is taken to have reached an age of so many years and months (retirement)."""

    CORRESPONDING_DAY = "corresponding_day"
    """The corresponding day of the birth date in the final month (the month end where there is
    none): born 15 Jan 1965, 60 years 1 month are reached on 15 Feb 2025."""
    DAY_AFTER = "day_after"
    """The day after the corresponding day (an age is "full" only once the birthday has passed)."""


class GoverningLaw(StrEnum):
    """Which law answers a question about a retirement that an enacted law will govern."""

    RETIREMENT_DAY = "retirement_day"
    """The law that governs the retirement day, whatever day the question is asked: the reform
    answers a question asked in 2024 (or earlier) about a retirement in 2025 or later."""
    KNOWN_ON_EVALUATION_DATE = "known_on_evaluation_date"
    """As :attr:`RETIREMENT_DAY`, but a question asked before the reform was adopted (2024-09-13)
    is answered by the law then known, the original ages: what an agency said on that day."""


class RetirementOptions(BaseModel):
    """Interpretive choices of the retirement rule (``docs/interpretive-choices.md``).

    ``age_reached_on``: the day an age of so many years and months is reached; by default the
    corresponding day of the birth date (``corresponding_day``); ``day_after`` takes the next day.
    ``governing_law``: by default the law that governs the retirement day applies whatever day the
    question is asked (``retirement_day``); ``known_on_evaluation_date`` answers a question asked
    before the reform's adoption with the law then known.
    """

    model_config = FROZEN

    age_reached_on: AgeReachedDay = AgeReachedDay.CORRESPONDING_DAY
    governing_law: GoverningLaw = GoverningLaw.RETIREMENT_DAY


DEFAULT_RETIREMENT_OPTIONS = RetirementOptions()


# -- Who retires under which schedule --------------------------------------------------------------


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


class RetirementLaw(StrEnum):
    """The law that governs a retirement, chosen by the day the retirement falls on."""

    ORIGINAL = "original"
    """The law before the reform (:func:`statutory_age_2011_07`): retirements before 2025-01-01."""
    REFORM_2025 = "reform_2025"
    """The decision of 2024-09-13 (:func:`statutory_age_2025_01`): retirements from 2025-01-01."""


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


def years_and_months(months: int) -> tuple[int, int]:
    """Split a number of months into whole years and the months left over.

    >>> years_and_months(301)
    (25, 1)
    """
    return divmod(months, 12)


# -- The statutory retirement age: two dated versions ----------------------------------------------

_HORIZON_YEARS = 100
"""Every day the rule derives from a birth date lies within this many years of it: the statutory age
is at most 63 years and flexible retirement moves it at most 3 years (a parameter set whose age goes
beyond is refused as data, and :data:`LATEST_BIRTH_DATE` keeps the days within the calendar)."""


@dataclass(frozen=True, slots=True)
class StatutoryRetirementAge:
    """A person's statutory retirement age, the day it is reached and the law that fixes it.

    ``law`` is the version that governs (chosen by ``original_date``, the day the original age is
    reached); ``delay_months`` is how much the reform adds to ``original_age_years`` (0 under the
    law before it); ``end_state`` is true when the addition is capped at the target age.
    ``nominal_date`` is the corresponding day of the birth date ``age_years`` years and
    ``age_months`` months later (``clamped`` when the month has no such day and its last day is
    taken); ``retirement_date`` is the day the age counts as reached (the nominal date, or the day
    after under ``age_reached_on="day_after"``). ``reform_enacted_on`` and ``reform_in_force_from``
    are the dates the choice of law was made with.
    """

    category: RetirementCategory
    birth_date: dt.date
    law: RetirementLaw
    original_age_years: int
    original_date: dt.date
    delay_months: int
    age_years: int
    age_months: int
    end_state: bool
    first_raised_birth_month: dt.date | None
    birth_months_per_month: int | None
    nominal_date: dt.date
    clamped: bool
    retirement_date: dt.date
    reform_enacted_on: dt.date
    reform_in_force_from: dt.date
    parameters: tuple[ParameterUse, ...]

    @property
    def reform_in_force(self) -> bool:
        """Whether the 2025 reform governs this retirement (the name of earlier releases)."""
        return self.law is RetirementLaw.REFORM_2025


def _reached(
    birth_date: dt.date, months: int, options: RetirementOptions
) -> tuple[dt.date, bool, dt.date]:
    """The corresponding day ``months`` after the birth date, whether it was clamped to the month
    end (Civil Code art. 202), and the day the age counts as reached under ``options``."""
    nominal, clamped = add_months(birth_date, months)
    if options.age_reached_on == AgeReachedDay.DAY_AFTER:
        return nominal, clamped, nominal + dt.timedelta(days=1)
    return nominal, clamped, nominal


def _int(version: ParameterVersion) -> int:
    value = version.value
    assert isinstance(value, int)
    return value


def _date(version: ParameterVersion) -> dt.date:
    value = version.value
    if not isinstance(value, dt.date):
        raise ParameterDataError(f"parameter {version.name!r}: a date is required; got {value!r}")
    return value


def _age_months(version: ParameterVersion) -> int:
    """An age parameter in months, refused as data beyond the rule's horizon."""
    years = _int(version)
    if years > _HORIZON_YEARS - 10:
        raise ParameterDataError(
            f"parameter {version.name!r}: an age of {years} years is beyond what the rule computes "
            f"(at most {_HORIZON_YEARS - 10})"
        )
    return years * 12


@dataclass(frozen=True, slots=True)
class _Law:
    """What the version choice reads: the original age and the reform's two dates."""

    original: ParameterVersion
    enacted: ParameterVersion
    in_force: ParameterVersion

    @classmethod
    def read(cls, parameters: ParameterSet, category: RetirementCategory) -> _Law:
        return cls(
            original=parameters.version(f"retirement.original_age_{category.value}"),
            enacted=parameters.version("retirement.reform_enacted"),
            in_force=parameters.version("retirement.reform_in_force"),
        )

    def uses(self) -> tuple[ParameterUse, ...]:
        return (self.original.use(), self.in_force.use(), self.enacted.use())


def governing_law(
    original_date: dt.date,
    *,
    reform_in_force: dt.date,
    reform_enacted: dt.date,
    evaluation_date: dt.date | None = None,
    options: RetirementOptions = DEFAULT_RETIREMENT_OPTIONS,
) -> RetirementLaw:
    """The law that governs a retirement whose day under the original age is ``original_date``.

    The decision of 2024-09-13: 「本决定自2025年1月1日起施行。第五届全国人民代表大会常务委员会第二次会议
    批准的《国务院关于安置老弱病残干部的暂行办法》和《国务院关于工人退休、退职的暂行办法》中有关退休年龄的规定
    不再施行。」
    A retirement on or after the in-force day is governed by the reform, one before it by the law
    before the reform: the retirement day, not the question day, chooses. Under
    ``governing_law="known_on_evaluation_date"`` a question asked before the adoption gets the law
    then known.

    >>> import datetime as dt
    >>> d = dict(reform_in_force=dt.date(2025, 1, 1), reform_enacted=dt.date(2024, 9, 13))
    >>> governing_law(dt.date(2025, 3, 15), evaluation_date=dt.date(2024, 10, 1), **d).value
    'reform_2025'
    >>> governing_law(dt.date(2024, 12, 31), **d).value
    'original'
    """
    if original_date < reform_in_force:
        return RetirementLaw.ORIGINAL
    if (
        options.governing_law is GoverningLaw.KNOWN_ON_EVALUATION_DATE
        and evaluation_date is not None
        and evaluation_date < reform_enacted
    ):
        return RetirementLaw.ORIGINAL
    return RetirementLaw.REFORM_2025


def statutory_age_2011_07(
    birth_date: dt.date,
    category: RetirementCategory,
    *,
    law: ParameterSet,
    options: RetirementOptions = DEFAULT_RETIREMENT_OPTIONS,
) -> StatutoryRetirementAge:
    """The law before the reform: the original statutory retirement ages.

    State Council Interim Measures on the Retirement and Resignation of Workers (1978): 「男年满六十
    周岁，女年满五十周岁」; Interim Measures on the Placement of Old, Weak, Sick and Disabled Cadres
    (1978): 「男年满六十周岁，女年满五十五周岁」. The decision of 2024-09-13 ends these provisions on
    retirement age from 2025-01-01 (passage ``entry_into_force``).

    Governs retirements before ``retirement.reform_in_force`` (2025-01-01); in force long before,
    it is held, like every value here, from 2011-07-01 (``retirement.original_age_*``).

    >>> import datetime as dt
    >>> p = parameters_for("440100", on=dt.date(2020, 1, 1))
    >>> a = statutory_age_2011_07(dt.date(1960, 7, 1), RetirementCategory.MEN, law=p)
    >>> a.law.value, a.age_years, a.retirement_date
    ('original', 60, datetime.date(2020, 7, 1))
    """
    category = RetirementCategory(category)
    dates = _Law.read(law, category)
    total = _age_months(dates.original)
    nominal, clamped, reached = _reached(birth_date, total, options)
    years, months = years_and_months(total)
    return StatutoryRetirementAge(
        category=category,
        birth_date=birth_date,
        law=RetirementLaw.ORIGINAL,
        original_age_years=years,
        original_date=reached,
        delay_months=0,
        age_years=years,
        age_months=months,
        end_state=False,
        first_raised_birth_month=None,
        birth_months_per_month=None,
        nominal_date=nominal,
        clamped=clamped,
        retirement_date=reached,
        reform_enacted_on=_date(dates.enacted),
        reform_in_force_from=_date(dates.in_force),
        parameters=dates.uses(),
    )


def statutory_age_2025_01(
    birth_date: dt.date,
    category: RetirementCategory,
    *,
    law: ParameterSet,
    schedule: ParameterSet,
    options: RetirementOptions = DEFAULT_RETIREMENT_OPTIONS,
) -> StatutoryRetirementAge:
    """The reform: the statutory retirement age of the decision of 2024-09-13.

    The Measures it approves, art. 1: 「从2025年1月1日起，男职工和原法定退休年龄为五十五周岁的女职工，
    法定退休年龄每四个月延迟一个月，分别逐步延迟至六十三周岁和五十八周岁；原法定退休年龄为五十周岁的女职工，
    法定退休年龄每二个月延迟一个月，逐步延迟至五十五周岁。」 The annexed tables start with those born in
    January 1965 (men), January 1970 (women, 55) and January 1975 (women, 50), already one month later.

    Governs retirements from ``retirement.reform_in_force`` (2025-01-01; adopted
    ``retirement.reform_enacted``, 2024-09-13), whatever day the question is asked. ``law`` holds
    the original age and those dates; ``schedule`` the reform's values, read on the day the
    retirement falls on under the original age. Those born in or after the first raised birth month
    retire one month later for every ``birth_months_per_month`` months of birth counted from that
    month (the first block already one month later), never beyond the target age.

    >>> import datetime as dt
    >>> p = parameters_for("440100", on=dt.date(2026, 1, 1))
    >>> a = statutory_age_2025_01(dt.date(1965, 4, 30), RetirementCategory.MEN, law=p, schedule=p)
    >>> a.age_years, a.age_months, a.retirement_date
    (60, 1, datetime.date(2025, 5, 30))
    """
    category = RetirementCategory(category)
    suffix = category.value
    dates = _Law.read(law, category)
    target = schedule.version(f"retirement.target_age_{suffix}")
    pace_version = schedule.version(f"retirement.birth_months_per_month_{suffix}")
    first_version = schedule.version(f"retirement.first_raised_birth_month_{suffix}")
    original = _age_months(dates.original)
    first = _date(first_version)
    pace = _int(pace_version)
    cap = _age_months(target) - original
    after = (birth_date.year - first.year) * 12 + birth_date.month - first.month
    delay = min(cap, after // pace + 1) if after >= 0 else 0
    nominal, clamped, reached = _reached(birth_date, original + delay, options)
    years, months = years_and_months(original + delay)
    return StatutoryRetirementAge(
        category=category,
        birth_date=birth_date,
        law=RetirementLaw.REFORM_2025,
        original_age_years=original // 12,
        original_date=_reached(birth_date, original, options)[2],
        delay_months=delay,
        age_years=years,
        age_months=months,
        end_state=delay == cap,
        first_raised_birth_month=first,
        birth_months_per_month=pace,
        nominal_date=nominal,
        clamped=clamped,
        retirement_date=reached,
        reform_enacted_on=_date(dates.enacted),
        reform_in_force_from=_date(dates.in_force),
        parameters=(*dates.uses(), target.use(), pace_version.use(), first_version.use()),
    )


def _statutory_age(
    birth_date: dt.date,
    category: RetirementCategory,
    *,
    law: ParameterSet,
    schedule_on: Callable[[dt.date], ParameterSet],
    evaluation_date: dt.date | None,
    options: RetirementOptions,
) -> StatutoryRetirementAge:
    """Choose the version by the day the original age is reached, then apply it."""
    dates = _Law.read(law, category)
    original_date = _reached(birth_date, _age_months(dates.original), options)[2]
    chosen = governing_law(
        original_date,
        reform_in_force=_date(dates.in_force),
        reform_enacted=_date(dates.enacted),
        evaluation_date=evaluation_date,
        options=options,
    )
    if chosen is RetirementLaw.ORIGINAL:
        return statutory_age_2011_07(birth_date, category, law=law, options=options)
    return statutory_age_2025_01(
        birth_date, category, law=law, schedule=schedule_on(original_date), options=options
    )


def statutory_retirement_age(
    birth_date: dt.date,
    category: RetirementCategory,
    *,
    parameters: ParameterSet,
    options: RetirementOptions = DEFAULT_RETIREMENT_OPTIONS,
) -> StatutoryRetirementAge:
    """The statutory retirement age of the schedule ``category`` for a birth date, and its day.

    The version is chosen by the day the original age is reached (:func:`governing_law`): before
    ``retirement.reform_in_force``, :func:`statutory_age_2011_07`; on or after it,
    :func:`statutory_age_2025_01`. Every value is read from ``parameters`` (one set for every day,
    as a what-if analysis wants it); the rule itself reads the reform on the retirement day. The
    reading ``governing_law="known_on_evaluation_date"`` needs the day the question is asked, which
    only the rule has: here the retirement day alone chooses.

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
    >>> statutory_retirement_age(dt.date(1964, 12, 31), RetirementCategory.MEN, parameters=p).law.value
    'original'
    """
    return _statutory_age(
        birth_date,
        RetirementCategory(category),
        law=parameters,
        schedule_on=lambda _day: parameters,
        evaluation_date=None,
        options=options,
    )


# -- Input -----------------------------------------------------------------------------------------

EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)
"""The earliest birth date accepted: no participant this rule judges (from 2011-07-01) was born
before 1900; an earlier one is a mistake in the data."""

LATEST_BIRTH_DATE = dt.date(9999 - _HORIZON_YEARS, 12, 31)
"""The latest birth date accepted: every day the rule derives from it (the retirement day, a flexible
one, the day after) must still be a date (the last is 9999-12-31)."""

MINIMUM_WORKING_AGE_YEARS = 16
"""No one contributes to the employee scheme before the age of 16: employers may not take on anyone
under 16 (Labour Law art. 15, 禁止用人单位招用未满十六周岁的未成年人). Contribution months are bounded by
the calendar months from the month of the 16th birthday (:func:`months_of_working_age`)."""

MAX_CONTRIBUTION_MONTHS = 1200
"""An upper bound on accumulated contribution months that input validation enforces (100 years)."""

ContributionMonths = Annotated[int, Field(ge=0, le=MAX_CONTRIBUTION_MONTHS, strict=True)]


def months_of_working_age(birth_date: dt.date, on: dt.date) -> int:
    """The calendar months from the month of the 16th birthday to the month of ``on``, both counted
    (0 before the birthday): the most months anyone can have contributed by ``on``.

    >>> import datetime as dt
    >>> months_of_working_age(dt.date(2000, 1, 31), dt.date(2016, 1, 31))
    1
    >>> months_of_working_age(dt.date(2025, 1, 1), dt.date(2026, 1, 1))
    0
    """
    start, _ = add_months(birth_date, 12 * MINIMUM_WORKING_AGE_YEARS)
    if on < start:
        return 0
    return (on.year - start.year) * 12 + on.month - start.month + 1


def _check_birth_date(birth_date: dt.date) -> None:
    if birth_date < EARLIEST_BIRTH_DATE:
        raise ValueError(
            f"birth_date: {birth_date} is before {EARLIEST_BIRTH_DATE}, the earliest birth date "
            "accepted; no participant the rule judges was born so early"
        )
    if birth_date > LATEST_BIRTH_DATE:
        raise ValueError(
            f"birth_date: {birth_date} is after {LATEST_BIRTH_DATE}, the latest birth date accepted; "
            "its retirement day would fall beyond the last day a date can hold"
        )


def _check_woman_category(sex: Sex | None, woman_category: WomanCategory | None) -> None:
    if sex == Sex.MALE and woman_category is not None:
        raise ValueError(
            f"woman_category: {woman_category.value} is given for a man; leave it empty"
        )
    if sex == Sex.FEMALE and woman_category is None:
        raise ValueError(
            "woman_category: required for a woman (cadre: original retirement age 55; "
            "worker: original retirement age 50)"
        )


def _check_evaluation_date(birth_date: dt.date | None, evaluation_date: dt.date) -> None:
    if birth_date is not None and evaluation_date < birth_date:
        raise ValueError(
            f"evaluation_date: {evaluation_date} is before birth_date {birth_date}; a person is "
            "judged on or after the day of birth"
        )


def _check_months(
    field: str, months: int, birth_date: dt.date | None, until: dt.date | None, until_field: str
) -> None:
    if birth_date is None or until is None:
        return
    most = months_of_working_age(birth_date, until)
    if months > most:
        raise ValueError(
            f"{field}: {months} is more than the {most} calendar months from the age of "
            f"{MINIMUM_WORKING_AGE_YEARS} (birth_date {birth_date}) to {until_field} {until}; no "
            f"one contributes before {MINIMUM_WORKING_AGE_YEARS}"
        )


def _check_chosen_date(birth_date: dt.date | None, chosen: dt.date | None) -> None:
    if birth_date is not None and chosen is not None and chosen < birth_date:
        raise ValueError(
            f"chosen_retirement_date: {chosen} is before birth_date {birth_date}; a retirement day "
            "comes after the birth"
        )


class RetirementCase(InputModel):
    """A participant of the employee medical insurance and their accumulated contribution months.

    ``woman_category`` is given for a woman (``cadre``: original age 55; ``worker``: original age
    50) and never for a man. ``contribution_months`` counts every month of accumulated employee
    medical insurance contribution (deemed contribution months included where the jurisdiction
    counts them), up to retirement or, when evaluated later, up to the evaluation date; it cannot
    exceed the calendar months since the age of 16 (:func:`months_of_working_age`).

    For flexible retirement (the Measures art. 3), ``chosen_retirement_date`` is the day the person
    chooses to retire instead of the statutory retirement day; for a day before it,
    ``pension_contribution_months`` gives the accumulated basic **pension** insurance contribution
    months as they stand on that day (as they will stand, when it is still ahead), which are not
    the medical insurance months; for a later day, ``employer_agrees`` says whether the employer
    agrees. A fact the check needs and the case leaves out makes the decision ``undetermined``.

    The birth date lies between :data:`EARLIEST_BIRTH_DATE` and :data:`LATEST_BIRTH_DATE`, and on
    or before the evaluation date.
    """

    model_config = FROZEN

    birth_date: Day
    sex: Sex
    woman_category: WomanCategory | None = Field(default=None, validate_default=True)
    evaluation_date: Day
    contribution_months: ContributionMonths
    chosen_retirement_date: Day | None = None
    pension_contribution_months: ContributionMonths | None = None
    employer_agrees: StrictBool | None = None
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @field_validator("birth_date")
    @classmethod
    def _plausible_birth_date(cls, birth_date: dt.date) -> dt.date:
        _check_birth_date(birth_date)
        return birth_date

    @field_validator("woman_category")
    @classmethod
    def _category_for_a_woman(
        cls, woman_category: WomanCategory | None, info: ValidationInfo
    ) -> WomanCategory | None:
        _check_woman_category(info.data.get("sex"), woman_category)
        return woman_category

    @field_validator("evaluation_date")
    @classmethod
    def _not_before_birth(cls, evaluation_date: dt.date, info: ValidationInfo) -> dt.date:
        _check_evaluation_date(info.data.get("birth_date"), evaluation_date)
        return evaluation_date

    @field_validator("contribution_months")
    @classmethod
    def _not_before_working_age(cls, months: int, info: ValidationInfo) -> int:
        _check_months(
            "contribution_months",
            months,
            info.data.get("birth_date"),
            info.data.get("evaluation_date"),
            "evaluation_date",
        )
        return months

    @field_validator("chosen_retirement_date")
    @classmethod
    def _chosen_after_birth(cls, chosen: dt.date | None, info: ValidationInfo) -> dt.date | None:
        _check_chosen_date(info.data.get("birth_date"), chosen)
        return chosen

    @field_validator("pension_contribution_months")
    @classmethod
    def _pension_not_before_working_age(
        cls, months: int | None, info: ValidationInfo
    ) -> int | None:
        until, until_field = info.data.get("evaluation_date"), "evaluation_date"
        chosen = info.data.get("chosen_retirement_date")
        if chosen is not None and until is not None and chosen > until:
            until, until_field = chosen, "chosen_retirement_date"
        if months is not None:
            birth_date = info.data.get("birth_date")
            _check_months("pension_contribution_months", months, birth_date, until, until_field)
        return months

    @property
    def category(self) -> RetirementCategory:
        """The reform's schedule that applies to the person."""
        return retirement_category(self.sex, self.woman_category)


# -- Decision --------------------------------------------------------------------------------------


class RetirementOutcome(StrEnum):
    """What art. 27 says for the person on the evaluation date, or why a chosen day is refused."""

    NO_FURTHER_PREMIUMS = "no_further_premiums"
    MAY_TOP_UP = "may_top_up"
    NOT_YET_RETIRED = "not_yet_retired"
    FLEXIBLE_DATE_NOT_ALLOWED = "flexible_date_not_allowed"
    """The chosen retirement day fails a condition of flexible retirement (each reason names one)."""
    UNDETERMINED = "undetermined"
    """The chosen retirement day needs a fact the case does not give (the reason names it)."""


class RetirementDecision(Decision[RetirementOutcome]):
    """The art. 27 decision with the statutory retirement age, its date and any shortfall.

    ``retirement_date`` is the day art. 27 is applied at: the chosen day of an allowed flexible
    retirement, otherwise ``statutory_retirement_date``. ``original_retirement_date`` is the day
    the original age is reached, which chose ``governing_law``. The shortfall is the contribution
    still missing to the required years (zero when met), in total months and as whole years and
    months. ``earliest_retirement_date`` / ``latest_retirement_date`` bound a flexible retirement
    when one is asked about under the reform; ``minimum_pension_contribution_months`` is the pension
    minimum an early one needs.
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
    governing_law: RetirementLaw
    original_retirement_date: dt.date
    statutory_retirement_date: dt.date
    chosen_retirement_date: dt.date | None = None
    earliest_retirement_date: dt.date | None = None
    latest_retirement_date: dt.date | None = None
    minimum_pension_contribution_months: int | None = None


# -- labels: the words a Chinese rendering uses (medins_rules.core.labels) ---------------------------

RETIREMENT_OUTCOME_ZH = enum_labels(
    RetirementOutcome,
    {
        RetirementOutcome.NO_FURTHER_PREMIUMS: "退休后不再缴费",
        RetirementOutcome.MAY_TOP_UP: "可缴费至规定年限",
        RetirementOutcome.NOT_YET_RETIRED: "尚未退休",
        RetirementOutcome.FLEXIBLE_DATE_NOT_ALLOWED: "所选弹性退休日期不符合条件",
        RetirementOutcome.UNDETERMINED: "尚无法确定",
    },
)
AGE_REACHED_ZH = enum_labels(
    AgeReachedDay,
    {AgeReachedDay.CORRESPONDING_DAY: "对应日", AgeReachedDay.DAY_AFTER: "对应日的次日"},
)
GOVERNING_LAW_ZH = enum_labels(
    GoverningLaw,
    {
        GoverningLaw.RETIREMENT_DAY: "适用退休日的法律",
        GoverningLaw.KNOWN_ON_EVALUATION_DATE: "适用评估日已知的法律",
    },
)
SEX_ZH = enum_labels(Sex, {Sex.MALE: "男", Sex.FEMALE: "女"})
WOMAN_CATEGORY_ZH = enum_labels(
    WomanCategory,
    {WomanCategory.CADRE: "女干部（管理和专业技术岗位）", WomanCategory.WORKER: "女工人"},
)
CATEGORY_ZH = enum_labels(
    RetirementCategory,
    {
        RetirementCategory.MEN: "男职工",
        RetirementCategory.WOMEN_55: "原法定退休年龄为55周岁的女职工",
        RetirementCategory.WOMEN_50: "原法定退休年龄为50周岁的女职工",
    },
)
LAW_ZH = enum_labels(
    RetirementLaw,
    {
        RetirementLaw.ORIGINAL: "改革前的规定",
        RetirementLaw.REFORM_2025: "2025年渐进式延迟退休改革",
    },
)
FIELDS_ZH = field_labels(
    (RetirementCase, RetirementDecision, RetirementOptions),
    {
        "birth_date": "出生日期",
        "sex": "性别",
        "woman_category": "女职工类别",
        "contribution_months": "职工医保累计缴费月数",
        "chosen_retirement_date": "选择的退休日期",
        "pension_contribution_months": "养老保险累计缴费月数",
        "employer_agrees": "单位是否同意",
        "category": "退休年龄类别",
        "statutory_age_years": "法定退休年龄（周岁）",
        "statutory_age_months": "法定退休年龄（另加月数）",
        "delay_months": "延迟月数",
        "retirement_date": "退休日期",
        "required_years": "所需缴费年限",
        "shortfall_total_months": "尚差缴费月数",
        "shortfall_years": "尚差年数",
        "shortfall_months": "尚差月数（不足一年部分）",
        "governing_law": "适用的规定",
        "original_retirement_date": "原法定退休日期",
        "statutory_retirement_date": "法定退休日期",
        "earliest_retirement_date": "最早可退休日期",
        "latest_retirement_date": "最晚可退休日期",
        "minimum_pension_contribution_months": "养老保险最低缴费月数",
        "age_reached_on": "达到年龄之日",
    },
)

# -- Reasons ---------------------------------------------------------------------------------------

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
FLEXIBLE_NO_FURTHER_PREMIUMS = ReasonTemplate(
    "retirement.flexible_no_further_premiums",
    "Retired flexibly on the chosen day {retirement_date} with {contribution_years} years "
    "{contribution_rest} month(s) of accumulated employee medical insurance contributions, at least "
    "the {required_years} years required of {sex_en}: no basic medical insurance premiums are paid "
    "after retirement, and the benefits are enjoyed as the state provides.",
    "已于选定的{retirement_date}弹性退休，职工基本医疗保险累计缴费{contribution_years}年"
    "{contribution_rest}个月，达到{sex_zh}所需的{required_years}年：退休后不再缴纳基本医疗保险费，"
    "按照国家规定享受基本医疗保险待遇。",
    (_SIL_27, _FLEXIBLE),
)
FLEXIBLE_MAY_TOP_UP = ReasonTemplate(
    "retirement.flexible_may_top_up",
    "Retired flexibly on the chosen day {retirement_date} with {contribution_years} years "
    "{contribution_rest} month(s) of accumulated employee medical insurance contributions, "
    "{shortfall_years} years {shortfall_months} month(s) short of the {required_years} years "
    "required of {sex_en}: the person may pay up to the required years ({shortfall_total} more "
    "months of contributions).",
    "已于选定的{retirement_date}弹性退休，职工基本医疗保险累计缴费{contribution_years}年"
    "{contribution_rest}个月，距{sex_zh}所需的{required_years}年尚差{shortfall_years}年"
    "{shortfall_months}个月：可以缴费至规定年限（还需缴费{shortfall_total}个月）。",
    (_SIL_27, _FLEXIBLE),
)
FLEXIBLE_NOT_YET_SHORT = ReasonTemplate(
    "retirement.flexible_not_yet_retired",
    "On {evaluation_date} the chosen retirement day {retirement_date} is not yet reached. Article "
    "27 then asks {required_years} years of accumulated contributions of {sex_en}: with "
    "{contribution_years} years {contribution_rest} month(s) so far, {shortfall_years} years "
    "{shortfall_months} month(s) are still missing (paid by then, or topped up after).",
    "{evaluation_date}尚未到选定的退休日{retirement_date}。届时{sex_zh}须累计缴费满{required_years}年："
    "目前累计{contribution_years}年{contribution_rest}个月，尚差{shortfall_years}年{shortfall_months}"
    "个月（可在此前缴足，或退休时补缴）。",
    (_SIL_27, _FLEXIBLE),
)
FLEXIBLE_NOT_YET_MET = ReasonTemplate(
    "retirement.flexible_not_yet_retired_years_met",
    "On {evaluation_date} the chosen retirement day {retirement_date} is not yet reached. The "
    "{contribution_years} years {contribution_rest} month(s) of accumulated contributions already "
    "meet the {required_years} years required of {sex_en}.",
    "{evaluation_date}尚未到选定的退休日{retirement_date}。目前累计缴费{contribution_years}年"
    "{contribution_rest}个月，已达到{sex_zh}所需的{required_years}年。",
    (_SIL_27, _FLEXIBLE),
)
AGE_NOT_RAISED = ReasonTemplate(
    "retirement.age_not_raised",
    "Born on {birth_date}: a {category_en} reaches the original statutory retirement age of "
    "{age_years} years on {retirement_date}, before {in_force}, from which the 2025 reform governs "
    "retirements; the law before the reform governs this retirement, and the age is not raised.",
    "出生于{birth_date}：{category_zh}于{retirement_date}达到原法定退休年龄{age_years}周岁，早于"
    "2025年改革施行之日{in_force}；本次退休适用改革前的规定，退休年龄不延迟。",
    (_IN_FORCE,),
)
REFORM_NOT_IN_FORCE = ReasonTemplate(
    "retirement.reform_not_in_force",
    "On {evaluation_date} the decision raising the statutory retirement age was not yet adopted (it "
    "was adopted on {enacted} and governs retirements from {in_force}); under the chosen reading "
    "(governing_law: known_on_evaluation_date) the law then known applies: the original age of "
    "{age_years} years of a {category_en}, reached on {retirement_date}.",
    "{evaluation_date}延迟法定退休年龄的决定尚未通过（于{enacted}通过，适用于{in_force}起的退休）；"
    "按所选解读（governing_law: known_on_evaluation_date）适用当时已知的规定：{category_zh}的原法定"
    "退休年龄{age_years}周岁，于{retirement_date}达到。",
    (_IN_FORCE,),
)
BORN_BEFORE_FIRST_RAISED_MONTH = ReasonTemplate(
    "retirement.born_before_first_raised_month",
    "Born on {birth_date}, before {first_raised_month}, the first birth month the 2025 reform "
    "raises: the reform governs this retirement (from {in_force}) but leaves the statutory "
    "retirement age of a {category_en} at {age_years} years, reached on {retirement_date}.",
    "出生于{birth_date}，早于改革延迟的首个出生月份{first_raised_month}：本次退休适用改革（{in_force}"
    "起施行），但{category_zh}的法定退休年龄仍为{age_years}周岁，于{retirement_date}达到。",
    (_SCHEDULE, _IN_FORCE),
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
ENACTED_LAW_GOVERNS = ReasonTemplate(
    "retirement.enacted_law_governs",
    "On {evaluation_date} the decision of the NPC Standing Committee raising the statutory "
    "retirement age, adopted on {enacted}, is not yet in force (it is from {in_force}), yet it "
    "governs this retirement: the law is chosen by the day the retirement falls on ({original_date} "
    "at the original age of {original_age} years), not by the day the question is asked.",
    "{evaluation_date}全国人大常委会于{enacted}通过的延迟法定退休年龄决定尚未施行（自{in_force}起"
    "施行），但适用于本次退休：适用哪一规定取决于退休之日（按原法定退休年龄{original_age}周岁为"
    "{original_date}），而非询问之日。",
    (_IN_FORCE, _SCHEDULE),
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
FLEXIBLE_EARLY = ReasonTemplate(
    "retirement.flexible_early_retirement",
    "Flexible early retirement on {chosen_date}, before the statutory retirement day "
    "{statutory_date}: no earlier than {earliest_date} (at most {max_earlier} months early, and "
    "never below the original age of {original_age} years), and the {pension_years} years "
    "{pension_rest} month(s) of basic pension contributions reach the minimum of {minimum_years} "
    "years {minimum_rest} month(s) for a retirement in {chosen_year}. Article 27 is applied on the "
    "chosen day.",
    "于{chosen_date}弹性提前退休（法定退休日期为{statutory_date}）：不早于{earliest_date}（最长提前"
    "{max_earlier}个月，且不低于原法定退休年龄{original_age}周岁）；基本养老保险累计缴费{pension_years}年"
    "{pension_rest}个月，达到{chosen_year}年退休的最低缴费年限{minimum_years}年{minimum_rest}个月。"
    "社会保险法第二十七条按选定之日适用。",
    (_FLEXIBLE, _MINIMUM_YEARS),
)
FLEXIBLE_LATER = ReasonTemplate(
    "retirement.flexible_later_retirement",
    "Flexible later retirement on {chosen_date}, after the statutory retirement day "
    "{statutory_date}, agreed between the employer and the employee, and no later than "
    "{latest_date} (at most {max_later} months late). Article 27 is applied on the chosen day.",
    "于{chosen_date}弹性延迟退休（法定退休日期为{statutory_date}），所在单位与职工协商一致，且不晚于"
    "{latest_date}（最长延迟{max_later}个月）。社会保险法第二十七条按选定之日适用。",
    (_FLEXIBLE,),
)
FLEXIBLE_BEFORE_REFORM = ReasonTemplate(
    "retirement.flexible_before_reform",
    "The chosen retirement day {chosen_date} is before {in_force}: flexible retirement comes with "
    "the decision of the NPC Standing Committee adopted on {enacted}, which governs retirements from "
    "{in_force}; no flexible retirement day before it is allowed.",
    "选定的退休日{chosen_date}早于{in_force}：弹性退休随全国人大常委会于{enacted}通过、自{in_force}起"
    "施行的决定而设，此前的弹性退休日不予认可。",
    (_IN_FORCE, _FLEXIBLE),
)
FLEXIBLE_NOT_UNDER_REFORM = ReasonTemplate(
    "retirement.flexible_not_under_reform",
    "This retirement is governed by the law before the 2025 reform (statutory retirement day "
    "{statutory_date}), which has no flexible retirement: the chosen day {chosen_date}, other than "
    "the statutory one, is not allowed.",
    "本次退休适用2025年改革前的规定（法定退休日期为{statutory_date}），该规定没有弹性退休：选定的"
    "{chosen_date}不同于法定退休日期，不予认可。",
    (_IN_FORCE, _FLEXIBLE),
)
FLEXIBLE_TOO_EARLY = ReasonTemplate(
    "retirement.flexible_too_early",
    "The chosen retirement day {chosen_date} is more than {max_earlier} months before the statutory "
    "retirement day {statutory_date}: flexible early retirement is at most three years early; the "
    "earliest day allowed is {earliest_date}.",
    "选定的退休日{chosen_date}比法定退休日期{statutory_date}提前超过{max_earlier}个月：弹性提前退休"
    "最长不超过三年；最早可于{earliest_date}退休。",
    (_FLEXIBLE,),
)
FLEXIBLE_BELOW_ORIGINAL_AGE = ReasonTemplate(
    "retirement.flexible_below_original_age",
    "The chosen retirement day {chosen_date} is before {original_date}, when a {category_en} "
    "reaches the original statutory retirement age of {original_age} years: flexible early "
    "retirement never goes below the original age; the earliest day allowed is {earliest_date}.",
    "选定的退休日{chosen_date}早于{original_date}，即{category_zh}达到原法定退休年龄{original_age}周岁"
    "之日：弹性提前退休的退休年龄不得低于原法定退休年龄；最早可于{earliest_date}退休。",
    (_FLEXIBLE,),
)
FLEXIBLE_PENSION_YEARS_NOT_MET = ReasonTemplate(
    "retirement.flexible_pension_years_not_met",
    "Flexible early retirement on {chosen_date} needs the minimum basic pension contribution of "
    "{minimum_years} years {minimum_rest} month(s) for a retirement in {chosen_year}; "
    "{pension_years} years {pension_rest} month(s) of pension contributions are {pension_missing} "
    "month(s) short. These are the pension years, not the medical insurance years of article 27.",
    "于{chosen_date}弹性提前退休须达到{chosen_year}年退休的基本养老保险最低缴费年限{minimum_years}年"
    "{minimum_rest}个月；养老保险累计缴费{pension_years}年{pension_rest}个月，尚差{pension_missing}"
    "个月。此为养老保险缴费年限，不是社会保险法第二十七条的医疗保险缴费年限。",
    (_FLEXIBLE, _MINIMUM_YEARS),
)
PENSION_CONTRIBUTION_UNKNOWN = ReasonTemplate(
    "retirement.pension_contribution_unknown",
    "Flexible early retirement on {chosen_date} needs the minimum basic pension contribution of "
    "{minimum_years} years {minimum_rest} month(s) for a retirement in {chosen_year}; the pension "
    "contribution months (pension_contribution_months) are not given, so whether they reach it "
    "cannot be judged. The medical insurance months of article 27 do not count for it.",
    "于{chosen_date}弹性提前退休须达到{chosen_year}年退休的基本养老保险最低缴费年限{minimum_years}年"
    "{minimum_rest}个月；未提供养老保险缴费月数（pension_contribution_months），无法判断是否达到。"
    "社会保险法第二十七条的医疗保险缴费月数不计入。",
    (_FLEXIBLE, _MINIMUM_YEARS),
)
FLEXIBLE_LATER_NOT_AGREED = ReasonTemplate(
    "retirement.flexible_later_not_agreed",
    "The chosen retirement day {chosen_date} is after the statutory retirement day "
    "{statutory_date}, but the employer does not agree: flexible later retirement needs the employer "
    "and the employee to agree.",
    "选定的退休日{chosen_date}晚于法定退休日期{statutory_date}，但所在单位不同意：弹性延迟退休须"
    "所在单位与职工协商一致。",
    (_FLEXIBLE,),
)
EMPLOYER_AGREEMENT_UNKNOWN = ReasonTemplate(
    "retirement.employer_agreement_unknown",
    "Flexible later retirement on {chosen_date}, after the statutory retirement day "
    "{statutory_date}, needs the employer's agreement; whether the employer agrees "
    "(employer_agrees) is not given, so it cannot be judged.",
    "于{chosen_date}弹性延迟退休（晚于法定退休日期{statutory_date}）须所在单位同意；未提供单位是否"
    "同意（employer_agrees），无法判断。",
    (_FLEXIBLE,),
)
FLEXIBLE_TOO_LATE = ReasonTemplate(
    "retirement.flexible_too_late",
    "The chosen retirement day {chosen_date} is more than {max_later} months after the statutory "
    "retirement day {statutory_date}: flexible later retirement is at most three years late; the "
    "latest day allowed is {latest_date}.",
    "选定的退休日{chosen_date}比法定退休日期{statutory_date}延迟超过{max_later}个月：弹性延迟退休"
    "最长不超过三年；最晚可于{latest_date}退休。",
    (_FLEXIBLE,),
)

REASONS: tuple[ReasonTemplate, ...] = (
    NO_FURTHER_PREMIUMS,
    MAY_TOP_UP,
    NOT_YET_SHORT,
    NOT_YET_MET,
    FLEXIBLE_NO_FURTHER_PREMIUMS,
    FLEXIBLE_MAY_TOP_UP,
    FLEXIBLE_NOT_YET_SHORT,
    FLEXIBLE_NOT_YET_MET,
    AGE_NOT_RAISED,
    REFORM_NOT_IN_FORCE,
    BORN_BEFORE_FIRST_RAISED_MONTH,
    AGE_RAISED,
    AGE_END_STATE,
    ENACTED_LAW_GOVERNS,
    NO_CORRESPONDING_DAY,
    DAY_AFTER,
    FLEXIBLE_EARLY,
    FLEXIBLE_LATER,
    FLEXIBLE_BEFORE_REFORM,
    FLEXIBLE_NOT_UNDER_REFORM,
    FLEXIBLE_TOO_EARLY,
    FLEXIBLE_BELOW_ORIGINAL_AGE,
    FLEXIBLE_PENSION_YEARS_NOT_MET,
    PENSION_CONTRIBUTION_UNKNOWN,
    FLEXIBLE_TOO_LATE,
    FLEXIBLE_LATER_NOT_AGREED,
    EMPLOYER_AGREEMENT_UNKNOWN,
)


def _shown(template: ReasonTemplate) -> tuple[str, ...]:
    """The facts a template's messages show."""
    texts = (template.en, template.zh)
    return tuple(
        sorted({name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name})
    )


_SHOWN = MappingProxyType({template.code: _shown(template) for template in REASONS})
"""The facts each reason of the module shows, worked out once."""


def _fill(template: ReasonTemplate, facts: dict[str, object]) -> Reason:
    """The reason ``template`` gives with the facts its messages show (the others left out)."""
    return template(**{name: facts[name] for name in _SHOWN[template.code]})


def _age_facts(age: StatutoryRetirementAge, evaluation_date: dt.date) -> dict[str, object]:
    return {
        "birth_date": age.birth_date,
        "category_en": _CATEGORY_EN[age.category],
        "category_zh": _CATEGORY_ZH[age.category],
        "age_years": age.age_years,
        "age_months": age.age_months,
        "retirement_date": age.retirement_date,
        "statutory_date": age.retirement_date,
        "original_age": age.original_age_years,
        "original_date": age.original_date,
        "delay_months": age.delay_months,
        "pace": age.birth_months_per_month,
        "evaluation_date": evaluation_date,
        "nominal_date": age.nominal_date,
        "enacted": age.reform_enacted_on,
        "in_force": age.reform_in_force_from,
        "first_raised_month": (
            age.first_raised_birth_month.strftime("%Y-%m") if age.first_raised_birth_month else None
        ),
    }


def _age_reasons(age: StatutoryRetirementAge, evaluation_date: dt.date) -> list[Reason]:
    """Which law fixes the age and why, then how the day is found."""
    facts = _age_facts(age, evaluation_date)
    out: list[Reason] = []
    if age.law is RetirementLaw.ORIGINAL and age.original_date < age.reform_in_force_from:
        out.append(_fill(AGE_NOT_RAISED, facts))
    if age.law is RetirementLaw.ORIGINAL and age.original_date >= age.reform_in_force_from:
        out.append(_fill(REFORM_NOT_IN_FORCE, facts))
    if age.law is RetirementLaw.REFORM_2025 and age.delay_months == 0:
        out.append(_fill(BORN_BEFORE_FIRST_RAISED_MONTH, facts))
    if age.law is RetirementLaw.REFORM_2025 and age.delay_months and not age.end_state:
        out.append(_fill(AGE_RAISED, facts))
    if age.law is RetirementLaw.REFORM_2025 and age.delay_months and age.end_state:
        out.append(_fill(AGE_END_STATE, facts))
    if age.law is RetirementLaw.REFORM_2025 and evaluation_date < age.reform_in_force_from:
        out.append(_fill(ENACTED_LAW_GOVERNS, facts))
    if age.clamped:
        out.append(_fill(NO_CORRESPONDING_DAY, facts))
    if age.retirement_date != age.nominal_date:
        out.append(_fill(DAY_AFTER, facts))
    return out


# -- Parameters, read on the day each fact is about ------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lookup:
    """The parameters in force on a day; a failure names the input field the day comes from.

    A given parameter set (a what-if analysis) is used for every day, as it is.
    """

    case: RetirementCase
    given: ParameterSet | None

    def on(self, day: dt.date, field: str) -> ParameterSet:
        if self.given is not None:
            return self.given
        try:
            return parameters_for(self.case.jurisdiction, on=day)
        except DATE_NOT_COVERED as exc:
            raise self._about(exc, field) from None

    def read(self, day: dt.date, field: str, name: str) -> ParameterVersion:
        parameters = self.on(day, field)
        try:
            return parameters.version(name)
        except DATE_NOT_COVERED as exc:
            if self.given is not None:
                raise
            raise self._about(exc, field) from None

    def _about(self, exc: Exception, field: str) -> Exception:
        if not isinstance(exc, ParameterNotInForceError):
            return exc
        if exc.never_for_jurisdiction or field == "evaluation_date":
            return exc.about(field)
        given = getattr(self.case, field)
        return ParameterNotInForceError(
            exc.name,
            exc.jurisdiction,
            exc.on,
            f"{exc.detail}; the retirement falls on {exc.on} with {field} {given}",
            field=field,
        )


# -- Flexible retirement ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Flexible:
    """A chosen retirement day checked against the Measures art. 3."""

    failed: tuple[Reason, ...]
    unknown: tuple[Reason, ...] = ()
    allowed: Reason | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None
    minimum_pension_months: int | None = None
    parameters: tuple[ParameterUse, ...] = ()


def _flexible_retirement(
    case: RetirementCase, age: StatutoryRetirementAge, chosen: dt.date, look: _Lookup
) -> _Flexible:
    """A chosen retirement day other than the statutory one, each condition on its own.

    Flexible retirement comes with the reform: a day before it is in force, or a retirement the law
    before it governs, is refused as such; the reform's bounds are then not applied.
    """
    facts: dict[str, object] = {
        **_age_facts(age, case.evaluation_date),
        "chosen_date": chosen,
        "chosen_year": chosen.year,
    }
    failed: list[Reason] = []
    if chosen < age.reform_in_force_from:
        failed.append(_fill(FLEXIBLE_BEFORE_REFORM, facts))
    if age.law is RetirementLaw.ORIGINAL:
        failed.append(_fill(FLEXIBLE_NOT_UNDER_REFORM, facts))
        return _Flexible(failed=tuple(failed))
    if chosen < age.retirement_date:
        return _flexible_earlier(case, age, chosen, look, facts, failed)
    return _flexible_later(case, age, chosen, look, facts, failed)


def _flexible_earlier(
    case: RetirementCase,
    age: StatutoryRetirementAge,
    chosen: dt.date,
    look: _Lookup,
    facts: dict[str, object],
    failed: list[Reason],
) -> _Flexible:
    """The Measures art. 3: 「职工达到最低缴费年限，可以自愿选择弹性提前退休，提前时间最长不超过三年，且退休
    年龄不得低于女职工五十周岁、五十五周岁及男职工六十周岁的原法定退休年龄。」 The minimum years are those of
    the pension (art. 2), in force in the year of the chosen day."""
    bound = look.read(age.original_date, "birth_date", "retirement.flexible_earlier_max_months")
    most_early = add_months(age.retirement_date, -_int(bound))[0]
    earliest = max(most_early, age.original_date)
    facts.update(max_earlier=_int(bound), earliest_date=earliest)
    used = [bound.use()]
    unknown: list[Reason] = []
    minimum = None
    if chosen < most_early:
        failed.append(_fill(FLEXIBLE_TOO_EARLY, facts))
    if chosen < age.original_date:
        failed.append(_fill(FLEXIBLE_BELOW_ORIGINAL_AGE, facts))
    if chosen >= age.reform_in_force_from:
        floor = look.read(
            chosen, "chosen_retirement_date", "retirement.minimum_pension_contribution_months"
        )
        used.append(floor.use())
        minimum = _int(floor)
        facts.update(zip(("minimum_years", "minimum_rest"), years_and_months(minimum), strict=True))
    pension = case.pension_contribution_months
    if minimum is not None and pension is None:
        unknown.append(_fill(PENSION_CONTRIBUTION_UNKNOWN, facts))
    if minimum is not None and pension is not None:
        facts.update(zip(("pension_years", "pension_rest"), years_and_months(pension), strict=True))
        facts.update(pension_missing=max(0, minimum - pension))
    if minimum is not None and pension is not None and pension < minimum:
        failed.append(_fill(FLEXIBLE_PENSION_YEARS_NOT_MET, facts))
    return _Flexible(
        failed=tuple(failed),
        unknown=tuple(unknown),
        allowed=None if failed or unknown else _fill(FLEXIBLE_EARLY, facts),
        earliest=earliest,
        minimum_pension_months=minimum,
        parameters=tuple(used),
    )


def _flexible_later(
    case: RetirementCase,
    age: StatutoryRetirementAge,
    chosen: dt.date,
    look: _Lookup,
    facts: dict[str, object],
    failed: list[Reason],
) -> _Flexible:
    """The Measures art. 3: 「职工达到法定退休年龄，所在单位与职工协商一致的，可以弹性延迟退休，延迟时间最长
    不超过三年。」"""
    bound = look.read(age.original_date, "birth_date", "retirement.flexible_later_max_months")
    latest = add_months(age.retirement_date, _int(bound))[0]
    facts.update(max_later=_int(bound), latest_date=latest)
    unknown: list[Reason] = []
    if chosen > latest:
        failed.append(_fill(FLEXIBLE_TOO_LATE, facts))
    if case.employer_agrees is False:
        failed.append(_fill(FLEXIBLE_LATER_NOT_AGREED, facts))
    if case.employer_agrees is None:
        unknown.append(_fill(EMPLOYER_AGREEMENT_UNKNOWN, facts))
    return _Flexible(
        failed=tuple(failed),
        unknown=tuple(unknown),
        allowed=None if failed or unknown else _fill(FLEXIBLE_LATER, facts),
        latest=latest,
        parameters=(bound.use(),),
    )


# -- The rule --------------------------------------------------------------------------------------


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
    gradual raising of the statutory retirement age and the Measures it approves (passages
    ``schedule``, ``entry_into_force``, ``flexible_retirement``, ``minimum_contribution_years``).

    The statutory retirement age is that of the law governing the retirement day
    (:func:`governing_law`, whatever day the question is asked), reached on the corresponding day of
    the birth date (the month end where there is none). A chosen flexible retirement day is checked
    against the Measures art. 3: FLEXIBLE_DATE_NOT_ALLOWED with a reason per failed condition,
    UNDETERMINED naming a fact the check needs and the case leaves out. Art. 27 is applied at the
    retirement day, statutory or chosen: on or after it, NO_FURTHER_PREMIUMS when the accumulated
    months reach the required years (``retirement.medical_contribution_years_men`` or ``_women`` in
    force that day), else MAY_TOP_UP with the shortfall; before it, NOT_YET_RETIRED with the day and
    what is still missing.

    >>> import datetime as dt
    >>> case = RetirementCase(birth_date=dt.date(1965, 3, 15), sex="male", contribution_months=300,
    ...                       evaluation_date=dt.date(2026, 1, 5))
    >>> d = retirement(case)
    >>> d.outcome.value, (d.statutory_age_years, d.statutory_age_months), d.retirement_date
    ('no_further_premiums', (60, 1), datetime.date(2025, 4, 15))
    >>> d = retirement(case.model_copy(update={"contribution_months": 281}))
    >>> d.outcome.value, d.shortfall_years, d.shortfall_months
    ('may_top_up', 1, 7)
    >>> d = retirement(case.model_copy(update={"evaluation_date": dt.date(2024, 10, 1)}))
    >>> d.outcome.value, d.retirement_date, d.reason_codes[-1]
    ('not_yet_retired', datetime.date(2025, 4, 15), 'retirement.enacted_law_governs')
    >>> late = case.model_copy(update={"chosen_retirement_date": dt.date(2029, 1, 1)})
    >>> retirement(late).outcome.value, retirement(late).reason_codes[0]
    ('flexible_date_not_allowed', 'retirement.flexible_too_late')
    >>> retirement(late.model_copy(update={"chosen_retirement_date": dt.date(2026, 1, 1)})).outcome.value
    'undetermined'
    """
    case = ensure_valid(case)
    look = _Lookup(case, parameters)
    age = _statutory_age(
        case.birth_date,
        case.category,
        law=look.on(case.evaluation_date, "evaluation_date"),
        schedule_on=lambda day: look.on(day, "birth_date"),
        evaluation_date=case.evaluation_date,
        options=options,
    )
    chosen = case.chosen_retirement_date
    if chosen is None or chosen == age.retirement_date:
        return _article_27(
            case,
            age,
            age.retirement_date,
            look.read(age.retirement_date, "birth_date", _REQUIRED_YEARS[case.sex]),
        )
    flexible = _flexible_retirement(case, age, chosen, look)
    if flexible.failed or flexible.unknown:
        return _not_decided(case, age, flexible, look)
    required = look.read(chosen, "chosen_retirement_date", _REQUIRED_YEARS[case.sex])
    return _article_27(case, age, chosen, required, flexible=flexible)


def _article_27(
    case: RetirementCase,
    age: StatutoryRetirementAge,
    retired_on: dt.date,
    required: ParameterVersion,
    *,
    flexible: _Flexible | None = None,
) -> RetirementDecision:
    """Art. 27 at the retirement day: the statutory one, or the chosen day of an allowed flexible
    retirement (``flexible``), with the years ``required`` in force on that day."""
    shortfall = _shortfall(case, required)
    retired = case.evaluation_date >= retired_on
    if not retired and shortfall:
        outcome, main = RetirementOutcome.NOT_YET_RETIRED, NOT_YET_SHORT
    elif not retired:
        outcome, main = RetirementOutcome.NOT_YET_RETIRED, NOT_YET_MET
    elif shortfall:
        outcome, main = RetirementOutcome.MAY_TOP_UP, MAY_TOP_UP
    else:
        outcome, main = RetirementOutcome.NO_FURTHER_PREMIUMS, NO_FURTHER_PREMIUMS
    if flexible is not None:
        main = _FLEXIBLE_MAIN[main]
    facts = _shortfall_facts(case, _int(required), shortfall, retired_on)
    reasons = [_fill(main, facts)]
    if flexible is not None and flexible.allowed is not None:
        reasons.append(flexible.allowed)
    reasons += _age_reasons(age, case.evaluation_date)
    return _decision(case, age, outcome, reasons, retired_on, required, flexible)


_FLEXIBLE_MAIN = MappingProxyType(
    {
        NOT_YET_SHORT: FLEXIBLE_NOT_YET_SHORT,
        NOT_YET_MET: FLEXIBLE_NOT_YET_MET,
        MAY_TOP_UP: FLEXIBLE_MAY_TOP_UP,
        NO_FURTHER_PREMIUMS: FLEXIBLE_NO_FURTHER_PREMIUMS,
    }
)
"""The art. 27 reason of a retirement on an allowed flexible day, for the statutory one's."""


def _not_decided(
    case: RetirementCase, age: StatutoryRetirementAge, flexible: _Flexible, look: _Lookup
) -> RetirementDecision:
    """A chosen day refused (a failed condition) or undetermined (a missing fact): every failed
    condition, then every missing fact, then the statutory age; the shortfall is that of the
    statutory retirement day."""
    required = look.read(age.retirement_date, "birth_date", _REQUIRED_YEARS[case.sex])
    outcome = (
        RetirementOutcome.FLEXIBLE_DATE_NOT_ALLOWED
        if flexible.failed
        else RetirementOutcome.UNDETERMINED
    )
    reasons = [*flexible.failed, *flexible.unknown, *_age_reasons(age, case.evaluation_date)]
    return _decision(case, age, outcome, reasons, age.retirement_date, required, flexible)


def _shortfall(case: RetirementCase, required: ParameterVersion) -> int:
    return max(0, _int(required) * 12 - case.contribution_months)


def _shortfall_facts(
    case: RetirementCase, required_years: int, shortfall: int, retirement_date: dt.date
) -> dict[str, object]:
    short_years, short_months = years_and_months(shortfall)
    have_years, have_months = years_and_months(case.contribution_months)
    return {
        "retirement_date": retirement_date,
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


def _decision(
    case: RetirementCase,
    age: StatutoryRetirementAge,
    outcome: RetirementOutcome,
    reasons: list[Reason],
    retired_on: dt.date,
    required: ParameterVersion,
    flexible: _Flexible | None,
) -> RetirementDecision:
    shortfall = _shortfall(case, required)
    short_years, short_months = years_and_months(shortfall)
    return RetirementDecision(
        rule=RULE,
        outcome=outcome,
        reasons=tuple(reasons),
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
        parameters=(*age.parameters, required.use(), *(flexible.parameters if flexible else ())),
        category=age.category,
        birth_date=case.birth_date,
        statutory_age_years=age.age_years,
        statutory_age_months=age.age_months,
        delay_months=age.delay_months,
        retirement_date=retired_on,
        required_years=_int(required),
        contribution_months=case.contribution_months,
        shortfall_total_months=shortfall,
        shortfall_years=short_years,
        shortfall_months=short_months,
        governing_law=age.law,
        original_retirement_date=age.original_date,
        statutory_retirement_date=age.retirement_date,
        chosen_retirement_date=case.chosen_retirement_date,
        earliest_retirement_date=flexible.earliest if flexible else None,
        latest_retirement_date=flexible.latest if flexible else None,
        minimum_pension_contribution_months=flexible.minimum_pension_months if flexible else None,
    )


RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        name=RULE,
        function=retirement,
        input_model=RetirementCase,
        decision_model=RetirementDecision,
        outcomes=RetirementOutcome,
        summary_en=(
            "At retirement (statutory or flexible): no further premiums, may top up, or not yet "
            "retired (art. 27)?"
        ),
        summary_zh="退休时（法定或弹性）不再缴费、可补缴至规定年限，还是尚未退休（社会保险法第二十七条）？",
        reasons=REASONS,
    ),
)
