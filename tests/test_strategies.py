"""The public strategies draw only valid cases, which the rules decide, with and without pinned
fields; every field of every model can be pinned to a value or a strategy; unknown names, values a
field cannot hold and pins no case can meet are refused with messages that name them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import FailedHealthCheck, InvalidArgument, Unsatisfiable
from pydantic import BaseModel

import medins_rules
from medins_rules.core.model import Jurisdiction
from medins_rules.processes.materials import Business, MaterialsCase, SubmittedItem, check_materials
from medins_rules.processes.offsite_filing import ResidencePeriod
from medins_rules.processes.refunds import (
    BenefitPeriod,
    OtherCityParticipation,
    RefundPayment,
)
from medins_rules.testing import strategies as ms
from medins_rules.testing.strategies import deadlines, eligibility, materials, refunds


@dataclasses.dataclass(frozen=True)
class Drawn:
    """A strategy of a model: its function, the model, the rule deciding it, its fields' TypedDict
    and the fields it takes as its first argument instead of a keyword."""

    function: Callable[..., st.SearchStrategy[Any]]
    model: type[BaseModel]
    rule: str | None
    fields: type
    first_argument: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.function.__name__


_SPECS = medins_rules.rules()
CASES = tuple(
    Drawn(ms.RULE_STRATEGIES[name], spec.input_model, name, fields, first)
    for name, spec in _SPECS.items()
    for fields, first in [
        {
            "deadlines.reimbursement_filing": (deadlines.ReimbursementFilingFields, ()),
            "deadlines.offsite_filing_residence": (deadlines.ResidenceFields, ()),
            "deadlines.service_settlement": (deadlines.SettlementFields, ()),
            "eligibility.online_suspension": (eligibility.OnlineSuspensionFields, ()),
            "eligibility.online_cancellation": (eligibility.OnlineCancellationFields, ()),
            "eligibility.enrolment": (eligibility.EnrolmentFields, ()),
            "eligibility.card_application": (eligibility.CardApplicationFields, ()),
            "eligibility.retirement": (eligibility.RetirementFields, ()),
            "refunds.refund": (refunds.RefundFields, ()),
            "materials.check_materials": (materials.MaterialsFields, ("business",)),
        }[name]
    ]
)
PARTS = (
    Drawn(ms.residence_periods, ResidencePeriod, None, deadlines.ResidencePeriodFields),
    Drawn(ms.refund_payments, RefundPayment, None, refunds.RefundPaymentFields),
    Drawn(
        ms.other_city_participations,
        OtherCityParticipation,
        None,
        refunds.OtherCityParticipationFields,
    ),
    Drawn(ms.benefit_periods, BenefitPeriod, None, refunds.BenefitPeriodFields),
    Drawn(ms.submitted_items, SubmittedItem, None, materials.SubmittedItemFields),
)
ALL = CASES + PARTS
FIELDS = [(d, name) for d in ALL for name in d.model.model_fields]


def check(drawn: Drawn, case: BaseModel) -> None:
    """The case is a valid instance of its model (it survives a JSON round trip through the
    model's validation), and its rule decides it."""
    assert type(case) is drawn.model
    assert drawn.model.model_validate_json(case.model_dump_json()) == case
    if drawn.rule is not None:
        decision = medins_rules.evaluate(drawn.rule, case)
        assert decision.reasons
        assert decision.evaluation_date == case.evaluation_date  # type: ignore[attr-defined]


def pin_with(value: object, as_strategy: bool) -> object:
    return st.just(value) if as_strategy else value


def test_every_rule_and_every_model_with_a_part_strategy_is_in_the_table() -> None:
    assert {d.rule for d in CASES} == set(_SPECS)
    assert len(CASES) == len(ms.RULE_STRATEGIES)


# -- valid draws ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("drawn", ALL, ids=str)
@given(data=st.data())
def test_every_strategy_draws_valid_cases_its_rule_decides(
    drawn: Drawn, data: st.DataObject
) -> None:
    check(drawn, data.draw(drawn.function()))


@pytest.mark.parametrize(("drawn", "name"), FIELDS, ids=lambda x: getattr(x, "__name__", str(x)))
@settings(max_examples=25)
@given(data=st.data(), as_strategy=st.booleans())
def test_pinning_any_one_field_keeps_it_and_draws_valid_cases(
    drawn: Drawn, name: str, data: st.DataObject, as_strategy: bool
) -> None:
    reference = data.draw(drawn.function(), label="reference")
    value = getattr(reference, name)
    case = data.draw(drawn.function(**{name: pin_with(value, as_strategy)}), label="pinned")
    assert getattr(case, name) == value
    check(drawn, case)


@pytest.mark.parametrize("drawn", ALL, ids=str)
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_pinning_any_fields_of_a_valid_case_draws_valid_cases_with_them(
    drawn: Drawn, data: st.DataObject
) -> None:
    """Any set of fields taken from a valid case leaves a valid case to draw (the case itself), so
    the strategy must draw one, never refuse the pins."""
    reference = data.draw(drawn.function(), label="reference")
    names = data.draw(st.sets(st.sampled_from(sorted(drawn.model.model_fields))), label="pinned")
    strategies = data.draw(st.sets(st.sampled_from(sorted(names))) if names else st.just(set()))
    pins = {n: pin_with(getattr(reference, n), n in strategies) for n in names}
    case = data.draw(drawn.function(**pins), label="case")
    for n in names:
        assert getattr(case, n) == getattr(reference, n)
    check(drawn, case)


@pytest.mark.parametrize("drawn", ALL, ids=str)
def test_the_fields_typeddict_names_every_field_of_the_model(drawn: Drawn) -> None:
    hints = typing.get_type_hints(drawn.fields)
    assert set(hints) | set(drawn.first_argument) == set(drawn.model.model_fields)
    assert not drawn.fields.__required_keys__  # type: ignore[attr-defined]


# -- pins that are strategies --------------------------------------------------------------------------

YEAR_2025 = st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@given(
    ms.reimbursement_filing_cases(
        treatment="hospitalisation", payment_date=YEAR_2025, filing_date=None
    )
)
def test_a_pinned_strategy_draws_the_field_and_the_others_fit_it(
    case: medins_rules.ReimbursementFilingCase,
) -> None:
    assert case.treatment == "hospitalisation"
    assert case.payment_date.year == 2025
    assert case.filing_date is None
    assert case.evaluation_date >= case.payment_date


@given(ms.retirement_cases(contribution_months=st.integers(1000, 1200)))
def test_pinned_contribution_months_draw_a_life_long_enough_to_hold_them(
    case: medins_rules.RetirementCase,
) -> None:
    assert case.contribution_months >= 1000
    check(CASES[[d.rule for d in CASES].index("eligibility.retirement")], case)


@given(ms.retirement_cases(evaluation_date=dt.date(2030, 6, 30), contribution_months=300))
def test_pinned_months_and_evaluation_day_draw_a_birth_early_enough(
    case: medins_rules.RetirementCase,
) -> None:
    assert case.birth_date <= dt.date(1989, 7, 31)  # 16 on 2005-07-31: July 2005 to June 2030


@given(
    ms.refund_cases(
        payments=st.lists(
            ms.refund_payments(scheme_year=2027, city="440300", amount="380"),
            min_size=2,
            max_size=2,
        ).map(tuple)
    )
)
def test_composed_part_strategies_make_a_duplicate_payment_in_shenzhen(
    case: medins_rules.RefundCase,
) -> None:
    assert [(p.scheme_year, p.city, p.amount) for p in case.payments] == [
        (2027, "440300", Decimal("380.00"))
    ] * 2
    assert case.jurisdiction is Jurisdiction.GUANGDONG  # the one encoded that covers Shenzhen
    assert case.evaluation_date >= max(p.payment_date for p in case.payments)


@given(ms.residence_cases(residence_periods=None, residence_start=None))
def test_a_residence_given_neither_way_is_no_certificate(case: medins_rules.ResidenceCase) -> None:
    assert case.proof.value in ("temporary_residence_permit_copy", "other")


@given(ms.card_application_cases(household_registration_area="429004"))
def test_a_pinned_registration_draws_agencies_near_it_in_years_it_is_in_use(
    case: medins_rules.CardApplicationCase,
) -> None:
    assert case.household_registration_area == "429004"


@given(ms.submitted_items(number=materials.valid_ric_numbers()))
def test_a_pinned_number_draws_an_identity_document(item: SubmittedItem) -> None:
    assert item.kind.value in ("resident_identity_card", "hmt_residence_permit")


@given(ms.submitted_items(sides="front"))
def test_pinned_sides_draw_a_paper_copy(item: SubmittedItem) -> None:
    assert item.form.value == "copy"


@pytest.mark.parametrize(
    "submissions",
    [
        materials.complete_submissions,
        materials.submissions_missing_one_item,
        materials.submissions_with_one_defect,
    ],
)
@settings(max_examples=30)
@given(data=st.data(), through_agent=st.booleans(), jurisdiction=st.sampled_from(Jurisdiction))
def test_submission_strategies_take_the_case_fields_but_the_items(
    submissions: Callable[..., st.SearchStrategy[Any]],
    data: st.DataObject,
    through_agent: bool,
    jurisdiction: Jurisdiction,
) -> None:
    drawn = data.draw(
        submissions(
            through_agent=through_agent,
            jurisdiction=jurisdiction,
            evaluation_date=dt.date(2026, 3, 1),
        )
    )
    case: MaterialsCase = (
        drawn.case if isinstance(drawn, materials.LabelledSubmission) else drawn[0]
    )
    assert (case.through_agent, case.jurisdiction) == (through_agent, jurisdiction)
    assert case.evaluation_date == dt.date(2026, 3, 1)
    outcome = check_materials(case).outcome.value
    assert outcome == (
        "complete" if submissions is materials.complete_submissions else "incomplete"
    )


# -- refusals ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("drawn", ALL, ids=str)
def test_an_unknown_field_name_is_a_type_error_naming_it_and_the_model(drawn: Drawn) -> None:
    with pytest.raises(TypeError, match=rf"'no_such_field'.*{drawn.model.__name__} has no field"):
        drawn.function(no_such_field=1)


def test_a_misspelt_field_name_is_answered_with_the_field_meant() -> None:
    with pytest.raises(TypeError, match=r"'payment_day'.*did you mean 'payment_date'\?"):
        ms.reimbursement_filing_cases(payment_day=dt.date(2026, 3, 10))


@pytest.mark.parametrize(
    ("make", "named"),
    [
        (lambda: ms.reimbursement_filing_cases(treatment="dentistry"), "treatment"),
        (lambda: ms.retirement_cases(contribution_months=-1), "contribution_months"),
        (lambda: ms.settlement_cases(application_date="2026-02-30"), "application_date"),
        (lambda: ms.refund_payments(amount="1.234"), "amount"),
        (lambda: ms.refund_cases(payments=()), None),  # refused by the case, when drawn
    ],
)
def test_a_pinned_value_the_field_cannot_hold_is_refused_at_once(
    make: Callable[[], st.SearchStrategy[Any]], named: str | None
) -> None:
    if named is None:
        strategy = make()
        with pytest.raises(InvalidArgument, match="payments: give at least one payment"):
            given(strategy)(lambda case: None)()
        return
    with pytest.raises(InvalidArgument, match=rf"\({named}=.*not a valid {named}"):
        make()


@pytest.mark.parametrize(
    ("strategy", "message"),
    [
        (
            ms.reimbursement_filing_cases(
                payment_date=dt.date(2026, 5, 1), evaluation_date=dt.date(2026, 4, 1)
            ),
            "evaluation_date: 2026-04-01 is before payment_date 2026-05-01",
        ),
        (
            ms.retirement_cases(sex="male", woman_category="cadre"),
            "woman_category: cadre is given for a man",
        ),
        (
            ms.online_cancellation_cases(logged_in=True, account_registered=False),
            "logged_in: true, but account_registered is false",
        ),
        (
            ms.online_suspension_cases(jurisdiction="CN"),
            "jurisdiction: online suspension .* is encoded for Guangdong",
        ),
        (
            ms.refund_cases(
                jurisdiction="440100",
                payments=(
                    RefundPayment(
                        amount=Decimal(380),
                        city="440300",
                        channel="wechat",
                        payment_date=dt.date(2026, 10, 1),
                        scheme_year=2027,
                    ),
                ),
            ),
            "jurisdiction: 440100 does not cover payments",
        ),
        (
            ms.card_application_cases(household_registration_area="440000"),
            "household_registration_area: 440000 is a province-level code",
        ),
        (
            materials.complete_submissions(business="online_suspension", through_agent=True),
            "online_suspension cannot be done through an agent",
        ),
    ],
)
def test_pinned_values_no_valid_case_has_are_refused_naming_the_conflict(
    strategy: st.SearchStrategy[Any], message: str
) -> None:
    with pytest.raises(InvalidArgument, match=r"no valid|cannot be done") as refused:
        given(strategy)(lambda case: None)()
    assert refused.match(message)


def test_a_pinned_strategy_that_never_fits_fails_the_test_as_filtering_does() -> None:
    strategy = ms.reimbursement_filing_cases(
        payment_date=dt.date(2026, 5, 1), evaluation_date=st.just(dt.date(2026, 4, 1))
    )
    with pytest.raises((FailedHealthCheck, Unsatisfiable)):
        settings(database=None)(given(strategy)(lambda case: None))()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: ms.reimbursement_filing_cases(filed=True, filing_date=None),
            r"filed=True asks for cases with a filing date",
        ),
        (
            lambda: ms.retirement_cases(flexible=False, chosen_retirement_date="2030-01-01"),
            r"flexible=False draws no chosen day",
        ),
        (
            lambda: materials.complete_submissions(items=()),
            r"the submission's items are what it draws",
        ),
    ],
)
def test_options_that_contradict_a_pin_are_refused_at_once(
    make: Callable[[], object], message: str
) -> None:
    with pytest.raises(InvalidArgument, match=message):
        make()


