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
    YearArrangement,
    bundled_calendar,
    offsite_filing_residence,
    parameters_for,
    reimbursement_filing,
    service_settlement,
)
from medins_rules.core.calendar import DayStatus
from medins_rules.core.holidays import statutory_days
from medins_rules.processes.reimbursement import DeadlineOptions, OffsiteFiling
from medins_rules.testing.strategies.deadlines import (
    reimbursement_filing_cases,
    residence_cases,
    settlement_cases,
)

CAL = bundled_calendar()
SEVERITY = {FilingOutcome.ON_TIME: 0, FilingOutcome.LATE: 1, FilingOutcome.FORFEITED: 2}
GOLDEN = Path(__file__).parent / "golden" / "reimbursement_filing_2025.csv"


def _severities(d: ReimbursementFilingDecision) -> set[int]:
    """How severe the outcome is, or the outcomes still possible are (on time 0, late 1, lost 2)."""
    return {SEVERITY[o] for o in (d.possible_outcomes or (d.outcome,))}


@given(reimbursement_filing_cases(filed=True, offsite=False), st.integers(1, 400))
def test_a_later_filing_date_never_improves_the_outcome(
    case: ReimbursementFilingCase, delay: int
) -> None:
    assert case.filing_date is not None
    later_day = min(case.filing_date + dt.timedelta(days=delay), dt.date(2028, 12, 31))
    later = case.model_copy(update={"filing_date": later_day, "evaluation_date": later_day})
    first, second = reimbursement_filing(case), reimbursement_filing(later)
    if first.outcome is FilingOutcome.NOT_COVERED:
        assert second.outcome is FilingOutcome.NOT_COVERED
    else:
        assert min(_severities(second)) >= min(_severities(first))
        assert max(_severities(second)) >= max(_severities(first))


@given(reimbursement_filing_cases(offsite=False))
def test_the_last_days_are_working_days_no_earlier_than_the_corresponding_days(
    case: ReimbursementFilingCase,
) -> None:
    d = reimbursement_filing(case)
    if d.outcome is FilingOutcome.NOT_COVERED:
        assert d.last_on_time_day is None
        assert d.last_on_time_day_earliest is None
        return
    for delta, earliest, latest, exact in (
        (relativedelta(months=6), d.last_on_time_day_earliest, d.last_on_time_day_latest,
         d.last_on_time_day),
        (relativedelta(years=1), d.last_payable_day_earliest, d.last_payable_day_latest,
         d.last_payable_day),
    ):  # fmt: skip
        assert earliest is not None
        assert latest is not None
        nominal = case.payment_date + delta
        assert nominal <= earliest <= latest
        assert exact == (earliest if earliest == latest else None)
        assert CAL.status(latest) is DayStatus.WORKING  # the latest is surely a working day
        assert CAL.status(earliest) is not DayStatus.REST  # the earliest may be one
        day = nominal
        while day < earliest:  # nothing before the earliest can be a working day
            assert CAL.status(day) is DayStatus.REST
            day += dt.timedelta(days=1)
        while day < latest:  # between the bounds, only rest days and days not yet known
            assert CAL.status(day) is not DayStatus.WORKING
            day += dt.timedelta(days=1)
    assert d.last_on_time_day_latest < d.last_payable_day_earliest


@given(reimbursement_filing_cases(offsite=False))
def test_the_outcome_follows_from_the_bounds_of_the_two_last_days(
    case: ReimbursementFilingCase,
) -> None:
    d = reimbursement_filing(case)
    if d.outcome is FilingOutcome.NOT_COVERED:
        return
    assert d.last_on_time_day_earliest is not None
    assert d.last_on_time_day_latest is not None
    assert d.last_payable_day_earliest is not None
    assert d.last_payable_day_latest is not None
    day = case.filing_date or case.evaluation_date
    possible = {
        FilingOutcome.ON_TIME
        if day <= on_time
        else FilingOutcome.LATE
        if day <= payable
        else FilingOutcome.FORFEITED
        for on_time in (d.last_on_time_day_earliest, d.last_on_time_day_latest)
        for payable in (d.last_payable_day_earliest, d.last_payable_day_latest)
    }
    if len(possible) == 1:
        assert d.outcome is possible.pop()
        assert d.possible_outcomes == ()
    else:
        assert d.outcome is FilingOutcome.UNDETERMINED
        assert set(d.possible_outcomes) == possible
        assert d.unpublished_years
    if case.filing_date is None:
        assert d.days_left_on_time_min == max(0, (d.last_on_time_day_earliest - day).days)
        assert d.days_left_on_time_max == max(0, (d.last_on_time_day_latest - day).days)
        assert d.days_left_payable_min == max(0, (d.last_payable_day_earliest - day).days)
        assert d.days_left_payable_max == max(0, (d.last_payable_day_latest - day).days)
        if d.last_on_time_day is not None:
            assert d.days_left_on_time == d.days_left_on_time_min


