"""Refunds: invariants over generated cases (hypothesis)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from medins_rules.core.model import Jurisdiction
from medins_rules.processes.refunds import (
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
    resident_cities = {o.city for o in case.other_participations if o.scheme.value == "resident"}
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
