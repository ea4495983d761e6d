"""The national holiday regulations: what the law fixes about a year before its notice is published.

The State Council's regulations on national holidays (全国年节及纪念日放假办法) name the holidays of all
citizens and their days (art. 2: New Year's Day, the Spring Festival, Qingming, Labour Day, the
Dragon Boat Festival, Mid-Autumn, National Day). Those days are rest days in every year the version
governs, whatever the yearly notice (国务院办公厅关于部分节假日安排的通知) arranges around them: a holiday
falling on a weekend is made up on a working day (art. 6 of the 2024 revision), and the notice may
swap weekend days for the weekdays that bridge a holiday to a weekend (调休). Such changes stay near
the holidays: every notice of 2004-2026 changed days at most 5 days (rest days) or 10 days (working
days) from a statutory day, and the calendar treats the days within each holiday's widest change seen,
rounded up to whole weeks, as not yet known (``data/holiday_regulations.toml``,
:func:`adjustment_reach`).

The lunar and solar-term days come from ``data/festivals.toml`` (generated from lunar-python, checked
against sxtwl and against the notices by the test suite).

>>> import datetime as dt
>>> days = statutory_days(2027)
>>> [d.isoformat() for d, holiday in days.items() if holiday is Holiday.SPRING_FESTIVAL]
['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']
>>> regulation_for(2027).decree, regulation_for(2024).decree
('国务院令第795号', '国务院令第644号')
>>> reach = adjustment_reach(2027)
>>> reach.of(Holiday.SPRING_FESTIVAL, weekday=True), reach.of(Holiday.SPRING_FESTIVAL, weekday=False)
(7, 14)

References: the regulations' 1999, 2007, 2013 and 2024 revisions (State Council decrees No. 270, 513,
644 and 795; see ``docs/legal-basis.md``). Checked with: the back-test in
``tests/test_calendar_backtest.py`` (every year 2004-2026 rebuilt from the regulations with its notice
hidden agrees with the notice on every day it calls known). Limitations: extraordinary arrangements
outside the regulations (the 2015 commemoration, the 2020 epidemic extension) cannot be foreseen; a
future revision of the regulations is not known before it is adopted.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from medins_rules.core.datafiles import read_toml
from medins_rules.core.errors import CalendarDataError, CalendarYearNotCoveredError
from medins_rules.core.legal import Instrument

__all__ = [
    "HOLIDAY_NAMES",
    "AdjustmentReach",
    "Holiday",
    "HolidayRegulation",
    "adjustment_reach",
    "festival_years",
    "regulation_for",
    "statutory_days",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Holiday(StrEnum):
    """A holiday of all citizens under the regulations (art. 2)."""

    NEW_YEAR = "new_year"
    SPRING_FESTIVAL = "spring_festival"
    QINGMING = "qingming"
    LABOUR_DAY = "labour_day"
    DRAGON_BOAT = "dragon_boat"
    MID_AUTUMN = "mid_autumn"
    NATIONAL_DAY = "national_day"


HOLIDAY_NAMES: Mapping[Holiday, tuple[str, str]] = MappingProxyType(
    {
        Holiday.NEW_YEAR: ("New Year's Day", "元旦"),
        Holiday.SPRING_FESTIVAL: ("the Spring Festival", "春节"),
        Holiday.QINGMING: ("the Qingming Festival", "清明节"),
        Holiday.LABOUR_DAY: ("Labour Day", "劳动节"),
        Holiday.DRAGON_BOAT: ("the Dragon Boat Festival", "端午节"),
        Holiday.MID_AUTUMN: ("the Mid-Autumn Festival", "中秋节"),
        Holiday.NATIONAL_DAY: ("National Day", "国庆节"),
    }
)
"""Each holiday's name in English and Chinese."""

_FESTIVALS = ("spring_festival", "qingming", "dragon_boat", "mid_autumn")
_DAY_RULE = re.compile(
    r"^(?:(?P<month>\d\d)-(?P<day>\d\d)|(?P<festival>[a-z_]+)(?P<offset>[+-]\d+)?)$"
)


def _check_rule(rule: str) -> str:
    match = _DAY_RULE.match(rule)
    if match is None or (match["festival"] and match["festival"] not in _FESTIVALS):
        raise ValueError(
            f"{rule!r} is not a day rule (MM-DD, or one of {', '.join(_FESTIVALS)} with an "
            "optional +N/-N)"
        )
    if match["month"]:
        dt.date(2000, int(match["month"]), int(match["day"]))  # raises for a day no year has
    return rule


class HolidayRegulation(BaseModel):
    """One version of the regulations: its decree, the date it governs from, the holidays' days."""

    model_config = _FROZEN

    instrument: Instrument
    decree: str
    in_force_from: dt.date
    new_year: tuple[str, ...] = ()
    spring_festival: tuple[str, ...] = ()
    qingming: tuple[str, ...] = ()
    labour_day: tuple[str, ...] = ()
    dragon_boat: tuple[str, ...] = ()
    mid_autumn: tuple[str, ...] = ()
    national_day: tuple[str, ...] = ()

    @field_validator(*(h.value for h in Holiday))
    @classmethod
    def _rules(cls, rules: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_check_rule(rule) for rule in rules)

    def days(self, year: int) -> dict[dt.date, Holiday]:
        """The statutory days of ``year`` under this version, with their holiday, in date order."""
        festivals = _festivals(year)
        out: dict[dt.date, Holiday] = {}
        for holiday in Holiday:
            for rule in getattr(self, holiday.value):
                match = _DAY_RULE.match(rule)
                assert match is not None  # checked when loaded
                if match["month"]:
                    day = dt.date(year, int(match["month"]), int(match["day"]))
                else:
                    offset = int(match["offset"] or 0)
                    day = festivals[match["festival"]] + dt.timedelta(days=offset)
                out.setdefault(day, holiday)  # two holidays on one day: the first named keeps it
        return dict(sorted(out.items()))


