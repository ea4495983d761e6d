"""Civil Code period arithmetic: corresponding days, month ends, leap days, roll-forward."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from medins_rules.core.calendar import DayStatus, RestDayKind, bundled_calendar
from medins_rules.core.errors import CalendarYearNotCoveredError
from medins_rules.core.periods import (
    add_months,
    calendar_reasons,
    period_end,
    period_reasons,
    provisional_reasons,
)

CAL = bundled_calendar()


@pytest.mark.parametrize(
    ("start", "months", "expected", "clamped"),
    [
        (dt.date(2025, 3, 10), 6, dt.date(2025, 9, 10), False),
        (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28), True),
        (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29), True),  # leap February
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28), True),  # art. 202: 28 Feb, not 1 Mar
        (dt.date(2024, 2, 29), 48, dt.date(2028, 2, 29), False),
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28), True),
        (dt.date(2025, 12, 15), 1, dt.date(2026, 1, 15), False),
        (dt.date(2025, 10, 31), 6, dt.date(2026, 4, 30), True),
    ],
)
def test_the_corresponding_day_or_the_month_end(
    start: dt.date, months: int, expected: dt.date, clamped: bool
) -> None:
    assert add_months(start, months) == (expected, clamped)


@given(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)), st.integers(-1200, 1200))
def test_add_months_equals_relativedelta(start: dt.date, months: int) -> None:
    expected = start + relativedelta(months=months)
    got, clamped = add_months(start, months)
    assert got == expected
    assert clamped == (expected.day != start.day)


def test_a_last_day_on_a_public_holiday_moves_to_the_next_working_day() -> None:
    end = period_end(dt.date(2025, 8, 15), months=6)  # 15 Feb 2026, Spring Festival
    assert end.nominal == dt.date(2026, 2, 15)
    assert end.last_day == dt.date(2026, 2, 24)
    assert end.rolled_forward
    assert end.rest_day_kind is RestDayKind.PUBLIC_HOLIDAY


def test_a_last_day_on_a_weekend_moves_to_monday() -> None:
    end = period_end(dt.date(2025, 9, 7), months=6)  # Sat 7 Mar 2026
    assert end.last_day == dt.date(2026, 3, 9)
    assert end.rest_day_kind is RestDayKind.WEEKEND


def test_a_last_day_on_a_make_up_working_saturday_stays() -> None:
    end = period_end(dt.date(2025, 8, 31), months=6)  # Sat 28 Feb 2026, a working day
    assert end.clamped
    assert end.last_day == dt.date(2026, 2, 28)
    assert not end.rolled_forward


def test_with_roll_forward_off_the_nominal_day_is_final_and_no_calendar_is_needed() -> None:
    end = period_end(dt.date(2026, 8, 15), months=6, roll_forward=False)  # into 2027
    assert end.last_day == end.nominal == dt.date(2027, 2, 15)
    assert not end.rolled_forward


def test_a_last_day_waiting_for_an_unpublished_notice_has_bounds() -> None:
    end = period_end(dt.date(2026, 8, 15), months=6)  # Mon 15 Feb 2027, a week after the holiday
    assert end.nominal == dt.date(2027, 2, 15)
    assert end.last_day is None
    assert not end.exact
    assert (end.earliest, end.latest) == (dt.date(2027, 2, 15), dt.date(2027, 2, 16))
    assert end.nominal_status is DayStatus.UNKNOWN
    assert not end.rolled_forward
    assert end.unknown_years == end.unpublished_years == (2027,)
    reasons = period_reasons(end, "the window", "期限")
    assert [r.code for r in reasons] == ["period.last_day_not_yet_known"]
    assert "between 2027-02-15 and 2027-02-16" in reasons[0].message_en
    assert "2027-02-15至2027-02-16之间" in reasons[0].message_zh


def test_a_last_day_the_regulations_fix_in_an_unpublished_year_is_exact() -> None:
    end = period_end(dt.date(2026, 9, 9), months=6)  # Tue 9 Mar 2027, far from every holiday
    assert end.last_day == dt.date(2027, 3, 9)
    assert end.unpublished_years == (2027,)
    assert end.unknown_years == ()
    assert [r.code for r in calendar_reasons(end.unpublished_years)] == [
        "calendar.unpublished_year"
    ]


def test_a_strict_calendar_refuses_and_a_provisional_one_guesses() -> None:
    with pytest.raises(CalendarYearNotCoveredError, match="2027"):
        period_end(dt.date(2026, 8, 15), months=6, calendar=CAL.strict())
    end = period_end(dt.date(2026, 8, 15), months=6, calendar=CAL.provisional())
    assert end.last_day == dt.date(2027, 2, 15)  # the Monday, guessed to follow the week
    assert end.provisional_years == (2027,)
    assert [r.code for r in provisional_reasons(end.provisional_years)] == [
        "calendar.provisional_year"
    ]
    assert [r.code for r in calendar_reasons((2027,), end.provisional_years)] == [
        "calendar.provisional_year"
    ]


def test_a_period_past_the_last_representable_day_is_refused_naming_the_year() -> None:
    with pytest.raises(CalendarYearNotCoveredError, match="year 10000"):
        period_end(dt.date(9999, 12, 31), years=1, roll_forward=False)


def test_a_period_must_be_at_least_a_month() -> None:
    with pytest.raises(ValueError, match="at least one month"):
        period_end(dt.date(2026, 1, 1), months=0)


def test_period_reasons_name_clamping_and_roll_forward_in_both_languages() -> None:
    end = period_end(dt.date(2025, 8, 31), months=6)
    reasons = period_reasons(end, "the window", "期限")
    assert [r.code for r in reasons] == ["period.month_end_clamped"]
    assert "2026-02-28" in reasons[0].message_en
    assert "期限" in reasons[0].message_zh
    rolled = period_reasons(period_end(dt.date(2025, 9, 7), months=6), "the window", "期限")
    assert [r.code for r in rolled] == ["period.rolled_forward"]
    assert "周末" in rolled[0].message_zh
    assert provisional_reasons(()) == []


@given(st.dates(dt.date(2024, 1, 1), dt.date(2026, 6, 30)), st.sampled_from([1, 3, 6]))
def test_the_last_day_is_the_first_working_day_on_or_after_the_nominal_day(
    start: dt.date, months: int
) -> None:
    end = period_end(start, months=months)
    if end.last_day is None:  # waits for the 2027 notice: the bounds are checked elsewhere
        assert end.unknown_years
        return
    assert end.last_day >= end.nominal
    assert CAL.is_working_day(end.last_day)
    day = end.nominal
    while day < end.last_day:
        assert not CAL.is_working_day(day)
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (dt.date(2000, 1, 31), dt.date(2000, 2, 29)),  # divisible by 400: leap
        (dt.date(2100, 1, 31), dt.date(2100, 2, 28)),  # divisible by 100 only: not leap
        (dt.date(1900, 1, 31), dt.date(1900, 2, 28)),
        (dt.date(2096, 1, 31), dt.date(2096, 2, 29)),
        (dt.date(2097, 1, 31), dt.date(2097, 2, 28)),
    ],
)
def test_february_follows_the_gregorian_leap_year_rule(start: dt.date, expected: dt.date) -> None:
    assert add_months(start, 1) == (expected, True)


def test_the_clamping_reason_says_exactly_what_happened_in_both_languages() -> None:
    (reason,) = period_reasons(
        period_end(dt.date(2025, 8, 31), months=6), "the on-time window", "按时申请期限"
    )
    assert reason.message_en == (
        "the on-time window ends in a month with no corresponding day for 2025-08-31; the month's "
        "last day, 2026-02-28, is the last day."
    )
    assert reason.message_zh == (
        "按时申请期限到期月没有与2025-08-31对应的日期，以该月末日2026-02-28为期间的最后一日。"
    )
    assert reason.facts["start"] == "2025-08-31"
    assert reason.citations[0].article == 202


def test_the_roll_forward_reason_says_exactly_what_happened_in_both_languages() -> None:
    holiday = period_reasons(period_end(dt.date(2025, 8, 15), months=6), "the window", "期限")
    weekend = period_reasons(period_end(dt.date(2025, 9, 7), months=6), "the window", "期限")
    assert holiday[0].message_en == (
        "The last day of the window, 2026-02-15, is a rest day (a public holiday); the last day "
        "moves to the next working day, 2026-02-24."
    )
    assert holiday[0].message_zh == (
        "期限的最后一日2026-02-15为休息日（法定节假日），顺延至下一个工作日2026-02-24。"
    )
    assert weekend[0].message_en == (
        "The last day of the window, 2026-03-07, is a rest day (a weekend day); the last day moves "
        "to the next working day, 2026-03-09."
    )
    assert holiday[0].citations[0].article == 203


def test_a_clamped_and_rolled_period_gives_both_reasons_in_order() -> None:
    # 31 Aug 2024 + 6 months = 28 Feb 2025 (Friday, a working day): clamped only.
    assert [
        r.code for r in period_reasons(period_end(dt.date(2024, 8, 31), months=6), "w", "w")
    ] == ["period.month_end_clamped"]
    # A clamped day that is also a rest day: 31 Oct 2025 + 1 month = Sunday 30 Nov 2025.
    end = period_end(dt.date(2025, 10, 31), months=1)
    assert (end.nominal, end.clamped, end.last_day) == (
        dt.date(2025, 11, 30),
        True,
        dt.date(2025, 12, 1),
    )
    assert [r.code for r in period_reasons(end, "w", "w")] == [
        "period.month_end_clamped",
        "period.rolled_forward",
    ]


def test_the_provisional_reason_lists_each_year_once_in_order() -> None:
    (reason,) = provisional_reasons([2028, 2027, 2028])
    assert reason.facts == {"years": "2027, 2028"}
    assert reason.message_en.startswith("No official holiday arrangement is known for 2027, 2028;")
    assert reason.message_zh.startswith("2027, 2028年的法定节假日安排尚未公布")
