"""Refunds: invariants over generated cases (hypothesis)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from medins_rules.core.errors import MedinsRulesError
from medins_rules.core.model import Jurisdiction
from medins_rules.processes.refunds import (
    BenefitPeriod,
    PaymentResult,
    RefundCase,
    RefundDecision,
    RefundGround,
    RefundOptions,
    RefundOutcome,
    RefundPayment,
    refund,
)
from medins_rules.testing.strategies.refunds import (
    guangdong_city_codes,
    refund_cases,
    refund_options,
    refund_payments,
)
from medins_rules.vocab.schemes import Scheme

Signature = tuple[int, str, dt.date, Decimal, str]


def signature(p: RefundPayment | PaymentResult) -> Signature:
    return (p.scheme_year, p.city, p.payment_date, p.amount, p.channel.value)


def refunds_by_signature(d: RefundDecision) -> Counter[Signature]:
    out: Counter[Signature] = Counter()
    for p in d.payments:
        out[signature(p)] += 0  # present even when nothing is refunded
        out[signature(p)] += int(p.refund_amount * 100)
    return out


@given(refund_cases(), refund_options())
def test_the_refund_is_never_negative_nor_more_than_was_paid(
    case: RefundCase, options: RefundOptions
) -> None:
    d = refund(case, options=options)
    assert Decimal("0.00") <= d.refund_total <= d.paid_total
    assert d.paid_total == sum(p.amount for p in case.payments)
    assert d.kept_total == d.paid_total - d.refund_total
    for p in d.payments:
        assert p.refund_amount in (Decimal("0.00"), p.amount)
        assert p.refund_amount + p.kept_amount == p.amount
    for ground_total in (d.refund_duplicate_payment, d.refund_other_city_participation):
        assert Decimal("0.00") <= ground_total <= d.refund_total
    assert d.refund_total <= d.refund_duplicate_payment + d.refund_other_city_participation
    for amount in (d.paid_total, d.refund_total, d.kept_total):
        assert amount == amount.quantize(Decimal("0.01"))


@given(refund_cases(), refund_options(), st.data())
def test_permuting_the_payments_and_participations_does_not_change_the_decision(
    case: RefundCase, options: RefundOptions, data: st.DataObject
) -> None:
    shuffled = case.model_copy(
        update={
            "payments": tuple(data.draw(st.permutations(case.payments))),
            "other_participations": tuple(data.draw(st.permutations(case.other_participations))),
        }
    )
    assert refund(shuffled, options=options) == refund(case, options=options)


@given(refund_cases(), refund_options(), st.data())
def test_adding_a_payment_never_lowers_the_refund_of_the_others(
    case: RefundCase, options: RefundOptions, data: st.DataObject
) -> None:
    years = sorted({p.scheme_year for p in case.payments})
    city = (
        "440100"
        if case.jurisdiction is Jurisdiction.GUANGZHOU
        else data.draw(guangdong_city_codes())
    )
    extra = data.draw(
        refund_payments(
            scheme_year=data.draw(st.sampled_from(years)), city=city, latest=case.evaluation_date
        )
    )
    bigger = case.model_copy(update={"payments": (*case.payments, extra)})
    before = refunds_by_signature(refund(case, options=options))
    after = refunds_by_signature(refund(bigger, options=options))
    for key, fen in before.items():
        assert after[key] >= fen


@given(refund_cases(), refund_options())
def test_every_case_has_a_decision_and_every_reason_a_citation(
    case: RefundCase, options: RefundOptions
) -> None:
    d = refund(case, options=options)
    assert d.outcome in set(RefundOutcome)
    assert d.reason_codes[0] == f"refunds.{d.outcome.value}"
    assert len(d.payments) == len(case.payments)
    assert all(r.citations for r in d.reasons)
    for p in d.payments:
        assert p.reason_codes
        assert set(p.reason_codes) <= set(d.reason_codes)
        assert p.why_en
        assert p.why_zh
    refunded = [p.refundable for p in d.payments]
    expected = (
        RefundOutcome.REFUNDABLE
        if all(refunded)
        else RefundOutcome.PARTLY_REFUNDABLE
        if any(refunded)
        else RefundOutcome.NOT_REFUNDABLE
    )
    assert d.outcome is expected
    if not case.terminates_participation:
        assert d.outcome is RefundOutcome.NOT_REFUNDABLE
        assert "refunds.participation_kept" in d.reason_codes


@given(refund_cases(), refund_options())
def test_the_decision_round_trips_through_json(case: RefundCase, options: RefundOptions) -> None:
    d = refund(case, options=options)
    assert RefundDecision.model_validate_json(d.model_dump_json()) == d


@given(refund_cases())
def test_the_default_reading_agrees_with_a_direct_count(case: RefundCase) -> None:
    """An independent reading of the sentence: before the period, not the year's first payment in
    that city, or another city's residents' insurance; and only with the termination."""
    first_days = {p.scheme_year: p.first_day for p in case.benefit_periods}
    residents = (Scheme.URBAN_RURAL_RESIDENT, Scheme.NEW_RURAL_COOPERATIVE)
    resident_cities = {o.city for o in case.other_participations if o.scheme in residents}
    expected = Decimal("0.00")
    duplicates = Decimal("0.00")
    firsts: dict[tuple[int, str], RefundPayment] = {}
    for p in case.payments:
        key = (p.scheme_year, p.city)
        best = firsts.get(key)
        if best is None or (p.payment_date, -p.amount, p.channel.value) < (
            best.payment_date,
            -best.amount,
            best.channel.value,
        ):
            firsts[key] = p
    seen_first: set[tuple[int, str]] = set()
    for p in case.payments:
        first_day = first_days.get(p.scheme_year, dt.date(p.scheme_year, 1, 1))
        key = (p.scheme_year, p.city)
        is_first = key not in seen_first and signature(p) == signature(firsts[key])
        if is_first:
            seen_first.add(key)
        on_time = case.evaluation_date < first_day
        other_city = bool(resident_cities - {p.city})
        if on_time and case.terminates_participation and (not is_first or other_city):
            expected += p.amount
            if not is_first:
                duplicates += p.amount
    d = refund(case)
    assert d.refund_total == expected
    assert d.refund_duplicate_payment == duplicates
    assert all(
        RefundGround.DUPLICATE_PAYMENT not in p.grounds
        or p.refundable == case.terminates_participation
        for p in d.payments
    )


# -- schemes elsewhere ---------------------------------------------------------------------------------


@given(refund_cases(), refund_options())
def test_a_participation_in_no_residents_scheme_never_changes_what_is_refunded(
    case: RefundCase, options: RefundOptions
) -> None:
    """Employee schemes, other types, and (under the narrow reading) the rural cooperative scheme
    are no ground: dropping them leaves every payment's refund as it was."""
    no_ground = {Scheme.URBAN_EMPLOYEE, Scheme.OTHER}
    if not options.new_rural_cooperative_counts:
        no_ground.add(Scheme.NEW_RURAL_COOPERATIVE)
    kept = tuple(o for o in case.other_participations if o.scheme not in no_ground)
    fewer = case.model_copy(update={"other_participations": kept})
    with_them, without = refund(case, options=options), refund(fewer, options=options)
    assert [p.refund_amount for p in with_them.payments] == [
        p.refund_amount for p in without.payments
    ]


