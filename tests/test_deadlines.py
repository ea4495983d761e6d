"""Deadline rules: each outcome and each boundary, worked by hand from the sources.

Calendar facts used below (State Council notices): 2025 National Day 1-8 Oct; 2026 Spring Festival
15-23 Feb with make-up working Saturdays 14 and 28 Feb; 2026 National Day 1-7 Oct with make-up
working Saturday 10 Oct.
"""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from medins_rules import (
    CalendarYearNotCoveredError,
    DeadlineOptions,
    FilingOutcome,
    ParameterNotInForceError,
    ReimbursementFilingCase,
    ReimbursementFilingDecision,
    ResidenceCase,
    ResidenceDecision,
    ResidenceOutcome,
    SettlementCase,
    SettlementDecision,
    SettlementOutcome,
    bundled_calendar,
    offsite_filing_residence,
    parameters_for,
    reimbursement_filing,
    service_settlement,
)

D = dt.date


def file(
    payment: dt.date,
    filing: dt.date | None,
    *,
    evaluation: dt.date | None = None,
    treatment: str = "hospitalisation",
    **kw: object,
) -> ReimbursementFilingDecision:
    case = ReimbursementFilingCase(
        payment_date=payment,
        treatment=treatment,  # type: ignore[arg-type]
        filing_date=filing,
        evaluation_date=evaluation or filing or payment,
    )
    return reimbursement_filing(case, **kw)  # type: ignore[arg-type]


# -- reimbursement filing ----------------------------------------------------------------------------


def test_filing_on_the_last_on_time_day_is_on_time() -> None:
    d = file(D(2025, 3, 10), D(2025, 9, 10))
    assert d.outcome is FilingOutcome.ON_TIME
    assert d.last_on_time_day == D(2025, 9, 10)
    assert d.reason_codes[0] == "reimbursement.filed_on_time"


def test_filing_the_day_after_the_last_on_time_day_is_late_but_payable() -> None:
    d = file(D(2025, 3, 10), D(2025, 9, 11))
    assert d.outcome is FilingOutcome.LATE
    assert d.reason_codes[0] == "reimbursement.filed_late"
    assert "still payable" in d.reasons[0].message_en


def test_filing_on_the_one_year_day_is_late_not_forfeited() -> None:
    d = file(D(2025, 3, 10), D(2026, 3, 10))
    assert d.last_payable_day == D(2026, 3, 10)
    assert d.outcome is FilingOutcome.LATE


def test_filing_after_the_last_payable_day_is_forfeited() -> None:
    d = file(D(2025, 3, 10), D(2026, 3, 11))
    assert d.outcome is FilingOutcome.FORFEITED
    assert d.reason_codes[0] == "reimbursement.filed_after_one_year"
    assert "no payment" in d.reasons[0].message_en
    assert "不予支付" in d.reasons[0].message_zh


def test_filing_on_the_payment_day_is_on_time() -> None:
    assert file(D(2025, 3, 10), D(2025, 3, 10)).outcome is FilingOutcome.ON_TIME


def test_a_month_end_payment_ends_on_the_last_day_of_february() -> None:
    d = file(D(2025, 8, 31), D(2026, 2, 28))
    assert d.last_on_time_day == D(2026, 2, 28)  # a make-up working Saturday: no roll-forward
    assert d.outcome is FilingOutcome.ON_TIME
    assert "period.month_end_clamped" in d.reason_codes
    assert "period.rolled_forward" not in d.reason_codes[:3]
    assert file(D(2025, 8, 31), D(2026, 3, 1)).outcome is FilingOutcome.LATE


def test_a_leap_day_payment_has_its_last_payable_day_on_28_february() -> None:
    d = file(D(2024, 2, 29), D(2025, 2, 28))
    assert d.last_on_time_day == D(2024, 8, 29)
    assert d.last_payable_day == D(2025, 2, 28)
    assert d.outcome is FilingOutcome.LATE
    assert file(D(2024, 2, 29), D(2025, 3, 1)).outcome is FilingOutcome.FORFEITED


def test_a_last_on_time_day_in_the_spring_festival_moves_to_the_first_working_day_after() -> None:
    d = file(D(2025, 8, 15), D(2026, 2, 24))
    assert d.last_on_time_day == D(2026, 2, 24)
    assert d.outcome is FilingOutcome.ON_TIME
    assert "period.rolled_forward" in d.reason_codes
    assert file(D(2025, 8, 15), D(2026, 2, 25)).outcome is FilingOutcome.LATE


