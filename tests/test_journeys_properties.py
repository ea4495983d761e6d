"""Property tests of the journeys: on any situation drawn, a plan's steps agree with the rules.

The situations come from the public strategies (:mod:`medins_rules.testing.strategies.journeys`,
built on the rules' own). Every plan passes :func:`_journey_checks.check_plan`: each step's
decisions are what the rules it names decide when called again, its days are those decisions'
fields, a step marked done or too late agrees with its deadline decision, the dated steps are in
date order, no material is listed that the materials rule did not ask for, and the plan survives a
JSON round trip.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from _journey_checks import check_plan
from medins_rules import plan, replan
from medins_rules.journeys.steps import StepStatus
from medins_rules.testing.strategies.journeys import (
    card_situations,
    enrolment_situations,
    offsite_reimbursement_situations,
    retirement_situations,
    situations,
    suspension_refund_situations,
)


@given(offsite_reimbursement_situations())
def test_every_off_site_reimbursement_plan_agrees_with_the_rules(situation: object) -> None:
    check_plan(plan(situation))


@given(suspension_refund_situations())
def test_every_suspension_and_refund_plan_agrees_with_the_rules(situation: object) -> None:
    check_plan(plan(situation))


@given(enrolment_situations())
def test_every_enrolment_plan_agrees_with_the_rules(situation: object) -> None:
    check_plan(plan(situation))


@given(card_situations())
def test_every_card_plan_agrees_with_the_rules(situation: object) -> None:
    check_plan(plan(situation))


@given(retirement_situations())
def test_every_retirement_plan_agrees_with_the_rules(situation: object) -> None:
    check_plan(plan(situation))


@settings(max_examples=50)
@given(situations(), st.integers(0, 400))
def test_a_plan_on_another_day_is_the_plan_of_that_day_and_its_changes_are_the_differences(
    situation: object, later: int
) -> None:
    before = plan(situation)
    day = before.evaluation_date + dt.timedelta(days=later)
    try:
        after = replan(before, on=day)
    except ValueError:  # the day is beyond what a rule's parameters or calendar cover
        return
    assert after.after == before.on(day)
    check_plan(after.after)
    changed = {c.step for c in after.changes}
    old = {s.id: s for s in before.steps}
    for step in after.after.steps:
        was = old.get(step.id)
        differs = was is None or (
            was.status is not step.status
            or was.decision.outcome != step.decision.outcome
            or [d.key() for d in was.deadlines] != [d.key() for d in step.deadlines]
        )
        assert differs == (step.id in changed)


@settings(max_examples=50)
@given(situations())
def test_a_plan_is_a_pure_function_of_its_situation(situation: object) -> None:
    first, second = plan(situation), plan(situation)
    assert first == second
    assert first.model_dump_json() == second.model_dump_json()


@settings(max_examples=60)
@given(offsite_reimbursement_situations())
def test_a_question_is_asked_only_while_a_step_waits_for_its_answer(situation: object) -> None:
    p = plan(situation)
    waiting = {f for s in p.steps if s.status is StepStatus.UNDETERMINED for f in s.missing_facts}
    assert {q.fact for q in p.questions} <= waiting
    for question in p.questions:
        assert question.answers, "a question with no answer tried"
        assert question.outcomes_settled >= 0
