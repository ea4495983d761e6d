"""Journey: retiring from the employee medical insurance (Social Insurance Law art. 27).

Art. 27 (quoted by source 004): "Individuals who participate in the basic medical insurance for
employees will not pay the basic medical insurance premium after retirement and enjoy the basic
medical insurance benefits in accordance with the provisions of the state if they reach the
statutory retirement age and the accumulated payment has reached the fixed number of years
stipulated by the state; Those who have not reached the fixed number of years prescribed by the
state may pay the fees to the fixed number of years prescribed by the state."

The steps, both from the retirement rule (``eligibility.retirement``):

1. ``retire``: the retirement day, statutory or an allowed flexible one; a chosen day the rule
   refuses blocks the step, and one it cannot judge for want of a fact (the pension months, the
   employer's agreement) leaves it undetermined, the outcomes still possible found by asking the
   rule with each answer.
2. ``contribution_years``: the required years of accumulated contributions: reached, or the months
   still to pay (by retirement, or topped up after it).

The situation is the rule's own case, with the journey's name.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

from pydantic import ValidationError

from medins_rules.core.calendar import WorkingDayCalendar
from medins_rules.journeys.deadlines import retirement_deadline
from medins_rules.journeys.steps import (
    PlanOptions,
    RetirementCall,
    Step,
    StepStatus,
    Text,
)
from medins_rules.processes.retirement import (
    RetirementCase,
    RetirementDecision,
    RetirementOutcome,
    retirement,
)

__all__ = ["QUESTIONS", "TITLE", "RetirementSituation", "candidates", "steps"]

TITLE = Text(en="retirement and the employee medical insurance", zh="退休与职工医保")


class RetirementSituation(RetirementCase):
    """A participant of the employee medical insurance near or past retirement: the retirement
    rule's case (its validators included), with the journey's name."""

    journey: Literal["retirement"] = "retirement"


def _case(s: RetirementCase) -> RetirementCase:
    return RetirementCase.model_validate(s.model_dump(exclude={"journey"}))


UNKNOWN_FACT: Mapping[str, str] = MappingProxyType(
    {
        "retirement.pension_contribution_unknown": "pension_contribution_months",
        "retirement.employer_agreement_unknown": "employer_agrees",
    }
)
"""The retirement rule's reasons for a fact it needs and is not given, and the field (the rule's
decision names the fact in its reason; it leaves ``missing_facts`` empty)."""

QUESTIONS: Mapping[str, Text] = MappingProxyType(
    {
        "pension_contribution_months": Text(
            en="How many months of basic pension insurance contributions will there be on the "
            "chosen retirement day?",
            zh="到选定的退休日，基本养老保险累计缴费将有多少个月？",
        ),
        "employer_agrees": Text(
            en="Does the employer agree to the later retirement?", zh="所在单位是否同意延迟退休？"
        ),
    }
)
"""The facts the plan may ask for, by their path in the situation."""

_RETIRE = Text(
    en="Retire on the retirement day: from then on no further basic medical insurance premiums "
    "once the required years are reached",
    zh="于退休日退休：累计缴费达到规定年限的，退休后不再缴纳基本医疗保险费",
)
_STATUS: Mapping[RetirementOutcome, StepStatus] = MappingProxyType(
    {
        RetirementOutcome.NOT_YET_RETIRED: StepStatus.TO_DO,
        RetirementOutcome.NO_FURTHER_PREMIUMS: StepStatus.DONE,
        RetirementOutcome.MAY_TOP_UP: StepStatus.DONE,
        RetirementOutcome.FLEXIBLE_DATE_NOT_ALLOWED: StepStatus.BLOCKED,
        RetirementOutcome.UNDETERMINED: StepStatus.UNDETERMINED,
    }
)


def candidates(s: RetirementSituation, fact: str) -> tuple[object, ...]:
    """The answers the plan tries: yes and no for the employer's agreement; for the pension months,
    the minimum an early retirement needs and one month less (the rule's own threshold)."""
    if fact == "employer_agrees":
        return (True, False)
    if fact == "pension_contribution_months":
        minimum = retirement(_case(s)).minimum_pension_contribution_months
        return () if minimum is None else (minimum - 1, minimum)
    return ()


def _possible(
    s: RetirementSituation, missing: tuple[str, ...], options: PlanOptions
) -> tuple[str, ...]:
    """The outcomes the rule gives for each answer to the facts it misses."""
    found: set[str] = set()
    answers: list[dict[str, object]] = [{}]
    for fact in missing:
        answers = [{**a, fact: v} for a in answers for v in candidates(s, fact)]
    for answer in answers:
        try:
            case = RetirementCase.model_validate({**s.model_dump(exclude={"journey"}), **answer})
        except ValidationError:
            continue
        found.add(retirement(case, options=options.retirement).outcome.value)
    return tuple(o.value for o in RetirementOutcome if o.value in found)


def steps(
    s: RetirementSituation,
    options: PlanOptions,
    calendar: WorkingDayCalendar | None = None,
) -> tuple[Step, ...]:
    """The steps of the journey for the situation ``s``."""
    case = _case(s)
    decision = retirement(case, options=options.retirement)
    call = RetirementCall(case=case, options=options.retirement, decision=decision)
    missing = (
        tuple(UNKNOWN_FACT[c] for c in decision.reason_codes if c in UNKNOWN_FACT)
        if decision.outcome is RetirementOutcome.UNDETERMINED
        else ()  # a condition failed: the chosen day is refused whatever the fact
    )
    status = _STATUS[decision.outcome]
    retire = Step(
        id="retire",
        action=_RETIRE,
        status=status,
        deadlines=(retirement_deadline(decision),),
        possible_outcomes=_possible(s, missing, options) if missing else (),
        missing_facts=missing,
        why=decision.reasons,
        call=call,
    )
    return (retire, _years_step(decision, call))


def _years_step(decision: RetirementDecision, call: RetirementCall) -> Step:
    required = decision.required_years
    if decision.shortfall_total_months == 0:
        action = Text(
            en=f"The {required} years of accumulated contributions article 27 asks are reached",
            zh=f"累计缴费已达到社会保险法第二十七条要求的{required}年",
        )
        status = StepStatus.DONE
    else:
        years, months = decision.shortfall_years, decision.shortfall_months
        total = decision.shortfall_total_months
        if decision.outcome is RetirementOutcome.MAY_TOP_UP:
            action = Text(
                en=f"Pay up to the required {required} years, as article 27 allows: {years} "
                f"year(s) {months} month(s) ({total} months) of contributions are missing",
                zh=f"可按社会保险法第二十七条缴费至规定的{required}年：尚差{years}年{months}个月"
                f"（共{total}个月）",
            )
        else:
            action = Text(
                en=f"Reach the required {required} years of contributions: {years} year(s) "
                f"{months} month(s) ({total} months) are still missing, paid by the retirement day "
                "or topped up after it",
                zh=f"累计缴费须达到规定的{required}年：尚差{years}年{months}个月（共{total}个月），"
                "可在退休前缴足，或退休时补缴",
            )
        status = StepStatus.TO_DO
    return Step(
        id="contribution_years",
        action=action,
        status=status,
        why=(decision.reasons[0],),
        call=call,
    )
