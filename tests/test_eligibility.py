"""Eligibility rules: every outcome, every failing condition, failures reported together.

The retirement rule has its own tests (``tests/test_retirement.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from medins_rules.core.calendar import bundled_calendar
from medins_rules.core.errors import CalendarYearNotCoveredError
from medins_rules.core.legal import Instrument
from medins_rules.core.model import Decision, Jurisdiction
from medins_rules.core.parameters import parameters_for
from medins_rules.engine.catalogue import all_reasons, evaluate, get_rule
from medins_rules.processes import cancellation as _cancellation
from medins_rules.processes import card as _card
from medins_rules.processes import enrolment as _enrolment
from medins_rules.processes import suspension as _suspension
from medins_rules.processes.cancellation import (
    CancellationOptions,
    CancellationOutcome,
    OnlineCancellationCase,
    online_cancellation,
)
from medins_rules.processes.card import (
    CardApplicationCase,
    CardOptions,
    card_application,
)
from medins_rules.processes.enrolment import EnrolmentCase, EnrolmentOutcome, enrolment
from medins_rules.processes.suspension import (
    OnlineSuspensionCase,
    SuspensionOptions,
    SuspensionOutcome,
    online_suspension,
)

_ELIGIBILITY = (_suspension, _cancellation, _enrolment, _card)
RULES = tuple(
    spec for module in _ELIGIBILITY for spec in module.RULES if spec.name.startswith("eligibility.")
)
REASONS = (
    *_suspension.REASONS,
    *_cancellation.REASONS,
    *_enrolment.ENROLMENT_REASONS,
    *_card.REASONS,
)

D = dt.date


def _suspension(**kw: Any) -> OnlineSuspensionCase:
    base: dict[str, Any] = {
        "scheme": "urban_rural_resident",
        "insured_in_guangdong": True,
        "participation_status": "normal",
        "applicant": "insured_person",
        "face_recognition_passed": True,
        "person_category": "mainland",
        "evaluation_date": D(2026, 3, 2),
    }
    return OnlineSuspensionCase.model_validate({**base, **kw})


def _cancellation(**kw: Any) -> OnlineCancellationCase:
    base: dict[str, Any] = {
        "account_registered": True,
        "logged_in": True,
        "identification_provided": True,
        "evaluation_date": D(2026, 3, 2),
    }
    return OnlineCancellationCase.model_validate({**base, **kw})


def _enrolment(**kw: Any) -> EnrolmentCase:
    base: dict[str, Any] = {
        "channel": "county_centre",
        "application_date": D(2026, 3, 2),
        "applicant": "insured_person",
        "insured_certificate_valid": True,
        "scheme": "urban_rural_resident",
        "meets_scheme_conditions": True,
        "premium_payer": "self",
        "evaluation_date": kw.get("application_date", D(2026, 3, 2)),  # judged the day it is made
    }
    return EnrolmentCase.model_validate({**base, **kw})


def _card(**kw: Any) -> CardApplicationCase:
    base: dict[str, Any] = {
        "household_registration_area": "440106",
        "agency_area": "440106",
        "evaluation_date": D(2026, 3, 2),
    }
    return CardApplicationCase.model_validate({**base, **kw})


def _round_trips(d: Decision[Any]) -> None:
    model = type(d)
    assert model.model_validate_json(d.model_dump_json()) == d
    assert hash(model.model_validate_json(d.model_dump_json())) == hash(d)


# ======================================================================================================
# Online suspension
# ======================================================================================================


def test_a_resident_in_normal_status_applying_in_person_may_suspend_online() -> None:
    d = online_suspension(_suspension())
    assert d.outcome is SuspensionOutcome.ELIGIBLE
    assert d.reason_codes == ("suspension.eligible",)
    assert d.failed_conditions == ()
    assert "a Mainland user" in d.reasons[0].message_en
    assert "内地用户" in d.reasons[0].message_zh
    _round_trips(d)


def test_online_suspension_applies_from_the_day_source_000_is_shown_to_hold() -> None:
    first = online_suspension(_suspension(evaluation_date=D(2022, 9, 14)))
    assert first.outcome is SuspensionOutcome.ELIGIBLE
    assert [p.name for p in first.parameters] == ["suspension.online_applet"]
    assert first.parameters[0].effective_from == D(2022, 9, 14)
    with pytest.raises(ValueError, match=r"^evaluation_date: .*not in force"):
        online_suspension(_suspension(evaluation_date=D(2022, 9, 13)))


def test_a_hong_kong_macao_taiwan_user_may_suspend_online_too() -> None:
    d = online_suspension(_suspension(person_category="hong_kong_macao_taiwan"))
    assert d.outcome is SuspensionOutcome.ELIGIBLE
    assert "港澳台用户" in d.reasons[0].message_zh


@pytest.mark.parametrize("scheme", ["urban_employee", "new_rural_cooperative", "other"])
def test_a_participant_of_another_scheme_is_refused_with_the_reason(scheme: str) -> None:
    d = online_suspension(_suspension(scheme=scheme))
    assert d.outcome is SuspensionOutcome.NOT_ELIGIBLE
    assert d.failed_conditions == ("suspension.not_resident_scheme",)
    assert d.reasons[0].facts["scheme_en"]


def test_an_employee_scheme_participant_is_told_the_service_is_for_residents() -> None:
    d = online_suspension(_suspension(scheme="urban_employee"))
    assert "urban employees' basic medical insurance" in d.reasons[0].message_en
    assert "城镇职工基本医疗保险" in d.reasons[0].message_zh


def test_a_participant_insured_outside_guangdong_is_refused() -> None:
    d = online_suspension(_suspension(insured_in_guangdong=False))
    assert d.failed_conditions == ("suspension.not_insured_in_guangdong",)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("suspended", "suspension.status_suspended"),
        ("terminated", "suspension.status_terminated"),
        ("in_arrears", "suspension.status_in_arrears"),
        ("other", "suspension.status_not_normal"),
    ],
)
def test_every_status_but_normal_is_refused_with_its_own_reason(status: str, code: str) -> None:
    d = online_suspension(_suspension(participation_status=status))
    assert d.outcome is SuspensionOutcome.NOT_ELIGIBLE
    assert d.failed_conditions == (code,)


def test_an_agent_is_refused_online_although_an_agent_may_enrol_someone() -> None:
    d = online_suspension(_suspension(applicant="agent"))
    assert d.failed_conditions == ("suspension.agent_not_allowed",)
    passages = {c.passage for c in d.reasons[0].citations}
    assert {"no_agent", "agent"} <= passages
    agent_enrolment = enrolment(_enrolment(applicant="agent", agent_certificate_valid=True))
    assert agent_enrolment.outcome is EnrolmentOutcome.SETTLED_ON_THE_SPOT


def test_a_guardian_acting_for_a_minor_is_refused_by_default() -> None:
    d = online_suspension(_suspension(applicant="guardian_of_minor"))
    assert d.failed_conditions == ("suspension.guardian_not_allowed",)


def test_a_guardian_may_act_for_a_minor_under_the_alternative_reading() -> None:
    options = SuspensionOptions(guardian_may_act_for_minor=True)
    d = online_suspension(_suspension(applicant="guardian_of_minor"), options=options)
    assert d.outcome is SuspensionOutcome.ELIGIBLE
    assert d.reason_codes == ("suspension.eligible", "suspension.guardian_accepted_by_option")


def test_the_alternative_reading_never_lets_an_agent_through() -> None:
    options = SuspensionOptions(guardian_may_act_for_minor=True)
    d = online_suspension(_suspension(applicant="agent"), options=options)
    assert d.outcome is SuspensionOutcome.NOT_ELIGIBLE


def test_face_recognition_not_passed_is_refused() -> None:
    d = online_suspension(_suspension(face_recognition_passed=False))
    assert d.failed_conditions == ("suspension.face_recognition_not_passed",)


def test_no_person_category_selected_is_refused() -> None:
    d = online_suspension(_suspension(person_category=None))
    assert d.failed_conditions == ("suspension.person_category_missing",)
    assert d.person_category is None


def test_every_failing_suspension_condition_is_reported_together() -> None:
    d = online_suspension(
        _suspension(
            scheme="urban_employee",
            insured_in_guangdong=False,
            participation_status="in_arrears",
            applicant="agent",
            face_recognition_passed=False,
            person_category=None,
        )
    )
    assert d.failed_conditions == (
        "suspension.not_resident_scheme",
        "suspension.not_insured_in_guangdong",
        "suspension.status_in_arrears",
        "suspension.agent_not_allowed",
        "suspension.face_recognition_not_passed",
        "suspension.person_category_missing",
    )
    assert d.reason_codes == d.failed_conditions
    _round_trips(d)


def test_a_guardian_under_the_alternative_reading_with_other_failures_is_still_refused() -> None:
    options = SuspensionOptions(guardian_may_act_for_minor=True)
    d = online_suspension(
        _suspension(applicant="guardian_of_minor", participation_status="suspended"),
        options=options,
    )
    assert d.outcome is SuspensionOutcome.NOT_ELIGIBLE
    assert d.reason_codes == (
        "suspension.status_suspended",
        "suspension.guardian_accepted_by_option",
    )


def test_consistent_enrolment_and_termination_dates_are_accepted() -> None:
    case = _suspension(
        participation_status="terminated",
        enrolment_date=D(2020, 1, 1),
        termination_date=D(2025, 12, 31),
    )
    assert online_suspension(case).failed_conditions == ("suspension.status_terminated",)
    future_end = _suspension(termination_date=D(2026, 12, 31))
    assert online_suspension(future_end).outcome is SuspensionOutcome.ELIGIBLE


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {"enrolment_date": D(2024, 1, 1), "termination_date": D(2023, 12, 31)},
            "termination_date",
        ),
        ({"enrolment_date": D(2026, 3, 3)}, "enrolment_date"),
        ({"termination_date": D(2026, 3, 2)}, "participation_status"),
        (
            {"participation_status": "terminated", "termination_date": D(2026, 3, 3)},
            "termination_date",
        ),
        ({"jurisdiction": "CN"}, "jurisdiction"),
        ({"jurisdiction": "440300"}, "jurisdiction"),
        ({"participation_status": "paused"}, "participation_status"),
        ({"nickname": "x"}, "nickname"),
    ],
)
def test_contradictory_suspension_input_is_refused_naming_the_field(
    overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError, match=field):
        _suspension(**overrides)


# ======================================================================================================
# Online cancellation
# ======================================================================================================


def test_with_account_login_and_identification_the_cancellation_awaits_review() -> None:
    d = online_cancellation(_cancellation())
    assert d.outcome is CancellationOutcome.AWAITS_REVIEW
    assert d.awaits_review
    assert d.reason_codes == ("cancellation.awaits_review",)
    assert "review" in d.reasons[0].message_en
    assert "审核" in d.reasons[0].message_zh
    _round_trips(d)


def test_a_registered_person_not_logged_in_is_told_to_log_in() -> None:
    d = online_cancellation(_cancellation(logged_in=False))
    assert d.outcome is CancellationOutcome.NOT_READY
    assert d.failed_conditions == ("cancellation.not_logged_in",)
    assert not d.awaits_review


def test_a_person_without_an_account_must_register_and_log_in() -> None:
    d = online_cancellation(_cancellation(account_registered=False, logged_in=False))
    assert d.failed_conditions == (
        "cancellation.account_not_registered",
        "cancellation.not_logged_in",
    )


def test_missing_identification_keeps_the_application_from_submission() -> None:
    d = online_cancellation(_cancellation(identification_provided=False))
    assert d.failed_conditions == ("cancellation.identification_missing",)
    assert "hotline" in d.reasons[0].message_en


def test_every_failing_cancellation_prerequisite_is_reported_together() -> None:
    d = online_cancellation(
        _cancellation(account_registered=False, logged_in=False, identification_provided=False)
    )
    assert len(d.failed_conditions) == 3
    _round_trips(d)


def test_identification_may_be_optional_under_the_alternative_reading() -> None:
    options = CancellationOptions(identification_required=False)
    d = online_cancellation(_cancellation(identification_provided=False), options=options)
    assert d.outcome is CancellationOutcome.AWAITS_REVIEW
    assert d.reason_codes == (
        "cancellation.awaits_review",
        "cancellation.identification_may_be_asked",
    )
    refused = online_cancellation(
        _cancellation(logged_in=False, identification_provided=False), options=options
    )
    assert refused.failed_conditions == ("cancellation.not_logged_in",)
    assert refused.reason_codes[-1] == "cancellation.identification_may_be_asked"


def test_logged_in_without_an_account_is_a_contradiction() -> None:
    with pytest.raises(ValidationError, match="logged_in"):
        _cancellation(account_registered=False, logged_in=True)


# ======================================================================================================
# Enrolment
# ======================================================================================================


def test_a_county_centre_settles_the_enrolment_on_the_spot() -> None:
    d = enrolment(_enrolment())
    assert d.outcome is EnrolmentOutcome.SETTLED_ON_THE_SPOT
    assert d.settlement_date == D(2026, 3, 2)
    assert d.reason_codes == ("enrolment.conditions_met", "settlement.county_centre_on_the_spot")
    assert not d.collect_card_at_service_point
    _round_trips(d)


@pytest.mark.parametrize(
    ("applied", "settled"),
    [
        (D(2026, 3, 2), D(2026, 3, 5)),  # Monday -> Thursday
        (D(2026, 3, 6), D(2026, 3, 11)),  # Friday: the weekend is skipped
        (D(2026, 3, 7), D(2026, 3, 11)),  # Saturday: the day itself is never counted
        (D(2026, 2, 13), D(2026, 2, 25)),  # make-up Saturday 14 Feb counts, Spring Festival not
        (D(2026, 9, 30), D(2026, 10, 10)),  # National Day, then make-up Saturday 10 Oct
        (D(2026, 10, 1), D(2026, 10, 10)),  # applied on a holiday: not counted
    ],
)
def test_a_service_point_settles_by_the_third_working_day_after_the_application(
    applied: dt.date, settled: dt.date
) -> None:
    d = enrolment(_enrolment(channel="service_point", application_date=applied))
    assert d.outcome is EnrolmentOutcome.SETTLED_BY_DATE
    assert d.settlement_date == settled
    assert "settlement.service_point_working_days" in d.reason_codes
    assert d.reason_codes[-1] == "enrolment.collect_card_at_service_point"
    assert d.collect_card_at_service_point
    assert [p.name for p in d.parameters] == ["enrolment.service_point_settlement"]


def test_the_settlement_days_are_a_parameter() -> None:
    case = _enrolment(channel="service_point", application_date=D(2026, 3, 2))
    p = parameters_for("440100", on=D(2026, 3, 2)).with_value(
        "enrolment.service_point_settlement", 5
    )
    assert enrolment(case, parameters=p).settlement_date == D(2026, 3, 9)


def test_an_agent_with_both_certificates_may_enrol_the_insured_person() -> None:
    d = enrolment(_enrolment(applicant="agent", agent_certificate_valid=True))
    assert "enrolment.agent_with_both_certificates" in d.reason_codes


def test_an_agent_without_a_certificate_of_their_own_is_refused() -> None:
    d = enrolment(_enrolment(applicant="agent", agent_certificate_valid=False))
    assert d.outcome is EnrolmentOutcome.NOT_ACCEPTED
    assert d.failed_conditions == ("enrolment.agent_certificate_missing",)
    assert d.settlement_date is None
    assert "in person" in d.reasons[0].message_en


def test_without_the_insured_persons_certificate_enrolment_is_refused() -> None:
    d = enrolment(_enrolment(insured_certificate_valid=False))
    assert d.failed_conditions == ("enrolment.insured_certificate_missing",)


def test_an_agent_missing_both_certificates_gets_both_reasons() -> None:
    d = enrolment(
        _enrolment(
            applicant="agent", agent_certificate_valid=False, insured_certificate_valid=False
        )
    )
    assert d.failed_conditions == (
        "enrolment.insured_certificate_missing",
        "enrolment.agent_certificate_missing",
    )


@pytest.mark.parametrize("scheme", ["urban_employee", "new_rural_cooperative", "other"])
def test_every_type_the_source_names_is_an_eligible_scheme(scheme: str) -> None:
    assert enrolment(_enrolment(scheme=scheme)).outcome is EnrolmentOutcome.SETTLED_ON_THE_SPOT


def test_no_eligible_scheme_is_refused() -> None:
    d = enrolment(_enrolment(scheme=None, meets_scheme_conditions=False))
    assert d.failed_conditions == ("enrolment.no_eligible_scheme",)


def test_unmet_scheme_conditions_are_refused_and_another_type_suggested() -> None:
    d = enrolment(_enrolment(scheme="urban_employee", meets_scheme_conditions=False))
    assert d.failed_conditions == ("enrolment.scheme_conditions_not_met",)
    assert "another type" in d.reasons[0].message_en


@pytest.mark.parametrize("payer", ["self", "employer"])
def test_premiums_paid_by_the_person_or_remitted_by_the_employer_are_accepted(payer: str) -> None:
    assert (
        enrolment(_enrolment(premium_payer=payer)).outcome is EnrolmentOutcome.SETTLED_ON_THE_SPOT
    )


def test_premiums_no_one_pays_are_refused() -> None:
    d = enrolment(_enrolment(premium_payer=None))
    assert d.failed_conditions == ("enrolment.premiums_not_arranged",)


@pytest.mark.parametrize(
    ("scheme", "payer", "en", "zh"),
    [
        (
            "urban_rural_resident",
            "self",
            (
                "the urban and rural residents' basic medical insurance",
                "paid by the insured person",
            ),
            ("城乡居民基本医疗保险", "由本人缴纳"),
        ),
        (
            "urban_employee",
            "employer",
            ("the urban employees' basic medical insurance", "remitted by the employer"),
            ("城镇职工基本医疗保险", "由单位代缴"),
        ),
    ],
)
def test_an_accepted_enrolment_names_the_scheme_and_who_pays_in_both_languages(
    scheme: str, payer: str, en: tuple[str, str], zh: tuple[str, str]
) -> None:
    met = enrolment(_enrolment(scheme=scheme, premium_payer=payer)).reasons[0]
    assert met.code == "enrolment.conditions_met"
    scheme_en, payer_en = en
    scheme_zh, payer_zh = zh
    assert met.facts == {
        "scheme_en": scheme_en,
        "scheme_zh": scheme_zh,
        "payer_en": payer_en,
        "payer_zh": payer_zh,
    }
    assert f"eligible for {scheme_en}, premiums {payer_en}" in met.message_en
    assert f"符合{scheme_zh}的参保资格，保费{payer_zh}" in met.message_zh


def test_unmet_scheme_conditions_name_the_scheme_in_both_languages() -> None:
    d = enrolment(_enrolment(scheme="new_rural_cooperative", meets_scheme_conditions=False))
    reason = d.reasons[0]
    assert reason.message_en.startswith(
        "The conditions of the new rural cooperative medical care are not met."
    )
    assert reason.message_zh.startswith("不符合新型农村合作医疗的参保条件。")


def test_a_refused_enrolment_at_a_service_point_has_no_card_to_collect() -> None:
    d = enrolment(_enrolment(channel="service_point", premium_payer=None))
    assert d.outcome is EnrolmentOutcome.NOT_ACCEPTED
    assert d.settlement_date is None
    assert not d.collect_card_at_service_point
    assert "enrolment.collect_card_at_service_point" not in d.reason_codes


def test_every_failing_enrolment_condition_is_reported_together() -> None:
    d = enrolment(
        _enrolment(
            channel="service_point",
            applicant="agent",
            agent_certificate_valid=False,
            insured_certificate_valid=False,
            scheme=None,
            meets_scheme_conditions=False,
            premium_payer=None,
        )
    )
    assert d.failed_conditions == (
        "enrolment.insured_certificate_missing",
        "enrolment.agent_certificate_missing",
        "enrolment.no_eligible_scheme",
        "enrolment.premiums_not_arranged",
    )
    assert d.parameters == ()
    _round_trips(d)


def test_an_enrolment_settled_on_days_2027_leaves_open_gives_the_earliest_and_latest_day() -> None:
    case = _enrolment(
        channel="service_point", application_date=D(2027, 2, 4), evaluation_date=D(2027, 2, 4)
    )
    d = enrolment(case)
    assert d.outcome is EnrolmentOutcome.SETTLED_BY_DATE  # accepted whatever the 2027 notice says
    assert d.settlement_date is None
    assert (d.settlement_date_earliest, d.settlement_date_latest) == (
        D(2027, 2, 11),
        D(2027, 2, 18),
    )
    assert d.unpublished_years == (2027,)
    assert "settlement.service_point_working_days_not_yet_known" in d.reason_codes
    with pytest.raises(CalendarYearNotCoveredError, match="^settlement_date: "):
        enrolment(case, calendar=bundled_calendar().strict())
    guessed = enrolment(case, calendar=bundled_calendar().provisional())
    assert guessed.provisional
    assert guessed.settlement_date == D(2027, 2, 11)
    assert "calendar.provisional_year" in guessed.reason_codes


def test_an_enrolment_on_days_the_regulations_fix_in_2027_is_settled_exactly() -> None:
    case = _enrolment(
        channel="service_point", application_date=D(2027, 3, 1), evaluation_date=D(2027, 3, 1)
    )
    d = enrolment(case)
    assert d.settlement_date == D(2027, 3, 4)
    assert d.unpublished_years == (2027,)
    assert not d.provisional


def test_a_calendar_given_with_a_new_years_arrangement_is_used_for_the_settlement() -> None:
    holidays = [D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 8), D(2027, 2, 9), D(2027, 2, 10),
                D(2027, 4, 5), D(2027, 6, 9), D(2027, 9, 15), D(2027, 10, 1)]  # fmt: skip
    cal = bundled_calendar().with_year(
        {
            "year": 2027,
            "holidays": holidays,
            "make_up_working_days": [D(2027, 2, 20)],
            "source": "example notice",
        }
    )
    case = _enrolment(
        channel="service_point", application_date=D(2027, 2, 4), evaluation_date=D(2027, 2, 4)
    )
    d = enrolment(case, calendar=cal)
    assert d.settlement_date == D(2027, 2, 15)  # 11, 12 and (after the weekend) 15 February
    assert not d.provisional
    assert d.unpublished_years == ()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"applicant": "agent"}, "agent_certificate_valid"),
        ({"agent_certificate_valid": True}, "agent_certificate_valid"),
        ({"scheme": None}, "meets_scheme_conditions"),
        ({"channel": "post_office"}, "channel"),
        ({"premium_payer": "charity"}, "premium_payer"),
        ({"application_date": "2026-02-30"}, "application_date"),
    ],
)
def test_contradictory_enrolment_input_is_refused_naming_the_field(
    overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError, match=field):
        _enrolment(**overrides)


# ======================================================================================================


# ======================================================================================================
# Catalogue
# ======================================================================================================


def test_every_rule_is_in_the_catalogue_and_evaluates_from_json() -> None:
    assert [spec.name for spec in RULES] == [
        "eligibility.online_suspension",
        "eligibility.online_cancellation",
        "eligibility.enrolment",
        "eligibility.card_application",
    ]
    for spec in RULES:
        assert get_rule(spec.name) is spec
    d = evaluate(
        "eligibility.card_application",
        '{"household_registration_area": "440106", "agency_area": "440304", '
        '"evaluation_date": "2026-03-02"}',
    )
    assert d.outcome == "wrong_place"


def test_every_reason_code_is_unique_and_cited_and_in_the_catalogue() -> None:
    codes = [t.code for t in REASONS]
    assert len(codes) == len(set(codes))
    catalogue = all_reasons()
    for template in REASONS:
        assert template.citations
        assert catalogue[template.code] is template
    for spec in RULES:
        assert set(spec.reasons) >= {
            t for t in REASONS if t.code.split(".")[0] in _PREFIX[spec.name]
        }


_PREFIX = {
    "eligibility.online_suspension": {"suspension"},
    "eligibility.online_cancellation": {"cancellation"},
    "eligibility.enrolment": {"enrolment"},
    "eligibility.card_application": {"card"},
}


def _reached_codes() -> set[str]:
    """Reason codes reached by the cases of this module (a cheap registry of coverage)."""
    alternatives: dict[Any, BaseModel] = {
        online_suspension: SuspensionOptions(guardian_may_act_for_minor=True),
        online_cancellation: CancellationOptions(identification_required=False),
        card_application: CardOptions(place_level="county"),
    }
    cases: list[tuple[Any, BaseModel]] = []
    for status in ("normal", "suspended", "terminated", "in_arrears", "other"):
        for applicant in ("insured_person", "guardian_of_minor", "agent"):
            cases.append(
                (
                    online_suspension,
                    _suspension(
                        participation_status=status,
                        applicant=applicant,
                        scheme="other",
                        insured_in_guangdong=False,
                        face_recognition_passed=False,
                        person_category=None,
                    ),
                )
            )
            cases.append((online_suspension, _suspension(applicant=applicant)))
    for registered, logged in ((False, False), (True, False), (True, True)):
        for ident in (True, False):
            cases.append(
                (
                    online_cancellation,
                    _cancellation(
                        account_registered=registered,
                        logged_in=logged,
                        identification_provided=ident,
                    ),
                )
            )
    cases += [
        (
            enrolment,
            _enrolment(channel="service_point", applicant="agent", agent_certificate_valid=True),
        ),
        (
            enrolment,
            _enrolment(
                applicant="agent",
                agent_certificate_valid=False,
                insured_certificate_valid=False,
                scheme=None,
                meets_scheme_conditions=False,
                premium_payer=None,
            ),
        ),
        (enrolment, _enrolment(meets_scheme_conditions=False)),
        (card_application, _card()),
        (card_application, _card(agency_area="440304")),
    ]
    reached: set[str] = set()
    for function, case in cases:
        reached.update(function(case).reason_codes)
        if function in alternatives:
            reached.update(function(case, options=alternatives[function]).reason_codes)
    return reached


def test_every_reason_code_of_the_module_is_reached() -> None:
    reached = _reached_codes()
    missing = {t.code for t in REASONS} - reached
    assert not missing


def test_reasons_cite_the_sources_they_rest_on() -> None:
    by_code = {t.code: t for t in REASONS}
    assert by_code["suspension.agent_not_allowed"].citations[0].instrument is Instrument.SOURCE_000
    assert all(
        c.instrument is Instrument.SOURCE_004
        for c in by_code["enrolment.agent_certificate_missing"].citations
    )


def test_decisions_default_to_guangzhou() -> None:
    assert online_suspension(_suspension()).jurisdiction is Jurisdiction.GUANGZHOU


def _refusal(build: Any, **kw: Any) -> tuple[tuple[int | str, ...], str]:
    with pytest.raises(ValidationError) as caught:
        build(**kw)
    error = caught.value.errors()[0]
    return error["loc"], str(error["msg"]).removeprefix("Value error, ")


@pytest.mark.parametrize(
    ("facts", "loc", "message"),
    [
        (
            {"enrolment_date": D(2026, 3, 3)},
            ("enrolment_date",),
            "enrolment_date: 2026-03-03 is after evaluation_date 2026-03-02; a participation "
            "that has not begun cannot be suspended",
        ),
        (
            {"termination_date": D(2026, 3, 2)},
            ("participation_status",),
            "participation_status: normal, but termination_date 2026-03-02 is on or before "
            "evaluation_date 2026-03-02; give status terminated or correct the date",
        ),
        (
            {"participation_status": "terminated", "termination_date": D(2026, 3, 3)},
            ("termination_date",),
            "termination_date: 2026-03-03 is after evaluation_date 2026-03-02, but "
            "participation_status is terminated",
        ),
        (
            {"enrolment_date": D(2025, 1, 2), "termination_date": D(2025, 1, 1),
             "participation_status": "terminated"},
            ("termination_date",),
            "termination_date: 2025-01-01 is before enrolment_date 2025-01-02; a participation "
            "cannot end before it begins",
        ),
        (
            {"jurisdiction": "CN"},
            ("jurisdiction",),
            "jurisdiction: online suspension through the Guangdong Medical Insurance applet is "
            "encoded for Guangdong (440000) and Guangzhou (440100) only; got CN",
        ),
    ],
)  # fmt: skip
def test_a_suspension_case_s_contradictions_are_refused_word_for_word_at_their_field(
    facts: dict[str, Any], loc: tuple[str, ...], message: str
) -> None:
    assert _refusal(_suspension, **facts) == (loc, message)


def test_a_login_without_an_account_is_refused_word_for_word() -> None:
    assert _refusal(_cancellation, account_registered=False, logged_in=True) == (
        ("logged_in",),
        "logged_in: true, but account_registered is false; one cannot be logged in without a "
        "registered account",
    )


def test_online_suspension_reads_the_parameters_it_is_given() -> None:
    given = parameters_for("440100", on=D(2026, 1, 1))
    early = _suspension(evaluation_date=D(2021, 6, 1))
    decided = online_suspension(early, parameters=given)
    assert decided.outcome is SuspensionOutcome.ELIGIBLE
    assert decided.parameters == (given.version("suspension.online_applet").use(),)


@pytest.mark.parametrize(
    ("facts", "given"),
    [
        ({"enrolment_date": D(2026, 3, 3)}, D(2026, 3, 3)),
        ({"termination_date": D(2026, 3, 2)}, "normal"),
        ({"participation_status": "terminated", "termination_date": D(2026, 3, 3)}, D(2026, 3, 3)),
    ],
)
def test_a_contradicted_status_s_error_shows_the_value_given_at_its_field(
    facts: dict[str, Any], given: object
) -> None:
    with pytest.raises(ValidationError) as caught:
        _suspension(**facts)
    assert caught.value.errors()[0]["input"] == given


def test_a_participation_terminated_on_the_evaluation_day_is_terminated() -> None:
    case = _suspension(participation_status="terminated", termination_date=D(2026, 3, 2))
    assert online_suspension(case).failed_conditions == ("suspension.status_terminated",)
