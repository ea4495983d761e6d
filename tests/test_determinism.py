"""The same case gives the same bytes in every process, whatever the hash seed."""

from __future__ import annotations

import os
import subprocess
import sys

_SCRIPT = """
from medins_rules.engine.catalogue import evaluate, rules
from medins_rules.engine.encode import decision_json
from medins_rules.interfaces.casefiles import bundled_example
for name in rules():
    print(decision_json(evaluate(name, bundled_example(name))).decode())
"""


def _decisions(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


def test_every_rule_writes_the_same_decision_under_any_hash_seed() -> None:
    first = _decisions("1")
    assert first.count("\n") >= 10
    for seed in ("2", "3", "12345"):
        assert _decisions(seed) == first
