"""The batch API: lazy, in order, one result per record, bad records named and never a stop."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from medins_rules.core.calendar import bundled_calendar
from medins_rules.core.errors import UnknownRuleError
from medins_rules.core.model import RuleSpec
from medins_rules.engine.batch import BatchResult, RecordError, evaluate_many
from medins_rules.engine.catalogue import evaluate, get_rule
from medins_rules.processes.reimbursement import (
    DeadlineOptions,
    ReimbursementFilingCase,
    TreatmentKind,
    reimbursement_filing,
)

FILING = "deadlines.reimbursement_filing"


def filing_record(i: int) -> dict[str, Any]:
    payment = dt.date(2024, 1, 1) + dt.timedelta(days=i % 600)
    return {
        "payment_date": payment.isoformat(),
        "treatment": "hospitalisation" if i % 5 else "general_outpatient",
        "evaluation_date": (payment + dt.timedelta(days=(i * 7) % 420)).isoformat(),
    }


def test_each_kind_of_record_gives_the_decision_the_rule_gives() -> None:
    record = filing_record(3)
    model = ReimbursementFilingCase.model_validate(record)
    expected = reimbursement_filing(model)

    class Other(BaseModel):
        payment_date: dt.date
        treatment: TreatmentKind
        evaluation_date: dt.date

    inputs = [record, model, json.dumps(record), json.dumps(record).encode(), Other(**record)]
    results = list(evaluate_many(FILING, inputs))
    assert [r.index for r in results] == [0, 1, 2, 3, 4]
    assert all(r.ok and r.errors == () for r in results)
    assert all(r.decision == expected for r in results)


def test_a_bad_record_is_named_with_its_index_field_and_problem_and_the_rest_go_on() -> None:
    good = filing_record(1)
    records: list[Any] = [
        good,
        {**good, "treatment": "dentistry"},
        {**good, "filing_date": "2020-01-01"},
        {**good, "payment_date": "not a date", "extra": 1},
        "{not json",
        42,
        good,
    ]
    results = list(evaluate_many(FILING, records))
    assert [r.ok for r in results] == [True, False, False, False, False, False, True]
    treatment = results[1].errors
    assert [(e.index, e.field, e.kind) for e in treatment] == [(1, "treatment", "enum")]
    filing = results[2].errors[0]
    assert (filing.field, filing.kind) == ("filing_date", "value_error")
    assert filing.problem.startswith("2020-01-01 is before payment_date")
    assert str(filing).startswith("record 2: filing_date: 2020-01-01 is before")
    assert {e.field for e in results[3].errors} == {"payment_date", "extra"}
    assert results[4].errors[0].kind == "json_invalid"
    assert results[5].errors[0].kind == "model_type"
    assert results[6].decision == evaluate(FILING, good)


def test_a_record_the_rule_refuses_is_reported_with_the_errors_kind_and_field() -> None:
    beyond = {**filing_record(1), "payment_date": "2026-06-01", "evaluation_date": "2026-06-01"}
    (result,) = evaluate_many(FILING, [beyond], calendar=bundled_calendar().strict())
    assert result.decision is None
    (error,) = result.errors
    assert error == RecordError(0, "last_payable_day", error.problem, "CalendarYearNotCoveredError")
    assert error.problem.startswith(
        "the 1-year payable limit of the payment on 2026-06-01: working-day calendar: "
        "no official arrangement for the year 2027"
    )
    assert "2027" in result.errors[0].problem
    (decided,) = evaluate_many(FILING, [beyond])  # the default calendar decides it
    assert decided.decision is not None
    assert decided.decision.unpublished_years == (2027,)


def test_a_date_before_every_parameter_is_reported_at_its_field() -> None:
    early = {**filing_record(1), "payment_date": "2001-01-01", "evaluation_date": "2001-01-01"}
    (result,) = evaluate_many(FILING, [early])
    (error,) = result.errors
    assert (error.field, error.kind) == ("payment_date", "ParameterNotInForceError")
    assert error.problem.startswith("parameter '*' is not in force")


def test_a_cross_field_error_is_located_at_its_field_once() -> None:
    base = {
        "scheme": "urban_rural_resident",
        "insured_in_guangdong": True,
        "participation_status": "normal",
        "applicant": "insured_person",
        "face_recognition_passed": True,
        "person_category": "mainland",
        "evaluation_date": "2026-03-02",
    }
    records = [
        {**base, "enrolment_date": "2024-01-01", "termination_date": "2023-12-31"},
        {**base, "enrolment_date": "2026-03-03", "termination_date": "2026-03-01"},
    ]
    first, second = evaluate_many("eligibility.online_suspension", records)
    assert [(e.field, e.kind) for e in first.errors] == [("termination_date", "value_error")]
    assert first.errors[0].problem.startswith("2023-12-31 is before enrolment_date 2024-01-01")
    assert [e.field for e in second.errors] == ["termination_date"]
    (later,) = evaluate_many(
        "eligibility.online_suspension",
        [
            {
                **base,
                "participation_status": "suspended",
                "enrolment_date": "2026-03-03",
                "termination_date": "2026-03-04",
            }
        ],
    )
    assert [e.field for e in later.errors] == ["enrolment_date"]


def test_a_key_given_twice_in_a_json_record_is_refused_naming_it() -> None:
    text = json.dumps(filing_record(1))[:-1] + ', "payment_date": "2024-01-01"}'
    for record in (text, text.encode(), bytearray(text.encode())):
        (result,) = evaluate_many(FILING, [record])
        (error,) = result.errors
        assert (error.field, error.kind) == ("payment_date", "duplicate_key")
        assert error.problem == "given twice in the same object; give each key once"


def test_a_record_larger_than_the_limit_is_refused_before_it_is_parsed() -> None:
    text = json.dumps(filing_record(1))
    small, large = evaluate_many(FILING, [text, text + " " * 200], max_record_bytes=len(text))
    assert small.ok
    (error,) = large.errors
    assert (error.field, error.kind) == ("", "RecordTooLargeError")
    assert f"limit of {len(text)} bytes" in error.problem
    (default,) = evaluate_many(FILING, ["[" + " " * (1 << 20) + "]"])
    assert default.errors[0].kind == "RecordTooLargeError"
    with pytest.raises(ValueError, match="max_record_bytes"):
        evaluate_many(FILING, [], max_record_bytes=0)


def test_a_model_that_skipped_validation_is_validated_before_it_is_judged() -> None:
    case = ReimbursementFilingCase.model_validate({**filing_record(1), "filing_date": None})
    copied = case.model_copy(update={"filing_date": dt.date(2000, 1, 1)})
    built = ReimbursementFilingCase.model_construct(**{**case.__dict__, "treatment": "x"})
    good, bad_copy, bad_built = evaluate_many(FILING, [case, copied, built])
    assert good.ok
    assert [(e.field, e.kind) for e in bad_copy.errors] == [("filing_date", "value_error")]
    assert [e.field for e in bad_built.errors] == ["treatment"]


def _failing_spec(fail_on: str, error: Exception) -> RuleSpec:
    spec = get_rule(FILING)

    def fragile(case: ReimbursementFilingCase, **kwargs: Any) -> Any:
        if case.payment_date.isoformat() == fail_on:
            raise error
        return reimbursement_filing(case, **kwargs)

    return dataclasses.replace(spec, function=fragile)


def test_a_defect_on_one_record_is_reported_for_it_and_the_batch_goes_on() -> None:
    spec = _failing_spec("2024-01-02", OverflowError("date value out of range"))
    records = [filing_record(0), filing_record(1), filing_record(2)]
    results = list(evaluate_many(spec, records))
    assert [r.ok for r in results] == [True, False, True]
    (error,) = results[1].errors
    assert (error.index, error.field, error.kind) == (1, "", "OverflowError")
    assert error.problem.startswith("internal error (OverflowError: date value out of range)")
    assert [r.index for r in evaluate_many(spec, records, on_error="skip")] == [0, 2]
    raising = evaluate_many(spec, records, on_error="raise")
    assert next(raising).ok
    with pytest.raises(OverflowError) as caught:
        next(raising)
    assert "record 1" in caught.value.__notes__


def test_skip_leaves_bad_records_out_and_raise_stops_at_the_first_naming_it() -> None:
    records = [filing_record(1), {"payment_date": "x"}, filing_record(2)]
    assert [r.index for r in evaluate_many(FILING, records, on_error="skip")] == [0, 2]
    results = evaluate_many(FILING, records, on_error="raise")
    assert next(results).ok
    with pytest.raises(ValueError, match="payment_date") as caught:
        next(results)
    assert "record 1" in caught.value.__notes__
    with pytest.raises(ValueError, match="on_error"):
        evaluate_many(FILING, records, on_error="ignore")  # type: ignore[arg-type]


def test_rule_options_reach_every_record() -> None:
    record = {
        "payment_date": "2025-08-15",
        "treatment": "hospitalisation",
        "evaluation_date": "2026-02-20",
    }
    (rolled,) = evaluate_many(FILING, [record])
    (fixed,) = evaluate_many(FILING, [record], options=DeadlineOptions(roll_forward=False))
    assert rolled.decision is not None
    assert fixed.decision is not None
    assert rolled.decision.outcome.value == "on_time"
    assert fixed.decision.outcome.value == "late"


def test_the_rule_may_be_given_by_its_spec_and_an_unknown_name_is_refused_at_once() -> None:
    assert next(evaluate_many(get_rule(FILING), [filing_record(0)])).ok
    with pytest.raises(UnknownRuleError):
        evaluate_many("deadlines.nope", [])


def test_records_are_read_one_at_a_time() -> None:
    read: list[int] = []

    def endless() -> Iterator[dict[str, Any]]:
        for i in itertools.count():
            read.append(i)
            yield filing_record(i)

    results = evaluate_many(FILING, endless())
    assert read == []  # nothing happens before the first result is asked for
    first = list(itertools.islice(results, 5))
    assert [r.index for r in first] == [0, 1, 2, 3, 4]
    assert read == [0, 1, 2, 3, 4]


def test_memory_does_not_grow_with_the_number_of_records() -> None:
    def peak(count: int) -> int:
        records = (filing_record(i) for i in range(count))
        results = evaluate_many(FILING, records)
        for _ in itertools.islice(results, 600):  # warm the per-day caches
            pass
        tracemalloc.start()
        try:
            for result in results:
                assert result.ok or result.errors
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(1_600), peak(12_600)
    assert large < small * 1.5 + 64_000, (small, large)


def test_a_result_is_an_immutable_named_tuple() -> None:
    result = BatchResult(0, None, (RecordError(0, "x", "bad", "value_error"),))
    assert not result.ok
    with pytest.raises(AttributeError):
        result.index = 1  # type: ignore[misc]


def test_a_keyword_the_rule_does_not_take_is_refused_at_once() -> None:
    with pytest.raises(TypeError, match="deadlines.reimbursement_filing: .*'colour'"):
        evaluate_many(FILING, [filing_record(0)], colour="red")
