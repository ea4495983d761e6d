"""Refunds of resident medical insurance payments: duplicate payments and other-city participation.

Source 000 (the Guangdong Medical Insurance applet): "If you make repeated payments or participate in
other coordinated prefecture-level and municipal residents' medical insurance before the corresponding
benefit period begins, you can apply for a refund while terminating the relevant residents' medical
insurance participation relationship. In principle, the payment fee will be refunded through the
original channel." and "The online refund application function will be launched in the near future,
and the refund application service guide will be announced separately."

The Chinese original: 「参保人按规定办理停保手续，在相应待遇享受期未开始前因重复缴费、参加其他统筹地市居民医保，
可在终止相关居民医保参保关系的同时，申请办理退费，原则上原渠道退回缴费费用。」 The timing clause (在相应待遇
享受期未开始前) governs both grounds, and the refund goes with the suspension procedure (停保手续) and the
termination of the relevant participation. That is the default reading; the looser reading of the
English (duplicate payments refundable at any time) is a named option, off by default.

What the rule reads from the dated parameters (in force on the application date):

* ``refunds.benefit_period``: how a scheme year's benefit period is fixed (``calendar_year`` for
  Guangdong, an assumption: no primary source was found). A caller may give a scheme year's period
  explicitly in :attr:`RefundCase.benefit_periods`.
* ``refunds.channels_unable_to_refund``: payment channels that cannot take a refund back (none).
* ``refunds.online_service_launch``: the day the online refund service opens (not launched).

City codes are six-digit administrative division codes of the package's one table of them
(:mod:`medins_rules.vocab.divisions`, the Ministry of Civil Affairs' code lists): a prefecture-level
city, a municipality (Beijing, 110000) or a county-level city directly under a province (Xiantao,
429004), each its own place, in use in the year of the application. The scheme of a participation
elsewhere is the shared :class:`medins_rules.vocab.schemes.Scheme` (the earlier values ``resident``
and ``employee`` are read as its residents' and employees' schemes). Each date is bounded by what it
means (:data:`PAYMENT_YEARS_BEFORE_SCHEME_YEAR`, :data:`BENEFIT_PERIOD_YEARS_AROUND_SCHEME_YEAR`,
:data:`EARLIEST_PARTICIPATION_START`), and the application date comes after every payment it judges.

Limitations: the division table knows the code lists up to 2024; a benefit period that begins late
(the waiting periods of 国办发〔2024〕38号 from 2025) is not derived from the enrolment, but a caller
who knows it passes it in ``benefit_periods``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import warnings
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationInfo,
    field_validator,
)

from medins_rules.core.errors import DATE_NOT_COVERED, ParameterDataError
from medins_rules.core.inputs import InputModel, ensure_valid
from medins_rules.core.labels import enum_labels, field_labels, value_labels
from medins_rules.core.legal import Instrument, cite, cite_passage
from medins_rules.core.model import (
    Day,
    Decision,
    Jurisdiction,
    Reason,
    ReasonTemplate,
    RuleSpec,
    Yuan,
)
from medins_rules.core.parameters import ParameterSet, ParameterVersion, parameters_for
from medins_rules.vocab import divisions
from medins_rules.vocab.schemes import SCHEME_EN, SCHEME_ZH, Scheme

__all__ = [
    "BENEFIT_PERIOD_YEARS_AROUND_SCHEME_YEAR",
    "DEFAULT_REFUND_OPTIONS",
    "EARLIEST_PARTICIPATION_START",
    "GUANGDONG_CITIES",
    "PAYMENT_YEARS_BEFORE_SCHEME_YEAR",
    "ApplicationRoute",
    "BenefitPeriod",
    "CityCode",
    "CoupledAction",
    "OtherCityParticipation",
    "OtherCityScope",
    "PaymentAmount",
    "PaymentChannel",
    "PaymentResult",
    "RefundCase",
    "RefundDecision",
    "RefundGround",
    "RefundOptions",
    "RefundOutcome",
    "RefundPayment",
    "refund",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_FEN = Decimal("0.01")
_ZERO = Decimal("0.00")
_MAX_ITEMS = 1000
"""A bound on the payments and participations of one case (a person pays a few times a year)."""

# -- citations -----------------------------------------------------------------------------------------

_GROUNDS = cite_passage(Instrument.SOURCE_000, "refund_grounds")
_CHANNEL = cite_passage(Instrument.SOURCE_000, "refund_channel")
_ONLINE_SOON = cite_passage(Instrument.SOURCE_000, "online_refund_soon")
_SUSPENSION = cite_passage(Instrument.SOURCE_000, "suspension_procedure")
_NORMAL_STATUS = cite_passage(Instrument.SOURCE_000, "normal_status")
_SIL_4 = cite(Instrument.SOCIAL_INSURANCE_LAW, 4, paragraph=1)
_SIL_26 = cite(Instrument.SOCIAL_INSURANCE_LAW, 26)

# ======================================================================================================
# City codes
# ======================================================================================================

_GUANGDONG = "440000"
_CITY_FORM = re.compile(r"[0-9]{6}")


@functools.cache
def _guangdong_cities() -> Mapping[str, tuple[str, str]]:
    return MappingProxyType(
        {
            d.code: (d.name_en or d.code, d.name_zh)
            for d in divisions.divisions_in_use(
                level=divisions.DivisionLevel.PREFECTURE, within=_GUANGDONG
            )
        }
    )


if TYPE_CHECKING:
    GUANGDONG_CITIES: Mapping[str, tuple[str, str]]
    """Guangdong's 21 prefecture-level cities: code -> (English name, Chinese name)."""
    OtherScheme = Scheme


def __getattr__(name: str) -> object:
    """``GUANGDONG_CITIES`` is read from the division table on first use; ``OtherScheme`` is the
    deprecated name of :class:`medins_rules.vocab.schemes.Scheme`."""
    if name == "GUANGDONG_CITIES":
        return _guangdong_cities()
    if name == "OtherScheme":
        warnings.warn(
            "medins_rules.processes.refunds.OtherScheme is deprecated: use "
            "medins_rules.vocab.schemes.Scheme (OtherScheme.RESIDENT and .EMPLOYEE are its "
            "aliases RESIDENT and EMPLOYEE)",
            DeprecationWarning,
            stacklevel=2,
        )
        return Scheme
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _shown(value: str) -> str:
    return repr(value if len(value) <= 24 else value[:24] + "...")


def _mainland(province: str) -> bool:
    """A province-level division with divisions of its own (not Taiwan, Hong Kong or Macao)."""
    return divisions.has_subdivisions(province)


