"""Advice on a refusal is given in the words of where it is shown: Python, the command line, a case
file; none of them names another's calls, flags or keys."""

from __future__ import annotations

import datetime as dt

import pytest

from medins_rules.core.errors import CalendarYearNotCoveredError, MedinsRulesError
from medins_rules.interfaces.hints import describe_refusal, hints

UNPUBLISHED = CalendarYearNotCoveredError(2027, (2004, 2026)).about("payment_date")
UNKNOWN_DAY = CalendarYearNotCoveredError(
    2027, (2004, 2026), reason="unknown_day", day=dt.date(2027, 2, 10)
)


def test_the_python_message_keeps_its_advice_and_the_problem_stands_apart() -> None:
    assert str(UNPUBLISHED) == f"{UNPUBLISHED.problem}; {UNPUBLISHED.advice}"
    assert "WorkingDayCalendar.with_year" in str(UNPUBLISHED)
    assert UNPUBLISHED.problem.startswith("payment_date: working-day calendar: no official")
    assert UNKNOWN_DAY.advice is None
    assert str(UNKNOWN_DAY) == UNKNOWN_DAY.problem


@pytest.mark.parametrize("error", [UNPUBLISHED, UNKNOWN_DAY], ids=["unpublished", "unknown day"])
def test_each_place_names_only_its_own_ways(error: CalendarYearNotCoveredError) -> None:
    (command_line,) = hints(error, "command line")
    (case_file,) = hints(error, "case file")
    assert "--notice FILE" in command_line
    assert "`notices:`" in case_file
    for text in (command_line, case_file):
        assert "WorkingDayCalendar" not in text
    assert "notices:" not in command_line
    assert "--" not in case_file.replace("docs/notice-template.toml", "")
    assert hints(error, "python") == []


def test_the_unknown_day_hint_offers_the_provisional_calendar() -> None:
    assert "--calendar provisional" in hints(UNKNOWN_DAY, "command line")[0]
    assert "`calendar: provisional`" in hints(UNKNOWN_DAY, "case file")[0]


def test_a_refusal_outside_python_drops_the_python_advice() -> None:
    for where in ("command line", "case file"):
        problems = describe_refusal(UNPUBLISHED, where)
        assert [p.field for p in problems] == ["payment_date", None]
        assert "WorkingDayCalendar" not in " ".join(str(p) for p in problems)
    (problem,) = describe_refusal(UNPUBLISHED, "python")
    assert "WorkingDayCalendar.with_year" in str(problem)


def test_other_refusals_have_no_hint() -> None:
    error = MedinsRulesError("filing_date: before the payment")
    assert hints(error, "case file") == []
    assert [str(p) for p in describe_refusal(error, "case file")] == [
        "filing_date: before the payment"
    ]
