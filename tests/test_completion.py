"""Shell completion: with argcomplete (the extra 'completion') the shell completes commands, rule
names and choices; without it the command works as before and a completion request gets nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from medins_rules.engine import catalogue
from medins_rules.interfaces.cli import main


def _complete(line: str, tmp_path: Path) -> list[str]:
    """What the shell is offered for ``line`` (the cursor at its end), through the real entry point."""
    pytest.importorskip("argcomplete")
    out = tmp_path / "completions"
    env = {
        **os.environ,
        "_ARGCOMPLETE": "1",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(out),
        "_ARGCOMPLETE_IFS": "\n",
    }
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from medins_rules.interfaces.cli import main; main()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [word.strip() for word in out.read_text("utf-8").split("\n")]


def test_the_commands_are_completed(tmp_path: Path) -> None:
    offered = _complete("medins-rules ", tmp_path)
    assert {"evaluate", "rules", "schema", "test", "serve", "plan"} <= set(offered)
    assert _complete("medins-rules ev", tmp_path) == ["evaluate"]


def test_a_rule_name_is_completed(tmp_path: Path) -> None:
    offered = _complete("medins-rules evaluate deadlines.", tmp_path)
    assert set(offered) == {name for name in catalogue.rules() if name.startswith("deadlines.")}
    assert _complete("medins-rules schema eligibility.ret", tmp_path) == ["eligibility.retirement"]


def test_an_options_choices_are_completed(tmp_path: Path) -> None:
    offered = _complete(
        "medins-rules evaluate deadlines.service_settlement c.json --calendar ", tmp_path
    )
    assert set(offered) == {"partial", "strict", "provisional"}


def test_without_argcomplete_a_completion_request_gets_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "argcomplete", None)  # as if not installed
    monkeypatch.setenv("_ARGCOMPLETE", "1")
    monkeypatch.setenv("COMP_LINE", "medins-rules ")
    assert main(["rules"]) == 1
    assert capsys.readouterr() == ("", "")


def test_without_argcomplete_the_command_works(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "argcomplete", None)
    monkeypatch.delenv("_ARGCOMPLETE", raising=False)
    assert main(["rules", "--format", "json"]) == 0
    assert "deadlines.reimbursement_filing" in capsys.readouterr().out