def _check_city_code(value: str) -> str:
    """A prefecture-level place of the mainland: a prefecture-level city, a municipality, or a
    county-level city directly under a province (its own place); see ``vocab.divisions``."""
    if not _CITY_FORM.fullmatch(value):
        raise ValueError(
            "city: expected a six-digit prefecture-level division code such as '440100' "
            f"(Guangzhou); got {_shown(value)}"
        )
    province = value[:2] + "0000"
    if not _mainland(province):
        raise ValueError(
            f"city: {value} does not start with the code of a mainland province "
            f"(got prefix {value[:2]})"
        )
    guangdong = _guangdong_cities()
    if (
        province == _GUANGDONG
        and value != _GUANGDONG
        and value.endswith("00")
        and value not in guangdong
    ):
        raise ValueError(
            f"city: {value} is not one of Guangdong's 21 prefecture-level cities "
            f"({', '.join(guangdong)})"
        )
    if not divisions.is_known(value):
        where = divisions.division(province).name_en
        hint = ""
        if divisions.is_municipality(province):
            hint = f"; {where} is a municipality, whose code as a city is {province}"
        raise ValueError(
            f"city: {value} is no prefecture-level city of {where}: it is in none of the Ministry "
            f"of Civil Affairs' code lists of {divisions.FIRST_LIST_YEAR}-"
            f"{divisions.LAST_LIST_YEAR}{hint}"
        )
    place = divisions.prefecture_of(value)
    if place is None:
        raise ValueError(
            f"city: {value} is a province-level code; give the prefecture-level city (a code "
            "ending in 00 but not 0000, such as 440100)"
        )
    if place != value:
        kind = "municipality" if divisions.is_municipality(place) else "prefecture-level city"
        name = divisions.division(value).name_en
        raise ValueError(
            f"city: {value} is a county-level code{f' ({name})' if name else ''}; give its "
            f"{kind}, {divisions.describe_en(place)}"
        )
    return value


CityCode = Annotated[
    str,
    Strict(),
    Field(
        description="A prefecture-level city's six-digit administrative division code (a "
        "municipality's, or that of a county-level city directly under a province)"
    ),
    AfterValidator(_check_city_code),
]
"""A prefecture-level place's code, such as ``"440100"`` (Guangzhou); always a string.

Besides the prefecture-level cities, a municipality (Beijing, ``"110000"``) and a county-level city
directly under a province (Xiantao, ``"429004"``) are cities here: each is its own place."""


def _in_guangdong(city: str) -> bool:
    return city[:2] == _GUANGDONG[:2]  # a validated city's first two digits are its province's


@functools.cache
def _city_names(city: str) -> tuple[str, str]:
    """A city as the messages name it, in English and in Chinese (outside Guangdong with its
    province, unless it is a municipality)."""
    en, zh = divisions.describe_en(city), divisions.describe_zh(city)
    if _in_guangdong(city) or divisions.is_municipality(city):
        return en, zh
    province = divisions.division(divisions.province_of(city))
    if divisions.division(city).name_en:
        en = f"{en} in {province.name_en}"
    return en, province.name_zh + zh


def _city_en(city: str) -> str:
    return _city_names(city)[0]


def _city_zh(city: str) -> str:
    return _city_names(city)[1]


def _cities_en(cities: Iterable[str]) -> str:
    return ", ".join(_city_en(c) for c in cities)


def _cities_zh(cities: Iterable[str]) -> str:
    return "、".join(_city_zh(c) for c in cities)


# ======================================================================================================
# Input
# ======================================================================================================

PAYMENT_YEARS_BEFORE_SCHEME_YEAR = 1
"""A payment for scheme year Y is made on or after 1 January of Y - 1 and on or before 31 December
of Y: the collection season opens in the autumn before the year (September to December in
Guangdong), and people who enrol during the year pay in it. A payment outside those years is not a
payment for that scheme year."""

BENEFIT_PERIOD_YEARS_AROUND_SCHEME_YEAR = 1
"""The benefit period given for scheme year Y begins on or after 1 January of Y - 1 and no later
than 31 December of Y, and ends by 31 December of Y + 1: the shipped reading is the calendar year Y
(parameter ``refunds.benefit_period``), and the periods callers give (a year from 1 July, a period
that starts later after a waiting period) stay within a year of it."""

EARLIEST_PARTICIPATION_START = dt.date(1951, 2, 26)
"""No participation in a medical insurance scheme of the People's Republic of China begins before
the Labour Insurance Regulations (劳动保险条例) of 26 February 1951, the first to insure medical care;
an earlier start date is a mistake, not a fact."""


def _check_positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError(f"amount: a payment must be more than 0 yuan; got {value}")
    return value


PaymentAmount = Annotated[Yuan, Field(max_digits=12), AfterValidator(_check_positive)]
"""A payment in yuan: more than zero, at most two decimal places, at most twelve digits."""

SchemeYear = Annotated[int, Field(ge=2000, le=2100, description="The scheme year a payment is for")]


class PaymentChannel(StrEnum):
    """How a payment was made (the channel a refund goes back through, in principle)."""

    WECHAT = "wechat"
    ALIPAY = "alipay"
    TAX_APP = "tax_app"
    BANK_WITHHOLDING = "bank_withholding"
    BANK_COUNTER = "bank_counter"
    TAX_OFFICE = "tax_office"
    OTHER = "other"


_CHANNEL_NAMES: Mapping[PaymentChannel, tuple[str, str]] = MappingProxyType(
    {
        PaymentChannel.WECHAT: ("WeChat Pay", "微信"),
        PaymentChannel.ALIPAY: ("Alipay", "支付宝"),
        PaymentChannel.TAX_APP: ("the tax authority's mobile payment service", "税务移动缴费渠道"),
        PaymentChannel.BANK_WITHHOLDING: ("bank withholding", "银行代扣"),
        PaymentChannel.BANK_COUNTER: ("a bank counter", "银行柜台"),
        PaymentChannel.TAX_OFFICE: ("the tax office", "税务办税服务厅"),
        PaymentChannel.OTHER: ("another channel", "其他渠道"),
    }
)


class RefundPayment(InputModel):
    """One resident-insurance payment: how much, where, how, when, and for which scheme year.

    The scheme year is bounded by the payment date (:data:`PAYMENT_YEARS_BEFORE_SCHEME_YEAR`):
    a payment for scheme year Y is made in Y - 1 or in Y.
    """

    model_config = _FROZEN

    amount: PaymentAmount
    city: CityCode
    channel: PaymentChannel
    payment_date: Day
    scheme_year: SchemeYear

    @field_validator("scheme_year")
    @classmethod
    def _paid_for_this_year(cls, year: int, info: ValidationInfo) -> int:
        paid = info.data.get("payment_date")
        if paid is None:
            return year
        earliest = dt.date(year - PAYMENT_YEARS_BEFORE_SCHEME_YEAR, 1, 1)
        latest = dt.date(year, 12, 31)
        if not earliest <= paid <= latest:
            raise ValueError(
                f"scheme_year: {year} does not fit payment_date {paid}; a payment for scheme year "
                f"{year} is made from {earliest} to {latest} (the collection season before the "
                "year, or the year itself)"
            )
        return year


class OtherCityParticipation(InputModel):
    """A participation in another prefecture-level city's scheme, ongoing on the evaluation date.

    ``scheme`` is one of :class:`medins_rules.vocab.schemes.Scheme`; the earlier values
    ``resident`` and ``employee`` are read as ``urban_rural_resident`` and ``urban_employee``.
    """

    model_config = _FROZEN

    city: CityCode
    scheme: Scheme
    start_date: Day

    @field_validator("start_date")
    @classmethod
    def _not_before_any_scheme(cls, start: dt.date) -> dt.date:
        if start < EARLIEST_PARTICIPATION_START:
            raise ValueError(
                f"start_date: {start} is before {EARLIEST_PARTICIPATION_START}, the Labour "
                "Insurance Regulations, before which no medical insurance participation began"
            )
        return start


