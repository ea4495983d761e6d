"""Case files that help: every problem of a file at once, each at its key and line, the closest name
for a misspelt one, a bad case that does not stop the others, notices a case adds, hints in the
case file's own words, and the JSON Schema an editor completes keys from."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from medins_rules.interfaces.case_format import CaseEntry, Expectation, case_file_schema
from medins_rules.interfaces.casefiles import (
    CaseFileError,
    check_cases,
    find_case_files,
    load_data,
    parse_yaml_located,
    read_case_file,
    run_case,
    run_files,
)
from medins_rules.interfaces.cli import _TEST, main

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
CASES = TESTS / "cases"
NOTICE_TEMPLATE = ROOT / "docs" / "notice-template.toml"
SCHEMA_FILE = ROOT / "docs" / "case-file.schema.json"

GOOD = """\
- name: Settled on the spot
  description: Source 004, the county centre settles on the spot.
  rule: deadlines.service_settlement
  input: {application_date: 2026-02-13, channel: county_centre, evaluation_date: 2026-02-13}
  expect: {outcome: settled_on_the_spot}
"""


def _checked(text: str) -> Any:
    return check_cases(parse_yaml_located(textwrap.dedent(text)), source="cases.yaml")


def _problems(text: str) -> list[str]:
    checked = _checked(text)
    assert len(checked.rejected) == 1, checked.rejected
    return [str(p) for p in checked.rejected[0].problems]


# -- every problem at once, each at its key and line --------------------------------------------------


def test_every_problem_of_a_case_is_reported_at_once_with_its_line() -> None:
    problems = _problems(
        """\
        name: Filing late
        rule: deadlines.reimbursment_filing
        calendar: stric
        input: {}
        expect:
          outcom: late
        """
    )
    assert problems == [
        "description: required, a non-empty text: the source sentence the case rests on and why "
        "it comes out as it does (shown when the case fails) (line 1)",
        "rule: no rule is called 'deadlines.reimbursment_filing'; did you mean "
        "deadlines.reimbursement_filing? (`medins-rules rules` lists them) (line 2)",
        "calendar: expected partial, strict or provisional; got 'stric'; did you mean strict? "
        "(line 3)",
        "expect: give an outcome or an error (one of them) (line 5)",
        "expect.outcom: not an expectation key; did you mean outcome? (keys: "
        "absent_reason_codes, error, error_field, fields, outcome, reason_codes) (line 6)",
    ]


def test_a_bad_case_does_not_keep_the_other_cases_of_its_file_from_running() -> None:
    checked = _checked(
        GOOD
        + """\
- name: No description
  rule: deadlines.service_settlement
  input: {}
  expect: {outcome: settled_by_date}
