"""Refunds: what the decision and the input errors say, word for word, to the person and the agency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from medins_rules.core.parameters import parameters_for
from medins_rules.processes.refunds import (
    GUANGDONG_CITIES,
    OtherCityParticipation,
    RefundCase,
    RefundDecision,
    RefundGround,
    RefundOptions,
    RefundOutcome,
    refund,
)

# The case builders of the refund tests (one 2027 Guangzhou payment, applied for on 31 December).
from test_refunds import (
    FIRST_DAY_OF_2027,
    LAST_DAY_BEFORE_2027,
    case,
    participation,
    payment,
)


def three_payments(**overrides: Any) -> RefundCase:
    """Three 2027 Guangzhou payments: 8 October (WeChat), 9 October (Alipay), 10 October (WeChat)."""
    return case(
        payments=[
            payment(),
            payment(payment_date=dt.date(2026, 10, 9), channel="alipay"),
            payment(payment_date=dt.date(2026, 10, 10)),
        ],
        **overrides,
    )


def reasons(d: RefundDecision, code: str) -> list[Any]:
    return [r for r in d.reasons if r.code == code]


def error_message(**overrides: Any) -> tuple[tuple[int | str, ...], str]:
    """The location and message of the one error the case with ``overrides`` raises."""
    with pytest.raises(ValidationError) as caught:
        case(**overrides)
    (error,) = caught.value.errors()
    return error["loc"], error["msg"].removeprefix("Value error, ")


# -- city codes: each refusal says what is wrong and what to give instead --------------------------------


@pytest.mark.parametrize(
    ("city", "message"),
    [
        (
            "44010",
            "city: expected a six-digit prefecture-level division code such as '440100' "
            "(Guangzhou); got '44010'",
        ),
        (
            "4401000",
            "city: expected a six-digit prefecture-level division code such as '440100' "
            "(Guangzhou); got '4401000'",
        ),
        (
            "4401OO",
            "city: expected a six-digit prefecture-level division code such as '440100' "
            "(Guangzhou); got '4401OO'",
        ),
        (
            "440000",
            "city: 440000 is a province-level code; give the prefecture-level city (a code ending "
            "in 00 but not 0000, such as 440100)",
        ),
        (
            "510000",
            "city: 510000 is a province-level code; give the prefecture-level city (a code ending "
            "in 00 but not 0000, such as 440100)",
        ),
        (
            "440106",
            "city: 440106 is a county-level code (Tianhe District); give its prefecture-level "
            "city, Guangzhou (440100)",
        ),
        (
            "510104",
            "city: 510104 is a county-level code; give its prefecture-level city, Chengdu (510100)",
        ),
        (
            "110105",
            "city: 110105 is a county-level code; give its municipality, Beijing (110000)",
        ),
        (
            "449999",
            "city: 449999 is no prefecture-level city of Guangdong: it is in none of the Ministry "
            "of Civil Affairs' code lists of 1981-2024",
        ),
        (
            "110100",
            "city: 110100 is no prefecture-level city of Beijing: it is in none of the Ministry of "
            "Civil Affairs' code lists of 1981-2024; Beijing is a municipality, whose code as a "
            "city is 110000",
        ),
        (
            "429000",
            "city: 429000 is no prefecture-level city of Hubei: it is in none of the Ministry of "
            "Civil Affairs' code lists of 1981-2024",
        ),
        (
            "990100",
            "city: 990100 does not start with the code of a mainland province (got prefix 99)",
        ),
        (
            "710100",
            "city: 710100 does not start with the code of a mainland province (got prefix 71)",
        ),
        (
            "441000",
            "city: 441000 is not one of Guangdong's 21 prefecture-level cities "
            f"({', '.join(GUANGDONG_CITIES)})",
        ),
    ],
)
def test_a_city_code_that_is_not_a_prefecture_level_city_is_refused_saying_why(
    city: str, message: str
) -> None:
    loc, msg = error_message(other_participations=[participation(city)])
    assert loc == ("other_participations", 0, "city")
    assert msg == message


def test_the_guangdong_city_list_in_the_refusal_names_guangzhou_first_and_yunfu_last() -> None:
    _, msg = error_message(other_participations=[participation("442100")])
    assert msg.endswith(
        "(440100, 440200, 440300, 440400, 440500, 440600, 440700, 440800, "
        "440900, 441200, 441300, 441400, 441500, 441600, 441700, 441800, "
        "441900, 442000, 445100, 445200, 445300)"
    )


@pytest.mark.parametrize(
    ("city", "shown"),
    [
        ("4" * 24, repr("4" * 24)),
        ("4" * 25, repr("4" * 24 + "...")),
        ("Guangzhou, Tianhe district", repr("Guangzhou, Tianhe distri...")),
    ],
)
def test_a_long_malformed_city_code_is_shown_cut_to_twenty_four_characters(
    city: str, shown: str
) -> None:
    _, msg = error_message(payments=[payment(city=city)])
    assert msg.endswith(f"; got {shown}")


def test_a_city_outside_guangdong_is_named_with_its_province() -> None:
    d = refund(case(other_participations=[participation("510100")]))
    (reason,) = reasons(d, "refunds.other_city_participation")
    assert "the residents' medical insurance of Chengdu (510100) in Sichuan;" in reason.message_en
    assert "参保人已参加四川省成都市（510100）的居民医保" in reason.message_zh


def test_a_city_with_no_english_name_is_placed_in_its_province() -> None:
    d = refund(case(other_participations=[participation("510700")]))
    (reason,) = reasons(d, "refunds.other_city_participation")
    assert "the residents' medical insurance of 510700 in Sichuan;" in reason.message_en
    assert "参保人已参加四川省绵阳市（510700）的居民医保" in reason.message_zh


def test_a_municipality_and_a_city_under_a_province_are_named_as_themselves() -> None:
    d = refund(case(other_participations=[participation("110000"), participation("429004")]))
    (reason,) = reasons(d, "refunds.other_city_participation")
    assert "insurance of Beijing (110000), Xiantao (429004) in Hubei;" in reason.message_en
    assert "参保人已参加北京市（110000）、湖北省仙桃市（429004）的居民医保" in reason.message_zh


def test_several_other_cities_are_all_named_in_the_reason() -> None:
    d = refund(case(other_participations=[participation("510100"), participation("440300")]))
    (reason,) = reasons(d, "refunds.other_city_participation")
    assert "insurance of Shenzhen (440300), Chengdu (510100) in Sichuan;" in reason.message_en
    assert "参保人已参加深圳市（440300）、四川省成都市（510100）的居民医保" in reason.message_zh


# -- payments ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["0", "0.00", "-0.01", "-380.00"])
def test_a_payment_of_nothing_or_less_is_refused_with_the_amount(amount: str) -> None:
    loc, msg = error_message(payments=[payment(amount=amount)])
    assert loc == ("payments", 0, "amount")
    assert msg == f"amount: a payment must be more than 0 yuan; got {Decimal(amount)}"


def test_the_smallest_payment_is_one_fen_and_is_refunded_to_the_fen() -> None:
    d = refund(
        case(
            payments=[
                payment(amount="0.01"),
                payment(amount="0.01", payment_date=dt.date(2026, 10, 9)),
            ]
        )
    )
    assert (d.paid_total, d.refund_total, d.kept_total) == (
        Decimal("0.02"),
        Decimal("0.01"),
        Decimal("0.01"),
    )


# -- duplicate payments: which payment is kept, and when -----------------------------------------------


def test_every_later_duplicate_names_the_earliest_payment_as_the_one_kept() -> None:
    d = refund(three_payments())
    dup = reasons(d, "refunds.duplicate_payment")
    assert [r.facts["kept_date"] for r in dup] == ["2026-10-08", "2026-10-08"]
    assert dup[1].message_en == (
        "The payment of 380.00 yuan on 2026-10-10 repeats the payment on 2026-10-08 for scheme "
        "year 2027 in Guangzhou (440100), and the application on 2026-12-31 is made before the "
        "benefit period begins on 2027-01-01: refundable as a duplicate payment."
    )
    assert dup[1].message_zh == (
        "2026-10-10缴纳的380.00元与2026-10-08已缴的广州市（440100）2027年度居民医保费重复，"
        "且于2026-12-31申请，在待遇享受期开始（2027-01-01）之前：属重复缴费，可退。"
    )


def test_a_duplicate_applied_for_too_late_names_the_payment_kept_and_the_last_day() -> None:
    d = refund(three_payments(evaluation_date=FIRST_DAY_OF_2027))
    late = reasons(d, "refunds.duplicate_payment_too_late")
    assert [r.facts["kept_date"] for r in late] == ["2026-10-08", "2026-10-08"]
    assert late[0].message_en == (
        "The payment of 380.00 yuan on 2026-10-09 repeats the payment on 2026-10-08 for scheme "
        "year 2027 in Guangzhou (440100), but the application on 2027-01-01 is made on or after the "
        "first day of the benefit period, 2027-01-01: a duplicate payment is refundable only when "
        "applied for before the benefit period begins (by 2026-12-31)."
    )


def test_under_the_looser_reading_a_late_duplicate_names_the_payment_kept() -> None:
    loose = RefundOptions(duplicate_payment_any_time=True)
    d = refund(three_payments(evaluation_date=dt.date(2027, 3, 1)), options=loose)
    assert d.refund_duplicate_payment == Decimal("760.00")
    late = reasons(d, "refunds.duplicate_payment_any_time")
    assert [r.facts["kept_date"] for r in late] == ["2026-10-08", "2026-10-08"]
    assert late[0].facts["evaluation_date"] == "2027-03-01"
    assert "repeats the payment on 2026-10-08" in late[1].message_en


@pytest.mark.parametrize("count", [2, 3, 5])
def test_the_payment_kept_says_how_many_payments_the_year_has(count: int) -> None:
    paid = [payment(payment_date=dt.date(2026, 10, 8 + n)) for n in range(count)]
    d = refund(case(payments=paid))
    (first,) = reasons(d, "refunds.duplicate_payment_first_kept")
    assert first.facts["group_size"] == count
    assert f"is the first of {count} payments for scheme year 2027" in first.message_en
    assert f"2027年度{count}笔缴费中的第一笔" in first.message_zh


def test_each_payment_says_why_in_one_text_per_language() -> None:
    d = refund(three_payments())
    second = d.payments[1]
    assert second.reason_codes == ("refunds.duplicate_payment", "refunds.original_channel")
    assert second.why_en == (
        "The payment of 380.00 yuan on 2026-10-09 repeats the payment on 2026-10-08 for scheme "
        "year 2027 in Guangzhou (440100), and the application on 2026-12-31 is made before the "
        "benefit period begins on 2027-01-01: refundable as a duplicate payment. The 380.00 yuan "
        "paid on 2026-10-09 is refunded through the original channel, Alipay (alipay)."
    )
    assert second.why_zh == (
        "2026-10-09缴纳的380.00元与2026-10-08已缴的广州市（440100）2027年度居民医保费重复，"
        "且于2026-12-31申请，在待遇享受期开始（2027-01-01）之前：属重复缴费，可退。"
        "2026-10-09缴纳的380.00元原则上按原渠道支付宝（alipay）退回。"
    )


@pytest.mark.parametrize(
    ("channel", "en", "zh"),
    [
        ("wechat", "WeChat Pay", "微信"),
        ("alipay", "Alipay", "支付宝"),
        ("tax_app", "the tax authority's mobile payment service", "税务移动缴费渠道"),
        ("bank_withholding", "bank withholding", "银行代扣"),
        ("bank_counter", "a bank counter", "银行柜台"),
        ("tax_office", "the tax office", "税务办税服务厅"),
        ("other", "another channel", "其他渠道"),
    ],
)
def test_the_refund_channel_is_named_in_both_languages(channel: str, en: str, zh: str) -> None:
    d = refund(case(payments=[payment(channel=channel)], other_participations=[participation()]))
    (reason,) = reasons(d, "refunds.original_channel")
    assert reason.message_en == (
        f"The 380.00 yuan paid on 2026-10-08 is refunded through the original channel, {en} "
        f"({channel})."
    )
    assert reason.message_zh == f"2026-10-08缴纳的380.00元原则上按原渠道{zh}（{channel}）退回。"


# -- participations elsewhere --------------------------------------------------------------------------


def test_an_employee_scheme_elsewhere_does_not_hide_a_residents_participation_in_another_city() -> (
    None
):
    d = refund(
        case(
            other_participations=[
                participation("440300", scheme="employee"),
                participation("510100"),
            ]
        )
    )
    assert d.outcome is RefundOutcome.REFUNDABLE
    assert d.payments[0].grounds == (RefundGround.OTHER_CITY_PARTICIPATION,)
    assert "refunds.employee_scheme_not_a_ground" in d.reason_codes


def test_a_participation_outside_guangdong_under_the_narrow_reading_does_not_hide_another() -> None:
    narrow = RefundOptions(other_city_scope="guangdong_only")
    d = refund(
        case(other_participations=[participation("310000"), participation("440300")]),
        options=narrow,
    )
    assert d.outcome is RefundOutcome.REFUNDABLE
    assert "refunds.other_city_outside_guangdong" in d.reason_codes


# -- coupled actions, benefit periods, where to apply --------------------------------------------------


def test_the_coupled_actions_name_every_year_and_city_refunded() -> None:
    d = refund(
        case(
            payments=[
                payment(),
                payment(scheme_year=2028, payment_date=dt.date(2027, 10, 8)),
                payment(city="440300"),
            ],
            other_participations=[participation("510100")],
            jurisdiction="440000",
            evaluation_date=dt.date(2027, 11, 1),
            benefit_periods=[
                {"scheme_year": 2027, "first_day": "2027-12-01", "last_day": "2028-11-30"}
            ],
        )
    )
    (reason,) = reasons(d, "refunds.coupled_actions")
    assert reason.facts["scheme_years"] == "2027, 2028"
    assert reason.message_en == (
        "The refund goes with the suspension procedure and the termination of the relevant "
        "residents' participation (scheme year(s) 2027, 2028, Guangzhou (440100), Shenzhen "
        "(440300)): the person applies for the refund while terminating it."
    )
    assert reason.message_zh == (
        "退费须同时按规定办理停保手续并终止相关居民医保参保关系（广州市（440100）、深圳市（440300），"
        "2027, 2028年度）：在终止参保关系的同时申请退费。"
    )


def test_the_assumed_benefit_period_is_stated_with_its_first_and_last_day() -> None:
    d = refund(case(payments=[payment(), payment(scheme_year=2026, payment_date="2026-03-01")]))
    assumed = reasons(d, "refunds.benefit_period_assumed")
    assert [r.facts for r in assumed] == [
        {"scheme_year": 2026, "first_day": "2026-01-01", "last_day": "2026-12-31"},
        {"scheme_year": 2027, "first_day": "2027-01-01", "last_day": "2027-12-31"},
    ]
    assert assumed[1].message_en.startswith(
        "No benefit period was given for scheme year 2027; it is taken as the calendar year, "
        "2027-01-01 to 2027-12-31"
    )


def test_a_given_benefit_period_is_stated_as_given() -> None:
    period = {"scheme_year": 2027, "first_day": "2026-12-01", "last_day": "2027-11-30"}
    d = refund(case(benefit_periods=[period], evaluation_date=dt.date(2026, 11, 30)))
    (given,) = reasons(d, "refunds.benefit_period_given")
    assert given.message_en == (
        "The benefit period of scheme year 2027 was given: 2026-12-01 to 2027-11-30. An "
        "application on 2026-12-01 or later is too late."
    )


def test_a_benefit_period_of_a_single_day_is_accepted() -> None:
    period = {"scheme_year": 2027, "first_day": "2027-01-01", "last_day": "2027-01-01"}
    d = refund(case(benefit_periods=[period]))
    assert d.benefit_periods[0].last_day == FIRST_DAY_OF_2027


def test_at_the_counter_the_decision_says_the_online_service_is_not_launched() -> None:
    d = refund(three_payments())
    (reason,) = reasons(d, "refunds.apply_at_counter")
    assert reason.message_en == (
        "The online refund application service is not in force on 2026-12-31 (not launched): the "
        "refund is applied for at the medical insurance agency's counter."
    )
    assert reason.message_zh == (
        "2026-12-31网上退费申请功能尚未启用（尚未上线）：应到医保经办机构窗口申请退费。"
    )


def test_before_a_known_launch_the_counter_reason_gives_the_launch_date() -> None:
    params = parameters_for("440100", on=LAST_DAY_BEFORE_2027).with_value(
        "refunds.online_service_launch", FIRST_DAY_OF_2027
    )
    d = refund(three_payments(), parameters=params)
    assert d.online_service_launch == FIRST_DAY_OF_2027
    (reason,) = reasons(d, "refunds.apply_at_counter")
    assert reason.facts["launch_zh"] == "将于2027-01-01上线"
    assert "网上退费申请功能尚未启用（将于2027-01-01上线）" in reason.message_zh


def test_online_the_decision_gives_the_launch_date_and_the_application_date() -> None:
    launch = dt.date(2026, 6, 1)
    params = parameters_for("440100", on=LAST_DAY_BEFORE_2027).with_value(
        "refunds.online_service_launch", launch
    )
    d = refund(three_payments(), parameters=params)
    assert d.online_service_launch == launch
    (reason,) = reasons(d, "refunds.apply_online")
    assert reason.message_en == (
        "The online refund application service is in force since 2026-06-01: on 2026-12-31 the "
        "refund can be applied for online."
    )
    assert reason.message_zh == "网上退费申请功能已于2026-06-01上线：2026-12-31可在线申请退费。"


@pytest.mark.parametrize("code", ["990000", "000000", "990100", "991234"])
def test_a_code_of_no_province_is_refused_as_such_whatever_its_level(code: str) -> None:
    with pytest.raises(
        ValidationError,
        match=rf"city: {code} does not start with the code of a mainland province \(got prefix {code[:2]}\)",
    ):
        OtherCityParticipation(city=code, scheme="resident", start_date=dt.date(2026, 1, 1))