class BenefitPeriod(InputModel):
    """The benefit period (待遇享受期) of one scheme year, first and last day included.

    It lies around its scheme year (:data:`BENEFIT_PERIOD_YEARS_AROUND_SCHEME_YEAR`): it begins in
    the year before the scheme year or in the scheme year, and ends by the end of the year after.
    """

    model_config = _FROZEN

    scheme_year: SchemeYear
    first_day: Day
    last_day: Day

    @field_validator("first_day")
    @classmethod
    def _begins_around_its_year(cls, first_day: dt.date, info: ValidationInfo) -> dt.date:
        year = info.data.get("scheme_year")
        if year is None:
            return first_day
        earliest = dt.date(year - BENEFIT_PERIOD_YEARS_AROUND_SCHEME_YEAR, 1, 1)
        latest = dt.date(year, 12, 31)
        if not earliest <= first_day <= latest:
            raise ValueError(
                f"first_day: {first_day} is no first day of the benefit period of scheme_year "
                f"{year}; it begins from {earliest} to {latest}"
            )
        return first_day

    @field_validator("last_day")
    @classmethod
    def _not_before_first_day(cls, last_day: dt.date, info: ValidationInfo) -> dt.date:
        first_day = info.data.get("first_day")
        if first_day is not None and last_day < first_day:
            raise ValueError(
                f"last_day: {last_day} is before first_day {first_day}; a benefit period ends on "
                "or after the day it begins"
            )
        year = info.data.get("scheme_year")
        if year is not None:
            latest = dt.date(year + BENEFIT_PERIOD_YEARS_AROUND_SCHEME_YEAR, 12, 31)
            if last_day > latest:
                raise ValueError(
                    f"last_day: {last_day} is after {latest}; the benefit period of scheme_year "
                    f"{year} ends by then"
                )
        return last_day


class RefundCase(InputModel):
    """A refund application: the payments, the participations elsewhere and the application date.

    ``evaluation_date`` is the day the refund is applied for: on or after every payment and the
    start of every participation listed, each city in use that year. ``terminates_participation``
    says whether the person goes through the suspension procedure and terminates the relevant
    participation with the application (the source couples the two). ``other_participations`` lists
    the person's participations in other cities' schemes, each taken as ongoing on the application
    date (payments in other cities are not read as participations there: list the participation
    kept). ``benefit_periods`` gives a scheme year's benefit period explicitly; years not given use
    the jurisdiction's parameter. With the Guangzhou jurisdiction every payment is to Guangzhou; with
    Guangdong, to any of its cities.
    """

    model_config = _FROZEN

    payments: tuple[RefundPayment, ...] = Field(max_length=_MAX_ITEMS)
    other_participations: tuple[OtherCityParticipation, ...] = Field(
        default=(), max_length=_MAX_ITEMS
    )
    terminates_participation: bool
    benefit_periods: tuple[BenefitPeriod, ...] = Field(default=(), max_length=_MAX_ITEMS)
    evaluation_date: Day
    jurisdiction: Jurisdiction = Field(default=Jurisdiction.GUANGZHOU, validate_default=True)

    @field_validator("payments")
    @classmethod
    def _some_payment(cls, payments: tuple[RefundPayment, ...]) -> tuple[RefundPayment, ...]:
        if not payments:
            raise ValueError("payments: give at least one payment to refund")
        return payments

    @field_validator("other_participations")
    @classmethod
    def _each_once(
        cls, others: tuple[OtherCityParticipation, ...]
    ) -> tuple[OtherCityParticipation, ...]:
        seen: dict[tuple[str, Scheme], int] = {}
        for i, other in enumerate(others):
            key = (other.city, other.scheme)
            if key in seen:
                raise ValueError(
                    f"other_participations: [{i}].city lists the {other.scheme.value} "
                    f"participation in {other.city} a second time (first at [{seen[key]}])"
                )
            seen[key] = i
        return others

    @field_validator("benefit_periods")
    @classmethod
    def _one_per_year(cls, periods: tuple[BenefitPeriod, ...]) -> tuple[BenefitPeriod, ...]:
        seen: dict[int, int] = {}
        for i, period in enumerate(periods):
            if period.scheme_year in seen:
                raise ValueError(
                    f"benefit_periods: [{i}].scheme_year gives scheme year {period.scheme_year} "
                    f"a second time (first at [{seen[period.scheme_year]}])"
                )
            seen[period.scheme_year] = i
        return periods

    @field_validator("evaluation_date")
    @classmethod
    def _after_the_facts(cls, day: dt.date, info: ValidationInfo) -> dt.date:
        payments: tuple[RefundPayment, ...] = info.data.get("payments", ())
        others: tuple[OtherCityParticipation, ...] = info.data.get("other_participations", ())
        for i, payment in enumerate(payments):
            if payment.payment_date > day:
                raise ValueError(
                    f"evaluation_date: {day} (the application date) is before "
                    f"payments[{i}].payment_date {payment.payment_date}; a refund is applied for "
                    "after the payment"
                )
        for i, other in enumerate(others):
            if other.start_date > day:
                raise ValueError(
                    f"evaluation_date: {day} is before other_participations[{i}].start_date "
                    f"{other.start_date}; list only participations that have begun by the "
                    "application date"
                )
        places = [(f"payments[{i}].city", p.city) for i, p in enumerate(payments)]
        places += [(f"other_participations[{i}].city", o.city) for i, o in enumerate(others)]
        for field, city in places:
            if not divisions.in_use(city, day.year):
                raise ValueError(
                    f"evaluation_date: on {day}, {field} "
                    f"{divisions.why_not_in_use(city, day.year)}; give the city in use that day"
                )
        return day

    @field_validator("jurisdiction")
    @classmethod
    def _covers_the_payments(cls, jurisdiction: Jurisdiction, info: ValidationInfo) -> Jurisdiction:
        for i, payment in enumerate(info.data.get("payments", ())):
            if not _within(payment.city, jurisdiction):
                hint = (
                    "evaluate a payment to another Guangdong city with jurisdiction 440000"
                    if _in_guangdong(payment.city)
                    else "the package encodes Guangdong's refund rules only"
                )
                raise ValueError(
                    f"jurisdiction: {jurisdiction.value} does not cover payments[{i}].city "
                    f"{_city_en(payment.city)}; {hint}"
                )
        return jurisdiction


def _within(city: str, jurisdiction: Jurisdiction) -> bool:
    if jurisdiction is Jurisdiction.GUANGZHOU:
        return city == Jurisdiction.GUANGZHOU.value
    if jurisdiction is Jurisdiction.GUANGDONG:
        return _in_guangdong(city)
    return True


class OtherCityScope(StrEnum):
    """Which other cities' residents' insurance counts for the other-city ground."""

    ANY_PROVINCE = "any_province"
    GUANGDONG_ONLY = "guangdong_only"


class RefundOptions(BaseModel):
    """Interpretive choices of the refund rule (``docs/interpretive-choices.md``, Refunds).

    ``duplicate_payment_any_time``: the timing clause governs both grounds, so a duplicate payment is
    refundable only when applied for before its benefit period begins (default ``False``, the Chinese
    original). ``True`` takes the looser reading of the English sentence: a duplicate payment is
    refundable at any time.

    ``other_city_scope``: "other coordinated prefecture-level and municipal residents' medical
    insurance" (参加其他统筹地市居民医保) counts a city in any province (default ``any_province``);
    ``guangdong_only`` counts only Guangdong's cities.

    ``new_rural_cooperative_counts``: a participation in another city's new rural cooperative
    medical care (新型农村合作医疗) is a participation in its residents' insurance, into which that
    scheme was merged (default ``True``); ``False`` counts only a participation given as the urban
    and rural residents' scheme. Another city's employee scheme, or another type of insurance,
    is never a ground.
    """

    model_config = _FROZEN

    duplicate_payment_any_time: bool = False
    other_city_scope: OtherCityScope = OtherCityScope.ANY_PROVINCE
    new_rural_cooperative_counts: bool = True


