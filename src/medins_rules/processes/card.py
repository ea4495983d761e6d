"""Where the resident medical insurance card is applied for: the agency of the registration place.

Source 003: "Go to the local social security agency: residents need to go to the social security
agency where their household registration is located."
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, Field, model_validator

from medins_rules.core.legal import Instrument, cite_passage
from medins_rules.core.model import FROZEN, Day, Decision, Jurisdiction, ReasonTemplate, RuleSpec

__all__ = [
    "DEFAULT_CARD_OPTIONS",
    "REASONS",
    "RULES",
    "AreaCode",
    "CardApplicationCase",
    "CardApplicationDecision",
    "CardApplicationOutcome",
    "CardOptions",
    "CardPlaceLevel",
    "card_application",
]


class CardPlaceLevel(StrEnum):
    """How closely the agency's area must match the household-registration place (card rule)."""

    PREFECTURE = "prefecture"
    """The agency of the prefecture-level city of the registration, or of any of its districts and
    counties (the first four digits of the division codes agree)."""
    COUNTY = "county"
    """Only the agency of the very county-level division of the registration (the codes agree)."""


class CardOptions(BaseModel):
    """Interpretive choices of the card application rule (``docs/interpretive-choices.md``).

    ``place_level``: which agencies are "the social security agency where their household
    registration is located"; by default any agency of the prefecture-level city of the
    registration (``prefecture``); ``county`` requires the very county-level division.
    """

    model_config = FROZEN

    place_level: CardPlaceLevel = CardPlaceLevel.PREFECTURE


DEFAULT_CARD_OPTIONS = CardOptions()

RULE = "eligibility.card_application"

_PLACE = cite_passage(Instrument.SOURCE_003, "place")
_MATERIALS = cite_passage(Instrument.SOURCE_003, "materials")
_FORM = cite_passage(Instrument.SOURCE_003, "form")
_APPROVAL = cite_passage(Instrument.SOURCE_003, "approval")
_ISSUE = cite_passage(Instrument.SOURCE_003, "issue_card")

_PROVINCES = frozenset(
    {
        *("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"),
        *("41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64"),
        *("65", "71", "81", "82"),
    }
)
"""The province-level prefixes of the administrative division codes (GB/T 2260)."""


def _known_province(code: str) -> str:
    if code[:2] not in _PROVINCES:
        raise ValueError(
            f"the first two digits of {code} ({code[:2]}) are no province-level division"
        )
    return code


AreaCode = Annotated[
    str,
    Field(
        pattern=r"^[1-9][0-9]{5}$",
        description="A six-digit administrative division code (GB/T 2260), such as 440106",
    ),
    AfterValidator(_known_province),
]
"""A six-digit administrative division code: province, prefecture-level city or county level."""


class CardApplicationOutcome(StrEnum):
    """Whether the card is applied for at the right agency."""

    CORRECT_PLACE = "correct_place"
    WRONG_PLACE = "wrong_place"


class CardApplicationCase(BaseModel):
    """The household-registration place and the agency where the card is applied for, as codes."""

    model_config = FROZEN

    household_registration_area: AreaCode
    agency_area: AreaCode
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.household_registration_area.endswith("0000"):
            raise ValueError(
                f"household_registration_area: {self.household_registration_area} is a "
                "province-level code; give the prefecture-level city or the county of the "
                "registration"
            )
        return self


class CardApplicationDecision(Decision[CardApplicationOutcome]):
    """The card decision, with the area whose agency is the place to apply."""

    household_registration_area: str
    agency_area: str
    apply_at: str
    place_level: CardPlaceLevel


_LEVEL_EN = MappingProxyType(
    {
        CardPlaceLevel.PREFECTURE: "any agency of the prefecture-level city of the registration counts",
        CardPlaceLevel.COUNTY: "only the agency of the county-level division of the registration counts",
    }
)
_LEVEL_ZH = MappingProxyType(
    {
        CardPlaceLevel.PREFECTURE: "户籍所在地级市的经办机构均可",
        CardPlaceLevel.COUNTY: "仅限户籍所在县级行政区的经办机构",
    }
)

