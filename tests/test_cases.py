"""Every analyst case under ``tests/cases/`` runs as its own test (format: docs/case-files.md).

A failing case prints its name, its prose description and the difference between what it expects
and what the rule decided; a case that does not follow the format fails on its own, naming every
problem it has with its line, and the other cases of its file still run. The same module runs the
files for ``medins-rules test PATH``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from medins_rules.interfaces.casefiles import (
    AnalystCase,
    CaseFileError,
    find_case_files,
    load_case_file,
    read_case_file,
    run_case,
)

CASES = Path(__file__).parent / "cases"


def _params() -> list[object]:
    params: list[object] = []
    for path in find_case_files([CASES]):
        name = path.relative_to(CASES).as_posix()
        try:
            checked = read_case_file(path)
        except CaseFileError as exc:
            params.append(pytest.param(exc, id=name))
            continue
        params.extend(pytest.param(case, id=f"{name}::{case.name}") for case in checked.cases)
        params.extend(
            pytest.param(problem, id=f"{name}::{problem.line or 0}") for problem in checked.rejected
        )
    return params


@pytest.mark.parametrize("case", _params())
def test_analyst_case(case: AnalystCase | CaseFileError) -> None:
    if isinstance(case, CaseFileError):
        pytest.fail(f"the case cannot be read: {case}", pytrace=False)
    result = run_case(case)
    if not result.passed:
        pytest.fail(result.report(), pytrace=False)


def test_a_failing_case_reports_its_prose_and_the_difference() -> None:
    (case,) = load_case_file(CASES / "deadlines" / "service_settlement.yaml")[:1]
    wrong = AnalystCase(
        **{
            **{f: getattr(case, f) for f in AnalystCase.__dataclass_fields__},
            "expect": type(case.expect)(
                outcome="settled_by_date", fields={"settlement_date": "2026-02-16"}
            ),
        }
    )
    report = run_case(wrong).report()
    assert report.startswith("FAIL ")
    assert case.description.split()[0] in report
    assert "- outcome: expected settled_by_date, got settled_on_the_spot" in report
    assert '- fields.settlement_date: expected "2026-02-16", got "2026-02-13"' in report
