"""The nightly path: a row from the columns is the compact row of the rule's own decision."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("numpy")

from medins_rules.engine import catalogue
from medins_rules.engine.rows import compact_fields, compact_row
from medins_rules.engine.stream import (
    RepresentativeCache,
    columnar_rows,
    has_columnar_form,
)
from medins_rules.testing.strategies import RULE_STRATEGIES

COLUMNAR = [
    "deadlines.reimbursement_filing",
    "deadlines.offsite_filing_residence",
    "deadlines.service_settlement",
]


def _line(case: Any, drop_defaults: bool) -> str:
    data = case.model_dump(mode="json", exclude_defaults=drop_defaults)
    return json.dumps(data)


def _variants(line: str) -> st.SearchStrategy[str]:
    """The line itself, or a spoiled copy: a key given twice, a day in another notation, a number
    for a day, an unknown key, spaces, a backslash escape."""
    data = json.loads(line)
    first = next(iter(data))
    spoiled = [
        line[:-1] + f', "{first}": {json.dumps(data[first])}' + "}",
        json.dumps({**data, "unknown": 1}),
        json.dumps(data, indent=1).replace("\n", " "),
        line.replace("-", "\\u002d", 1),
    ]
    for name, value in data.items():
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            spoiled.append(json.dumps({**data, name: value.replace("-", "/")}))
            spoiled.append(json.dumps({**data, name: 20250310}))
            spoiled.append(json.dumps({**data, name: value[:8] + "31"}))
            break
    return st.one_of(st.just(line), st.sampled_from(spoiled))


def _per_record(rule: str, line: str) -> dict[str, Any] | None:
    try:
        return compact_row(catalogue.evaluate(rule, line))
    except ValueError:  # a refusal (ValidationError, MedinsRulesError)
        return None


@pytest.mark.parametrize("rule", COLUMNAR)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_row_from_the_columns_is_the_rules_own_compact_row(
    rule: str, data: st.DataObject
) -> None:
    spec = catalogue.get_rule(rule)
    cases = data.draw(st.lists(RULE_STRATEGIES[rule](), min_size=1, max_size=30))
    lines = [data.draw(_variants(_line(c, data.draw(st.booleans())))) for c in cases]
    rows = columnar_rows(spec, lines, {}, RepresentativeCache())
    assert len(rows) == len(lines)
    for line, row in zip(lines, rows, strict=True):
        if row is None:
            continue  # left to the per-record rule, which decides or refuses it
        expected = _per_record(rule, line)
        assert expected is not None, line
        assert json.loads(row.json) == expected, line
        assert list(json.loads(row.json)) == list(expected)  # the same order of fields
        assert row.outcome == expected["outcome"]


@pytest.mark.parametrize("rule", COLUMNAR)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_the_representatives_carry_over_from_chunk_to_chunk(rule: str, data: st.DataObject) -> None:
    spec = catalogue.get_rule(rule)
    cases = data.draw(st.lists(RULE_STRATEGIES[rule](), min_size=2, max_size=20))
    lines = [_line(c, False) for c in cases]
    cache = RepresentativeCache()
    half = len(lines) // 2
    chunked = columnar_rows(spec, lines[:half], {}, cache) + columnar_rows(
        spec, lines[half:], {}, cache
    )
    assert chunked == columnar_rows(spec, lines, {}, RepresentativeCache())


def test_most_plain_records_are_decided_by_the_columns() -> None:
    rule = "deadlines.reimbursement_filing"
    spec = catalogue.get_rule(rule)
    lines = [
        json.dumps(
            {
                "payment_date": f"2025-{month:02d}-{day:02d}",
                "treatment": "hospitalisation",
                "evaluation_date": "2026-12-01",
            }
        )
        for month in range(1, 13)
        for day in range(1, 29)
    ]
    rows = columnar_rows(spec, lines, {}, RepresentativeCache())
    assert all(row is not None for row in rows)
    assert [row.outcome for row in rows if row] == [
        _per_record(rule, line)["outcome"]  # type: ignore[index]
        for line in lines
    ]


def test_only_rules_with_a_columnar_form_and_its_keywords_take_the_columns() -> None:
    assert has_columnar_form(catalogue.get_rule(COLUMNAR[0]), {"calendar": None})
    assert not has_columnar_form(catalogue.get_rule(COLUMNAR[1]), {"options": None})
    assert not has_columnar_form(catalogue.get_rule("refunds.refund"), {})


@pytest.mark.parametrize("rule", list(catalogue.rules()))
def test_a_compact_row_keeps_the_rules_scalar_fields_and_the_reason_codes(rule: str) -> None:
    from medins_rules.interfaces.casefiles import bundled_example

    spec = catalogue.get_rule(rule)
    decision = catalogue.evaluate(rule, bundled_example(rule))
    row = compact_row(decision, line=7)
    assert list(row)[:2] == ["line", "outcome"]
    assert row["reason_codes"] == list(decision.reason_codes)
    for name in compact_fields(spec.decision_model):
        assert name in row
    json.dumps(row)  # plain JSON values only


@pytest.mark.parametrize("rule", COLUMNAR)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_row_from_the_columns_carries_the_rules_own_main_message(
    rule: str, data: st.DataObject
) -> None:
    spec = catalogue.get_rule(rule)
    cases = data.draw(st.lists(RULE_STRATEGIES[rule](), min_size=1, max_size=30))
    lines = [_line(c, data.draw(st.booleans())) for c in cases]
    rows = columnar_rows(spec, lines, {}, RepresentativeCache(), messages=True)
    plain = columnar_rows(spec, lines, {}, RepresentativeCache())
    for line, row, without in zip(lines, rows, plain, strict=True):
        if row is None:
            continue
        assert without is not None, line  # a line decided with its message is decided without
        assert without.json == row.json, line
        main = catalogue.evaluate(rule, line).reasons[0]
        assert (row.message_en, row.message_zh) == (main.message_en, main.message_zh), line


def test_without_messages_a_row_carries_none() -> None:
    spec = catalogue.get_rule("deadlines.service_settlement")
    line = json.dumps(
        {
            "application_date": "2026-09-30",
            "channel": "service_point",
            "evaluation_date": "2026-09-30",
        }
    )
    (row,) = columnar_rows(spec, [line], {}, RepresentativeCache())
    assert row is not None
    assert row.message_en is None
    assert row.message_zh is None


@pytest.mark.parametrize("rule", COLUMNAR)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_arrow_path_writes_the_same_rows_as_the_line_by_line_path(
    rule: str, data: st.DataObject
) -> None:
    pytest.importorskip("pyarrow")
    from medins_rules.engine.stream import arrow_rows

    spec = catalogue.get_rule(rule)
    cases = data.draw(st.lists(RULE_STRATEGIES[rule](), min_size=1, max_size=30))
    lines = [data.draw(_variants(_line(c, data.draw(st.booleans())))) for c in cases]
    numbers = list(range(3, 3 + len(lines)))
    by_lines = columnar_rows(spec, lines, {}, RepresentativeCache())
    chunk = arrow_rows(spec, [line.encode() for line in lines], numbers, {}, RepresentativeCache())
    assert chunk is not None
    rows = [
        chunk.text[chunk.bounds[k] : chunk.bounds[k + 1]].decode()
        for k in range(len(chunk.bounds) - 1)
    ]
    assert len(rows) == int(chunk.decided.sum()) == len(chunk.outcomes)
    decided = iter(zip(rows, chunk.outcomes, strict=True))
    for number, line, row, here in zip(numbers, lines, by_lines, chunk.decided, strict=True):
        if not here:
            continue  # the per-record rule decides it (or refuses it)
        text, outcome = next(decided)
        expected = _per_record(rule, line)
        assert expected is not None, line
        assert json.loads(text) == {"line": number, **expected}, line
        assert list(json.loads(text)) == ["line", *expected]
        assert outcome == expected["outcome"]
        if row is not None:
            assert text == f'{{"line":{number},{row.json[1:]}\n'


PLAIN = {
    "deadlines.reimbursement_filing": lambda m, d: {
        "payment_date": f"2025-{m:02d}-{d:02d}",
        "treatment": "hospitalisation",
        "evaluation_date": "2026-12-01",
    },
    "deadlines.offsite_filing_residence": lambda m, d: {
        "proof": "police_station_certificate",
        "residence_start": f"2025-{m:02d}-{d:02d}",
        "evaluation_date": "2026-02-01",
    },
    "deadlines.service_settlement": lambda m, d: {
        "application_date": f"2026-{m:02d}-{d:02d}",
        "channel": "service_point",
        "evaluation_date": "2026-12-01",
    },
}


@pytest.mark.parametrize("rule", COLUMNAR)
def test_the_arrow_path_decides_plain_lines_as_the_rule_does(rule: str) -> None:
    pytest.importorskip("pyarrow")
    from medins_rules.engine.stream import arrow_rows

    spec = catalogue.get_rule(rule)
    records = [PLAIN[rule](m, d) for m in range(1, 12) for d in range(1, 29)]
    lines = [json.dumps(r).encode() for r in records]
    chunk = arrow_rows(spec, lines, list(range(1, len(lines) + 1)), {}, RepresentativeCache())
    assert chunk is not None
    assert chunk.decided.all()
    rows = chunk.text.decode().splitlines()
    for number, (record, row) in enumerate(zip(records, rows, strict=True), start=1):
        assert json.loads(row) == {"line": number, **compact_row(catalogue.evaluate(rule, record))}


@given(
    st.lists(
        st.tuples(st.integers(-(2**62), 2**62), st.integers(0, 3), st.integers(0, 9)),
        min_size=1,
        max_size=50,
    )
)
def test_the_distinct_rows_are_numpy_s(rows: list[tuple[int, int, int]]) -> None:
    import numpy as np

    from medins_rules.engine.stream import _unique_rows

    matrix = np.array(rows, dtype=np.int64)
    keys, inverse = _unique_rows(matrix)
    assert sorted(map(tuple, keys.tolist())) == sorted(set(rows))
    assert [tuple(keys[i]) for i in inverse.tolist()] == rows