DEFAULT_REFUND_OPTIONS = RefundOptions()

# ======================================================================================================
# Decision
# ======================================================================================================


class RefundOutcome(StrEnum):
    """What comes back.

    ``refundable``: every payment is refunded. ``partly_refundable``: some payments are refunded and
    some kept (the usual outcome of a duplicate payment: the first is kept). ``not_refundable``:
    nothing is refunded.
    """

    REFUNDABLE = "refundable"
    PARTLY_REFUNDABLE = "partly_refundable"
    NOT_REFUNDABLE = "not_refundable"


class RefundGround(StrEnum):
    """A ground the source lists for a refund."""

    DUPLICATE_PAYMENT = "duplicate_payment"
    OTHER_CITY_PARTICIPATION = "other_city_participation"


class ApplicationRoute(StrEnum):
    """Where the refund is applied for."""

    ONLINE = "online"
    COUNTER = "counter"


class CoupledAction(StrEnum):
    """What the person does together with the refund application."""

    SUSPENSION_PROCEDURE = "suspension_procedure"
    TERMINATE_PARTICIPATION = "terminate_participation"


class PaymentResult(BaseModel):
    """One payment's result: the grounds it meets, what is refunded, what is kept, and why.

    ``grounds`` are the grounds the payment meets on the application date (with the options);
    ``refundable`` is whether it is refunded, which also needs the termination of the participation.
    ``refund_channel`` is the channel the refund goes back through (the original one), or ``None``
    when nothing is refunded or the original channel cannot take a refund. ``reason_codes`` and
    ``why_en`` / ``why_zh`` say why; the reasons themselves, with their citations and facts, are
    among the decision's reasons.
    """

    model_config = _FROZEN

    amount: Yuan
    scheme_year: int
    city: str
    channel: PaymentChannel
    payment_date: dt.date
    grounds: tuple[RefundGround, ...]
    refundable: bool
    refund_amount: Yuan
    kept_amount: Yuan
    refund_channel: PaymentChannel | None
    reason_codes: tuple[str, ...] = Field(min_length=1)
    why_en: str
    why_zh: str


class RefundDecision(Decision[RefundOutcome]):
    """The refund decision: per-payment results in a fixed order, totals exact to the fen.

    Payments are listed by scheme year, city, payment date, larger amount first, then channel (never
    in input order, so the decision does not depend on it). ``refund_duplicate_payment`` and
    ``refund_other_city_participation`` are what is refunded on each ground; a payment refunded on
    both counts in both, and once in ``refund_total``.
    """

    payments: tuple[PaymentResult, ...]
    benefit_periods: tuple[BenefitPeriod, ...]
    paid_total: Yuan
    refund_total: Yuan
    kept_total: Yuan
    refund_duplicate_payment: Yuan
    refund_other_city_participation: Yuan
    terminates_participation: bool
    coupled_actions: tuple[CoupledAction, ...]
    apply_via: ApplicationRoute
    online_service_launch: dt.date | None


# -- labels: the words a Chinese rendering uses (medins_rules.core.labels) ---------------------------

REFUND_OUTCOME_ZH = enum_labels(
    RefundOutcome,
    {
        RefundOutcome.REFUNDABLE: "可全部退费",
        RefundOutcome.PARTLY_REFUNDABLE: "可部分退费",
        RefundOutcome.NOT_REFUNDABLE: "不可退费",
    },
)
CHANNEL_ZH = enum_labels(PaymentChannel, {c: zh for c, (_, zh) in _CHANNEL_NAMES.items()})
SCOPE_ZH = enum_labels(
    OtherCityScope,
    {
        OtherCityScope.ANY_PROVINCE: "任何省份的城市",
        OtherCityScope.GUANGDONG_ONLY: "仅限广东省的城市",
    },
)
GROUND_ZH = enum_labels(
    RefundGround,
    {
        RefundGround.DUPLICATE_PAYMENT: "重复缴费",
        RefundGround.OTHER_CITY_PARTICIPATION: "参加其他统筹地市居民医保",
    },
)
ROUTE_ZH = enum_labels(
    ApplicationRoute, {ApplicationRoute.ONLINE: "网上申请", ApplicationRoute.COUNTER: "窗口申请"}
)
ACTION_ZH = enum_labels(
    CoupledAction,
    {
        CoupledAction.SUSPENSION_PROCEDURE: "办理停保手续",
        CoupledAction.TERMINATE_PARTICIPATION: "终止参保关系",
    },
)
FIELDS_ZH = field_labels(
    (
        RefundCase,
        RefundPayment,
        OtherCityParticipation,
        BenefitPeriod,
        RefundDecision,
        PaymentResult,
        RefundOptions,
    ),
    {
        "payments": "缴费记录",
        "other_participations": "在其他城市的参保",
        "terminates_participation": "是否终止参保关系",
        "benefit_periods": "待遇享受期",
        "amount": "缴费金额",
        "city": "城市",
        "channel": "缴费渠道",
        "payment_date": "缴费日期",
        "scheme_year": "年度",
        "scheme": "险种",
        "start_date": "参保开始日期",
        "first_day": "首日",
        "last_day": "末日",
        "grounds": "退费情形",
        "refundable": "是否可退",
        "refund_amount": "退费金额",
        "kept_amount": "不退金额",
        "refund_channel": "退费渠道",
        "why_en": "说明（英文）",
        "why_zh": "说明",
        "paid_total": "已缴合计",
        "refund_total": "可退合计",
        "kept_total": "不退合计",
        "refund_duplicate_payment": "重复缴费可退金额",
        "refund_other_city_participation": "参加其他统筹地市居民医保可退金额",
        "coupled_actions": "须同时办理",
        "apply_via": "申请方式",
        "online_service_launch": "网上退费功能上线日期",
        "duplicate_payment_any_time": "重复缴费随时可退",
        "other_city_scope": "其他城市的范围",
        "new_rural_cooperative_counts": "新型农村合作医疗计入",
    },
)


def _city_name(code: object, decision: object) -> str | None:
    """A city's code with its Chinese name (``广州市（440100）``)."""
    try:
        return divisions.describe_zh(str(code))
    except LookupError:
        return None


value_labels(PaymentResult, "city", _city_name)
value_labels(RefundPayment, "city", _city_name)
value_labels(OtherCityParticipation, "city", _city_name)

# -- reasons -------------------------------------------------------------------------------------------

