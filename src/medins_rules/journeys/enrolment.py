"""Journey: enrolling in medical insurance, in person or through an agent.

Source 004: "The insured person brings his/her valid certificate and applies to the neighboring
county medical insurance center, and the county medical insurance center will settle the account on
the spot; The insured person can also apply to the adjacent streets and medical insurance service
points, and the service points will be settled within 3 working days. The insured person shall
receive the medical insurance card at the service point within the specified time; The insured may
entrust others to handle it on his behalf. The customer must carry the valid certificates of himself
and the insured when handling."

The steps and the rules they rest on:

1. ``bring_certificates``: the enrolment checklist (``materials.check_materials``): the insured
   person's valid certificate, and the agent's own when an agent applies.
2. ``apply_enrolment``: the enrolment rule (``eligibility.enrolment``), given the certificates as
   the materials rule found them (an identity document the check finds valid is a valid
   certificate). A certificate still to bring leaves the step to do; any other failure blocks it.
3. ``collect_card`` (at a service point): the settlement rule (``deadlines.service_settlement``):
   the card is collected from the 3rd working day after the application (a range while the
   holiday notice is not out).

``application_date`` is the day the person applied; left out, the plan is for applying on the
evaluation date (re-plan on another day to see another day's settlement).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, Self

from pydantic import BaseModel, Field, model_validator

from medins_rules.core.calendar import WorkingDayCalendar
from medins_rules.core.legal import Instrument, cite_passage
from medins_rules.core.model import FROZEN, Day, Jurisdiction
from medins_rules.journeys.common import channels_for, checked, materials_call, materials_of
from medins_rules.journeys.deadlines import settlement_deadline
from medins_rules.journeys.steps import (
    EnrolmentCall,
    MaterialsCall,
    Place,
    PlaceKind,
    PlanOptions,
    SettlementCall,
    Step,
    StepStatus,
    Text,
)
from medins_rules.processes.enrolment import (
    EnrolmentApplicant,
    EnrolmentCase,
    EnrolmentChannel,
    EnrolmentOutcome,
    PremiumPayer,
    SettlementCase,
    enrolment,
    service_settlement,
)
from medins_rules.processes.materials import (
    MAX_SUBMITTED_ITEMS,
    Business,
    ItemStatus,
    MaterialsDecision,
    SubmittedItem,
)
from medins_rules.vocab.schemes import Scheme

__all__ = ["QUESTIONS", "TITLE", "EnrolmentSituation", "candidates", "steps"]

TITLE = Text(en="enrolment in medical insurance", zh="参加医疗保险（参保登记）")


class EnrolmentSituation(BaseModel):
    """A person enrolling: the channel, who applies, the scheme, who pays, the certificates at hand.

    ``materials`` lists the documents brought (the insured person's identity document, and the
    agent's own, marked ``holder: agent``, when an agent applies); the enrolment rule is told a
    certificate is valid when the materials check finds its item satisfied.
    """

    model_config = FROZEN

    journey: Literal["enrolment"] = "enrolment"
    channel: EnrolmentChannel
    applicant: EnrolmentApplicant = EnrolmentApplicant.INSURED_PERSON
    scheme: Scheme | None
    meets_scheme_conditions: bool
    premium_payer: PremiumPayer | None
    materials: tuple[SubmittedItem, ...] = Field(default=(), max_length=MAX_SUBMITTED_ITEMS)
    application_date: Day | None = None
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @model_validator(mode="after")
    def _the_rules_accept_it(self) -> Self:
        applied = self.application_date
        if applied is not None and applied > self.evaluation_date:
            raise ValueError(
                f"application_date: {applied} is after evaluation_date {self.evaluation_date}; give "
                "the day the application was made, or leave it out to plan applying on the "
                "evaluation date"
            )
        papers = checked(lambda: _materials(self, PlanOptions()), {"items": "materials"})
        checked(lambda: _enrolment_case(self, papers.decision), {})
        return self

    @property
    def applied_on(self) -> Day:
        """The day of the application: the day given, or the evaluation date."""
        return self.application_date or self.evaluation_date


def _materials(s: EnrolmentSituation, options: PlanOptions) -> MaterialsCall:
    return materials_call(
        Business.ENROLMENT,
        s.materials,
        through_agent=s.applicant is EnrolmentApplicant.AGENT,
        evaluation_date=s.evaluation_date,
        jurisdiction=s.jurisdiction,
        options=options,
    )


def _satisfied(decision: MaterialsDecision, item: str) -> bool:
    return any(r.item == item and r.status is ItemStatus.SATISFIED for r in decision.items)


def _enrolment_case(s: EnrolmentSituation, papers: MaterialsDecision) -> EnrolmentCase:
    agent = s.applicant is EnrolmentApplicant.AGENT
    return EnrolmentCase(
        channel=s.channel,
        application_date=s.applied_on,
        applicant=s.applicant,
        insured_certificate_valid=_satisfied(papers, "identity_document"),
        agent_certificate_valid=_satisfied(papers, "agent_identity_document") if agent else None,
        scheme=s.scheme,
        meets_scheme_conditions=s.meets_scheme_conditions,
        premium_payer=s.premium_payer,
        evaluation_date=s.evaluation_date,
        jurisdiction=s.jurisdiction,
    )


BRING_ACTION = Text(
    en="Bring the valid certificates: the insured person's, and an agent's own as well",
    zh="携带有效证件：参保人本人的有效证件；委托他人代办的，代办人还须携带本人的有效证件",
)
APPLY_ACTION: Mapping[EnrolmentChannel, Text] = MappingProxyType(
    {
        EnrolmentChannel.COUNTY_CENTRE: Text(
            en="Apply at the county medical insurance centre, which settles the enrolment on the spot",
            zh="到县医保中心申请参保，当场办结",
        ),
        EnrolmentChannel.SERVICE_POINT: Text(
            en="Apply at a street or medical insurance service point, which settles the enrolment "
            "within 3 working days",
            zh="到街道或医保服务点申请参保，服务点在3个工作日内办结",
        ),
    }
)
PLACE_NAME: Mapping[EnrolmentChannel, Text] = MappingProxyType(
    {
        EnrolmentChannel.COUNTY_CENTRE: Text(
            en="the county medical insurance centre", zh="县医保中心"
        ),
        EnrolmentChannel.SERVICE_POINT: Text(
            en="a street or medical insurance service point", zh="街道、医保服务点"
        ),
    }
)
PLACE_KIND: Mapping[EnrolmentChannel, PlaceKind] = MappingProxyType(
    {
        EnrolmentChannel.COUNTY_CENTRE: PlaceKind.COUNTY_CENTRE,
        EnrolmentChannel.SERVICE_POINT: PlaceKind.SERVICE_POINT,
    }
)
PASSAGE: Mapping[EnrolmentChannel, str] = MappingProxyType(
    {
        EnrolmentChannel.COUNTY_CENTRE: "county_centre",
        EnrolmentChannel.SERVICE_POINT: "service_point",
    }
)
COLLECT_ACTION = Text(
    en="Collect the medical insurance card at the service point within the specified time",
    zh="在规定时间内到服务点领取医保卡",
)

CERTIFICATE_FAILURES = frozenset(
    {"enrolment.insured_certificate_missing", "enrolment.agent_certificate_missing"}
)
"""The enrolment rule's failures the person mends by bringing what the first step lists."""

QUESTIONS: Mapping[str, Text] = MappingProxyType({})
"""This journey's rules name no fact as not known: every fact is asked up front."""


def steps(
    s: EnrolmentSituation,
    options: PlanOptions,
    calendar: WorkingDayCalendar | None = None,
) -> tuple[Step, ...]:
    """The steps of the journey for the situation ``s``."""
    papers = _materials(s, options)
    ready = not papers.decision.missing and not papers.decision.defective
    bring = Step(
        id="bring_certificates",
        action=BRING_ACTION,
        status=StepStatus.DONE if ready else StepStatus.TO_DO,
        channels=channels_for(Business.ENROLMENT),
        materials=materials_of(papers.decision),
        why=(papers.decision.reasons[0],),
        call=papers,
    )
    case = _enrolment_case(s, papers.decision)
    decision = enrolment(case, calendar=calendar)
    call = EnrolmentCall(case=case, decision=decision)
    failed = set(decision.failed_conditions)
    if decision.outcome is not EnrolmentOutcome.NOT_ACCEPTED:
        status = StepStatus.DONE if s.application_date is not None else StepStatus.TO_DO
    elif failed <= CERTIFICATE_FAILURES:
        status = StepStatus.TO_DO
    else:
        status = StepStatus.BLOCKED
    on_the_spot = (
        settlement_deadline(decision) if s.channel is EnrolmentChannel.COUNTY_CENTRE else None
    )
    apply = Step(
        id="apply_enrolment",
        action=APPLY_ACTION[s.channel],
        status=status,
        where=Place(
            kind=PLACE_KIND[s.channel],
            name=PLACE_NAME[s.channel],
            source=cite_passage(Instrument.SOURCE_004, PASSAGE[s.channel]),
        ),
        channels=channels_for(Business.ENROLMENT),
        deadlines=(on_the_spot,) if on_the_spot is not None else (),
        why=decision.reasons,
        call=call,
        also=(papers,),
    )
    out = [bring, apply]
    if s.channel is EnrolmentChannel.SERVICE_POINT and status is not StepStatus.BLOCKED:
        settle = SettlementCase(
            application_date=s.applied_on,
            channel=s.channel,
            evaluation_date=s.evaluation_date,
            jurisdiction=s.jurisdiction,
        )
        settled = service_settlement(settle, calendar=calendar)
        ready_from = settlement_deadline(settled)
        collect_reasons = tuple(
            r for r in decision.reasons if r.code == "enrolment.collect_card_at_service_point"
        )
        out.append(
            Step(
                id="collect_card",
                action=COLLECT_ACTION,
                status=StepStatus.TO_DO,
                where=Place(
                    kind=PlaceKind.SERVICE_POINT,
                    name=PLACE_NAME[EnrolmentChannel.SERVICE_POINT],
                    source=cite_passage(Instrument.SOURCE_004, "collect_card"),
                ),
                channels=channels_for(Business.ENROLMENT),
                deadlines=(ready_from,) if ready_from is not None else (),
                why=(*settled.reasons, *collect_reasons),
                call=SettlementCall(case=settle, decision=settled),
                also=(call,),
            )
        )
    return tuple(out)


def candidates(s: EnrolmentSituation, fact: str) -> tuple[object, ...]:
    """No fact of this journey is asked (see :data:`QUESTIONS`)."""
    return ()
