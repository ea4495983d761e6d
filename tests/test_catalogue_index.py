"""The catalogue's index: looking up one rule imports the one module that defines it."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

from medins_rules.core.errors import UnknownRuleError
from medins_rules.engine import catalogue


def test_the_index_names_every_rule_of_every_rule_module_in_catalogue_order() -> None:
    defined = [
        (spec.name, module)
        for module in catalogue.RULE_MODULES
        for spec in importlib.import_module(f"medins_rules.{module}").RULES
    ]
    assert list(catalogue.RULE_INDEX.items()) == defined


def test_the_index_lists_the_rules_in_the_order_of_the_catalogue() -> None:
    assert tuple(catalogue.RULE_INDEX) == tuple(catalogue.rules())


@pytest.mark.parametrize("name", list(catalogue.RULE_INDEX))
def test_a_rule_looked_up_by_name_is_the_catalogues_own_specification(name: str) -> None:
    assert catalogue.get_rule(name) is catalogue.rules()[name]


def test_an_unknown_rule_is_refused_with_the_known_names_in_catalogue_order() -> None:
    with pytest.raises(UnknownRuleError) as info:
        catalogue.get_rule("deadlines.nope")
    assert str(info.value).startswith(
        f"rule: expected one of {', '.join(catalogue.rules())}; got 'deadlines.nope'"
    )


_PROBE = """
import json, sys
from medins_rules.engine.catalogue import evaluate
evaluate("deadlines.service_settlement", {
    "application_date": "2026-02-13", "channel": "county_centre", "evaluation_date": "2026-02-13"})
print(json.dumps(sorted(m for m in sys.modules if m.startswith("medins_rules.processes."))))
"""


def test_evaluating_one_rule_in_a_fresh_process_imports_only_its_module() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout) == ["medins_rules.processes.enrolment"]
