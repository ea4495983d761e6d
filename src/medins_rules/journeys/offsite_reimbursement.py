"""Journey: treatment in another place, paid out of pocket, and its sporadic reimbursement.

Source 002: "The insured person holds the medical insurance card and goes to the secondary medical
insurance agency in Guangzhou to handle the off-site filing ... Residents should bring the original
certificate of continuous residence for more than 6 months ... or a copy of the temporary residence
permit. In the selected remote medical institutions, hospitalization, emergency observation,
outpatient specific items or outpatient designated chronic disease treatment meet the prescribed
medical expenses, and within 6 months after the individual advances, go to the Guangzhou medical
insurance agency to handle the reimbursement procedures for sporadic medical expenses. No payment
will be made if it has not been processed for more than 1 year." and "The materials required for
off-site reimbursement include the following six types".

The steps and the rules they rest on:

1. ``offsite_filing``: the off-site filing, as the filing rule (``deadlines.reimbursement_filing``)
   judges it: done and counting, done after the treatment (too late, by default), not known. When
   it was not done, the rule is asked what a filing made on the evaluation date would give (补办, a
   call on supposed facts): by default it no longer brings this claim within the reimbursement;
   under ``offsite_filing_after_treatment_counts`` it does, and the step is to do, with the
   residence rule (``deadlines.offsite_filing_residence``) and the materials check for the filing.
2. ``gather_materials``: the six materials (``materials.check_materials``), while the claim is open.
3. ``file_claim``: the filing itself, with the last on-time day and the last payable day (ranges
   where they wait for a holiday notice).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from types import MappingProxyType
from typing import Literal, Self

from pydantic import BaseModel, Field, model_validator

from medins_rules.core.calendar import WorkingDayCalendar
from medins_rules.core.legal import Instrument, cite_passage
from medins_rules.core.model import FROZEN, Day, Jurisdiction, Reason
from medins_rules.journeys.common import (
    boundary_candidates,
    channels_for,
    checked,
    materials_call,
    materials_of,
    materials_ready,
)
from medins_rules.journeys.deadlines import filing_deadlines, residence_deadline
from medins_rules.journeys.steps import (
    FilingCall,
    MaterialsCall,
    Place,
    PlaceKind,
    PlanOptions,
    ResidenceCall,
    RuleCall,
    Step,
    StepStatus,
    Text,
)
from medins_rules.processes.materials import MAX_SUBMITTED_ITEMS, Business, SubmittedItem
from medins_rules.processes.offsite_filing import (
    MAX_RESIDENCE_PERIODS,
    ResidenceCase,
    ResidencePeriod,
    ResidenceProof,
    offsite_filing_residence,
)
from medins_rules.processes.reimbursement import (
    FilingOutcome,
    OffsiteFiling,
    ReimbursementFilingCase,
    ReimbursementFilingDecision,
    TreatmentKind,
    reimbursement_filing,
)

__all__ = [
    "QUESTIONS",
    "TITLE",
    "OffsiteReimbursementSituation",
    "ResidenceFacts",
    "candidates",
    "steps",
]

TITLE = Text(
    en="treatment in another place and its sporadic reimbursement", zh="异地就医与零星报销"
)


class ResidenceFacts(BaseModel):
    """The proof of residence for the off-site filing: the residence rule's facts (give
    ``residence_start`` or ``residence_periods`` for a certificate)."""

    model_config = FROZEN

    proof: ResidenceProof
    residence_periods: tuple[ResidencePeriod, ...] | None = Field(
        default=None, min_length=1, max_length=MAX_RESIDENCE_PERIODS
    )
    residence_start: Day | None = None
    certificate_is_original: bool = True


class OffsiteReimbursementSituation(BaseModel):
    """A treatment in another place paid out of pocket, and where its claim stands.

    ``offsite_filing`` is what is known of the off-site filing (the filing rule's model; its facts
    left ``null`` are not known, and the plan asks for them); ``residence`` the proof of residence
    for a filing still to be made; ``offsite_filing_materials`` and ``materials`` what the person
    has for the filing and for the claim. ``filing_date`` is the day the claim was filed (empty: not
    filed yet). Every day is on or before ``evaluation_date``.
    """

    model_config = FROZEN

    journey: Literal["offsite_reimbursement"] = "offsite_reimbursement"
    payment_date: Day
    treatment: TreatmentKind
    offsite_filing: OffsiteFiling = OffsiteFiling(done=None)
    residence: ResidenceFacts | None = None
    offsite_filing_materials: tuple[SubmittedItem, ...] = Field(
        default=(), max_length=MAX_SUBMITTED_ITEMS
    )
    filing_date: Day | None = None
    materials: tuple[SubmittedItem, ...] = Field(default=(), max_length=MAX_SUBMITTED_ITEMS)
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @model_validator(mode="after")
    def _the_rules_accept_it(self) -> Self:
        checked(lambda: _filing_case(self, self.offsite_filing), {})
        if self.residence is not None:
            checked(lambda: _residence_case(self), _RESIDENCE_PATHS)
        for business, field in (
            (Business.OFFSITE_FILING, "offsite_filing_materials"),
            (Business.OFFSITE_REIMBURSEMENT, "materials"),
        ):
            checked(partial(_papers, self, business, PlanOptions()), {"items": field})
        return self


_RESIDENCE_PATHS = MappingProxyType(
    {
        "proof": "residence.proof",
        "residence_periods": "residence.residence_periods",
        "residence_start": "residence.residence_start",
        "certificate_is_original": "residence.certificate_is_original",
    }
)


def _filing_case(
    s: OffsiteReimbursementSituation, offsite: OffsiteFiling
) -> ReimbursementFilingCase:
    return ReimbursementFilingCase(
        payment_date=s.payment_date,
        treatment=s.treatment,
        offsite_filing=offsite,
        filing_date=s.filing_date,
        evaluation_date=s.evaluation_date,
        jurisdiction=s.jurisdiction,
    )


def _papers(
    s: OffsiteReimbursementSituation, business: Business, options: PlanOptions
) -> MaterialsCall:
    """The materials rule on what the person has for the off-site filing or for the claim."""
    items = s.offsite_filing_materials if business is Business.OFFSITE_FILING else s.materials
    return materials_call(
        business,
        items,
        through_agent=False,
        evaluation_date=s.evaluation_date,
        jurisdiction=s.jurisdiction,
        options=options,
    )


def _residence_case(s: OffsiteReimbursementSituation) -> ResidenceCase:
    assert s.residence is not None
    return ResidenceCase(
        proof=s.residence.proof,
        residence_periods=s.residence.residence_periods,
        residence_start=s.residence.residence_start,
        certificate_is_original=s.residence.certificate_is_original,
        evaluation_date=s.evaluation_date,
        jurisdiction=s.jurisdiction,
    )


# -- texts --------------------------------------------------------------------------------------------

OFFSITE_ACTION = Text(
    en="Do the off-site filing (register the treatment in another place) at the medical insurance "
    "agency in Guangzhou, holding the medical insurance card and bringing the proof of residence",
    zh="持医保卡并携带居住证明，到广州市医保经办机构办理异地就医备案",
)
MATERIALS_ACTION = Text(
    en="Gather the six materials the reimbursement asks for", zh="备齐零星报销所需的六类材料"
)
CLAIM_ACTION = Text(
    en="File the reimbursement of the sporadic medical expenses at the medical insurance agency "
    "in Guangzhou",
    zh="到广州市医保经办机构申请零星医疗费用报销",
)
FILED_TODAY = Text(
    en="if the off-site filing were done on the evaluation date, selecting the institution of the "
    "treatment (a filing completed afterwards, 补办)",
    zh="假如在评估日补办异地就医备案，并选定就医的医疗机构",
)
AGENCY = Text(en="a medical insurance agency in Guangzhou", zh="广州市医保经办机构")

QUESTIONS: Mapping[str, Text] = MappingProxyType(
    {
        "offsite_filing.done": Text(
            en="Was the off-site filing done with the medical insurance agency in Guangzhou?",
            zh="是否已在广州市医保经办机构办理异地就医备案？",
        ),
        "offsite_filing.date": Text(
            en="On what day was the off-site filing done?", zh="异地就医备案是哪一天办理的？"
        ),
        "offsite_filing.institution_selected": Text(
            en="Was the treating hospital one of those selected at the off-site filing?",
            zh="就医的医院是否为备案时选定的医疗机构？",
        ),
        "offsite_filing.treatment_start": Text(
            en="On what day did the treatment begin (the admission)?",
            zh="就医（入院）是从哪一天开始的？",
        ),
    }
)
"""The facts the plan may ask for, by their path in the situation."""


# -- the steps ----------------------------------------------------------------------------------------


def _call(
    s: OffsiteReimbursementSituation,
    offsite: OffsiteFiling,
    options: PlanOptions,
    calendar: WorkingDayCalendar | None,
    what_if: Text | None = None,
) -> FilingCall:
    case = _filing_case(s, offsite)
    chosen = options.reimbursement
    decision = reimbursement_filing(case, options=chosen, calendar=calendar)
    return FilingCall(case=case, options=chosen, decision=decision, what_if=what_if)


def _leading(decision: ReimbursementFilingDecision) -> tuple[Reason, ...]:
    """The reasons that state the outcome and the off-site filing, before those on the periods."""
    out = []
    for reason in decision.reasons:
        if reason.code.startswith(("period.", "calendar.")):
            break
        out.append(reason)
    return tuple(out)


def _offsite_reasons(decision: ReimbursementFilingDecision) -> tuple[Reason, ...]:
    return tuple(
        r
        for r in decision.reasons
        if r.code in _OFFSITE_CODES or r.code == "reimbursement.treatment_not_covered"
    )


_OFFSITE_CODES = frozenset(
    {
        "reimbursement.offsite_filing_in_scope",
        "reimbursement.no_offsite_filing",
        "reimbursement.institution_not_selected",
        "reimbursement.offsite_filing_after_treatment",
        "reimbursement.offsite_filing_completed_afterwards",
        "reimbursement.offsite_facts_unknown",
    }
)

_CLAIM_OPEN = frozenset({FilingOutcome.ON_TIME, FilingOutcome.LATE, FilingOutcome.UNDETERMINED})


def _within_scope(call: FilingCall) -> bool:
    """Whether a supposed filing made today brings the claim within the reimbursement, with time
    left to claim (the rule's outcome, not a judgment of the plan's)."""
    decision = call.decision
    return decision.outcome in _CLAIM_OPEN and not decision.missing_facts


def steps(
    s: OffsiteReimbursementSituation,
    options: PlanOptions,
    calendar: WorkingDayCalendar | None = None,
) -> tuple[Step, ...]:
    """The steps of the journey for the situation ``s``."""
    actual = _call(s, s.offsite_filing, options, calendar)
    what_if: FilingCall | None = None
    if s.offsite_filing.done is False and actual.decision.outcome is not FilingOutcome.NOT_COVERED:
        supposed = OffsiteFiling(
            done=True,
            date=s.evaluation_date,
            institution_selected=True,
            treatment_start=s.offsite_filing.treatment_start,
        )
        what_if = _call(s, supposed, options, calendar, FILED_TODAY)
    claim = what_if if what_if is not None and _within_scope(what_if) else actual
    out = [_offsite_step(s, actual, what_if, options)]
    claim_step = _claim_step(s, claim, actual)
    if s.filing_date is None and claim_step.status in (
        StepStatus.TO_DO,
        StepStatus.LATE,
        StepStatus.UNDETERMINED,
    ):
        out.append(_materials_step(s, options))
    out.append(claim_step)
    return tuple(out)


def _offsite_step(
    s: OffsiteReimbursementSituation,
    actual: FilingCall,
    what_if: FilingCall | None,
    options: PlanOptions,
) -> Step:
    decision = actual.decision
    place = Place(
        kind=PlaceKind.GUANGZHOU_AGENCY,
        name=AGENCY,
        source=cite_passage(Instrument.SOURCE_002, "offsite_filing"),
    )
    common = {
        "id": "offsite_filing",
        "action": OFFSITE_ACTION,
        "where": place,
        "channels": channels_for(Business.OFFSITE_FILING),
    }
    if decision.outcome is FilingOutcome.NOT_COVERED:
        return Step(
            **common,
            status=StepStatus.NOT_APPLICABLE,
            why=_offsite_reasons(decision),
            call=actual,
        )
    if what_if is None:
        codes = set(decision.reason_codes)
        missing = tuple(f for f in decision.missing_facts if f.startswith("offsite_filing."))
        if missing:
            status = StepStatus.UNDETERMINED
        elif s.offsite_filing.done is None:
            status = StepStatus.NOT_APPLICABLE  # the rule settled the claim without it
        elif "reimbursement.offsite_filing_after_treatment" in codes:
            status = StepStatus.TOO_LATE
        else:
            status = StepStatus.DONE
        return Step(
            **common,
            status=status,
            possible_outcomes=tuple(o.value for o in decision.possible_outcomes) if missing else (),
            missing_facts=missing,
            why=_offsite_reasons(decision),
            call=actual,
        )
    supposed = what_if.decision
    if supposed.missing_facts:
        return Step(
            **common,
            status=StepStatus.UNDETERMINED,
            possible_outcomes=tuple(o.value for o in supposed.possible_outcomes),
            missing_facts=supposed.missing_facts,
            why=(*_offsite_reasons(decision), *_offsite_reasons(supposed)),
            call=what_if,
            also=(actual,),
        )
    if not _within_scope(what_if):
        return Step(
            **common,
            status=StepStatus.TOO_LATE,
            why=(*_offsite_reasons(decision), *_leading(supposed)),
            call=what_if,
            also=(actual,),
        )
    also: list[RuleCall] = [actual]
    why = [*_offsite_reasons(decision), *_offsite_reasons(supposed)]
    deadlines = []
    if s.residence is not None:
        case = _residence_case(s)
        residence = offsite_filing_residence(case, options=options.residence)
        also.append(ResidenceCall(case=case, options=options.residence, decision=residence))
        why.append(residence.reasons[0])
        day = residence_deadline(residence)
        if day is not None:
            deadlines.append(day)
    papers = _papers(s, Business.OFFSITE_FILING, options)
    also.append(papers)
    why.append(papers.decision.reasons[0])
    return Step(
        **common,
        status=StepStatus.TO_DO,
        materials=materials_of(papers.decision),
        deadlines=tuple(deadlines),
        why=tuple(why),
        call=what_if,
        also=tuple(also),
    )


def _materials_step(s: OffsiteReimbursementSituation, options: PlanOptions) -> Step:
    papers = _papers(s, Business.OFFSITE_REIMBURSEMENT, options)
    return Step(
        id="gather_materials",
        action=MATERIALS_ACTION,
        status=StepStatus.DONE if materials_ready(papers.decision) else StepStatus.TO_DO,
        channels=channels_for(Business.OFFSITE_REIMBURSEMENT),
        materials=materials_of(papers.decision),
        why=(papers.decision.reasons[0],),
        call=papers,
    )


_CLAIM_STATUS: Mapping[tuple[FilingOutcome, bool], StepStatus] = MappingProxyType(
    {
        (FilingOutcome.ON_TIME, True): StepStatus.DONE,
        (FilingOutcome.ON_TIME, False): StepStatus.TO_DO,
        (FilingOutcome.LATE, True): StepStatus.DONE,
        (FilingOutcome.LATE, False): StepStatus.LATE,
        (FilingOutcome.FORFEITED, True): StepStatus.TOO_LATE,
        (FilingOutcome.FORFEITED, False): StepStatus.TOO_LATE,
        (FilingOutcome.NOT_COVERED, True): StepStatus.NOT_APPLICABLE,
        (FilingOutcome.NOT_COVERED, False): StepStatus.NOT_APPLICABLE,
        (FilingOutcome.OUTSIDE_OFFSITE_SCOPE, True): StepStatus.BLOCKED,
        (FilingOutcome.OUTSIDE_OFFSITE_SCOPE, False): StepStatus.BLOCKED,
        (FilingOutcome.UNDETERMINED, True): StepStatus.UNDETERMINED,
        (FilingOutcome.UNDETERMINED, False): StepStatus.UNDETERMINED,
    }
)
"""The claim's status by the filing rule's outcome and whether the claim was filed."""


def _claim_step(s: OffsiteReimbursementSituation, claim: FilingCall, actual: FilingCall) -> Step:
    decision = claim.decision
    undetermined = decision.outcome is FilingOutcome.UNDETERMINED
    return Step(
        id="file_claim",
        action=CLAIM_ACTION,
        status=_CLAIM_STATUS[(decision.outcome, s.filing_date is not None)],
        where=Place(
            kind=PlaceKind.GUANGZHOU_AGENCY,
            name=AGENCY,
            source=cite_passage(Instrument.SOURCE_002, "six_month_window"),
        ),
        channels=channels_for(Business.OFFSITE_REIMBURSEMENT),
        deadlines=filing_deadlines(decision),
        possible_outcomes=tuple(o.value for o in decision.possible_outcomes)
        if undetermined
        else (),
        missing_facts=decision.missing_facts,
        why=_leading(decision),
        call=claim,
        also=() if claim is actual else (actual,),
    )


def candidates(s: OffsiteReimbursementSituation, fact: str) -> tuple[object, ...]:
    """The answers the plan tries for a fact it asks: both for a yes-or-no, and for a day the days
    around each day the situation gives (one of them decides before or after)."""
    if fact in ("offsite_filing.done", "offsite_filing.institution_selected"):
        return (True, False)
    known = (
        s.payment_date,
        s.evaluation_date,
        s.offsite_filing.date,
        s.offsite_filing.treatment_start,
    )
    return boundary_candidates(known)
