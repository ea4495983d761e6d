"""Period arithmetic under the Civil Code (arts. 200-204, 1259): the one place periods are computed.

* Art. 201: the starting day is not counted; the period runs from the next day.
* Art. 202: for periods in months or years, the corresponding day of the final month is the last day;
  where that month has no corresponding day, its last day is (31 Aug + 6 months -> end of February;
  29 Feb + 1 year -> 28 Feb).
* Art. 203: where the last day is a statutory rest day, the day after the rest days end is the last day.
  Here a rest day is any day that is not a working day on the official calendar, weekends included;
  a make-up working Saturday is a working day (the roll-forward is a named option, on by default).
* Art. 1259: "within" (以内) includes the last day; "more than" (超过) excludes it.

No rule adds months by itself: every rule calls :func:`period_end`, whose result says whether the month
end was clamped, whether the day was rolled forward, and, where the last day falls on days whose
holiday arrangement is not yet published, the earliest and the latest it can be, so the decision can
say so.

>>> import datetime as dt
>>> end = period_end(dt.date(2025, 8, 31), months=6)  # 28 Feb 2026: a make-up working Saturday
>>> end.nominal, end.clamped, end.last_day, end.rolled_forward
(datetime.date(2026, 2, 28), True, datetime.date(2026, 2, 28), False)
>>> end = period_end(dt.date(2025, 8, 15), months=6)  # 15 Feb 2026: Spring Festival holiday
>>> end.nominal, end.last_day, end.rest_day_kind
(datetime.date(2026, 2, 15), datetime.date(2026, 2, 24), <RestDayKind.PUBLIC_HOLIDAY: 'public_holiday'>)
>>> end = period_end(dt.date(2026, 8, 15), months=6)  # 15 Feb 2027: after the 2027 Spring Festival
>>> end.last_day is None, end.earliest, end.latest, end.unknown_years
(True, datetime.date(2027, 2, 15), datetime.date(2027, 2, 16), (2027,))
>>> period_end(dt.date(2024, 2, 29), years=1).nominal
datetime.date(2025, 2, 28)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from medins_rules.core.calendar import (
    DayStatus,
    RestDayKind,
    WorkingDayCalendar,
    bundled_calendar,
)
from medins_rules.core.errors import CalendarYearNotCoveredError
from medins_rules.core.legal import Instrument, cite
from medins_rules.core.model import Reason, ReasonTemplate

__all__ = [
    "CALENDAR_REASONS",
    "PeriodEnd",
    "add_months",
    "calendar_reasons",
    "period_end",
    "period_reasons",
    "provisional_reasons",
]

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(day: dt.date, months: int) -> tuple[dt.date, bool]:
    """The corresponding day ``months`` later, and whether it was clamped to the month's end.

    Identical to ``day + dateutil.relativedelta(months=months)`` (a property test proves it), at a
    fraction of the cost. A result past 9999-12-31 (or before year 1) raises
    :class:`~medins_rules.core.errors.CalendarYearNotCoveredError` naming the year.

    >>> import datetime as dt
    >>> add_months(dt.date(2026, 1, 31), 1)
    (datetime.date(2026, 2, 28), True)
    >>> add_months(dt.date(2026, 3, 10), 6)
    (datetime.date(2026, 9, 10), False)
    """
    total = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(total, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise CalendarYearNotCoveredError(year, (dt.MINYEAR, dt.MAXYEAR), reason="span")
    last = _days_in_month(year, month0 + 1)
    if day.day <= last:
        return day.replace(year=year, month=month0 + 1), False
    return dt.date(year, month0 + 1, last), True


@dataclass(frozen=True, slots=True)
class PeriodEnd:
    """The end of a period counted in months or years from ``start``.

    ``nominal`` is the corresponding day (art. 202, clamped to the month end when ``clamped``).
    The period really ends on the nominal day moved to the next working day when it is a rest day and
    roll-forward is on (art. 203): ``earliest`` and ``latest`` are the first and last day that can
    be under every holiday arrangement still possible, equal when it is known (``last_day``).
    ``nominal_status`` says what the calendar knows of the nominal day. ``unknown_years`` lists the
    years whose notice would settle the last day, ``unpublished_years`` the years without a published
    notice whose days were read from the holiday regulations, ``provisional_years`` those a
    provisional calendar guessed.
    """

    start: dt.date
    months: int
    nominal: dt.date
    clamped: bool
    earliest: dt.date
    latest: dt.date
    nominal_status: DayStatus
    rest_day_kind: RestDayKind | None
    unknown_years: tuple[int, ...] = ()
    unpublished_years: tuple[int, ...] = ()
    provisional_years: tuple[int, ...] = ()

    @property
    def last_day(self) -> dt.date | None:
        """The last day, when it is known (``None`` while it waits for a holiday notice)."""
        return self.earliest if self.earliest == self.latest else None

    @property
    def exact(self) -> bool:
        """Whether the last day is known."""
        return self.earliest == self.latest

    @property
    def rolled_forward(self) -> bool:
        """Whether the nominal day is a rest day, so the last day moves to a later working day."""
        return self.nominal_status is DayStatus.REST


def period_end(
    start: dt.date,
    *,
    months: int = 0,
    years: int = 0,
    calendar: WorkingDayCalendar | None = None,
    roll_forward: bool = True,
) -> PeriodEnd:
    """The last day of a period of ``years`` and ``months`` that starts after ``start``.

    ``calendar`` defaults to the bundled official calendar; with ``roll_forward=False`` no calendar is
    consulted and the nominal day is the last day.
    """
    return _period_end(start, years * 12 + months, calendar or bundled_calendar(), roll_forward)


@functools.lru_cache(maxsize=1 << 14)
def _period_end(
    start: dt.date, months: int, calendar: WorkingDayCalendar, roll_forward: bool
) -> PeriodEnd:
    if months < 1:
        raise ValueError(f"months: a period must be at least one month long; got {months}")
    nominal, clamped = add_months(start, months)
    if not roll_forward:
        return PeriodEnd(start, months, nominal, clamped, nominal, nominal, DayStatus.WORKING, None)
    status = calendar.status(nominal)
    kind = calendar.rest_day_kind(nominal) if status is DayStatus.REST else None
    bounds = calendar.next_working_day_bounds(nominal)
    return PeriodEnd(
        start,
        months,
        nominal,
        clamped,
        bounds.earliest,
        bounds.latest,
        status,
        kind,
        bounds.unknown_years,
        bounds.unpublished_years,
        bounds.provisional_years,
    )


# -- reasons every rule that computes a period shares ------------------------------------------------

_ART_203 = cite(Instrument.CIVIL_CODE, 203, paragraph=1)
_REGULATIONS = cite(Instrument.HOLIDAY_REGULATIONS_2024, 2)
_MAKE_UP = cite(Instrument.HOLIDAY_REGULATIONS_2024, 7)

MONTH_END_CLAMPED = ReasonTemplate(
    "period.month_end_clamped",
    "{period_en} ends in a month with no corresponding day for {start}; the month's last day, "
    "{nominal}, is the last day.",
    "{period_zh}到期月没有与{start}对应的日期，以该月末日{nominal}为期间的最后一日。",
    (cite(Instrument.CIVIL_CODE, 202),),
)
ROLLED_FORWARD = ReasonTemplate(
    "period.rolled_forward",
    "The last day of {period_en}, {nominal}, is a rest day ({rest_day_en}); the last day moves to "
    "the next working day, {last_day}.",
    "{period_zh}的最后一日{nominal}为休息日（{rest_day_zh}），顺延至下一个工作日{last_day}。",
    (_ART_203,),
)
LAST_DAY_NOT_YET_KNOWN = ReasonTemplate(
    "period.last_day_not_yet_known",
    "The last day of {period_en} is not yet known: the corresponding day {nominal} {why_en}, and "
    "the holiday arrangement for {years} is not yet published. Under every arrangement the national "
    "holiday regulations allow, the last day is between {earliest} and {latest}; the State "
    "Council's notice for {years} will settle it.",
    "{period_zh}的最后一日尚未确定：对应日{nominal}{why_zh}，而{years}年的节假日安排尚未公布。"
    "按《全国年节及纪念日放假办法》允许的任何安排，最后一日在{earliest}至{latest}之间；"
    "待国务院办公厅{years}年节假日安排的通知公布后即可确定。",
    (_ART_203, _REGULATIONS, _MAKE_UP),
)
UNPUBLISHED_YEAR = ReasonTemplate(
    "calendar.unpublished_year",
    "No holiday arrangement for {years} is published yet. Its days were read from what the national "
    "holiday regulations fix whatever the notice will say: the statutory holidays are rest days, "
    "days far from every holiday follow the week, and days near a holiday are not yet known. What "
    "this decision states holds under every arrangement the regulations allow; re-evaluate it when "
    "the notice is published.",
    "{years}年的节假日安排尚未公布。相关日期按《全国年节及纪念日放假办法》已确定的内容认定："
    "法定节假日为休息日，远离节假日的日期按周计算，临近节假日的日期尚未确定。本决定所述内容在该办法"
    "允许的任何安排下均成立；通知公布后请重新评估。",
    (_REGULATIONS, cite(Instrument.HOLIDAY_REGULATIONS_2024, 6), _MAKE_UP),
)
PROVISIONAL_CALENDAR = ReasonTemplate(
    "calendar.provisional_year",
    "No official holiday arrangement is known for {years}; days there that the national holiday "
    "regulations leave open were guessed to follow the week (a provisional calendar, chosen by the "
    "caller), so dates in those years are provisional.",
    "{years}年的法定节假日安排尚未公布，《全国年节及纪念日放假办法》未确定的日期按周推定（调用方选择的临时"
    "日历），所涉日期为临时结果。",
    (cite(Instrument.HOLIDAY_NOTICES), _REGULATIONS),
)
CALENDAR_REASONS: tuple[ReasonTemplate, ...] = (
    MONTH_END_CLAMPED,
    ROLLED_FORWARD,
    LAST_DAY_NOT_YET_KNOWN,
    UNPUBLISHED_YEAR,
    PROVISIONAL_CALENDAR,
)
"""The reasons any rule that computes a period or counts working days may give."""

_REST_DAY_EN: Mapping[RestDayKind, str] = MappingProxyType(
    {
        RestDayKind.PUBLIC_HOLIDAY: "a public holiday",
        RestDayKind.WEEKEND: "a weekend day",
    }
)
_REST_DAY_ZH: Mapping[RestDayKind, str] = MappingProxyType(
    {
        RestDayKind.PUBLIC_HOLIDAY: "法定节假日",
        RestDayKind.WEEKEND: "周末",
    }
)


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in sorted(set(years)))


@functools.lru_cache(maxsize=1 << 14)
def period_reasons(end: PeriodEnd, period_en: str, period_zh: str) -> tuple[Reason, ...]:
    """The reasons a decision owes about how ``end`` was reached (clamping, roll-forward, a last day
    not yet known).

    Memoised like :func:`period_end` (by the period's end and its name): the decisions of a night's
    claims share their payment days, and so these reasons (frozen, so shared safely)."""
    out: list[Reason] = []
    if end.clamped:
        out.append(
            MONTH_END_CLAMPED(
                period_en=period_en, period_zh=period_zh, start=end.start, nominal=end.nominal
            )
        )
    if not end.exact:
        rest = end.nominal_status is DayStatus.REST
        out.append(
            LAST_DAY_NOT_YET_KNOWN(
                period_en=period_en,
                period_zh=period_zh,
                nominal=end.nominal,
                why_en=(
                    "is a rest day and the working days after it are not yet known"
                    if rest
                    else "may be a working day or a rest day"
                ),
                why_zh="为休息日，其后的工作日尚未确定" if rest else "可能是工作日，也可能是休息日",
                years=_years(end.unknown_years),
                earliest=end.earliest,
                latest=end.latest,
            )
        )
    elif end.rolled_forward and end.rest_day_kind is not None:
        out.append(
            ROLLED_FORWARD(
                period_en=period_en,
                period_zh=period_zh,
                nominal=end.nominal,
                rest_day_en=_REST_DAY_EN[end.rest_day_kind],
                rest_day_zh=_REST_DAY_ZH[end.rest_day_kind],
                last_day=end.earliest,
            )
        )
    return tuple(out)


def calendar_reasons(
    unpublished_years: Iterable[int], provisional_years: Iterable[int] = ()
) -> list[Reason]:
    """The decision-level reasons about the calendar's knowledge: one ``calendar.unpublished_year``
    when days of a year without a published notice were read from the regulations, or one
    ``calendar.provisional_year`` when a provisional calendar guessed some."""
    guessed = sorted(set(provisional_years))
    if guessed:
        return [PROVISIONAL_CALENDAR(years=_years(guessed))]
    unpublished = sorted(set(unpublished_years))
    if unpublished:
        return [UNPUBLISHED_YEAR(years=_years(unpublished))]
    return []


def provisional_reasons(years: Iterable[int]) -> list[Reason]:
    """One ``calendar.provisional_year`` reason when any year was answered provisionally."""
    unique = sorted(set(years))
    if not unique:
        return []
    return [PROVISIONAL_CALENDAR(years=_years(unique))]