def test_a_last_payable_day_on_a_saturday_moves_to_monday() -> None:
    d = file(D(2025, 8, 15), D(2026, 8, 17))
    assert d.last_payable_day == D(2026, 8, 17)
    assert d.outcome is FilingOutcome.LATE
    assert file(D(2025, 8, 15), D(2026, 8, 18)).outcome is FilingOutcome.FORFEITED


def test_a_last_day_in_national_day_week_moves_past_the_holiday() -> None:
    d = file(D(2025, 4, 1), D(2025, 10, 9))
    assert d.last_on_time_day == D(2025, 10, 9)
    assert d.outcome is FilingOutcome.ON_TIME
    d = file(D(2025, 10, 1), D(2026, 10, 8))
    assert d.last_payable_day == D(2026, 10, 8)
    assert d.outcome is FilingOutcome.LATE
    assert file(D(2025, 10, 1), D(2026, 10, 9)).outcome is FilingOutcome.FORFEITED


def test_with_roll_forward_off_the_corresponding_day_is_final_even_on_a_holiday() -> None:
    d = file(D(2025, 8, 15), D(2026, 2, 24), options=DeadlineOptions(roll_forward=False))
    assert d.last_on_time_day == D(2026, 2, 15)
    assert d.outcome is FilingOutcome.LATE
    assert "period.rolled_forward" not in d.reason_codes


def test_not_yet_filed_within_the_window_says_how_many_days_are_left() -> None:
    d = file(D(2025, 3, 10), None, evaluation=D(2025, 9, 1))
    assert d.outcome is FilingOutcome.ON_TIME
    assert (d.days_left_on_time, d.days_left_payable) == (9, 190)
    assert d.reason_codes[0] == "reimbursement.not_filed_on_time_window_open"
    assert "2025-09-10" in d.reasons[0].message_en


def test_not_yet_filed_after_the_window_is_late_with_days_left_to_the_last_payable_day() -> None:
    d = file(D(2025, 3, 10), None, evaluation=D(2025, 12, 1))
    assert d.outcome is FilingOutcome.LATE
    assert (d.days_left_on_time, d.days_left_payable) == (0, 99)
    assert d.reason_codes[0] == "reimbursement.not_filed_late_still_payable"


def test_not_yet_filed_after_the_last_payable_day_is_forfeited() -> None:
    d = file(D(2025, 3, 10), None, evaluation=D(2026, 3, 11))
    assert d.outcome is FilingOutcome.FORFEITED
    assert (d.days_left_on_time, d.days_left_payable) == (0, 0)
    assert d.reason_codes[0] == "reimbursement.not_filed_forfeited"


def test_not_yet_filed_on_the_last_day_has_zero_days_left_and_is_still_on_time() -> None:
    d = file(D(2025, 3, 10), None, evaluation=D(2025, 9, 10))
    assert d.outcome is FilingOutcome.ON_TIME
    assert d.days_left_on_time == 0


@pytest.mark.parametrize("treatment", ["general_outpatient", "other"])
def test_a_treatment_the_source_does_not_name_is_not_covered(treatment: str) -> None:
    d = file(D(2025, 3, 10), D(2025, 4, 1), treatment=treatment)
    assert d.outcome is FilingOutcome.NOT_COVERED
    assert d.reason_codes == ("reimbursement.treatment_not_covered",)
    assert d.last_on_time_day is None
    assert "hospitalisation" in d.reasons[0].message_en


@pytest.mark.parametrize(
    "treatment",
    [
        "hospitalisation",
        "emergency_observation",
        "outpatient_specific_items",
        "outpatient_designated_chronic_disease",
    ],
)
def test_each_treatment_the_source_names_is_covered(treatment: str) -> None:
    assert file(D(2025, 3, 10), D(2025, 4, 1), treatment=treatment).outcome is FilingOutcome.ON_TIME


def test_a_filing_before_the_payment_is_bad_input_naming_the_field() -> None:
    with pytest.raises(ValidationError, match="filing_date"):
        file(D(2025, 3, 10), D(2025, 3, 9))


