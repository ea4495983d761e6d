"""The working-day calendar of mainland China.

A day is a working day unless it is a weekend day or a public holiday, and a weekend day the State
Council makes a working day (调休, a make-up working day) is a working day. Each year's arrangement is
published by the General Office of the State Council late in the year before.

The bundled calendar takes its data from the maintained ``chinesecalendar`` package (2004 to its last
published year; it matches the State Council notices for 2024-2026 on every day, and raises outside its
years rather than guessing). Why that package and not another is recorded in ``docs/calendar.md``.

A date in a year the calendar does not cover raises :class:`CalendarYearNotCoveredError`, naming the
year. Two documented ways on:

* :meth:`WorkingDayCalendar.with_year` adds a year's official arrangement (its holidays and make-up
  working days, as data, with the notice it comes from);
* :meth:`WorkingDayCalendar.provisional` returns a calendar that treats only weekends as rest days in
  uncovered years; rules mark every decision that relied on such a year as provisional, with a reason.

Queries are O(1) (working-day tests, counts) or O(log n) (the Nth working day after a day) after a
one-time table build per calendar, not day-by-day walks.

>>> import datetime as dt
>>> cal = bundled_calendar()
>>> cal.is_working_day(dt.date(2026, 2, 14))  # Saturday, a make-up working day
True
>>> cal.is_working_day(dt.date(2026, 2, 16))  # Spring Festival
False
>>> cal.nth_working_day_after(dt.date(2026, 9, 30), 3)  # 8 Oct, 9 Oct, then make-up Saturday 10 Oct
datetime.date(2026, 10, 10)
>>> cal.is_working_day(dt.date(2099, 1, 5))
Traceback (most recent call last):
...
medins_rules.core.errors.CalendarYearNotCoveredError: working-day calendar: no official arrangement for the year 2099 (the calendar covers 2004-2026); add the year's State Council notice with WorkingDayCalendar.with_year(...) or opt in to WorkingDayCalendar.provisional()
>>> cal.provisional().is_working_day(dt.date(2099, 1, 5))  # a Monday, weekends-only reading
True
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from medins_rules.core.errors import CalendarDataError, CalendarYearNotCoveredError

__all__ = ["RestDayKind", "WorkingDayCalendar", "YearArrangement", "bundled_calendar"]

_PROVISIONAL_SPAN = (1990, 2100)
"""Years a provisional calendar answers for; outside them even a provisional answer is refused."""


class RestDayKind(StrEnum):
    """Why a day is not a working day."""

    PUBLIC_HOLIDAY = "public_holiday"
    WEEKEND = "weekend"


class YearArrangement(BaseModel):
    """One year's official arrangement: its rest days off weekends and its make-up working days.

    ``holidays`` lists the days of the year's public holiday periods (weekend days inside a holiday
    period may be listed or not: they are rest days either way). ``make_up_working_days`` lists the
    weekend days made working days. ``source`` names the notice.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int
    holidays: frozenset[dt.date]
    make_up_working_days: frozenset[dt.date] = frozenset()
    source: str

    @model_validator(mode="after")
    def _check(self) -> Self:
        for field in ("holidays", "make_up_working_days"):
            stray = sorted(d for d in getattr(self, field) if d.year != self.year)
            if stray:
                raise ValueError(f"{field}: {stray[0].isoformat()} is not in {self.year}")
        weekday = sorted(d for d in self.make_up_working_days if d.weekday() < 5)
        if weekday:
            raise ValueError(
                f"make_up_working_days: {weekday[0].isoformat()} is a weekday, not a weekend day"
            )
        both = sorted(self.holidays & self.make_up_working_days)
        if both:
            raise ValueError(f"holidays: {both[0].isoformat()} is also listed as a working day")
        return self


def _is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


