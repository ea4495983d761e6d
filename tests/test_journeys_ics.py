"""iCalendar output: RFC 5545 as written (CRLF, folding at 75 octets, escaping), parsed back by a
second implementation (the ``icalendar`` package), and stable UIDs and stamps with no clock read."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import icalendar
import pytest

from medins_rules import plan
from medins_rules.interfaces.ics import (
    NoDatesError,
    decision_calendar,
    escape_text,
    fold_line,
    plan_calendar,
)
from medins_rules.processes.enrolment import SettlementCase, service_settlement
from medins_rules.processes.reimbursement import ReimbursementFilingCase, reimbursement_filing

OPEN_CLAIM = {
    "journey": "offsite_reimbursement",
    "payment_date": "2026-08-15",
    "treatment": "hospitalisation",
    "offsite_filing": {
        "done": True,
        "date": "2026-07-20",
        "institution_selected": True,
        "treatment_start": "2026-08-03",
    },
    "evaluation_date": "2026-12-01",
}


def events(text: str) -> list[Any]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def assert_well_formed(text: str) -> None:
    data = text.encode("utf-8")
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        line.decode("utf-8")  # no character is cut between two lines
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    for line in unfolded.split("\r\n")[:-1]:
        assert re.match(r"^[A-Z][A-Z-]*[;:]", line), line
    assert text.count("BEGIN:") == text.count("END:")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_plans_calendar_is_well_formed_and_parses_back(lang: str) -> None:
    p = plan(OPEN_CLAIM)
    text = plan_calendar(p, lang=lang)  # type: ignore[arg-type]
    assert_well_formed(text)
    on_time, payable = events(text)
    assert on_time.decoded("DTSTART") == dt.date(2027, 2, 15)  # the safe day of the range
    assert on_time.decoded("DTEND") == dt.date(2027, 2, 16)
    assert payable.decoded("DTSTART") == dt.date(2027, 8, 16)
    for event in (on_time, payable):
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
        assert str(event["UID"]).endswith("@medins-rules")
        alarms = list(event.walk("VALARM"))
        assert [str(a["TRIGGER"].to_ical(), "ascii") for a in alarms] == ["-P7D", "-PT15H"]
    step = p.step("file_claim")
    assert str(on_time["LOCATION"]) == step.where.name.get(lang)  # type: ignore[union-attr,arg-type]
    summary = str(on_time["SUMMARY"])
    if lang == "zh":
        assert "2027-02-15至2027-02-16之间" in summary
        assert "2027年2月15日至2027年2月16日之间" in str(on_time["DESCRIPTION"])
    else:
        assert summary.startswith("Last day to file on time — File the reimbursement")
        assert "between 2027-02-15 and 2027-02-16" in summary
    assert "between" not in str(payable["SUMMARY"])


def test_the_calendar_reads_no_clock_and_its_uids_come_from_the_content() -> None:
    first, again = plan_calendar(plan(OPEN_CLAIM)), plan_calendar(plan(OPEN_CLAIM))
    assert first == again
    uids = [str(e["UID"]) for e in events(first)]
    assert len(set(uids)) == len(uids)
    later = plan_calendar(plan({**OPEN_CLAIM, "evaluation_date": "2026-12-20"}))
    assert [str(e["UID"]) for e in events(later)] == uids  # made again later, the same events
    assert "DTSTAMP:20261220T000000Z" in later
    other = plan_calendar(plan({**OPEN_CLAIM, "payment_date": "2026-08-14"}))
    assert not set(uids) & {str(e["UID"]) for e in events(other)}


def test_only_days_still_ahead_of_steps_still_to_do_are_in_a_plans_calendar() -> None:
    late = plan({**OPEN_CLAIM, "evaluation_date": "2027-03-01"})
    (only,) = events(plan_calendar(late))
    assert only.decoded("DTSTART") == dt.date(2027, 8, 16)
    filed = plan({**OPEN_CLAIM, "filing_date": "2026-12-01"})
    with pytest.raises(NoDatesError, match="nothing to put in a calendar"):
        plan_calendar(filed)


def test_a_card_ready_from_a_day_is_reminded_that_morning() -> None:
    p = plan(
        {
            "journey": "enrolment",
            "channel": "service_point",
            "scheme": "urban_rural_resident",
            "meets_scheme_conditions": True,
            "premium_payer": "self",
            "application_date": "2027-02-04",
            "evaluation_date": "2027-02-04",
        }
    )
    (ready,) = events(plan_calendar(p))
    assert ready.decoded("DTSTART") == dt.date(2027, 2, 18)  # the latest it can be ready
    (alarm,) = ready.walk("VALARM")
    assert alarm["TRIGGER"].to_ical() == b"PT9H"


def test_a_single_filing_decision_gives_both_last_days() -> None:
    d = reimbursement_filing(
        ReimbursementFilingCase(
            payment_date=dt.date(2026, 3, 10),
            treatment="hospitalisation",
            evaluation_date=dt.date(2026, 12, 1),
        )
    )
    text = decision_calendar(d)
    assert_well_formed(text)
    assert [e.decoded("DTSTART") for e in events(text)] == [
        dt.date(2026, 9, 10),
        dt.date(2027, 3, 10),
    ]
    assert decision_calendar(d) == text


def test_a_settlement_decision_gives_its_day() -> None:
    d = service_settlement(
        SettlementCase(
            application_date=dt.date(2026, 9, 30),
            channel="service_point",
            evaluation_date=dt.date(2026, 9, 30),
        )
    )
    (event,) = events(decision_calendar(d, lang="zh"))
    assert event.decoded("DTSTART") == dt.date(2026, 10, 10)
    assert str(event["SUMMARY"]).startswith("服务点办结")


def test_a_decision_or_plan_without_a_day_is_refused() -> None:
    d = reimbursement_filing(
        ReimbursementFilingCase(
            payment_date=dt.date(2026, 3, 10),
            treatment="general_outpatient",
            evaluation_date=dt.date(2026, 12, 1),
        )
    )
    with pytest.raises(NoDatesError):
        decision_calendar(d)
    card = plan(
        {
            "journey": "card",
            "household_registration_area": "440106",
            "evaluation_date": "2026-12-01",
        }
    )
    with pytest.raises(NoDatesError):
        plan_calendar(card)


@pytest.mark.parametrize(
    "text", ["a, b; c\\d", "line one\nline two", "逗号，分号；和\\反斜杠", "x" * 300, "中" * 100]
)
def test_text_is_escaped_and_folded_so_that_a_parser_reads_it_back(text: str) -> None:
    line = fold_line(f"SUMMARY:{escape_text(text)}")
    for part in line.encode("utf-8").split(b"\r\n"):
        assert len(part) <= 75
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:x\r\n"
        "DTSTAMP:20261201T000000Z\r\nDTSTART;VALUE=DATE:20261201\r\n"
        f"{line}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    (event,) = events(calendar)
    assert str(event["SUMMARY"]) == text


def test_a_line_of_exactly_75_octets_is_not_folded_and_one_more_is() -> None:
    assert "\r\n" not in fold_line("X" * 75)
    assert fold_line("X" * 76) == "X" * 75 + "\r\n X"
