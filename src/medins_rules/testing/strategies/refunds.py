"""Hypothesis strategies for the refund rule's inputs, biased toward the boundaries that matter.

Application dates cluster on the first day of a scheme year's benefit period and the day before it;
payments often repeat the same scheme year and city (duplicate payments), amounts have two decimal
places, and participations elsewhere are drawn from Guangdong's cities and from other provinces (a
municipality and county-level cities directly under a province among them), in every scheme.

Every model strategy takes keyword arguments named for its model's fields, each a value or a
strategy, and draws the other fields to fit them (``docs/strategies.md``); the strategies of the
parts compose into the case's:

>>> import datetime as dt
>>> from hypothesis import given, settings, strategies as st
>>> from medins_rules.processes.refunds import refund
>>> two_payments_for_2027 = st.lists(refund_payments(scheme_year=2027, city="440100"),
...                                  min_size=2, max_size=2).map(tuple)
>>> @settings(max_examples=20)
... @given(refund_cases(payments=two_payments_for_2027, jurisdiction="440100"))
... def test_refund_never_exceeds_what_was_paid(case):
...     assert [p.scheme_year for p in case.payments] == [2027, 2027]
...     assert refund(case).refund_total <= refund(case).paid_total
>>> test_refund_never_exceeds_what_was_paid()
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypedDict, Unpack

from hypothesis import strategies as st

from medins_rules.core.model import Jurisdiction
from medins_rules.processes import refunds as _refunds
from medins_rules.processes.refunds import (
    EARLIEST_PARTICIPATION_START,
    BenefitPeriod,
    OtherCityParticipation,
    OtherCityScope,
    PaymentChannel,
    RefundCase,
    RefundOptions,
    RefundPayment,
)
from medins_rules.testing.strategies._pins import Pin, Pins, between, field, jurisdictions_with
from medins_rules.vocab.schemes import Scheme

__all__ = [
    "BenefitPeriodFields",
    "OtherCityParticipationFields",
    "RefundFields",
    "RefundPaymentFields",
    "benefit_periods",
    "city_codes",
    "guangdong_city_codes",
    "other_city_participations",
    "payment_amounts",
    "refund_cases",
    "refund_options",
    "refund_payments",
]

FIRST_SCHEME_YEAR = 2024
"""The earliest scheme year drawn: every application date drawn for it (up to 200 days before a benefit
period that may start on 1 July of the year before) falls on or after 2022-09-14, from which the
shipped refund parameters are in force (source 000 is shown to hold from then)."""
LAST_SCHEME_YEAR = 2035

_OTHER_PROVINCE_CITIES = (
    "110000",  # Beijing, a municipality: the city is the municipality's code
    "310000",  # Shanghai
    "320100",  # Nanjing
    "330100",  # Hangzhou
    "350200",  # Xiamen
    "360100",  # Nanchang
    "429004",  # Xiantao, a county-level city directly under Hubei: its own place
    "430100",  # Changsha
    "450100",  # Nanning
    "460100",  # Haikou
    "469002",  # Qionghai, directly under Hainan
    "500000",  # Chongqing
    "510100",  # Chengdu
    "650100",  # Urumqi
)
"""Cities in use in every year the strategies draw (2012 to 2035; the division lists end in 2024)."""


def _guangdong_cities() -> tuple[str, ...]:
    """Guangdong's prefecture-level cities (read from the division table when first drawn)."""
    return tuple(_refunds.GUANGDONG_CITIES)


def guangdong_city_codes() -> st.SearchStrategy[str]:
    """Codes of Guangdong's 21 prefecture-level cities, Guangzhou and Shenzhen most often."""
    return st.one_of(st.sampled_from(("440100", "440300")), st.sampled_from(_guangdong_cities()))


def city_codes() -> st.SearchStrategy[str]:
    """Prefecture-level city codes in Guangdong and in other provinces."""
    return st.one_of(guangdong_city_codes(), st.sampled_from(_OTHER_PROVINCE_CITIES))