class AdjustmentReach(BaseModel):
    """How far from a holiday's statutory days a yearly notice can change a day (调休), in days, per
    holiday: the widest change the notices were seen to make (``observed_*``) and the reach the
    calendar uses (at least that)."""

    model_config = _FROZEN

    effective_from: dt.date
    basis: str
    rest_days: Mapping[Holiday, int]
    """A weekday made a rest day lies at most this far from the holiday."""
    working_days: Mapping[Holiday, int]
    """A weekend day made a working day lies at most this far from the holiday."""
    observed_rest_days: Mapping[Holiday, int]
    observed_working_days: Mapping[Holiday, int]

    @model_validator(mode="after")
    def _margin(self) -> AdjustmentReach:
        for kind in ("rest_days", "working_days"):
            reach, observed = getattr(self, kind), getattr(self, f"observed_{kind}")
            for holiday in Holiday:
                if holiday not in reach or holiday not in observed:
                    raise ValueError(f"{kind}: no reach for {holiday.value}")
                if reach[holiday] < observed[holiday]:
                    raise ValueError(
                        f"{kind}: the reach for {holiday.value} is narrower than what the notices "
                        "were seen to do"
                    )
        return self

    @property
    def widest(self) -> int:
        """The widest reach of any kind for any holiday."""
        return max(*self.rest_days.values(), *self.working_days.values())

    def of(self, holiday: Holiday, *, weekday: bool) -> int:
        """The reach for a day near ``holiday``: a weekday (may become a rest day) or a weekend day
        (may become a working day)."""
        return (self.rest_days if weekday else self.working_days)[holiday]


class _Data(BaseModel):
    model_config = _FROZEN

    versions: tuple[HolidayRegulation, ...]
    reach: tuple[AdjustmentReach, ...]


def _load(name: str) -> dict[str, Any]:
    return read_toml(name)


@functools.cache
def _data() -> _Data:
    try:
        data = _Data.model_validate(_load("holiday_regulations.toml"))
    except ValidationError as exc:  # pragma: no cover - guarded by the tests on the shipped data
        raise CalendarDataError(f"data/holiday_regulations.toml: {exc}") from None
    return data


@functools.cache
def _festival_table() -> tuple[int, int, Mapping[int, Mapping[str, dt.date]]]:
    raw = _load("festivals.toml")
    first, last, columns = raw["first_year"], raw["last_year"], raw["columns"]
    if tuple(columns) != _FESTIVALS:  # pragma: no cover - guarded by the tests on the shipped data
        raise CalendarDataError(f"data/festivals.toml: columns {columns}, expected {_FESTIVALS}")
    table: dict[int, Mapping[str, dt.date]] = {}
    for key, days in raw["years"].items():
        year = int(key)
        if len(days) != len(columns) or any(d.year != year for d in days):
            raise CalendarDataError(f"data/festivals.toml: year {year}: {days}")  # pragma: no cover
        table[year] = MappingProxyType(dict(zip(columns, days, strict=True)))
    if set(table) != set(range(first, last + 1)):  # pragma: no cover
        raise CalendarDataError("data/festivals.toml: the years are not first_year..last_year")
    return first, last, MappingProxyType(table)


def festival_years() -> tuple[int, int]:
    """The first and last year whose lunar and solar-term days the package holds."""
    first, last, _ = _festival_table()
    return first, last


def _festivals(year: int) -> Mapping[str, dt.date]:
    first, last, table = _festival_table()
    found = table.get(year)
    if found is None:
        raise CalendarYearNotCoveredError(year, (first, last), reason="festivals")
    return found


def regulation_for(year: int) -> HolidayRegulation:
    """The version of the regulations that governs ``year`` (its 1 January is on or after the
    version's in-force date); raises :class:`CalendarYearNotCoveredError` for a year before every
    version or beyond the festival table."""
    _festivals(year)  # a year the package cannot compute is refused first
    start = dt.date(year, 1, 1)
    governing = [v for v in _data().versions if v.in_force_from <= start]
    if not governing:
        first = min(v.in_force_from for v in _data().versions).year + 1
        raise CalendarYearNotCoveredError(year, (first, festival_years()[1]), reason="regulations")
    return max(governing, key=lambda v: v.in_force_from)


@functools.lru_cache(maxsize=256)
def statutory_days(year: int) -> Mapping[dt.date, Holiday]:
    """The statutory rest days of ``year`` under the version of the regulations that governs it."""
    return MappingProxyType(regulation_for(year).days(year))


def adjustment_reach(year: int) -> AdjustmentReach:
    """The reach of a yearly notice's changes in force for ``year``."""
    start = dt.date(year, 1, 1)
    governing = [r for r in _data().reach if r.effective_from <= start]
    if not governing:
        first = min(r.effective_from for r in _data().reach).year
        raise CalendarYearNotCoveredError(year, (first, festival_years()[1]), reason="regulations")
    return max(governing, key=lambda r: r.effective_from)
