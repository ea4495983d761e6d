"""The command line: every command through the real entry point, and its details in process.

Tests named ``test_real_...`` run ``python -m medins_rules`` (and once the installed
``medins-rules`` script) in a subprocess; the others call ``main()`` directly, which is the same
code without the start-up time.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest

from medins_rules.engine import catalogue
from medins_rules.interfaces.casefiles import bundled_example
from medins_rules.interfaces.cli import build_parser, main

TESTS = Path(__file__).resolve().parent
CASES = TESTS / "cases"
RULE = "deadlines.reimbursement_filing"
GOOD = {
    "payment_date": "2025-08-15",
    "treatment": "hospitalisation",
    "filing_date": "2026-02-24",
    "evaluation_date": "2026-02-24",
}
SETTLEMENT = {
    "application_date": "2026-09-30",
    "channel": "service_point",
    "evaluation_date": "2026-09-30",
}


def real(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real entry point, ``python -m medins_rules``."""
    return subprocess.run(
        [sys.executable, "-m", "medins_rules", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


class Run:
    """The result of ``main()`` called in process."""

    def __init__(self, status: int, out: str, err: str) -> None:
        self.status, self.out, self.err = status, out, err

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    def call(*args: str, stdin: str | None = None) -> Run:
        if stdin is not None:
            stream = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
            monkeypatch.setattr(sys, "stdin", stream)
        status = main(list(args))
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Run(status, captured.out, captured.err)

    return call


def write(folder: Path, name: str, content: Any) -> str:
    path = folder / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return str(path)


# -- the real entry point, every command ---------------------------------------------------------------


def test_real_help_lists_every_command() -> None:
    done = real("--help")
    assert done.returncode == 0
    for command in ("evaluate", "rules", "reasons", "schema", "example", "demo", "test"):
        assert command in done.stdout


def test_real_evaluate_prints_the_decision_as_json(tmp_path: Path) -> None:
    done = real("evaluate", RULE, write(tmp_path, "case.json", GOOD))
    assert done.returncode == 0, done.stderr
    decision = catalogue.get_rule(RULE).decision_model.model_validate_json(done.stdout)
    assert decision.outcome.value == "on_time"
    assert decision == catalogue.evaluate(RULE, GOOD)


def test_real_evaluate_reads_standard_input_and_prints_chinese_text() -> None:
    done = real(
        "evaluate",
        "deadlines.service_settlement",
        "-",
        "--format",
        "text",
        "--lang",
        "zh",
        stdin=json.dumps(SETTLEMENT),
    )
    assert done.returncode == 0, done.stderr
    assert "结果：限期办结" in done.stdout
    assert "办结日期：2026-10-10" in done.stdout
    assert "《民法典》第201条第1款" in done.stdout
    assert "settled_by_date" not in done.stdout
    assert "settlement_date" not in done.stdout


def test_real_evaluate_streams_a_jsonl_file_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(SETTLEMENT),
        "",
        "{not json",
        json.dumps({**SETTLEMENT, "channel": "county_centre"}),
        json.dumps({**SETTLEMENT, "application_date": "2026-02-30"}),
    ]
    done = real(
        "evaluate", "deadlines.service_settlement", write(tmp_path, "c.jsonl", "\n".join(lines))
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    outcomes = [json.loads(line)["outcome"] for line in done.stdout.splitlines()]
    assert outcomes == ["settled_by_date", "settled_on_the_spot"]
    assert "c.jsonl:3: invalid JSON" in done.stderr
    assert "c.jsonl:5: application_date: " in done.stderr
    assert "2 case(s) evaluated: settled_by_date 1, settled_on_the_spot 1" in done.stderr
    assert "2 bad line(s)" in done.stderr
    assert "\r" not in done.stderr  # no progress indicator when standard error is not a terminal


def test_real_evaluate_refuses_bad_input_with_status_2_and_no_traceback(tmp_path: Path) -> None:
    done = real("evaluate", RULE, write(tmp_path, "bad.json", {**GOOD, "payment_date": "x"}))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"{tmp_path / 'bad.json'}: payment_date: Input should be a valid date" in done.stderr
    assert done.stdout == ""


def test_real_rules_lists_every_rule_with_inputs_outcomes_and_citations() -> None:
    done = real("rules")
    assert done.returncode == 0
    for name, spec in catalogue.rules().items():
        assert name in done.stdout
        assert ", ".join(o.value for o in spec.outcomes) in done.stdout
        for field in spec.input_model.model_fields:
            assert f"    {field}: " in done.stdout
    assert "Civil Code of the People's Republic of China, art. 1259" in done.stdout


def test_real_reasons_lists_every_reason_code() -> None:
    done = real("reasons", "--format", "json")
    assert done.returncode == 0
    assert [row["code"] for row in json.loads(done.stdout)] == sorted(catalogue.all_reasons())


def test_real_schema_prints_the_input_and_decision_schemas() -> None:
    done = real("schema", RULE)
    assert done.returncode == 0
    schemas = json.loads(done.stdout)
    assert set(schemas) == {"rule", "input", "options", "decision"}
    assert schemas["input"]["required"] == ["payment_date", "treatment", "evaluation_date"]


def test_real_example_prints_the_bundled_case() -> None:
    done = real("example", "deadlines.service_settlement")
    assert done.returncode == 0
    assert json.loads(done.stdout) == bundled_example("deadlines.service_settlement")


def test_real_demo_shows_every_rule_with_an_example() -> None:
    done = real("demo")
    assert done.returncode == 0, done.stderr
    for name in catalogue.rules():
        if bundled_example(name) is not None:
            assert f"Example case for {name}" in done.stdout
    assert "Outcome / 结果: on_time" in done.stdout


def test_real_test_passes_the_shipped_deadline_cases() -> None:
    done = real("test", "-q", str(CASES / "deadlines"))
    assert done.returncode == 0, done.stdout
    assert " 0 failed, 0 error(s)" in done.stdout


def test_real_test_reports_a_failing_case_with_its_prose_and_difference(tmp_path: Path) -> None:
    case = {
        "name": "A wrong expectation",
        "description": "Source 004: settled within 3 working days; this case expects the wrong day.",
        "rule": "deadlines.service_settlement",
        "input": SETTLEMENT,
        "expect": {"outcome": "settled_by_date", "fields": {"settlement_date": "2026-10-08"}},
    }
    done = real("test", write(tmp_path, "wrong.json", case))
    assert done.returncode == 1
    assert "FAIL " in done.stdout
    assert "this case expects the wrong day" in done.stdout
    assert '- fields.settlement_date: expected "2026-10-08", got "2026-10-10"' in done.stdout


def test_real_console_script() -> None:
    script = Path(sysconfig.get_path("scripts")) / "medins-rules"
    if not script.exists():
        script = Path(sys.executable).parent / "medins-rules"
    if not script.exists():
        pytest.skip("the medins-rules script is not installed")
    done = subprocess.run(
        [str(script), "evaluate", "deadlines.service_settlement", "-", "--format", "text"],
        input=json.dumps(SETTLEMENT),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Outcome / 结果: settled_by_date" in done.stdout


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_real_progress_is_shown_when_standard_error_is_a_terminal(tmp_path: Path) -> None:
    path = write(tmp_path, "c.jsonl", "\n".join([json.dumps(SETTLEMENT)] * 3))
    leader, follower = os.openpty()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "medins_rules",
                "evaluate",
                "deadlines.service_settlement",
                path,
            ],
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=120,
            check=False,
        )
        os.close(follower)
        err = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert b"\rmedins-rules: 1 cases evaluated" in err
    assert b"3 case(s) evaluated: settled_by_date 3" in err
    assert len(done.stdout.splitlines()) == 3


# -- details, in process -----------------------------------------------------------------------------


def test_every_command_has_help() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, sub in commands.items():
        assert sub.format_help().strip(), name
        assert sub.description, name


def test_no_command_prints_the_help_and_exits_2(cli: Any) -> None:
    run = cli()
    assert run.status == 2
    assert "usage: medins-rules" in run.err


@pytest.mark.parametrize("lang", ["en", "zh", "both"])
def test_text_output_in_each_language(cli: Any, tmp_path: Path, lang: str) -> None:
    run = cli("evaluate", RULE, write(tmp_path, "c.json", GOOD), "--format", "text", "--lang", lang)
    assert run.status == 0
    assert ("Filed on 2026-02-24" in run.out) == (lang != "zh")
    assert ("于2026-02-24申请" in run.out) == (lang != "en")
    shown = {
        "en": ["last_on_time_day: 2026-02-24", "last_payable_day: 2026-08-17", "Outcome: on_time"],
        "zh": ["按时申请的最后一日：2026-02-24", "可支付的最后一日：2026-08-17", "结果：按时申请"],
        "both": [
            "last_on_time_day（按时申请的最后一日）: 2026-02-24",
            "last_payable_day（可支付的最后一日）: 2026-08-17",
            "Outcome / 结果: on_time（按时申请）",
        ],
    }[lang]
    for line in shown:
        assert line in run.out


def test_options_select_an_interpretive_choice(cli: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "c.json", GOOD)
    run = cli("evaluate", RULE, path, "--options", '{"roll_forward": false}')
    assert run.status == 0
    assert run.json()["outcome"] == "late"
    assert run.json()["last_on_time_day"] == "2026-02-15"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ('{"roll_forward": "sometimes"}', "--options: options.roll_forward: Input should be"),
        ('{"roll_forwards": true}', "--options: options.roll_forwards: not a field"),
        ("[true]", "--options: expected a JSON object"),
        ("{roll_forward: false}", "--options: invalid JSON"),
    ],
)
def test_bad_options_exit_2_naming_the_option(
    cli: Any, tmp_path: Path, options: str, message: str
) -> None:
    run = cli("evaluate", RULE, write(tmp_path, "c.json", GOOD), "--options", options)
    assert run.status == 2
    assert message in run.err


