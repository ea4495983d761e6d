"""Case files cannot make the reader build gigabytes, and a defect in a rule is told apart."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from medins_rules.interfaces import casefiles
from medins_rules.interfaces.casefiles import (
    MAX_CASE_FILE_BYTES,
    MAX_EXPANDED_NODES,
    MAX_REPEAT,
    CaseFileError,
    load_data,
    parse_cases,
    parse_yaml,
    run_case,
)

SETTLEMENT = {
    "application_date": "2026-09-30",
    "channel": "service_point",
    "evaluation_date": "2026-09-30",
}

BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_an_alias_bomb_is_refused_quickly_in_little_memory() -> None:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(CaseFileError, match=f"more than {MAX_EXPANDED_NODES:,} values"):
            parse_yaml(BOMB, "bomb.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 5
    assert peak < 20_000_000


def test_a_few_aliases_are_still_read() -> None:
    data = parse_yaml("photo: &p {kind: photo}\nitems: [*p, *p, *p]\n")
    assert data["items"] == [{"kind": "photo"}] * 3


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(CaseFileError, match="recursive alias"):
        parse_yaml("x: &a [1, *a]\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x: !repeat [x, 10000000000]", "at most 4,194,304 characters"),
        (f"x: !repeat [ab, {MAX_REPEAT // 2 + 1}]", "at most"),
        ("x: !repeat [x, -1]", "a count of 0 or more"),
        ("x: !repeat [x, true]", "a count of 0 or more"),
        ("x: !repeat [x]", "takes \\[text, count\\]"),
        ("x: !repeat x", "takes \\[text, count\\]"),
        ("x: !repeat [3, 3]", "takes \\[text, count\\]"),
    ],
)
def test_repeat_is_capped_and_takes_a_text_and_a_count(text: str, message: str) -> None:
    with pytest.raises(CaseFileError, match=message):
        parse_yaml(text)


def test_repeat_builds_up_to_its_cap() -> None:
    assert parse_yaml(f"x: !repeat [x, {MAX_REPEAT}]")["x"] == "x" * MAX_REPEAT
    assert parse_yaml("x: !repeat [x, 0]")["x"] == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x: " + "[" * 50_000 + "]" * 50_000, "nested too deeply"),
        ("x: " + "9" * 6000, "invalid YAML"),
    ],
)
def test_yaml_the_parser_cannot_build_is_a_case_file_error(text: str, message: str) -> None:
    with pytest.raises(CaseFileError, match=message):
        parse_yaml(text)


def test_a_case_file_larger_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_CASE_FILE_BYTES + 1)
    with pytest.raises(CaseFileError, match="the limit of a case file"):
        load_data(path)


def _case(**kw: Any) -> dict[str, Any]:
    return {
        "name": "n",
        "description": "d",
        "rule": "deadlines.service_settlement",
        "input": SETTLEMENT,
        "expect": {"outcome": "settled_by_date"},
        **kw,
    }


@pytest.mark.parametrize("key", ["name", "description", "rule"])
def test_a_lone_surrogate_in_a_case_text_is_refused_naming_the_key(key: str) -> None:
    with pytest.raises(CaseFileError, match=rf"{key}: holds a lone surrogate \(\\ud800\)"):
        parse_cases(_case(**{key: "a\ud800b"}), source="s.yaml")


def test_a_lone_surrogate_in_a_json_case_file_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(_case(name="a\ud800")), "utf-8")
    with pytest.raises(CaseFileError, match="lone surrogate"):
        casefiles.load_case_file(path)


@pytest.mark.parametrize(
    "error", [OverflowError("date value out of range"), ValueError("year 10000 is out of range")]
)
def test_an_exception_no_rule_should_raise_is_an_internal_failure(
    error: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(casefiles, "evaluate", broken)
    (case,) = parse_cases(_case(expect={"error": "ValueError"}), source="c.yaml")
    result = run_case(case)
    assert result.status == "failed"
    assert result.internal
    assert result.error is error
    (difference,) = result.differences
    assert f"{type(error).__name__}: {error}" in difference
    assert "Traceback" not in difference


def test_a_refusal_of_the_package_is_no_internal_failure() -> None:
    (case,) = parse_cases(
        _case(
            input={**SETTLEMENT, "application_date": "2026-02-30"}, expect={"error": "ValueError"}
        ),
        source="c.yaml",
    )
    result = run_case(case)
    assert result.passed
    assert not result.internal
