"""The deadline rules read their numbers from the parameters they are given, and say so.

Every rule takes ``parameters=`` (what-if analysis, a city's own values): a changed value changes
the decision, the decision records the value it used, and passing the shipped parameters gives the
same decision as passing none. ``settlement_date`` is also used by the enrolment rule.
"""

from __future__ import annotations

import datetime as dt

import pytest

from medins_rules import (
    EnrolmentChannel,
    ReimbursementFilingCase,
    ResidenceCase,
    SettlementCase,
    bundled_calendar,
    offsite_filing_residence,
    parameters_for,
    reimbursement_filing,
    service_settlement,
)
from medins_rules.processes.enrolment import Settlement, settlement_date

D = dt.date
GZ = "440100"


# -- service settlement ------------------------------------------------------------------------------


def _settlement(application: dt.date, channel: str = "service_point") -> SettlementCase:
    return SettlementCase(
        application_date=application, channel=channel, evaluation_date=application
    )


def test_settlement_with_the_shipped_parameters_given_is_the_default_decision() -> None:
    case = _settlement(D(2026, 2, 13))
    given = service_settlement(case, parameters=parameters_for(GZ, on=case.application_date))
    assert given == service_settlement(case)
    assert given.settlement_date == D(2026, 2, 25)  # Sat 14 Feb (make-up day), 24 and 25 Feb


@pytest.mark.parametrize(
    ("days", "due"),
    [(1, D(2026, 2, 14)), (3, D(2026, 2, 25)), (5, D(2026, 2, 27)), (8, D(2026, 3, 3))],
)
def test_settlement_counts_the_working_days_the_parameters_set(days: int, due: dt.date) -> None:
    case = _settlement(D(2026, 2, 13))
    params = parameters_for(GZ, on=case.application_date).with_value(
        "enrolment.service_point_settlement", days
    )
    decision = service_settlement(case, parameters=params)
    assert decision.outcome.value == "settled_by_date"
    assert decision.settlement_date == due
    (used,) = decision.parameters
    assert (used.name, used.value, used.unit) == (
        "enrolment.service_point_settlement",
        str(days),
        "working_days",
    )
    main = decision.reasons[0]
    assert main.facts["working_days"] == days
    assert main.facts["settlement_date"] == due.isoformat()
    assert str(days) in main.message_en
    assert due.isoformat() in main.message_en
    assert due.isoformat() in main.message_zh


def test_a_county_centre_settles_on_the_spot_whatever_the_parameters() -> None:
    case = _settlement(D(2026, 2, 13), "county_centre")
    params = parameters_for(GZ, on=case.application_date).with_value(
        "enrolment.service_point_settlement", 9
    )
    for decision in (service_settlement(case), service_settlement(case, parameters=params)):
        assert decision.outcome.value == "settled_on_the_spot"
        assert decision.settlement_date == D(2026, 2, 13)
        assert decision.parameters == ()
        assert decision.reasons[0].facts == {"application_date": "2026-02-13"}


def test_settlement_with_given_parameters_and_a_calendar_uses_both() -> None:
    case = _settlement(D(2026, 12, 30))
    provisional = bundled_calendar().provisional()
    params = parameters_for(GZ, on=case.application_date)
    decision = service_settlement(case, parameters=params, calendar=provisional)
    assert decision.provisional
    assert decision.settlement_date == D(2027, 1, 5)  # 31 Dec and 4 Jan guessed, 1 Jan a holiday
    assert decision == service_settlement(case, calendar=provisional)
    assert "calendar.provisional_year" in decision.reason_codes


def test_settlement_date_reports_the_day_the_working_days_and_what_it_used() -> None:
    params = parameters_for(GZ, on=D(2026, 9, 30))
    found = settlement_date(D(2026, 9, 30), EnrolmentChannel.SERVICE_POINT, parameters=params)
    assert isinstance(found, Settlement)
    assert found.channel is EnrolmentChannel.SERVICE_POINT
    assert found.application_date == D(2026, 9, 30)
    assert found.date == D(2026, 10, 10)  # the National Day holiday, then the make-up Saturday
    assert found.working_days == 3
    assert not found.provisional
    assert [p.name for p in found.parameters] == ["enrolment.service_point_settlement"]
    assert found.reasons[0].facts == {
        "application_date": "2026-09-30",
        "working_days": 3,
        "settlement_date": "2026-10-10",
    }
    spot = settlement_date(D(2026, 9, 30), EnrolmentChannel.COUNTY_CENTRE, parameters=params)
    assert (spot.channel, spot.application_date) == (EnrolmentChannel.COUNTY_CENTRE, D(2026, 9, 30))
    assert (spot.date, spot.working_days, spot.parameters, spot.provisional) == (
        D(2026, 9, 30),
        0,
        (),
        False,
    )