def test_an_evaluation_before_an_unfiled_payment_is_bad_input() -> None:
    with pytest.raises(ValidationError, match="evaluation_date"):
        file(D(2025, 3, 10), None, evaluation=D(2025, 3, 9))


def test_an_unknown_treatment_or_jurisdiction_is_bad_input() -> None:
    base = {"payment_date": "2025-03-10", "evaluation_date": "2025-03-10"}
    with pytest.raises(ValidationError, match="treatment"):
        ReimbursementFilingCase.model_validate({**base, "treatment": "massage"})
    with pytest.raises(ValidationError, match="jurisdiction"):
        ReimbursementFilingCase.model_validate(
            {**base, "treatment": "hospitalisation", "jurisdiction": "440300"}
        )


# -- deadlines that wait for a holiday notice not yet published (2027 as of 2026-12-01) -------------
#
# 2027 under the 2024 holiday regulations: the Spring Festival's statutory days are 5-8 February; the
# weekdays within a week of them and the weekend days within two weeks may still be changed by the
# 2027 notice. 10 March 2027 (a Wednesday) is far from every holiday: a working day whatever the
# notice says.

A_2027_NOTICE = {
    "year": 2027,
    "source": "example notice for 2027",
    "holidays": [D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 8), D(2027, 2, 9), D(2027, 2, 10),
                 D(2027, 2, 11), D(2027, 4, 5), D(2027, 6, 9), D(2027, 9, 15), D(2027, 10, 1),
                 D(2027, 10, 4), D(2027, 10, 5)],
    "make_up_working_days": [D(2027, 2, 20)],
}  # fmt: skip


def test_a_filing_whose_one_year_day_waits_for_the_2027_notice_is_still_on_time() -> None:
    d = file(D(2026, 2, 10), D(2026, 3, 12), evaluation=D(2026, 12, 1))
    assert d.outcome is FilingOutcome.ON_TIME
    assert d.last_on_time_day == D(2026, 8, 10)
    assert d.last_payable_day is None
    assert (d.last_payable_day_earliest, d.last_payable_day_latest) == (
        D(2027, 2, 10),
        D(2027, 2, 16),
    )
    assert d.unpublished_years == (2027,)
    assert d.possible_outcomes == ()
    assert d.reason_codes[0] == "reimbursement.filed_on_time"
    assert {"period.last_day_not_yet_known", "calendar.unpublished_year"} <= set(d.reason_codes)


def test_a_last_day_the_regulations_fix_in_2027_is_exact() -> None:
    d = file(D(2026, 3, 10), D(2026, 4, 1))
    assert d.last_payable_day == D(2027, 3, 10)
    assert d.unpublished_years == (2027,)
    assert "period.last_day_not_yet_known" not in d.reason_codes
    assert not d.provisional


@pytest.mark.parametrize(
    ("payment", "filing", "outcome", "code", "possible"),
    [
        (D(2026, 8, 15), D(2027, 2, 15), "on_time", "filed_on_time_under_any_arrangement", ()),
        (D(2026, 8, 15), D(2027, 2, 16), "undetermined", "filed_undetermined", ("on_time", "late")),
        (D(2026, 8, 15), D(2027, 2, 17), "late", "filed_late_under_any_arrangement", ()),
        (D(2026, 2, 10), D(2027, 2, 10), "late", "filed_late_under_any_arrangement", ()),
        (D(2026, 2, 10), D(2027, 2, 11), "undetermined", "filed_undetermined", ("late", "forfeited")),
        (D(2026, 2, 10), D(2027, 2, 16), "undetermined", "filed_undetermined", ("late", "forfeited")),
        (D(2026, 2, 10), D(2027, 2, 17), "forfeited", "filed_after_one_year_under_any_arrangement", ()),
    ],
)  # fmt: skip
def test_a_filing_near_a_last_day_not_yet_known_is_decided_only_where_every_arrangement_agrees(
    payment: dt.date, filing: dt.date, outcome: str, code: str, possible: tuple[str, ...]
) -> None:
    d = file(payment, filing)
    assert d.outcome.value == outcome
    assert d.reason_codes[0] == f"reimbursement.{code}"
    assert tuple(o.value for o in d.possible_outcomes) == possible


