"""The working-day calendar of mainland China, and what it knows about years not yet published.

A day is a working day unless it is a weekend day or a public holiday, and a weekend day the State
Council makes a working day (调休, a make-up working day) is a working day. Each year's arrangement is
published by the General Office of the State Council late in the year before (国务院办公厅关于部分节假日
安排的通知), so the calendar always knows some years and not the next ones. It knows three kinds of day:

* **published** years (and the days a published notice arranges): exact, from the notice;
* **unpublished** years: what the national holiday regulations fix whatever the notice will say
  (:mod:`medins_rules.core.holidays`): the statutory holidays are rest days; days far from every
  holiday follow the week; days near a holiday are **not yet known** (:attr:`DayStatus.UNKNOWN`),
  since a notice may bridge a holiday to a weekend or make a weekend day a working day there;
* days outside 2004-2100 (or any day the calendar's mode refuses): refused with
  :class:`~medins_rules.core.errors.CalendarYearNotCoveredError`, never guessed.

A notice for one year may arrange the last days of December before it (the 2019 notice made
2018-12-29 a working day and 2018-12-31 a rest day), so those days wait for the next year's notice.

Queries that must give one answer (:meth:`~WorkingDayCalendar.is_working_day`,
:meth:`~WorkingDayCalendar.nth_working_day_after`) raise where the answer is not yet known; their
``_bounds`` counterparts give the earliest and the latest day under any arrangement the regulations
allow, and the years whose notice would settle it. Rules use the bounds and decide whenever the
outcome cannot change (``docs/calendar.md``).

The bundled calendar takes the published years from the maintained ``chinesecalendar`` package (2004
to its last published year; checked against the notices by the test suite). Modes (a calendar is a
value: two calendars with the same arrangements and mode are equal and share their tables):

* ``partial`` (the default): as above.
* ``strict``: any day whose notice is not published is refused (the behaviour before partial
  knowledge; for callers who want an exception rather than bounds).
* ``provisional``: an explicit guess, never the default: a day not yet known is taken to follow the
  week; decisions that relied on a guess are marked ``provisional``.

>>> import datetime as dt
>>> cal = bundled_calendar()
>>> cal.is_working_day(dt.date(2026, 2, 14))  # Saturday, a make-up working day
True
>>> cal.status(dt.date(2027, 2, 5)).value  # the Spring Festival eve: a statutory holiday
'rest'
>>> cal.status(dt.date(2027, 2, 9)).value  # a Tuesday after it: the 2027 notice will say
'unknown'
>>> cal.status(dt.date(2027, 3, 9)).value  # a Tuesday far from every holiday
'working'
>>> cal.next_working_day_bounds(dt.date(2027, 2, 7))
DayBounds(earliest=datetime.date(2027, 2, 9), latest=datetime.date(2027, 2, 16), unknown_years=(2027,), unpublished_years=(2027,), provisional_years=())
>>> cal.nth_working_day_after(dt.date(2026, 9, 30), 3)  # 8 Oct, 9 Oct, then make-up Saturday 10 Oct
datetime.date(2026, 10, 10)
>>> cal.strict().is_working_day(dt.date(2027, 3, 9))
Traceback (most recent call last):
...
medins_rules.core.errors.CalendarYearNotCoveredError: working-day calendar: no official arrangement for the year 2027 (published: 2004-2026); add the year's notice (WorkingDayCalendar.with_year, or a notice file) or use the partial calendar, which decides from the national holiday regulations where it can
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from medins_rules.core.errors import CalendarDataError, CalendarYearNotCoveredError
from medins_rules.core.holidays import (
    Holiday,
    adjustment_reach,
    festival_years,
    statutory_days,
)

__all__ = [
    "CalendarMode",
    "DayBounds",
    "DayStatus",
    "DayTable",
    "RestDayKind",
    "WorkingDayCalendar",
    "YearArrangement",
    "bundled_calendar",
    "parse_notice",
]

FIRST_YEAR = 2004
"""The first year the calendar answers for: the first published year, and the first year whose
notices the reach of changes was derived from."""


class DayStatus(StrEnum):
    """What the calendar knows about a day."""

    WORKING = "working"
    REST = "rest"
    UNKNOWN = "unknown"
    """Not yet known: the notice for the year (not published) may make it either."""


class RestDayKind(StrEnum):
    """Why a day is not a working day."""

    PUBLIC_HOLIDAY = "public_holiday"
    WEEKEND = "weekend"


class CalendarMode(StrEnum):
    """How a calendar answers for days whose notice is not published."""

    PARTIAL = "partial"
    """From the national holiday regulations: known where the law fixes the day, else unknown."""
    STRICT = "strict"
    """Refused (:class:`~medins_rules.core.errors.CalendarYearNotCoveredError`)."""
    PROVISIONAL = "provisional"
    """A guess: a day not yet known is taken to follow the week, and marked provisional."""


_REST, _WORKING, _UNKNOWN = 0, 1, 2
_STATUS = (DayStatus.REST, DayStatus.WORKING, DayStatus.UNKNOWN)


class YearArrangement(BaseModel):
    """One year's official arrangement: its rest days off weekends and its make-up working days.

    ``holidays`` lists the rest days of the year's holiday periods (weekend days inside a holiday
    period may be listed or not: they are rest days either way); ``make_up_working_days`` the weekend
    days made working days. Days of the last weeks of December of the year before may be listed (a
    New Year arrangement reaches back). ``source`` names the notice; ``document`` and ``issued`` give
    its document number and date when known. ``extraordinary`` lists days arranged outside the
    regulations' usual reach (a one-off holiday by a separate notice); they are exempt from the check
    that changes stay near a holiday.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int
    holidays: frozenset[dt.date]
    make_up_working_days: frozenset[dt.date] = frozenset()
    source: str
    document: str | None = None
    issued: dt.date | None = None
    extraordinary: frozenset[dt.date] = frozenset()

    @field_validator("year")
    @classmethod
    def _year_in_range(cls, year: int) -> int:
        first, last = FIRST_YEAR, festival_years()[1]
        if not first <= year <= last:
            raise ValueError(
                f"year: {year} is outside the years the calendar answers for ({first}-{last})"
            )
        return year

    @model_validator(mode="after")
    def _check(self) -> Self:
        for field in ("holidays", "make_up_working_days", "extraordinary"):
            stray = sorted(d for d in getattr(self, field) if not _in_notice_span(d, self.year))
            if stray:
                raise ValueError(
                    f"{field}: {stray[0].isoformat()} is not in {self.year} (nor in the last "
                    f"weeks of December {self.year - 1}, which a New Year arrangement may reach)"
                )
        weekday = sorted(d for d in self.make_up_working_days if d.weekday() < 5)
        if weekday:
            raise ValueError(
                f"make_up_working_days: {weekday[0].isoformat()} is a weekday, not a weekend day"
            )
        both = sorted(self.holidays & self.make_up_working_days)
        if both:
            raise ValueError(f"holidays: {both[0].isoformat()} is also listed as a working day")
        return self

    def check_against_regulations(self) -> None:
        """Refuse an arrangement the national holiday regulations do not allow, naming the day.

        Every statutory holiday on a weekday must be a rest day, no statutory day may be a working
        day, and every other change must lie near a holiday (within the reach of
        :func:`~medins_rules.core.holidays.adjustment_reach`) unless listed as ``extraordinary``.
        """
        statutory = statutory_days(self.year)
        for day, holiday in statutory.items():
            if day in self.make_up_working_days:
                raise CalendarDataError(
                    f"make_up_working_days: {day.isoformat()} is a statutory holiday "
                    f"({holiday.value}) under the national holiday regulations; it cannot be a "
                    "working day"
                )
            if day.weekday() < 5 and day not in self.holidays:
                raise CalendarDataError(
                    f"holidays: the statutory holiday {day.isoformat()} ({holiday.value}) is "
                    "missing; the national holiday regulations make it a rest day"
                )
        reach = adjustment_reach(self.year)
        for field, days, weekday in (
            ("holidays", self.holidays, True),
            ("make_up_working_days", self.make_up_working_days, False),
        ):
            for day in sorted(days - self.extraordinary):
                if day in statutory or (weekday and day.weekday() >= 5):
                    continue  # a statutory day, or a weekend day listed in a holiday period
                if not _within_reach(day, self.year, weekday=weekday):
                    distance, holiday = _nearest(day, self.year)
                    limit = reach.of(holiday, weekday=weekday)
                    raise CalendarDataError(
                        f"{field}: {day.isoformat()} lies {distance} days from {holiday.value}, "
                        f"the nearest statutory holiday; a notice changes days within {limit} days "
                        "of a holiday (list the day under extraordinary if a separate notice "
                        "arranged it)"
                    )


