"""The working-day calendar: published notices, what the regulations fix beyond them, days not yet
known, the three modes, notices added by callers, and calendars as values."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medins_rules.core.calendar import (
    CalendarMode,
    DayStatus,
    RestDayKind,
    WorkingDayCalendar,
    YearArrangement,
    bundled_calendar,
    parse_notice,
)
from medins_rules.core.errors import CalendarDataError, CalendarYearNotCoveredError

CAL = bundled_calendar()
D = dt.date

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

# 2027 under the 2024 regulations (legal notes): statutory days on weekdays and on weekends.
STATUTORY_2027_WEEKDAYS = [D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 8), D(2027, 4, 5),
                           D(2027, 6, 9), D(2027, 9, 15), D(2027, 10, 1)]  # fmt: skip
STATUTORY_2027_WEEKENDS = [D(2027, 2, 6), D(2027, 2, 7), D(2027, 5, 1), D(2027, 5, 2),
                           D(2027, 10, 2), D(2027, 10, 3)]  # fmt: skip
A_FULL_2027_NOTICE = {
    "year": 2027,
    "source": "example notice for 2027",
    "holidays": [D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 8), D(2027, 2, 9), D(2027, 2, 10),
                 D(2027, 4, 5), D(2027, 5, 3), D(2027, 5, 4), D(2027, 6, 9), D(2027, 9, 15),
                 D(2027, 10, 1), D(2027, 10, 4), D(2027, 10, 5), D(2027, 10, 6)],
    "make_up_working_days": [D(2027, 2, 20), D(2027, 10, 9)],
}  # fmt: skip


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


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


# -- published years ----------------------------------------------------------------------------------


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_the_bundled_calendar_matches_the_state_council_notice_on_every_day_it_knows(
    year: int,
) -> None:
    rest_spec, work_spec = NOTICES[year]
    holidays = _rest_days(year, rest_spec)
    make_up = {_day(year, d.strip()) for d in work_spec.split(",")}
    for day in _days(dt.date(year, 1, 1), dt.date(year, 12, 31)):
        if CAL.status(day) is DayStatus.UNKNOWN:
            assert CAL.notice_year(day) == year + 1, day
            continue
        expected = day in make_up or (day.weekday() < 5 and day not in holidays)
        assert CAL.is_working_day(day) is expected, day


def test_the_notices_here_match_the_legal_notes(legal_notes: str) -> None:
    for year, (rest, work) in NOTICES.items():
        assert re.search(
            rf"{year}: rest {re.escape(rest)}\. Weekend working days {work}\.", legal_notes
        )


def test_the_last_week_of_2026_waits_for_the_2027_notice() -> None:
    # A New Year arrangement reaches back into December (the 2019 notice made 2018-12-29 a working
    # day and 2018-12-31 a rest day), so those days of a published year wait for the next notice.
    unknown = [
        d for d in _days(D(2026, 12, 1), D(2026, 12, 31)) if CAL.status(d) is DayStatus.UNKNOWN
    ]
    assert unknown == _days(D(2026, 12, 25), D(2026, 12, 31))
    assert {CAL.notice_year(d) for d in unknown} == {2027}
    assert CAL.status(D(2026, 12, 24)) is DayStatus.WORKING
    assert CAL.notice_year(D(2026, 12, 24)) == 2026


def test_the_2019_notice_arranged_the_end_of_december_2018() -> None:
    assert CAL.is_working_day(D(2018, 12, 29))  # a Saturday
    assert not CAL.is_working_day(D(2018, 12, 31))  # a Monday
    assert CAL.notice_year(D(2018, 12, 29)) == 2019


# -- a year not yet published: what the regulations fix --------------------------------------------


@pytest.mark.parametrize("day", STATUTORY_2027_WEEKDAYS + STATUTORY_2027_WEEKENDS)
def test_a_statutory_holiday_of_2027_is_a_rest_day_whatever_the_notice_says(day: dt.date) -> None:
    assert CAL.status(day) is DayStatus.REST
    assert CAL.rest_day_kind(day) is RestDayKind.PUBLIC_HOLIDAY


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (D(2027, 3, 9), DayStatus.WORKING),  # a Tuesday far from every holiday
        (D(2027, 3, 13), DayStatus.REST),  # a Saturday far from every holiday
        (D(2027, 7, 20), DayStatus.WORKING),
        (D(2027, 11, 20), DayStatus.REST),
        (D(2027, 2, 9), DayStatus.UNKNOWN),  # a Tuesday the Spring Festival may bridge
        (D(2027, 2, 15), DayStatus.UNKNOWN),  # 7 days after its last statutory day
        (D(2027, 2, 16), DayStatus.WORKING),  # 8 days after: beyond the rest-day reach
        (D(2027, 2, 20), DayStatus.UNKNOWN),  # a Saturday that may become a make-up working day
        (D(2027, 2, 27), DayStatus.REST),  # 19 days after: beyond the working-day reach
        (D(2027, 5, 8), DayStatus.UNKNOWN),  # Saturday after Labour Day (make-up reach 14)
        (D(2027, 6, 19), DayStatus.REST),  # Saturday 10 days after Dragon Boat (reach 7)
    ],
)
def test_days_of_2027_are_known_far_from_holidays_and_not_yet_known_near_them(
    day: dt.date, status: DayStatus
) -> None:
    assert CAL.status(day) is status


def test_a_day_not_yet_known_is_refused_where_one_answer_is_asked_for() -> None:
    with pytest.raises(CalendarYearNotCoveredError, match="2027-02-09") as info:
        CAL.is_working_day(D(2027, 2, 9))
    assert (info.value.year, info.value.reason, info.value.day) == (
        2027,
        "unknown_day",
        D(2027, 2, 9),
    )
    with pytest.raises(CalendarYearNotCoveredError, match="2027"):
        CAL.nth_working_day_after(D(2027, 2, 4), 3)
    assert CAL.is_working_day(D(2027, 3, 9))  # a known day of 2027 is answered


def test_bounds_count_every_unknown_day_as_working_for_the_earliest_and_none_for_the_latest() -> (
    None
):
    bounds = CAL.next_working_day_bounds(D(2027, 2, 7))
    assert (bounds.earliest, bounds.latest) == (D(2027, 2, 9), D(2027, 2, 16))
    assert bounds.unknown_years == bounds.unpublished_years == (2027,)
    assert not bounds.exact
    assert bounds.day is None
    known = CAL.next_working_day_bounds(D(2027, 3, 13))  # Saturday -> Monday, both known
    assert (known.day, known.unknown_years, known.unpublished_years) == (
        D(2027, 3, 15),
        (),
        (2027,),
    )
    published = CAL.next_working_day_bounds(D(2026, 3, 7))
    assert (published.day, published.unpublished_years) == (D(2026, 3, 9), ())


def test_working_days_after_a_day_near_new_year_have_bounds() -> None:
    bounds = CAL.nth_working_day_after_bounds(D(2026, 12, 21), 3)
    assert bounds.earliest == D(2026, 12, 24)  # 22, 23, 24: all known working days
    assert bounds.exact
    later = CAL.nth_working_day_after_bounds(D(2026, 12, 23), 3)
    assert later.earliest == D(2026, 12, 26)  # 24, then 25 and Saturday 26 if they are working
    assert later.latest > later.earliest
    assert later.unknown_years == (2027,)


# -- modes ---------------------------------------------------------------------------------------------


def test_a_strict_calendar_refuses_every_day_whose_notice_is_not_published() -> None:
    strict = CAL.strict()
    assert strict.mode is CalendarMode.STRICT
    for day in (D(2027, 3, 9), D(2027, 2, 5), D(2026, 12, 28)):
        with pytest.raises(
            CalendarYearNotCoveredError, match="no official arrangement for the year 2027"
        ):
            strict.status(day)
    assert strict.is_working_day(D(2026, 12, 24))
    with pytest.raises(CalendarYearNotCoveredError) as info:
        strict.nth_working_day_after(D(2026, 12, 22), 3)  # 23, 24, then 25: the 2027 notice's
    assert (info.value.year, info.value.reason) == (2027, "unpublished")


def test_a_provisional_calendar_guesses_only_what_the_regulations_leave_open() -> None:
    prov = CAL.provisional()
    assert prov.is_provisional
    assert not prov.is_working_day(D(2027, 1, 1))  # a statutory holiday stays a rest day
    assert prov.is_working_day(D(2027, 2, 9))  # not yet known: guessed by the week
    assert not prov.is_working_day(D(2027, 2, 20))
    bounds = prov.next_working_day_bounds(D(2027, 2, 7))
    assert (bounds.day, bounds.provisional_years) == (D(2027, 2, 9), (2027,))
    assert prov.next_working_day_bounds(D(2027, 3, 13)).provisional_years == ()  # known, no guess
    assert prov.provisional_years(D(2026, 12, 1), D(2027, 1, 5)) == (2027,)
    assert CAL.provisional_years(D(2026, 12, 1), D(2027, 1, 5)) == ()
    assert not prov.is_working_day(D(2026, 10, 1))  # published years stay exact


def test_derived_calendars_keep_their_name_and_mode() -> None:
    prov = CAL.provisional()
    assert prov.name.startswith(CAL.name)
    assert "provisional" in prov.name
    extended = prov.with_year(A_FULL_2027_NOTICE)
    assert extended.is_provisional
    assert extended.is_working_day(D(2028, 1, 24))  # 2028 still guessed where unknown
    strict = CAL.strict().with_year(A_FULL_2027_NOTICE)
    assert strict.mode is CalendarMode.STRICT
    with pytest.raises(CalendarYearNotCoveredError):
        strict.is_working_day(D(2028, 3, 7))
    assert strict.partial().mode is CalendarMode.PARTIAL
    assert WorkingDayCalendar([], provisional=True).mode is CalendarMode.PROVISIONAL


def test_the_calendar_answers_from_2004_to_2100_and_no_further() -> None:
    assert CAL.span == (2004, 2100)
    assert CAL.status(D(2100, 12, 31)) is DayStatus.WORKING  # a Friday far from every holiday
    for outside in (D(2003, 6, 2), D(2101, 1, 3)):
        with pytest.raises(CalendarYearNotCoveredError, match="outside the years") as info:
            CAL.status(outside)
        assert (info.value.year, info.value.reason) == (outside.year, "span")
    with pytest.raises(CalendarYearNotCoveredError, match="published: 2004-2026"):
        CAL.strict().status(D(2027, 3, 9))
    with pytest.raises(CalendarYearNotCoveredError, match="published: no years"):
        WorkingDayCalendar([], mode="strict").status(D(2026, 3, 9))


def test_a_calendar_with_no_notices_answers_from_the_regulations() -> None:
    bare = WorkingDayCalendar([])
    assert bare.status(D(2026, 3, 10)) is DayStatus.WORKING
    assert bare.status(D(2026, 10, 1)) is DayStatus.REST
    assert bare.status(D(2026, 2, 20)) is DayStatus.UNKNOWN  # the real 2026 made it a rest day
    assert CAL.status(D(2026, 2, 20)) is DayStatus.REST


# -- notices added by callers ----------------------------------------------------------------------


def test_a_caller_can_add_a_years_official_arrangement() -> None:
    cal = CAL.with_year(A_FULL_2027_NOTICE)
    assert not cal.is_working_day(D(2027, 2, 9))
    assert cal.is_working_day(D(2027, 2, 20))  # a Saturday made a working day
    assert cal.nth_working_day_after(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert cal.status(D(2026, 12, 28)) is DayStatus.WORKING  # the notice leaves December alone
    assert 2027 in cal.years
    assert "2027" in cal.name
    assert CAL.status(D(2027, 2, 9)) is DayStatus.UNKNOWN  # the bundled calendar is unchanged


def test_a_notice_may_arrange_the_end_of_the_december_before() -> None:
    notice = {**A_FULL_2027_NOTICE, "holidays": [*A_FULL_2027_NOTICE["holidays"], D(2026, 12, 31)]}
    cal = CAL.with_year(notice)
    assert not cal.is_working_day(D(2026, 12, 31))
    assert cal.is_working_day(D(2026, 12, 30))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"holidays": [D(2027, 1, 1)]}, "the statutory holiday 2027-02-05"),
        ({"make_up_working_days": [D(2027, 2, 6)]}, "2027-02-06 is a statutory holiday"),
        (
            {"holidays": [*A_FULL_2027_NOTICE["holidays"], D(2027, 3, 10)]},
            "lies 26 days from qingming",
        ),
        ({"make_up_working_days": [D(2027, 3, 13)]}, "lies 23 days from qingming"),
        ({"holidays": [D(2026, 11, 30)]}, "not in 2027"),
        ({"make_up_working_days": [D(2027, 1, 4)]}, "weekday"),
    ],
)
def test_a_notice_the_regulations_do_not_allow_is_refused_naming_the_day(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(CalendarDataError, match=message):
        CAL.with_year({**A_FULL_2027_NOTICE, **change})


def test_a_day_arranged_by_a_separate_notice_is_accepted_when_listed_as_extraordinary() -> None:
    holidays = [*A_FULL_2027_NOTICE["holidays"], D(2027, 3, 10)]
    cal = CAL.with_year(
        {**A_FULL_2027_NOTICE, "holidays": holidays, "extraordinary": [D(2027, 3, 10)]}
    )
    assert not cal.is_working_day(D(2027, 3, 10))


@pytest.mark.parametrize(
    ("arrangement", "message"),
    [
        (
            {"year": 2027, "holidays": [], "make_up_working_days": [D(2027, 1, 9)],
             "source": "x"},
            "statutory holiday 2027-01-01",
        ),
        (
            {"year": 2027, "holidays": [D(2027, 1, 9)], "make_up_working_days": [D(2027, 1, 9)],
             "source": "x"},
            "also listed",
        ),
        ({"year": 2027, "holidays": []}, "source"),
        ({"year": 2200, "holidays": [], "source": "x"}, "outside the years"),
    ],
)  # fmt: skip
def test_a_malformed_arrangement_is_refused(arrangement: dict[str, object], message: str) -> None:
    with pytest.raises(CalendarDataError, match=message):
        CAL.with_year(arrangement)


def test_a_year_given_twice_is_refused() -> None:
    a = YearArrangement(year=2027, holidays=frozenset(), source="x")
    with pytest.raises(CalendarDataError, match="more than once"):
        WorkingDayCalendar([a, a])


def test_a_notice_file_is_read_and_checked() -> None:
    text = "\n".join(
        [
            "year = 2027",
            'source = "国务院办公厅关于2027年部分节假日安排的通知"',
            'document = "国办发明电〔2026〕1号"',
            "issued = 2026-11-10",
            "holidays = [" + ", ".join(d.isoformat() for d in A_FULL_2027_NOTICE["holidays"]) + "]",
            "make_up_working_days = [2027-02-20, 2027-10-09]",
        ]
    )
    notice = parse_notice(text, where="notice-2027.toml")
    assert (notice.document, notice.issued) == ("国办发明电〔2026〕1号", D(2026, 11, 10))
    assert CAL.with_year(notice).is_working_day(D(2027, 10, 9))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("year = 2027\nsource = 'x'\nholidays = [2027-02-30]", "not valid TOML"),
        ("year = 2027\nsource = 'x'\nholidays = ['soon']", "holidays.0"),
        ("year = 2027\nholidays = []", "source: Field required"),
        (
            "year = 2027\nsource = 'x'\nholidays = [2027-01-01]",
            "2027-02-05 .spring_festival. is missing",
        ),
        ("year = 2027\nsource = 'x'\nholidays = []\ncolour = 'red'", "colour: Extra inputs"),
    ],
)
def test_a_bad_notice_file_is_refused_naming_the_file_and_key(text: str, message: str) -> None:
    with pytest.raises(CalendarDataError, match=rf"^notice-2027.toml: .*{message}"):
        parse_notice(text, where="notice-2027.toml")


# -- counting --------------------------------------------------------------------------------------------


def test_the_day_itself_is_never_counted_even_when_it_is_a_rest_day() -> None:
    saturday = D(2026, 3, 7)
    assert CAL.nth_working_day_after(saturday, 1) == D(2026, 3, 9)
    assert CAL.nth_working_day_after(D(2026, 3, 6), 1) == D(2026, 3, 9)


def test_a_make_up_saturday_counts_as_a_working_day() -> None:
    assert CAL.nth_working_day_after(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert CAL.rest_day_kind(D(2026, 2, 14)) is None


def test_rest_days_say_whether_they_are_holidays_or_weekends() -> None:
    assert CAL.rest_day_kind(D(2026, 10, 1)) is RestDayKind.PUBLIC_HOLIDAY
    assert CAL.rest_day_kind(D(2026, 3, 7)) is RestDayKind.WEEKEND


def test_working_days_between_excludes_the_start_and_includes_the_end() -> None:
    assert CAL.working_days_between(D(2026, 3, 9), D(2026, 3, 13)) == 4
    assert CAL.working_days_between(D(2026, 3, 13), D(2026, 3, 9)) == 0
    assert CAL.working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert CAL.working_days_between(D(2026, 3, 9), D(2026, 3, 9)) == 0
    assert CAL.working_days_between(D(2026, 3, 9), D(2026, 3, 10)) == 1
    assert CAL.working_days_between(D(2027, 3, 1), D(2027, 3, 12)) == 9  # known days of 2027
    with pytest.raises(CalendarYearNotCoveredError, match="2027"):
        CAL.working_days_between(D(2026, 12, 1), D(2027, 1, 5))


def test_next_working_day_is_the_day_itself_when_it_works() -> None:
    assert CAL.next_working_day(D(2026, 3, 9)) == D(2026, 3, 9)
    assert CAL.next_working_day(D(2026, 10, 1)) == D(2026, 10, 8)


def test_nth_working_day_needs_a_positive_count() -> None:
    with pytest.raises(ValueError, match="positive"):
        CAL.nth_working_day_after(D(2026, 3, 9), 0)


def test_chinesecalendars_find_workday_counts_differently_from_a_rest_day() -> None:
    # Documented in docs/calendar.md: find_workday(1, saturday) skips one working day further.
    import chinese_calendar

    saturday = D(2026, 3, 7)
    assert chinese_calendar.find_workday(1, saturday) == D(2026, 3, 10)
    assert CAL.nth_working_day_after(saturday, 1) == D(2026, 3, 9)


def test_counting_never_looks_before_the_day() -> None:
    assert CAL.nth_working_day_after(D(2026, 10, 7), 1) == D(2026, 10, 8)
    assert CAL.nth_working_day_after(D(2026, 12, 22), 1) == D(2026, 12, 23)


covered_days = st.dates(D(2024, 1, 1), D(2026, 10, 20))
any_days = st.dates(D(2024, 1, 1), D(2029, 12, 1))


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


@given(any_days, st.integers(1, 10))
def test_bounds_are_the_counts_with_every_unknown_day_working_or_resting(
    day: dt.date, n: int
) -> None:
    bounds = CAL.nth_working_day_after_bounds(day, n)
    for as_working, expected in ((True, bounds.earliest), (False, bounds.latest)):
        current, left = day, n
        while left:
            current += dt.timedelta(days=1)
            status = CAL.status(current)
            left -= status is DayStatus.WORKING or (status is DayStatus.UNKNOWN and as_working)
        assert current == expected
    assert bounds.exact == (not bounds.unknown_years)


# -- calendars are values --------------------------------------------------------------------------


def test_calendars_with_the_same_content_are_equal_and_share_their_tables() -> None:
    from medins_rules.core import calendar as calendar_module

    rebuilt = WorkingDayCalendar(CAL.arrangements, name="another name")
    assert rebuilt == CAL
    assert hash(rebuilt) == hash(CAL)
    assert CAL.strict() != CAL
    assert CAL.provisional() == CAL.provisional()
    rebuilt.status(D(2026, 5, 6))
    before = calendar_module._year.cache_info()
    for _ in range(50):  # a calendar built per request costs no new tables
        WorkingDayCalendar(CAL.arrangements).provisional().status(D(2026, 5, 6))
    after = calendar_module._year.cache_info()
    assert after.currsize == before.currsize
    assert after.misses == before.misses


def test_a_day_table_gives_the_codes_of_a_run_of_days() -> None:
    table = CAL.day_table(D(2027, 2, 3), D(2027, 2, 10))
    assert list(table.codes) == [2, 2, 0, 0, 0, 0, 2, 2]  # Wed, Thu, eve..third day, Tue, Wed
    assert set(table.published) == {0}
    assert set(table.guessed) == {0}
    guessed = CAL.provisional().day_table(D(2027, 2, 3), D(2027, 2, 10))
    assert list(guessed.codes) == [1, 1, 0, 0, 0, 0, 1, 1]
    assert list(guessed.guessed) == [1, 1, 0, 0, 0, 0, 1, 1]
    with pytest.raises(CalendarYearNotCoveredError):
        CAL.strict().day_table(D(2026, 12, 20), D(2027, 1, 5))


def test_the_notice_template_in_the_docs_is_a_notice_the_calendar_accepts() -> None:
    from pathlib import Path

    template = Path(__file__).resolve().parent.parent / "docs" / "notice-template.toml"
    notice = parse_notice(template.read_text("utf-8"), where=template.name)
    assert notice.year == 2027
    assert not CAL.with_year(notice).is_working_day(D(2027, 2, 5))