def test_the_materials_strategies_still_take_the_business_first() -> None:
    @settings(max_examples=10)
    @given(
        ms.materials_cases(Business.ENROLMENT),
        materials.complete_submissions(st.sampled_from([Business.ENROLMENT])),
    )
    def drawn(case: MaterialsCase, full: materials.LabelledSubmission) -> None:
        assert case.business is full.case.business is Business.ENROLMENT

    drawn()


# -- the boundaries stay in reach ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "outcome"),
    [(name, o) for name, spec in _SPECS.items() for o in spec.outcomes],
    ids=lambda x: str(getattr(x, "value", x)),
)
def test_each_strategy_reaches_every_outcome_of_its_rule(rule: str, outcome: Any) -> None:
    spec = _SPECS[rule]
    found = find(
        ms.RULE_STRATEGIES[rule](),
        lambda case: spec.function(case).outcome is outcome,
        settings=settings(max_examples=3000, database=None, phases=[Phase.generate]),
    )
    assert spec.function(found).outcome is outcome


def test_filing_cases_reach_the_days_not_yet_known_around_the_2027_spring_festival() -> None:
    """A filing window ending in the 2027 Spring Festival's days, which wait for the notice, leaves
    the outcome undetermined when the filing falls between the earliest and latest last day."""

    def by_the_festival(day: dt.date) -> bool:
        return dt.date(2027, 1, 25) <= day <= dt.date(2027, 2, 20)

    def waits_for_the_festival(case: medins_rules.ReimbursementFilingCase) -> bool:
        ends = (case.payment_date + relativedelta(months=m) for m in (6, 12))
        undetermined = medins_rules.reimbursement_filing(case).outcome == "undetermined"
        return undetermined and any(by_the_festival(day) for day in ends)

    found = find(
        ms.reimbursement_filing_cases(),
        waits_for_the_festival,
        settings=settings(max_examples=5000, database=None, phases=[Phase.generate]),
    )
    assert medins_rules.reimbursement_filing(found).unpublished_years == (2027,)
