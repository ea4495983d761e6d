"""Refunds: each ground alone and together, the benefit-period boundary, channels, where to apply."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from medins_rules.core.errors import MedinsRulesError
from medins_rules.core.legal import Instrument, cite_passage
from medins_rules.core.model import Jurisdiction
from medins_rules.core.parameters import parameters_for
from medins_rules.processes.refunds import (
    GUANGDONG_CITIES,
    REASONS,
    RULES,
    ApplicationRoute,
    BenefitPeriod,
    CoupledAction,
    OtherCityScope,
    PaymentChannel,
    RefundCase,
    RefundDecision,
    RefundGround,
    RefundOptions,
    RefundOutcome,
    refund,
)
from medins_rules.vocab.schemes import Scheme

LAST_DAY_BEFORE_2027 = dt.date(2026, 12, 31)
FIRST_DAY_OF_2027 = dt.date(2027, 1, 1)


def payment(**overrides: Any) -> dict[str, Any]:
    """A 2027 Guangzhou payment of 380 yuan by WeChat on 8 October 2026, with overrides."""
    return {
        "amount": "380.00",
        "scheme_year": 2027,
        "city": "440100",
        "channel": "wechat",
        "payment_date": dt.date(2026, 10, 8),
        **overrides,
    }


def participation(city: str = "440300", scheme: str = "resident", **overrides: Any) -> Any:
    return {"city": city, "scheme": scheme, "start_date": dt.date(2026, 9, 1), **overrides}


def case(**overrides: Any) -> RefundCase:
    """One 2027 payment in Guangzhou, applied for on 31 December 2026, terminating participation."""
    fields: dict[str, Any] = {
        "payments": [payment()],
        "terminates_participation": True,
        "evaluation_date": LAST_DAY_BEFORE_2027,
        **overrides,
    }
    return RefundCase.model_validate(fields)


def duplicate(**overrides: Any) -> RefundCase:
    """Two 2027 Guangzhou payments, on 8 and 9 October 2026."""
    return case(
        payments=[payment(), payment(payment_date=dt.date(2026, 10, 9), channel="alipay")],
        **overrides,
    )


# -- duplicate payment ---------------------------------------------------------------------------------


def test_a_second_payment_for_the_same_year_and_city_is_refunded_and_the_first_kept() -> None:
    d = refund(duplicate())
    assert d.outcome is RefundOutcome.PARTLY_REFUNDABLE
    first, second = d.payments
    assert (first.payment_date, first.refundable, first.kept_amount) == (
        dt.date(2026, 10, 8),
        False,
        Decimal("380.00"),
    )
    assert (second.payment_date, second.refundable, second.grounds) == (
        dt.date(2026, 10, 9),
        True,
        (RefundGround.DUPLICATE_PAYMENT,),
    )
    assert (d.refund_total, d.kept_total, d.paid_total) == (
        Decimal("380.00"),
        Decimal("380.00"),
        Decimal("760.00"),
    )
    assert d.refund_duplicate_payment == Decimal("380.00")
    assert d.refund_other_city_participation == Decimal("0.00")
    assert "refunds.duplicate_payment_first_kept" in d.reason_codes
    assert "refunds.duplicate_payment" in d.reason_codes


def test_the_earliest_payment_is_kept_whatever_the_input_order() -> None:
    later, earlier = payment(payment_date=dt.date(2026, 11, 2)), payment()
    d = refund(case(payments=[later, earlier]))
    assert [(p.payment_date, p.refundable) for p in d.payments] == [
        (dt.date(2026, 10, 8), False),
        (dt.date(2026, 11, 2), True),
    ]


def test_of_two_payments_on_the_same_day_the_larger_is_kept() -> None:
    d = refund(case(payments=[payment(amount="20.00"), payment(amount="380.00")]))
    assert [(p.amount, p.refundable) for p in d.payments] == [
        (Decimal("380.00"), False),
        (Decimal("20.00"), True),
    ]
    assert d.refund_total == Decimal("20.00")


def test_three_payments_refund_the_two_later_ones() -> None:
    d = refund(
        case(
            payments=[
                payment(),
                payment(payment_date=dt.date(2026, 10, 9)),
                payment(payment_date=dt.date(2026, 10, 10)),
            ]
        )
    )
    assert [p.refundable for p in d.payments] == [False, True, True]
    assert d.refund_total == Decimal("760.00")


def test_a_duplicate_applied_for_the_day_before_the_benefit_period_begins_is_refunded() -> None:
    d = refund(duplicate(evaluation_date=LAST_DAY_BEFORE_2027))
    assert d.refund_total == Decimal("380.00")


def test_a_duplicate_applied_for_on_the_first_day_of_the_benefit_period_is_too_late() -> None:
    d = refund(duplicate(evaluation_date=FIRST_DAY_OF_2027))
    assert d.outcome is RefundOutcome.NOT_REFUNDABLE
    assert d.refund_total == Decimal("0.00")
    late = next(r for r in d.reasons if r.code == "refunds.duplicate_payment_too_late")
    assert late.facts["first_day"] == "2027-01-01"
    assert late.facts["last_day_to_apply"] == "2026-12-31"


def test_under_the_looser_reading_a_duplicate_is_refunded_at_any_time() -> None:
    loose = RefundOptions(duplicate_payment_any_time=True)
    d = refund(duplicate(evaluation_date=dt.date(2027, 6, 30)), options=loose)
    assert d.outcome is RefundOutcome.PARTLY_REFUNDABLE
    assert d.refund_duplicate_payment == Decimal("380.00")
    assert "refunds.duplicate_payment_any_time" in d.reason_codes


def test_the_looser_reading_does_not_extend_to_other_city_participation() -> None:
    loose = RefundOptions(duplicate_payment_any_time=True)
    d = refund(
        case(other_participations=[participation()], evaluation_date=FIRST_DAY_OF_2027),
        options=loose,
    )
    assert d.outcome is RefundOutcome.NOT_REFUNDABLE
    assert "refunds.other_city_participation_too_late" in d.reason_codes


def test_payments_for_different_years_or_cities_are_not_duplicates() -> None:
    d = refund(
        case(
            payments=[
                payment(),
                payment(scheme_year=2026, payment_date=dt.date(2026, 3, 1)),
                payment(city="440300"),
            ],
            jurisdiction="440000",
        )
    )
    assert d.outcome is RefundOutcome.NOT_REFUNDABLE
    assert d.reason_codes.count("refunds.no_ground") == 3


# -- other-city participation --------------------------------------------------------------------------


def test_participation_in_another_guangdong_citys_resident_scheme_refunds_the_payment_here() -> (
    None
):
    d = refund(case(other_participations=[participation("440300")]))
    assert d.outcome is RefundOutcome.REFUNDABLE
    assert d.payments[0].grounds == (RefundGround.OTHER_CITY_PARTICIPATION,)
    assert d.refund_other_city_participation == Decimal("380.00")
    reason = next(r for r in d.reasons if r.code == "refunds.other_city_participation")
    assert "Shenzhen (440300)" in reason.message_en
    assert "深圳市（440300）" in reason.message_zh


def test_a_city_outside_guangdong_counts_as_another_city_by_default() -> None:
    d = refund(case(other_participations=[participation("510100")]))
    assert d.outcome is RefundOutcome.REFUNDABLE


def test_under_the_guangdong_only_reading_a_city_outside_guangdong_is_not_a_ground() -> None:
    only = RefundOptions(other_city_scope=OtherCityScope.GUANGDONG_ONLY)
    d = refund(case(other_participations=[participation("510100")]), options=only)
    assert d.outcome is RefundOutcome.NOT_REFUNDABLE
    assert "refunds.other_city_outside_guangdong" in d.reason_codes
    inside = refund(case(other_participations=[participation("440600")]), options=only)
    assert inside.outcome is RefundOutcome.REFUNDABLE


def test_other_city_participation_applied_for_on_the_first_day_of_the_benefit_period_is_too_late() -> (
    None
):
    d = refund(case(other_participations=[participation()], evaluation_date=FIRST_DAY_OF_2027))
    assert d.outcome is RefundOutcome.NOT_REFUNDABLE
    assert "refunds.other_city_participation_too_late" in d.reason_codes


def test_another_citys_employee_scheme_is_refused_with_a_pointer_to_suspension() -> None:
    d = refund(case(other_participations=[participation(scheme="employee")]))
    assert d.outcome is RefundOutcome.NOT_REFUNDABLE
    reason = next(r for r in d.reasons if r.code == "refunds.employee_scheme_not_a_ground")
    assert cite_passage(Instrument.SOURCE_000, "suspension_procedure") in reason.citations
    assert "suspension procedure" in reason.message_en
    assert "refunds.no_ground" in d.reason_codes


def test_a_resident_participation_in_the_same_city_is_not_another_city() -> None:
    d = refund(case(other_participations=[participation("440100")]))
    assert d.outcome is RefundOutcome.NOT_REFUNDABLE
    assert "refunds.participation_same_city" in d.reason_codes


def test_in_guangdong_a_participation_refunds_only_the_payments_in_other_cities() -> None:
    d = refund(
        case(
            payments=[payment(), payment(city="440300")],
            other_participations=[participation("440300")],
            jurisdiction="440000",
        )
    )
    assert d.outcome is RefundOutcome.PARTLY_REFUNDABLE
    assert {p.city: p.refundable for p in d.payments} == {"440100": True, "440300": False}
    assert "refunds.participation_same_city" in d.reason_codes


# -- both grounds --------------------------------------------------------------------------------------


def test_a_payment_refundable_on_both_grounds_is_refunded_once() -> None:
    d = refund(duplicate(other_participations=[participation()]))
    assert d.outcome is RefundOutcome.REFUNDABLE
    assert d.payments[1].grounds == (
        RefundGround.DUPLICATE_PAYMENT,
        RefundGround.OTHER_CITY_PARTICIPATION,
    )
    assert d.payments[1].refund_amount == Decimal("380.00")
    assert d.refund_total == d.paid_total == Decimal("760.00")
    assert d.refund_duplicate_payment == Decimal("380.00")
    assert d.refund_other_city_participation == Decimal("760.00")


# -- coupled actions -----------------------------------------------------------------------------------


def test_the_decision_states_the_suspension_and_the_termination_of_the_participation() -> None:
    d = refund(duplicate())
    assert d.coupled_actions == (
        CoupledAction.SUSPENSION_PROCEDURE,
        CoupledAction.TERMINATE_PARTICIPATION,
    )
    assert "refunds.coupled_actions" in d.reason_codes


def test_a_request_that_keeps_the_participation_is_refused_with_what_it_would_get() -> None:
    d = refund(duplicate(terminates_participation=False))
    assert d.outcome is RefundOutcome.NOT_REFUNDABLE
    assert d.refund_total == Decimal("0.00")
    assert d.payments[1].grounds == (RefundGround.DUPLICATE_PAYMENT,)
    assert not d.payments[1].refundable
    kept = next(r for r in d.reasons if r.code == "refunds.participation_kept")
    assert kept.facts["would_refund"] == "380.00"


def test_keeping_the_participation_is_listed_beside_every_other_failing_condition() -> None:
    d = refund(case(terminates_participation=False, evaluation_date=FIRST_DAY_OF_2027))
    assert {"refunds.no_ground", "refunds.participation_kept"} <= set(d.reason_codes)
    assert d.coupled_actions == ()


def test_a_single_payment_with_no_participation_elsewhere_is_not_refunded() -> None:
    d = refund(case())
    assert d.outcome is RefundOutcome.NOT_REFUNDABLE
    assert d.reason_codes[:2] == ("refunds.not_refundable", "refunds.no_ground")


# -- channel and route ---------------------------------------------------------------------------------


def test_each_refund_goes_back_through_its_original_channel() -> None:
    d = refund(
        case(
            payments=[
                payment(),
                payment(payment_date=dt.date(2026, 10, 9), channel="bank_withholding"),
            ],
            other_participations=[participation()],
        )
    )
    assert [p.refund_channel for p in d.payments] == [
        PaymentChannel.WECHAT,
        PaymentChannel.BANK_WITHHOLDING,
    ]
    assert d.reason_codes.count("refunds.original_channel") == 2


def test_a_kept_payment_has_no_refund_channel() -> None:
    assert refund(duplicate()).payments[0].refund_channel is None


def test_a_channel_that_cannot_take_a_refund_is_named_and_the_refund_still_due() -> None:
    params = parameters_for("440100", on=LAST_DAY_BEFORE_2027).with_value(
        "refunds.channels_unable_to_refund", ["alipay"]
    )
    d = refund(duplicate(), parameters=params)
    assert d.payments[1].refundable
    assert d.payments[1].refund_channel is None
    assert "refunds.original_channel_unavailable" in d.reason_codes


def test_while_the_online_service_is_not_launched_the_refund_is_applied_for_at_the_counter() -> (
    None
):
    d = refund(duplicate())
    assert d.apply_via is ApplicationRoute.COUNTER
    assert d.online_service_launch is None
    reason = next(r for r in d.reasons if r.code == "refunds.apply_at_counter")
    assert reason.citations == (cite_passage(Instrument.SOURCE_000, "online_refund_soon"),)


def test_from_the_launch_date_the_refund_is_applied_for_online() -> None:
    params = parameters_for("440100", on=LAST_DAY_BEFORE_2027).with_value(
        "refunds.online_service_launch", LAST_DAY_BEFORE_2027
    )
    d = refund(duplicate(), parameters=params)
    assert d.apply_via is ApplicationRoute.ONLINE
    assert "refunds.apply_online" in d.reason_codes


def test_the_day_before_the_launch_date_the_refund_is_applied_for_at_the_counter() -> None:
    params = parameters_for("440100", on=LAST_DAY_BEFORE_2027).with_value(
        "refunds.online_service_launch", FIRST_DAY_OF_2027
    )
    d = refund(duplicate(), parameters=params)
    assert d.apply_via is ApplicationRoute.COUNTER
    reason = next(r for r in d.reasons if r.code == "refunds.apply_at_counter")
    assert "opens on 2027-01-01" in reason.message_en


# -- benefit period ------------------------------------------------------------------------------------


def test_the_benefit_period_is_the_calendar_year_unless_given() -> None:
    d = refund(duplicate())
    assert d.benefit_periods == (
        BenefitPeriod(
            scheme_year=2027, first_day=FIRST_DAY_OF_2027, last_day=dt.date(2027, 12, 31)
        ),
    )
    assert "refunds.benefit_period_assumed" in d.reason_codes
    assert [u.name for u in d.parameters] == [
        "refunds.benefit_period",
        "refunds.channels_unable_to_refund",
        "refunds.online_service_launch",
    ]


def test_a_given_benefit_period_moves_the_boundary() -> None:
    period = {"scheme_year": 2027, "first_day": "2026-12-01", "last_day": "2027-11-30"}
    late = refund(duplicate(benefit_periods=[period], evaluation_date=dt.date(2026, 12, 1)))
    assert late.outcome is RefundOutcome.NOT_REFUNDABLE
    assert "refunds.benefit_period_given" in late.reason_codes
    assert "refunds.benefit_period" not in [u.name for u in late.parameters]
    on_time = refund(duplicate(benefit_periods=[period], evaluation_date=dt.date(2026, 11, 30)))
    assert on_time.outcome is RefundOutcome.PARTLY_REFUNDABLE


# -- totals --------------------------------------------------------------------------------------------


def test_totals_are_exact_to_the_fen() -> None:
    d = refund(
        case(
            payments=[
                payment(amount="0.10"),
                payment(amount="0.20", payment_date=dt.date(2026, 10, 9)),
                payment(amount="0.1", payment_date=dt.date(2026, 10, 10)),
            ]
        )
    )
    assert (d.paid_total, d.refund_total, d.kept_total) == (
        Decimal("0.40"),
        Decimal("0.30"),
        Decimal("0.10"),
    )
    assert str(d.refund_total) == "0.30"


# -- every outcome and reason --------------------------------------------------------------------------

_GD_ONLY = RefundOptions(other_city_scope=OtherCityScope.GUANGDONG_ONLY)
_LOOSE = RefundOptions(duplicate_payment_any_time=True)
_UNABLE = parameters_for("440100", on=LAST_DAY_BEFORE_2027).with_value(
    "refunds.channels_unable_to_refund", ["alipay"]
)
_ONLINE = parameters_for("440100", on=LAST_DAY_BEFORE_2027).with_value(
    "refunds.online_service_launch", dt.date(2026, 6, 1)
)
_PERIOD = {"scheme_year": 2027, "first_day": "2027-01-01", "last_day": "2027-12-31"}

REACHING: dict[str, Callable[[], RefundDecision]] = {
    "refunds.refundable": lambda: refund(case(other_participations=[participation()])),
    "refunds.partly_refundable": lambda: refund(duplicate()),
    "refunds.not_refundable": lambda: refund(case()),
    "refunds.duplicate_payment": lambda: refund(duplicate()),
    "refunds.duplicate_payment_any_time": lambda: refund(
        duplicate(evaluation_date=FIRST_DAY_OF_2027), options=_LOOSE
    ),
    "refunds.duplicate_payment_too_late": lambda: refund(
        duplicate(evaluation_date=FIRST_DAY_OF_2027)
    ),
    "refunds.duplicate_payment_first_kept": lambda: refund(duplicate()),
    "refunds.other_city_participation": lambda: refund(
        case(other_participations=[participation()])
    ),
    "refunds.other_city_participation_too_late": lambda: refund(
        case(other_participations=[participation()], evaluation_date=FIRST_DAY_OF_2027)
    ),
    "refunds.no_ground": lambda: refund(case()),
    "refunds.employee_scheme_not_a_ground": lambda: refund(
        case(other_participations=[participation(scheme="employee")])
    ),
    "refunds.other_city_outside_guangdong": lambda: refund(
        case(other_participations=[participation("310000")]), options=_GD_ONLY
    ),
    "refunds.scheme_not_a_ground": lambda: refund(
        case(other_participations=[participation(scheme="other")])
    ),
    "refunds.rural_cooperative_as_residents_insurance": lambda: refund(
        case(other_participations=[participation(scheme="new_rural_cooperative")])
    ),
    "refunds.participation_same_city": lambda: refund(
        case(other_participations=[participation("440100")])
    ),
    "refunds.benefit_period_assumed": lambda: refund(case()),
    "refunds.benefit_period_given": lambda: refund(case(benefit_periods=[_PERIOD])),
    "refunds.coupled_actions": lambda: refund(duplicate()),
    "refunds.participation_kept": lambda: refund(duplicate(terminates_participation=False)),
    "refunds.original_channel": lambda: refund(duplicate()),
    "refunds.original_channel_unavailable": lambda: refund(duplicate(), parameters=_UNABLE),
    "refunds.apply_online": lambda: refund(duplicate(), parameters=_ONLINE),
    "refunds.apply_at_counter": lambda: refund(duplicate()),
}


def test_every_reason_code_of_the_module_is_reached_by_an_example() -> None:
    assert set(REACHING) == {t.code for t in REASONS}


@pytest.mark.parametrize("code", sorted(REACHING))
def test_the_example_for_each_reason_code_reaches_it(code: str) -> None:
    assert code in REACHING[code]().reason_codes


def test_every_outcome_is_reached() -> None:
    reached = {REACHING[c]().outcome for c in ("refunds.refundable", "refunds.partly_refundable")}
    reached.add(REACHING["refunds.not_refundable"]().outcome)
    assert reached == set(RefundOutcome)


def test_the_catalogue_names_the_rule_and_all_its_reasons() -> None:
    (spec,) = RULES
    assert spec.name == "refunds.refund"
    assert spec.function is refund
    assert spec.input_model is RefundCase
    assert spec.decision_model is RefundDecision
    assert spec.reasons == REASONS
    codes = [t.code for t in REASONS]
    assert len(codes) == len(set(codes))
    assert all(code.startswith("refunds.") for code in codes)


def test_the_decision_round_trips_through_json_and_hashes() -> None:
    d = refund(duplicate(other_participations=[participation(), participation("310000")]))
    again = RefundDecision.model_validate_json(d.model_dump_json())
    assert again == d
    assert hash(again) == hash(d)


def test_guangdong_has_twenty_one_prefecture_level_cities() -> None:
    assert len(GUANGDONG_CITIES) == 21
    assert all(code.startswith("44") and code.endswith("00") for code in GUANGDONG_CITIES)


# -- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"payments": [payment(amount="-380.00")]}, "amount"),
        ({"payments": [payment(amount="0")]}, "amount"),
        ({"payments": [payment(amount="380.005")]}, "amount"),
        ({"payments": [payment(amount="NaN")]}, "amount"),
        ({"payments": [payment(amount="Infinity")]}, "amount"),
        ({"payments": [payment(amount="three hundred")]}, "amount"),
        ({"payments": [payment(city="440199")]}, "city"),
        ({"payments": [payment(city="440000")]}, "city"),
        ({"payments": [payment(city=440100)]}, "city"),
        ({"payments": [payment(city="441000")]}, "city"),
        ({"payments": [payment(city="440300")]}, "city"),
        ({"payments": [payment(city="510100")], "jurisdiction": "440000"}, "city"),
        ({"other_participations": [participation("990100")]}, "city"),
        ({"other_participations": [participation("810100")]}, "city"),
        ({"other_participations": [participation(start_date="2027-01-01")]}, "start_date"),
        ({"other_participations": [participation(), participation()]}, "city"),
        ({"payments": [payment(payment_date="2027-01-02")]}, "payment_date"),
        ({"payments": [payment(payment_date="2026-02-30")]}, "payment_date"),
        ({"payments": []}, "payments"),
        ({"payments": [payment(scheme_year=1999)]}, "scheme_year"),
        ({"payments": [payment(channel="cash_in_envelope")]}, "channel"),
        ({"payments": [payment(colour="red")]}, "colour"),
        ({"benefit_periods": [_PERIOD, _PERIOD]}, "scheme_year"),
        (
            {"benefit_periods": [{**_PERIOD, "last_day": "2026-12-31"}]},
            "last_day",
        ),
        ({"jurisdiction": "440300"}, "jurisdiction"),
        ({"terminates_participation": "perhaps"}, "terminates_participation"),
    ],
)
def test_bad_input_is_refused_with_an_error_naming_the_field(
    overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError, match=field):
        case(**overrides)


def test_a_missing_termination_answer_is_refused() -> None:
    with pytest.raises(ValidationError, match="terminates_participation"):
        RefundCase.model_validate(
            {"payments": [payment()], "evaluation_date": LAST_DAY_BEFORE_2027}
        )


def test_the_national_level_has_no_refund_parameters_and_refuses() -> None:
    with pytest.raises(MedinsRulesError, match="refunds.benefit_period"):
        refund(case(jurisdiction=Jurisdiction.NATIONAL))


# -- dates bounded by what they mean -------------------------------------------------------------------


def _only_error(**overrides: Any) -> tuple[tuple[int | str, ...], str]:
    with pytest.raises(ValidationError) as caught:
        case(**overrides)
    (error,) = caught.value.errors()
    return error["loc"], str(error["msg"]).removeprefix("Value error, ")


def test_a_payment_for_scheme_year_2100_made_in_2026_is_refused_naming_the_scheme_year() -> None:
    loc, msg = _only_error(payments=[payment(scheme_year=2100)])
    assert loc == ("payments", 0, "scheme_year")
    assert msg == (
        "scheme_year: 2100 does not fit payment_date 2026-10-08; a payment for scheme year 2100 is "
        "made from 2099-01-01 to 2100-12-31 (the collection season before the year, or the year "
        "itself)"
    )


@pytest.mark.parametrize(
    ("paid", "accepted"),
    [
        (dt.date(2025, 12, 31), False),
        (dt.date(2026, 1, 1), True),
        (dt.date(2027, 12, 31), True),
        (dt.date(2028, 1, 1), False),
    ],
)
def test_a_payment_is_for_the_scheme_year_it_precedes_or_falls_in(
    paid: dt.date, accepted: bool
) -> None:
    fields = {"payments": [payment(payment_date=paid)], "evaluation_date": dt.date(2028, 6, 1)}
    if accepted:
        assert case(**fields).payments[0].payment_date == paid
    else:
        assert _only_error(**fields)[0] == ("payments", 0, "scheme_year")


def test_a_benefit_period_in_year_one_is_refused_naming_its_first_day_not_overflowing() -> None:
    period = {"scheme_year": 2027, "first_day": "0001-01-01", "last_day": "0001-12-31"}
    loc, msg = _only_error(benefit_periods=[period])
    assert loc == ("benefit_periods", 0, "first_day")
    assert msg == (
        "first_day: 0001-01-01 is no first day of the benefit period of scheme_year 2027; it begins "
        "from 2026-01-01 to 2027-12-31"
    )


@pytest.mark.parametrize(
    ("first_day", "last_day", "field"),
    [
        ("2025-12-31", "2026-12-30", "first_day"),
        ("2026-01-01", "2026-12-31", None),
        ("2027-12-31", "2028-12-30", None),
        ("2028-01-01", "2028-12-31", "first_day"),
        ("2027-07-01", "2028-12-31", None),
        ("2027-07-01", "2029-01-01", "last_day"),
    ],
)
def test_a_benefit_period_lies_around_its_scheme_year(
    first_day: str, last_day: str, field: str | None
) -> None:
    period = {"scheme_year": 2027, "first_day": first_day, "last_day": last_day}
    if field is None:
        assert case(benefit_periods=[period]).benefit_periods[0].first_day.isoformat() == first_day
    else:
        loc, msg = _only_error(benefit_periods=[period])
        assert loc == ("benefit_periods", 0, field)
        assert msg.startswith(f"{field}: ")
        assert "scheme_year 2027" in msg


def test_an_application_before_a_payment_is_refused_naming_both_fields() -> None:
    loc, msg = _only_error(payments=[payment(payment_date=dt.date(2027, 1, 2))])
    assert loc == ("evaluation_date",)
    assert msg == (
        "evaluation_date: 2026-12-31 (the application date) is before payments[0].payment_date "
        "2027-01-02; a refund is applied for after the payment"
    )
    on_the_day = case(payments=[payment(payment_date=LAST_DAY_BEFORE_2027)])
    assert on_the_day.payments[0].payment_date == on_the_day.evaluation_date


def test_an_application_before_a_participation_begins_is_refused_naming_both_fields() -> None:
    loc, msg = _only_error(other_participations=[participation(start_date="2027-01-01")])
    assert loc == ("evaluation_date",)
    assert msg.startswith(
        "evaluation_date: 2026-12-31 is before other_participations[0].start_date 2027-01-01;"
    )
    assert case(other_participations=[participation(start_date=LAST_DAY_BEFORE_2027)])


def test_a_participation_cannot_begin_before_the_labour_insurance_regulations() -> None:
    loc, _ = _only_error(other_participations=[participation(start_date="1951-02-25")])
    assert loc == ("other_participations", 0, "start_date")
    assert case(other_participations=[participation(start_date="1951-02-26")])
    with pytest.raises(ValidationError, match="start_date"):
        case(other_participations=[participation(start_date="0001-01-01")])


def test_refund_inputs_at_the_edges_of_the_calendar_are_refused_not_crashed() -> None:
    edges = [
        {"payments": [payment(payment_date="0001-01-01")]},
        {"payments": [payment(payment_date="9999-12-31")], "evaluation_date": "9999-12-31"},
        {"benefit_periods": [{**_PERIOD, "first_day": "9999-12-31", "last_day": "9999-12-31"}]},
        {"evaluation_date": "0001-01-01"},
    ]
    for overrides in edges:
        with pytest.raises(ValidationError):
            case(**overrides)


# -- cities on the one division table -------------------------------------------------------------------


def test_guangdongs_cities_come_from_the_division_table_in_code_order() -> None:
    assert list(GUANGDONG_CITIES)[:3] == ["440100", "440200", "440300"]
    assert GUANGDONG_CITIES["441900"] == ("Dongguan", "东莞市")
    assert GUANGDONG_CITIES["445300"] == ("Yunfu", "云浮市")


@pytest.mark.parametrize("city", ["110000", "500000", "429004", "469002", "659001"])
def test_a_municipality_or_a_city_directly_under_a_province_is_another_city(city: str) -> None:
    d = refund(case(other_participations=[participation(city)]))
    assert d.outcome is RefundOutcome.REFUNDABLE


@pytest.mark.parametrize(
    ("city", "hint"),
    [
        ("110105", "give its municipality, Beijing (110000)"),
        ("110100", "Beijing is a municipality, whose code as a city is 110000"),
        ("429000", "in none of the Ministry of Civil Affairs' code lists"),
        ("440106", "give its prefecture-level city, Guangzhou (440100)"),
    ],
)
def test_a_code_that_is_no_city_is_refused_with_the_city_to_give(city: str, hint: str) -> None:
    loc, msg = _only_error(other_participations=[participation(city)])
    assert loc == ("other_participations", 0, "city")
    assert hint in msg


def test_a_city_abolished_before_the_application_is_refused_naming_both_fields() -> None:
    loc, msg = _only_error(other_participations=[participation("371200")])  # Laiwu, to Jinan
    assert loc == ("evaluation_date",)
    assert msg == (
        "evaluation_date: on 2026-12-31, other_participations[0].city 371200 (莱芜市) is not in use "
        "in 2026: it is last listed in 2017; give the city in use that day"
    )
    then = dt.date(2018, 12, 31)
    past = case(
        payments=[payment(scheme_year=2019, payment_date=dt.date(2018, 10, 8))],
        other_participations=[participation("371200", start_date="2018-09-01")],
        evaluation_date=then,
    )
    # 2018 is before source 000 is shown to hold (2022-09-14): its parameters are passed explicitly
    held = parameters_for("440100", on=dt.date(2022, 9, 14))
    assert refund(past, parameters=held).outcome is RefundOutcome.REFUNDABLE


def test_a_payment_outside_the_jurisdiction_is_refused_naming_both_fields() -> None:
    loc, msg = _only_error(payments=[payment(city="440300")])
    assert loc == ("jurisdiction",)
    assert msg == (
        "jurisdiction: 440100 does not cover payments[0].city Shenzhen (440300); evaluate a "
        "payment to another Guangdong city with jurisdiction 440000"
    )
    loc, msg = _only_error(payments=[payment(city="510100")], jurisdiction="440000")
    assert loc == ("jurisdiction",)
    assert msg.endswith("the package encodes Guangdong's refund rules only")


def test_a_participation_listed_twice_or_a_period_given_twice_names_the_list() -> None:
    loc, msg = _only_error(other_participations=[participation(), participation()])
    assert loc == ("other_participations",)
    assert msg == (
        "other_participations: [1].city lists the urban_rural_resident participation in 440300 a "
        "second time (first at [0])"
    )
    loc, msg = _only_error(benefit_periods=[_PERIOD, _PERIOD])
    assert loc == ("benefit_periods",)
    assert msg.startswith("benefit_periods: [1].scheme_year gives scheme year 2027 a second time")


# -- one scheme enum -----------------------------------------------------------------------------------


def test_the_earlier_scheme_values_still_validate_as_the_shared_schemes() -> None:
    old = case(other_participations=[participation(scheme="resident")])
    new = case(other_participations=[participation(scheme="urban_rural_resident")])
    assert old == new
    assert old.other_participations[0].scheme is Scheme.URBAN_RURAL_RESIDENT
    assert refund(old) == refund(new)
    employee = case(other_participations=[participation(scheme="employee")])
    assert employee.other_participations[0].scheme is Scheme.URBAN_EMPLOYEE


def test_the_old_scheme_enum_name_is_deprecated_and_is_the_shared_enum() -> None:
    from medins_rules.processes import refunds

    with pytest.warns(DeprecationWarning, match="OtherScheme is deprecated"):
        old = refunds.OtherScheme
    assert old is Scheme
    assert old.RESIDENT is Scheme.URBAN_RURAL_RESIDENT
    assert old.EMPLOYEE is Scheme.URBAN_EMPLOYEE


def test_another_citys_new_rural_cooperative_scheme_counts_as_its_residents_insurance() -> None:
    d = refund(case(other_participations=[participation(scheme="new_rural_cooperative")]))
    assert d.outcome is RefundOutcome.REFUNDABLE
    assert "refunds.rural_cooperative_as_residents_insurance" in d.reason_codes


def test_under_the_narrow_reading_the_new_rural_cooperative_scheme_is_no_ground() -> None:
    narrow = RefundOptions(new_rural_cooperative_counts=False)
    d = refund(
        case(other_participations=[participation(scheme="new_rural_cooperative")]), options=narrow
    )
    assert d.outcome is RefundOutcome.NOT_REFUNDABLE
    (reason,) = [r for r in d.reasons if r.code == "refunds.scheme_not_a_ground"]
    assert "the new rural cooperative medical care of Shenzhen (440300)" in reason.message_en


def test_another_type_of_insurance_is_never_a_ground() -> None:
    d = refund(case(other_participations=[participation(scheme="other")]))
    assert d.outcome is RefundOutcome.NOT_REFUNDABLE
    (reason,) = [r for r in d.reasons if r.code == "refunds.scheme_not_a_ground"]
    assert reason.message_en == (
        "The participation since 2026-09-01 in another type of medical insurance of Shenzhen "
        "(440300) is not a ground for a refund: the source lists duplicate payments and "
        "participation in another city's residents' insurance only."
    )
    assert reason.message_zh == (
        "自2026-09-01起参加深圳市（440300）的其他类型的医疗保险不属退费情形：来源仅列明重复缴费和参加"
        "其他统筹地市居民医保。"
    )
