"""The fast per-record path of the deadline rules gives exactly the decisions of the plain one.

The reference below is the straightforward construction (every reason through its template, every
model through ``model_construct`` or the validating constructor, nothing cached). The rules share
per-day work and build models directly; these tests pin that the result is the same decision: equal,
the same JSON byte for byte, the same fields-set and the same field order.
"""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from medins_rules.core.calendar import WorkingDayCalendar, bundled_calendar
from medins_rules.core.errors import CalendarYearNotCoveredError, ParameterNotInForceError
from medins_rules.core.model import (
    Facts,
    Jurisdiction,
    ParameterUse,
    Reason,
    ReasonTemplate,
    render_fact,
)
from medins_rules.core.parameters import ParameterSet, parameters_for
from medins_rules.core.periods import period_end, period_reasons, provisional_reasons
from medins_rules.engine import catalogue
from medins_rules.engine.memo import fast_constructor
from medins_rules.processes.enrolment import (
    SETTLED_ON_THE_SPOT,
    SETTLED_WITHIN_WORKING_DAYS,
    EnrolmentChannel,
    SettlementCase,
    SettlementDecision,
    SettlementOutcome,
    service_settlement,
)
from medins_rules.processes.offsite_filing import (
    RESIDENCE_COPY_REFUSED,
    RESIDENCE_MET,
    RESIDENCE_NOT_MET,
    RESIDENCE_PERMIT,
    RESIDENCE_PROOF_REFUSED,
    ResidenceCase,
    ResidenceDecision,
    ResidenceOutcome,
    ResidenceProof,
    offsite_filing_residence,
)
from medins_rules.processes.reimbursement import (
    COVERED_TREATMENTS,
    DEFAULT_DEADLINE_OPTIONS,
    FILED_AFTER_ONE_YEAR,
    FILED_LATE,
    FILED_ON_TIME,
    NOT_COVERED,
    OPEN_FORFEITED,
    OPEN_LATE,
    OPEN_ON_TIME,
    START_NOT_COUNTED,
    DeadlineOptions,
    FilingOutcome,
    ReimbursementFilingCase,
    ReimbursementFilingDecision,
    TreatmentKind,
    reimbursement_filing,
)
from medins_rules.testing.strategies.deadlines import boundary_dates

CAL = bundled_calendar()
PROVISIONAL = CAL.provisional()


def reference_filing(
    case: ReimbursementFilingCase,
    *,
    parameters: ParameterSet | None = None,
    calendar: WorkingDayCalendar | None = None,
    options: DeadlineOptions = DEFAULT_DEADLINE_OPTIONS,
) -> ReimbursementFilingDecision:
    """The rule as first written: the plain construction, nothing shared between decisions."""
    if case.treatment not in COVERED_TREATMENTS:
        return ReimbursementFilingDecision(
            rule="deadlines.reimbursement_filing",
            outcome=FilingOutcome.NOT_COVERED,
            reasons=(NOT_COVERED(treatment=case.treatment),),
            evaluation_date=case.evaluation_date,
            jurisdiction=case.jurisdiction,
            payment_date=case.payment_date,
            treatment=case.treatment,
            filing_date=case.filing_date,
            last_on_time_day=None,
            last_payable_day=None,
        )
    params = parameters or parameters_for(case.jurisdiction, on=case.payment_date)
    window = params.version("reimbursement.on_time_window")
    limit = params.version("reimbursement.payable_limit")
    assert isinstance(window.value, int)
    assert isinstance(limit.value, int)
    cal = calendar or bundled_calendar()
    on_time = period_end(
        case.payment_date, months=window.value, calendar=cal, roll_forward=options.roll_forward
    )
    payable = period_end(
        case.payment_date, years=limit.value, calendar=cal, roll_forward=options.roll_forward
    )
    filed = case.filing_date is not None
    day = case.filing_date if case.filing_date is not None else case.evaluation_date
    facts: dict[str, Any] = {
        "payment_date": case.payment_date,
        "last_on_time_day": on_time.last_day,
        "last_payable_day": payable.last_day,
    }
    days_on_time = days_payable = None
    if day <= on_time.last_day:
        outcome = FilingOutcome.ON_TIME
    elif day <= payable.last_day:
        outcome = FilingOutcome.LATE
    else:
        outcome = FilingOutcome.FORFEITED
    if filed:
        main = {
            FilingOutcome.ON_TIME: FILED_ON_TIME,
            FilingOutcome.LATE: FILED_LATE,
            FilingOutcome.FORFEITED: FILED_AFTER_ONE_YEAR,
        }[outcome]
        extra: dict[str, Any] = {
            "filing_date": day,
            "window_months": window.value,
            "limit_years": limit.value,
        }
    else:
        days_on_time = max(0, (on_time.last_day - day).days)
        days_payable = max(0, (payable.last_day - day).days)
        main = {
            FilingOutcome.ON_TIME: OPEN_ON_TIME,
            FilingOutcome.LATE: OPEN_LATE,
            FilingOutcome.FORFEITED: OPEN_FORFEITED,
        }[outcome]
        extra = {
            "evaluation_date": day,
            "days_left_on_time": days_on_time,
            "days_left_payable": days_payable,
        }
    first = main(**{k: v for k, v in {**facts, **extra}.items() if k in main.placeholders})
    reasons: list[Reason] = [first, START_NOT_COUNTED(payment_date=case.payment_date)]
    reasons += period_reasons(on_time, "the on-time filing window", "按时申请期限")
    reasons += period_reasons(payable, "the one-year payable limit", "可支付期限")
    provisional = on_time.provisional_years + payable.provisional_years
    reasons += provisional_reasons(provisional)
    return ReimbursementFilingDecision.model_construct(
        rule="deadlines.reimbursement_filing",
        outcome=outcome,
        reasons=tuple(reasons),
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
        parameters=(window.use(), limit.use()),
        provisional=bool(provisional),
        payment_date=case.payment_date,
        treatment=case.treatment,
        filing_date=case.filing_date,
        last_on_time_day=on_time.last_day,
        last_payable_day=payable.last_day,
        days_left_on_time=days_on_time,
        days_left_payable=days_payable,
    )