"""
        + GOOD.replace("Settled on the spot", "Settled on the spot again")
    )
    assert [case.name for case in checked.cases] == [
        "Settled on the spot",
        "Settled on the spot again",
    ]
    assert all(run_case(case).passed for case in checked.cases)
    (rejected,) = checked.rejected
    assert str(rejected).startswith(
        "cases.yaml:6: case 2 'No description' does not follow the case-file format:"
    )
    assert [p.key for p in rejected.problems] == ["description"]


def test_a_misspelt_case_key_names_the_key_it_resembles() -> None:
    (problem,) = _problems(
        GOOD.replace("  description:", "  descripton:").replace("\n  rule", "\n  rule")
    )[1:]
    assert problem.startswith("descripton: not a case-file key; did you mean description?")
    assert problem.endswith("(line 2)")


def test_a_key_given_twice_is_reported_at_its_second_line_and_stops_only_its_case() -> None:
    checked = _checked(
        GOOD
        + GOOD.replace("Settled on the spot", "Twice").replace(
            "  rule:", "  name: Twice again\n  rule:"
        )
    )
    assert [case.name for case in checked.cases] == ["Settled on the spot"]
    (rejected,) = checked.rejected
    assert [str(p) for p in rejected.problems] == ["name: given twice in the same mapping (line 8)"]


def test_two_cases_of_one_name_are_refused_at_the_second() -> None:
    checked = _checked(GOOD + GOOD)
    assert len(checked.cases) == 1
    assert "name: 'Settled on the spot' is used by another case (line 6)" in str(
        checked.rejected[0]
    )


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            ("expect: {outcome: settled_on_the_spot}", "expect: {outcome: setled_on_the_spot}"),
            "expect.outcome: 'setled_on_the_spot' is not an outcome of "
            "deadlines.service_settlement; did you mean settled_on_the_spot?",
        ),
        (
            ("expect: {", "expect: {reason_codes: [settlement.county_centre_on_the_spt], "),
            "expect.reason_codes[0]: no rule gives the reason code "
            "'settlement.county_centre_on_the_spt'; did you mean settlement.county_centre_on_the_spot?",
        ),
        (
            ("expect: {", "expect: {absent_reason_codes: [period.rolled_forwards], "),
            "expect.absent_reason_codes[0]: no rule gives the reason code "
            "'period.rolled_forwards'; did you mean period.rolled_forward?",
        ),
        (
            ("expect: {", "expect: {fields: {settlement_day: 2026-02-13}, "),
            "expect.fields.settlement_day: the decision of deadlines.service_settlement has no "
            "such field; did you mean settlement_date?",
        ),
        (
            ("expect: {outcome: settled_on_the_spot}", "expect: {error: ValidatonError}"),
            "expect.error: no error of the package is called 'ValidatonError'; did you mean "
            "ValidationError?",
        ),
        (
            ("  expect", "  options: {roll_forward: false}\n  expect"),
            "options: the rule deadlines.service_settlement has no interpretive-choice options",
        ),
        (
            ("  expect", "  calendar: strict\n  rule: x\n  expect"),
            "rule: given twice in the same mapping",
        ),
    ],
)
def test_names_the_catalogue_does_not_know_are_refused_with_the_closest(
    change: tuple[str, str], problem: str
) -> None:
    problems = _problems(GOOD.replace(*change))
    assert any(p.startswith(problem) for p in problems), problems


def test_a_misspelt_option_names_the_option_it_resembles() -> None:
    text = (
        (CASES / "deadlines" / "reimbursement_filing.yaml")
        .read_text("utf-8")
        .replace("roll_forward: false", "roll_forwrd: false", 1)
    )
    assert "roll_forwrd" in text
    checked = check_cases(parse_yaml_located(text), source="f.yaml")
    (rejected,) = checked.rejected
    (problem,) = rejected.problems
    assert problem.key == "options.roll_forwrd"
    assert problem.message.startswith(
        "not an option of deadlines.reimbursement_filing; did you mean roll_forward?"
    )
    assert text.splitlines()[problem.line - 1].strip() == "roll_forwrd: false"


def test_a_calendar_for_a_rule_that_reads_none_is_refused() -> None:
    problems = _problems(
        GOOD.replace("deadlines.service_settlement", "eligibility.online_cancellation").replace(
            "  expect", "  calendar: strict\n  expect"
        )
    )
    assert (
        "calendar: the rule eligibility.online_cancellation does not read the working-day "
        "calendar, so `calendar: strict` does not apply; leave it out (line 5)"
    ) in problems


def test_a_lone_surrogate_and_a_number_are_no_texts() -> None:
    problems = _problems(
        GOOD.replace("name: Settled on the spot", 'name: "a\\ud800"').replace(
            "description: Source 004, the county centre settles on the spot.", "description: 12"
        )
    )
    assert problems[0].startswith("name: holds a lone surrogate (\\ud800)")
    assert problems[1].startswith("description: expected a non-empty text; got 12")


def test_a_file_that_holds_no_case_is_one_error() -> None:
    for text in ("", "[]\n"):
        with pytest.raises(CaseFileError, match="the file holds no case"):
            _checked(text)
    with pytest.raises(CaseFileError, match="got str"):
        _checked("just text\n")


def test_invalid_yaml_names_its_line_and_column() -> None:
    with pytest.raises(CaseFileError, match=r"invalid YAML at line 2, column 5: "):
        parse_yaml_located("a: 1\nb: c: d\n", "x.yaml")


def test_a_json_case_file_reports_its_problems_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    case = {
        "name": "n",
        "description": "d",
        "rule": "deadlines.service_setlement",
        "input": {},
        "expect": {"outcome": "x"},
    }
    path.write_text(json.dumps(case, indent=2), "utf-8")
    (rejected,) = read_case_file(path).rejected
    (problem,) = rejected.problems
    assert (problem.key, problem.line) == ("rule", 4)


# -- running: lines, the closest input field, hints -----------------------------------------------------


def test_a_failing_case_gives_the_line_of_each_difference() -> None:
    (case,) = _checked(GOOD.replace("settled_on_the_spot}", "settled_by_date}")).cases
    report = run_case(case).report()
    assert report.splitlines()[0] == "FAIL cases.yaml:1: Settled on the spot"
    assert "- outcome: expected settled_by_date, got settled_on_the_spot (line 5)" in report


def test_a_misspelt_input_field_names_the_field_it_resembles_at_its_line() -> None:
    (case,) = _checked(GOOD.replace("channel:", "chanel:")).cases
    result = run_case(case)
    assert result.status == "failed"
    (difference,) = result.differences
    assert difference.startswith(
        "expected the outcome settled_on_the_spot, got the error ValidationError (line 5):"
    )
    assert (
        "input.chanel: not a field of this input (unknown fields are refused); did you mean channel? (line 4)"
        in difference
    )
    assert "input.channel: Field required (line 4)" in difference


def test_an_unpublished_year_is_hinted_in_the_case_files_words() -> None:
    (case,) = _checked(
        """\
        name: A strict calendar cannot answer for 2027
        description: The payable limit of a payment on 10 February 2026 falls in 2027.
        rule: deadlines.reimbursement_filing
        calendar: strict
        input: {payment_date: 2026-02-10, treatment: hospitalisation, filing_date: 2026-03-12,
                evaluation_date: 2026-12-01}
        expect: {outcome: on_time}
        """
    ).cases
    (difference,) = run_case(case).differences
    assert "got the error CalendarYearNotCoveredError (line 7):" in difference
    assert "hint: add the 2027 notice under the case's `notices:` key" in difference
    assert "leave out `calendar: strict`" in difference
    assert "WorkingDayCalendar" not in difference
    assert "--notice" not in difference


def test_a_notice_file_named_by_a_case_is_read_beside_it(tmp_path: Path) -> None:
    shutil.copy(NOTICE_TEMPLATE, tmp_path / "notice-2027.toml")
    path = tmp_path / "c.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            name: With the 2027 notice a strict calendar answers
            description: The notice makes 10 February 2027 a working day; the limit stays there.
            rule: deadlines.reimbursement_filing
            calendar: strict
            notices: [notice-2027.toml]
            input: {payment_date: 2026-02-10, treatment: hospitalisation, filing_date: 2026-03-12,
                    evaluation_date: 2026-12-01}
            expect: {outcome: on_time, fields: {last_payable_day: 2027-02-10}}
            """
        ),
        "utf-8",
    )
    (case,) = read_case_file(path).cases
    assert [n.year for n in case.notices] == [2027]
    assert run_case(case).passed, run_case(case).report()


