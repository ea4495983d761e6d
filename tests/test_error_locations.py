"""Every refusal of the bad-input corpus is located at its field in pydantic's error list.

A service turns a ``ValidationError`` into its 422 response from the errors' ``loc``; a refusal
whose field is only named in the message text comes back located at the body. Each corpus entry
refused by validation must have an error whose ``loc`` ends with the entry's field (the last name
in it, past list indexes). Entries of models whose cross-field checks are still model validators
(located at the model) are listed in ``UNLOCATED``, each a strict expected failure: the fix, a
``field_validator`` on the later field or ``core.inputs.field_errors`` (see CONTRIBUTING.md, "Input
models"), shows up as an unexpected pass.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from medins_rules.engine import catalogue
from test_bad_inputs import ENTRIES, BadInput

UNLOCATED: set[str] = set()


def _refused_by_validation(entry: BadInput) -> ValidationError | None:
    try:
        catalogue.evaluate(entry.rule, entry.input)
    except ValidationError as exc:
        return exc
    except ValueError:  # a refusal of the rule (MedinsRulesError) names its field in its message
        return None
    return None


def _params() -> list[object]:
    out: list[object] = []
    for entry in ENTRIES:
        if entry.known_gap:
            continue
        marks = (
            [pytest.mark.xfail(strict=True, reason="a model-level check: no loc for the field")]
            if entry.id in UNLOCATED
            else []
        )
        out.append(pytest.param(entry, id=entry.id, marks=marks))
    return out


@pytest.mark.parametrize("entry", _params())
def test_a_refusal_is_located_at_its_field(entry: BadInput) -> None:
    exc = _refused_by_validation(entry)
    if exc is None:
        return
    names = [[part for part in error["loc"] if isinstance(part, str)] for error in exc.errors()]
    assert any(path and path[-1] == entry.field for path in names), exc.errors()


def test_every_unlocated_entry_is_in_the_corpus() -> None:
    assert {entry.id for entry in ENTRIES} >= UNLOCATED
