"""Generated input: every input gives a decision or a documented error, never another exception.

Two generators drive every rule of the catalogue: JSON valid against the rule's published input
schema (``tests/schema_strategies.py``, days from the whole range of ``datetime.date``), and the
bundled example cases with one to three mutations (``tests/fuzz_mutations.py``). Each input goes
through ``catalogue.evaluate`` as JSON text and as a mapping, through ``evaluate_many``, and through
the command line (``medins-rules evaluate`` on a ``.jsonl`` file, in process): the result is a
decision, a ``pydantic.ValidationError`` or a ``MedinsRulesError``; the batch never raises and
reports no internal error; the command line never exits 3 and never prints a traceback.

The suite runs a few examples per rule and test (12, about 8 s); the long profile
(``HYPOTHESIS_PROFILE=long``) runs 300 (about four minutes on two cores), and ``FUZZ_EXAMPLES=N``
sets another number. A defect found in a rule that is not fixed yet is a :data:`KNOWN_GAPS` entry: the property tolerates exactly that exception (counted as a hypothesis
event), and the entry's own example is a strict expected failure, so the fix shows up as an
unexpected pass and the entry is then removed.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from fuzz_mutations import example, mutated
from medins_rules.core.errors import MedinsRulesError
from medins_rules.core.model import Decision
from medins_rules.engine import catalogue
from medins_rules.engine.batch import evaluate_many
from medins_rules.interfaces.cli import main
from medins_rules.interfaces.schemas import input_schema
from schema_strategies import from_schema

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 300 if LONG else 12))
RULES = list(catalogue.rules())
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@dataclass(frozen=True)
class KnownGap:
    """A defect the fuzz test found in a rule, not fixed yet (owned by the rule's maintainers)."""

    rule: str
    exception: type[BaseException]
    message: str  # a regular expression the exception's message matches
    reason: str
    example: dict[str, Any]

    def matches(self, rule: str, exc: BaseException) -> bool:
        return (
            rule == self.rule
            and type(exc) is self.exception
            and re.search(self.message, str(exc)) is not None
        )

    def matches_line(self, rule: str, line: str) -> bool:
        return (
            rule == self.rule
            and re.search(rf"internal error: {self.exception.__name__}: {self.message}", line)
            is not None
        )


KNOWN_GAPS: tuple[KnownGap, ...] = ()


def _known(rule: str, exc: BaseException) -> KnownGap | None:
    return next((gap for gap in KNOWN_GAPS if gap.matches(rule, exc)), None)


def _decided_or_refused(rule: str, value: Any) -> None:
    for case in (json.dumps(value), value):
        try:
            decision = catalogue.evaluate(rule, case)
        except (ValidationError, MedinsRulesError):
            continue
        except Exception as exc:
            gap = _known(rule, exc)
            if gap is None:
                raise
            event(f"known gap: {rule}: {type(exc).__name__}")
            continue
        assert isinstance(decision, Decision)
        assert decision.rule == rule
        assert decision.reasons


def _schema_values(rule: str) -> st.SearchStrategy[Any]:
    return from_schema(input_schema(catalogue.get_rule(rule)))


@pytest.mark.parametrize("rule", RULES)
@FUZZ
@given(data=st.data())
def test_json_from_the_published_schema_is_decided_or_refused(
    rule: str, data: st.DataObject
) -> None:
    _decided_or_refused(rule, data.draw(_schema_values(rule)))


@pytest.mark.parametrize("rule", RULES)
@FUZZ
@given(data=st.data())
def test_a_mutated_example_is_decided_or_refused(rule: str, data: st.DataObject) -> None:
    _decided_or_refused(rule, data.draw(mutated(rule)))


def _records(rule: str) -> st.SearchStrategy[list[Any]]:
    return st.lists(st.one_of(mutated(rule), _schema_values(rule)), min_size=1, max_size=6)


@pytest.mark.parametrize("rule", RULES)
@FUZZ
@given(data=st.data())
def test_a_batch_reports_every_record_and_never_raises(rule: str, data: st.DataObject) -> None:
    records = data.draw(_records(rule))
    texts = [json.dumps(r) for r in records]
    results = list(evaluate_many(rule, [*records, *texts]))
    assert [r.index for r in results] == list(range(2 * len(records)))
    for result in results:
        assert result.ok != bool(result.errors)
        for error in result.errors:
            if error.problem.startswith("internal error"):
                assert any(
                    gap.rule == rule and gap.exception.__name__ == error.kind for gap in KNOWN_GAPS
                ), error


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("rule", RULES)
@FUZZ
@given(data=st.data())
def test_the_command_line_never_exits_3_or_prints_a_traceback(
    rule: str, data: st.DataObject
) -> None:
    records = data.draw(_records(rule))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in records) + "\n", "utf-8")
        status, out, err = _cli("evaluate", rule, str(path))
        single = Path(folder) / "case.json"
        single.write_text(json.dumps(records[0]), "utf-8")
        one_status, _, one_err = _cli("evaluate", rule, str(single), "--format", "text")
    assert "Traceback" not in out + err + one_err
    internal = [line for line in err.splitlines() if ": internal error: " in line]
    assert all(any(gap.matches_line(rule, line) for gap in KNOWN_GAPS) for line in internal), (
        internal
    )
    assert status in (0, 2) or (status == 3 and internal)
    assert "case(s) evaluated" in err.splitlines()[-1]
    if "internal error" not in one_err:
        assert one_status in (0, 2), one_err