def residence_field(case: ResidenceCase) -> str:
    """The field whose date selects the residence rule's parameters."""
    return "filing_date" if case.filing_date is not None else "evaluation_date"


def reference_residence(
    case: ResidenceCase, *, parameters: ParameterSet | None = None
) -> ResidenceDecision:
    """The residence rule as first written."""
    filing = case.filing_date or case.evaluation_date
    params = parameters or parameters_for(case.jurisdiction, on=filing)
    version = params.version("offsite_filing.minimum_residence")
    assert isinstance(version.value, int)
    reasons: list[Reason] = []
    first_met: dt.date | None = None
    outcome = ResidenceOutcome.MEETS
    if case.proof is ResidenceProof.TEMPORARY_RESIDENCE_PERMIT_COPY:
        reasons.append(RESIDENCE_PERMIT())
    elif case.proof is ResidenceProof.OTHER:
        outcome = ResidenceOutcome.DOES_NOT_MEET
        reasons.append(RESIDENCE_PROOF_REFUSED(proof=case.proof))
    else:
        assert case.residence_start is not None
        end = period_end(case.residence_start, months=version.value, roll_forward=False)
        first_met = end.nominal
        facts = {
            "residence_start": case.residence_start,
            "minimum_months": version.value,
            "first_date_met": first_met,
            "filing_date": filing,
        }
        if filing >= first_met:
            reasons.append(RESIDENCE_MET(**facts))
        else:
            outcome = ResidenceOutcome.DOES_NOT_MEET
            reasons.append(RESIDENCE_NOT_MET(**facts))
        if not case.certificate_is_original:
            outcome = ResidenceOutcome.DOES_NOT_MEET
            reasons.append(RESIDENCE_COPY_REFUSED())
        reasons += period_reasons(end, "the six months of residence", "连续居住期间")
    return ResidenceDecision(
        rule="deadlines.offsite_filing_residence",
        outcome=outcome,
        reasons=tuple(reasons),
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
        parameters=(version.use(),),
        proof=case.proof,
        filing_date=filing,
        first_date_met=first_met,
    )


def reference_settlement(
    case: SettlementCase,
    *,
    parameters: ParameterSet | None = None,
    calendar: WorkingDayCalendar | None = None,
) -> SettlementDecision:
    """The settlement rule as first written."""
    params = parameters or parameters_for(case.jurisdiction, on=case.application_date)
    day = case.application_date
    if case.channel is EnrolmentChannel.COUNTY_CENTRE:
        due, reasons, provisional, used = day, (SETTLED_ON_THE_SPOT(application_date=day),), (), ()
    else:
        version = params.version("enrolment.service_point_settlement")
        assert isinstance(version.value, int)
        cal = calendar or bundled_calendar()
        due = cal.nth_working_day_after(day, version.value)
        provisional = cal.provisional_years(day, due) if cal.is_provisional else ()
        reasons = (
            SETTLED_WITHIN_WORKING_DAYS(
                application_date=day, working_days=version.value, settlement_date=due
            ),
            *provisional_reasons(provisional),
        )
        used = (version.use(),)
    return SettlementDecision(
        rule="deadlines.service_settlement",
        outcome=SettlementOutcome.SETTLED_ON_THE_SPOT
        if case.channel is EnrolmentChannel.COUNTY_CENTRE
        else SettlementOutcome.SETTLED_BY_DATE,
        reasons=reasons,
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
        parameters=used,
        provisional=bool(provisional),
        channel=case.channel,
        application_date=day,
        settlement_date=due,
    )


