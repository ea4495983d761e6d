"""The command line's compact output: the same rows whether the columns or the rule decide them."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medins_rules.engine import catalogue
from medins_rules.engine.rows import compact_row
from medins_rules.interfaces import cli
from medins_rules.testing.strategies import RULE_STRATEGIES

pytest.importorskip("numpy")

DEADLINES = [
    "deadlines.reimbursement_filing",
    "deadlines.offsite_filing_residence",
    "deadlines.service_settlement",
]


def _run(
    args: list[str], monkeypatch: pytest.MonkeyPatch, *, columns: bool
) -> tuple[int, str, str]:
    if not columns:
        monkeypatch.setattr(cli, "_columnar_cache", lambda spec, kwargs: None)
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    status = cli.main(args)
    monkeypatch.undo()
    return status, out.getvalue(), err.getvalue()


def _lines(rule: str, cases: list[Any], spoil: list[int]) -> list[str]:
    lines = [json.dumps(c.model_dump(mode="json")) for c in cases]
    for i in spoil:
        if i < len(lines):
            data = json.loads(lines[i])
            first = next(iter(data))
            lines[i] = lines[i][:-1] + f', "{first}": null' + "}"  # a key given twice
    return lines


@pytest.mark.parametrize("rule", DEADLINES)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_compact_rows_are_the_same_through_the_columns_and_the_rule(
    rule: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    cases = data.draw(st.lists(RULE_STRATEGIES[rule](), min_size=1, max_size=25))
    spoil = data.draw(st.lists(st.integers(0, 24), max_size=3))
    path = tmp_path_factory.mktemp("night") / "claims.jsonl"
    path.write_text("\n".join(_lines(rule, cases, spoil)) + "\n", "utf-8")
    args = ["evaluate", rule, str(path), "--output", "compact"]
    with pytest.MonkeyPatch.context() as mp:
        fast = _run(args, mp, columns=True)
    with pytest.MonkeyPatch.context() as mp:
        slow = _run(args, mp, columns=False)
    assert fast == slow


def test_compact_rows_name_their_lines_and_bad_lines_are_reported_by_number(
    tmp_path: Path,
) -> None:
    good = {
        "payment_date": "2025-03-10",
        "treatment": "hospitalisation",
        "filing_date": "2025-09-10",
        "evaluation_date": "2025-09-10",
    }
    lines = [
        json.dumps(good),
        '{"payment_date": "2025-03-10", "payment_date": "2025-03-11"}',
        "",
        json.dumps({**good, "payment_date": "2025-02-30"}),
        json.dumps({**good, "offsite_filing": {"done": False}}),
    ]
    path = tmp_path / "claims.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "medins_rules", "evaluate", "deadlines.reimbursement_filing",
         str(path), "--output", "compact"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["line"], r["outcome"]) for r in rows] == [
        (1, "on_time"),
        (5, "outside_offsite_scope"),
    ]
    decision = catalogue.evaluate("deadlines.reimbursement_filing", good)
    assert rows[0] == compact_row(decision, line=1)
    assert f"{path}:2: " in done.stderr
    assert "given twice" in done.stderr
    assert f"{path}:4: payment_date: " in done.stderr
    assert "2 case(s) evaluated" in done.stderr


@pytest.mark.parametrize("rule", ["refunds.refund", "materials.check_materials"])
def test_a_rule_without_columns_writes_compact_rows_from_its_decisions(
    rule: str, tmp_path: Path
) -> None:
    from medins_rules.interfaces.casefiles import bundled_example

    example = bundled_example(rule)
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(example) + "\n" + json.dumps(example) + "\n", "utf-8")
    with pytest.MonkeyPatch.context() as mp:
        status, out, _ = _run(
            ["evaluate", rule, str(path), "--output", "compact"], mp, columns=True
        )
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    expected = compact_row(catalogue.evaluate(rule, example))
    assert rows == [{"line": 1, **expected}, {"line": 2, **expected}]


def test_a_chunk_with_a_line_that_is_not_utf8_keeps_its_order_and_its_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = [
        json.dumps(
            {
                "payment_date": f"2025-03-{day:02d}",
                "treatment": "hospitalisation",
                "evaluation_date": "2026-12-01",
            }
        ).encode()
        for day in range(1, 21)
    ]
    lines = [*good[:7], b'{"payment_date": "\xff"}', *good[7:], b"x" * 200]
    path = tmp_path / "claims.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    args = [
        "evaluate",
        "deadlines.reimbursement_filing",
        str(path),
        "--output",
        "compact",
        "--max-record-bytes",
        "150",
    ]
    with pytest.MonkeyPatch.context() as mp:
        fast = _run(args, mp, columns=True)
    with pytest.MonkeyPatch.context() as mp:
        slow = _run(args, mp, columns=False)
    assert fast == slow
    status, out, err = fast
    assert status == 2
    assert [json.loads(line)["line"] for line in out.splitlines()] == [
        *range(1, 8),
        *range(9, 22),
    ]
    assert ":8: not UTF-8 text" in err
    assert ":22: " in err


_QUIRKS = st.sampled_from(["plain", "blank", "crlf", "bad", "long", "spaces"])


@settings(max_examples=25, deadline=None)
@given(data=st.data(), block=st.integers(1, 400), bom=st.booleans(), end=st.booleans())
def test_blocks_cut_anywhere_give_the_rows_lines_give(
    data: st.DataObject, block: int, bom: bool, end: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The columns read the input a block of bytes at a time: wherever a block ends (inside a line,
    on its end, at a blank line, a carriage return, a byte-order mark, a line over the limit), the
    rows and the reports are those of the line-by-line path."""
    rule = "deadlines.reimbursement_filing"
    cases = data.draw(st.lists(RULE_STRATEGIES[rule](), min_size=1, max_size=12))
    lines = []
    for case in cases:
        line = json.dumps(case.model_dump(mode="json"))
        quirk = data.draw(_QUIRKS)
        lines.append(
            {
                "plain": line,
                "blank": "\n" + line,
                "crlf": line + "\r",
                "bad": line[:-1] + ', "treatment": null}',
                "long": line[:-1] + ', "note": "' + "x" * 600 + '"}',
                "spaces": "  " + line + " ",
            }[quirk]
        )
    text = ("\ufeff" if bom else "") + "\n".join(lines) + ("\n" if end else "")
    path = tmp_path_factory.mktemp("blocks") / "claims.jsonl"
    path.write_bytes(text.encode("utf-8"))
    args = ["evaluate", rule, str(path), "--output", "compact", "--max-record-bytes", "500"]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cli, "_COLUMNAR_BLOCK", block)
        in_blocks = _run(args, mp, columns=True)
    with pytest.MonkeyPatch.context() as mp:
        by_line = _run(args, mp, columns=False)
    assert in_blocks == by_line
