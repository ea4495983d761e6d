"""Hypothesis strategies for the refund rule's inputs, biased toward the boundaries that matter.

Application dates cluster on the first day of a scheme year's benefit period and the day before it;
payments often repeat the same scheme year and city (duplicate payments), amounts have two decimal
places, and participations elsewhere are drawn from Guangdong's cities and from other provinces (a
municipality and county-level cities directly under a province among them), in every scheme.

>>> from hypothesis import given, settings
>>> from medins_rules.processes.refunds import refund
>>> @settings(max_examples=20)
... @given(refund_cases())
... def test_refund_never_exceeds_what_was_paid(case):
...     assert refund(case).refund_total <= refund(case).paid_total
>>> test_refund_never_exceeds_what_was_paid()
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from medins_rules.core.model import Jurisdiction
from medins_rules.processes.refunds import (
    GUANGDONG_CITIES,
    BenefitPeriod,
    OtherCityParticipation,
    OtherCityScope,
    PaymentChannel,
    RefundCase,
    RefundOptions,
    RefundPayment,
)
from medins_rules.vocab.schemes import Scheme

__all__ = [
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


def guangdong_city_codes() -> st.SearchStrategy[str]:
    """Codes of Guangdong's 21 prefecture-level cities, Guangzhou and Shenzhen most often."""
    return st.one_of(
        st.sampled_from(("440100", "440300")), st.sampled_from(tuple(GUANGDONG_CITIES))
    )


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


def _payment_date(year: int, latest: dt.date) -> st.SearchStrategy[dt.date]:
    """A payment date for a scheme year: in the collection season before it or in the year itself."""
    earliest = dt.date(year - 1, 9, 1)
    last = min(latest, dt.date(year, 12, 31))
    if last < earliest:
        return st.just(latest)
    return st.dates(earliest, last)


@st.composite
def refund_payments(
    draw: st.DrawFn,
    *,
    scheme_year: int | None = None,
    city: str | None = None,
    latest: dt.date | None = None,
) -> RefundPayment:
    """One payment; ``scheme_year``, ``city`` and the latest payment date may be fixed."""
    year = (
        scheme_year
        if scheme_year is not None
        else draw(st.integers(FIRST_SCHEME_YEAR, LAST_SCHEME_YEAR))
    )
    last = latest if latest is not None else dt.date(year, 12, 31)
    return RefundPayment(
        amount=draw(payment_amounts()),
        scheme_year=year,
        city=city if city is not None else draw(guangdong_city_codes()),
        channel=draw(st.sampled_from(PaymentChannel)),
        payment_date=draw(_payment_date(year, last)),
    )


@st.composite
def other_city_participations(
    draw: st.DrawFn, *, latest: dt.date | None = None
) -> OtherCityParticipation:
    """A participation elsewhere that has begun by ``latest`` (when given)."""
    last = latest if latest is not None else dt.date(LAST_SCHEME_YEAR, 12, 31)
    first = min(last, dt.date(FIRST_SCHEME_YEAR - 1, 1, 1))
    return OtherCityParticipation(
        city=draw(city_codes()),
        scheme=draw(st.sampled_from(Scheme)),
        start_date=draw(st.dates(first, last)),
    )


@st.composite
def benefit_periods(draw: st.DrawFn, *, scheme_year: int | None = None) -> BenefitPeriod:
    """An explicit benefit period, starting near the scheme year's first of January or first of July."""
    year = (
        scheme_year
        if scheme_year is not None
        else draw(st.integers(FIRST_SCHEME_YEAR, LAST_SCHEME_YEAR))
    )
    first = draw(
        st.sampled_from([dt.date(year, 1, 1), dt.date(year, 7, 1), dt.date(year - 1, 7, 1)])
    )
    return BenefitPeriod(
        scheme_year=year, first_day=first, last_day=first.replace(year=first.year + 1) - _DAY
    )


_DAY = dt.timedelta(days=1)


def refund_options() -> st.SearchStrategy[RefundOptions]:
    """Every combination of the refund rule's interpretive choices."""
    return st.builds(
        RefundOptions,
        duplicate_payment_any_time=st.booleans(),
        other_city_scope=st.sampled_from(OtherCityScope),
    )


@st.composite
def refund_cases(draw: st.DrawFn, *, max_payments: int = 6) -> RefundCase:
    """Valid refund cases, many applied for on the benefit period's first day or the day before.

    The scheme years paid for cluster around the application year; a good share of the payments
    repeat the same scheme year and city. With the Guangzhou jurisdiction every payment is to
    Guangzhou; with Guangdong, to any of its cities.
    """
    jurisdiction = draw(st.sampled_from((Jurisdiction.GUANGZHOU, Jurisdiction.GUANGDONG)))
    year = draw(st.integers(FIRST_SCHEME_YEAR, LAST_SCHEME_YEAR))
    given_period = draw(st.booleans()) and draw(st.booleans())
    period = draw(benefit_periods(scheme_year=year)) if given_period else None
    first_day = period.first_day if period else dt.date(year, 1, 1)
    evaluation = draw(
        st.one_of(
            st.sampled_from((first_day - _DAY, first_day)),
            st.dates(first_day - dt.timedelta(days=200), first_day + dt.timedelta(days=200)),
        )
    )
    cities = (
        st.just("440100")
        if jurisdiction is Jurisdiction.GUANGZHOU
        else st.one_of(st.just("440100"), guangdong_city_codes())
    )
    count = draw(st.integers(1, max_payments))
    payments: list[RefundPayment] = []
    for _ in range(count):
        if len(payments) > 0 and draw(st.booleans()):
            base = draw(st.sampled_from(payments))
            scheme_year, city = base.scheme_year, base.city
        else:
            scheme_year = draw(st.sampled_from((year, year, year - 1, year + 1)))
            city = draw(cities)
        earliest_possible = dt.date(scheme_year - 1, 9, 1)
        if earliest_possible > evaluation:
            scheme_year = evaluation.year + 1
        payments.append(
            draw(refund_payments(scheme_year=scheme_year, city=city, latest=evaluation))
        )
    participations = draw(
        st.lists(
            other_city_participations(latest=evaluation),
            max_size=3,
            unique_by=lambda o: (o.city, o.scheme),
        )
    )
    periods = (
        (period,) if period is not None and any(p.scheme_year == year for p in payments) else ()
    )
    return RefundCase(
        payments=tuple(payments),
        other_participations=tuple(participations),
        terminates_participation=draw(st.sampled_from((True, True, True, False))),
        benefit_periods=periods,
        evaluation_date=evaluation,
        jurisdiction=jurisdiction,
    )
