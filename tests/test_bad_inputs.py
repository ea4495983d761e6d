"""The bad-input corpus (``tests/bad_inputs/*.yaml``): every entry is refused, naming its field.

Each entry is checked twice: through the Python API (``catalogue.evaluate`` raises
``pydantic.ValidationError`` or a ``MedinsRulesError`` whose message names the field) and through
the real command line (exit status 2, the field named, no traceback). The command line runs each
rule's entries as one ``.jsonl`` file (one subprocess per rule keeps the suite fast), and one entry
of each rule as a single JSON case. An entry with ``known_gap`` is input the package does not yet
refuse as it should: it is expected to fail (strict), so the fix shows up as an unexpected pass.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from medins_rules.core.errors import MedinsRulesError
from medins_rules.engine import catalogue
from medins_rules.interfaces.casefiles import load_data
from medins_rules.interfaces.presentation import describe_error

CORPUS = Path(__file__).parent / "bad_inputs"
_KEYS = {"name", "rule", "input", "field", "known_gap"}


@dataclass(frozen=True)
class BadInput:
    source: str
    name: str
    rule: str
    input: Any
    field: str
    known_gap: str | None

    @property
    def id(self) -> str:
        return f"{self.source}::{self.name}"


def _corpus() -> list[BadInput]:
    entries: list[BadInput] = []
    for path in sorted(CORPUS.glob("*.yaml")):
        data = load_data(path)
        if not isinstance(data, list):
            raise ValueError(f"{path.name}: expected a list of entries")
        for index, entry in enumerate(data, start=1):
            if not isinstance(entry, dict) or not {"name", "rule", "input", "field"} <= set(entry):
                raise ValueError(f"{path.name}: entry {index} needs name, rule, input and field")
            if set(entry) - _KEYS:
                raise ValueError(f"{path.name}: entry {index}: unknown keys {set(entry) - _KEYS}")
            entries.append(
                BadInput(
                    path.name,
                    entry["name"],
                    entry["rule"],
                    entry["input"],
                    entry["field"],
                    entry.get("known_gap"),
                )
            )
    return entries


ENTRIES = _corpus()


def _params() -> list[object]:
    return [
        pytest.param(
            entry,
            id=entry.id,
            marks=[pytest.mark.xfail(strict=True, reason=entry.known_gap)]
            if entry.known_gap
            else [],
        )
        for entry in ENTRIES
    ]


def _names(exc: BaseException, field: str) -> bool:
    """The error names ``field``: as the (last part of the) path of a problem, or, for an error
    whose message names no field up front, in its text."""
    problems = describe_error(exc)
    for problem in problems:
        if problem.field and re.split(r"[.\[]", problem.field)[-1].rstrip("]") == field:
            return True
    if isinstance(exc, ValidationError) or any(problem.field for problem in problems):
        return False  # a field is named, and it is another one
    return re.search(rf"\b{field}\b", str(exc)) is not None


def test_the_corpus_is_well_formed_and_names_unique() -> None:
    ids = [entry.id for entry in ENTRIES]
    assert len(ids) == len(set(ids))
    assert all(entry.rule in catalogue.rules() for entry in ENTRIES), "an entry names no rule"


def test_the_deadlines_corpus_holds_at_least_thirty_entries() -> None:
    refused = [e for e in ENTRIES if e.source == "deadlines.yaml" and not e.known_gap]
    assert len(refused) >= 30


@pytest.mark.parametrize("entry", _params())
def test_refused_through_the_python_api_naming_the_field(entry: BadInput) -> None:
    with pytest.raises((ValidationError, MedinsRulesError)) as info:
        catalogue.evaluate(entry.rule, entry.input)
    assert _names(info.value, entry.field), f"the error does not name {entry.field}: {info.value}"


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "medins_rules", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@functools.cache
def _cli_run(rule: str) -> tuple[int, dict[int, str], str, int]:
    """Run every entry of ``rule`` as one .jsonl file: (status, stderr by line, stderr, decisions)."""
    entries = [e for e in ENTRIES if e.rule == rule]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bad.jsonl"
        path.write_text("\n".join(json.dumps(e.input) for e in entries) + "\n", "utf-8")
        done = _run("evaluate", rule, str(path))
    by_line: dict[int, str] = {}
    for line in done.stderr.splitlines():
        match = re.match(r"^medins-rules: .*bad\.jsonl:(\d+): (.*)$", line)
        if match:
            number = int(match.group(1))
            by_line[number] = by_line.get(number, "") + match.group(2) + "\n"
    decisions = len(done.stdout.splitlines())
    return done.returncode, by_line, done.stderr, decisions


@pytest.mark.parametrize("entry", _params())
def test_refused_through_the_command_line_naming_the_field(entry: BadInput) -> None:
    status, by_line, stderr, _ = _cli_run(entry.rule)
    assert status == 2
    assert "Traceback" not in stderr
    line = [e for e in ENTRIES if e.rule == entry.rule].index(entry) + 1
    message = by_line.get(line, "")
    assert message, f"line {line} was not reported as bad"
    assert re.search(rf"(^|[\s.\]]){re.escape(entry.field)}(\W|$)", message, re.M), message


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(e, id=e.id)
        for e in {e.rule: e for e in reversed(ENTRIES) if not e.known_gap}.values()
    ],
)
def test_a_single_bad_case_exits_2_naming_the_file_and_field(
    entry: BadInput, tmp_path: Path
) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(entry.input), "utf-8")
    done = _run("evaluate", entry.rule, str(path))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"{path}: " in done.stderr
    assert entry.field in done.stderr
    assert done.stdout == ""