def payment_amounts() -> st.SearchStrategy[Decimal]:
    """Positive amounts in yuan with at most two decimal places, typical premiums most often."""
    typical = st.sampled_from(
        [Decimal(v) for v in ("380.00", "400.00", "380", "0.01", "379.99", "1200.50")]
    )
    any_fen = st.integers(min_value=1, max_value=10_000_000).map(lambda f: Decimal(f) / 100)
    return st.one_of(typical, any_fen)


_DAY = dt.timedelta(days=1)


def _payment_dates(year: int, latest: dt.date) -> st.SearchStrategy[dt.date]:
    """A payment date for a scheme year: in the collection season before it or in the year itself
    (``latest`` when that is earlier than the season)."""
    earliest = dt.date(year - 1, 9, 1)
    last = min(latest, dt.date(year, 12, 31))
    if last < earliest:
        return st.just(max(last, dt.date(year - 1, 1, 1)))
    return between(earliest, last)


class RefundPaymentFields(TypedDict, total=False):
    """The fields of :class:`RefundPayment` to pin, each a value or a strategy."""

    amount: Pin[Decimal | str | int]
    city: Pin[str]
    channel: Pin[PaymentChannel | str]
    payment_date: Pin[dt.date | str]
    scheme_year: Pin[int]


def refund_payments(
    *, latest: dt.date | None = None, **fields: Unpack[RefundPaymentFields]
) -> st.SearchStrategy[RefundPayment]:
    """One payment, made by ``latest`` (when given), to a Guangdong city; any field may be pinned
    (a pinned payment date draws the scheme year it or the next one)."""
    return _refund_payments(latest, Pins("refund_payments", RefundPayment, fields))


@st.composite
def _refund_payments(
    draw: st.DrawFn, latest: dt.date | None, pins: Pins[RefundPayment]
) -> RefundPayment:
    known = pins.resolve(draw)
    paid = known.get("payment_date")
    if "scheme_year" in known:
        year = known["scheme_year"]
    elif paid is not None:
        year = draw(st.sampled_from((paid.year, paid.year + 1)))
    else:
        low = FIRST_SCHEME_YEAR
        high = LAST_SCHEME_YEAR if latest is None else min(LAST_SCHEME_YEAR, latest.year + 1)
        year = draw(st.integers(min(low, high), high))
    last = latest if latest is not None else dt.date(year, 12, 31)
    return pins.build(
        {
            "amount": field(draw, known, "amount", payment_amounts),
            "city": field(draw, known, "city", guangdong_city_codes),
            "channel": field(draw, known, "channel", lambda: st.sampled_from(PaymentChannel)),
            "payment_date": paid if paid is not None else draw(_payment_dates(year, last)),
            "scheme_year": year,
        }
    )


class OtherCityParticipationFields(TypedDict, total=False):
    """The fields of :class:`OtherCityParticipation` to pin, each a value or a strategy."""

    city: Pin[str]
    scheme: Pin[Scheme | str]
    start_date: Pin[dt.date | str]


def other_city_participations(
    *, latest: dt.date | None = None, **fields: Unpack[OtherCityParticipationFields]
) -> st.SearchStrategy[OtherCityParticipation]:
    """A participation elsewhere, in Guangdong or another province, in any scheme, that has begun
    by ``latest`` (when given); any field may be pinned."""
    return _other_city_participations(
        latest, Pins("other_city_participations", OtherCityParticipation, fields)
    )


@st.composite
def _other_city_participations(
    draw: st.DrawFn, latest: dt.date | None, pins: Pins[OtherCityParticipation]
) -> OtherCityParticipation:
    known = pins.resolve(draw)
    last = latest if latest is not None else dt.date(LAST_SCHEME_YEAR, 12, 31)
    first = max(EARLIEST_PARTICIPATION_START, min(last, dt.date(FIRST_SCHEME_YEAR - 1, 1, 1)))
    return pins.build(
        {
            "city": field(draw, known, "city", city_codes),
            "scheme": field(draw, known, "scheme", lambda: st.sampled_from(Scheme)),
            "start_date": field(draw, known, "start_date", lambda: between(first, last)),
        }
    )


