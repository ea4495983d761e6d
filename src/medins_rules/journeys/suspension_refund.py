"""Journey: suspending the residents' insurance, and the refund that goes with ending it.

Source 000: "Participants of the urban and rural residents' basic medical insurance in our province
who are in normal participation status can handle the suspension of residents' medical insurance
online through the "Guangdong Medical Insurance" applet." "Select the person category ... and
authenticate basic personal information through face recognition. (It cannot be done on behalf of
someone ...)" "If you make repeated payments or participate in other coordinated prefecture-level
and municipal residents' medical insurance before the corresponding benefit period begins, you can
apply for a refund while terminating the relevant residents' medical insurance participation
relationship. In principle, the payment fee will be refunded through the original channel." "The
online refund application function will be launched in the near future ..."

The steps and the rules they rest on:

1. ``suspend_online``: the online suspension rule (``eligibility.online_suspension``) and the
   applet's checklist (face recognition). A failure the person mends in the applet itself (no
   category selected yet, face recognition not passed yet) leaves the step to do; a participation
   already suspended makes it done; any other failure blocks it, with the rule's reasons.
2. ``apply_refund`` (when payments are given): the refund rule (``refunds.refund``): what comes back
   and through which channel, the last day to apply (the day before the benefit period begins), at
   the counter or online once the online service is in force, together with the termination.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, Self

from pydantic import BaseModel, Field, model_validator

from medins_rules.core.calendar import WorkingDayCalendar
from medins_rules.core.legal import Instrument, cite_passage
from medins_rules.core.model import FROZEN, Day, Jurisdiction
from medins_rules.journeys.common import checked, materials_call, materials_of
from medins_rules.journeys.deadlines import TOO_LATE_REFUND_CODES, refund_deadlines
from medins_rules.journeys.steps import (
    Channel,
    Place,
    PlaceKind,
    PlanOptions,
    RefundCall,
    Step,
    StepStatus,
    SuspensionCall,
    Text,
)
from medins_rules.processes.materials import Business, ItemKind, SubmittedItem
from medins_rules.processes.refunds import (
    ApplicationRoute,
    BenefitPeriod,
    OtherCityParticipation,
    RefundCase,
    RefundOutcome,
    RefundPayment,
    refund,
)
from medins_rules.processes.suspension import (
    OnlineSuspensionCase,
    ParticipationStatus,
    PersonCategory,
    SuspensionApplicant,
    SuspensionOutcome,
    online_suspension,
)
from medins_rules.vocab.schemes import Scheme

__all__ = ["QUESTIONS", "TITLE", "SuspensionRefundSituation", "candidates", "steps"]

TITLE = Text(
    en="suspension of the residents' insurance and the refund of payments",
    zh="居民医保停保与退费",
)

_MAX_ITEMS = 1000


class SuspensionRefundSituation(BaseModel):
    """A participant who wants to suspend the residents' insurance, and any payments to get back.

    The first fields are the online suspension rule's facts (the applicant is who will use the
    applet; ``person_category`` and ``face_recognition_passed`` say whether those steps in the
    applet are done yet). ``payments``, ``other_participations`` and ``benefit_periods`` are the
    refund rule's; ``terminates_participation`` is required with payments (the source couples the
    refund with ending the participation). The refund is judged as applied for on
    ``evaluation_date``.
    """

    model_config = FROZEN

    journey: Literal["suspension_refund"] = "suspension_refund"
    scheme: Scheme = Scheme.URBAN_RURAL_RESIDENT
    insured_in_guangdong: bool = True
    participation_status: ParticipationStatus
    applicant: SuspensionApplicant = SuspensionApplicant.INSURED_PERSON
    person_category: PersonCategory | None = None
    face_recognition_passed: bool = False
    enrolment_date: Day | None = None
    termination_date: Day | None = None
    payments: tuple[RefundPayment, ...] = Field(default=(), max_length=_MAX_ITEMS)
    other_participations: tuple[OtherCityParticipation, ...] = Field(
        default=(), max_length=_MAX_ITEMS
    )
    benefit_periods: tuple[BenefitPeriod, ...] = Field(default=(), max_length=_MAX_ITEMS)
    terminates_participation: bool | None = None
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @model_validator(mode="after")
    def _the_rules_accept_it(self) -> Self:
        checked(lambda: _suspension_case(self), {})
        if self.payments:
            if self.terminates_participation is None:
                raise ValueError(
                    "terminates_participation: required with payments (whether the participation "
                    "is ended with the refund, which the source couples with it)"
                )
            checked(lambda: _refund_case(self), {})
        else:
            for name in ("other_participations", "benefit_periods"):
                if getattr(self, name):
                    raise ValueError(f"{name}: given without payments; give the payments to refund")
        return self


def _suspension_case(s: SuspensionRefundSituation) -> OnlineSuspensionCase:
    return OnlineSuspensionCase(
        scheme=s.scheme,
        insured_in_guangdong=s.insured_in_guangdong,
        participation_status=s.participation_status,
        applicant=s.applicant,
        face_recognition_passed=s.face_recognition_passed,
        person_category=s.person_category,
        enrolment_date=s.enrolment_date,
        termination_date=s.termination_date,
        evaluation_date=s.evaluation_date,
        jurisdiction=s.jurisdiction,
    )


def _refund_case(s: SuspensionRefundSituation) -> RefundCase:
    return RefundCase(
        payments=s.payments,
        other_participations=s.other_participations,
        terminates_participation=bool(s.terminates_participation),
        benefit_periods=s.benefit_periods,
        evaluation_date=s.evaluation_date,
        jurisdiction=s.jurisdiction,
    )


SUSPEND_ACTION = Text(
    en='Suspend the residents\' insurance online in the "Guangdong Medical Insurance" applet: '
    "select the city, choose the person category, pass face recognition, fill in the information "
    'and submit, then query the result under "Resident Medical Insurance Suspension"',
    zh="在微信“粤医保”小程序办理居民医保停保：选择城市，选择人员类别并通过人脸识别，填写信息后提交，"
    "再通过“居民医保停保”查询办理结果",
)
REFUND_ACTION = Text(
    en="Apply for the refund while ending the participation (the suspension procedure); the "
    "refund goes back through the original payment channel",
    zh="在办理停保、终止参保关系的同时申请退费，退费原则上按原缴费渠道退回",
)
APPLET = Text(en='the "Guangdong Medical Insurance" applet (WeChat)', zh="微信“粤医保”小程序")
COUNTER = Text(en="the counter of the medical insurance agency", zh="医保经办机构服务窗口")
ONLINE = Text(en="the online refund service", zh="网上退费服务")

IN_THE_APPLET = frozenset(
    {"suspension.face_recognition_not_passed", "suspension.person_category_missing"}
)
"""The suspension rule's failures the person mends in the applet, as part of this step."""