def test_an_undetermined_filing_says_what_is_possible_and_what_settles_it() -> None:
    d = file(D(2026, 8, 15), D(2027, 2, 16))
    assert "on time or late (still payable)" in d.reasons[0].message_en
    assert "2027" in d.reasons[0].message_en
    assert "属按时申请或属逾期申请（仍可支付）" in d.reasons[0].message_zh
    assert (d.last_on_time_day_earliest, d.last_on_time_day_latest) == (
        D(2027, 2, 15),
        D(2027, 2, 16),
    )


@pytest.mark.parametrize(
    ("payment", "evaluation", "outcome", "code"),
    [
        (D(2026, 8, 15), D(2026, 12, 1), "on_time", "not_filed_on_time_under_any_arrangement"),
        (D(2026, 8, 15), D(2027, 2, 16), "undetermined", "not_filed_undetermined"),
        (D(2026, 2, 10), D(2026, 12, 1), "late", "not_filed_late_under_any_arrangement"),
        (D(2026, 2, 10), D(2027, 2, 12), "undetermined", "not_filed_undetermined"),
        (D(2026, 2, 10), D(2027, 2, 17), "forfeited", "not_filed_forfeited_under_any_arrangement"),
    ],
)
def test_an_open_claim_near_a_last_day_not_yet_known_gives_its_days_left_as_a_range(
    payment: dt.date, evaluation: dt.date, outcome: str, code: str
) -> None:
    d = file(payment, None, evaluation=evaluation)
    assert d.outcome.value == outcome
    assert d.reason_codes[0] == f"reimbursement.{code}"
    assert d.days_left_payable_min is not None
    assert d.days_left_payable_max is not None
    assert d.days_left_payable_min <= d.days_left_payable_max


def test_an_open_claim_today_has_its_days_left_between_two_figures() -> None:
    d = file(D(2026, 8, 15), None, evaluation=D(2026, 12, 1))
    assert d.days_left_on_time is None
    assert (d.days_left_on_time_min, d.days_left_on_time_max) == (76, 77)
    assert "file by 2027-02-15 to be sure (76 day(s) left" in d.reasons[0].message_en


def test_a_strict_calendar_refuses_naming_the_period_that_reaches_the_unpublished_year() -> None:
    with pytest.raises(CalendarYearNotCoveredError) as info:
        file(D(2026, 2, 10), D(2026, 3, 12), calendar=bundled_calendar().strict())
    message = str(info.value)
    assert message.startswith(
        "last_payable_day: the 1-year payable limit of the payment on 2026-02-10: "
    )
    assert "no official arrangement for the year 2027" in message
    assert info.value.field == "last_payable_day"


def test_a_provisional_calendar_guesses_the_unknown_days_and_marks_the_decision() -> None:
    d = file(D(2026, 8, 15), D(2026, 9, 1), calendar=bundled_calendar().provisional())
    assert d.outcome is FilingOutcome.ON_TIME
    assert d.last_on_time_day == D(2027, 2, 15)  # a Monday not yet known, taken as working
    assert d.provisional
    assert "calendar.provisional_year" in d.reason_codes
    assert "calendar.unpublished_year" not in d.reason_codes


def test_a_decision_inside_the_published_years_is_not_provisional_even_on_a_provisional_calendar() -> (
    None
):
    d = file(D(2025, 3, 10), D(2025, 4, 1), calendar=bundled_calendar().provisional())
    assert not d.provisional
    assert d.unpublished_years == ()
    assert "calendar.provisional_year" not in d.reason_codes


def test_a_caller_supplied_notice_makes_the_decision_exact() -> None:
    cal = bundled_calendar().with_year(A_2027_NOTICE)
    d = file(D(2026, 8, 15), D(2027, 2, 16), calendar=cal)
    assert d.outcome is FilingOutcome.LATE  # undetermined without the notice
    assert d.last_on_time_day == D(2027, 2, 15)
    assert d.unpublished_years == ()
    assert not d.provisional
    later = file(D(2026, 8, 9), D(2027, 2, 10), calendar=cal)  # 9 Feb a holiday: to 12 Feb
    assert later.last_on_time_day == D(2027, 2, 12)


