"""iCalendar (RFC 5545) files of deadlines: a plan's, or a single decision's, with reminders.

Each day becomes an all-day ``VEVENT`` (``DTSTART;VALUE=DATE``, the next day as ``DTEND``) with
``VALARM`` reminders: a week and the morning before a last day to act, the morning of a day from
which something can be done. A day that waits for a holiday notice not yet published is put on its
safe day (the earliest last day to act; the latest day a result can be ready) and the event says
the range. Nothing reads the clock: ``DTSTAMP`` is the evaluation date at midnight UTC, and each
``UID`` is derived from what the event is about (the situation or the decision's facts, the step,
the field), not from the evaluation date, so a plan made again on a later day updates its events
instead of adding new ones. Lines end in CRLF and are folded at 75 octets (never inside a UTF-8
character); text values are escaped.

>>> import datetime as dt
>>> from medins_rules.processes.reimbursement import ReimbursementFilingCase, reimbursement_filing
>>> d = reimbursement_filing(ReimbursementFilingCase(payment_date=dt.date(2026, 8, 15),
...     treatment="hospitalisation", evaluation_date=dt.date(2026, 12, 1)))
>>> text = decision_calendar(d)
>>> [line for line in text.split("\\r\\n") if line.startswith(("DTSTART", "DTSTAMP"))]
['DTSTAMP:20261201T000000Z', 'DTSTART;VALUE=DATE:20270215', 'DTSTAMP:20261201T000000Z', 'DTSTART;VALUE=DATE:20270816']
>>> max(len(line.encode()) for line in text.split("\\r\\n")) <= 75
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from medins_rules.core.model import Decision
from medins_rules.journeys.deadlines import (
    filing_deadlines,
    refund_deadlines,
    residence_deadline,
    retirement_deadline,
    settlement_deadline,
)
from medins_rules.journeys.plan import Plan
from medins_rules.journeys.steps import Deadline, DeadlineKind, Lang, StepStatus
from medins_rules.processes.enrolment import EnrolmentDecision, SettlementDecision
from medins_rules.processes.offsite_filing import ResidenceDecision
from medins_rules.processes.refunds import RefundDecision
from medins_rules.processes.reimbursement import ReimbursementFilingDecision
from medins_rules.processes.retirement import RetirementDecision

__all__ = [
    "NoDatesError",
    "decision_calendar",
    "decision_deadlines",
    "decisions_calendar",
    "escape_text",
    "fold_line",
    "plan_calendar",
]

PRODID = "-//medins-rules//deadlines//EN"
_LINE_OCTETS = 75
_ACTIVE = frozenset({StepStatus.TO_DO, StepStatus.LATE, StepStatus.UNDETERMINED})
"""The statuses of steps whose days still matter (a step done, too late, blocked or not needed has
no day to be reminded of)."""


class NoDatesError(ValueError):
    """Nothing to put in a calendar: the plan or decision has no day ahead (an iCalendar file holds
    at least one event)."""


@dataclass(frozen=True, slots=True)
class _Event:
    uid: str
    deadline: Deadline
    summary: str
    description: str
    location: str | None


def escape_text(text: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma, and newlines as ``\\n``.

    >>> print(escape_text("a, b; c\\\\d\\nnext"))
    a\\, b\\; c\\\\d\\nnext
    """
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold_line(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 3.1): CRLF and one space before each
    continuation, never inside a UTF-8 character.

    >>> folded = fold_line("SUMMARY:" + "按时申请的最后一日" * 4)
    >>> [len(part.encode()) for part in folded.split("\\r\\n")]
    [74, 43]
    """
    parts: list[str] = []
    current, size, limit = "", 0, _LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = " ", 1, _LINE_OCTETS
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _uid(*parts: object) -> str:
    seed = json.dumps([str(p) for p in parts], ensure_ascii=False)
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32] + "@medins-rules"


def _stamp(day: dt.date) -> str:
    return f"{day:%Y%m%d}T000000Z"


def _alarms(deadline: Deadline, summary: str) -> list[str]:
    # a week before and 09:00 the day before a last day; 09:00 on the day of another kind
    triggers = ("-P7D", "-PT15H") if deadline.kind is DeadlineKind.BY else ("PT9H",)
    lines: list[str] = []
    for trigger in triggers:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER:{trigger}",
            f"DESCRIPTION:{escape_text(summary)}",
            "END:VALARM",
        ]
    return lines


def _summary(deadline: Deadline, what: str | None, lang: Lang) -> str:
    label = deadline.label.get(lang)
    head = label[:1].upper() + label[1:] if lang == "en" else label
    text = f"{head} — {what}" if what else head
    if deadline.exact:
        return text
    if lang == "zh":
        return (
            f"{text}（稳妥日期；实际日期在{deadline.earliest.isoformat()}至"
            f"{deadline.latest.isoformat()}之间）"
        )
    return f"{text} (the safe day; the day is between {deadline.earliest} and {deadline.latest})"


def _render(events: Sequence[_Event], *, stamp: dt.date, name: str) -> str:
    if not events:
        raise NoDatesError("nothing to put in a calendar: no day ahead to be reminded of")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        day = event.deadline.safe_day
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_stamp(stamp)}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        lines += ["TRANSP:TRANSPARENT", *_alarms(event.deadline, event.summary), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)


# -- a single decision --------------------------------------------------------------------------------

_ANCHORS = ("rule", "payment_date", "treatment", "application_date", "channel", "birth_date")
"""The decision facts a single decision's event is identified by (with the field)."""