def test_a_notice_written_inline_is_checked_against_the_regulations() -> None:
    base = """\
        name: Inline notice
        description: A 2027 notice written in the case.
        rule: deadlines.reimbursement_filing
        calendar: strict
        notices:
          - year: 2027
            source: a notice
            holidays: [HOLIDAYS]
        input: {payment_date: 2026-02-10, treatment: hospitalisation, filing_date: 2026-03-12,
                evaluation_date: 2026-12-01}
        expect: {outcome: on_time, fields: {last_payable_day: 2027-02-10}}
        """
    days = "2027-01-01, 2027-02-05, 2027-02-08, 2027-04-05, 2027-06-09, 2027-09-15, 2027-10-01"
    (case,) = _checked(base.replace("HOLIDAYS", days)).cases
    assert run_case(case).passed
    (problem,) = _problems(base.replace("HOLIDAYS", days.removeprefix("2027-01-01, ")))
    assert problem.startswith("notices[0]: holidays: the statutory holiday 2027-01-01")
    assert problem.endswith("(line 6)")
    (problem,) = _problems(base.replace("HOLIDAYS", days).replace("source:", "sorce:"))[1:]
    assert problem.startswith(
        "notices[0].sorce: not a key of a holiday notice; did you mean source?"
    )


# -- the JSON Schema ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = case_file_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_every_shipped_case_file_follows_the_schema(validator: Draft202012Validator) -> None:
    for path in find_case_files([CASES]):
        errors = [e.message for e in validator.iter_errors(load_data(path))]
        assert errors == [], path


