"""Decisions to JSON, fast: the parts every decision shares are serialised once.

A decision's JSON is mostly what it shares with others: each reason's citations (with the cited
texts, about half the bytes) and each parameter record come from a handful of module-level templates
and parameter versions. :class:`DecisionEncoder` writes those parts once per distinct object and reuses
the bytes, and writes the rest (outcome, dates, facts, messages) with ``orjson``. The result is the
same JSON as ``decision.model_dump_json()``, byte for byte (a property test checks it for every rule
on generated cases); the services and the command line's JSON output use it.

>>> import datetime as dt
>>> from medins_rules import ReimbursementFilingCase, reimbursement_filing
>>> d = reimbursement_filing(ReimbursementFilingCase(
...     payment_date=dt.date(2025, 3, 10), treatment="hospitalisation",
...     filing_date=dt.date(2025, 9, 10), evaluation_date=dt.date(2025, 9, 10)))
>>> decision_json(d) == d.model_dump_json().encode()
True

A model the encoder cannot prove it writes as pydantic does (one with custom serialisers, computed
fields or aliases) is written by pydantic itself.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import orjson
from pydantic import BaseModel

from medins_rules.core.model import ParameterUse, Reason

__all__ = ["DecisionEncoder", "decision_json", "plain_model"]

_Fragment = orjson.Fragment


class _Shared:
    """Serialised shared objects, keyed by identity; each entry keeps its object alive, so an id is
    never reused for another object while its bytes are held. Bounded: past ``limit`` entries it
    starts over (the package's templates and versions number a few hundred)."""

    __slots__ = ("entries", "limit")

    def __init__(self, limit: int = 4096) -> None:
        self.entries: dict[int, tuple[object, orjson.Fragment]] = {}
        self.limit = limit

    def fragment(self, value: object, write: Callable[[Any], bytes]) -> orjson.Fragment:
        entry = self.entries.get(id(value))
        if entry is not None and entry[0] is value:
            return entry[1]
        if len(self.entries) >= self.limit:
            self.entries.clear()
        fragment = _Fragment(write(value))
        self.entries[id(value)] = (value, fragment)
        return fragment


def _pydantic_json(value: Any) -> bytes:
    if isinstance(value, BaseModel):
        return value.__pydantic_serializer__.to_json(value)
    # a tuple of models: pydantic writes each as its model
    return b"[" + b",".join(v.__pydantic_serializer__.to_json(v) for v in value) + b"]"


def _plain_checked(cls: type[BaseModel]) -> bool:
    decorators = cls.__pydantic_decorators__
    return not (
        decorators.field_serializers
        or decorators.model_serializers
        or cls.model_computed_fields
        or any(
            f.alias is not None or f.serialization_alias is not None
            for f in cls.model_fields.values()
        )
        or cls.model_config.get("ser_json_timedelta") not in (None, "iso8601")
        or cls.model_config.get("ser_json_bytes") not in (None, "utf8")
        or any(_moments(f.annotation) for f in cls.model_fields.values())
    )


def _moments(annotation: Any) -> bool:
    """Whether a field may hold a moment (a datetime or a time), which pydantic writes its own way
    (a UTC zone as ``Z``); days, numbers, texts and models orjson writes as pydantic does."""
    if annotation in (dt.datetime, dt.time, dt.timedelta):
        return True
    return any(_moments(arg) for arg in typing.get_args(annotation))


@functools.cache
def plain_model(cls: type[BaseModel]) -> bool:
    """Whether instances of ``cls`` serialise as their fields, in order, with no custom serialiser,
    computed field or alias: the models :func:`decision_json` writes itself."""
    return _plain_checked(cls)


class DecisionEncoder:
    """Writes decisions as JSON, keeping the bytes of the shared parts it has written (each reason's
    citations, the parameter records) for the next decision. One per service or batch run; it holds
    no more than a few thousand entries.

    >>> import datetime as dt
    >>> from medins_rules import ReimbursementFilingCase, reimbursement_filing
    >>> encode = DecisionEncoder()
    >>> for paid in (dt.date(2025, 3, 10), dt.date(2025, 3, 11)):
    ...     d = reimbursement_filing(ReimbursementFilingCase(
    ...         payment_date=paid, treatment="hospitalisation", evaluation_date=dt.date(2025, 9, 1)))
    ...     assert encode(d) == d.model_dump_json().encode()
    """

    __slots__ = ("_citations", "_records")

    def __init__(self) -> None:
        self._citations = _Shared()
        self._records = _Shared()

    def __call__(self, decision: BaseModel) -> bytes:
        """``decision.model_dump_json().encode()``, the shared parts written once."""
        if plain_model(type(decision)):
            try:
                return orjson.dumps(decision.__dict__, default=self._default, option=_OPTIONS)
            except orjson.JSONEncodeError:  # a value left to pydantic (see _default)
                pass
        return decision.__pydantic_serializer__.to_json(decision)

    def _default(self, value: Any) -> Any:
        """What orjson does not write itself, written as pydantic writes it."""
        if isinstance(value, BaseModel):
            if isinstance(value, Reason):
                return self._reason(value)
            if isinstance(value, ParameterUse):  # a version's record, shared by its decisions
                return self._records.fragment(value, _pydantic_json)
            return _Fragment(value.__pydantic_serializer__.to_json(value))
        if isinstance(value, Decimal):
            return str(value)
        raise TypeError(type(value).__name__)  # left to pydantic (see decision_json's fallback)

    def _reason(self, reason: Reason) -> dict[str, Any]:
        values = reason.__dict__
        return {
            "code": values["code"],
            "message_en": values["message_en"],
            "message_zh": values["message_zh"],
            "citations": self._citations.fragment(values["citations"], _pydantic_json),
            "facts": values["facts"],
        }


def decision_json(decision: BaseModel) -> bytes:
    """``decision.model_dump_json().encode()`` by a :class:`DecisionEncoder` of its own: for one
    decision; a run of many keeps one encoder."""
    return DecisionEncoder()(decision)


_OPTIONS = 0
