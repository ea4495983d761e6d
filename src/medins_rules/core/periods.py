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
end was clamped and whether the day was rolled forward, so the decision can say so.

>>> import datetime as dt
>>> end = period_end(dt.date(2025, 8, 31), months=6)  # 28 Feb 2026: a make-up working Saturday
>>> end.nominal, end.clamped, end.last_day, end.rolled_forward
(datetime.date(2026, 2, 28), True, datetime.date(2026, 2, 28), False)
>>> end = period_end(dt.date(2025, 8, 15), months=6)  # 15 Feb 2026: Spring Festival holiday
>>> end.nominal, end.last_day, end.rest_day_kind
(datetime.date(2026, 2, 15), datetime.date(2026, 2, 24), <RestDayKind.PUBLIC_HOLIDAY: 'public_holiday'>)
>>> period_end(dt.date(2024, 2, 29), years=1).nominal
datetime.date(2025, 2, 28)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from medins_rules.core.calendar import RestDayKind, WorkingDayCalendar, bundled_calendar
from medins_rules.core.legal import Instrument, cite
from medins_rules.core.model import Reason, ReasonTemplate

__all__ = ["PeriodEnd", "add_months", "period_end", "period_reasons", "provisional_reasons"]

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(day: dt.date, months: int) -> tuple[dt.date, bool]:
    """The corresponding day ``months`` later, and whether it was clamped to the month's end.

    Identical to ``day + dateutil.relativedelta(months=months)`` (a property test proves it), at a
    fraction of the cost.

    >>> import datetime as dt
    >>> add_months(dt.date(2026, 1, 31), 1)
    (datetime.date(2026, 2, 28), True)
    >>> add_months(dt.date(2026, 3, 10), 6)
    (datetime.date(2026, 9, 10), False)
    """
    total = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(total, 12)
    last = _days_in_month(year, month0 + 1)
    if day.day <= last:
        return day.replace(year=year, month=month0 + 1), False
    return dt.date(year, month0 + 1, last), True


@dataclass(frozen=True, slots=True)
class PeriodEnd:
    """The end of a period counted in months or years from ``start``.

    ``nominal`` is the corresponding day (art. 202, clamped to the month end when ``clamped``);
    ``last_day`` is the day the period really ends: ``nominal`` moved to the next working day when it is
    a rest day and roll-forward is on (art. 203). ``provisional_years`` lists the years whose working
    days were answered by weekends alone (a provisional calendar); empty otherwise.
    """

    start: dt.date
    months: int
    nominal: dt.date
    clamped: bool
    last_day: dt.date
    rolled_forward: bool
    rest_day_kind: RestDayKind | None
    provisional_years: tuple[int, ...]


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


@functools.lru_cache(maxsize=1 << 16)
def _period_end(
    start: dt.date, months: int, calendar: WorkingDayCalendar, roll_forward: bool
) -> PeriodEnd:
    if months < 1:
        raise ValueError(f"months: a period must be at least one month long; got {months}")
    nominal, clamped = add_months(start, months)
    if not roll_forward:
        return PeriodEnd(start, months, nominal, clamped, nominal, False, None, ())
    kind = calendar.rest_day_kind(nominal)
    last_day = nominal if kind is None else calendar.next_working_day(nominal)
    provisional = calendar.provisional_years(nominal, last_day) if calendar.is_provisional else ()
    return PeriodEnd(start, months, nominal, clamped, last_day, kind is not None, kind, provisional)


# -- reasons every rule that computes a period shares ------------------------------------------------

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
    (cite(Instrument.CIVIL_CODE, 203, paragraph=1),),
)
PROVISIONAL_CALENDAR = ReasonTemplate(
    "calendar.provisional_year",
    "No official holiday arrangement is known for {years}; working days there were counted with "
    "weekends as the only rest days, so dates in those years are provisional.",
    "{years}年的法定节假日安排尚未公布，相关工作日仅按周末计算，所涉日期为临时结果。",
    (cite(Instrument.HOLIDAY_NOTICES),),
)
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


def period_reasons(end: PeriodEnd, period_en: str, period_zh: str) -> list[Reason]:
    """The reasons a decision owes about how ``end`` was reached (clamping, roll-forward)."""
    out: list[Reason] = []
    if end.clamped:
        out.append(
            MONTH_END_CLAMPED(
                period_en=period_en, period_zh=period_zh, start=end.start, nominal=end.nominal
            )
        )
    kind = end.rest_day_kind
    if end.rolled_forward and kind is not None:  # a rolled day always has its rest-day kind
        out.append(
            ROLLED_FORWARD(
                period_en=period_en,
                period_zh=period_zh,
                nominal=end.nominal,
                rest_day_en=_REST_DAY_EN[kind],
                rest_day_zh=_REST_DAY_ZH[kind],
                last_day=end.last_day,
            )
        )
    return out


def provisional_reasons(years: Iterable[int]) -> list[Reason]:
    """One ``calendar.provisional_year`` reason when any year was answered provisionally."""
    unique = sorted(set(years))
    if not unique:
        return []
    return [PROVISIONAL_CALENDAR(years=", ".join(str(y) for y in unique))]
