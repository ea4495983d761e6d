"""The deadline rules answer repeated inputs from their memos: a nightly run repeats them.

A city re-evaluates every open claim each night, and most share a payment day and the evaluation
day with many others. The rules keep what depends only on those (the whole decision of an open claim,
a residence or settlement decision, the first reason of a filed claim) and hand the same frozen
object to every caller with equal inputs. These tests pin that contract: equal inputs built
separately get the identical decision, and the shared objects cannot be changed by a caller. Given
parameters bypass the memos (the decision must follow them).
"""

from __future__ import annotations

import datetime as dt

import pytest

from medins_rules import (
    ReimbursementFilingCase,
    ResidenceCase,
    SettlementCase,
    offsite_filing_residence,
    parameters_for,
    reimbursement_filing,
    service_settlement,
)

D = dt.date


def _twice(model: type, **values: object) -> tuple[object, object]:
    """Two equal cases, validated separately from plain values (as two records of a batch)."""
    return model.model_validate(values), model.model_validate(values)  # type: ignore[attr-defined]


def test_an_open_claim_repeated_gets_the_identical_decision() -> None:
    first, second = _twice(
        ReimbursementFilingCase,
        payment_date="2025-05-06",
        treatment="emergency_observation",
        evaluation_date="2025-12-31",
    )
    assert first is not second
    decision = reimbursement_filing(first)  # type: ignore[arg-type]
    assert reimbursement_filing(second) is decision  # type: ignore[arg-type]
    assert decision.outcome.value == "late"


def test_filed_claims_of_one_payment_and_filing_day_share_their_first_reason() -> None:
    first, second = _twice(
        ReimbursementFilingCase,
        payment_date="2025-04-07",
        treatment="hospitalisation",
        filing_date="2025-08-01",
        evaluation_date="2025-08-01",
    )
    a, b = reimbursement_filing(first), reimbursement_filing(second)  # type: ignore[arg-type]
    assert a == b
    assert a.reasons[0] is b.reasons[0]
    assert a.reasons[0].facts["filing_date"] == "2025-08-01"


def test_a_residence_decision_repeated_is_the_identical_decision() -> None:
    first, second = _twice(
        ResidenceCase,
        proof="street_office_certificate",
        residence_start="2025-02-28",
        evaluation_date="2025-08-28",
    )
    decision = offsite_filing_residence(first)  # type: ignore[arg-type]
    assert offsite_filing_residence(second) is decision  # type: ignore[arg-type]
    assert decision.outcome.value == "meets"


def test_a_settlement_decision_repeated_is_the_identical_decision() -> None:
    first, second = _twice(
        SettlementCase,
        application_date="2025-09-30",
        channel="service_point",
        evaluation_date="2025-09-30",
    )
    decision = service_settlement(first)  # type: ignore[arg-type]
    assert service_settlement(second) is decision  # type: ignore[arg-type]
    assert decision.settlement_date == D(2025, 10, 11)  # after the National Day week


def test_given_parameters_bypass_the_memo_and_are_followed() -> None:
    case = SettlementCase(
        application_date=D(2025, 9, 30), channel="service_point", evaluation_date=D(2025, 9, 30)
    )
    shipped = service_settlement(case)
    params = parameters_for("440100", on=case.application_date)
    again = service_settlement(case, parameters=params)
    assert again == shipped
    assert again is not shipped
    longer = params.with_value("enrolment.service_point_settlement", 4)
    assert service_settlement(case, parameters=longer).settlement_date == D(2025, 10, 13)
    assert service_settlement(case) is shipped  # the memo still holds the shipped answer


def test_a_shared_decision_cannot_be_changed_by_one_caller() -> None:
    case = ReimbursementFilingCase(
        payment_date=D(2025, 1, 6), treatment="hospitalisation", evaluation_date=D(2025, 12, 31)
    )
    decision = reimbursement_filing(case)
    with pytest.raises(ValueError, match="frozen"):
        decision.outcome = decision.outcome  # type: ignore[misc]
    with pytest.raises(TypeError, match="read-only"):
        decision.reasons[0].facts["days_left_payable"] = 99  # type: ignore[index]
    assert reimbursement_filing(case).reasons[0].facts["days_left_payable"] == 6


def test_an_open_claim_on_its_last_payable_day_has_none_left_and_then_is_forfeited() -> None:
    case = ReimbursementFilingCase(
        payment_date=D(2025, 3, 4), treatment="hospitalisation", evaluation_date=D(2026, 3, 4)
    )
    decision = reimbursement_filing(case)
    assert decision.outcome.value == "late"
    assert (decision.days_left_on_time, decision.days_left_payable) == (0, 0)
    assert decision.reasons[0].facts["days_left_payable"] == 0
    after = reimbursement_filing(case.model_copy(update={"evaluation_date": D(2026, 3, 5)}))
    assert after.outcome.value == "forfeited"
    assert (after.days_left_on_time, after.days_left_payable) == (0, 0)
    assert after.reasons[0].facts == {"last_payable_day": "2026-03-04"}
