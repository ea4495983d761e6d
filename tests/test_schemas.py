"""JSON Schemas generated from the models: valid schemas, and the shipped data validates against them.

Every rule's input and decision schema is a valid draft 2020-12 schema; every bundled example and
every analyst case input validates against its rule's input schema, and the decisions they give
validate against the decision schema (formats such as ``date`` checked).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from medins_rules.engine import catalogue
from medins_rules.interfaces.casefiles import bundled_example, find_case_files, load_case_file
from medins_rules.interfaces.schemas import (
    JSON_SCHEMA_DIALECT,
    decision_schema,
    input_schema,
    options_schema,
    rule_schemas,
)

CASES = Path(__file__).parent / "cases"
RULES = list(catalogue.rules())
AWAITING_EXAMPLES: set[str] = set()
"""Rule modules not written yet: their rules' bundled examples come with them (none now)."""


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(schema: dict[str, Any], instance: Any) -> list[str]:
    return _errors_with(_validator(schema), instance)


def _errors_with(validator: Draft202012Validator, instance: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]


@functools.cache
def _validators(rule: str) -> tuple[Draft202012Validator, Draft202012Validator]:
    spec = catalogue.get_rule(rule)
    return _validator(input_schema(spec)), _validator(decision_schema(spec))


@pytest.mark.parametrize("rule", RULES)
def test_the_schemas_are_valid_draft_2020_12_schemas(rule: str) -> None:
    spec = catalogue.get_rule(rule)
    for schema in (input_schema(spec), decision_schema(spec), options_schema(spec)):
        if schema is not None:
            assert schema["$schema"] == JSON_SCHEMA_DIALECT
            Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("rule", RULES)
def test_every_rule_has_a_bundled_example(rule: str) -> None:
    module = catalogue.get_rule(rule).function.__module__.split(".")[1]
    if module in AWAITING_EXAMPLES and bundled_example(rule) is None:
        pytest.xfail(f"the {module} rules' examples come with the module")
    assert bundled_example(rule) is not None, f"add src/medins_rules/data/examples/{rule}.json"


@pytest.mark.parametrize("rule", RULES)
def test_the_bundled_example_and_its_decision_validate_against_the_schemas(rule: str) -> None:
    example = bundled_example(rule)
    if example is None:
        pytest.skip("no bundled example")
    spec = catalogue.get_rule(rule)
    assert _errors(input_schema(spec), example) == []
    decision = catalogue.evaluate(rule, example)
    assert _errors(decision_schema(spec), json.loads(decision.model_dump_json())) == []


def _cases() -> list[object]:
    out: list[object] = []
    for path in find_case_files([CASES]):
        for case in load_case_file(path):
            if case.rule in catalogue.rules():
                out.append(pytest.param(case, id=f"{path.relative_to(CASES)}::{case.name}"))
    return out


@pytest.mark.parametrize("case", _cases())
def test_analyst_case_inputs_and_decisions_validate_against_the_schemas(case: Any) -> None:
    inputs, decisions = _validators(case.rule)
    assert _errors_with(inputs, dict(case.input)) == []
    if case.expect.error is not None or case.calendar != "official" or case.options:
        return
    decision = catalogue.evaluate(case.rule, case.input)
    assert _errors_with(decisions, json.loads(decision.model_dump_json())) == []


def test_a_wrong_input_fails_the_input_schema() -> None:
    schema = input_schema(catalogue.get_rule("deadlines.reimbursement_filing"))
    errors = _errors(schema, {"payment_date": "2026-02-30", "treatment": "dental", "extra": 1})
    assert any(e.startswith("payment_date:") for e in errors)
    assert any(e.startswith("treatment:") for e in errors)
    assert any("evaluation_date" in e for e in errors)
    assert any("extra" in e for e in errors)


def test_rule_schemas_bundles_the_three_schemas() -> None:
    schemas = rule_schemas("deadlines.reimbursement_filing")
    assert schemas["options"]["properties"]["roll_forward"]["default"] is True
    assert "last_on_time_day" in schemas["decision"]["properties"]