def assert_same_model(fast: BaseModel, plain: BaseModel) -> None:
    assert type(fast) is type(plain)
    assert fast == plain
    assert hash(fast) == hash(plain)
    assert fast.model_dump_json() == plain.model_dump_json()
    assert fast.model_fields_set == plain.model_fields_set
    assert list(fast.__dict__) == list(plain.__dict__)
    assert fast.__pydantic_extra__ == plain.__pydantic_extra__
    assert fast.__pydantic_private__ == plain.__pydantic_private__
    for name, value in fast.__dict__.items():
        if isinstance(value, tuple):
            for a, b in zip(value, plain.__dict__[name], strict=True):
                if isinstance(a, BaseModel):
                    assert_same_model(a, b)
        if isinstance(value, dict):
            assert list(value.items()) == list(plain.__dict__[name].items())
        if isinstance(value, BaseModel):
            assert_same_model(value, plain.__dict__[name])


@st.composite
def filing_cases(draw: st.DrawFn, calendar: WorkingDayCalendar) -> ReimbursementFilingCase:
    """Cases over the whole span the calendar and the parameters cover, and a little beyond it."""
    payment = draw(boundary_dates(dt.date(2011, 6, 1), dt.date(2027, 3, 31), calendar))
    day = payment + dt.timedelta(days=draw(st.integers(0, 420)))
    filed = draw(st.booleans())
    return ReimbursementFilingCase(
        payment_date=payment,
        treatment=draw(st.sampled_from(TreatmentKind)),
        filing_date=day if filed else None,
        evaluation_date=day + dt.timedelta(days=draw(st.integers(0, 30))) if filed else day,
    )


def outcome_of(rule: Any, case: Any, *, field: str | None = None, **kwargs: Any) -> Any:
    """The decision, or the error's type and message. ``field``: the input field a reference
    implementation (written before errors named their field) should name in its error."""
    try:
        return rule(case, **kwargs)
    except (CalendarYearNotCoveredError, ParameterNotInForceError) as exc:
        return (type(exc), str(exc.about(field) if field else exc))


@settings(max_examples=400)
@given(
    st.sampled_from([CAL, PROVISIONAL]).flatmap(lambda c: st.tuples(st.just(c), filing_cases(c))),
    st.booleans(),
)
def test_the_fast_filing_rule_gives_exactly_the_plain_decision(
    drawn: tuple[WorkingDayCalendar, ReimbursementFilingCase], roll_forward: bool
) -> None:
    calendar, case = drawn
    options = DeadlineOptions(roll_forward=roll_forward)
    for _ in range(2):  # the second time from the shared per-day work
        fast = outcome_of(reimbursement_filing, case, calendar=calendar, options=options)
        plain = outcome_of(
            reference_filing, case, field="payment_date", calendar=calendar, options=options
        )
        if isinstance(plain, BaseModel):
            assert_same_model(fast, plain)
        else:
            assert fast == plain


@settings(max_examples=100)
@given(filing_cases(CAL), st.integers(1, 24), st.integers(1, 3))
def test_the_fast_filing_rule_follows_given_parameters(
    case: ReimbursementFilingCase, window: int, limit: int
) -> None:
    params = (
        parameters_for(case.jurisdiction, on=dt.date(2026, 1, 1))
        .with_value("reimbursement.on_time_window", window)
        .with_value("reimbursement.payable_limit", limit)
    )
    fast = outcome_of(reimbursement_filing, case, parameters=params)
    plain = outcome_of(reference_filing, case, field="payment_date", parameters=params)
    if isinstance(plain, BaseModel):
        assert_same_model(fast, plain)
    else:
        assert fast == plain


