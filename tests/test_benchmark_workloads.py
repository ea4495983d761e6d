"""The benchmark's workloads stay honest: each bare loop reaches the rule's outcome on every record.

A ratio "rule / bare loop" only means something if both decide the same thing, and the generated
records are only a fair workload if they reach every outcome. The benchmark checks its whole pool
before timing; this checks a sample of each generator on every test run, so a rule change that the
bare loop does not follow shows up here, not in a misleading figure.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the benchmarks beside the package

from benchmarks import workloads

from medins_rules.engine import catalogue


@pytest.mark.parametrize("rule", sorted(workloads.OUTCOMES))
def test_the_bare_loop_decides_as_the_rule_on_generated_records(rule: str) -> None:
    records = workloads.GENERATED[rule](400)
    mix = workloads.check_bare_loop(rule, records)
    assert set(mix) == {outcome.value for outcome in catalogue.get_rule(rule).outcomes}
    assert sum(mix.values()) == len(records)


def test_every_rule_has_generated_records_and_a_bare_loop() -> None:
    assert set(workloads.GENERATED) == set(catalogue.rules())
    for rule in catalogue.rules():
        assert workloads.bare_loop(rule, workloads.GENERATED[rule](3)) is not None, rule