QUESTIONS: Mapping[str, Text] = MappingProxyType({})
"""This journey's rules name no fact as not known: every fact is asked up front."""


def steps(
    s: SuspensionRefundSituation,
    options: PlanOptions,
    calendar: WorkingDayCalendar | None = None,
) -> tuple[Step, ...]:
    """The steps of the journey for the situation ``s``."""
    out = [_suspension_step(s, options)]
    if s.payments:
        out.append(_refund_step(s, options))
    return tuple(out)


def _suspension_step(s: SuspensionRefundSituation, options: PlanOptions) -> Step:
    case = _suspension_case(s)
    decision = online_suspension(case, options=options.suspension)
    call = SuspensionCall(case=case, options=options.suspension, decision=decision)
    face = (SubmittedItem(kind=ItemKind.FACE_RECOGNITION),) if s.face_recognition_passed else ()
    papers = materials_call(
        Business.ONLINE_SUSPENSION,
        face,
        through_agent=s.applicant is SuspensionApplicant.AGENT,
        evaluation_date=s.evaluation_date,
        jurisdiction=s.jurisdiction,
        options=options,
    )
    failed = set(decision.failed_conditions)
    if decision.outcome is SuspensionOutcome.ELIGIBLE:
        status = StepStatus.TO_DO
    elif "suspension.status_suspended" in failed:
        status = StepStatus.DONE
    elif failed <= IN_THE_APPLET:
        status = StepStatus.TO_DO
    else:
        status = StepStatus.BLOCKED
    return Step(
        id="suspend_online",
        action=SUSPEND_ACTION,
        status=status,
        where=Place(
            kind=PlaceKind.APPLET,
            name=APPLET,
            source=cite_passage(Instrument.SOURCE_000, "normal_status"),
        ),
        channels=(Channel.ONLINE,),
        materials=materials_of(papers.decision),
        why=decision.reasons,
        call=call,
        also=(papers,),
    )


def _refund_step(s: SuspensionRefundSituation, options: PlanOptions) -> Step:
    case = _refund_case(s)
    decision = refund(case, options=options.refunds)
    call = RefundCall(case=case, options=options.refunds, decision=decision)
    codes = set(decision.reason_codes)
    if decision.outcome is not RefundOutcome.NOT_REFUNDABLE:
        status = StepStatus.TO_DO
    elif any(p.grounds for p in decision.payments):
        status = StepStatus.BLOCKED  # a ground is met, but the participation is kept
    elif codes & TOO_LATE_REFUND_CODES:
        status = StepStatus.TOO_LATE
    else:
        status = StepStatus.NOT_APPLICABLE
    online = decision.apply_via is ApplicationRoute.ONLINE
    where = Place(
        kind=PlaceKind.ONLINE_SERVICE if online else PlaceKind.AGENCY_COUNTER,
        name=ONLINE if online else COUNTER,
        source=cite_passage(Instrument.SOURCE_000, "online_refund_soon"),
    )
    return Step(
        id="apply_refund",
        action=REFUND_ACTION,
        status=status,
        where=where,
        channels=(Channel.ONLINE,) if online else (Channel.IN_PERSON,),
        deadlines=refund_deadlines(decision),
        why=decision.reasons,
        call=call,
    )


def candidates(s: SuspensionRefundSituation, fact: str) -> tuple[object, ...]:
    """No fact of this journey is asked (see :data:`QUESTIONS`)."""
    return ()
