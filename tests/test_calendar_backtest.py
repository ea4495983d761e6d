"""The partial calendar is sound: rebuilt for every published year with its notice hidden, from the
regulations in force that year, it agrees with the notice on every day it calls known.

For each year Y of 2004-2026, the calendar is built from the notices of the years before Y only (as
on a day before Y's notice came out), and every day from 10 December of Y-1 (which Y's New Year
arrangement may reach) to 31 December of Y is compared with the bundled calendar, which holds Y's
notice. Days arranged by an extraordinary notice outside the regulations (the 2015 commemoration of
the victory) are the only ones the regulations cannot foresee; they are listed in the notices data
and counted apart. The known share of each hidden year is printed on ``docs/calendar.md``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from medins_rules.core.calendar import DayStatus, WorkingDayCalendar, bundled_calendar
from medins_rules.core.holidays import Holiday, adjustment_reach, statutory_days
from medins_rules.core.notices import bundled_notices

CAL = bundled_calendar()
PUBLISHED = range(2004, 2027)
EXTRAORDINARY = frozenset(d for n in bundled_notices().values() for d in n.extraordinary_days)


def backtest(year: int) -> tuple[int, int, list[dt.date], list[dt.date]]:
    """(days known, days not yet known, disagreements, extraordinary days) for a hidden ``year``."""
    hidden = WorkingDayCalendar([a for a in CAL.arrangements if a.year < year])
    day = max(dt.date(year - 1, 12, 10), dt.date(2004, 1, 1))
    known = unknown = 0
    wrong: list[dt.date] = []
    special: list[dt.date] = []
    while day <= dt.date(year, 12, 31):
        status = hidden.status(day)
        if status is DayStatus.UNKNOWN:
            unknown += 1
        else:
            known += 1
            truth = DayStatus.WORKING if CAL.is_working_day(day) else DayStatus.REST
            if status is not truth:
                (special if day in EXTRAORDINARY else wrong).append(day)
        day += dt.timedelta(days=1)
    return known, unknown, wrong, special


@pytest.mark.parametrize("year", PUBLISHED)
def test_a_hidden_year_rebuilt_from_the_regulations_agrees_with_its_notice(year: int) -> None:
    known, unknown, wrong, special = backtest(year)
    assert wrong == [], f"{year}: the partial calendar called these days wrongly: {wrong}"
    assert set(special) <= EXTRAORDINARY
    assert known > 2 * unknown  # most of a year is known before its notice


def test_only_the_2015_commemoration_lies_outside_what_the_regulations_foresee() -> None:
    special = [d for year in PUBLISHED for d in backtest(year)[3]]
    assert special == [dt.date(2015, 9, 3), dt.date(2015, 9, 4), dt.date(2015, 9, 6)]


def _changes(year: int) -> list[tuple[int, Holiday, bool]]:
    """(distance from the nearest statutory day, its holiday, weekday) of every day a notice changed
    from the week in ``year`` (extraordinary days aside)."""
    statutory = {**statutory_days(year), **statutory_days(year + 1)} if year < 2100 else {}
    out = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        weekday = day.weekday() < 5
        if (
            day not in statutory
            and day not in EXTRAORDINARY
            and CAL.status(day) is not DayStatus.UNKNOWN  # the end of 2026 waits for 2027
            and CAL.is_working_day(day) != weekday
        ):
            distance, holiday = min((abs((day - s).days), h) for s, h in statutory.items())
            out.append((distance, holiday, weekday))
        day += dt.timedelta(days=1)
    return out


def test_the_reach_of_the_notices_is_what_the_data_says_was_observed() -> None:
    observed: dict[tuple[Holiday, bool], int] = {}
    for year in PUBLISHED:
        for distance, holiday, weekday in _changes(year):
            key = (holiday, weekday)
            observed[key] = max(observed.get(key, 0), distance)
    reach = adjustment_reach(2027)
    for holiday in Holiday:
        assert observed.get((holiday, True), 0) == reach.observed_rest_days[holiday], holiday
        assert observed.get((holiday, False), 0) == reach.observed_working_days[holiday], holiday
        assert reach.rest_days[holiday] >= reach.observed_rest_days[holiday]
        assert reach.working_days[holiday] >= reach.observed_working_days[holiday]


@pytest.mark.parametrize("year", PUBLISHED)
def test_every_bundled_year_keeps_to_the_regulations(year: int) -> None:
    arrangement = next(a for a in CAL.arrangements if a.year == year)
    arrangement.check_against_regulations()


def test_the_recorded_amendments_are_in_the_bundled_days() -> None:
    for notice in bundled_notices().values():
        for amendment in notice.amendments:
            for day in amendment.rest_days:
                assert not CAL.is_working_day(day), (notice.year, day)
            for day in amendment.working_days:
                assert CAL.is_working_day(day), (notice.year, day)


def test_every_bundled_year_has_a_recorded_notice() -> None:
    assert set(bundled_notices()) == set(CAL.years)