@st.composite
def residence_cases(draw: st.DrawFn) -> ResidenceCase:
    proof = draw(st.sampled_from(ResidenceProof))
    start = draw(boundary_dates(dt.date(2008, 1, 1), dt.date(2026, 12, 31), CAL))
    filing = start + dt.timedelta(days=draw(st.integers(0, 400)))
    certificate = proof not in (
        ResidenceProof.TEMPORARY_RESIDENCE_PERMIT_COPY,
        ResidenceProof.OTHER,
    )
    return ResidenceCase(
        proof=proof,
        residence_start=start if certificate or draw(st.booleans()) else None,
        certificate_is_original=draw(st.booleans()),
        filing_date=filing if draw(st.booleans()) else None,
        evaluation_date=filing,
    )


@settings(max_examples=300)
@given(residence_cases())
def test_the_fast_residence_rule_gives_exactly_the_plain_decision(case: ResidenceCase) -> None:
    for _ in range(2):
        fast = outcome_of(offsite_filing_residence, case)
        plain = outcome_of(reference_residence, case, field=residence_field(case))
        if isinstance(plain, BaseModel):
            assert_same_model(fast, plain)
        else:
            assert fast == plain


@settings(max_examples=300)
@given(
    st.sampled_from([CAL, PROVISIONAL]),
    boundary_dates(dt.date(2011, 6, 1), dt.date(2027, 1, 31), CAL),
    st.sampled_from(EnrolmentChannel),
    st.booleans(),
)
def test_the_fast_settlement_rule_gives_exactly_the_plain_decision(
    calendar: WorkingDayCalendar, day: dt.date, channel: EnrolmentChannel, default_calendar: bool
) -> None:
    case = SettlementCase(application_date=day, channel=channel, evaluation_date=day)
    kwargs: dict[str, Any] = {} if default_calendar else {"calendar": calendar}
    for _ in range(2):
        fast = outcome_of(service_settlement, case, **kwargs)
        plain = outcome_of(reference_settlement, case, field="application_date", **kwargs)
        if isinstance(plain, BaseModel):
            assert_same_model(fast, plain)
        else:
            assert fast == plain


def test_a_nightly_run_on_one_day_shares_the_first_reason_and_stays_exact() -> None:
    case = ReimbursementFilingCase(
        payment_date=dt.date(2025, 8, 31),
        treatment=TreatmentKind.HOSPITALISATION,
        evaluation_date=dt.date(2025, 9, 1),
    )
    first, second = reimbursement_filing(case), reimbursement_filing(case)
    assert first.reasons[0] is second.reasons[0]  # frozen, so shared rather than rebuilt
    later = case.model_copy(update={"evaluation_date": dt.date(2025, 9, 2)})
    assert_same_model(reimbursement_filing(later), reference_filing(later))
    assert_same_model(reimbursement_filing(case), reference_filing(case))


def test_the_fast_constructor_builds_what_model_construct_builds() -> None:
    values = {
        "name": "reimbursement.payable_limit",
        "jurisdiction": Jurisdiction.GUANGZHOU,
        "value": "1",
        "unit": "years",
        "effective_from": dt.date(2011, 7, 1),
        "effective_to": None,
    }
    assert_same_model(
        fast_constructor(ParameterUse)(dict(values)), ParameterUse.model_construct(**values)
    )
    built = fast_constructor(ParameterUse, fields_set={"name"})(dict(values))
    assert built.model_fields_set == {"name"}


def test_the_fast_constructor_refuses_models_it_cannot_build_exactly() -> None:
    class WithPrivate(BaseModel):
        _cache: int = 0

    with pytest.raises(TypeError, match="not a plain model"):
        fast_constructor(WithPrivate)


@given(
    st.sampled_from(list(catalogue.all_reasons().values())),
    st.dates(dt.date(2011, 7, 1), dt.date(2026, 12, 31)),
    st.integers(0, 10_000),
)
def test_a_template_builds_what_model_construct_and_validation_build(
    template: ReasonTemplate, day: dt.date, number: int
) -> None:
    names = {
        name
        for text in (template.en, template.zh)
        for _, name, _, _ in string.Formatter().parse(text)
        if name is not None
    }
    values: dict[str, object] = {
        name: number if "days" in name or "months" in name or "years" in name else day
        for name in names
    }
    reason = template(**values)
    rendered = {name: render_fact(value) for name, value in values.items()}
    plain = Reason.model_construct(
        code=template.code,
        message_en=template.en.format_map(rendered),
        message_zh=template.zh.format_map(rendered),
        citations=template.citations,
        facts=Facts(rendered),
    )
    assert_same_model(reason, plain)
    validated = Reason.model_validate(plain.model_dump())
    assert reason == validated
    assert reason.model_dump_json() == validated.model_dump_json()