def test_options_for_a_rule_without_options_are_refused(cli: Any, tmp_path: Path) -> None:
    run = cli(
        "evaluate",
        "deadlines.service_settlement",
        write(tmp_path, "c.json", SETTLEMENT),
        "--options",
        '{"roll_forward": false}',
    )
    assert run.status == 2
    assert "has no interpretive-choice options" in run.err


def test_a_period_reaching_2027_is_decided_refused_when_strict_and_guessed_when_provisional(
    cli: Any, tmp_path: Path
) -> None:
    case = {**GOOD, "payment_date": "2026-02-10", "filing_date": "2026-03-12"}
    path = write(tmp_path, "c.json", {**case, "evaluation_date": "2026-12-01"})
    decided = cli("evaluate", RULE, path)
    assert decided.status == 0
    assert decided.json()["outcome"] == "on_time"
    assert decided.json()["last_payable_day"] is None
    assert decided.json()["unpublished_years"] == [2027]
    refused = cli("evaluate", RULE, path, "--calendar", "strict")
    assert refused.status == 2
    assert "last_payable_day: " in refused.err
    assert "year 2027" in refused.err
    assert "--notice FILE" in refused.err
    answered = cli("evaluate", RULE, path, "--provisional-calendar")
    assert answered.status == 0
    assert answered.json()["provisional"] is True
    assert answered.json()["last_payable_day"] == "2027-02-10"


