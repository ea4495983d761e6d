"""The columnar path gives, record by record, exactly what the per-record rules decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

np = pytest.importorskip("numpy")

from hypothesis import event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from medins_rules.core.calendar import WorkingDayCalendar, bundled_calendar  # noqa: E402
from medins_rules.core.errors import CalendarYearNotCoveredError, MedinsRulesError  # noqa: E402
from medins_rules.core.parameters import parameters_for  # noqa: E402
from medins_rules.core.periods import add_months  # noqa: E402
from medins_rules.engine.columnar import (  # noqa: E402
    CHANNELS,
    FILING_OUTCOMES,
    PROOFS,
    RESIDENCE_OUTCOMES,
    SETTLEMENT_OUTCOMES,
    TREATMENTS,
    ColumnarInputError,
    add_months_columns,
    codes,
    offsite_filing_residence_columns,
    reimbursement_filing_columns,
    service_settlement_columns,
)
from medins_rules.processes.enrolment import (  # noqa: E402
    EnrolmentChannel,
    SettlementCase,
    service_settlement,
)
from medins_rules.processes.offsite_filing import (  # noqa: E402
    ResidenceCase,
    ResidenceProof,
    offsite_filing_residence,
)
from medins_rules.processes.reimbursement import (  # noqa: E402
    DeadlineOptions,
    FilingOutcome,
    ReimbursementFilingCase,
    TreatmentKind,
    reimbursement_filing,
)
from medins_rules.testing.strategies.deadlines import boundary_dates  # noqa: E402

CAL = bundled_calendar()
PROVISIONAL = CAL.provisional()
STRICT = CAL.strict()
CALENDARS = [CAL, PROVISIONAL, STRICT]
NAT = np.datetime64("NaT", "D")


def as_days(dates: list[dt.date | None]) -> Any:
    return np.array([NAT if d is None else np.datetime64(d, "D") for d in dates])


def per_record(rule: Any, cases: list[Any], **kwargs: Any) -> list[Any]:
    """The per-record decisions; raises what the first refused record raises."""
    return [rule(case, **kwargs) for case in cases]


def error_of(call: Any) -> tuple[type[BaseException], str] | None:
    try:
        call()
    except MedinsRulesError as exc:
        return type(exc), str(exc)
    return None


# -- reimbursement filing ---------------------------------------------------------------------------


@st.composite
def filing_batches(draw: st.DrawFn, calendar: WorkingDayCalendar) -> list[ReimbursementFilingCase]:
    """Valid records: payment dates over the parameters' and the calendar's span and a little
    beyond both (so some records are refused), biased to month ends, leap days, holidays and make-up
    working days; filed or not; every treatment."""
    records = []
    for _ in range(draw(st.integers(1, 25))):
        payment = draw(boundary_dates(dt.date(2011, 5, 1), dt.date(2028, 3, 31), calendar))
        six, _ = add_months(payment, 6)
        year, _ = add_months(payment, 12)
        near = [six + dt.timedelta(days=k) for k in range(-1, 10)] + [
            year + dt.timedelta(days=k) for k in range(-1, 10)
        ]
        day = draw(st.one_of(st.sampled_from(near), st.dates(payment, payment + dt.timedelta(450))))
        filed = draw(st.booleans())
        records.append(
            ReimbursementFilingCase(
                payment_date=payment,
                treatment=draw(st.sampled_from(TreatmentKind)),
                filing_date=day if filed else None,
                evaluation_date=day + dt.timedelta(days=draw(st.integers(0, 40))) if filed else day,
            )
        )
    return records


@settings(max_examples=150)
@given(
    st.sampled_from(CALENDARS).flatmap(lambda c: st.tuples(st.just(c), filing_batches(c))),
    st.booleans(),
    st.booleans(),
)
def test_filing_columns_equal_the_per_record_rule(
    drawn: tuple[WorkingDayCalendar, list[ReimbursementFilingCase]],
    roll_forward: bool,
    treatment_as_text: bool,
) -> None:
    calendar, cases = drawn
    options = DeadlineOptions(roll_forward=roll_forward)
    treatments = [
        c.treatment.value if treatment_as_text else TREATMENTS.index(c.treatment) for c in cases
    ]

    def columns() -> Any:
        return reimbursement_filing_columns(
            as_days([c.payment_date for c in cases]),
            treatments,
            as_days([c.filing_date for c in cases]),
            evaluation_date=as_days([c.evaluation_date for c in cases]),
            calendar=calendar,
            options=options,
        )

    expected_error = error_of(
        lambda: per_record(reimbursement_filing, cases, calendar=calendar, options=options)
    )
    event("refused" if expected_error else "answered")
    if expected_error is not None:
        assert error_of(columns) == expected_error
        return
    result = columns()
    decisions = per_record(reimbursement_filing, cases, calendar=calendar, options=options)
    assert_same_filing(result, decisions)


def assert_same_filing(result: Any, decisions: list[Any]) -> None:
    """Record by record, the columns say what the per-record decisions say."""
    assert len(result) == len(decisions)
    for i, d in enumerate(decisions):
        assert FILING_OUTCOMES[result.outcome[i]] is d.outcome
        assert result.outcomes()[i] is d.outcome
        assert result.possible_outcomes(i) == d.possible_outcomes
        for name in (
            "last_on_time_day",
            "last_payable_day",
            "last_on_time_day_earliest",
            "last_on_time_day_latest",
            "last_payable_day_earliest",
            "last_payable_day_latest",
        ):
            assert same_day(getattr(result, name)[i], getattr(d, name)), name
        for name in (
            "days_left_on_time",
            "days_left_payable",
            "days_left_on_time_min",
            "days_left_on_time_max",
            "days_left_payable_min",
            "days_left_payable_max",
        ):
            expected = getattr(d, name)
            assert getattr(result, name)[i] == (-1 if expected is None else expected), name
        assert bool(result.provisional[i]) is d.provisional
        assert bool(result.unpublished[i]) is bool(d.unpublished_years)


def same_day(value: Any, expected: dt.date | None) -> bool:
    return (
        bool(np.isnat(value)) if expected is None else bool(value == np.datetime64(expected, "D"))
    )


def test_a_payment_whose_year_ends_in_an_unpublished_year_is_refused_by_a_strict_calendar() -> None:
    case = ReimbursementFilingCase(
        payment_date=dt.date(2026, 6, 1),
        treatment=TreatmentKind.HOSPITALISATION,
        evaluation_date=dt.date(2026, 6, 1),
    )
    expected = error_of(lambda: reimbursement_filing(case, calendar=STRICT))
    assert expected is not None
    assert expected[1].startswith("last_payable_day: ")
    with pytest.raises(CalendarYearNotCoveredError) as info:
        reimbursement_filing_columns(
            as_days([dt.date(2025, 6, 1), case.payment_date]),
            ["hospitalisation", "hospitalisation"],
            evaluation_date=np.datetime64("2026-06-01"),
            calendar=STRICT,
        )
    assert (type(info.value), str(info.value)) == expected
    assert info.value.__notes__ == ["record 1"]


def test_a_payment_whose_year_ends_after_2100_is_refused_as_the_rule_refuses_it() -> None:
    with pytest.raises(CalendarYearNotCoveredError, match=r"^last_payable_day: .*2101") as info:
        reimbursement_filing_columns(
            as_days([dt.date(2100, 3, 1)]), [0], evaluation_date=np.datetime64("2100-03-01")
        )
    assert info.value.__notes__ == ["record 0"]


def test_bounds_come_as_columns_where_a_last_day_is_not_yet_known() -> None:
    result = reimbursement_filing_columns(
        as_days([dt.date(2026, 8, 15), dt.date(2026, 2, 10)]),
        ["hospitalisation", "hospitalisation"],
        as_days([dt.date(2027, 2, 16), dt.date(2027, 2, 11)]),
        evaluation_date=as_days([dt.date(2027, 2, 16), dt.date(2027, 2, 11)]),
    )
    assert [o.value for o in result.outcomes()] == ["undetermined", "undetermined"]
    assert result.possible_outcomes(0) == (FilingOutcome.ON_TIME, FilingOutcome.LATE)
    assert result.possible_outcomes(1) == (FilingOutcome.LATE, FilingOutcome.FORFEITED)
    assert np.isnat(result.last_on_time_day[0])
    assert result.last_on_time_day_earliest[0] == np.datetime64("2027-02-15")
    assert result.last_on_time_day_latest[0] == np.datetime64("2027-02-16")
    assert result.unpublished.tolist() == [True, True]


def test_a_provisional_calendar_answers_beyond_its_years_and_says_so() -> None:
    result = reimbursement_filing_columns(
        as_days([dt.date(2026, 8, 15)]),
        ["hospitalisation"],
        evaluation_date=np.datetime64("2026-09-01"),
        calendar=PROVISIONAL,
    )
    assert result.provisional.tolist() == [True]
    assert result.last_on_time_day[0] == np.datetime64("2027-02-15")


def test_a_treatment_not_covered_needs_no_calendar_and_gets_no_days() -> None:
    result = reimbursement_filing_columns(
        as_days([dt.date(2031, 1, 1)]),
        ["general_outpatient"],
        evaluation_date=np.datetime64("2031-01-01"),
    )
    assert result.outcomes() == [FILING_OUTCOMES[3]]
    assert np.isnat(result.last_on_time_day[0])
    assert result.days_left_on_time.tolist() == [-1]


def test_a_record_the_input_model_refuses_is_named_with_its_field() -> None:
    with pytest.raises(ColumnarInputError, match=r"^filing_date: record 1: 2025-03-09 is before"):
        reimbursement_filing_columns(
            as_days([dt.date(2025, 3, 10), dt.date(2025, 3, 10)]),
            [0, 0],
            as_days([None, dt.date(2025, 3, 9)]),
            evaluation_date=np.datetime64("2025-04-01"),
        )
    with pytest.raises(ColumnarInputError, match=r"^evaluation_date: record 0: Field required"):
        reimbursement_filing_columns(as_days([dt.date(2025, 3, 10)]), [0])
    with pytest.raises(ColumnarInputError, match=r"^treatment: record 1: expected one of"):
        codes(["hospitalisation", "dentistry"], TREATMENTS, "treatment")
    with pytest.raises(ColumnarInputError, match=r"^treatment: record 0: code 9"):
        codes([9], TREATMENTS, "treatment")
    with pytest.raises(ColumnarInputError, match=r"^payment_date: record 0: Field required"):
        reimbursement_filing_columns(
            as_days([None]), [0], evaluation_date=np.datetime64("2025-01-01")
        )


def test_given_parameters_are_followed() -> None:
    params = parameters_for("440100", on=dt.date(2025, 1, 1)).with_value(
        "reimbursement.on_time_window", 3
    )
    case = ReimbursementFilingCase(
        payment_date=dt.date(2025, 1, 10),
        treatment=TreatmentKind.HOSPITALISATION,
        evaluation_date=dt.date(2025, 4, 20),
    )
    result = reimbursement_filing_columns(
        as_days([case.payment_date]),
        [0],
        evaluation_date=as_days([case.evaluation_date]),
        parameters=params,
    )
    decision = reimbursement_filing(case, parameters=params)
    assert result.outcomes() == [decision.outcome]
    assert result.last_on_time_day[0] == np.datetime64(decision.last_on_time_day, "D")


@settings(max_examples=60)
@given(filing_batches(CAL), st.sampled_from([1, 3, 6, 12, 13, 24]), st.sampled_from([1, 2]))
def test_filing_columns_follow_what_if_windows_and_limits(
    cases: list[ReimbursementFilingCase], window: int, limit: int
) -> None:
    """A window as long as the limit, or longer, no longer orders the bounds: the columns still
    say what the rule says."""
    params = (
        parameters_for("440100", on=dt.date(2025, 1, 1))
        .with_value("reimbursement.on_time_window", window)
        .with_value("reimbursement.payable_limit", limit)
    )

    def columns() -> Any:
        return reimbursement_filing_columns(
            as_days([c.payment_date for c in cases]),
            [TREATMENTS.index(c.treatment) for c in cases],
            as_days([c.filing_date for c in cases]),
            evaluation_date=as_days([c.evaluation_date for c in cases]),
            parameters=params,
        )

    expected_error = error_of(lambda: per_record(reimbursement_filing, cases, parameters=params))
    if expected_error is not None:
        assert error_of(columns) == expected_error
        return
    assert_same_filing(columns(), per_record(reimbursement_filing, cases, parameters=params))


# -- residence ---------------------------------------------------------------------------------------


@st.composite
def residence_batches(draw: st.DrawFn) -> list[ResidenceCase]:
    records = []
    for _ in range(draw(st.integers(1, 25))):
        proof = draw(st.sampled_from(ResidenceProof))
        start = draw(boundary_dates(dt.date(2010, 1, 1), dt.date(2026, 12, 31), CAL))
        filing = start + dt.timedelta(days=draw(st.integers(0, 400)))
        certificate = proof not in (
            ResidenceProof.TEMPORARY_RESIDENCE_PERMIT_COPY,
            ResidenceProof.OTHER,
        )
        records.append(
            ResidenceCase(
                proof=proof,
                residence_start=start if certificate or draw(st.booleans()) else None,
                certificate_is_original=draw(st.booleans()),
                filing_date=filing if draw(st.booleans()) else None,
                evaluation_date=filing,
            )
        )
    return records


@settings(max_examples=150)
@given(residence_batches())
def test_residence_columns_equal_the_per_record_rule(cases: list[ResidenceCase]) -> None:
    def columns() -> Any:
        return offsite_filing_residence_columns(
            [PROOFS.index(c.proof) for c in cases],
            as_days([c.residence_start for c in cases]),
            certificate_is_original=np.array([c.certificate_is_original for c in cases]),
            filing_date=as_days([c.filing_date for c in cases]),
            evaluation_date=as_days([c.evaluation_date for c in cases]),
        )

    expected_error = error_of(lambda: per_record(offsite_filing_residence, cases))
    event("refused" if expected_error else "answered")
    if expected_error is not None:
        assert error_of(columns) == expected_error
        return
    result = columns()
    for i, d in enumerate(per_record(offsite_filing_residence, cases)):
        assert RESIDENCE_OUTCOMES[result.outcome[i]] is d.outcome
        value = result.first_date_met[i]
        expected = d.first_date_met
        assert (np.isnat(value) and expected is None) or value == np.datetime64(expected, "D")


# -- settlement --------------------------------------------------------------------------------------


@settings(max_examples=150)
@given(
    st.sampled_from(CALENDARS),
    st.lists(
        st.tuples(
            boundary_dates(dt.date(2011, 5, 1), dt.date(2028, 2, 28), CAL),
            st.sampled_from(EnrolmentChannel),
        ),
        min_size=1,
        max_size=25,
    ),
)
def test_settlement_columns_equal_the_per_record_rule(
    calendar: WorkingDayCalendar, records: list[tuple[dt.date, EnrolmentChannel]]
) -> None:
    cases = [SettlementCase(application_date=d, channel=c, evaluation_date=d) for d, c in records]

    def columns() -> Any:
        return service_settlement_columns(
            as_days([c.application_date for c in cases]),
            [c.channel.value for c in cases],
            calendar=calendar,
        )

    expected_error = error_of(lambda: per_record(service_settlement, cases, calendar=calendar))
    event("refused" if expected_error else "answered")
    if expected_error is not None:
        assert error_of(columns) == expected_error
        return
    result = columns()
    for i, d in enumerate(per_record(service_settlement, cases, calendar=calendar)):
        assert SETTLEMENT_OUTCOMES[result.outcome[i]] is d.outcome
        assert same_day(result.settlement_date[i], d.settlement_date)
        assert same_day(result.settlement_date_earliest[i], d.settlement_date_earliest)
        assert same_day(result.settlement_date_latest[i], d.settlement_date_latest)
        assert bool(result.provisional[i]) is d.provisional
        assert bool(result.unpublished[i]) is bool(d.unpublished_years)


def test_channel_codes_are_the_channels_positions() -> None:
    assert codes(["county_centre"], CHANNELS).tolist() == [
        CHANNELS.index(EnrolmentChannel.COUNTY_CENTRE)
    ]


# -- month arithmetic ---------------------------------------------------------------------------------


@given(
    st.lists(
        st.tuples(st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)), st.integers(-40, 40)),
        min_size=1,
        max_size=40,
    )
)
def test_add_months_columns_is_add_months(pairs: list[tuple[dt.date, int]]) -> None:
    days, clamped = add_months_columns(as_days([d for d, _ in pairs]), [m for _, m in pairs])
    for i, (day, months) in enumerate(pairs):
        expected, was_clamped = add_months(day, months)
        assert days[i] == np.datetime64(expected, "D")
        assert bool(clamped[i]) is was_clamped


def test_a_refused_record_deep_in_a_batch_is_named_by_its_position() -> None:
    paid = np.datetime64("2024-01-31") + np.arange(0, 700, 7).astype("timedelta64[D]")
    treatments = np.arange(len(paid)) % len(TREATMENTS)
    filed = np.full(len(paid), np.datetime64("NaT", "D"))
    filed[23] = paid[23] - np.timedelta64(1, "D")
    with pytest.raises(ColumnarInputError, match=r"^filing_date: record 23: "):
        reimbursement_filing_columns(
            paid, treatments, filed, evaluation_date=np.datetime64("2025-12-31")
        )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (np.array([1741564800]), "expected days"),
        (np.array(["2025-08-15T10:00"], dtype="datetime64[m]"), "is not a whole day"),
        (np.array([19000.5]), "expected days"),
        (np.array(["2025-08"]), "Input should be a valid date"),
    ],
)
def test_values_the_input_model_would_refuse_are_refused_as_days(values: Any, message: str) -> None:
    with pytest.raises(ColumnarInputError, match=rf"^payment_date: record 0: .*{message}"):
        reimbursement_filing_columns(values, [0], evaluation_date=np.datetime64("2026-01-01"))


def test_a_boolean_column_takes_booleans_only() -> None:
    with pytest.raises(ColumnarInputError, match=r"^certificate_is_original: record 0: "):
        offsite_filing_residence_columns(
            ["police_station_certificate"],
            as_days([dt.date(2025, 1, 1)]),
            certificate_is_original=np.array(["false"]),
            evaluation_date=np.datetime64("2026-01-01"),
        )