REFUNDABLE = ReasonTemplate(
    "refunds.refundable",
    "All {payment_count} payment(s), {refund_total} yuan in all, are refundable: "
    "{refund_duplicate_payment} yuan as duplicate payments and {refund_other_city_participation} "
    "yuan for participation in another city (a payment on both grounds is refunded once).",
    "全部{payment_count}笔缴费共{refund_total}元可退：其中重复缴费{refund_duplicate_payment}元，"
    "参加其他统筹地市居民医保{refund_other_city_participation}元（同时符合两项情形的缴费只退一次）。",
    (_GROUNDS, _SIL_4),
)
PARTLY_REFUNDABLE = ReasonTemplate(
    "refunds.partly_refundable",
    "{refund_total} yuan of the {paid_total} yuan paid is refundable and {kept_total} yuan is kept: "
    "{refund_duplicate_payment} yuan as duplicate payments and {refund_other_city_participation} "
    "yuan for participation in another city (a payment on both grounds is refunded once).",
    "已缴{paid_total}元中{refund_total}元可退，{kept_total}元不退：其中重复缴费"
    "{refund_duplicate_payment}元，参加其他统筹地市居民医保{refund_other_city_participation}元"
    "（同时符合两项情形的缴费只退一次）。",
    (_GROUNDS, _SIL_4),
)
NOT_REFUNDABLE = ReasonTemplate(
    "refunds.not_refundable",
    "None of the {paid_total} yuan paid is refundable; the reasons below give every condition that "
    "fails.",
    "已缴{paid_total}元均不予退费；未满足的各项条件见下列理由。",
    (_GROUNDS, _SIL_4),
)
DUPLICATE_PAYMENT = ReasonTemplate(
    "refunds.duplicate_payment",
    "The payment of {amount} yuan on {payment_date} repeats the payment on {kept_date} for scheme "
    "year {scheme_year} in {city_en}, and the application on {evaluation_date} is made before the "
    "benefit period begins on {first_day}: refundable as a duplicate payment.",
    "{payment_date}缴纳的{amount}元与{kept_date}已缴的{city_zh}{scheme_year}年度居民医保费重复，"
    "且于{evaluation_date}申请，在待遇享受期开始（{first_day}）之前：属重复缴费，可退。",
    (_GROUNDS, _SIL_4),
)
DUPLICATE_PAYMENT_ANY_TIME = ReasonTemplate(
    "refunds.duplicate_payment_any_time",
    "The payment of {amount} yuan on {payment_date} repeats the payment on {kept_date} for scheme "
    "year {scheme_year} in {city_en}. The application on {evaluation_date} is made on or after the "
    "first day of the benefit period, {first_day}, but under the looser reading chosen (duplicate "
    "payments refundable at any time) it is refundable as a duplicate payment.",
    "{payment_date}缴纳的{amount}元与{kept_date}已缴的{city_zh}{scheme_year}年度居民医保费重复。"
    "{evaluation_date}申请时待遇享受期已于{first_day}开始，但按所选的宽松解读（重复缴费随时可退），"
    "属重复缴费，可退。",
    (_GROUNDS, _SIL_4),
)
DUPLICATE_PAYMENT_TOO_LATE = ReasonTemplate(
    "refunds.duplicate_payment_too_late",
    "The payment of {amount} yuan on {payment_date} repeats the payment on {kept_date} for scheme "
    "year {scheme_year} in {city_en}, but the application on {evaluation_date} is made on or after "
    "the first day of the benefit period, {first_day}: a duplicate payment is refundable only when "
    "applied for before the benefit period begins (by {last_day_to_apply}).",
    "{payment_date}缴纳的{amount}元与{kept_date}已缴的{city_zh}{scheme_year}年度居民医保费重复，"
    "但于{evaluation_date}申请时待遇享受期已于{first_day}开始：重复缴费须在待遇享受期开始前"
    "（{last_day_to_apply}前）申请退费。",
    (_GROUNDS, _SIL_4),
)
DUPLICATE_KEPT_FIRST = ReasonTemplate(
    "refunds.duplicate_payment_first_kept",
    "The payment of {amount} yuan on {payment_date} is the first of {group_size} payments for scheme "
    "year {scheme_year} in {city_en}: it is not a duplicate payment (the earliest is the year's "
    "payment; the later ones are the duplicates).",
    "{payment_date}缴纳的{amount}元是{city_zh}{scheme_year}年度{group_size}笔缴费中的第一笔："
    "不属重复缴费（最早的一笔为该年度的缴费，其后各笔方属重复缴费）。",
    (_GROUNDS,),
)
OTHER_CITY = ReasonTemplate(
    "refunds.other_city_participation",
    "For scheme year {scheme_year} the person takes part in the residents' medical insurance of "
    "{other_cities_en}; the payment of {amount} yuan on {payment_date} in {city_en}, applied for on "
    "{evaluation_date} before the benefit period begins on {first_day}, is refundable.",
    "参保人已参加{other_cities_zh}的居民医保；{city_zh}{scheme_year}年度于{payment_date}缴纳的"
    "{amount}元，于{evaluation_date}在待遇享受期开始（{first_day}）之前申请，可退。",
    (_GROUNDS,),
)
OTHER_CITY_TOO_LATE = ReasonTemplate(
    "refunds.other_city_participation_too_late",
    "The person takes part in the residents' medical insurance of {other_cities_en}, but the "
    "application on {evaluation_date} for the payment of {amount} yuan on {payment_date} (scheme year "
    "{scheme_year}, {city_en}) is made on or after the first day of the benefit period, {first_day}: "
    "a refund on this ground is applied for before the benefit period begins (by "
    "{last_day_to_apply}).",
    "参保人已参加{other_cities_zh}的居民医保，但{city_zh}{scheme_year}年度于{payment_date}缴纳的"
    "{amount}元于{evaluation_date}申请时，待遇享受期已于{first_day}开始：此情形须在待遇享受期开始前"
    "（{last_day_to_apply}前）申请退费。",
    (_GROUNDS,),
)
NO_GROUND = ReasonTemplate(
    "refunds.no_ground",
    "The payment of {amount} yuan on {payment_date} for scheme year {scheme_year} in {city_en} is the "
    "only one for that year and city, and no participation in another city's residents' insurance is "
    "given: neither listed ground (duplicate payment, participation in another city) applies.",
    "{city_zh}{scheme_year}年度于{payment_date}缴纳的{amount}元是该年度该市唯一一笔缴费，且未参加其他"
    "统筹地市居民医保：不属重复缴费或参加其他统筹地市居民医保的退费情形。",
    (_GROUNDS,),
)
EMPLOYEE_SCHEME = ReasonTemplate(
    "refunds.employee_scheme_not_a_ground",
    "The participation since {start_date} in the employee medical insurance of {other_city_en} is "
    "not a ground for a refund: the source lists duplicate payments and participation in another "
    "city's residents' insurance only. To leave the residents' insurance, the route is the suspension "
    "procedure (open online to participants in normal status).",
    "自{start_date}起参加{other_city_zh}职工医保不属退费情形：来源仅列明重复缴费和参加其他统筹地市"
    "居民医保。如需停止居民医保，应按规定办理停保手续（参保状态正常的可在线办理）。",
    (_GROUNDS, _SUSPENSION, _NORMAL_STATUS),
)
SCHEME_NOT_A_GROUND = ReasonTemplate(
    "refunds.scheme_not_a_ground",
    "The participation since {start_date} in {scheme_en} of {other_city_en} is not a ground for a "
    "refund: the source lists duplicate payments and participation in another city's residents' "
    "insurance only.",
    "自{start_date}起参加{other_city_zh}的{scheme_zh}不属退费情形：来源仅列明重复缴费和参加其他统筹地市"
    "居民医保。",
    (_GROUNDS,),
)
RURAL_COOPERATIVE_AS_RESIDENT = ReasonTemplate(
    "refunds.rural_cooperative_as_residents_insurance",
    "The participation since {start_date} in the new rural cooperative medical care of "
    "{other_city_en} is read as a participation in its residents' insurance: the scheme was merged "
    "into the urban and rural residents' basic medical insurance (under the reading chosen).",
    "自{start_date}起参加的{other_city_zh}新型农村合作医疗按参加该市居民医保处理：新农合已并入城乡居民"
    "基本医疗保险（按所选解读）。",
    (_GROUNDS, _SIL_26),
)
OUTSIDE_GUANGDONG = ReasonTemplate(
    "refunds.other_city_outside_guangdong",
    "The participation since {start_date} in the residents' insurance of {other_city_en} is outside "
    "Guangdong; under the reading chosen (only Guangdong's cities count as other cities) it is not a "
    "ground for a refund.",
    "自{start_date}起参加的{other_city_zh}居民医保在广东省外；按所选解读（仅省内地市视为其他统筹地市），"
    "不属退费情形。",
    (_GROUNDS,),
)
SAME_CITY = ReasonTemplate(
    "refunds.participation_same_city",
    "The residents' participation since {start_date} in {other_city_en} is in the same city as the "
    "payments there; it is not another city's insurance and is no ground for refunding them (a "
    "second payment there is a duplicate payment instead).",
    "自{start_date}起在{other_city_zh}的居民医保参保与该市缴费同属一地，不属参加其他统筹地市居民医保，"
    "不能据此退还该市缴费（在该市再次缴费的，属重复缴费）。",
    (_GROUNDS,),
)
BENEFIT_PERIOD_ASSUMED = ReasonTemplate(
    "refunds.benefit_period_assumed",
    "No benefit period was given for scheme year {scheme_year}; it is taken as the calendar year, "
    "{first_day} to {last_day} (an assumption: no primary source for Guangdong's benefit period was "
    "found). An application on {first_day} or later is too late.",
    "未提供{scheme_year}年度的待遇享受期，按自然年度即{first_day}至{last_day}计算（此为假定：未找到"
    "广东省待遇享受期的原始依据）。{first_day}当日及以后申请即为逾期。",
    (_GROUNDS,),
)
BENEFIT_PERIOD_GIVEN = ReasonTemplate(
    "refunds.benefit_period_given",
    "The benefit period of scheme year {scheme_year} was given: {first_day} to {last_day}. An "
    "application on {first_day} or later is too late.",
    "{scheme_year}年度的待遇享受期按所提供的{first_day}至{last_day}计算。{first_day}当日及以后申请即为"
    "逾期。",
    (_GROUNDS,),
)
COUPLED_ACTIONS = ReasonTemplate(
    "refunds.coupled_actions",
    "The refund goes with the suspension procedure and the termination of the relevant residents' "
    "participation (scheme year(s) {scheme_years}, {cities_en}): the person applies for the refund "
    "while terminating it.",
    "退费须同时按规定办理停保手续并终止相关居民医保参保关系（{cities_zh}，{scheme_years}年度）：在终止"
    "参保关系的同时申请退费。",
    (_GROUNDS, _SUSPENSION),
)
PARTICIPATION_KEPT = ReasonTemplate(
    "refunds.participation_kept",
    "The request keeps the participation: a refund is made only while terminating the relevant "
    "residents' participation through the suspension procedure, so nothing is refunded. With the "
    "termination, {would_refund} yuan would be refundable.",
    "申请保留参保关系：退费须在按规定办理停保手续、终止相关居民医保参保关系的同时申请，故不予退费。"
    "如终止参保关系，可退{would_refund}元。",
    (_GROUNDS, _SUSPENSION),
)
ORIGINAL_CHANNEL = ReasonTemplate(
    "refunds.original_channel",
    "The {refund_amount} yuan paid on {payment_date} is refunded through the original channel, "
    "{channel_en} ({channel}).",
    "{payment_date}缴纳的{refund_amount}元原则上按原渠道{channel_zh}（{channel}）退回。",
    (_CHANNEL,),
)
ORIGINAL_CHANNEL_UNAVAILABLE = ReasonTemplate(
    "refunds.original_channel_unavailable",
    "The {refund_amount} yuan paid on {payment_date} through {channel_en} ({channel}) is "
    "refundable, but that "
    "channel cannot take a refund back; the refund is returned 'in principle' through the original "
    "channel, so the agency sets another route when the application is made.",
    "{payment_date}通过{channel_zh}（{channel}）缴纳的{refund_amount}元可退，但该渠道无法原路退回；退费“原则上”按原"
    "渠道退回，需由经办机构在受理时另定退回方式。",
    (_CHANNEL,),
)
APPLY_ONLINE = ReasonTemplate(
    "refunds.apply_online",
    "The online refund application service is in force since {launch_date}: on {evaluation_date} the "
    "refund can be applied for online.",
    "网上退费申请功能已于{launch_date}上线：{evaluation_date}可在线申请退费。",
    (_ONLINE_SOON,),
)
APPLY_AT_COUNTER = ReasonTemplate(
    "refunds.apply_at_counter",
    "The online refund application service is not in force on {evaluation_date} ({launch_en}): the "
    "refund is applied for at the medical insurance agency's counter.",
    "{evaluation_date}网上退费申请功能尚未启用（{launch_zh}）：应到医保经办机构窗口申请退费。",
    (_ONLINE_SOON,),
)