def decision_deadlines(decision: Decision[Any]) -> tuple[Deadline, ...]:
    """The days of a decision that has any: a reimbursement filing (the two last days), an enrolment
    or its settlement, the residence requirement, a refund, a retirement; none for another."""
    if isinstance(decision, ReimbursementFilingDecision):
        return filing_deadlines(decision)
    if isinstance(decision, SettlementDecision | EnrolmentDecision):
        found = settlement_deadline(decision)
        return (found,) if found else ()
    if isinstance(decision, ResidenceDecision):
        met = residence_deadline(decision)
        return (met,) if met else ()
    if isinstance(decision, RefundDecision):
        return refund_deadlines(decision)
    if isinstance(decision, RetirementDecision):
        return (retirement_deadline(decision),)
    return ()


def _decision_events(decision: Decision[Any], lang: Lang) -> list[_Event]:
    anchors = [getattr(decision, name, None) for name in _ANCHORS]
    events = []
    for deadline in decision_deadlines(decision):
        summary = _summary(deadline, None, lang)
        events.append(
            _Event(
                uid=_uid(*anchors, deadline.field),
                deadline=deadline,
                summary=summary,
                description="\n".join(
                    [deadline.describe(lang), decision.reasons[0].message(lang), decision.rule]
                ),
                location=None,
            )
        )
    return events


def decision_calendar(decision: Decision[Any], *, lang: Lang = "en") -> str:
    """An iCalendar file of one decision's days (every one, passed or not: the decision states
    them). Raises :class:`NoDatesError` for a decision without a day."""
    return _render(
        _decision_events(decision, lang), stamp=decision.evaluation_date, name=decision.rule
    )


def decisions_calendar(decisions: Iterable[Decision[Any]], *, lang: Lang = "en") -> str:
    """One iCalendar file of the days of many decisions (a batch), stamped with the latest
    evaluation date; an event the same decision facts give twice is written once. Raises
    :class:`NoDatesError` when none has a day."""
    events: dict[str, _Event] = {}
    stamp: dt.date | None = None
    rules: dict[str, None] = {}
    for decision in decisions:
        stamp = max(stamp, decision.evaluation_date) if stamp else decision.evaluation_date
        for event in _decision_events(decision, lang):
            events.setdefault(event.uid, event)
            rules.setdefault(decision.rule, None)
    return _render(
        list(events.values()),
        stamp=stamp or dt.date(1970, 1, 1),
        name=", ".join(rules) or "medins-rules",
    )


# -- a plan -------------------------------------------------------------------------------------------


def _plan_events(p: Plan, lang: Lang) -> Iterable[_Event]:
    identity = p.situation.model_dump(mode="json", exclude={"evaluation_date"})
    seed = json.dumps(identity, sort_keys=True, ensure_ascii=False)
    for step in p.steps:
        if step.status not in _ACTIVE:
            continue
        for deadline in step.deadlines:
            if deadline.passed(p.evaluation_date):
                continue
            summary = _summary(deadline, step.action.get(lang), lang)
            lines = [deadline.describe(lang), *(r.message(lang) for r in step.why[:2])]
            lines.append(f"{step.rule} -> {step.decision.outcome.value}")
            yield _Event(
                uid=_uid(p.journey, seed, step.id, deadline.field),
                deadline=deadline,
                summary=summary,
                description="\n".join(lines),
                location=step.where.name.get(lang) if step.where else None,
            )


def plan_calendar(p: Plan, *, lang: Lang = "en") -> str:
    """An iCalendar file of a plan's days still ahead, for the steps still to do (or not yet
    known). Raises :class:`NoDatesError` when there is none."""
    events = list(_plan_events(p, lang))
    return _render(events, stamp=p.evaluation_date, name=p.title.get(lang))