def test_a_notice_file_settles_a_decision_and_a_bad_one_is_refused(
    cli: Any, tmp_path: Path
) -> None:
    case = {**GOOD, "payment_date": "2026-08-15", "filing_date": "2027-02-16"}
    path = write(tmp_path, "c.json", {**case, "evaluation_date": "2027-02-16"})
    assert cli("evaluate", RULE, path).json()["outcome"] == "undetermined"
    notice = tmp_path / "notice-2027.toml"
    notice.write_text(
        "year = 2027\nsource = 'example'\nholidays = [2027-01-01, 2027-02-05, 2027-02-08, "
        "2027-02-09, 2027-04-05, 2027-06-09, 2027-09-15, 2027-10-01]\n",
        encoding="utf-8",
    )
    settled = cli("evaluate", RULE, path, "--notice", str(notice))
    assert settled.status == 0
    assert settled.json()["outcome"] == "late"
    assert settled.json()["last_on_time_day"] == "2027-02-15"
    notice.write_text("year = 2027\nsource = 'example'\nholidays = [2027-01-01]\n", "utf-8")
    refused = cli("evaluate", RULE, path, "--notice", str(notice))
    assert refused.status == 2
    assert "notice-2027.toml" in refused.err
    assert "the statutory holiday 2027-02-05" in refused.err


