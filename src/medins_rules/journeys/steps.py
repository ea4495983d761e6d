"""The parts of a plan: a step, its status and deadlines, where and how it is done, what to bring,
and the rule calls every one of its facts comes from.

A step decides nothing. Its status is read off the outcome (and, where the outcome alone does not
say it, the reason codes) of the decision it names; its deadlines are that decision's fields; its
materials are the materials rule's checklist result; its reasons are the decisions' own. Each step
keeps the rule calls it rests on (:data:`RuleCall`): the rule's name, the validated case the rule was
given, the options, and the typed decision, so anyone can call the rule again and compare.

>>> import datetime as dt
>>> d = Deadline(kind="by", label=Text(en="last day", zh="最后一日"), field="last_on_time_day",
...              day=None, earliest=dt.date(2027, 2, 15), latest=dt.date(2027, 2, 22))
>>> d.exact, d.safe_day, d.passed(dt.date(2027, 2, 16))
(False, datetime.date(2027, 2, 15), None)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, Field, model_validator

from medins_rules.core.legal import Citation
from medins_rules.core.model import FROZEN, Decision, Reason
from medins_rules.processes.card import (
    DEFAULT_CARD_OPTIONS,
    CardApplicationCase,
    CardApplicationDecision,
    CardOptions,
)
from medins_rules.processes.enrolment import (
    EnrolmentCase,
    EnrolmentDecision,
    SettlementCase,
    SettlementDecision,
)
from medins_rules.processes.materials import (
    DEFAULT_MATERIALS_OPTIONS,
    Defect,
    ItemStatus,
    MaterialsCase,
    MaterialsDecision,
    MaterialsOptions,
)
from medins_rules.processes.offsite_filing import (
    DEFAULT_RESIDENCE_OPTIONS,
    ResidenceCase,
    ResidenceDecision,
    ResidenceOptions,
)
from medins_rules.processes.refunds import (
    DEFAULT_REFUND_OPTIONS,
    RefundCase,
    RefundDecision,
    RefundOptions,
)
from medins_rules.processes.reimbursement import (
    DEFAULT_DEADLINE_OPTIONS,
    DeadlineOptions,
    ReimbursementFilingCase,
    ReimbursementFilingDecision,
)
from medins_rules.processes.retirement import (
    DEFAULT_RETIREMENT_OPTIONS,
    RetirementCase,
    RetirementDecision,
    RetirementOptions,
)
from medins_rules.processes.suspension import (
    DEFAULT_SUSPENSION_OPTIONS,
    OnlineSuspensionCase,
    OnlineSuspensionDecision,
    SuspensionOptions,
)

__all__ = [
    "STATUS_TEXT",
    "CardCall",
    "Channel",
    "Deadline",
    "DeadlineKind",
    "EnrolmentCall",
    "FilingCall",
    "Lang",
    "Material",
    "MaterialsCall",
    "Place",
    "PlaceKind",
    "PlanOptions",
    "RefundCall",
    "ResidenceCall",
    "RetirementCall",
    "RuleCall",
    "SettlementCall",
    "Step",
    "StepStatus",
    "SuspensionCall",
    "Text",
]

Lang = Literal["en", "zh"]


class Text(BaseModel):
    """A text in English and Chinese."""

    model_config = FROZEN

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)

    def get(self, lang: Lang = "en") -> str:
        """The text in ``lang``."""
        return self.zh if lang == "zh" else self.en


class StepStatus(StrEnum):
    """Where a step stands on the evaluation date, as the decision it names says."""

    TO_DO = "to_do"
    """Still to be done, and in time (by the deadline, where there is one)."""
    LATE = "late"
    """Still to be done and still possible, but late: a late reimbursement filing is still payable."""
    DONE = "done"
    """Done already (filed, applied, reached), as the situation says and the decision confirms."""
    TOO_LATE = "too_late"
    """The day by which it had to be done has passed, or it was done too late to count."""
    BLOCKED = "blocked"
    """A condition the rule names fails and the step cannot be done as things stand; the reasons say
    which, and what would change it."""
    NOT_APPLICABLE = "not_applicable"
    """Nothing to do: the rule says the step does not apply to this situation."""
    UNDETERMINED = "undetermined"
    """A fact not known, or a holiday notice not yet published, decides it: ``possible_outcomes``
    lists what the rule says is still possible and ``missing_facts`` what would settle it."""


STATUS_TEXT: Mapping[StepStatus, Text] = MappingProxyType(
    {
        StepStatus.TO_DO: Text(en="to do", zh="待办"),
        StepStatus.LATE: Text(en="late, still possible", zh="已逾期，仍可办理"),
        StepStatus.DONE: Text(en="done", zh="已完成"),
        StepStatus.TOO_LATE: Text(en="too late", zh="已错过"),
        StepStatus.BLOCKED: Text(en="cannot be done as things stand", zh="目前无法办理"),
        StepStatus.NOT_APPLICABLE: Text(en="not needed", zh="无需办理"),
        StepStatus.UNDETERMINED: Text(en="not yet known", zh="尚待确定"),
    }
)
"""Each status in words."""


class DeadlineKind(StrEnum):
    """What a step's day means."""

    BY = "by"
    """The last day to act (the day itself included)."""
    FROM = "from"
    """The first day one can act: the residence requirement met, the card ready to collect."""
    ON = "on"
    """The day something happens (the retirement day)."""