def _in_notice_span(day: dt.date, year: int) -> bool:
    """Whether a notice for ``year`` may arrange ``day``: the year itself or late December before."""
    return day.year == year or (day.year == year - 1 and day.month == 12 and day.day >= 10)


def _within_reach(day: dt.date, year: int, *, weekday: bool) -> bool:
    """Whether a notice for ``year`` may change ``day``: within the reach of one of its holidays."""
    reach = adjustment_reach(year)
    return any(
        abs((day - s).days) <= reach.of(h, weekday=weekday) for s, h in statutory_days(year).items()
    )


def _nearest(day: dt.date, year: int) -> tuple[int, Holiday]:
    """The distance in days from ``day`` to the nearest statutory day of ``year``, and its holiday."""
    return min((abs((day - s).days), h) for s, h in statutory_days(year).items())


def parse_notice(text: str, *, where: str = "notice") -> YearArrangement:
    """A year's arrangement from the text of a notice file (TOML; template in
    ``docs/notice-template.toml``), validated as a model and against the regulations.

    Errors name the file (``where``) and the key, as :class:`CalendarDataError`.

    >>> notice = parse_notice('''
    ... year = 2027
    ... source = "国务院办公厅关于2027年部分节假日安排的通知 (example)"
    ... holidays = [2027-01-01, 2027-02-05, 2027-02-08, 2027-04-05, 2027-05-03, 2027-06-09,
    ...             2027-09-15, 2027-10-01, 2027-10-04, 2027-10-05]
    ... make_up_working_days = []
    ... ''')
    >>> notice.year, len(notice.holidays)
    (2027, 10)
    >>> parse_notice('year = 2027\\nsource = "x"\\nholidays = [2027-01-04]')
    Traceback (most recent call last):
    ...
    medins_rules.core.errors.CalendarDataError: notice: holidays: the statutory holiday 2027-01-01 (new_year) is missing; the national holiday regulations make it a rest day
    """
    import tomllib  # a notice file is TOML; the bundled data do not need the parser

    try:
        raw: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CalendarDataError(f"{where}: not valid TOML: {exc}") from None
    try:
        arrangement = YearArrangement.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'notice'}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors(include_url=False)
        )
        raise CalendarDataError(f"{where}: {problems}") from None
    try:
        arrangement.check_against_regulations()
    except CalendarDataError as exc:
        raise CalendarDataError(f"{where}: {exc}") from None
    return arrangement


