"""Rule coverage: every outcome of every rule and every reason code is reached by an analyst case.

The analyst cases under ``tests/cases/`` are run, and each rule module's outcomes and reason codes
are checked against what their decisions gave. A code no case can reach may be listed in
``UNIT_TESTED`` with the unit test that reaches it. A failure lists what no case reaches.
"""

from __future__ import annotations

import functools
import importlib
from collections import defaultdict
from pathlib import Path

import pytest

from medins_rules.engine import catalogue
from medins_rules.interfaces.casefiles import CaseResult, run_files

CASES = Path(__file__).parent / "cases"
MINIMUM_CASES_PER_RULE = 10

AWAITING_CASES: dict[str, str] = {}
"""Rule modules whose analyst cases have not landed: their coverage test is an expected failure.

Remove a module from here when its cases are in.
"""

UNIT_TESTED: dict[str, str] = {
    # Both need a parameter value the shipped data does not hold (case files take no parameters).
    "refunds.original_channel_unavailable": (
        "tests/test_refunds.py::"
        "test_a_channel_that_cannot_take_a_refund_is_named_and_the_refund_still_due"
    ),
    "refunds.apply_online": (
        "tests/test_refunds.py::test_from_the_launch_date_the_refund_is_applied_for_online"
    ),
}
"""Reason codes no analyst case can reach, with the unit test that reaches each."""

SHARED = "shared"
"""The period and calendar reasons every rule that computes a period shares."""


@functools.cache
def _results() -> tuple[CaseResult, ...]:
    results, problems = run_files([CASES])
    assert not problems, "\n".join(str(p) for p in problems)
    return tuple(results)


def _module(name: str) -> object:
    return importlib.import_module(f"medins_rules.{name}")


def _rules_of(module: str) -> list[str]:
    return [
        name
        for name, spec in catalogue.rules().items()
        if spec.function.__module__ == f"medins_rules.{module}"
        or spec.function.__module__.startswith(f"medins_rules.{module}.")  # a package's rule
    ]


def _codes_of(module: str) -> list[str]:
    declared: dict[str, str] = {}
    for name in catalogue.RULE_MODULES:
        loaded = _module(name)
        for template in getattr(loaded, "REASONS", ()):
            declared.setdefault(template.code, name)
    return [code for code in catalogue.all_reasons() if declared.get(code, SHARED) == module]


def _gaps(module: str) -> list[str]:
    reached_codes: set[str] = set()
    reached_outcomes: dict[str, set[str]] = defaultdict(set)
    cases_per_rule: dict[str, int] = defaultdict(int)
    for result in _results():
        cases_per_rule[result.case.rule] += 1
        if result.passed and result.decision is not None:
            reached_codes.update(result.decision.reason_codes)
            reached_outcomes[result.case.rule].add(result.decision.outcome.value)
    gaps: list[str] = []
    for rule in _rules_of(module):
        if cases_per_rule[rule] < MINIMUM_CASES_PER_RULE:
            gaps.append(
                f"{rule}: {cases_per_rule[rule]} analyst case(s), at least "
                f"{MINIMUM_CASES_PER_RULE} wanted"
            )
        for outcome in catalogue.get_rule(rule).outcomes:
            if outcome.value not in reached_outcomes[rule]:
                gaps.append(f"{rule}: no passing case reaches the outcome {outcome.value}")
    for code in _codes_of(module):
        if code not in reached_codes and code not in UNIT_TESTED:
            gaps.append(f"reason code {code}: no passing case reaches it")
    return gaps


def _params() -> list[object]:
    params: list[object] = [pytest.param(SHARED, id=SHARED)]
    for name in catalogue.RULE_MODULES:
        marks = (
            [pytest.mark.xfail(strict=False, reason=AWAITING_CASES[name])]
            if name in AWAITING_CASES
            else []
        )
        params.append(pytest.param(name, id=name, marks=marks))
    return params


@pytest.mark.parametrize("module", _params())
def test_every_outcome_and_reason_code_is_reached_by_an_analyst_case(module: str) -> None:
    gaps = _gaps(module)
    assert not gaps, f"{module}: not reached by any analyst case:\n  " + "\n  ".join(gaps)


def test_unit_tested_codes_and_their_tests_exist() -> None:
    known = catalogue.all_reasons()
    for code, test in UNIT_TESTED.items():
        assert code in known, f"{code} is no longer a reason code"
        path, name = test.split("::")
        source = Path(__file__).parent.parent / path
        assert f"def {name}(" in source.read_text("utf-8"), f"{test} does not exist"


def test_the_deadline_rules_are_not_awaiting_cases() -> None:
    assert not {"processes.reimbursement", "processes.offsite_filing"} & set(AWAITING_CASES)
