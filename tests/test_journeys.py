"""The journeys' steps under every outcome of the rules they call.

Every plan built here also passes the checks of ``_journey_checks`` (its steps agree with a fresh
call of the rules they name). Days are as of 1 December 2026, when the 2027 holiday notice is not
published.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from _journey_checks import check_plan
from medins_rules import Plan, PlanOptions, StepStatus, plan, replan
from medins_rules.journeys.plan import ChangeKind, Journey, parse_situation
from medins_rules.processes.card import CardOptions
from medins_rules.processes.reimbursement import DeadlineOptions
from medins_rules.processes.suspension import SuspensionOptions

TODAY = dt.date(2026, 12, 1)
AFTER_TREATMENT_COUNTS = PlanOptions(
    reimbursement=DeadlineOptions(offsite_filing_after_treatment_counts=True)
)
FILED_BEFORE = {
    "done": True,
    "date": "2026-02-20",
    "institution_selected": True,
    "treatment_start": "2026-02-25",
}
SIX_MATERIALS = [
    {"kind": "medical_insurance_card"},
    {"kind": "medical_insurance_card", "form": "copy", "sides": "both"},
    {"kind": "hospitalisation_invoice", "seals": ["medical_institution_seal"]},
    {"kind": "hospitalisation_summary_list"},
    {"kind": "diagnosis_proof", "seals": ["medical_institution_seal"]},
    {"kind": "medical_record_home_page"},
    {"kind": "discharge_summary", "form": "copy", "seals": ["medical_records_seal"]},
]
ID_CARD = {"kind": "resident_identity_card", "number": "11010519491231002X"}
AGENT_ID = {"kind": "resident_identity_card", "holder": "agent", "number": "440106198001010019"}


def planned(situation: dict[str, Any], **kwargs: Any) -> Plan:
    p = plan(situation, **kwargs)
    check_plan(p)
    return p


def statuses(p: Plan) -> dict[str, str]:
    return {s.id: s.status.value for s in p.steps}


def claim(**facts: Any) -> dict[str, Any]:
    return {
        "journey": "offsite_reimbursement",
        "payment_date": "2026-03-03",
        "treatment": "hospitalisation",
        "offsite_filing": FILED_BEFORE,
        "evaluation_date": TODAY.isoformat(),
        **facts,
    }


# -- off-site treatment and sporadic reimbursement ---------------------------------------------------


def test_a_claim_filed_off_site_beforehand_and_not_filed_yet_is_late_after_six_months() -> None:
    p = planned(claim())
    assert statuses(p) == {
        "offsite_filing": "done",
        "gather_materials": "to_do",
        "file_claim": "late",
    }
    filing = p.step("file_claim")
    assert [(d.field, d.day) for d in filing.deadlines] == [
        ("last_on_time_day", dt.date(2026, 9, 3)),
        ("last_payable_day", dt.date(2027, 3, 3)),
    ]
    assert filing.deadlines[1].days_left == 92
    assert filing.rule == "deadlines.reimbursement_filing"


def test_a_claim_within_six_months_is_to_do_by_the_last_on_time_day() -> None:
    p = planned(claim(evaluation_date="2026-09-03"))
    assert p.step("file_claim").status is StepStatus.TO_DO
    assert p.step("file_claim").deadlines[0].days_left == 0


def test_a_claim_filed_on_time_or_late_is_done_and_the_materials_step_is_gone() -> None:
    on_time = planned(claim(filing_date="2026-09-03"))
    late = planned(claim(filing_date="2026-09-04"))
    assert statuses(on_time) == {"offsite_filing": "done", "file_claim": "done"}
    assert on_time.step("file_claim").decision.outcome.value == "on_time"
    assert late.step("file_claim").status is StepStatus.DONE
    assert late.step("file_claim").decision.outcome.value == "late"


def test_a_claim_after_the_one_year_day_is_too_late_filed_or_not() -> None:
    open_claim = planned(claim(evaluation_date="2027-03-04"))
    filed = planned(claim(filing_date="2027-03-04", evaluation_date="2027-03-04"))
    assert open_claim.step("file_claim").status is StepStatus.TOO_LATE
    assert filed.step("file_claim").status is StepStatus.TOO_LATE
    assert "gather_materials" not in statuses(open_claim)


def test_the_one_year_day_itself_is_still_late_not_too_late() -> None:
    p = planned(claim(evaluation_date="2027-03-03"))
    assert p.step("file_claim").status is StepStatus.LATE


def test_a_treatment_not_covered_needs_no_step() -> None:
    p = planned(claim(treatment="general_outpatient"))
    assert statuses(p) == {"offsite_filing": "not_applicable", "file_claim": "not_applicable"}
    assert p.step("file_claim").deadlines == ()
    assert p.step("file_claim").why[0].code == "reimbursement.treatment_not_covered"


def test_an_open_deadline_in_2027_is_a_range_with_its_safe_day() -> None:
    p = planned(
        claim(
            payment_date="2026-08-15",
            offsite_filing={**FILED_BEFORE, "date": "2026-08-01", "treatment_start": "2026-08-10"},
        )
    )
    on_time = p.step("file_claim").deadlines[0]
    assert p.step("file_claim").status is StepStatus.TO_DO
    assert (on_time.day, on_time.earliest, on_time.latest) == (
        None,
        dt.date(2027, 2, 15),
        dt.date(2027, 2, 16),
    )
    assert on_time.safe_day == dt.date(2027, 2, 15)
    assert (on_time.days_left_min, on_time.days_left_max) == (76, 77)
    assert p.unpublished_years == (2027,)


def test_a_filing_on_a_day_the_notice_decides_is_undetermined_with_both_outcomes() -> None:
    p = planned(
        claim(
            payment_date="2026-08-15",
            offsite_filing={**FILED_BEFORE, "date": "2026-08-01", "treatment_start": "2026-08-10"},
            filing_date="2027-02-16",
            evaluation_date="2027-02-16",
        )
    )
    step = p.step("file_claim")
    assert step.status is StepStatus.UNDETERMINED
    assert step.possible_outcomes == ("on_time", "late")
    assert step.missing_facts == ()


def test_an_off_site_filing_not_known_is_asked_and_leaves_the_claim_undetermined() -> None:
    p = planned(claim(offsite_filing={"done": None}))
    assert statuses(p)["offsite_filing"] == "undetermined"
    assert p.step("file_claim").possible_outcomes == ("outside_offsite_scope", "late")
    assert [q.fact for q in p.questions] == [
        "offsite_filing.done",
        "offsite_filing.institution_selected",
    ]
    done = p.questions[0]
    assert [(a.value, a.undetermined_steps) for a in done.answers] == [(True, 2), (False, 0)]
    assert done.outcomes_settled == 1.0
    assert done.steps_settled == 1.0


def test_the_question_that_settles_more_comes_first() -> None:
    p = planned(
        claim(offsite_filing={"done": True, "date": "2026-03-03", "institution_selected": None})
    )
    facts = [q.fact for q in p.questions]
    assert set(facts) == {"offsite_filing.institution_selected", "offsite_filing.treatment_start"}
    settled = [q.outcomes_settled for q in p.questions]
    assert settled == sorted(settled, reverse=True)
    for q in p.questions:  # each number is the mean over the answers tried
        base = sum(len(s.possible_outcomes) for s in p.steps if s.possible_outcomes)
        mean = sum(a.open_outcomes for a in q.answers) / len(q.answers)
        assert q.outcomes_settled == round(base - mean, 3)


def test_no_off_site_filing_is_too_late_for_this_claim_by_default() -> None:
    p = planned(claim(offsite_filing={"done": False}))
    assert statuses(p) == {"offsite_filing": "too_late", "file_claim": "blocked"}
    step = p.step("offsite_filing")
    assert step.call.what_if is not None
    assert step.decision.outcome.value == "outside_offsite_scope"
    assert "reimbursement.offsite_filing_after_treatment" in [r.code for r in step.why]
    assert p.step("file_claim").why[0].code == "reimbursement.no_offsite_filing"


def test_with_filing_afterwards_allowed_the_off_site_filing_is_to_do_and_the_claim_open() -> None:
    p = planned(
        claim(
            offsite_filing={"done": False},
            residence={"proof": "police_station_certificate", "residence_start": "2026-05-01"},
        ),
        options=AFTER_TREATMENT_COUNTS,
    )
    assert statuses(p) == {
        "offsite_filing": "to_do",
        "gather_materials": "to_do",
        "file_claim": "late",
    }
    offsite = p.step("offsite_filing")
    assert [m.item for m in offsite.materials] == ["card", "residence_proof"]
    assert [c.rule for c in offsite.calls] == [
        "deadlines.reimbursement_filing",
        "deadlines.reimbursement_filing",
        "deadlines.offsite_filing_residence",
        "materials.check_materials",
    ]
    assert offsite.deadlines == ()  # six months of residence reached on 2026-11-01, already
    assert p.step("file_claim").call.what_if is not None


def test_residence_not_yet_six_months_gives_the_first_day_to_file_off_site() -> None:
    p = planned(
        claim(
            offsite_filing={"done": False},
            residence={"proof": "police_station_certificate", "residence_start": "2026-09-10"},
        ),
        options=AFTER_TREATMENT_COUNTS,
    )
    (first,) = p.step("offsite_filing").deadlines
    assert (first.kind.value, first.field, first.day) == (
        "from",
        "first_date_met",
        dt.date(2027, 3, 10),
    )


def test_an_off_site_filing_after_the_treatment_is_too_late_unless_the_option_counts_it() -> None:
    after = {
        "done": True,
        "date": "2026-03-01",
        "institution_selected": True,
        "treatment_start": "2026-02-25",
    }
    default = planned(claim(offsite_filing=after))
    allowed = planned(claim(offsite_filing=after), options=AFTER_TREATMENT_COUNTS)
    assert statuses(default) == {"offsite_filing": "too_late", "file_claim": "blocked"}
    assert statuses(allowed)["offsite_filing"] == "done"
    assert statuses(allowed)["file_claim"] == "late"


def test_a_hospital_not_selected_at_the_filing_blocks_the_claim() -> None:
    p = planned(claim(offsite_filing={**FILED_BEFORE, "institution_selected": False}))
    assert statuses(p) == {"offsite_filing": "done", "file_claim": "blocked"}
    assert p.step("file_claim").why[0].code == "reimbursement.institution_not_selected"


def test_a_hospital_not_selected_settles_the_claim_whether_or_not_the_filing_was_done() -> None:
    p = planned(claim(offsite_filing={"done": None, "institution_selected": False}))
    assert statuses(p) == {"offsite_filing": "not_applicable", "file_claim": "blocked"}
    assert p.questions == ()


def test_the_six_materials_complete_make_the_materials_step_done() -> None:
    ready = planned(claim(materials=SIX_MATERIALS))
    assert ready.step("gather_materials").status is StepStatus.DONE
    short = planned(claim(materials=SIX_MATERIALS[:-1]))
    step = short.step("gather_materials")
    assert step.status is StepStatus.TO_DO
    missing = [m.item for m in step.materials if m.status.value == "missing"]
    assert missing == ["discharge_summary"]


def test_a_defective_material_is_listed_with_what_is_wrong() -> None:
    p = planned(claim(materials=[{"kind": "hospitalisation_invoice", "form": "copy"}]))
    (invoice,) = [m for m in p.step("gather_materials").materials if m.item == "invoice"]
    assert invoice.status.value == "defective"
    assert {d.kind.value for d in invoice.defects} == {"copy_not_original", "seal_missing"}


# -- suspension and refund ---------------------------------------------------------------------------

PAID = {"amount": "380.00", "scheme_year": 2027, "city": "440100", "channel": "wechat"}


def suspension(**facts: Any) -> dict[str, Any]:
    return {
        "journey": "suspension_refund",
        "participation_status": "normal",
        "person_category": "mainland",
        "face_recognition_passed": True,
        "evaluation_date": TODAY.isoformat(),
        **facts,
    }


def twice(**facts: Any) -> dict[str, Any]:
    payments = [{**PAID, "payment_date": "2026-10-08"}, {**PAID, "payment_date": "2026-10-09"}]
    return suspension(**{"payments": payments, "terminates_participation": True, **facts})


def test_a_participant_in_normal_status_suspends_online_in_person() -> None:
    p = planned(suspension())
    step = p.step("suspend_online")
    assert step.status is StepStatus.TO_DO
    assert step.decision.outcome.value == "eligible"
    assert [c.value for c in step.channels] == ["online"]
    assert step.where is not None
    assert step.where.kind.value == "applet"
    assert [(m.item, m.status.value) for m in step.materials] == [("face_recognition", "satisfied")]


def test_the_applet_steps_not_done_yet_leave_the_suspension_to_do() -> None:
    p = planned(suspension(person_category=None, face_recognition_passed=False))
    step = p.step("suspend_online")
    assert step.status is StepStatus.TO_DO
    assert step.decision.outcome.value == "not_eligible"
    assert {r.code for r in step.why} == {
        "suspension.face_recognition_not_passed",
        "suspension.person_category_missing",
    }


def test_an_agent_cannot_suspend_online_and_the_step_is_blocked() -> None:
    p = planned(suspension(applicant="agent"))
    step = p.step("suspend_online")
    assert step.status is StepStatus.BLOCKED
    assert "suspension.agent_not_allowed" in [r.code for r in step.why]
    assert step.materials[0].status.value == "satisfied"


def test_a_guardian_is_refused_by_default_and_accepted_under_the_option() -> None:
    refused = planned(suspension(applicant="guardian_of_minor"))
    accepted = planned(
        suspension(applicant="guardian_of_minor"),
        options=PlanOptions(suspension=SuspensionOptions(guardian_may_act_for_minor=True)),
    )
    assert refused.step("suspend_online").status is StepStatus.BLOCKED
    assert accepted.step("suspend_online").status is StepStatus.TO_DO


def test_a_participation_in_arrears_blocks_online_suspension() -> None:
    p = planned(suspension(participation_status="in_arrears"))
    assert p.step("suspend_online").status is StepStatus.BLOCKED


def test_a_participation_already_suspended_is_done() -> None:
    p = planned(suspension(participation_status="suspended"))
    assert p.step("suspend_online").status is StepStatus.DONE


def test_a_duplicate_payment_is_refunded_by_the_day_before_the_benefit_period() -> None:
    p = planned(twice())
    step = p.step("apply_refund")
    assert step.status is StepStatus.TO_DO
    assert step.decision.outcome.value == "partly_refundable"
    (last,) = step.deadlines
    assert (last.field, last.day) == ("benefit_periods[0].first_day", dt.date(2026, 12, 31))
    assert step.where is not None
    assert step.where.kind.value == "agency_counter"
    assert [c.value for c in step.channels] == ["in_person"]
    assert "refunds.original_channel" in [r.code for r in step.why]


def test_a_refund_applied_for_on_the_benefit_periods_first_day_is_too_late() -> None:
    p = planned(twice(evaluation_date="2027-01-01"))
    assert p.step("apply_refund").status is StepStatus.TOO_LATE
    assert p.step("apply_refund").deadlines[0].passed(dt.date(2027, 1, 1)) is True


def test_a_refund_that_keeps_the_participation_is_blocked() -> None:
    p = planned(twice(terminates_participation=False))
    step = p.step("apply_refund")
    assert step.status is StepStatus.BLOCKED
    assert "refunds.participation_kept" in [r.code for r in step.why]


def test_participation_in_another_city_refunds_every_payment() -> None:
    p = planned(
        suspension(
            payments=[{**PAID, "payment_date": "2026-10-08"}],
            other_participations=[
                {"city": "510100", "scheme": "urban_rural_resident", "start_date": "2026-09-01"}
            ],
            terminates_participation=True,
        )
    )
    assert p.step("apply_refund").decision.outcome.value == "refundable"


def test_a_single_payment_without_a_ground_needs_no_refund_step() -> None:
    p = planned(
        suspension(payments=[{**PAID, "payment_date": "2026-10-08"}], terminates_participation=True)
    )
    step = p.step("apply_refund")
    assert step.status is StepStatus.NOT_APPLICABLE
    assert step.deadlines == ()


def test_without_payments_the_plan_is_the_suspension_alone() -> None:
    assert list(statuses(planned(suspension()))) == ["suspend_online"]


# -- enrolment ---------------------------------------------------------------------------------------


def enrol(**facts: Any) -> dict[str, Any]:
    return {
        "journey": "enrolment",
        "channel": "service_point",
        "scheme": "urban_rural_resident",
        "meets_scheme_conditions": True,
        "premium_payer": "self",
        "materials": [ID_CARD],
        "evaluation_date": TODAY.isoformat(),
        **facts,
    }


def test_a_service_point_settles_by_the_third_working_day_and_the_card_is_collected_then() -> None:
    p = planned(enrol())
    assert statuses(p) == {
        "bring_certificates": "done",
        "apply_enrolment": "to_do",
        "collect_card": "to_do",
    }
    (ready,) = p.step("collect_card").deadlines
    assert (ready.kind.value, ready.day) == ("from", dt.date(2026, 12, 4))
    assert p.step("collect_card").rule == "deadlines.service_settlement"


def test_applying_before_the_2027_spring_festival_gives_a_settlement_range() -> None:
    p = planned(enrol(application_date="2027-02-04", evaluation_date="2027-02-04"))
    (ready,) = p.step("collect_card").deadlines
    assert (ready.earliest, ready.latest, ready.safe_day) == (
        dt.date(2027, 2, 11),
        dt.date(2027, 2, 18),
        dt.date(2027, 2, 18),
    )
    assert p.step("apply_enrolment").status is StepStatus.DONE


def test_a_county_centre_settles_on_the_spot_with_no_card_to_collect_later() -> None:
    p = planned(enrol(channel="county_centre", application_date="2026-12-01"))
    assert statuses(p) == {"bring_certificates": "done", "apply_enrolment": "done"}
    (spot,) = p.step("apply_enrolment").deadlines
    assert (spot.kind.value, spot.day) == ("on", dt.date(2026, 12, 1))


def test_through_an_agent_both_certificates_are_needed() -> None:
    without = planned(enrol(applicant="agent"))
    assert statuses(without)["bring_certificates"] == "to_do"
    assert statuses(without)["apply_enrolment"] == "to_do"
    assert without.step("apply_enrolment").decision.failed_conditions == (
        "enrolment.agent_certificate_missing",
    )
    both = planned(enrol(applicant="agent", materials=[ID_CARD, AGENT_ID]))
    assert both.step("apply_enrolment").decision.outcome.value == "settled_by_date"
    assert [c.value for c in both.step("apply_enrolment").channels] == ["in_person", "agent"]


def test_no_scheme_or_no_payer_blocks_the_enrolment_and_there_is_no_card_to_collect() -> None:
    p = planned(enrol(scheme=None, meets_scheme_conditions=False, premium_payer=None))
    assert statuses(p) == {"bring_certificates": "done", "apply_enrolment": "blocked"}


# -- the card ----------------------------------------------------------------------------------------


def card(**facts: Any) -> dict[str, Any]:
    return {
        "journey": "card",
        "household_registration_area": "440106",
        "evaluation_date": TODAY.isoformat(),
        **facts,
    }


def test_the_card_is_applied_for_at_the_registration_places_agency() -> None:
    p = planned(card())
    assert list(statuses(p)) == ["card_materials", "apply_card", "get_card"]
    where = p.step("apply_card").where
    assert where is not None
    assert where.area == "440100"
    assert p.step("apply_card").decision.outcome.value == "correct_place"


def test_an_agency_elsewhere_is_corrected_to_the_registration_place() -> None:
    p = planned(card(agency_area="440304"))
    step = p.step("apply_card")
    assert step.decision.outcome.value == "wrong_place"
    assert step.where is not None
    assert step.where.area == "440100"
    assert step.why[0].code == "card.not_registration_place"


def test_the_county_reading_sends_the_person_to_the_registration_district() -> None:
    p = planned(card(), options=PlanOptions(card=CardOptions(place_level="county")))
    assert p.step("apply_card").where.area == "440106"  # type: ignore[union-attr]


def test_the_card_materials_are_the_three_of_the_source() -> None:
    p = planned(card(materials=[ID_CARD, {"kind": "photo"}, {"kind": "household_register"}]))
    assert p.step("card_materials").status is StepStatus.DONE
    assert [m.item for m in p.step("card_materials").materials] == [
        "identity_document",
        "photo",
        "household_register",
    ]


# -- retirement --------------------------------------------------------------------------------------


def retire(**facts: Any) -> dict[str, Any]:
    return {
        "journey": "retirement",
        "birth_date": "1967-03-10",
        "sex": "male",
        "contribution_months": 270,
        "evaluation_date": TODAY.isoformat(),
        **facts,
    }


def test_retirement_ahead_is_to_do_on_the_statutory_day_with_the_months_missing() -> None:
    p = planned(retire())
    assert statuses(p) == {"retire": "to_do", "contribution_years": "to_do"}
    assert p.step("retire").deadlines[0].day == dt.date(2027, 10, 10)
    assert p.step("retire").decision.shortfall_total_months == 30  # type: ignore[attr-defined]


def test_retired_with_the_years_reached_pays_no_further_premiums() -> None:
    p = planned(retire(contribution_months=300, evaluation_date="2027-10-10"))
    assert statuses(p) == {"retire": "done", "contribution_years": "done"}
    assert p.step("retire").decision.outcome.value == "no_further_premiums"


def test_retired_short_of_the_years_may_top_up() -> None:
    p = planned(retire(evaluation_date="2027-10-10"))
    assert statuses(p) == {"retire": "done", "contribution_years": "to_do"}
    assert p.step("retire").decision.outcome.value == "may_top_up"


def test_a_chosen_day_the_rule_refuses_blocks_retirement() -> None:
    p = planned(retire(chosen_retirement_date="2031-01-01"))
    assert p.step("retire").status is StepStatus.BLOCKED
    assert p.step("retire").why[0].code == "retirement.flexible_too_late"


def test_a_later_retirement_without_the_employers_answer_asks_for_it() -> None:
    p = planned(retire(chosen_retirement_date="2028-01-10"))
    step = p.step("retire")
    assert step.status is StepStatus.UNDETERMINED
    assert step.missing_facts == ("employer_agrees",)
    assert step.possible_outcomes == ("not_yet_retired", "flexible_date_not_allowed")
    assert [q.fact for q in p.questions] == ["employer_agrees"]


def test_an_early_retirement_without_the_pension_months_tries_the_minimum() -> None:
    p = planned(retire(chosen_retirement_date="2027-03-10"))
    (question,) = p.questions
    assert question.fact == "pension_contribution_months"
    minimum = p.step("retire").decision.minimum_pension_contribution_months  # type: ignore[attr-defined]
    assert [a.value for a in question.answers] == [minimum - 1, minimum]
    assert question.steps_settled == 1.0


# -- what if, situations, text ----------------------------------------------------------------------


def test_replanning_a_week_later_says_which_steps_changed() -> None:
    before = planned(twice(evaluation_date="2026-12-28"))
    later = replan(before, on=dt.date(2027, 1, 4))
    assert later.before == before
    assert later.after == plan(twice(evaluation_date="2027-01-04"))
    (change,) = later.changes
    assert change.step == "apply_refund"
    assert change.kinds == (ChangeKind.STATUS, ChangeKind.OUTCOME)
    assert (change.status_before, change.status_after) == (StepStatus.TO_DO, StepStatus.TOO_LATE)
    assert "too late" in change.describe("en")
    assert "已错过" in change.describe("zh")


def test_replanning_an_enrolment_moves_its_settlement() -> None:
    later = replan(enrol(), on=dt.date(2026, 12, 4))
    (change,) = later.changes
    assert change.step == "collect_card"
    assert change.kinds == (ChangeKind.DEADLINE,)
    assert change.deadlines_after[0].day == dt.date(2026, 12, 9)


def test_replanning_before_the_facts_is_refused_naming_the_evaluation_date() -> None:
    with pytest.raises(ValidationError, match="evaluation_date"):
        replan(claim(), on=dt.date(2026, 3, 1))


def test_plan_on_is_the_plan_of_that_day() -> None:
    p = planned(claim())
    assert p.on(dt.date(2027, 3, 4)) == plan(claim(evaluation_date="2027-03-04"))


def test_a_situation_is_read_from_json_text_a_mapping_or_a_model() -> None:
    import json

    model = parse_situation(claim())
    assert parse_situation(json.dumps(claim())) == model == parse_situation(model)
    assert plan(model).journey is Journey.OFFSITE_REIMBURSEMENT


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_text_names_every_step_its_status_days_and_reasons(lang: str) -> None:
    p = planned(claim(offsite_filing={"done": None}, payment_date="2026-08-15"))
    text = p.explain(lang)  # type: ignore[arg-type]
    for step in p.steps:
        assert step.action.get(lang) in text  # type: ignore[arg-type]
        for reason in step.why:
            assert reason.message(lang) in text
    if lang == "zh":
        assert "2027年2月15日至2027年2月16日之间" in text
        assert "最能确定结果的问题" in text
        assert "Plan" not in text
    else:
        assert "between 2027-02-15 and 2027-02-16" in text
        assert "Questions that settle most" in text


def test_the_journeys_import_only_the_core_the_vocabulary_the_processes_and_each_other() -> None:
    import ast
    from pathlib import Path

    import medins_rules.journeys as package

    allowed = ("medins_rules.core", "medins_rules.vocab", "medins_rules.processes")
    for path in Path(package.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("medins_rules"):
                module = node.module or ""
                assert module.startswith((*allowed, "medins_rules.journeys")), (path.name, module)
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("medins_rules") for a in node.names), path.name