@dataclass(frozen=True, slots=True)
class DayBounds:
    """The earliest and the latest a day can be under every arrangement the regulations allow.

    ``earliest == latest`` when the day is known. ``unknown_years`` lists the years whose notice
    would settle it (empty when it is known); ``unpublished_years`` every year without a published
    notice whose days were read from the regulations on the way (the answer holds under every
    arrangement, but should be re-evaluated when the notice is out); ``provisional_years`` the years
    whose days a provisional calendar guessed.
    """

    earliest: dt.date
    latest: dt.date
    unknown_years: tuple[int, ...] = ()
    unpublished_years: tuple[int, ...] = ()
    provisional_years: tuple[int, ...] = ()

    @property
    def exact(self) -> bool:
        """Whether the day is known."""
        return self.earliest == self.latest

    @property
    def day(self) -> dt.date | None:
        """The day, when it is known."""
        return self.earliest if self.earliest == self.latest else None


# -- the tables: one per year and content, built on first use ----------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class _Content:
    """A calendar's published arrangements, compared and hashed by a digest of their days, so that
    calendars with the same content share their year tables whatever objects hold them."""

    arrangements: Mapping[int, YearArrangement]
    digest: bytes

    @classmethod
    def of(cls, arrangements: Mapping[int, YearArrangement]) -> _Content:
        text = ";".join(
            f"{a.year}:{','.join(sorted(d.isoformat() for d in a.holidays))}"
            f":{','.join(sorted(d.isoformat() for d in a.make_up_working_days))}"
            for a in arrangements.values()
        )
        return cls(arrangements, hashlib.sha256(text.encode()).digest())

    def __hash__(self) -> int:
        return hash(self.digest)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Content) and self.digest == other.digest

    def published(self, year: int) -> bool:
        return year in self.arrangements