def test_the_province_has_no_reimbursement_window_of_its_own() -> None:
    case = ReimbursementFilingCase(
        payment_date=D(2025, 3, 10),
        treatment="hospitalisation",
        filing_date=D(2025, 4, 1),
        evaluation_date=D(2025, 4, 1),
        jurisdiction="440000",
    )
    with pytest.raises(ParameterNotInForceError, match="440000"):
        reimbursement_filing(case)


def test_changing_the_window_parameter_changes_the_decision() -> None:
    params = parameters_for("440100", on=D(2025, 3, 10)).with_value(
        "reimbursement.on_time_window", 3
    )
    d = file(D(2025, 3, 10), D(2025, 7, 1), parameters=params)
    assert d.last_on_time_day == D(2025, 6, 10)
    assert d.outcome is FilingOutcome.LATE
    assert ("reimbursement.on_time_window", "3") in {(u.name, u.value) for u in d.parameters}


def test_the_decision_cites_the_source_and_the_civil_code() -> None:
    d = file(D(2025, 3, 10), D(2025, 9, 10))
    cited = {(c.instrument.value, c.article, c.passage) for r in d.reasons for c in r.citations}
    assert ("source_002", None, "six_month_window") in cited
    assert ("civil_code", 1259, None) in cited
    assert ("civil_code", 201, None) in cited


def test_the_decision_round_trips_through_json() -> None:
    for d in (
        file(D(2025, 8, 15), D(2026, 2, 24)),
        file(D(2025, 3, 10), None, evaluation=D(2025, 9, 1)),
        file(D(2025, 3, 10), D(2025, 4, 1), treatment="other"),
    ):
        assert ReimbursementFilingDecision.model_validate_json(d.model_dump_json()) == d


# -- off-site filing residence -----------------------------------------------------------------------


def residence(
    proof: str, start: dt.date | None, filing: dt.date, **kw: object
) -> ResidenceDecision:
    case = ResidenceCase(
        proof=proof,  # type: ignore[arg-type]
        residence_start=start,
        filing_date=filing,
        evaluation_date=filing,
        **kw,  # type: ignore[arg-type]
    )
    return offsite_filing_residence(case)


def test_exactly_six_months_of_residence_meets_the_requirement() -> None:
    d = residence("police_station_certificate", D(2026, 1, 10), D(2026, 7, 10))
    assert d.outcome is ResidenceOutcome.MEETS
    assert d.first_date_met == D(2026, 7, 10)


def test_a_day_short_of_six_months_does_not_meet_it_and_says_when_it_will() -> None:
    d = residence("street_office_certificate", D(2026, 1, 10), D(2026, 7, 9))
    assert d.outcome is ResidenceOutcome.DOES_NOT_MEET
    assert d.first_date_met == D(2026, 7, 10)
    assert "2026-07-10" in d.reasons[0].message_en


def test_residence_from_a_month_end_is_met_at_the_end_of_february() -> None:
    d = residence("neighbourhood_or_village_committee_certificate", D(2025, 8, 31), D(2026, 2, 28))
    assert d.outcome is ResidenceOutcome.MEETS
    assert "period.month_end_clamped" in d.reason_codes
    d = residence("police_station_certificate", D(2023, 8, 31), D(2024, 2, 28))
    assert d.first_date_met == D(2024, 2, 29)
    assert d.outcome is ResidenceOutcome.DOES_NOT_MEET


def test_the_six_month_mark_is_not_moved_for_holidays() -> None:
    d = residence("police_station_certificate", D(2025, 8, 15), D(2026, 2, 15))
    assert d.first_date_met == D(2026, 2, 15)
    assert d.outcome is ResidenceOutcome.MEETS


def test_a_temporary_residence_permit_copy_is_accepted_without_a_six_month_test() -> None:
    d = residence("temporary_residence_permit_copy", None, D(2026, 7, 1))
    assert d.outcome is ResidenceOutcome.MEETS
    assert d.reason_codes == ("residence.temporary_permit_accepted",)


def test_another_kind_of_proof_is_not_accepted() -> None:
    d = residence("other", None, D(2026, 7, 1))
    assert d.outcome is ResidenceOutcome.DOES_NOT_MEET
    assert d.reason_codes == ("residence.proof_not_accepted",)


def test_a_copy_of_a_residence_certificate_does_not_meet_the_requirement() -> None:
    d = residence(
        "police_station_certificate", D(2025, 1, 1), D(2026, 7, 1), certificate_is_original=False
    )
    assert d.outcome is ResidenceOutcome.DOES_NOT_MEET
    assert "residence.certificate_not_original" in d.reason_codes


