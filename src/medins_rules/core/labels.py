"""Chinese labels of the vocabulary a decision is written in: enum members and model fields.

A decision speaks in identifiers (``on_time``, ``last_on_time_day``, ``hospitalisation``) so that a
program can read it; a person reading it in Chinese needs a word for each. The labels are data kept
beside what they name: each process module states, after its enums and models, the Chinese label of
every member (:func:`enum_labels`) and of every field (:func:`field_labels`); the vocabulary modules
do so for the shared enums. Renderings read them with :func:`enum_label` and :func:`field_label`.
The English "label" of a member or a field is its identifier, which is English already and is what
the JSON output and the documentation use.

A label is kept on the enum or model it names (a class attribute), set when the module that states
it is imported, which it is before any value of the enum or model can exist. The test suite checks that every member of every enum a rule's
input or decision holds, every outcome of every rule and every field of every input and decision
model has a label; a rendering that meets one without a label shows the identifier.

>>> from enum import StrEnum
>>> class Colour(StrEnum):
...     GREEN = "green"
>>> _ = enum_labels(Colour, {Colour.GREEN: "绿色"})
>>> enum_label(Colour.GREEN, "zh"), enum_label(Colour.GREEN, "en")
('绿色', 'green')
>>> field_label(None, "evaluation_date", "zh")
'评估日期'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from types import MappingProxyType
from typing import Any, TypeVar

__all__ = [
    "COMMON_FIELD_LABELS",
    "enum_label",
    "enum_labels",
    "field_label",
    "field_labels",
    "has_enum_labels",
    "labelled_fields",
    "value_label",
    "value_labels",
]

E = TypeVar("E", bound=Enum)

_ENUM_LABELS = "__labels_zh__"
_FIELD_LABELS = "__field_labels_zh__"
_VALUE_LABELS = "__value_labels_zh__"
"""The class attributes the labels are kept in: a label belongs to the enum or model it names, and
is set once, when the module that states it is imported (the package keeps no table of its own)."""

COMMON_FIELD_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "rule": "规则",
        "outcome": "结果",
        "reasons": "理由",
        "evaluation_date": "评估日期",
        "jurisdiction": "适用地区",
        "parameters": "所用参数",
        "provisional": "临时结果",
        "unpublished_years": "节假日安排尚未公布的年份",
        "possible_outcomes": "可能的结果",
        "missing_facts": "待补充的事实",
        "reason_codes": "理由代码",
        "line": "行号",
    }
)
"""The labels of the fields every decision has (and of ``line``, a batch's line number)."""


def enum_labels(enum: type[E], zh: Mapping[E, str] | Callable[[], Mapping[E, str]]) -> Any:
    """Give each member of ``enum`` its Chinese label; returns the table (read-only).

    ``zh`` may be a function giving the table, for labels kept in data read on first use; it is
    called when a label is first asked for (and the function itself is returned).
    """
    if callable(zh):
        type.__setattr__(enum, _ENUM_LABELS, zh)
        return zh
    strays = [key for key in zh if not isinstance(key, enum)]
    if strays:
        raise ValueError(f"{enum.__name__}: labels for what is not a member: {strays!r}")
    table = MappingProxyType(dict(zh))
    type.__setattr__(enum, _ENUM_LABELS, table)
    return table


def _table(enum: type[Enum]) -> Mapping[Any, str] | None:
    found = enum.__dict__.get(_ENUM_LABELS)
    if found is None or isinstance(found, Mapping):
        return found
    table = MappingProxyType(dict(found()))
    type.__setattr__(enum, _ENUM_LABELS, table)  # read once from its data, then kept
    return table


def has_enum_labels(enum: type[Enum]) -> bool:
    """Whether every member of ``enum`` has a Chinese label."""
    table = _table(enum)
    return table is not None and all(member in table for member in enum)


def enum_label(member: Enum, lang: str = "zh") -> str:
    """The member's label: its Chinese label for ``"zh"`` (its value where it has none), its value
    for any other language."""
    value = str(member.value)
    if lang != "zh":
        return value
    table = _table(type(member))
    return table.get(member, value) if table is not None else value


def field_labels(models: type | Iterable[type], zh: Mapping[str, str]) -> Mapping[str, str]:
    """Give the fields of one model or several (a process's input and decision share most of their
    fields) their Chinese labels; returns the table (read-only).

    Every name must be a field of one of the models (a misspelt name is refused); each model is
    given the labels of its own fields.
    """
    group = (models,) if isinstance(models, type) else tuple(models)
    known: set[str] = set()
    for model in group:
        names = set(getattr(model, "model_fields", {}))
        known |= names
        own = dict(model.__dict__.get(_FIELD_LABELS, {}))
        own.update({n: zh[n] for n in names if n in zh})
        type.__setattr__(model, _FIELD_LABELS, MappingProxyType(own))
    strays = sorted(set(zh) - known)
    if strays:
        raise ValueError(f"labels for what is not a field of {group!r}: {', '.join(strays)}")
    return MappingProxyType(dict(zh))


def labelled_fields(model: type) -> frozenset[str]:
    """The fields of ``model`` (or of a model it derives from) that have a label, common ones
    included."""
    out: set[str] = set(COMMON_FIELD_LABELS)
    for cls in getattr(model, "__mro__", ()):
        out |= set(cls.__dict__.get(_FIELD_LABELS, ()))
    return frozenset(out)


def field_label(model: type | None, name: str, lang: str = "zh") -> str:
    """The label of the field ``name`` of ``model``: its Chinese label for ``"zh"`` (the model's,
    then a model it derives from, then the common ones; the name where there is none), the name for
    any other language."""
    if lang != "zh":
        return name
    for cls in getattr(model, "__mro__", ()):
        table = cls.__dict__.get(_FIELD_LABELS)
        if table is not None and name in table:
            return str(table[name])
    return COMMON_FIELD_LABELS.get(name, name)


def value_labels(model: type, field: str, label: Callable[[Any, Any], str | None]) -> None:
    """Say how the values of a text field of ``model`` that hold identifiers (a checklist item's
    id, a defect's detail, a division code) are labelled in Chinese: ``label(value, decision)``
    gives the label, or ``None`` where it has none; ``decision`` is the decision the value is part
    of (an id may name different things in different decisions)."""
    if field not in getattr(model, "model_fields", {}):
        raise ValueError(f"{model.__name__} has no field {field!r}")
    own = dict(model.__dict__.get(_VALUE_LABELS, {}))
    own[field] = label
    type.__setattr__(model, _VALUE_LABELS, MappingProxyType(own))


def value_label(model: type | None, field: str, value: Any, decision: Any = None) -> str | None:
    """The Chinese label of a value of a text field given with :func:`value_labels`, or ``None``."""
    for cls in getattr(model, "__mro__", ()):
        label = cls.__dict__.get(_VALUE_LABELS, {}).get(field)
        if label is not None:
            result: str | None = label(value, decision)
            return result
    return None