CORRECT_PLACE = ReasonTemplate(
    "card.registration_place_agency",
    "The household registration is in {registration_area} and the agency is that of "
    "{agency_area}: the social security agency where the household registration is located "
    "({level_en}). Bring valid identity documents, recent bareheaded photos and the household "
    "registration book, fill in the application form and submit it for approval; if approved, the "
    "card is issued.",
    "户籍所在地为{registration_area}，经办机构为{agency_area}：属于户籍所在地的社会保障经办机构"
    "（{level_zh}）。请携带有效身份证件、近期免冠照片和户口簿，填写医保卡申请表并提交审批；"
    "审批通过后即可领取医保卡。",
    (_PLACE, _MATERIALS, _FORM, _APPROVAL, _ISSUE),
)
WRONG_PLACE = ReasonTemplate(
    "card.not_registration_place",
    "The agency is that of {agency_area}, but the household registration is in "
    "{registration_area}: the card is applied for at the social security agency where the household "
    "registration is located ({level_en}). Apply at the agency of {apply_at} instead.",
    "经办机构为{agency_area}，但户籍所在地为{registration_area}：医保卡须到户籍所在地的社会保障"
    "经办机构申请（{level_zh}）。请改到{apply_at}的经办机构申请。",
    (_PLACE,),
)

REASONS: tuple[ReasonTemplate, ...] = (CORRECT_PLACE, WRONG_PLACE)


def card_application(
    case: CardApplicationCase,
    *,
    options: CardOptions = DEFAULT_CARD_OPTIONS,
) -> CardApplicationDecision:
    """Whether the resident card is applied for at the agency of the household-registration place.

    Source 003: "Go to the local social security agency: residents need to go to the social security
    agency where their household registration is located."

    Citation: source 003, passage ``place`` (then ``materials``, ``form``, ``approval``,
    ``issue_card`` for the steps that follow).

    Places are administrative division codes. By default (``place_level="prefecture"``) any
    agency of the prefecture-level city of the registration is its agency: the first four digits
    agree. With ``"county"`` only the agency of the very code counts. A different place is refused
    with the reason and the area to go to instead. The rule reads no parameters and no calendar.

    >>> import datetime as dt
    >>> case = CardApplicationCase(household_registration_area="440106", agency_area="440100",
    ...                            evaluation_date=dt.date(2026, 3, 2))
    >>> card_application(case).outcome.value
    'correct_place'
    >>> d = card_application(case.model_copy(update={"agency_area": "440304"}))
    >>> d.outcome.value, d.apply_at
    ('wrong_place', '440100')
    """
    level = options.place_level
    registration, agency = case.household_registration_area, case.agency_area
    if level == CardPlaceLevel.PREFECTURE:
        apply_at = registration[:4] + "00"
        correct = agency[:4] == registration[:4]
    else:
        apply_at = registration
        correct = agency == registration
    facts = {
        "registration_area": registration,
        "agency_area": agency,
        "level_en": _LEVEL_EN[level],
        "level_zh": _LEVEL_ZH[level],
    }
    reason = CORRECT_PLACE(**facts) if correct else WRONG_PLACE(**facts, apply_at=apply_at)
    return CardApplicationDecision(
        rule=RULE,
        outcome=(
            CardApplicationOutcome.CORRECT_PLACE if correct else CardApplicationOutcome.WRONG_PLACE
        ),
        reasons=(reason,),
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
        household_registration_area=registration,
        agency_area=agency,
        apply_at=apply_at,
        place_level=level,
    )


RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        name=RULE,
        function=card_application,
        input_model=CardApplicationCase,
        decision_model=CardApplicationDecision,
        outcomes=CardApplicationOutcome,
        summary_en="Is the resident card applied for at the agency of the registration place?",
        summary_zh="是否在户籍所在地的社保经办机构申请居民医保卡？",
        reasons=REASONS,
    ),
)