# ======================================================================================================
# The rule
# ======================================================================================================

_BENEFIT_PERIOD = "refunds.benefit_period"
_UNABLE = "refunds.channels_unable_to_refund"
_ONLINE = "refunds.online_service_launch"
_RULE = "refunds.refund"


def _fen(amount: Decimal) -> Decimal:
    return amount.quantize(_FEN)


def _payment_key(p: RefundPayment) -> tuple[int, str, dt.date, Decimal, str]:
    """The canonical order: earliest first, then the larger amount, then the channel."""
    return (p.scheme_year, p.city, p.payment_date, -p.amount, p.channel.value)


def _period_from_parameter(scheme_year: int, version: ParameterVersion) -> BenefitPeriod:
    if version.value == "calendar_year":
        return BenefitPeriod(
            scheme_year=scheme_year,
            first_day=dt.date(scheme_year, 1, 1),
            last_day=dt.date(scheme_year, 12, 31),
        )
    raise ParameterDataError(  # pragma: no cover - the definition allows calendar_year only
        f"parameter {_BENEFIT_PERIOD!r}: no rule for the value {version.value!r}"
    )


def _facts(p: RefundPayment, period: BenefitPeriod, evaluation_date: dt.date) -> dict[str, object]:
    return {
        "amount": _fen(p.amount),
        "payment_date": p.payment_date,
        "scheme_year": p.scheme_year,
        "city_en": _city_en(p.city),
        "city_zh": _city_zh(p.city),
        "evaluation_date": evaluation_date,
        "first_day": period.first_day,
        "last_day_to_apply": period.first_day - dt.timedelta(days=1),
    }


def _pick(template: ReasonTemplate, facts: Mapping[str, object], **more: object) -> Reason:
    """The reason with the facts its messages show (English and Chinese variants both kept)."""
    shown = {
        *template.placeholders,
        *(
            name.removesuffix("_en") + "_zh"
            for name in template.placeholders
            if name.endswith("_en")
        ),
    }
    return template(**{k: v for k, v in {**facts, **more}.items() if k in shown})