# -- off-site filing residence -----------------------------------------------------------------------


def _residence(start: dt.date, filing: dt.date) -> ResidenceCase:
    return ResidenceCase(
        proof="police_station_certificate",
        residence_start=start,
        filing_date=filing,
        evaluation_date=filing,
    )


def test_residence_with_the_shipped_parameters_given_is_the_default_decision() -> None:
    case = _residence(D(2026, 1, 10), D(2026, 7, 10))
    given = offsite_filing_residence(case, parameters=parameters_for(GZ, on=D(2026, 7, 10)))
    assert given == offsite_filing_residence(case)
    assert given.outcome.value == "meets"


@pytest.mark.parametrize(
    ("months", "outcome", "first_met"),
    [
        (3, "meets", D(2026, 4, 10)),
        (6, "meets", D(2026, 7, 10)),
        (7, "does_not_meet", D(2026, 8, 10)),
        (12, "does_not_meet", D(2027, 1, 10)),
    ],
)
def test_residence_needs_the_months_the_parameters_set(
    months: int, outcome: str, first_met: dt.date
) -> None:
    case = _residence(D(2026, 1, 10), D(2026, 7, 10))
    params = parameters_for(GZ, on=D(2026, 7, 10)).with_value(
        "offsite_filing.minimum_residence", months
    )
    decision = offsite_filing_residence(case, parameters=params)
    assert decision.outcome.value == outcome
    assert decision.first_date_met == first_met
    (used,) = decision.parameters
    assert (used.name, used.value) == ("offsite_filing.minimum_residence", str(months))
    assert any(first_met.isoformat() in r.message_en for r in decision.reasons)


def test_residence_reads_the_parameters_in_force_on_the_filing_day_or_else_the_evaluation_day() -> (
    None
):
    filed = _residence(D(2026, 1, 10), D(2026, 7, 10))
    assert offsite_filing_residence(filed).parameters[0].effective_from <= D(2026, 7, 10)
    unfiled = ResidenceCase(
        proof="police_station_certificate",
        residence_start=D(2011, 1, 1),
        evaluation_date=D(2011, 6, 30),
    )
    with pytest.raises(ValueError, match=r"^evaluation_date: parameter"):
        offsite_filing_residence(unfiled)
    early = _residence(D(2011, 1, 1), D(2011, 6, 30))
    with pytest.raises(ValueError, match=r"^filing_date: parameter"):
        offsite_filing_residence(early)


# -- reimbursement filing ----------------------------------------------------------------------------


def test_filing_with_given_parameters_reads_both_periods_from_them() -> None:
    case = ReimbursementFilingCase(
        payment_date=D(2024, 3, 11),
        treatment="hospitalisation",
        filing_date=D(2024, 6, 12),
        evaluation_date=D(2024, 6, 12),
    )
    shipped = parameters_for(GZ, on=case.payment_date)
    assert reimbursement_filing(case, parameters=shipped) == reimbursement_filing(case)
    shorter = shipped.with_value("reimbursement.on_time_window", 3).with_value(
        "reimbursement.payable_limit", 2
    )
    decision = reimbursement_filing(case, parameters=shorter)
    assert decision.outcome.value == "late"
    assert decision.last_on_time_day == D(2024, 6, 11)
    assert decision.last_payable_day == D(2026, 3, 11)
    assert {(p.name, p.value) for p in decision.parameters} == {
        ("reimbursement.on_time_window", "3"),
        ("reimbursement.payable_limit", "2"),
    }


def test_filing_with_given_parameters_and_a_calendar_uses_both() -> None:
    case = ReimbursementFilingCase(
        payment_date=D(2026, 6, 3),
        treatment="hospitalisation",
        evaluation_date=D(2026, 6, 4),
    )
    provisional = bundled_calendar().provisional()
    params = parameters_for(GZ, on=case.payment_date)
    decision = reimbursement_filing(case, parameters=params, calendar=provisional)
    assert decision.provisional
    assert decision.last_payable_day == D(2027, 6, 3)  # near Dragon Boat: guessed a working day
    assert decision == reimbursement_filing(case, calendar=provisional)
    partial = reimbursement_filing(case, parameters=params)
    assert partial.last_payable_day is None
    assert partial.last_payable_day_earliest == D(2027, 6, 3)
    with pytest.raises(ValueError, match=r"^last_payable_day: the 1-year payable limit"):
        reimbursement_filing(case, parameters=params, calendar=bundled_calendar().strict())