def test_a_short_copied_certificate_reports_both_failures() -> None:
    d = residence(
        "police_station_certificate", D(2026, 6, 1), D(2026, 7, 1), certificate_is_original=False
    )
    assert {"residence.six_months_not_met", "residence.certificate_not_original"} <= set(
        d.reason_codes
    )


def test_a_certificate_needs_the_day_residence_began() -> None:
    with pytest.raises(ValidationError, match="residence_start"):
        residence("police_station_certificate", None, D(2026, 7, 1))


def test_residence_beginning_after_the_filing_is_bad_input() -> None:
    with pytest.raises(ValidationError, match="residence_start"):
        residence("police_station_certificate", D(2026, 8, 1), D(2026, 7, 1))


# -- service-point settlement -------------------------------------------------------------------------


def settle(day: dt.date, channel: str = "service_point", **kw: object) -> SettlementDecision:
    case = SettlementCase(application_date=day, channel=channel, evaluation_date=day)  # type: ignore[arg-type]
    return service_settlement(case, **kw)  # type: ignore[arg-type]


def test_the_county_centre_settles_on_the_spot() -> None:
    d = settle(D(2026, 10, 1), "county_centre")
    assert d.outcome is SettlementOutcome.SETTLED_ON_THE_SPOT
    assert d.settlement_date == D(2026, 10, 1)


@pytest.mark.parametrize(
    ("applied", "due"),
    [
        (D(2026, 3, 9), D(2026, 3, 12)),  # Monday: Tue, Wed, Thu
        (D(2026, 3, 6), D(2026, 3, 11)),  # Friday: Mon, Tue, Wed
        (D(2026, 3, 7), D(2026, 3, 11)),  # Saturday: the day itself is not counted
        (D(2026, 2, 13), D(2026, 2, 25)),  # make-up Sat 14 Feb, then 24 and 25 Feb
        (D(2026, 9, 30), D(2026, 10, 10)),  # 8 and 9 Oct, then make-up Sat 10 Oct
        (D(2026, 10, 1), D(2026, 10, 10)),  # applied on a holiday
        (D(2025, 9, 26), D(2025, 9, 30)),  # Friday: make-up Sun 28 Sep, Mon 29, Tue 30
    ],
)
def test_a_service_point_settles_on_the_third_working_day_after_the_application(
    applied: dt.date, due: dt.date
) -> None:
    d = settle(applied)
    assert d.outcome is SettlementOutcome.SETTLED_BY_DATE
    assert d.settlement_date == due


def test_settlement_near_the_2027_spring_festival_is_given_as_a_range() -> None:
    d = settle(D(2027, 2, 4))
    assert d.outcome is SettlementOutcome.SETTLED_BY_DATE
    assert d.settlement_date is None
    assert (d.settlement_date_earliest, d.settlement_date_latest) == (
        D(2027, 2, 11),
        D(2027, 2, 18),
    )
    assert d.reason_codes[0] == "settlement.service_point_working_days_not_yet_known"
    assert d.unpublished_years == (2027,)


def test_settlement_on_days_the_regulations_fix_in_2027_is_exact() -> None:
    d = settle(D(2027, 3, 8))
    assert d.settlement_date == D(2027, 3, 11)
    assert d.reason_codes == ("settlement.service_point_working_days", "calendar.unpublished_year")


def test_settlement_into_an_unpublished_year_is_refused_by_a_strict_calendar_naming_the_field() -> (
    None
):
    with pytest.raises(CalendarYearNotCoveredError, match=r"^settlement_date: the 3 working days"):
        settle(D(2026, 12, 30), calendar=bundled_calendar().strict())
    d = settle(D(2026, 12, 30), calendar=bundled_calendar().provisional())
    assert d.settlement_date == D(2027, 1, 5)  # 31 Dec and 4 Jan guessed working, 1 Jan a holiday
    assert d.provisional


def test_the_settlement_decision_cites_source_004() -> None:
    d = settle(D(2026, 3, 9))
    assert d.reasons[0].citations[0].passage == "service_point"
    assert d.parameters[0].name == "enrolment.service_point_settlement"