@pytest.mark.parametrize(
    "gap",
    [pytest.param(g, id=f"{g.rule}:{g.exception.__name__}") for g in KNOWN_GAPS],
)
@pytest.mark.xfail(strict=True, reason="a known gap in a rule (see KNOWN_GAPS); fixed by its owner")
def test_a_known_gap_is_decided_or_refused(gap: KnownGap) -> None:
    try:
        catalogue.evaluate(gap.rule, gap.example)
    except (ValidationError, MedinsRulesError):
        return
    # reaching here means the rule decided: also fine, as long as it did not raise


def test_each_known_gap_still_raises_what_it_records() -> None:
    """A gap's example raises exactly the recorded exception (else the entry is stale)."""
    stale: list[tuple[str, BaseException]] = []
    for gap in KNOWN_GAPS:
        try:
            catalogue.evaluate(gap.rule, gap.example)
        except (ValidationError, MedinsRulesError):
            continue  # fixed: the strict xfail above reports it
        except Exception as exc:
            if not gap.matches(gap.rule, exc):
                stale.append((gap.rule, exc))
    assert stale == []


def test_the_schema_generator_knows_every_keyword_of_every_published_schema() -> None:
    for rule in RULES:
        schema = input_schema(catalogue.get_rule(rule))
        for part in [schema, *schema.get("$defs", {}).values()]:
            _walk(part, schema)  # raises on a keyword the generator does not handle


def _walk(schema: Any, root: dict[str, Any]) -> None:
    if isinstance(schema, dict):
        if "type" in schema or "$ref" in schema or "anyOf" in schema or "enum" in schema:
            from_schema(schema, root)
        for value in schema.values():
            _walk(value, root)
    elif isinstance(schema, list):
        for value in schema:
            _walk(value, root)


FORMER_GAPS = (
    (
        "deadlines.reimbursement_filing",
        {
            "payment_date": "9999-12-31",
            "treatment": "hospitalisation",
            "filing_date": "9999-12-31",
            "evaluation_date": "9999-12-31",
        },
        "last_on_time_day",
    ),
    (
        "deadlines.offsite_filing_residence",
        {
            "proof": "police_station_certificate",
            "residence_start": "9999-07-01",
            "certificate_is_original": True,
            "filing_date": "9999-12-31",
            "evaluation_date": "9999-12-31",
        },
        "first_date_met",
    ),
    (
        "refunds.refund",
        {
            **example("refunds.refund"),
            "benefit_periods": [
                {"scheme_year": 2027, "first_day": "0001-01-01", "last_day": "0001-12-31"}
            ],
        },
        "first_day",
    ),
)
"""Defects the fuzz test found and the rules since fixed: each is refused, naming a field."""


@pytest.mark.parametrize(("rule", "value", "field"), FORMER_GAPS, ids=[g[0] for g in FORMER_GAPS])
def test_a_former_gap_is_refused_naming_its_field(rule: str, value: Any, field: str) -> None:
    with pytest.raises((ValidationError, MedinsRulesError)) as caught:
        catalogue.evaluate(rule, value)
    assert field in str(caught.value)