def test_the_provisional_calendar_is_refused_for_a_rule_that_reads_no_calendar(
    cli: Any, tmp_path: Path
) -> None:
    case = bundled_example("deadlines.offsite_filing_residence")
    path = write(tmp_path, "c.json", case)
    run = cli("evaluate", "deadlines.offsite_filing_residence", path, "--provisional-calendar")
    assert run.status == 2
    assert "--calendar: calendar: " in run.err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "invalid JSON at line 1, column 2"),
        ('{"a": 1} {"b": 2}', "several cases? write one a line"),
        ("[1, 2]", "expected a JSON object with the case's fields; got a list"),
        ("null", "got a null"),
        (
            '{"payment_date": "2025-03-10", "payment_date": "2025-03-11"}',
            "payment_date: given twice",
        ),
        (b"\xff\xfe{}", "not UTF-8 text"),
    ],
)
def test_unreadable_cases_exit_2_naming_the_file(
    cli: Any, tmp_path: Path, content: str | bytes, message: str
) -> None:
    path = tmp_path / "case.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    run = cli("evaluate", RULE, str(path))
    assert run.status == 2
    assert f"medins-rules: {path}: " in run.err
    assert message in run.err


def test_a_missing_file_exits_2(cli: Any, tmp_path: Path) -> None:
    run = cli("evaluate", RULE, str(tmp_path / "nowhere.json"))
    assert run.status == 2
    assert "nowhere.json: cannot read: No such file or directory" in run.err


def test_a_missing_jsonl_file_exits_2(cli: Any, tmp_path: Path) -> None:
    run = cli("evaluate", RULE, str(tmp_path / "nowhere.jsonl"))
    assert run.status == 2
    assert "nowhere.jsonl: cannot read" in run.err


def test_an_unknown_rule_exits_2_with_a_suggestion(cli: Any, tmp_path: Path) -> None:
    run = cli("evaluate", "deadlines.reimbursment_filing", write(tmp_path, "c.json", GOOD))
    assert run.status == 2
    assert "rule: unknown rule 'deadlines.reimbursment_filing'" in run.err
    assert "Did you mean deadlines.reimbursement_filing?" in run.err


def test_every_problem_of_a_case_is_listed_with_its_field_path(cli: Any, tmp_path: Path) -> None:
    case = {"payment_date": "2026-02-30", "treatment": "dental", "extra": 1}
    run = cli("evaluate", RULE, write(tmp_path, "c.json", case))
    assert run.status == 2
    lines = run.err.splitlines()
    assert any(": payment_date: Input should be a valid date" in line for line in lines)
    assert any(": treatment: Input should be 'hospitalisation'" in line for line in lines)
    assert any(": evaluation_date: Field required" in line for line in lines)
    assert any(": extra: not a field of this input" in line for line in lines)


def test_a_model_level_error_names_its_field(cli: Any, tmp_path: Path) -> None:
    case = {**GOOD, "filing_date": "2025-08-14"}
    run = cli("evaluate", RULE, write(tmp_path, "c.json", case))
    assert run.status == 2
    assert ": filing_date: 2025-08-14 is before payment_date 2025-08-15" in run.err


def test_jsonl_from_standard_input_with_the_flag(cli: Any) -> None:
    lines = "\n".join([json.dumps(SETTLEMENT), json.dumps(SETTLEMENT)])
    run = cli("evaluate", "deadlines.service_settlement", "-", "--jsonl", stdin=lines)
    assert run.status == 0
    assert len(run.out.splitlines()) == 2
    assert "<stdin>" not in run.err
    assert "2 case(s) evaluated: settled_by_date 2" in run.err


def test_jsonl_as_text(cli: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "c.ndjson", json.dumps(SETTLEMENT) + "\n")
    run = cli("evaluate", "deadlines.service_settlement", path, "--format", "text", "--lang", "en")
    assert run.status == 0
    assert "settlement_date: 2026-10-10" in run.out


