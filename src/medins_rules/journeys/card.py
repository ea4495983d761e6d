"""Journey: applying for the resident medical insurance card at the household-registration agency.

Source 003: "Prepare relevant materials: residents should bring valid identity documents, recent
bareheaded photos and household registration books. Go to the local social security agency:
residents need to go to the social security agency where their household registration is located.
Fill in the application form ... Submit the application for approval ... Get a medical insurance
card: If the application is approved, residents will get a medical insurance card".

The steps and the rules they rest on:

1. ``card_materials``: the card checklist (``materials.check_materials``).
2. ``apply_card``: the card place rule (``eligibility.card_application``): the agency of the
   registration place (``apply_at``); an agency named elsewhere is corrected to it, with the rule's
   reason. Left out, the rule is asked about the agency of the registration area itself.
3. ``get_card``: the card, once approved (the same decision's source passage).
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
from medins_rules.journeys.steps import (
    CardCall,
    MaterialsCall,
    Place,
    PlaceKind,
    PlanOptions,
    Step,
    StepStatus,
    Text,
)
from medins_rules.processes.card import AreaCode, CardApplicationCase, card_application
from medins_rules.processes.materials import MAX_SUBMITTED_ITEMS, Business, SubmittedItem
from medins_rules.vocab import divisions

__all__ = ["QUESTIONS", "TITLE", "CardSituation", "candidates", "steps"]

TITLE = Text(en="the resident medical insurance card", zh="办理居民医保卡")


class CardSituation(BaseModel):
    """A resident applying for the card: the registration place, the agency meant (optional), and
    the materials at hand (division codes of the Ministry of Civil Affairs' lists)."""

    model_config = FROZEN

    journey: Literal["card"] = "card"
    household_registration_area: AreaCode
    agency_area: AreaCode | None = None
    materials: tuple[SubmittedItem, ...] = Field(default=(), max_length=MAX_SUBMITTED_ITEMS)
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @model_validator(mode="after")
    def _the_rules_accept_it(self) -> Self:
        checked(lambda: _card_case(self), {})
        checked(lambda: _materials(self, PlanOptions()), {"items": "materials"})
        return self


def _card_case(s: CardSituation) -> CardApplicationCase:
    return CardApplicationCase(
        household_registration_area=s.household_registration_area,
        agency_area=s.agency_area or s.household_registration_area,
        evaluation_date=s.evaluation_date,
        jurisdiction=s.jurisdiction,
    )


def _materials(s: CardSituation, options: PlanOptions) -> MaterialsCall:
    return materials_call(
        Business.CARD_APPLICATION,
        s.materials,
        through_agent=False,
        evaluation_date=s.evaluation_date,
        jurisdiction=s.jurisdiction,
        options=options,
    )


MATERIALS_ACTION = Text(
    en="Prepare the materials: valid identity documents, recent bareheaded photos and the "
    "household registration book",
    zh="准备材料：有效身份证件、近期免冠照片和户口簿",
)
GET_ACTION = Text(
    en="Once the application is approved, get the medical insurance card",
    zh="申请审批通过后，领取医保卡",
)

QUESTIONS: Mapping[str, Text] = MappingProxyType({})
"""This journey's rules name no fact as not known: every fact is asked up front."""


def steps(
    s: CardSituation,
    options: PlanOptions,
    calendar: WorkingDayCalendar | None = None,
) -> tuple[Step, ...]:
    """The steps of the journey for the situation ``s``."""
    papers = _materials(s, options)
    ready = not papers.decision.missing and not papers.decision.defective
    case = _card_case(s)
    decision = card_application(case, options=options.card)
    call = CardCall(case=case, options=options.card, decision=decision)
    year = s.evaluation_date.year
    name = Text(
        en="the social security agency of " + divisions.describe_en(decision.apply_at, year=year),
        zh=divisions.describe_zh(decision.apply_at, year=year) + "的社会保障经办机构",
    )
    apply_action = Text(
        en=f"Go to {name.en}, where the household registration is located; fill in the application "
        "form for the medical insurance card and submit it with the materials for approval",
        zh=f"到户籍所在地{name.zh}，填写医保卡申请表，连同材料一并提交审批",
    )
    place = Place(
        kind=PlaceKind.REGISTRATION_AGENCY,
        name=name,
        area=decision.apply_at,
        source=cite_passage(Instrument.SOURCE_003, "place"),
    )
    return (
        Step(
            id="card_materials",
            action=MATERIALS_ACTION,
            status=StepStatus.DONE if ready else StepStatus.TO_DO,
            channels=channels_for(Business.CARD_APPLICATION),
            materials=materials_of(papers.decision),
            why=(papers.decision.reasons[0],),
            call=papers,
        ),
        Step(
            id="apply_card",
            action=apply_action,
            status=StepStatus.TO_DO,
            where=place,
            channels=channels_for(Business.CARD_APPLICATION),
            why=decision.reasons,
            call=call,
        ),
        Step(
            id="get_card",
            action=GET_ACTION,
            status=StepStatus.TO_DO,
            where=place.model_copy(
                update={"source": cite_passage(Instrument.SOURCE_003, "issue_card")}
            ),
            channels=channels_for(Business.CARD_APPLICATION),
            why=decision.reasons,
            call=call,
        ),
    )


def candidates(s: CardSituation, fact: str) -> tuple[object, ...]:
    """No fact of this journey is asked (see :data:`QUESTIONS`)."""
    return ()