def _case(**changes: Any) -> dict[str, Any]:
    case = {
        "name": "n",
        "description": "d",
        "rule": "deadlines.reimbursement_filing",
        "input": {
            "payment_date": "2026-03-10",
            "treatment": "hospitalisation",
            "evaluation_date": "2026-03-10",
        },
        "expect": {"outcome": "on_time", "reason_codes": ["reimbursement.filed_on_time"]},
    }
    return {**case, **changes}


@pytest.mark.parametrize(
    "case",
    [
        _case(descripton="d"),
        _case(rule="deadlines.reimbursment_filing"),
        _case(calendar="stric"),
        _case(expect={"outcome": "ontime"}),
        _case(
            expect={"outcome": "on_time", "reason_codes": ["settlement.county_centre_on_the_spot"]}
        ),
        _case(expect={"outcome": "on_time", "fields": {"last_day": "2026-09-10"}}),
        _case(input={**_case()["input"], "paymnt_date": "2026-03-10"}),
        _case(options={"roll_forwrd": False}),
        _case(options={"roll_forward": "sometimes"}),
        _case(rule="deadlines.service_settlement", input={}, options={"roll_forward": False}),
        {k: v for k, v in _case().items() if k != "description"},
    ],
    ids=[
        "case key",
        "rule",
        "calendar",
        "outcome",
        "another rule's code",
        "decision field",
        "input field",
        "option name",
        "option value",
        "options of a rule without any",
        "no description",
    ],
)
def test_the_schema_refuses_what_the_format_refuses(
    validator: Draft202012Validator, case: dict[str, Any]
) -> None:
    assert list(validator.iter_errors(case)) != []
    assert list(validator.iter_errors([case])) != []


def test_the_schema_lets_an_error_case_give_input_the_rule_refuses(
    validator: Draft202012Validator,
) -> None:
    case = _case(input={"payment_date": "2026-02-30"}, expect={"error": "ValidationError"})
    assert list(validator.iter_errors(case)) == []
    assert list(validator.iter_errors(_case())) == []


def test_the_schema_offers_each_rules_input_fields_for_completion() -> None:
    schema = case_file_schema()
    case = schema["$defs"]["CaseEntry"]
    (branch,) = [
        c["then"]
        for c in case["allOf"]
        if c["if"]["properties"]["rule"]["const"] == "deadlines.reimbursement_filing"
    ]
    assert "payment_date" in branch["then"]["properties"]["input"]["properties"]
    assert branch["properties"]["expect"]["properties"]["outcome"]["enum"][0] == "on_time"
    assert set(case["properties"]) == set(CaseEntry.model_fields)
    assert set(schema["$defs"]["Expectation"]["properties"]) == set(Expectation.model_fields)