def refund(
    case: RefundCase,
    *,
    parameters: ParameterSet | None = None,
    options: RefundOptions = DEFAULT_REFUND_OPTIONS,
) -> RefundDecision:
    """Which of a person's resident-insurance payments are refunded, on which ground, and how.

    Source 000: "If you make repeated payments or participate in other coordinated prefecture-level
    and municipal residents' medical insurance before the corresponding benefit period begins, you
    can apply for a refund while terminating the relevant residents' medical insurance participation
    relationship. In principle, the payment fee will be refunded through the original channel."
    (Chinese original: 「参保人按规定办理停保手续，在相应待遇享受期未开始前因重复缴费、参加其他统筹地市居民医保，
    可在终止相关居民医保参保关系的同时，申请办理退费，原则上原渠道退回缴费费用。」) Social Insurance Law art. 4.

    Both grounds need the application to be made before the benefit period of the payment's scheme
    year begins; an application on its first day is too late. A duplicate payment is a second (or
    later) payment for the same scheme year and city: the earliest is kept, the later ones are
    refundable. A participation in another city's residents' insurance makes that year's payments
    here refundable (its new rural cooperative medical care counts as it, by default); another
    city's employee scheme, or another type of insurance, does not. The refund goes with the
    suspension procedure and the termination of the relevant participation (a request that keeps
    it is refused) and back through the original channel. The parameters in force on the application date apply.

    >>> import datetime as dt
    >>> paid = {"amount": "380.00", "scheme_year": 2027, "city": "440100", "channel": "wechat"}
    >>> case = RefundCase(
    ...     payments=[{**paid, "payment_date": dt.date(2026, 10, 8)},
    ...               {**paid, "payment_date": dt.date(2026, 10, 9)}],
    ...     terminates_participation=True, evaluation_date=dt.date(2026, 12, 31))
    >>> d = refund(case)
    >>> d.outcome, d.refund_total, d.kept_total, d.apply_via
    (<RefundOutcome.PARTLY_REFUNDABLE: 'partly_refundable'>, Decimal('380.00'), Decimal('380.00'), <ApplicationRoute.COUNTER: 'counter'>)
    >>> refund(case.model_copy(update={"evaluation_date": dt.date(2027, 1, 1)})).outcome
    <RefundOutcome.NOT_REFUNDABLE: 'not_refundable'>
    >>> moved = case.model_copy(update={"payments": case.payments[:1], "other_participations": (
    ...     OtherCityParticipation(city="510100", scheme="urban_rural_resident",
    ...                            start_date=dt.date(2026, 9, 1)),)})
    >>> refund(moved).outcome
    <RefundOutcome.REFUNDABLE: 'refundable'>

    More examples, one per outcome and boundary, are in ``docs/refunds.md``.
    """
    case = ensure_valid(case)
    try:
        params = parameters or parameters_for(case.jurisdiction, on=case.evaluation_date)
        for name in (_BENEFIT_PERIOD, _UNABLE, _ONLINE):  # source 000 holds from 2022-09-14 only
            params.version(name)
    except DATE_NOT_COVERED as exc:  # the parameters in force on the application date
        raise exc.about("evaluation_date").with_traceback(exc.__traceback__) from None
    used: list[ParameterVersion] = []
    periods, period_reasons = _benefit_periods(case, params, used)

    payments = sorted(case.payments, key=_payment_key)
    groups: dict[tuple[int, str], list[RefundPayment]] = {}
    for p in payments:
        groups.setdefault((p.scheme_year, p.city), []).append(p)

    others, participation_reasons = _screen_participations(case, payments, options)

    used.append(params.version(_UNABLE))
    unable = frozenset(params.codes(_UNABLE))

    results: list[PaymentResult] = []
    payment_reasons: list[Reason] = []
    for (year, city), group in groups.items():
        for position, p in enumerate(group):
            result, why = _payment_result(
                p,
                position,
                group,
                [o for o in others if o.city != city],
                periods[year],
                case,
                options,
                unable,
            )
            results.append(result)
            payment_reasons.extend(why)

    used.append(params.version(_ONLINE))
    launch = params.optional_date(_ONLINE)
    online = launch is not None and launch <= case.evaluation_date

    paid_total = _fen(sum((r.amount for r in results), _ZERO))
    refund_total = _fen(sum((r.refund_amount for r in results), _ZERO))
    kept_total = paid_total - refund_total
    by_ground = {
        g: _fen(sum((r.refund_amount for r in results if g in r.grounds), _ZERO))
        for g in RefundGround
    }
    qualifying = [r for r in results if r.grounds]
    would_refund = _fen(sum((r.amount for r in qualifying), _ZERO))

    refunded = sum(1 for r in results if r.refundable)
    if refunded == len(results):
        outcome = RefundOutcome.REFUNDABLE
    elif refunded:
        outcome = RefundOutcome.PARTLY_REFUNDABLE
    else:
        outcome = RefundOutcome.NOT_REFUNDABLE
    totals = {
        "payment_count": len(results),
        "paid_total": paid_total,
        "refund_total": refund_total,
        "kept_total": kept_total,
        "refund_duplicate_payment": by_ground[RefundGround.DUPLICATE_PAYMENT],
        "refund_other_city_participation": by_ground[RefundGround.OTHER_CITY_PARTICIPATION],
    }
    summary = {
        RefundOutcome.REFUNDABLE: REFUNDABLE,
        RefundOutcome.PARTLY_REFUNDABLE: PARTLY_REFUNDABLE,
        RefundOutcome.NOT_REFUNDABLE: NOT_REFUNDABLE,
    }[outcome]

    reasons: list[Reason] = [_pick(summary, totals), *payment_reasons]
    reasons.extend(participation_reasons)
    reasons.extend(period_reasons)
    coupled: tuple[CoupledAction, ...] = ()
    if qualifying:
        coupled = (CoupledAction.SUSPENSION_PROCEDURE, CoupledAction.TERMINATE_PARTICIPATION)
        years = sorted({r.scheme_year for r in qualifying})
        cities = sorted({r.city for r in qualifying})
        reasons.append(
            COUPLED_ACTIONS(
                scheme_years=", ".join(str(y) for y in years),
                cities_en=_cities_en(cities),
                cities_zh=_cities_zh(cities),
            )
        )
    if not case.terminates_participation:
        reasons.append(PARTICIPATION_KEPT(would_refund=would_refund))
    if qualifying:
        if online:
            reasons.append(APPLY_ONLINE(launch_date=launch, evaluation_date=case.evaluation_date))
        else:
            reasons.append(
                APPLY_AT_COUNTER(
                    evaluation_date=case.evaluation_date,
                    launch_en=f"opens on {launch}" if launch else "not launched",
                    launch_zh=f"将于{launch}上线" if launch else "尚未上线",
                )
            )

    return RefundDecision(
        rule=_RULE,
        outcome=outcome,
        reasons=tuple(reasons),
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
        parameters=tuple(v.use() for v in used),
        payments=tuple(results),
        benefit_periods=tuple(periods[y] for y in sorted(periods)),
        paid_total=paid_total,
        refund_total=refund_total,
        kept_total=kept_total,
        refund_duplicate_payment=by_ground[RefundGround.DUPLICATE_PAYMENT],
        refund_other_city_participation=by_ground[RefundGround.OTHER_CITY_PARTICIPATION],
        terminates_participation=case.terminates_participation,
        coupled_actions=coupled,
        apply_via=ApplicationRoute.ONLINE if online else ApplicationRoute.COUNTER,
        online_service_launch=launch,
    )


