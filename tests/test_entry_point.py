"""The command's entry point: the command line in a process of its own, the collector at work."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASE = {
    "application_date": "2026-02-13",
    "channel": "county_centre",
    "evaluation_date": "2026-02-13",
}


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_the_console_script_runs_the_package_entry_point() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["scripts"] == {"medins-rules": "medins_rules.__main__:main"}


def test_python_dash_m_decides_a_case() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "medins_rules", "evaluate", "deadlines.service_settlement", "-"],
        input=json.dumps(CASE),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcome"] == "settled_on_the_spot"


_PROBE = """
import gc, sys
import medins_rules.interfaces.cli as cli
cli.main = lambda argv=None: print(gc.isenabled(), gc.get_freeze_count() > 0) or 4
from medins_rules.__main__ import main
{before}
status = main()
print(gc.isenabled(), status)
"""


def test_the_collector_runs_while_the_command_works_and_is_left_as_it_was() -> None:
    done = _python(_PROBE.format(before=""))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["True True", "True 4"]


def test_a_collector_the_caller_disabled_stays_disabled() -> None:
    done = _python(_PROBE.format(before="gc.disable()"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["False True", "False 4"]