class BenefitPeriodFields(TypedDict, total=False):
    """The fields of :class:`BenefitPeriod` to pin, each a value or a strategy."""

    scheme_year: Pin[int]
    first_day: Pin[dt.date | str]
    last_day: Pin[dt.date | str]


def benefit_periods(**fields: Unpack[BenefitPeriodFields]) -> st.SearchStrategy[BenefitPeriod]:
    """An explicit benefit period a year long, starting on the scheme year's first of January or
    first of July, or on the first of July before it; any field may be pinned."""
    return _benefit_periods(Pins("benefit_periods", BenefitPeriod, fields))


@st.composite
def _benefit_periods(draw: st.DrawFn, pins: Pins[BenefitPeriod]) -> BenefitPeriod:
    known = pins.resolve(draw)
    if "scheme_year" in known:
        year = known["scheme_year"]
    elif "first_day" in known:
        year = draw(st.sampled_from((known["first_day"].year, known["first_day"].year + 1)))
    elif "last_day" in known:
        year = draw(st.sampled_from((known["last_day"].year, known["last_day"].year - 1)))
    else:
        year = draw(st.integers(FIRST_SCHEME_YEAR, LAST_SCHEME_YEAR))
    if "first_day" in known:
        first = known["first_day"]
    else:
        starts = [dt.date(year, 1, 1), dt.date(year, 7, 1), dt.date(year - 1, 7, 1)]
        if "last_day" in known:
            starts = [d for d in starts if d <= known["last_day"]] or [
                max(dt.date(year - 1, 1, 1), min(known["last_day"], dt.date(year, 12, 31)))
            ]
        first = draw(st.sampled_from(starts))
    last = known.get("last_day", first.replace(year=first.year + 1) - _DAY)
    return pins.build({"scheme_year": year, "first_day": first, "last_day": last})


def refund_options() -> st.SearchStrategy[RefundOptions]:
    """Every combination of the refund rule's interpretive choices."""
    return st.builds(
        RefundOptions,
        duplicate_payment_any_time=st.booleans(),
        other_city_scope=st.sampled_from(OtherCityScope),
    )


class RefundFields(TypedDict, total=False):
    """The fields of :class:`RefundCase` to pin, each a value or a strategy."""

    payments: Pin[tuple[RefundPayment, ...]]
    other_participations: Pin[tuple[OtherCityParticipation, ...]]
    terminates_participation: Pin[bool]
    benefit_periods: Pin[tuple[BenefitPeriod, ...]]
    evaluation_date: Pin[dt.date | str]
    jurisdiction: Pin[Jurisdiction | str]


def refund_cases(
    *, max_payments: int = 6, **fields: Unpack[RefundFields]
) -> st.SearchStrategy[RefundCase]:
    """Valid refund cases, many applied for on the benefit period's first day or the day before.

    The scheme years paid for cluster around the application year; a good share of the payments
    repeat the same scheme year and city. With the Guangzhou jurisdiction every payment is to
    Guangzhou; with Guangdong, to any of its cities. Any field may be pinned: pinned payments or
    participations draw an application date on or after them and a jurisdiction that covers them;
    a pinned application date draws payments made by then.
    """
    return _refund_cases(max_payments, Pins("refund_cases", RefundCase, fields))


_GUANGZHOU = Jurisdiction.GUANGZHOU.value


def _refund_jurisdictions() -> st.SearchStrategy[Jurisdiction]:
    """The jurisdictions the refund rule is encoded for (read from the parameters)."""
    return st.sampled_from(jurisdictions_with("refunds.benefit_period", dt.date(2026, 1, 1)))


def _covering(payments: tuple[RefundPayment, ...]) -> st.SearchStrategy[Jurisdiction]:
    """The jurisdictions the refund rule is encoded for that cover every city paid to (the national
    level, which no refund rule is encoded for, when none does)."""
    if all(p.city == _GUANGZHOU for p in payments):
        return _refund_jurisdictions()
    if all(p.city in _guangdong_cities() for p in payments):
        return st.just(Jurisdiction.GUANGDONG)
    return st.just(Jurisdiction.NATIONAL)


