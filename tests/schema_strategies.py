"""Hypothesis strategies from the JSON Schemas the package publishes (a test helper).

Each rule's input schema (``interfaces/schemas.input_schema``) is what a service publishes for its
callers; a strategy built from it generates the JSON those callers may send. The strategy covers the
keywords pydantic writes into these schemas and refuses any other (so a new constraint in a model
cannot be silently ignored by the fuzz test). ``hypothesis-jsonschema`` would do this generally, but
its latest release (0.23.1) calls a private hypothesis API that current hypothesis no longer has.

Days are drawn from the whole range of ``datetime.date`` (years 1 to 9999) as well as near the
present, so that date arithmetic at the edge of the calendar type is reached.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

_IGNORED = frozenset(
    {"title", "description", "default", "examples", "$schema", "$defs", "deprecated", "readOnly"}
)
_HANDLED = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "enum",
        "const",
        "anyOf",
        "oneOf",
        "$ref",
        "format",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "items",
        "prefixItems",
        "minItems",
        "maxItems",
        "uniqueItems",
    }
)
MAX_ITEMS = 4
"""Arrays are kept short (a schema's maxItems may be a thousand): the rules' loops are not the aim."""

EDGE_DAYS = (
    dt.date.min,
    dt.date(1, 12, 31),
    dt.date(1900, 2, 28),
    dt.date(2011, 6, 30),
    dt.date(2011, 7, 1),
    dt.date(2024, 2, 29),
    dt.date(2026, 12, 31),
    dt.date(2027, 1, 1),
    dt.date(9998, 12, 31),
    dt.date(9999, 6, 30),
    dt.date(9999, 12, 30),
    dt.date.max,
)


def days() -> st.SearchStrategy[str]:
    """ISO days: mostly recent ones (so that rules decide), some from anywhere, some at the edges."""
    recent = st.dates(dt.date(2015, 1, 1), dt.date(2026, 12, 31))
    return st.one_of(recent, recent, st.dates(), st.sampled_from(EDGE_DAYS)).map(dt.date.isoformat)


def from_schema(
    schema: dict[str, Any], root: dict[str, Any] | None = None
) -> st.SearchStrategy[Any]:
    """Values valid against ``schema`` (in the subset of JSON Schema pydantic writes)."""
    root = schema if root is None else root
    unknown = set(schema) - _HANDLED - _IGNORED
    if unknown:
        raise ValueError(f"schema keywords not handled by the generator: {sorted(unknown)}")
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return st.deferred(lambda: from_schema(root["$defs"][name], root))
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return st.one_of([from_schema(part, root) for part in schema[key]])
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([from_schema({**schema, "type": k}, root) for k in kind])
    if kind == "object":
        return _object(schema, root)
    if kind == "array":
        return _array(schema, root)
    if kind == "string":
        return _string(schema)
    if kind == "integer":
        low = schema.get("minimum", schema.get("exclusiveMinimum", -(2**63)) + 0)
        high = schema.get("maximum", 2**63)
        if "exclusiveMinimum" in schema:
            low = schema["exclusiveMinimum"] + 1
        if "exclusiveMaximum" in schema:
            high = schema["exclusiveMaximum"] - 1
        return st.integers(low, high)
    if kind == "number":
        return st.one_of(
            st.integers(-(10**6), 10**6),
            st.floats(
                schema.get("minimum"),
                schema.get("maximum"),
                allow_nan=False,
                allow_infinity=False,
            ),
        )
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind is None:
        return st.nothing()
    raise ValueError(f"schema type not handled by the generator: {kind!r}")


def _object(schema: dict[str, Any], root: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", ()))
    return st.fixed_dictionaries(
        {name: from_schema(p, root) for name, p in properties.items() if name in required},
        optional={
            name: from_schema(p, root) for name, p in properties.items() if name not in required
        },
    )


def _array(schema: dict[str, Any], root: dict[str, Any]) -> st.SearchStrategy[list[Any]]:
    if "prefixItems" in schema:
        return st.tuples(*(from_schema(p, root) for p in schema["prefixItems"])).map(list)
    low = schema.get("minItems", 0)
    high = min(schema.get("maxItems", MAX_ITEMS), max(low, MAX_ITEMS))
    items = from_schema(schema.get("items", {}), root) if schema.get("items") else st.none()
    return st.lists(items, min_size=low, max_size=high)


def _string(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    if schema.get("format") == "date":
        return days()
    if "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True)
    return st.text(min_size=schema.get("minLength", 0), max_size=schema.get("maxLength", 40))
