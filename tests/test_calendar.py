"""The working-day calendar: the official notices, uncovered years, extension, provisional mode."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medins_rules.core.calendar import (
    RestDayKind,
    WorkingDayCalendar,
    YearArrangement,
    bundled_calendar,
)
from medins_rules.core.errors import CalendarDataError, CalendarYearNotCoveredError

CAL = bundled_calendar()

# The State Council notices for 2024-2026, as the project's legal notes record them.
NOTICES = {
    2024: (
        "1/1; 2/10–17; 4/4–6; 5/1–5; 6/10; 9/15–17; 10/1–7",
        "2/4, 2/18, 4/7, 4/28, 5/11, 9/14, 9/29, 10/12",
    ),
    2025: ("1/1; 1/28–2/4; 4/4–6; 5/1–5; 5/31–6/2; 10/1–8", "1/26, 2/8, 4/27, 9/28, 10/11"),
    2026: (
        "1/1–3; 2/15–23; 4/4–6; 5/1–5; 6/19–21; 9/25–27; 10/1–7",
        "1/4, 2/14, 2/28, 5/9, 9/20, 10/10",
    ),
}


def _day(year: int, text: str) -> dt.date:
    month, day = (int(x) for x in text.split("/"))
    return dt.date(year, month, day)


def _rest_days(year: int, spec: str) -> set[dt.date]:
    out: set[dt.date] = set()
    for part in spec.split(";"):
        first, _, last = part.strip().partition("–")
        start = _day(year, first)
        end = start
        if last:
            end = _day(year, last) if "/" in last else start.replace(day=int(last))
        while start <= end:
            out.add(start)
            start += dt.timedelta(days=1)
    return out


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_the_bundled_calendar_matches_the_state_council_notice_on_every_day(year: int) -> None:
    rest_spec, work_spec = NOTICES[year]
    holidays = _rest_days(year, rest_spec)
    make_up = {_day(year, d.strip()) for d in work_spec.split(",")}
    day = dt.date(year, 1, 1)
    while day.year == year:
        expected = day in make_up or (day.weekday() < 5 and day not in holidays)
        assert CAL.is_working_day(day) is expected, day
        day += dt.timedelta(days=1)


def test_the_notices_here_match_the_legal_notes(legal_notes: str) -> None:
    for year, (rest, work) in NOTICES.items():
        assert re.search(
            rf"{year}: rest {re.escape(rest)}\. Weekend working days {work}\.", legal_notes
        )


def test_a_year_the_calendar_does_not_cover_is_refused_naming_the_year() -> None:
    with pytest.raises(CalendarYearNotCoveredError, match="2027") as info:
        CAL.is_working_day(dt.date(2027, 2, 10))
    assert info.value.year == 2027


def test_counting_working_days_into_an_uncovered_year_is_refused() -> None:
    with pytest.raises(CalendarYearNotCoveredError, match="2027"):
        CAL.nth_working_day_after(dt.date(2026, 12, 30), 5)
    with pytest.raises(CalendarYearNotCoveredError, match="2027"):
        CAL.working_days_between(dt.date(2026, 12, 1), dt.date(2027, 1, 5))


def test_the_day_itself_is_never_counted_even_when_it_is_a_rest_day() -> None:
    saturday = dt.date(2026, 3, 7)
    assert CAL.nth_working_day_after(saturday, 1) == dt.date(2026, 3, 9)
    assert CAL.nth_working_day_after(dt.date(2026, 3, 6), 1) == dt.date(2026, 3, 9)


def test_a_make_up_saturday_counts_as_a_working_day() -> None:
    assert CAL.nth_working_day_after(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 14)
    assert CAL.rest_day_kind(dt.date(2026, 2, 14)) is None


def test_rest_days_say_whether_they_are_holidays_or_weekends() -> None:
    assert CAL.rest_day_kind(dt.date(2026, 10, 1)) is RestDayKind.PUBLIC_HOLIDAY
    assert CAL.rest_day_kind(dt.date(2026, 3, 7)) is RestDayKind.WEEKEND


def test_working_days_between_excludes_the_start_and_includes_the_end() -> None:
    assert CAL.working_days_between(dt.date(2026, 3, 9), dt.date(2026, 3, 13)) == 4
    assert CAL.working_days_between(dt.date(2026, 3, 13), dt.date(2026, 3, 9)) == 0
    assert CAL.working_days_between(dt.date(2026, 9, 30), dt.date(2026, 10, 10)) == 3


def test_next_working_day_is_the_day_itself_when_it_works() -> None:
    assert CAL.next_working_day(dt.date(2026, 3, 9)) == dt.date(2026, 3, 9)
    assert CAL.next_working_day(dt.date(2026, 10, 1)) == dt.date(2026, 10, 8)


def test_a_caller_can_add_a_years_official_arrangement() -> None:
    cal = CAL.with_year(
        {
            "year": 2027,
            "holidays": [dt.date(2027, 1, 1)],
            "make_up_working_days": [dt.date(2027, 1, 9)],
            "source": "notice for 2027 (example)",
        }
    )
    assert not cal.is_working_day(dt.date(2027, 1, 1))
    assert cal.is_working_day(dt.date(2027, 1, 9))  # a Saturday made a working day
    assert cal.nth_working_day_after(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)
    assert 2027 in cal.years
    assert "2027" in cal.name
    with pytest.raises(CalendarYearNotCoveredError):
        CAL.is_working_day(dt.date(2027, 1, 4))  # the bundled calendar is unchanged


def test_the_provisional_calendar_counts_weekends_only_in_uncovered_years_and_says_so() -> None:
    cal = CAL.provisional()
    assert cal.is_provisional
    assert cal.is_working_day(dt.date(2027, 1, 1))  # a Friday: unknown holiday, counted as working
    assert not cal.is_working_day(dt.date(2027, 1, 2))
    assert cal.provisional_years(dt.date(2026, 12, 1), dt.date(2027, 1, 5)) == (2027,)
    assert not cal.is_working_day(dt.date(2026, 10, 1))  # official years stay official


@pytest.mark.parametrize(
    ("arrangement", "message"),
    [
        ({"year": 2027, "holidays": [dt.date(2026, 1, 1)], "source": "x"}, "not in 2027"),
        (
            {
                "year": 2027,
                "holidays": [],
                "make_up_working_days": [dt.date(2027, 1, 4)],
                "source": "x",
            },
            "weekday",
        ),
        (
            {
                "year": 2027,
                "holidays": [dt.date(2027, 1, 9)],
                "make_up_working_days": [dt.date(2027, 1, 9)],
                "source": "x",
            },
            "also listed",
        ),
        ({"year": 2027, "holidays": []}, "source"),
    ],
)
def test_a_malformed_arrangement_is_refused(arrangement: dict[str, object], message: str) -> None:
    with pytest.raises(CalendarDataError, match=message):
        CAL.with_year(arrangement)


def test_a_year_given_twice_is_refused() -> None:
    a = YearArrangement(year=2027, holidays=frozenset(), source="x")
    with pytest.raises(CalendarDataError, match="more than once"):
        WorkingDayCalendar([a, a])


def test_nth_working_day_needs_a_positive_count() -> None:
    with pytest.raises(ValueError, match="positive"):
        CAL.nth_working_day_after(dt.date(2026, 3, 9), 0)


def test_chinesecalendars_find_workday_counts_differently_from_a_rest_day() -> None:
    # Documented in docs/calendar.md: find_workday(1, saturday) skips one working day further.
    import chinese_calendar

    saturday = dt.date(2026, 3, 7)
    assert chinese_calendar.find_workday(1, saturday) == dt.date(2026, 3, 10)
    assert CAL.nth_working_day_after(saturday, 1) == dt.date(2026, 3, 9)


covered_days = st.dates(dt.date(2024, 1, 1), dt.date(2026, 10, 31))


def _naive_nth(day: dt.date, n: int) -> dt.date:
    while n:
        day += dt.timedelta(days=1)
        n -= CAL.is_working_day(day)
    return day


@given(covered_days, st.integers(1, 20))
def test_nth_working_day_equals_a_naive_day_by_day_count(day: dt.date, n: int) -> None:
    assert CAL.nth_working_day_after(day, n) == _naive_nth(day, n)


@given(covered_days, st.integers(0, 60))
def test_working_days_between_equals_a_naive_count(day: dt.date, span: int) -> None:
    end = day + dt.timedelta(days=span)
    naive = sum(CAL.is_working_day(day + dt.timedelta(days=i)) for i in range(1, span + 1))
    assert CAL.working_days_between(day, end) == naive


def test_covers_answers_for_official_years_only() -> None:
    assert CAL.covers(2026)
    assert not CAL.covers(2027)
    assert not CAL.provisional().covers(2027)


def test_a_new_calendar_is_strict_unless_asked() -> None:
    cal = WorkingDayCalendar([YearArrangement(year=2030, holidays=frozenset(), source="x")])
    assert not cal.is_provisional
    assert cal.name == "custom"
    with pytest.raises(CalendarYearNotCoveredError):
        cal.is_working_day(dt.date(2031, 1, 6))


def test_derived_calendars_keep_the_name_and_the_provisional_flag() -> None:
    prov = CAL.provisional()
    assert prov.name.startswith(CAL.name)
    assert "provisional" in prov.name
    extended = prov.with_year({"year": 2027, "holidays": [], "source": "example"})
    assert extended.is_provisional
    assert extended.is_working_day(dt.date(2028, 1, 3))  # still provisional beyond 2027
    strict = CAL.with_year({"year": 2027, "holidays": [], "source": "example"})
    assert not strict.is_provisional
    with pytest.raises(CalendarYearNotCoveredError):
        strict.is_working_day(dt.date(2028, 1, 3))


def test_the_provisional_calendar_answers_from_1990_to_2100_and_no_further() -> None:
    prov = CAL.provisional()
    assert prov.is_working_day(dt.date(1990, 1, 2))  # a Tuesday
    assert prov.is_working_day(dt.date(2100, 12, 31))  # a Friday
    for outside in (dt.date(1989, 12, 29), dt.date(2101, 1, 3)):
        with pytest.raises(CalendarYearNotCoveredError) as info:
            prov.is_working_day(outside)
        assert info.value.year == outside.year


def test_the_error_says_which_years_are_covered() -> None:
    with pytest.raises(CalendarYearNotCoveredError, match="covers 2004-2026"):
        CAL.is_working_day(dt.date(2003, 6, 2))
    with pytest.raises(CalendarYearNotCoveredError, match="covers 2004-2026") as info:
        CAL.nth_working_day_after(dt.date(2026, 12, 30), 3)
    assert info.value.year == 2027
    empty = WorkingDayCalendar([])
    with pytest.raises(CalendarYearNotCoveredError, match="no years"):
        empty.is_working_day(dt.date(2026, 1, 5))


def test_a_gap_year_inside_the_span_is_refused_even_for_counts_across_it() -> None:
    a = YearArrangement(year=2030, holidays=frozenset(), source="x")
    b = YearArrangement(year=2032, holidays=frozenset(), source="x")
    cal = WorkingDayCalendar([a, b])
    with pytest.raises(CalendarYearNotCoveredError, match="2031"):
        cal.nth_working_day_after(dt.date(2030, 12, 31), 300)
    with pytest.raises(CalendarYearNotCoveredError, match="2031"):
        cal.working_days_between(dt.date(2030, 12, 1), dt.date(2032, 1, 5))
    with pytest.raises(CalendarYearNotCoveredError, match="2031"):
        cal.working_days_between(dt.date(2030, 12, 1), dt.date(2032, 1, 1))


def test_working_days_between_a_day_and_itself_is_zero() -> None:
    assert CAL.working_days_between(dt.date(2026, 3, 9), dt.date(2026, 3, 9)) == 0
    assert CAL.working_days_between(dt.date(2026, 3, 9), dt.date(2026, 3, 10)) == 1


def test_counting_never_looks_before_the_day() -> None:
    # A rest day after working days: the count starts after it, not from the working day before.
    assert CAL.nth_working_day_after(dt.date(2026, 10, 7), 1) == dt.date(2026, 10, 8)
    assert CAL.nth_working_day_after(dt.date(2026, 12, 30), 1) == dt.date(2026, 12, 31)