@given(reimbursement_filing_cases(offsite=False), st.sampled_from([0, 3, 10]))
def test_an_outcome_stated_under_partial_knowledge_holds_under_every_arrangement(
    case: ReimbursementFilingCase, seed: int
) -> None:
    """Publishing any arrangement the regulations allow for the unknown days never contradicts a
    decided outcome: it only settles an undetermined one."""
    d = reimbursement_filing(case)
    if not d.unpublished_years or d.outcome is FilingOutcome.NOT_COVERED:
        return
    calendar = CAL
    for year in d.unpublished_years:
        calendar = calendar.with_year(_an_arrangement(year, seed))
    arranged = reimbursement_filing(case, calendar=calendar)
    assert arranged.unpublished_years == ()
    assert arranged.outcome is not FilingOutcome.UNDETERMINED
    if d.outcome is FilingOutcome.UNDETERMINED:
        assert arranged.outcome in d.possible_outcomes
    else:
        assert arranged.outcome is d.outcome


def _without_offsite(case: ReimbursementFilingCase) -> ReimbursementFilingCase:
    return case.model_copy(update={"offsite_filing": None})


@given(reimbursement_filing_cases(offsite=True), st.booleans())
def test_the_off_site_filing_never_moves_a_last_day_and_only_narrows_the_claim(
    case: ReimbursementFilingCase, after_counts: bool
) -> None:
    """The off-site filing decides whether the claim is within the reimbursement, never when its
    windows end: within scope the outcome is the windows' outcome, outside it the outcome says so."""
    options = DeadlineOptions(offsite_filing_after_treatment_counts=after_counts)
    d = reimbursement_filing(case, options=options)
    windows = reimbursement_filing(_without_offsite(case), options=options)
    assert (d.last_on_time_day_earliest, d.last_on_time_day_latest) == (
        windows.last_on_time_day_earliest,
        windows.last_on_time_day_latest,
    )
    assert d.last_payable_day_latest == windows.last_payable_day_latest
    if windows.outcome is FilingOutcome.NOT_COVERED:
        assert d.outcome is FilingOutcome.NOT_COVERED
    elif d.outcome is FilingOutcome.OUTSIDE_OFFSITE_SCOPE:
        assert d.missing_facts == ()
        assert d.possible_outcomes == ()
    elif d.missing_facts:
        assert d.outcome is FilingOutcome.UNDETERMINED
        assert d.possible_outcomes[0] is FilingOutcome.OUTSIDE_OFFSITE_SCOPE
        assert set(d.possible_outcomes[1:]) == set(windows.possible_outcomes or (windows.outcome,))
    else:
        assert (d.outcome, d.possible_outcomes) == (windows.outcome, windows.possible_outcomes)


def _completions(offsite: OffsiteFiling, payment: dt.date) -> list[OffsiteFiling]:
    """Ways of filling in the facts of ``offsite`` not known: each unknown fact takes values on
    either side of the line the rule draws."""
    done_values = [True, False] if offsite.done is None else [offsite.done]
    selected_values = (
        [True, False] if offsite.institution_selected is None else [offsite.institution_selected]
    )
    out = []
    for done in done_values:
        if not done:
            out.append(OffsiteFiling(done=False))
            continue
        dates = [offsite.date] if offsite.date else [payment - dt.timedelta(days=40), payment]
        for day in dates:
            assert day is not None
            before = min(day, payment)
            after = before - dt.timedelta(days=1)
            starts = [offsite.treatment_start] if offsite.treatment_start else [before, after]
            for start in starts:
                for selected in selected_values:
                    out.append(
                        OffsiteFiling(
                            done=True,
                            date=day,
                            institution_selected=selected,
                            treatment_start=start,
                        )
                    )
    return out


@given(reimbursement_filing_cases(offsite=True), st.booleans())
def test_learning_the_missing_off_site_facts_gives_one_of_the_possible_outcomes(
    case: ReimbursementFilingCase, after_counts: bool
) -> None:
    """Whatever the facts named as missing turn out to be, the outcome is one the decision said was
    possible; a decided outcome never depends on them."""
    options = DeadlineOptions(offsite_filing_after_treatment_counts=after_counts)
    d = reimbursement_filing(case, options=options)
    assert case.offsite_filing is not None
    for known in _completions(case.offsite_filing, case.payment_date):
        # every completion is dated on or before the payment or as given, so on or before the
        # evaluation date: the case stays valid and only the off-site facts change
        filled = ReimbursementFilingCase.model_validate(
            {**case.model_dump(), "offsite_filing": known.model_dump()}
        )
        learned = reimbursement_filing(filled, options=options)
        assert learned.missing_facts == ()
        if d.outcome is FilingOutcome.UNDETERMINED:
            # still undetermined only where the calendar leaves it so, and then between fewer
            assert set(learned.possible_outcomes or (learned.outcome,)) <= set(d.possible_outcomes)
        else:
            assert learned.outcome is d.outcome


