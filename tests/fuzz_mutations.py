"""Mutations of the bundled example cases (a test helper for the fuzz test).

A mutation starts from a valid case (``data/examples/<rule>.json``) and changes one to three things:
a field set to a value its published schema allows (an optional field the example leaves out
included), a value replaced by another JSON value (a day at the edge of the calendar type, a number in a text,
a datetime with a zone, a huge number, a control character, a lone surrogate...), a date moved by
some days or years, a key removed, a key added, a list item repeated or dropped. Most mutated cases
stay close to valid ones, so they reach the rules' arithmetic rather than stopping at validation.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from medins_rules.engine import catalogue
from medins_rules.interfaces.schemas import input_schema
from schema_strategies import EDGE_DAYS, days, from_schema

EXAMPLES = Path(catalogue.__file__).parent.parent / "data" / "examples"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Path_ = tuple[str | int, ...]

TRICKY_TEXTS = (
    "",
    " ",
    "1741564800",
    "0",
    "....0",
    "2025-08-15T00:00:00+09:00",
    "2025-02-29",
    "0000-01-01",
    "10000-01-01",
    "380_00",
    "３８０",
    "NaN",
    "Infinity",
    "1e309",
    "-1",
    "\ud800",
    "\x1b[31m",
    "a\nb",
    "\u202e",
    "x" * 1000,
    "440100",
    "CN",
    "null",
    "true",
)


def example(rule: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{rule}.json").read_text("utf-8"))
    return data


def _paths(value: Any, path: Path_ = ()) -> list[Path_]:
    out: list[Path_] = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_paths(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.extend(_paths(item, (*path, index)))
    return out


def _get(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: Path_, new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {**data, head: _set(data[head], rest, new)}
    out = list(data)
    out[head] = _set(out[head], rest, new)  # type: ignore[index]
    return out


def _drop(data: Any, path: Path_) -> Any:
    if len(path) == 1:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k != path[0]}
        return [v for i, v in enumerate(data) if i != path[0]]
    return _set(data, path[:1], _drop(data[path[0]], path[1:]))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(TRICKY_TEXTS)
    | st.text(max_size=12)
    | days(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def mutated(draw: st.DrawFn, rule: str) -> Any:
    """A bundled example of ``rule`` with one to three changes."""
    case: Any = example(rule)
    schema = input_schema(catalogue.get_rule(rule))
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 5)) == 0:  # a field (given or not) set to a value its schema allows
            name = draw(st.sampled_from(sorted(schema["properties"])))
            case = {**case, name: draw(from_schema(schema["properties"][name], schema))}
            continue
        paths = _paths(case)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        current = _get(case, path)
        operation = draw(st.sampled_from(("value", "day", "day", "drop", "add", "repeat")))
        if operation == "day":
            date_paths = [
                p for p in paths if isinstance(_get(case, p), str) and _ISO.match(_get(case, p))
            ]
            if date_paths:
                path = draw(st.sampled_from(date_paths))
                try:
                    day = dt.date.fromisoformat(_get(case, path))
                except ValueError:  # a mutation made it 2025-02-29
                    day = dt.date(2026, 3, 2)
                moved = draw(
                    st.one_of(
                        st.sampled_from(EDGE_DAYS),
                        st.integers(-800, 800).map(lambda n, d=day: _shift(d, n)),
                        st.dates(),
                    )
                )
                case = _set(case, path, moved.isoformat())
                continue
        if operation == "drop":
            case = _drop(case, path)
        elif operation == "add" and isinstance(current, dict):
            case = _set(case, path, {**current, draw(st.text(max_size=8)): draw(json_values)})
        elif operation == "repeat" and isinstance(current, list) and current:
            case = _set(case, path, current * draw(st.integers(2, 4)))
        else:
            case = _set(case, path, draw(json_values))
    return case


def _shift(day: dt.date, days_: int) -> dt.date:
    try:
        return day + dt.timedelta(days=days_)
    except OverflowError:
        return day