# -- dates bounded by what they mean -------------------------------------------------------------------

_CHANNEL = "wechat"


@given(st.dates(), st.integers(2000, 2100))
def test_a_payment_is_accepted_exactly_when_it_falls_in_its_scheme_year_or_the_year_before(
    paid: dt.date, year: int
) -> None:
    fields = {"amount": "380.00", "city": "440100", "channel": _CHANNEL, "payment_date": paid}
    if dt.date(year - 1, 1, 1) <= paid <= dt.date(year, 12, 31):
        assert RefundPayment.model_validate({**fields, "scheme_year": year}).scheme_year == year
        return
    with pytest.raises(ValidationError) as refused:
        RefundPayment.model_validate({**fields, "scheme_year": year})
    assert refused.value.errors()[0]["loc"] == ("scheme_year",)


@given(st.integers(2000, 2100), st.dates(), st.dates())
def test_a_benefit_period_is_accepted_exactly_when_it_lies_around_its_scheme_year(
    year: int, first: dt.date, last: dt.date
) -> None:
    inside = dt.date(year - 1, 1, 1) <= first <= dt.date(year, 12, 31) and first <= last <= dt.date(
        year + 1, 12, 31
    )
    if inside:
        assert BenefitPeriod(scheme_year=year, first_day=first, last_day=last).first_day == first
        return
    with pytest.raises(ValidationError) as refused:
        BenefitPeriod(scheme_year=year, first_day=first, last_day=last)
    assert refused.value.errors()[0]["loc"][0] in ("first_day", "last_day")


@given(
    st.dates(),
    st.integers(2000, 2100),
    st.dates(),
    st.dates(),
    st.dates(),
    st.sampled_from(["440100", "371200", "440183", "110000"]),
)
def test_any_dates_give_a_decision_or_a_validation_error_never_a_crash(
    paid: dt.date,
    year: int,
    evaluated: dt.date,
    first: dt.date,
    last: dt.date,
    other_city: str,
) -> None:
    data = {
        "payments": [
            {
                "amount": "380.00",
                "scheme_year": year,
                "city": "440100",
                "channel": _CHANNEL,
                "payment_date": paid,
            }
        ],
        "other_participations": [
            {"city": other_city, "scheme": "resident", "start_date": min(paid, evaluated)}
        ],
        "benefit_periods": [{"scheme_year": year, "first_day": first, "last_day": last}],
        "terminates_participation": True,
        "evaluation_date": evaluated,
    }
    try:
        case = RefundCase.model_validate(data)
    except ValidationError:
        return
    if evaluated < dt.date(2011, 7, 1):  # the parameters cover no such application date
        with pytest.raises(MedinsRulesError, match="evaluation_date"):
            refund(case)
        return
    assert refund(case).paid_total == Decimal("380.00")
