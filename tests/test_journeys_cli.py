"""``medins-rules plan``: through the real entry point (``python -m medins_rules`` and the
installed script), and in process through ``main(argv)`` for the details."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import icalendar
import pytest

from _journey_checks import check_plan
from medins_rules import Plan, plan
from medins_rules.interfaces.cli import main
from medins_rules.interfaces.plan_cli import bundled_situation, example_names
from medins_rules.journeys.plan import Replan

NAMES = (
    "card",
    "enrolment",
    "offsite_reimbursement",
    "offsite_reimbursement_unknown",
    "retirement",
    "suspension_refund",
)


def real(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "medins_rules", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["plan", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_every_journey_has_a_bundled_example_and_each_plans_cleanly() -> None:
    assert example_names() == NAMES
    journeys = set()
    for name in NAMES:
        situation = bundled_situation(name)
        journeys.add(situation["journey"])
        check_plan(plan(situation))
    assert journeys == {
        "offsite_reimbursement",
        "suspension_refund",
        "enrolment",
        "card",
        "retirement",
    }


def test_real_plan_of_an_example_as_text() -> None:
    done = real("plan", "--example", "offsite_reimbursement", "--format", "text")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Plan: treatment in another place and its sporadic reimbursement")
    assert "[to do]" in done.stdout
    assert "to be safe, take 2027-02-15" in done.stdout


def test_real_plan_from_standard_input_as_json_is_the_plan() -> None:
    situation = bundled_situation("suspension_refund")
    done = real("plan", "-", stdin=json.dumps(situation))
    assert done.returncode == 0, done.stderr
    assert Plan.model_validate_json(done.stdout) == plan(situation)


def test_real_plan_as_icalendar_parses_back() -> None:
    done = real("plan", "--example", "offsite_reimbursement", "--format", "ics", "--lang", "zh")
    assert done.returncode == 0, done.stderr
    calendar = icalendar.Calendar.from_ical(done.stdout)
    starts = [e.decoded("DTSTART") for e in calendar.walk("VEVENT")]
    assert starts == [dt.date(2027, 2, 15), dt.date(2027, 8, 16)]


def _script() -> str | None:
    folder = Path(sysconfig.get_path("scripts"))
    for name in ("medins-rules", "medins-rules.exe"):
        if (folder / name).is_file():
            return str(folder / name)
    return None


def test_real_installed_script_plans_a_yaml_file(tmp_path: Path) -> None:
    script = _script()
    if script is None:
        pytest.skip("the medins-rules script is not installed")
    path = tmp_path / "situation.yaml"
    path.write_text(
        "journey: card\nhousehold_registration_area: '440106'\nevaluation_date: 2026-12-01\n",
        "utf-8",
    )
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [script, "plan", str(path), "--format", "text", "--lang", "zh"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "办理计划：办理居民医保卡" in done.stdout
    assert "广州市（440100）的社会保障经办机构" in done.stdout


def test_yaml_dates_stay_text_so_a_bad_day_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "situation.yml"
    path.write_text(
        "journey: card\nhousehold_registration_area: '440106'\nevaluation_date: 2026-02-30\n",
        "utf-8",
    )
    status, out, err = run(capsys, str(path))
    assert status == 2
    assert out == ""
    assert "card.evaluation_date" in err


def test_on_gives_that_days_plan_and_what_changes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--example", "suspension_refund", "--on", "2027-01-01")
    assert status == 0
    result = Replan.model_validate_json(out)
    assert result.after.evaluation_date == dt.date(2027, 1, 1)
    assert [c.step for c in result.changes] == ["apply_refund"]
    status, out, _ = run(
        capsys, "--example", "suspension_refund", "--on", "2027-01-01", "--format", "text"
    )
    assert status == 0
    assert "What changes from 2026-12-01 to 2027-01-01:" in out
    assert "status to do -> too late" in out


def test_on_a_day_before_the_facts_is_refused_naming_the_evaluation_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "--example", "offsite_reimbursement", "--on", "2026-01-01")
    assert status == 2
    assert out == ""
    assert "--on: " in err
    assert "evaluation_date" in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--example", "nope"], "--example: no example 'nope'; known: card, enrolment"),
        (["--on", "tomorrow", "--example", "card"], "--on: expected a day written YYYY-MM-DD"),
        (["--example", "card", "--format", "ics"], "nothing to put in a calendar"),
        (["--example", "card", "x.json"], "give FILE or --example NAME, not both"),
        ([], "give a situation FILE"),
        (
            ["--options", '{"card": {"place_level": "city"}}', "--example", "card"],
            "card.place_level",
        ),
        (["--options", "[1", "--example", "card"], "--options: invalid JSON"),
        (["/no/such/file.json"], "cannot read"),
    ],
)
def test_bad_arguments_exit_2_with_the_problem_named(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    status, out, err = run(capsys, *args)
    assert status == 2
    assert out == ""
    assert expected in err
    assert "Traceback" not in err


def test_a_list_is_not_a_situation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.json"
    path.write_text("[]", "utf-8")
    status, _, err = run(capsys, str(path))
    assert status == 2
    assert "expected a mapping with the situation's fields; got list" in err


def test_options_reach_the_rules(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "claim.json"
    situation: dict[str, Any] = {
        **bundled_situation("offsite_reimbursement"),
        "offsite_filing": {"done": False},
    }
    path.write_text(json.dumps(situation), "utf-8")
    _, out, _ = run(capsys, str(path))
    assert Plan.model_validate_json(out).step("offsite_filing").status.value == "too_late"
    options = '{"reimbursement": {"offsite_filing_after_treatment_counts": true}}'
    _, out, _ = run(capsys, str(path), "--options", options)
    assert Plan.model_validate_json(out).step("offsite_filing").status.value == "to_do"


def test_list_examples_names_each_with_its_journey(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--list-examples")
    assert status == 0
    assert [line.split("\t") for line in out.splitlines()] == [
        [name, bundled_situation(name)["journey"]] for name in NAMES
    ]
