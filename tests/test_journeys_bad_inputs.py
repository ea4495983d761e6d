"""Situations a plan refuses (``tests/bad_inputs/journeys/situations.yaml``), each naming its field.

Each entry is checked through the Python API (:func:`medins_rules.plan` raises a
``pydantic.ValidationError`` whose problems name the field) and through ``medins-rules plan``
(exit status 2, the field named, no traceback): in process for every entry, and once through the
real entry point. The file sits in its own folder, apart from the rules' corpus, whose entries name
a rule.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from medins_rules import plan
from medins_rules.interfaces.casefiles import load_data
from medins_rules.interfaces.cli import main
from medins_rules.interfaces.presentation import describe_error

CORPUS = Path(__file__).parent / "bad_inputs" / "journeys" / "situations.yaml"
ENTRIES: list[dict[str, Any]] = load_data(CORPUS)


def _last(path: str | None) -> str | None:
    return re.split(r"[.\[]", path)[-1].rstrip("]") if path else None


def test_the_corpus_is_well_formed_and_its_names_unique() -> None:
    assert all(set(e) <= {"name", "input", "field", "known_gap"} for e in ENTRIES)
    names = [e["name"] for e in ENTRIES]
    assert len(names) == len(set(names))
    assert len(names) >= 25
    journeys = {e["input"].get("journey") for e in ENTRIES}
    assert {
        "offsite_reimbursement",
        "suspension_refund",
        "enrolment",
        "card",
        "retirement",
    } <= journeys


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_refused_through_the_python_api_naming_the_field(entry: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as info:
        plan(entry["input"])
    fields = [_last(p.field) for p in describe_error(info.value)]
    assert entry["field"] in fields, f"{entry['field']} not named: {info.value}"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_refused_by_the_plan_command_naming_the_field(
    entry: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "situation.json"
    path.write_text(json.dumps(entry["input"]), "utf-8")
    status = main(["plan", str(path)])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert "Traceback" not in captured.err
    assert f"{path}: " in captured.err
    assert re.search(rf"(^|[\s.\]]){re.escape(entry['field'])}(\W|$)", captured.err, re.M)


def test_a_bad_situation_through_the_real_entry_point_exits_2_naming_the_field() -> None:
    entry = next(e for e in ENTRIES if e["field"] == "filing_date")
    done = subprocess.run(
        [sys.executable, "-m", "medins_rules", "plan", "-"],
        input=json.dumps(entry["input"]),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert (
        "<stdin>: offsite_reimbursement.filing_date: 2026-03-01 is before payment_date"
        in done.stderr
    )