@st.composite
def _refund_cases(draw: st.DrawFn, max_payments: int, pins: Pins[RefundCase]) -> RefundCase:
    known = pins.resolve(draw)
    pinned_payments: tuple[RefundPayment, ...] | None = known.get("payments")
    pinned_periods: tuple[BenefitPeriod, ...] | None = known.get("benefit_periods")
    pinned_evaluation: dt.date | None = known.get("evaluation_date")
    if "jurisdiction" in known:
        jurisdiction = known["jurisdiction"]
    elif pinned_payments:
        jurisdiction = draw(_covering(pinned_payments))
    else:
        jurisdiction = draw(_refund_jurisdictions())

    # The scheme year the case turns on, and its benefit period.
    if pinned_periods:
        year = draw(st.sampled_from([p.scheme_year for p in pinned_periods]))
    elif pinned_evaluation is not None:
        year = draw(st.sampled_from((pinned_evaluation.year, pinned_evaluation.year + 1)))
    elif pinned_payments:
        year = draw(st.sampled_from([p.scheme_year for p in pinned_payments]))
    else:
        year = draw(st.integers(FIRST_SCHEME_YEAR, LAST_SCHEME_YEAR))
    period: BenefitPeriod | None
    if pinned_periods is not None:
        period = next((p for p in pinned_periods if p.scheme_year == year), None)
    else:
        given_period = draw(st.booleans()) and draw(st.booleans())
        period = draw(benefit_periods(scheme_year=year)) if given_period else None
    first_day = period.first_day if period else dt.date(year, 1, 1)

    # The application date: around the first day, on or after every pinned fact.
    if pinned_evaluation is not None:
        evaluation = pinned_evaluation
    else:
        evaluation = draw(
            st.one_of(
                st.sampled_from((first_day - _DAY, first_day)),
                st.dates(first_day - dt.timedelta(days=200), first_day + dt.timedelta(days=200)),
            )
        )
        facts = [p.payment_date for p in pinned_payments or ()]
        facts += [o.start_date for o in known.get("other_participations", ())]
        evaluation = max([evaluation, *facts])

    if pinned_payments is not None:
        payments = list(pinned_payments)
    else:
        if jurisdiction is Jurisdiction.GUANGZHOU:
            cities = st.just(_GUANGZHOU)
        elif jurisdiction is Jurisdiction.GUANGDONG:
            cities = st.one_of(st.just(_GUANGZHOU), guangdong_city_codes())
        else:
            cities = city_codes()
        payments = []
        for _ in range(draw(st.integers(1, max(1, max_payments)))):
            if len(payments) > 0 and draw(st.booleans()):
                base = draw(st.sampled_from(payments))
                scheme_year, city = base.scheme_year, base.city
            else:
                scheme_year = draw(st.sampled_from((year, year, year - 1, year + 1)))
                city = draw(cities)
            if dt.date(scheme_year - 1, 9, 1) > evaluation:
                scheme_year = evaluation.year + 1
            payments.append(
                draw(refund_payments(scheme_year=scheme_year, city=city, latest=evaluation))
            )
    participations = field(
        draw,
        known,
        "other_participations",
        lambda: st.lists(
            other_city_participations(latest=evaluation),
            max_size=3,
            unique_by=lambda o: (o.city, o.scheme),
        ).map(tuple),
    )
    if pinned_periods is not None:
        periods = pinned_periods
    else:
        periods = (
            (period,) if period is not None and any(p.scheme_year == year for p in payments) else ()
        )
    return pins.build(
        {
            "payments": tuple(payments),
            "other_participations": participations,
            "terminates_participation": field(
                draw,
                known,
                "terminates_participation",
                lambda: st.sampled_from((True, True, True, False)),
            ),
            "benefit_periods": periods,
            "evaluation_date": evaluation,
            "jurisdiction": jurisdiction,
        }
    )