@given(reimbursement_filing_cases(offsite=None))
def test_every_decision_has_cited_reasons_and_round_trips(case: ReimbursementFilingCase) -> None:
    d = reimbursement_filing(case)
    assert d.reasons
    assert all(r.citations and r.message_en and r.message_zh for r in d.reasons)
    assert ReimbursementFilingDecision.model_validate_json(d.model_dump_json()) == d
    assert ReimbursementFilingCase.model_validate_json(case.model_dump_json()) == case
    assert reimbursement_filing(case) == d  # deterministic


@given(reimbursement_filing_cases(filed=True, offsite=False), st.integers(1, 5))
def test_a_shorter_window_never_helps(case: ReimbursementFilingCase, months: int) -> None:
    params = parameters_for(case.jurisdiction, on=case.payment_date)
    shorter = params.with_value("reimbursement.on_time_window", months)
    base, short = reimbursement_filing(case), reimbursement_filing(case, parameters=shorter)
    if base.outcome is not FilingOutcome.NOT_COVERED:
        assert min(_severities(short)) >= min(_severities(base))
        assert max(_severities(short)) >= max(_severities(base))


@given(residence_cases(residence_periods=None))
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
    for as_working, expected in (
        (True, d.settlement_date_earliest),
        (False, d.settlement_date_latest),
    ):
        day, count = d.application_date, 0
        while count < 3:
            day += dt.timedelta(days=1)
            status = CAL.status(day)
            count += status is DayStatus.WORKING or (status is DayStatus.UNKNOWN and as_working)
        assert expected == day
    if d.settlement_date_earliest == d.settlement_date_latest:
        assert d.settlement_date == d.settlement_date_earliest
    else:
        assert d.settlement_date is None
    assert SettlementDecision.model_validate_json(d.model_dump_json()) == d


def _independent_last_day(payment: dt.date, delta: relativedelta) -> dt.date:
    """An independent computation: dateutil for the corresponding day, chinesecalendar to roll."""
    day: dt.date = payment + delta
    while not chinese_calendar.is_workday(day):
        day += dt.timedelta(days=1)
    return day


def test_the_golden_table_of_2025_payments_matches_the_rule_and_an_independent_count() -> None:
    """Every 2025 payment day: its last on-time day, and its last payable day or, for the payments
    of 25-31 December whose one-year day waits for the 2027 notice (a New Year arrangement may
    reach back into December 2026), the earliest and latest it can be."""
    with GOLDEN.open() as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 365
    waiting = []
    for row in rows:
        payment = dt.date.fromisoformat(row["payment_date"])
        on_time = dt.date.fromisoformat(row["last_on_time_day"])
        earliest = dt.date.fromisoformat(row["last_payable_day_earliest"])
        latest = dt.date.fromisoformat(row["last_payable_day_latest"])
        payable = (
            dt.date.fromisoformat(row["last_payable_day"]) if row["last_payable_day"] else None
        )
        d = reimbursement_filing(
            ReimbursementFilingCase(
                payment_date=payment, treatment="hospitalisation", evaluation_date=payment
            )
        )
        assert (d.last_on_time_day, d.last_payable_day) == (on_time, payable), payment
        assert (d.last_payable_day_earliest, d.last_payable_day_latest) == (earliest, latest)
        assert on_time == _independent_last_day(payment, relativedelta(months=6)), payment
        independent = _independent_last_day(payment, relativedelta(years=1))
        if payable is None:
            waiting.append(payment)
            assert earliest <= independent <= latest, payment  # the 2026 notice's own reading
        else:
            assert payable == independent == earliest == latest, payment
    assert waiting == [dt.date(2025, 12, d) for d in range(25, 32)]


def _an_arrangement(year: int, seed: int) -> YearArrangement:
    """One arrangement of ``year`` the regulations allow: the statutory days, plus, by ``seed``,
    some of the days not yet known made rest days (weekdays) or working days (weekends)."""
    statutory = statutory_days(year)
    holidays, make_up = set(statutory), set()
    day = dt.date(year - 1, 12, 1)
    index = 0
    while day <= dt.date(year, 12, 31):
        if CAL.status(day) is DayStatus.UNKNOWN and CAL.notice_year(day) == year:
            index += 1
            if seed and index % seed == 0:
                (holidays if day.weekday() < 5 else make_up).add(day)
        day += dt.timedelta(days=1)
    return YearArrangement(
        year=year,
        holidays=frozenset(holidays),
        make_up_working_days=frozenset(make_up),
        source=f"an arrangement of {year} for the test (seed {seed})",
    )