def test_the_shipped_schema_file_is_the_generated_one() -> None:
    shipped = json.loads(SCHEMA_FILE.read_text("utf-8"))
    assert shipped == case_file_schema(), (
        "regenerate it: medins-rules schema --case-file > docs/case-file.schema.json"
    )


# -- the command line ---------------------------------------------------------------------------------


def test_schema_case_file_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--case-file"]) == 0
    assert json.loads(capsys.readouterr().out) == case_file_schema()
    assert main(["schema"]) == 2
    assert "give a RULE" in capsys.readouterr().err
    assert main(["schema", "deadlines.service_settlement", "--case-file"]) == 2


def test_the_test_help_summarises_the_format_and_points_only_to_what_pip_installs() -> None:
    # The docs and the tests are not in the wheel: the help points to the schema command instead.
    for unshipped in ("CONTRIBUTING", "docs/", "tests/", ".md"):
        assert unshipped not in _TEST, unshipped
    assert "That schema is also the format in full" in _TEST
    assert "# yaml-language-server: $schema=" in _TEST
    assert "medins-rules schema --case-file" in _TEST
    for key in (*CaseEntry.model_fields, *Expectation.model_fields):
        assert f"{key}:" in _TEST, key
    for key in ("name", "description", "rule", "input", "expect"):
        line = next(line for line in _TEST.splitlines() if line.lstrip().startswith(f"{key}:"))
        assert "required" in line, key


def test_the_example_case_in_the_help_passes() -> None:
    block = _TEST.split("A case (keys marked required must be given):\n\n")[1].split("\n\n")[0]
    checked = check_cases(parse_yaml_located(textwrap.dedent(block)), source="help")
    assert checked.rejected == ()
    (case,) = checked.cases
    assert run_case(case).passed


def test_the_test_command_runs_the_good_cases_of_a_file_with_a_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text(
        GOOD + GOOD.replace("Settled on the spot", "Bad").replace("rule:", "rules:"), "utf-8"
    )
    assert main(["test", str(path)]) == 2
    out = capsys.readouterr().out
    assert f"PASS {path}:1: Settled on the spot" in out
    assert f"ERROR {path}:6: case 2 'Bad' does not follow the case-file format:" in out
    assert "  - rules: not a case-file key; did you mean rule?" in out
    assert "1 passed, 0 failed, 1 error(s) in 2 case(s)" in out
    results, problems = run_files([path])
    assert [r.passed for r in results] == [True]
    assert len(problems) == 1


# -- the docs page ------------------------------------------------------------------------------------

PAGE = ROOT / "docs" / "case-files.md"


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"^```{kind}\n(.*?)^```", PAGE.read_text("utf-8"), re.S | re.M)


def test_every_case_on_the_docs_page_passes() -> None:
    cases = [block for block in _blocks("yaml") if "name:" in block]
    assert len(cases) >= 3
    for block in cases:
        checked = check_cases(parse_yaml_located(block), source="docs/case-files.md")
        assert checked.rejected == ()
        for case in checked.cases:
            assert run_case(case).passed, run_case(case).report()


def test_the_report_on_the_docs_page_is_the_real_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT / "docs")
    main(["test", "examples/mistakes.yaml"])
    out = capsys.readouterr().out.splitlines()
    (block,) = _blocks("console")
    for line in block.splitlines():
        assert line in out


def test_the_docs_page_names_every_key_and_which_are_required() -> None:
    rows = {
        match.group(1): match.group(2)
        for match in re.finditer(r"^\| `(\w+)` \| ([^|]*) \|", PAGE.read_text("utf-8"), re.M)
    }
    for model in (CaseEntry, Expectation):
        for key, info in model.model_fields.items():
            assert key in rows, key
            assert ("required" in rows[key]) == (info.is_required() or key in ("outcome", "error"))