@dataclass(frozen=True, slots=True)
class _Year:
    """One year of a calendar's content: each day's status code (as the published notices and the
    regulations give it), whether its notice is published, and its holidays."""

    codes: bytes
    published: bytes  # 1 where the day's notice is published
    holidays: frozenset[dt.date]  # rest days named by a published notice or by the regulations


def _notice_year(day: dt.date) -> int:
    """The year whose notice arranges ``day``: its own, or the next for the last days of December
    within reach of the next New Year's Day."""
    if day.month == 12 and day.day >= 10:
        following = day.year + 1
        if following <= festival_years()[1]:
            limit = adjustment_reach(following).of(Holiday.NEW_YEAR, weekday=day.weekday() < 5)
            if (dt.date(following, 1, 1) - day).days <= limit:
                return following
    return day.year


def _week_codes(first: dt.date, count: int) -> bytearray:
    week = bytes(_WORKING if (first.weekday() + k) % 7 < 5 else _REST for k in range(7))
    return bytearray((week * (count // 7 + 1))[:count])


@functools.lru_cache(maxsize=1 << 10)
def _year(content: _Content, year: int) -> _Year:
    """The table of one year of a calendar's content (shared by every calendar with that content)."""
    first = dt.date(year, 1, 1)
    size = (dt.date(year, 12, 31) - first).days + 1
    codes = _week_codes(first, size)
    published = bytearray(size)
    holidays: set[dt.date] = set()
    origin = first.toordinal()
    for notice in (year, year + 1):  # the notices that arrange days of this year
        if content.published(notice):
            arrangement = content.arrangements[notice]
            for day in arrangement.holidays:
                if day.year == year and _notice_year(day) == notice:
                    codes[day.toordinal() - origin] = _REST
                    holidays.add(day)
            for day in arrangement.make_up_working_days:
                if day.year == year and _notice_year(day) == notice:
                    codes[day.toordinal() - origin] = _WORKING
        elif notice <= festival_years()[1]:  # what the regulations fix, near their holidays
            statutory = statutory_days(notice)
            reach = adjustment_reach(notice)
            for day, holiday in statutory.items():
                for offset in range(-reach.widest, reach.widest + 1):
                    near = day + dt.timedelta(days=offset)
                    if near.year != year or near in statutory or _notice_year(near) != notice:
                        continue
                    if abs(offset) <= reach.of(holiday, weekday=near.weekday() < 5):
                        codes[near.toordinal() - origin] = _UNKNOWN
            for day in statutory:
                if day.year == year:
                    codes[day.toordinal() - origin] = _REST
                    holidays.add(day)
    for index in range(size):
        day = dt.date.fromordinal(origin + index)
        published[index] = content.published(_notice_year(day))
    return _Year(bytes(codes), bytes(published), frozenset(holidays))


@dataclass(frozen=True, slots=True)
class DayTable:
    """The calendar's knowledge of a run of days, for engines that work over arrays.

    One byte per day from ``first``: ``codes`` (0 rest, 1 working, 2 not yet known, in the
    calendar's mode: a provisional calendar's guesses applied), ``published`` (1 where the day's
    notice is published; a strict calendar refuses the others) and ``guessed`` (1 where a
    provisional calendar guessed).
    """

    first: dt.date
    codes: bytes
    published: bytes
    guessed: bytes

    REST: ClassVar[int] = _REST
    WORKING: ClassVar[int] = _WORKING
    UNKNOWN: ClassVar[int] = _UNKNOWN


class WorkingDayCalendar:
    """An immutable working-day calendar: published arrangements, the regulations, and a mode.

    Parameters
    ----------
    arrangements:
        The published arrangements, one per year.
    mode:
        How days whose notice is not published are answered (:class:`CalendarMode`; partial by
        default). ``provisional=True`` is the older spelling of ``mode="provisional"``.
    name:
        A short description recorded in decisions (for example the data's source and version).
    """

    __slots__ = ("_arrangements", "_content", "_hash", "_mode", "_name", "_span")

    def __init__(
        self,
        arrangements: Iterable[YearArrangement] = (),
        *,
        mode: CalendarMode | str = CalendarMode.PARTIAL,
        name: str = "custom",
        provisional: bool | None = None,
    ) -> None:
        by_year: dict[int, YearArrangement] = {}
        for arrangement in arrangements:
            if arrangement.year in by_year:
                raise CalendarDataError(f"year {arrangement.year}: given more than once")
            by_year[arrangement.year] = arrangement
        self._arrangements: Mapping[int, YearArrangement] = dict(sorted(by_year.items()))
        self._mode = CalendarMode.PROVISIONAL if provisional else CalendarMode(mode)
        self._name = name
        self._content = _Content.of(self._arrangements)
        self._span = (min([FIRST_YEAR, *self._arrangements]), festival_years()[1])
        self._hash = hash((self._mode, self._content))

    # -- identity: a calendar is a value -----------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkingDayCalendar):
            return NotImplemented
        return (self._mode, self._content) == (other._mode, other._content)

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        span = f"{self.years[0]}-{self.years[-1]}" if self.years else "no years"
        return f"WorkingDayCalendar({self.name!r}, published {span}, {self._mode.value})"

    # -- description -------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        """A short description of the calendar's data and mode."""
        suffix = {
            CalendarMode.PARTIAL: "",
            CalendarMode.STRICT: " (strict)",
            CalendarMode.PROVISIONAL: " (provisional outside its years)",
        }[self._mode]
        return self._name + suffix

    @property
    def mode(self) -> CalendarMode:
        """How days whose notice is not published are answered."""
        return self._mode

    @property
    def is_provisional(self) -> bool:
        """Whether days not yet known are guessed (an explicit opt-in)."""
        return self._mode is CalendarMode.PROVISIONAL

    @property
    def years(self) -> tuple[int, ...]:
        """The years with a published arrangement."""
        return tuple(self._arrangements)

    @property
    def arrangements(self) -> tuple[YearArrangement, ...]:
        """The published arrangements, by year."""
        return tuple(self._arrangements.values())

    @property
    def span(self) -> tuple[int, int]:
        """The first and last year the calendar answers for (in its mode, some days may be refused
        or unknown)."""
        return self._span

    def covers(self, year: int) -> bool:
        """Whether ``year`` has a published arrangement."""
        return year in self._arrangements

    # -- derived calendars -------------------------------------------------------------------------

    def with_year(self, arrangement: YearArrangement | Mapping[str, object]) -> WorkingDayCalendar:
        """A calendar with one more year's arrangement (replacing any the year had), checked against
        the national holiday regulations.

        >>> import datetime as dt
        >>> cal = bundled_calendar().with_year({
        ...     "year": 2027, "source": "example notice",
        ...     "holidays": [dt.date(2027, 1, 1), dt.date(2027, 2, 5), dt.date(2027, 2, 8),
        ...                  dt.date(2027, 2, 9), dt.date(2027, 4, 5), dt.date(2027, 6, 9),
        ...                  dt.date(2027, 9, 15), dt.date(2027, 10, 1)],
        ...     "make_up_working_days": [dt.date(2027, 2, 20)],
        ... })
        >>> cal.is_working_day(dt.date(2027, 2, 9)), cal.is_working_day(dt.date(2027, 2, 20))
        (False, True)
        """
        if not isinstance(arrangement, YearArrangement):
            try:
                arrangement = YearArrangement.model_validate(arrangement)
            except ValidationError as exc:
                raise CalendarDataError(f"year arrangement: {exc}") from None
        arrangement.check_against_regulations()
        kept = [a for y, a in self._arrangements.items() if y != arrangement.year]
        return WorkingDayCalendar(
            [*kept, arrangement],
            mode=self._mode,
            name=f"{self._name} + {arrangement.year} ({arrangement.source})",
        )

    def _in_mode(self, mode: CalendarMode) -> WorkingDayCalendar:
        return WorkingDayCalendar(self._arrangements.values(), mode=mode, name=self._name)

    def partial(self) -> WorkingDayCalendar:
        """This calendar, answering days not yet published from the regulations (the default)."""
        return self._in_mode(CalendarMode.PARTIAL)

    def strict(self) -> WorkingDayCalendar:
        """This calendar, refusing every day whose notice is not published."""
        return self._in_mode(CalendarMode.STRICT)

    def provisional(self) -> WorkingDayCalendar:
        """This calendar, guessing days not yet known by the week (an explicit opt-in, marked)."""
        return self._in_mode(CalendarMode.PROVISIONAL)

    # -- queries -----------------------------------------------------------------------------------

    def _code(self, day: dt.date) -> tuple[int, int]:
        """(the day's status code in this calendar's mode, the day's notice year)."""
        first, last = self._span
        if not first <= day.year <= last:
            raise self._not_covered(day.year)
        year = _year(self._content, day.year)
        index = day.toordinal() - dt.date(day.year, 1, 1).toordinal()
        code = year.codes[index]
        if not year.published[index]:
            notice = _notice_year(day)
            if self._mode is CalendarMode.STRICT:
                raise self._not_covered(notice)
            if code == _UNKNOWN and self._mode is CalendarMode.PROVISIONAL:
                code = _WORKING if day.weekday() < 5 else _REST
            return code, notice
        return code, 0

    def _not_covered(self, year: int, day: dt.date | None = None) -> CalendarYearNotCoveredError:
        published = (self.years[0], self.years[-1]) if self.years else None
        first, last = self.span
        if not first <= year <= last:
            return CalendarYearNotCoveredError(year, (first, last), reason="span")
        return CalendarYearNotCoveredError(
            year, published, reason="unknown_day" if day else "unpublished", day=day
        )

    def status(self, day: dt.date) -> DayStatus:
        """Whether ``day`` is a working day, a rest day, or not yet known."""
        return _STATUS[self._code(day)[0]]

    def notice_year(self, day: dt.date) -> int:
        """The year whose notice arranges ``day`` (the next year for the last days of December
        within reach of the next New Year's Day)."""
        return _notice_year(day)

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day; raises where it is not yet known."""
        code, notice = self._code(day)
        if code == _UNKNOWN:
            raise self._not_covered(notice, day)
        return code == _WORKING

    def rest_day_kind(self, day: dt.date) -> RestDayKind | None:
        """Why ``day`` is a rest day, or ``None`` for a working day; raises where not yet known."""
        if self.is_working_day(day):
            return None
        holidays = _year(self._content, day.year).holidays
        return RestDayKind.PUBLIC_HOLIDAY if day in holidays else RestDayKind.WEEKEND

    def next_working_day_bounds(self, day: dt.date) -> DayBounds:
        """``day`` itself when it is a working day, else the first working day after it, as bounds:
        the earliest counts every day not yet known as working, the latest counts none."""
        return self._bounds(day, 1, include_day=True)

    def nth_working_day_after_bounds(self, day: dt.date, n: int) -> DayBounds:
        """The ``n``-th working day after ``day`` (never counting ``day`` itself), as bounds."""
        if n < 1:
            raise ValueError(f"n: expected a positive number of working days; got {n}")
        return self._bounds(day, n, include_day=False)

    def _bounds(self, day: dt.date, n: int, *, include_day: bool) -> DayBounds:
        possible = certain = 0
        earliest: dt.date | None = None
        unknown: set[int] = set()
        unpublished: set[int] = set()
        guessed: set[int] = set()
        current = day if include_day else day + _ONE_DAY
        while True:
            code, notice = self._code(current)
            if notice:
                unpublished.add(notice)
                if self._mode is CalendarMode.PROVISIONAL and self._guessed(current):
                    guessed.add(notice)
            if code != _REST:
                possible += 1
                if earliest is None and possible == n:
                    earliest = current
            if code == _UNKNOWN:
                unknown.add(notice)
            elif code == _WORKING:
                certain += 1
                if certain == n:
                    break
            current += _ONE_DAY
        assert earliest is not None
        exact = earliest == current
        return DayBounds(
            earliest,
            current,
            () if exact else tuple(sorted(unknown)),
            tuple(sorted(unpublished)),
            tuple(sorted(guessed)),
        )

    def _guessed(self, day: dt.date) -> bool:
        year = _year(self._content, day.year)
        return year.codes[day.toordinal() - dt.date(day.year, 1, 1).toordinal()] == _UNKNOWN

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it; raises
        where not yet known."""
        return self._exact(self.next_working_day_bounds(day))

    def nth_working_day_after(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day``; ``day`` itself is never counted; raises where
        not yet known.

        Unlike ``chinese_calendar.find_workday``, this does not count one day further when ``day``
        is a rest day: the 1st working day after a Saturday is the Monday (when it is a working day).
        """
        return self._exact(self.nth_working_day_after_bounds(day, n))

    def _exact(self, bounds: DayBounds) -> dt.date:
        if bounds.day is None:
            raise self._not_covered(bounds.unknown_years[0], bounds.earliest)
        return bounds.day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """The number of working days after ``start`` up to and including ``end``; raises where a
        day between is not yet known.

        ``start`` itself is never counted (Civil Code art. 201); zero when ``end <= start``.
        """
        if end <= start:
            return 0
        self._code(start)
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            code, notice = self._code(day)
            if code == _UNKNOWN:
                raise self._not_covered(notice, day)
            count += code
            day += _ONE_DAY
        return count

    def unpublished_years(self, first: dt.date, last: dt.date) -> tuple[int, ...]:
        """The notice years of the days in ``[first, last]`` that are not published."""
        low, high = sorted((first, last))
        years = {_notice_year(low), _notice_year(high), *range(low.year, high.year + 1)}
        return tuple(sorted(y for y in years if y not in self._arrangements))

    def provisional_years(self, first: dt.date, last: dt.date) -> tuple[int, ...]:
        """The years in ``[first, last]`` whose days were guessed (a provisional calendar only)."""
        if self._mode is not CalendarMode.PROVISIONAL:
            return ()
        return self.unpublished_years(first, last)

    def day_table(self, first: dt.date, last: dt.date) -> DayTable:
        """The calendar's knowledge of every day from ``first`` to ``last``, for engines that work
        over arrays (:class:`DayTable`); raises for a day outside the span, and a strict calendar for
        a day whose notice is not published."""
        low, high = self.span
        if not low <= first.year <= high or not low <= last.year <= high:
            raise self._not_covered(first.year if not low <= first.year <= high else last.year)
        codes, published, guessed = bytearray(), bytearray(), bytearray()
        for year in range(first.year, last.year + 1):
            table = _year(self._content, year)
            start = (first - dt.date(year, 1, 1)).days if year == first.year else 0
            stop = (last - dt.date(year, 1, 1)).days + 1 if year == last.year else len(table.codes)
            year_codes = table.codes[start:stop]
            year_published = table.published[start:stop]
            if self._mode is CalendarMode.STRICT and not all(year_published):
                day = dt.date(year, 1, 1) + dt.timedelta(days=start + year_published.index(0))
                raise self._not_covered(_notice_year(day))
            guesses = _both(year_codes.translate(_IS_UNKNOWN), year_published.translate(_IS_ZERO))
            if self._mode is CalendarMode.PROVISIONAL and any(guesses):
                weekday0 = (dt.date(year, 1, 1) + dt.timedelta(days=start)).weekday()
                year_codes = bytes(
                    (_WORKING if (weekday0 + i) % 7 < 5 else _REST) if guess else code
                    for i, (code, guess) in enumerate(zip(year_codes, guesses, strict=True))
                )
                guessed += guesses
            else:
                guessed += bytes(len(year_codes))
            codes += year_codes
            published += year_published
        return DayTable(first, bytes(codes), bytes(published), bytes(guessed))


_ONE_DAY = dt.timedelta(days=1)
_IS_UNKNOWN = bytes(int(code == _UNKNOWN) for code in range(256))
_IS_ZERO = bytes(int(code == 0) for code in range(256))


def _both(first: bytes, second: bytes) -> bytes:
    """Day by day, 1 where both byte strings of 0/1 flags hold 1 (without a loop over the days)."""
    size = len(first)
    return (int.from_bytes(first, "big") & int.from_bytes(second, "big")).to_bytes(size, "big")


@functools.cache
def bundled_calendar() -> WorkingDayCalendar:
    """The calendar shipped with the package: the published years from ``chinesecalendar``, the
    national holiday regulations beyond them (partial mode)."""
    # Imported here, not at module level: needed once, when the calendar is first built, and
    # importlib.metadata alone costs tens of milliseconds of package import time.
    from importlib.metadata import version

    import chinese_calendar

    from medins_rules.core.notices import bundled_notices

    notices = bundled_notices()
    holidays: dict[int, set[dt.date]] = {}
    working: dict[int, set[dt.date]] = {}
    for day in chinese_calendar.holidays:
        holidays.setdefault(_notice_year(day), set()).add(day)
    for day in chinese_calendar.workdays:
        working.setdefault(_notice_year(day), set()).add(day)
    arrangements = []
    for year in sorted(holidays):
        notice = notices.get(year)
        arrangement = YearArrangement(
            year=year,
            holidays=frozenset(holidays[year]),
            make_up_working_days=frozenset(working.get(year, ())),
            source=notice.title if notice else f"State Council holiday notice for {year}",
            document=notice.document if notice else None,
            issued=notice.issued if notice else None,
            extraordinary=frozenset(notice.extraordinary_days) if notice else frozenset(),
        )
        _check_statutory(arrangement)
        arrangements.append(arrangement)
    return WorkingDayCalendar(arrangements, name=f"chinesecalendar {version('chinesecalendar')}")


def _check_statutory(arrangement: YearArrangement) -> None:
    """The bundled data's hard check: every statutory holiday is a rest day (the reach of the other
    changes is checked by the test suite, so that a new release of the data cannot stop the rules)."""
    for day, holiday in statutory_days(arrangement.year).items():
        if day in arrangement.make_up_working_days or (
            day.weekday() < 5 and day not in arrangement.holidays
        ):
            raise CalendarDataError(  # pragma: no cover - guarded by the tests on the shipped data
                f"bundled calendar: {day.isoformat()} ({holiday.value}) is a statutory holiday "
                "but the data makes it a working day"
            )
