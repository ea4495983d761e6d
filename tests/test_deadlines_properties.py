"""Invariants of the deadline rules, stated as properties, and a reviewed golden table."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import chinese_calendar
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from medins_rules import (
    FilingOutcome,
    ReimbursementFilingCase,
    ReimbursementFilingDecision,
    ResidenceCase,
    ResidenceDecision,
    ResidenceOutcome,
    ResidenceProof,
    SettlementCase,
    SettlementDecision,
    bundled_calendar,
    offsite_filing_residence,
    parameters_for,
    reimbursement_filing,
    service_settlement,
)
from medins_rules.testing.strategies.deadlines import (
    reimbursement_filing_cases,
    residence_cases,
    settlement_cases,
)

CAL = bundled_calendar()
SEVERITY = {FilingOutcome.ON_TIME: 0, FilingOutcome.LATE: 1, FilingOutcome.FORFEITED: 2}
GOLDEN = Path(__file__).parent / "golden" / "reimbursement_filing_2025.csv"


@given(reimbursement_filing_cases(filed=True), st.integers(1, 400))
def test_a_later_filing_date_never_improves_the_outcome(
    case: ReimbursementFilingCase, delay: int
) -> None:
    assert case.filing_date is not None
    later_day = min(case.filing_date + dt.timedelta(days=delay), dt.date(2026, 12, 31))
    later = case.model_copy(update={"filing_date": later_day, "evaluation_date": later_day})
    first, second = reimbursement_filing(case), reimbursement_filing(later)
    if first.outcome is FilingOutcome.NOT_COVERED:
        assert second.outcome is FilingOutcome.NOT_COVERED
    else:
        assert SEVERITY[second.outcome] >= SEVERITY[first.outcome]


@given(reimbursement_filing_cases())
def test_the_last_days_are_working_days_no_earlier_than_the_corresponding_days(
    case: ReimbursementFilingCase,
) -> None:
    d = reimbursement_filing(case)
    if d.outcome is FilingOutcome.NOT_COVERED:
        assert d.last_on_time_day is None
        return
    assert d.last_on_time_day is not None
    assert d.last_payable_day is not None
    assert d.last_on_time_day >= case.payment_date + relativedelta(months=6)
    assert d.last_payable_day >= case.payment_date + relativedelta(years=1)
    assert CAL.is_working_day(d.last_on_time_day)
    assert CAL.is_working_day(d.last_payable_day)
    assert d.last_on_time_day < d.last_payable_day
    # nothing between the corresponding day and the last day is a working day
    day = case.payment_date + relativedelta(months=6)
    while day < d.last_on_time_day:
        assert not CAL.is_working_day(day)
        day += dt.timedelta(days=1)


@given(reimbursement_filing_cases())
def test_the_outcome_follows_from_the_two_last_days(case: ReimbursementFilingCase) -> None:
    d = reimbursement_filing(case)
    if d.outcome is FilingOutcome.NOT_COVERED:
        return
    assert d.last_on_time_day is not None
    assert d.last_payable_day is not None
    day = case.filing_date or case.evaluation_date
    expected = (
        FilingOutcome.ON_TIME
        if day <= d.last_on_time_day
        else FilingOutcome.LATE
        if day <= d.last_payable_day
        else FilingOutcome.FORFEITED
    )
    assert d.outcome is expected
    if case.filing_date is None:
        assert d.days_left_on_time == max(0, (d.last_on_time_day - day).days)
        assert d.days_left_payable == max(0, (d.last_payable_day - day).days)


@given(reimbursement_filing_cases())
def test_every_decision_has_cited_reasons_and_round_trips(case: ReimbursementFilingCase) -> None:
    d = reimbursement_filing(case)
    assert d.reasons
    assert all(r.citations and r.message_en and r.message_zh for r in d.reasons)
    assert ReimbursementFilingDecision.model_validate_json(d.model_dump_json()) == d
    assert ReimbursementFilingCase.model_validate_json(case.model_dump_json()) == case
    assert reimbursement_filing(case) == d  # deterministic


@given(reimbursement_filing_cases(filed=True), st.integers(1, 5))
def test_a_shorter_window_never_helps(case: ReimbursementFilingCase, months: int) -> None:
    params = parameters_for(case.jurisdiction, on=case.payment_date)
    shorter = params.with_value("reimbursement.on_time_window", months)
    base, short = reimbursement_filing(case), reimbursement_filing(case, parameters=shorter)
    if base.outcome is not FilingOutcome.NOT_COVERED:
        assert SEVERITY[short.outcome] >= SEVERITY[base.outcome]


@given(residence_cases())
def test_a_certificate_meets_the_requirement_exactly_from_six_months_on(
    case: ResidenceCase,
) -> None:
    d = offsite_filing_residence(case)
    if case.proof is ResidenceProof.TEMPORARY_RESIDENCE_PERMIT_COPY:
        assert d.outcome is ResidenceOutcome.MEETS
    elif case.proof is ResidenceProof.OTHER:
        assert d.outcome is ResidenceOutcome.DOES_NOT_MEET
    else:
        assert case.residence_start is not None
        assert d.first_date_met == case.residence_start + relativedelta(months=6)
        met = d.filing_date >= d.first_date_met
        expected = met and case.certificate_is_original
        assert (d.outcome is ResidenceOutcome.MEETS) is expected
    assert d.reasons
    assert ResidenceDecision.model_validate_json(d.model_dump_json()) == d


@given(settlement_cases())
def test_settlement_is_the_third_working_day_by_a_naive_count(case: SettlementCase) -> None:
    d = service_settlement(case)
    if d.channel.value == "county_centre":
        assert d.settlement_date == d.application_date
        return
    day, count = d.application_date, 0
    while count < 3:
        day += dt.timedelta(days=1)
        count += CAL.is_working_day(day)
    assert d.settlement_date == day
    assert SettlementDecision.model_validate_json(d.model_dump_json()) == d


def _independent_last_day(payment: dt.date, delta: relativedelta) -> dt.date:
    """An independent computation: dateutil for the corresponding day, chinesecalendar to roll."""
    day: dt.date = payment + delta
    while not chinese_calendar.is_workday(day):
        day += dt.timedelta(days=1)
    return day


def test_the_golden_table_of_2025_payments_matches_the_rule_and_an_independent_count() -> None:
    with GOLDEN.open() as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 365
    for row in rows:
        payment = dt.date.fromisoformat(row["payment_date"])
        on_time = dt.date.fromisoformat(row["last_on_time_day"])
        payable = dt.date.fromisoformat(row["last_payable_day"])
        d = reimbursement_filing(
            ReimbursementFilingCase(
                payment_date=payment, treatment="hospitalisation", evaluation_date=payment
            )
        )
        assert (d.last_on_time_day, d.last_payable_day) == (on_time, payable), payment
        assert on_time == _independent_last_day(payment, relativedelta(months=6)), payment
        assert payable == _independent_last_day(payment, relativedelta(years=1)), payment