def _benefit_periods(
    case: RefundCase, params: ParameterSet, used: list[ParameterVersion]
) -> tuple[dict[int, BenefitPeriod], list[Reason]]:
    """The benefit period of every scheme year paid for: given by the caller, else the parameter."""
    given = {p.scheme_year: p for p in case.benefit_periods}
    periods: dict[int, BenefitPeriod] = {}
    reasons: list[Reason] = []
    for year in sorted({p.scheme_year for p in case.payments}):
        period = given.get(year)
        if period is not None:
            template = BENEFIT_PERIOD_GIVEN
        else:
            version = params.version(_BENEFIT_PERIOD)
            if version not in used:
                used.append(version)
            period = _period_from_parameter(year, version)
            template = BENEFIT_PERIOD_ASSUMED
        periods[year] = period
        reasons.append(
            template(scheme_year=year, first_day=period.first_day, last_day=period.last_day)
        )
    return periods, reasons


def _screen_participations(
    case: RefundCase, payments: list[RefundPayment], options: RefundOptions
) -> tuple[list[OtherCityParticipation], list[Reason]]:
    """The participations that can ground a refund, and the reasons the others cannot."""
    payment_cities = {p.city for p in payments}
    grounds: list[OtherCityParticipation] = []
    reasons: list[Reason] = []
    ordered = sorted(case.other_participations, key=lambda o: (o.city, o.scheme.value))
    for other in ordered:
        facts = {
            "other_city_en": _city_en(other.city),
            "other_city_zh": _city_zh(other.city),
            "start_date": other.start_date,
        }
        if other.scheme is Scheme.URBAN_EMPLOYEE:
            reasons.append(EMPLOYEE_SCHEME(**facts))
            continue
        rural = other.scheme is Scheme.NEW_RURAL_COOPERATIVE
        if other.scheme is Scheme.OTHER or (rural and not options.new_rural_cooperative_counts):
            reasons.append(
                SCHEME_NOT_A_GROUND(
                    **facts, scheme_en=SCHEME_EN[other.scheme], scheme_zh=SCHEME_ZH[other.scheme]
                )
            )
            continue
        if options.other_city_scope is OtherCityScope.GUANGDONG_ONLY and not _in_guangdong(
            other.city
        ):
            reasons.append(OUTSIDE_GUANGDONG(**facts))
            continue
        if rural:
            reasons.append(RURAL_COOPERATIVE_AS_RESIDENT(**facts))
        if other.city in payment_cities:
            reasons.append(SAME_CITY(**facts))
        grounds.append(other)
    return grounds, reasons


def _payment_result(
    p: RefundPayment,
    position: int,
    group: list[RefundPayment],
    others: list[OtherCityParticipation],
    period: BenefitPeriod,
    case: RefundCase,
    options: RefundOptions,
    unable: frozenset[str],
) -> tuple[PaymentResult, list[Reason]]:
    """One payment's grounds, refund and reasons."""
    timely = case.evaluation_date < period.first_day
    facts = _facts(p, period, case.evaluation_date)
    grounds: list[RefundGround] = []
    reasons: list[Reason] = []
    if position > 0:
        kept_date = group[0].payment_date
        if timely:
            grounds.append(RefundGround.DUPLICATE_PAYMENT)
            reasons.append(_pick(DUPLICATE_PAYMENT, facts, kept_date=kept_date))
        elif options.duplicate_payment_any_time:
            grounds.append(RefundGround.DUPLICATE_PAYMENT)
            reasons.append(_pick(DUPLICATE_PAYMENT_ANY_TIME, facts, kept_date=kept_date))
        else:
            reasons.append(_pick(DUPLICATE_PAYMENT_TOO_LATE, facts, kept_date=kept_date))
    elif len(group) > 1:
        reasons.append(_pick(DUPLICATE_KEPT_FIRST, facts, group_size=len(group)))
    if others:
        cities = [o.city for o in others]
        more = {"other_cities_en": _cities_en(cities), "other_cities_zh": _cities_zh(cities)}
        if timely:
            grounds.append(RefundGround.OTHER_CITY_PARTICIPATION)
            reasons.append(_pick(OTHER_CITY, facts, **more))
        else:
            reasons.append(_pick(OTHER_CITY_TOO_LATE, facts, **more))
    if not reasons:
        reasons.append(_pick(NO_GROUND, facts))
    refundable = bool(grounds) and case.terminates_participation
    amount = _fen(p.amount)
    refund_channel: PaymentChannel | None = None
    if refundable:
        channel_facts = {
            "refund_amount": amount,
            "payment_date": p.payment_date,
            "channel": p.channel,
            "channel_en": _CHANNEL_NAMES[p.channel][0],
            "channel_zh": _CHANNEL_NAMES[p.channel][1],
        }
        if p.channel.value in unable:
            reasons.append(ORIGINAL_CHANNEL_UNAVAILABLE(**channel_facts))
        else:
            refund_channel = p.channel
            reasons.append(ORIGINAL_CHANNEL(**channel_facts))
    refund_amount = amount if refundable else _ZERO
    return PaymentResult(
        amount=amount,
        scheme_year=p.scheme_year,
        city=p.city,
        channel=p.channel,
        payment_date=p.payment_date,
        grounds=tuple(grounds),
        refundable=refundable,
        refund_amount=refund_amount,
        kept_amount=amount - refund_amount,
        refund_channel=refund_channel,
        reason_codes=tuple(r.code for r in reasons),
        why_en=" ".join(r.message_en for r in reasons),
        why_zh="".join(r.message_zh for r in reasons),
    ), reasons


REASONS: tuple[ReasonTemplate, ...] = (
    REFUNDABLE,
    PARTLY_REFUNDABLE,
    NOT_REFUNDABLE,
    DUPLICATE_PAYMENT,
    DUPLICATE_PAYMENT_ANY_TIME,
    DUPLICATE_PAYMENT_TOO_LATE,
    DUPLICATE_KEPT_FIRST,
    OTHER_CITY,
    OTHER_CITY_TOO_LATE,
    NO_GROUND,
    EMPLOYEE_SCHEME,
    SCHEME_NOT_A_GROUND,
    RURAL_COOPERATIVE_AS_RESIDENT,
    OUTSIDE_GUANGDONG,
    SAME_CITY,
    BENEFIT_PERIOD_ASSUMED,
    BENEFIT_PERIOD_GIVEN,
    COUPLED_ACTIONS,
    PARTICIPATION_KEPT,
    ORIGINAL_CHANNEL,
    ORIGINAL_CHANNEL_UNAVAILABLE,
    APPLY_ONLINE,
    APPLY_AT_COUNTER,
)

RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        name=_RULE,
        function=refund,
        input_model=RefundCase,
        decision_model=RefundDecision,
        outcomes=RefundOutcome,
        summary_en="Which resident-insurance payments are refunded (duplicate payment, "
        "participation in another city), through which channel, and where to apply?",
        summary_zh="哪些居民医保缴费可退（重复缴费、参加其他统筹地市居民医保），按何渠道退回，到何处申请？",
        reasons=REASONS,
    ),
)