class Deadline(BaseModel):
    """A day of a step, read from a field of a rule's decision.

    ``day`` is the day when it is known; while it waits for a holiday notice not yet published it is
    ``None`` and ``earliest`` and ``latest`` bound it (equal to ``day`` when it is known).
    ``field`` names the decision field the day comes from (``last_on_time_day``,
    ``settlement_date``...). ``days_left`` and its bounds are the decision's own count, when it gives
    one. :attr:`safe_day` is the day that is right under every holiday arrangement still possible.
    """

    model_config = FROZEN

    kind: DeadlineKind
    label: Text
    field: str
    day: dt.date | None
    earliest: dt.date
    latest: dt.date
    days_left: int | None = None
    days_left_min: int | None = None
    days_left_max: int | None = None
    unpublished_years: tuple[int, ...] = ()

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        if self.earliest > self.latest:
            raise ValueError(f"latest: {self.latest} is before earliest {self.earliest}")
        if self.day is not None and not self.earliest == self.day == self.latest:
            raise ValueError(f"day: {self.day} given, but the bounds are not that day")
        if self.day is None and self.earliest == self.latest:
            raise ValueError("day: the bounds are one day; give it as the day")
        return self

    @property
    def exact(self) -> bool:
        """Whether the day is known."""
        return self.day is not None

    @property
    def safe_day(self) -> dt.date:
        """The day that holds under every arrangement: the earliest last day to act, the latest
        first day (a card surely ready to collect)."""
        return self.earliest if self.kind is DeadlineKind.BY else self.latest

    def passed(self, on: dt.date) -> bool | None:
        """Whether a last day to act has passed on ``on`` (``None`` while the notice decides);
        ``False`` for the other kinds."""
        if self.kind is not DeadlineKind.BY:
            return False
        if on > self.latest:
            return True
        return False if on <= self.earliest else None

    def key(self) -> tuple[object, ...]:
        """What the deadline says, without the days left (which change every day)."""
        return (self.kind, self.field, self.day, self.earliest, self.latest)

    def describe(self, lang: Lang = "en") -> str:
        """The day in words: the day, or its range and the safe day."""
        if lang == "zh":
            if self.day is not None:
                return f"{self.label.zh}：{_zh_date(self.day)}"
            years = "、".join(str(y) for y in self.unpublished_years)
            safe = "前" if self.kind is DeadlineKind.BY else "起"
            return (
                f"{self.label.zh}：在{_zh_date(self.earliest)}至{_zh_date(self.latest)}之间，"
                f"有待{years}年节假日安排公布后确定；稳妥起见，请以{_zh_date(self.safe_day)}{safe}为准"
            )
        if self.day is not None:
            return f"{self.label.en}: {self.day}"
        years = ", ".join(str(y) for y in self.unpublished_years)
        return (
            f"{self.label.en}: between {self.earliest} and {self.latest}, waiting for the "
            f"{years} holiday notice; to be safe, take {self.safe_day}"
        )


def _zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class PlaceKind(StrEnum):
    """Where a step is done."""

    GUANGZHOU_AGENCY = "guangzhou_agency"
    COUNTY_CENTRE = "county_centre"
    SERVICE_POINT = "service_point"
    APPLET = "applet"
    AGENCY_COUNTER = "agency_counter"
    ONLINE_SERVICE = "online_service"
    REGISTRATION_AGENCY = "registration_agency"


class Place(BaseModel):
    """Where a step is done: the kind of place, its name, the division code of an agency chosen by
    a rule (the card's registration place), and the source sentence that names it."""

    model_config = FROZEN

    kind: PlaceKind
    name: Text
    area: str | None = None
    source: Citation | None = None


class Channel(StrEnum):
    """Who may do a step, and how."""

    IN_PERSON = "in_person"
    """The insured person, at the place."""
    AGENT = "agent"
    """Someone else on the insured person's behalf (where the rule or its checklist permits it)."""
    ONLINE = "online"
    """Online, by the insured person."""


class Material(BaseModel):
    """One item the materials rule asks for: its status in the check, what satisfies it, and what is
    wrong with what was brought."""

    model_config = FROZEN

    item: str
    name: Text
    requirement: Text
    status: ItemStatus
    defects: tuple[Defect, ...] = ()


class PlanOptions(BaseModel):
    """The interpretive choices of the rules a plan calls (each rule's own options model)."""

    model_config = FROZEN

    reimbursement: DeadlineOptions = DEFAULT_DEADLINE_OPTIONS
    residence: ResidenceOptions = DEFAULT_RESIDENCE_OPTIONS
    suspension: SuspensionOptions = DEFAULT_SUSPENSION_OPTIONS
    refunds: RefundOptions = DEFAULT_REFUND_OPTIONS
    materials: MaterialsOptions = DEFAULT_MATERIALS_OPTIONS
    card: CardOptions = DEFAULT_CARD_OPTIONS
    retirement: RetirementOptions = DEFAULT_RETIREMENT_OPTIONS


