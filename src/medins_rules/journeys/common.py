"""What the journeys share: calling the materials rule, reading its result, building a rule's case
from a situation with errors that name the situation's fields.

>>> import datetime as dt
>>> call = materials_call("card_application", (), through_agent=False,
...                       evaluation_date=dt.date(2026, 12, 1), jurisdiction="440100")
>>> [(m.item, m.status.value) for m in materials_of(call.decision)]
[('identity_document', 'missing'), ('photo', 'missing'), ('household_register', 'missing')]
>>> channels_for("enrolment")
(<Channel.IN_PERSON: 'in_person'>, <Channel.AGENT: 'agent'>)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from medins_rules.core.model import Jurisdiction, Reason
from medins_rules.journeys.steps import Channel, Material, MaterialsCall, PlanOptions, Text
from medins_rules.processes.materials import (
    AgentPolicy,
    Business,
    ItemStatus,
    MaterialsCase,
    MaterialsDecision,
    SubmittedItem,
    check_materials,
    checklist,
    requirement_text,
)

__all__ = [
    "boundary_candidates",
    "channels_for",
    "checked",
    "materials_call",
    "materials_of",
    "materials_ready",
]

M = TypeVar("M", bound=BaseModel)


def checked(build: Callable[[], M], paths: Mapping[str, str]) -> M:
    """``build()``, a rule's case built from a situation; a refusal is re-raised as a ``ValueError``
    whose message starts with the situation's path of each failing field, as the package's
    validators do. ``paths`` maps a case's top-level field to the situation's path of it (a field
    not listed keeps its name).

    >>> from medins_rules.processes.card import CardApplicationCase
    >>> checked(lambda: CardApplicationCase(household_registration_area="440106",
    ...     agency_area="99", evaluation_date="2026-12-01"), {"agency_area": "agency"})
    Traceback (most recent call last):
    ...
    ValueError: agency: String should match pattern '^[1-9][0-9]{5}$'
    """
    try:
        return build()
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            message = str(error["msg"]).removeprefix("Value error, ")
            path = ""
            for part in error["loc"]:
                if isinstance(part, int):
                    path += f"[{part}]"
                else:
                    path += f".{part}" if path else paths.get(str(part), str(part))
            named, _, rest = message.partition(": ")
            if rest and _FIELD.fullmatch(named):
                last = path.rsplit(".", 1)[-1].split("[", 1)[0] if path else ""
                if named != last:
                    head, _, tail = named.partition(".")
                    mapped = paths.get(head, head) + (f".{tail}" if tail else "")
                    path = f"{path}.{named}" if path else mapped
                message = rest
            problems.append(f"{path}: {message}" if path else message)
        raise ValueError("; ".join(problems)) from None


_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:(?:\.|\[)[A-Za-z0-9_\]]+)*")


def materials_call(
    business: Business | str,
    items: Sequence[SubmittedItem],
    *,
    through_agent: bool,
    evaluation_date: dt.date,
    jurisdiction: Jurisdiction | str,
    options: PlanOptions | None = None,
    what_if: Text | None = None,
) -> MaterialsCall:
    """The materials rule on what the person has for ``business``."""
    chosen = (options or PlanOptions()).materials
    case = MaterialsCase(
        business=Business(business),
        through_agent=through_agent,
        items=tuple(items),
        evaluation_date=evaluation_date,
        jurisdiction=Jurisdiction(jurisdiction),
    )
    return MaterialsCall(
        case=case, options=chosen, decision=check_materials(case, options=chosen), what_if=what_if
    )


def materials_of(decision: MaterialsDecision) -> tuple[Material, ...]:
    """The items the materials rule asks for (never one it does not require), in checklist order,
    with what satisfies each and every defect of what was brought for it."""
    found = checklist(decision.business)
    out = []
    for result in decision.items:
        if result.status is ItemStatus.NOT_REQUIRED:
            continue
        item = found.item(result.item)
        text = requirement_text(item)
        out.append(
            Material(
                item=item.id,
                name=Text(en=item.name_en, zh=item.name_zh),
                requirement=Text(en=text.en, zh=text.zh),
                status=result.status,
                defects=tuple(d for d in decision.defects if d.item == item.id),
            )
        )
    return tuple(out)


def materials_ready(decision: MaterialsDecision) -> bool:
    """Whether nothing the rule asks for is missing or defective."""
    return not decision.missing and not decision.defective and not decision.agent_not_permitted


def channels_for(business: Business | str) -> tuple[Channel, ...]:
    """In person, and through an agent where the business's checklist permits one."""
    if checklist(Business(business)).agents is AgentPolicy.PERMITTED:
        return (Channel.IN_PERSON, Channel.AGENT)
    return (Channel.IN_PERSON,)


def first_reasons(decision_reasons: Sequence[Reason], count: int = 1) -> tuple[Reason, ...]:
    """The first ``count`` reasons of a decision (the rule puts the one that states its outcome
    first)."""
    return tuple(decision_reasons[:count])


def boundary_candidates(days: Iterable[dt.date | None]) -> tuple[dt.date, ...]:
    """Each day given, and the day before and after it, in order: the answers to try for a day not
    known, one of which falls on each side of every day the situation gives.

    >>> boundary_candidates([dt.date(2026, 3, 3), None])
    (datetime.date(2026, 3, 2), datetime.date(2026, 3, 3), datetime.date(2026, 3, 4))
    """
    out: set[dt.date] = set()
    for day in days:
        if day is None:
            continue
        for shift in (-1, 0, 1):
            try:
                out.add(day + dt.timedelta(days=shift))
            except OverflowError:  # the first or last representable day: no day beyond it
                continue
    return tuple(sorted(out))
