"""The lunar festivals and the Qingming solar term: the shipped table against two independent
implementations (lunar-python, which generated it, and sxtwl) and against the published notices."""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib import resources

import pytest

from medins_rules.core.calendar import bundled_calendar
from medins_rules.core.holidays import festival_years, regulation_for, statutory_days

TABLE = tomllib.loads(
    resources.files("medins_rules").joinpath("data/festivals.toml").read_text("utf-8")
)
YEARS = range(TABLE["first_year"], TABLE["last_year"] + 1)


def _row(year: int) -> dict[str, dt.date]:
    return dict(zip(TABLE["columns"], TABLE["years"][str(year)], strict=True))


def test_the_table_covers_1999_to_2100() -> None:
    assert festival_years() == (1999, 2100)
    assert [int(y) for y in TABLE["years"]] == list(YEARS)


def test_the_table_is_what_lunar_python_computes() -> None:
    lunar = pytest.importorskip("lunar_python")
    for year in YEARS:
        row = _row(year)
        new_year = lunar.Lunar.fromYmd(year, 1, 1).getSolar()
        qingming = lunar.Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
        for name, solar in (
            ("spring_festival", new_year),
            ("qingming", qingming),
            ("dragon_boat", lunar.Lunar.fromYmd(year, 5, 5).getSolar()),
            ("mid_autumn", lunar.Lunar.fromYmd(year, 8, 15).getSolar()),
        ):
            assert row[name] == dt.date(solar.getYear(), solar.getMonth(), solar.getDay()), (
                year,
                name,
            )


def test_the_table_agrees_with_sxtwl_an_independent_implementation() -> None:
    sxtwl = pytest.importorskip("sxtwl")
    qingming_term = 7  # sxtwl's index of 清明 among the 24 solar terms (0 = 冬至)

    def solar(year: int, month: int, day: int) -> dt.date:
        found = sxtwl.fromLunar(year, month, day)
        return dt.date(found.getSolarYear(), found.getSolarMonth(), found.getSolarDay())

    for year in YEARS:
        row = _row(year)
        assert row["spring_festival"] == solar(year, 1, 1), year
        assert row["dragon_boat"] == solar(year, 5, 5), year
        assert row["mid_autumn"] == solar(year, 8, 15), year
        april = [sxtwl.fromSolar(year, 4, d) for d in range(1, 8)]
        terms = [
            d + 1
            for d, day in enumerate(april)
            if day.hasJieQi() and day.getJieQi() == qingming_term
        ]
        assert [row["qingming"]] == [dt.date(year, 4, d) for d in terms], year


@pytest.mark.parametrize("year", range(2004, 2027))
def test_every_statutory_day_of_a_published_year_is_a_rest_day_in_its_notice(year: int) -> None:
    calendar = bundled_calendar()
    for day in statutory_days(year):
        assert not calendar.is_working_day(day), (year, day, regulation_for(year).decree)


def test_the_spring_festival_eve_is_the_day_before_the_first_lunar_day() -> None:
    days = statutory_days(2027)
    assert min(d for d, h in days.items() if h.value == "spring_festival") == dt.date(2027, 2, 5)
    assert _row(2027)["spring_festival"] == dt.date(2027, 2, 6)