# -- the rule calls a step rests on -------------------------------------------------------------------


class _Call(BaseModel):
    model_config = FROZEN

    what_if: Text | None = None
    """For a call on facts the situation does not state (a filing made on the evaluation date, say):
    what was supposed. ``None`` for a call on the situation's facts."""


class FilingCall(_Call):
    """A call of ``deadlines.reimbursement_filing``."""

    rule: Literal["deadlines.reimbursement_filing"] = "deadlines.reimbursement_filing"
    case: ReimbursementFilingCase
    options: DeadlineOptions = DEFAULT_DEADLINE_OPTIONS
    decision: ReimbursementFilingDecision


class ResidenceCall(_Call):
    """A call of ``deadlines.offsite_filing_residence``."""

    rule: Literal["deadlines.offsite_filing_residence"] = "deadlines.offsite_filing_residence"
    case: ResidenceCase
    options: ResidenceOptions = DEFAULT_RESIDENCE_OPTIONS
    decision: ResidenceDecision


class SettlementCall(_Call):
    """A call of ``deadlines.service_settlement``."""

    rule: Literal["deadlines.service_settlement"] = "deadlines.service_settlement"
    case: SettlementCase
    decision: SettlementDecision


class EnrolmentCall(_Call):
    """A call of ``eligibility.enrolment``."""

    rule: Literal["eligibility.enrolment"] = "eligibility.enrolment"
    case: EnrolmentCase
    decision: EnrolmentDecision


class SuspensionCall(_Call):
    """A call of ``eligibility.online_suspension``."""

    rule: Literal["eligibility.online_suspension"] = "eligibility.online_suspension"
    case: OnlineSuspensionCase
    options: SuspensionOptions = DEFAULT_SUSPENSION_OPTIONS
    decision: OnlineSuspensionDecision


class CardCall(_Call):
    """A call of ``eligibility.card_application``."""

    rule: Literal["eligibility.card_application"] = "eligibility.card_application"
    case: CardApplicationCase
    options: CardOptions = DEFAULT_CARD_OPTIONS
    decision: CardApplicationDecision


class RetirementCall(_Call):
    """A call of ``eligibility.retirement``."""

    rule: Literal["eligibility.retirement"] = "eligibility.retirement"
    case: RetirementCase
    options: RetirementOptions = DEFAULT_RETIREMENT_OPTIONS
    decision: RetirementDecision


class RefundCall(_Call):
    """A call of ``refunds.refund``."""

    rule: Literal["refunds.refund"] = "refunds.refund"
    case: RefundCase
    options: RefundOptions = DEFAULT_REFUND_OPTIONS
    decision: RefundDecision


class MaterialsCall(_Call):
    """A call of ``materials.check_materials``."""

    rule: Literal["materials.check_materials"] = "materials.check_materials"
    case: MaterialsCase
    options: MaterialsOptions = DEFAULT_MATERIALS_OPTIONS
    decision: MaterialsDecision


RuleCall = Annotated[
    FilingCall
    | ResidenceCall
    | SettlementCall
    | EnrolmentCall
    | SuspensionCall
    | CardCall
    | RetirementCall
    | RefundCall
    | MaterialsCall,
    Field(discriminator="rule"),
]
"""A rule call: the rule's name, its validated case and options, and its typed decision."""


class Step(BaseModel):
    """One thing to do: what, where, how, with what, by when, its status, and why.

    ``call`` is the rule call the step's status comes from; ``also`` the further calls its facts come
    from (the materials check, the residence rule, a call on supposed facts). ``why`` are reasons of
    those calls' decisions, the ones the step shows. ``possible_outcomes`` and ``missing_facts``
    (paths in the situation) are given when the status is undetermined.
    """

    model_config = FROZEN

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    action: Text
    status: StepStatus
    where: Place | None = None
    channels: tuple[Channel, ...] = ()
    materials: tuple[Material, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    possible_outcomes: tuple[str, ...] = ()
    missing_facts: tuple[str, ...] = ()
    why: tuple[Reason, ...] = ()
    call: RuleCall
    also: tuple[RuleCall, ...] = ()

    @property
    def rule(self) -> str:
        """The name of the rule the step's status comes from."""
        return self.call.rule

    @property
    def decision(self) -> Decision[Any]:
        """The decision the step's status comes from."""
        return self.call.decision

    @property
    def calls(self) -> tuple[RuleCall, ...]:
        """Every rule call the step rests on, the main one first."""
        return (self.call, *self.also)

    @property
    def key_day(self) -> dt.date | None:
        """The step's day for ordering: its first deadline's safe day, when it has one."""
        return self.deadlines[0].safe_day if self.deadlines else None
