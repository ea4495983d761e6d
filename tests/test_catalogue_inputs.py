"""``catalogue.evaluate`` at the boundary: duplicate keys, the size of a record, unchecked models."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from pydantic import ValidationError

from medins_rules.core.errors import RecordTooLargeError
from medins_rules.core.inputs import DEFAULT_MAX_RECORD_BYTES
from medins_rules.engine.catalogue import evaluate
from medins_rules.processes.cancellation import OnlineCancellationCase, online_cancellation
from medins_rules.processes.reimbursement import ReimbursementFilingCase
from medins_rules.processes.suspension import OnlineSuspensionCase, online_suspension

FILING = "deadlines.reimbursement_filing"
GOOD: dict[str, Any] = {
    "payment_date": "2025-03-10",
    "treatment": "hospitalisation",
    "filing_date": "2025-03-11",
    "evaluation_date": "2025-03-11",
}


def test_a_key_given_twice_in_a_json_case_is_refused_naming_it() -> None:
    text = '{"payment_date": "2025-03-10", "payment_date": "2025-03-09", ' + json.dumps(GOOD)[1:]
    for case in (text, text.encode(), bytearray(text.encode())):
        with pytest.raises(ValidationError) as info:
            evaluate(FILING, case)
        (error,) = info.value.errors()
        assert (error["loc"], error["type"]) == (("payment_date",), "duplicate_key")


def test_a_key_given_twice_in_a_nested_object_is_refused_at_its_path() -> None:
    text = (
        '{"payments": [{"amount": "380.00", "amount": "3800.00", "scheme_year": 2027, '
        '"city": "440100", "channel": "wechat", "payment_date": "2026-10-08"}], '
        '"terminates_participation": true, "evaluation_date": "2026-12-31"}'
    )
    with pytest.raises(ValidationError) as info:
        evaluate("refunds.refund", text)
    assert info.value.errors()[0]["loc"] == ("payments", 0, "amount")


def test_a_json_case_larger_than_the_limit_is_refused_before_it_is_parsed() -> None:
    text = json.dumps(GOOD)
    assert evaluate(FILING, text, max_record_bytes=len(text)).outcome.value == "on_time"
    with pytest.raises(RecordTooLargeError, match=f"limit of {len(text) - 1} bytes"):
        evaluate(FILING, text, max_record_bytes=len(text) - 1)
    with pytest.raises(RecordTooLargeError, match="1,048,576 bytes"):
        evaluate(FILING, " " * (DEFAULT_MAX_RECORD_BYTES + 1))
    with pytest.raises(ValueError, match="max_record_bytes"):
        evaluate(FILING, text, max_record_bytes=-5)


def test_a_case_copied_with_an_update_is_validated_before_it_is_judged() -> None:
    case = ReimbursementFilingCase.model_validate(GOOD)
    assert evaluate(FILING, case).outcome.value == "on_time"
    before_payment = case.model_copy(update={"filing_date": dt.date(2000, 1, 1)})
    with pytest.raises(ValidationError) as info:
        evaluate(FILING, before_payment)
    assert "filing_date: 2000-01-01 is before payment_date" in str(info.value)
    with pytest.raises(ValidationError, match="treatment"):
        evaluate(
            FILING, ReimbursementFilingCase.model_construct(**{**case.__dict__, "treatment": 1})
        )


def _suspension(**kw: Any) -> OnlineSuspensionCase:
    return OnlineSuspensionCase.model_validate(
        {
            "scheme": "urban_rural_resident",
            "insured_in_guangdong": True,
            "participation_status": "normal",
            "applicant": "insured_person",
            "face_recognition_passed": True,
            "person_category": "mainland",
            "evaluation_date": "2026-03-02",
            **kw,
        }
    )


def test_the_suspension_rule_refuses_a_copy_the_model_would_refuse() -> None:
    case = _suspension()
    contradictory = case.model_copy(update={"termination_date": dt.date(2025, 12, 31)})
    with pytest.raises(ValidationError) as info:
        online_suspension(contradictory)
    assert info.value.errors()[0]["loc"] == ("participation_status",)
    built = OnlineSuspensionCase.model_construct(**{**case.__dict__, "jurisdiction": "CN"})
    with pytest.raises(ValidationError) as info:
        online_suspension(built)
    assert info.value.errors()[0]["loc"] == ("jurisdiction",)
    fine = case.model_copy(update={"participation_status": "in_arrears"})
    assert online_suspension(fine).failed_conditions == ("suspension.status_in_arrears",)


def test_the_cancellation_rule_refuses_a_copy_the_model_would_refuse() -> None:
    case = OnlineCancellationCase(
        account_registered=True,
        logged_in=True,
        identification_provided=True,
        evaluation_date=dt.date(2026, 3, 2),
    )
    with pytest.raises(ValidationError) as info:
        online_cancellation(case.model_copy(update={"account_registered": False}))
    assert info.value.errors()[0]["loc"] == ("logged_in",)
    with pytest.raises(ValidationError):
        online_cancellation(case.model_copy(update={"evaluation_date": "1741564800"}))
