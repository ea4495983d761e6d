"""Compact rows: a decision's outcome, dates and reason codes, without its messages and citations.

A nightly run keeps, for each of millions of claims, what a follow-up job needs: the outcome, what is
still open about it, the rule's own dates and figures, and the reason codes (their messages are in
``docs/reason-codes.md`` and in any full decision). ``medins-rules evaluate --output compact`` writes
one such row a line.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from decimal import Decimal
from enum import Enum
from typing import Any

from medins_rules.core.model import Decision

__all__ = ["COMPACT_BASE", "compact_fields", "compact_row"]

COMPACT_BASE = ("outcome", "possible_outcomes", "missing_facts", "unpublished_years", "provisional")
"""The decision fields every compact row has, after ``line`` and before the rule's own."""

_SCALARS = (dt.date, int, str, bool, Decimal, type(None))


def _scalar(annotation: Any) -> bool:
    """Whether a field's values are scalars (a day, a number, a text, an enum), possibly optional,
    or tuples of them."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return all(_scalar(arg) for arg in typing.get_args(annotation))
    if origin is tuple:
        return all(_scalar(arg) for arg in typing.get_args(annotation) if arg is not Ellipsis)
    return isinstance(annotation, type) and (
        issubclass(annotation, _SCALARS) or issubclass(annotation, Enum)
    )


@functools.cache
def compact_fields(decision_model: type[Decision[Any]]) -> tuple[str, ...]:
    """The rule's own fields a compact row keeps: those of ``decision_model`` beyond the shared
    decision fields whose values are scalars (days, numbers, texts, enums) or tuples of them; nested
    models (a refund's payments, a checklist's items) are left to the full decision."""
    shared = Decision.model_fields
    return tuple(
        name
        for name, field in decision_model.model_fields.items()
        if name not in shared and _scalar(field.annotation)
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def compact_row(decision: Decision[Any], line: int | None = None) -> dict[str, Any]:
    """A decision as a compact row: ``line`` (when given), the outcome and what is still open about
    it, the rule's own scalar fields (its dates, days left, amounts), and the reason codes.

    >>> import datetime as dt
    >>> from medins_rules import SettlementCase, service_settlement
    >>> d = service_settlement(SettlementCase(application_date=dt.date(2026, 2, 13),
    ...                        channel="service_point", evaluation_date=dt.date(2026, 2, 13)))
    >>> compact_row(d, line=1)["settlement_date"], compact_row(d)["reason_codes"]
    ('2026-02-25', ['settlement.service_point_working_days'])
    """
    row: dict[str, Any] = {} if line is None else {"line": line}
    values = decision.__dict__
    for name in COMPACT_BASE:
        row[name] = _plain(values[name])
    for name in compact_fields(type(decision)):
        row[name] = _plain(values[name])
    row["reason_codes"] = [reason.code for reason in decision.reasons]
    return row
