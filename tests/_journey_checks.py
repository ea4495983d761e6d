"""The checks every plan must pass: its steps agree with a fresh call of the rules they name.

Used by the journeys' unit tests (on every plan they build) and by the property tests (on drawn
situations). Each check reads the plan and calls the rules itself through the catalogue, never
through the journeys' own code.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from medins_rules.engine.catalogue import get_rule
from medins_rules.journeys.plan import Plan
from medins_rules.journeys.steps import DeadlineKind, Step, StepStatus
from medins_rules.processes.materials import ItemStatus
from medins_rules.processes.refunds import RefundDecision
from medins_rules.processes.reimbursement import FilingOutcome, ReimbursementFilingDecision

_TAKES_OPTIONS = {
    "deadlines.reimbursement_filing",
    "deadlines.offsite_filing_residence",
    "eligibility.online_suspension",
    "eligibility.card_application",
    "eligibility.retirement",
    "refunds.refund",
    "materials.check_materials",
}


def fresh(call: Any) -> Any:
    """The decision of the rule the call names, called again on the call's case and options."""
    spec = get_rule(call.rule)
    kwargs = {"options": call.options} if call.rule in _TAKES_OPTIONS else {}
    return spec.function(call.case, **kwargs)


def _bounds(decision: Any, field: str) -> tuple[dt.date | None, dt.date, dt.date]:
    """The day, earliest and latest the decision gives for ``field``, read by the field's name."""
    match = re.fullmatch(r"benefit_periods\[(\d+)\]\.first_day", field)
    if match:
        first = decision.benefit_periods[int(match.group(1))].first_day
        last = first - dt.timedelta(days=1)  # applied for before the first day (the rule's test)
        return last, last, last
    day = getattr(decision, field)
    earliest = getattr(decision, f"{field}_earliest", None) or day
    latest = getattr(decision, f"{field}_latest", None) or day
    return day, earliest, latest


def check_step(p: Plan, step: Step) -> None:
    decisions = []
    for call in step.calls:
        again = fresh(call)
        assert again == call.decision, f"{step.id}: {call.rule} decides otherwise when called again"
        assert call.case.evaluation_date == p.evaluation_date, f"{step.id}: another day's call"
        decisions.append(again)
    reasons = {r for d in decisions for r in d.reasons}
    assert all(r in reasons for r in step.why), f"{step.id}: a reason no decision gave"
    for deadline in step.deadlines:
        source = next(d for d in decisions if _has(d, deadline.field))
        day, earliest, latest = _bounds(source, deadline.field)
        assert (deadline.earliest, deadline.latest) == (earliest, latest), step.id
        assert deadline.day == (earliest if earliest == latest else None), step.id
        if earliest == latest and day is not None:
            assert deadline.day == day
    materials = [c.decision for c in step.calls if c.rule == "materials.check_materials"]
    if step.materials:
        (checked,) = materials
        asked = {r.item: r.status for r in checked.items if r.status is not ItemStatus.NOT_REQUIRED}
        listed = {m.item: m.status for m in step.materials}
        assert listed == asked, f"{step.id}: the materials listed are not those the rule asks"
        for m in step.materials:
            assert {d for d in checked.defects if d.item == m.item} == set(m.defects)
    if step.possible_outcomes:
        assert step.status is StepStatus.UNDETERMINED
    if step.status is StepStatus.UNDETERMINED:
        assert step.possible_outcomes or step.decision.unpublished_years or step.missing_facts
    _check_done_and_too_late(p, step)


def _has(decision: Any, field: str) -> bool:
    head = field.split("[", 1)[0].split(".", 1)[0]
    return head in type(decision).model_fields


def _check_done_and_too_late(p: Plan, step: Step) -> None:
    """A step done or too late agrees with the deadline decision it names."""
    decision = step.decision
    if isinstance(decision, ReimbursementFilingDecision) and step.id == "file_claim":
        filed = step.call.case.filing_date is not None
        by_field = {d.field: d for d in step.deadlines}
        on_time, payable = by_field.get("last_on_time_day"), by_field.get("last_payable_day")
        if step.status is StepStatus.DONE:
            assert filed
            assert decision.outcome in (FilingOutcome.ON_TIME, FilingOutcome.LATE)
        if step.status is StepStatus.TOO_LATE:
            assert decision.outcome is FilingOutcome.FORFEITED
            assert payable is not None
            assert payable.passed(decision.filing_date or p.evaluation_date) is True
        if step.status is StepStatus.TO_DO:
            assert not filed
            assert on_time is not None
            assert on_time.passed(p.evaluation_date) is not True
        if step.status is StepStatus.LATE:
            assert not filed
            assert on_time is not None
            assert payable is not None
            assert on_time.passed(p.evaluation_date) is True
            assert payable.passed(p.evaluation_date) is not True
    if isinstance(decision, RefundDecision):
        if step.status is StepStatus.TOO_LATE:
            assert step.deadlines
            assert all(d.passed(p.evaluation_date) for d in step.deadlines)
            assert decision.refund_total == 0
        if step.status is StepStatus.TO_DO:
            assert decision.refund_total > 0
            refunded = {r.scheme_year for r in decision.payments if r.refundable}
            for d in step.deadlines:
                year = decision.benefit_periods[int(d.field.split("[")[1].split("]")[0])]
                if year.scheme_year in refunded:
                    assert d.passed(p.evaluation_date) is False
    if step.rule == "eligibility.retirement" and step.id == "retire":
        (day,) = step.deadlines
        assert day.kind is DeadlineKind.ON
        if step.status is StepStatus.DONE:
            assert p.evaluation_date >= day.day  # type: ignore[operator]
        if step.status is StepStatus.TO_DO:
            assert p.evaluation_date < day.day  # type: ignore[operator]


def check_plan(p: Plan) -> None:
    """Every invariant of a plan."""
    ids = [s.id for s in p.steps]
    assert len(ids) == len(set(ids)), "a step id repeats"
    for step in p.steps:
        check_step(p, step)
    days = [s.key_day for s in p.steps if s.key_day is not None]
    assert days == sorted(days), "the dated steps are not in date order"
    missing = {f for s in p.steps for f in s.missing_facts}
    assert {q.fact for q in p.questions} <= missing
    ranks = [(-q.outcomes_settled, -q.steps_settled) for q in p.questions]
    assert ranks == sorted(ranks), "the questions are not ordered by what they settle"
    years = {y for s in p.steps for c in s.calls for y in c.decision.unpublished_years}
    assert set(p.unpublished_years) == years
    assert type(p).model_validate_json(p.model_dump_json()) == p