def test_rules_as_json_describes_every_rule(cli: Any) -> None:
    run = cli("rules", "--format", "json")
    assert run.status == 0
    described = {rule["name"]: rule for rule in run.json()}
    assert list(described) == list(catalogue.rules())
    filing = described[RULE]
    assert filing["options"] == [
        {"name": "roll_forward", "type": "boolean", "default": True},
        {"name": "offsite_filing_after_treatment_counts", "type": "boolean", "default": False},
    ]
    assert {"name": "payment_date", "type": "date", "required": True} in filing["inputs"]


def test_reasons_as_text_and_markdown(cli: Any) -> None:
    text = cli("reasons")
    assert text.status == 0
    for code in catalogue.all_reasons():
        assert f"\n{code}\n" in f"\n{text.out}"
    markdown = cli("reasons", "--format", "markdown")
    assert markdown.out.startswith("# Reason codes")


@pytest.mark.parametrize("part", ["input", "decision", "options"])
def test_schema_parts(cli: Any, part: str) -> None:
    run = cli("schema", RULE, "--part", part)
    assert run.status == 0
    assert run.json()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_options_of_a_rule_without_options_exit_2(cli: Any) -> None:
    run = cli("schema", "deadlines.service_settlement", "--part", "options")
    assert run.status == 2
    assert "has no interpretive-choice options" in run.err


def test_schema_and_example_of_an_unknown_rule_exit_2(cli: Any) -> None:
    assert cli("schema", "nope").status == 2
    assert cli("example", "nope").status == 2


def test_demo_in_english_only(cli: Any) -> None:
    run = cli("demo", "--lang", "en")
    assert run.status == 0
    assert "Outcome: on_time" in run.out
    assert "结果" not in run.out


def test_test_command_exit_statuses(cli: Any, tmp_path: Path) -> None:
    assert cli("test", "-q", str(CASES / "deadlines")).status == 0
    malformed = write(tmp_path, "bad.yaml", "name: no rule\n")
    run = cli("test", malformed)
    assert run.status == 2
    assert "ERROR " in run.out
    assert "description: required" in run.out
    missing = cli("test", str(tmp_path / "nowhere"))
    assert missing.status == 2
    assert "no such file or folder" in missing.out


def test_test_command_reports_an_unknown_rule_and_a_wrong_outcome_as_errors(
    cli: Any, tmp_path: Path
) -> None:
    base = {"description": "d", "input": SETTLEMENT, "expect": {"outcome": "settled_by_date"}}
    cases = [
        {**base, "name": "unknown rule", "rule": "deadlines.nope"},
        {**base, "name": "not an outcome", "rule": RULE, "expect": {"outcome": "maybe"}},
    ]
    run = cli("test", write(tmp_path, "cases.json", cases))
    assert run.status == 2
    assert "unknown rule" in run.out
    assert "'maybe' is not an outcome of deadlines.reimbursement_filing" in run.out