class WorkingDayCalendar:
    """An immutable working-day calendar built from year arrangements.

    Parameters
    ----------
    arrangements:
        The official arrangements, one per year.
    provisional:
        When true, a year with no arrangement is answered by weekends alone instead of refused, and
        :meth:`provisional_years` reports it so that decisions can say so.
    name:
        A short description recorded in decisions (for example the data's source and version).
    """

    def __init__(
        self,
        arrangements: Iterable[YearArrangement],
        *,
        provisional: bool = False,
        name: str = "custom",
    ) -> None:
        by_year: dict[int, YearArrangement] = {}
        for arrangement in arrangements:
            if arrangement.year in by_year:
                raise CalendarDataError(f"year {arrangement.year}: given more than once")
            by_year[arrangement.year] = arrangement
        self._arrangements: Mapping[int, YearArrangement] = dict(sorted(by_year.items()))
        self._provisional = provisional
        self._name = name

    # -- description ------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """A short description of the calendar's data."""
        return self._name + (" (provisional outside its years)" if self._provisional else "")

    @property
    def is_provisional(self) -> bool:
        """Whether uncovered years are answered by weekends alone."""
        return self._provisional

    @property
    def years(self) -> tuple[int, ...]:
        """The years with an official arrangement."""
        return tuple(self._arrangements)

    def covers(self, year: int) -> bool:
        """Whether ``year`` has an official arrangement."""
        return year in self._arrangements

    def __repr__(self) -> str:
        span = f"{self.years[0]}-{self.years[-1]}" if self.years else "no years"
        return f"WorkingDayCalendar({self.name!r}, years {span})"

    # -- derived calendars --------------------------------------------------------------------------

    def with_year(self, arrangement: YearArrangement | Mapping[str, object]) -> WorkingDayCalendar:
        """A calendar with one more year's official arrangement (replacing any the year had).

        >>> import datetime as dt
        >>> cal = bundled_calendar().with_year({
        ...     "year": 2099,
        ...     "holidays": [dt.date(2099, 1, 1)],
        ...     "make_up_working_days": [],
        ...     "source": "example notice",
        ... })
        >>> cal.is_working_day(dt.date(2099, 1, 1)), cal.is_working_day(dt.date(2099, 1, 2))
        (False, True)
        """
        if not isinstance(arrangement, YearArrangement):
            try:
                arrangement = YearArrangement.model_validate(arrangement)
            except ValidationError as exc:
                raise CalendarDataError(f"year arrangement: {exc}") from None
        kept = [a for y, a in self._arrangements.items() if y != arrangement.year]
        return WorkingDayCalendar(
            [*kept, arrangement],
            provisional=self._provisional,
            name=f"{self._name} + {arrangement.year} ({arrangement.source})",
        )

    def provisional(self) -> WorkingDayCalendar:
        """This calendar, answering uncovered years by weekends alone (an explicit opt-in)."""
        return WorkingDayCalendar(self._arrangements.values(), provisional=True, name=self._name)

    # -- the table --------------------------------------------------------------------------------

    @functools.cached_property
    def _span(self) -> tuple[int, int]:
        if self._provisional:
            low, high = _PROVISIONAL_SPAN
            if self._arrangements:
                low, high = min(low, *self._arrangements), max(high, *self._arrangements)
            return low, high
        if not self._arrangements:
            return (1, 0)
        return min(self._arrangements), max(self._arrangements)

    @functools.cached_property
    def _table(self) -> tuple[int, list[bool], list[int]]:
        """(ordinal of day 0, working flag per day, working days in [day 0, day i] per day)."""
        first, last = self._span
        if first > last:
            return 0, [], []
        start = dt.date(first, 1, 1).toordinal()
        end = dt.date(last, 12, 31).toordinal()
        working: list[bool] = []
        cumulative: list[int] = []
        count = 0
        for ordinal in range(start, end + 1):
            day = dt.date.fromordinal(ordinal)
            arrangement = self._arrangements.get(day.year)
            if arrangement is None:
                flag = not _is_weekend(day)
            elif day in arrangement.make_up_working_days:
                flag = True
            else:
                flag = not (_is_weekend(day) or day in arrangement.holidays)
            working.append(flag)
            count += flag
            cumulative.append(count)
        return start, working, cumulative

    def _index(self, day: dt.date) -> int:
        year = day.year
        if year not in self._arrangements:
            first, last = self._span
            if not (self._provisional and first <= year <= last):
                covered = (self.years[0], self.years[-1]) if self.years else None
                raise CalendarYearNotCoveredError(year, covered)
        start, _, _ = self._table
        return day.toordinal() - start

    def _check_range(self, first: dt.date, last: dt.date) -> None:
        for year in range(first.year, last.year + 1):
            self._index(dt.date(year, 1, 1))

    # -- queries ----------------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day."""
        index = self._index(day)
        return self._table[1][index]

    def rest_day_kind(self, day: dt.date) -> RestDayKind | None:
        """Why ``day`` is a rest day, or ``None`` for a working day."""
        if self.is_working_day(day):
            return None
        arrangement = self._arrangements.get(day.year)
        if arrangement is not None and day in arrangement.holidays:
            return RestDayKind.PUBLIC_HOLIDAY
        return RestDayKind.WEEKEND

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """The number of working days after ``start`` up to and including ``end``.

        ``start`` itself is never counted (Civil Code art. 201); zero when ``end <= start``.
        """
        if end <= start:
            return 0
        self._check_range(start, end)
        _, _, cumulative = self._table
        return cumulative[self._index(end)] - cumulative[self._index(start)]

    def nth_working_day_after(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day``; ``day`` itself is never counted.

        Unlike ``chinese_calendar.find_workday``, this does not count one day further when ``day`` is
        a rest day: the 1st working day after a Saturday is the Monday (when it is a working day).
        """
        if n < 1:
            raise ValueError(f"n: expected a positive number of working days; got {n}")
        start_index = self._index(day)
        start, _, cumulative = self._table
        target = cumulative[start_index] + n
        found = bisect.bisect_left(cumulative, target, lo=start_index + 1)
        if found >= len(cumulative):
            covered = (self.years[0], self.years[-1]) if self.years else None
            raise CalendarYearNotCoveredError(self._span[1] + 1, covered)
        result = dt.date.fromordinal(start + found)
        self._check_range(day, result)
        return result

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        if self.is_working_day(day):
            return day
        return self.nth_working_day_after(day, 1)

    def provisional_years(self, first: dt.date, last: dt.date) -> tuple[int, ...]:
        """The years in ``[first, last]`` answered provisionally (weekends alone)."""
        low, high = sorted((first.year, last.year))
        return tuple(y for y in range(low, high + 1) if y not in self._arrangements)


@functools.cache
def bundled_calendar() -> WorkingDayCalendar:
    """The official calendar shipped with the package (from ``chinesecalendar``), strict by default."""
    # Imported here, not at module level: needed once, when the table is first built, and
    # importlib.metadata alone costs tens of milliseconds of package import time.
    from importlib.metadata import version

    import chinese_calendar

    holidays: dict[int, set[dt.date]] = {}
    working: dict[int, set[dt.date]] = {}
    for day in chinese_calendar.holidays:
        holidays.setdefault(day.year, set()).add(day)
    for day in chinese_calendar.workdays:
        working.setdefault(day.year, set()).add(day)
    arrangements = [
        YearArrangement(
            year=year,
            holidays=frozenset(holidays.get(year, ())),
            make_up_working_days=frozenset(working.get(year, ())),
            source=f"State Council holiday notice for {year} (chinesecalendar)",
        )
        for year in sorted(holidays)
    ]
    return WorkingDayCalendar(arrangements, name=f"chinesecalendar {version('chinesecalendar')}")