def test_an_internal_error_exits_3_without_a_traceback(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr("medins_rules.interfaces.cli.evaluate", broken)
    run = cli("evaluate", RULE, write(tmp_path, "c.json", GOOD))
    assert run.status == 3
    assert "internal error: RuntimeError: boom" in run.err
    with pytest.raises(RuntimeError):
        main(["--debug", "evaluate", RULE, write(tmp_path, "c.json", GOOD)])


# -- hardening: closed streams, record sizes, defects on one line, escaping -------------------------


def _shell(command: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in a shell (for redirections and pipes), ``medins-rules`` as ``$M``."""
    env = {**os.environ, "M": f"{sys.executable} -m medins_rules"}
    return subprocess.run(
        ["/bin/sh", "-c", command],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="backslashreplace",
        timeout=120,
        check=False,
        env=env,
    )


@pytest.mark.parametrize("jsonl", ["", "--jsonl"])
def test_real_a_closed_standard_input_exits_2_naming_it(jsonl: str) -> None:
    done = _shell(f"$M evaluate deadlines.service_settlement - {jsonl} <&-")
    assert done.returncode == 2, done.stderr
    assert "<stdin>: cannot read: standard input is closed" in done.stderr
    assert "Traceback" not in done.stderr


def test_real_a_closed_standard_output_exits_2_naming_it(tmp_path: Path) -> None:
    done = _shell(f"$M evaluate {RULE} {write(tmp_path, 'c.json', GOOD)} >&-")
    assert done.returncode == 2
    assert "cannot write: standard output is closed" in done.stderr


def test_real_a_closed_standard_error_still_gives_the_exit_status(tmp_path: Path) -> None:
    bad = _shell(f"$M evaluate {RULE} {write(tmp_path, 'b.json', {'x': 1})} 2>&-")
    assert bad.returncode == 2
    assert bad.stdout == ""  # the errors do not spill onto standard output
    good = _shell(f"$M evaluate {RULE} {write(tmp_path, 'c.json', GOOD)} 2>&-")
    assert good.returncode == 0
    assert json.loads(good.stdout)["outcome"] == "on_time"


def test_real_reading_dev_zero_is_refused_in_bounded_time_and_memory() -> None:
    one = _shell("$M evaluate deadlines.service_settlement /dev/zero")
    assert one.returncode == 2
    assert "/dev/zero: cannot read: larger than the limit of 1,048,576 bytes" in one.stderr
    lines = _shell(
        "$M evaluate deadlines.service_settlement --jsonl --max-record-bytes 1000 - < /dev/zero"
    )
    assert lines.returncode == 2
    assert "<stdin>:1: larger than the limit of 1,000 bytes" in lines.stderr
    assert "the rest of it is not read" in lines.stderr
    assert "0 case(s) evaluated; 1 bad line(s) skipped (exit status 2)" in lines.stderr


def test_an_over_long_line_is_skipped_and_the_lines_after_it_are_evaluated(
    cli: Any, tmp_path: Path
) -> None:
    good = json.dumps(SETTLEMENT)
    long_line = json.dumps({**SETTLEMENT, "note": "x" * 5000})
    path = write(tmp_path, "c.jsonl", "\n".join([good, long_line, good]) + "\n")
    run = cli("evaluate", "deadlines.service_settlement", path, "--max-record-bytes", "4000")
    assert run.status == 2
    assert len(run.out.splitlines()) == 2
    assert f"{path}:2: larger than the limit of 4,000 bytes on one record" in run.err
    assert "2 case(s) evaluated: settled_by_date 2; 1 bad line(s) skipped" in run.err
    exact = cli(
        "evaluate", "deadlines.service_settlement", path, "--max-record-bytes", str(len(good))
    )
    assert f"{path}:1:" not in exact.err  # a line of exactly the limit is read


def test_a_single_case_over_the_limit_is_refused(cli: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "c.json", GOOD)
    size = len(json.dumps(GOOD))
    assert cli("evaluate", RULE, path, "--max-record-bytes", str(size)).status == 0
    run = cli("evaluate", RULE, path, "--max-record-bytes", str(size - 1))
    assert run.status == 2
    assert f"{path}: cannot read: larger than the limit of {size - 1:,} bytes" in run.err


@pytest.mark.parametrize("bad", ["0", "-3", "many"])
def test_the_record_limit_must_be_a_positive_number(
    cli: Any, tmp_path: Path, bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["evaluate", RULE, write(tmp_path, "c.json", GOOD), "--max-record-bytes", bad])
    assert info.value.code == 2
    assert "--max-record-bytes" in capsys.readouterr().err


def test_a_defect_on_one_line_is_reported_and_the_run_goes_on_to_its_summary(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_evaluate = catalogue.evaluate

    def fragile(name: str, case: Any, **kwargs: Any) -> Any:
        if case.get("application_date") == "2026-10-08":
            raise OverflowError("date value out of range")
        return real_evaluate(name, case, **kwargs)

    monkeypatch.setattr("medins_rules.interfaces.cli.evaluate", fragile)
    lines = [SETTLEMENT, {**SETTLEMENT, "application_date": "2026-10-08"}, SETTLEMENT, {"x": 1}]
    path = write(tmp_path, "c.jsonl", "\n".join(json.dumps(line) for line in lines))
    run = cli("evaluate", "deadlines.service_settlement", path)
    assert run.status == 3
    assert len(run.out.splitlines()) == 2
    assert f"{path}:2: internal error: OverflowError: date value out of range" in run.err
    assert f"{path}:4: x: not a field" in run.err
    assert (
        "2 case(s) evaluated: settled_by_date 2; 1 bad line(s) skipped; "
        "1 line(s) hit an internal error (exit status 3)"
    ) in run.err


def test_a_bare_value_error_of_a_rule_is_an_internal_error_not_bad_input(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("year 10000 is out of range")

    monkeypatch.setattr("medins_rules.interfaces.cli.evaluate", broken)
    run = cli("evaluate", RULE, write(tmp_path, "c.json", GOOD))
    assert run.status == 3
    assert "internal error: ValueError: year 10000 is out of range" in run.err


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash for PIPESTATUS")
def test_real_a_bad_line_exits_non_zero_even_when_the_reader_stops_early(tmp_path: Path) -> None:
    good = json.dumps(SETTLEMENT)
    lines = [good] * 2000 + ['{"bad": 1}'] + [good] * 10
    path = write(tmp_path, "c.jsonl", "\n".join(lines))
    done = subprocess.run(
        [
            "bash",
            "-c",
            f"{sys.executable} -m medins_rules evaluate deadlines.service_settlement {path} "
            '| head -1 > /dev/null; echo "status=${PIPESTATUS[0]}"',
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout.strip() == "status=2", done.stderr
    assert f"{path}:2001: bad: not a field" in done.stderr
    assert "2010 case(s) evaluated" in done.stderr
    assert "standard output was closed early" in done.stderr
    assert "Traceback" not in done.stderr


def test_keys_and_file_names_are_echoed_escaped(cli: Any, tmp_path: Path) -> None:
    case = {**GOOD, "x\x1b[31m\nmedins-rules: forged\u202e": 1}
    path = write(tmp_path, "c\nd.json", case)
    run = cli("evaluate", RULE, path)
    assert run.status == 2
    assert "\x1b" not in run.err
    assert "\u202e" not in run.err
    assert run.err.count("\n") == 1
    assert "x\\x1b[31m\\nmedins-rules: forged\\u202e: not a field of this input" in run.err
    assert "c\\nd.json" in run.err


def test_a_lone_surrogate_is_echoed_escaped_and_never_crashes_the_output(
    cli: Any, tmp_path: Path
) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps({**GOOD, "treatment": "\ud800"}), "utf-8")  # escaped by dumps
    run = cli("evaluate", RULE, str(path))
    assert run.status == 2
    assert "treatment: " in run.err
    assert "\\ud800" in run.err


def test_real_a_case_name_with_a_lone_surrogate_is_a_clean_error(tmp_path: Path) -> None:
    case = (
        'name: "a\\ud800b"\ndescription: d\nrule: deadlines.service_settlement\n'
        f"input: {json.dumps(SETTLEMENT)}\nexpect: {{outcome: settled_by_date}}\n"
    )
    done = real("test", write(tmp_path, "s.yaml", case))
    assert done.returncode == 2
    assert "name: holds a lone surrogate (\\ud800)" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_a_defect_in_a_case_is_reported_without_a_traceback_and_exits_3(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OverflowError("date value out of range")

    monkeypatch.setattr("medins_rules.interfaces.casefiles.evaluate", broken)
    case = {
        "name": "n",
        "description": "d",
        "rule": "deadlines.service_settlement",
        "input": SETTLEMENT,
        "expect": {"outcome": "settled_by_date"},
    }
    run = cli("test", write(tmp_path, "c.json", case))
    assert run.status == 3
    assert "OverflowError: date value out of range" in run.out
    assert "Traceback" not in run.out
    assert "1 case(s) hit an internal error of the package (exit status 3)" in run.out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"payment_date": ' + "9" * 5000 + "}", "invalid JSON: Exceeds the limit (4300 digits)"),
        ("[" * 100_000, "invalid JSON: nested too deeply"),
        ('{"a": 1, "a": 2}', "a: given twice in the same object"),
    ],
)
def test_json_the_parser_cannot_read_exits_2(cli: Any, text: str, message: str) -> None:
    run = cli("evaluate", RULE, "-", stdin=text)
    assert run.status == 2
    assert run.err.startswith(f"medins-rules: <stdin>: {message}")
    lines = cli("evaluate", RULE, "-", "--jsonl", stdin=text + "\n" + json.dumps(GOOD) + "\n")
    assert lines.status == 2
    assert "1 case(s) evaluated" in lines.err
