"""Where the resident medical insurance card is applied for: the agency of the registration place.

Source 003: "Go to the local social security agency: residents need to go to the social security
agency where their household registration is located."

Places are administrative division codes, read from the package's one table of them
(:mod:`medins_rules.vocab.divisions`, the Ministry of Civil Affairs' code lists): a code in no list
is refused naming the field, and so is one not in use in the evaluation year.

Limitations: the rule knows the code lists up to 2024 (a division created since is refused until
the table is rebuilt); it does not know which divisions have an agency of their own, only the
prefecture-level place an agency serves.
"""

from __future__ import annotations

import datetime as dt
import functools
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from medins_rules.core.inputs import InputModel, ensure_valid
from medins_rules.core.labels import enum_labels, field_labels, value_labels
from medins_rules.core.legal import Instrument, cite_passage
from medins_rules.core.model import FROZEN, Day, Decision, Jurisdiction, ReasonTemplate, RuleSpec
from medins_rules.vocab import divisions

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
    """The agency of the prefecture-level place of the registration, or of any of its districts
    and counties: the two codes have the same prefecture-level place
    (:func:`medins_rules.vocab.divisions.prefecture_of`). A county-level city directly under a
    province (429004 Xiantao, 469001 Wuzhishan) is its own place, and a municipality's districts
    belong to the municipality (110105 Chaoyang to Beijing, 110000)."""
    COUNTY = "county"
    """Only the agency of the very division of the registration (the codes agree)."""


class CardOptions(BaseModel):
    """Interpretive choices of the card application rule (``docs/interpretive-choices.md``).

    ``place_level``: which agencies are "the social security agency where their household
    registration is located"; by default any agency of the prefecture-level place of the
    registration (``prefecture``); ``county`` requires the very division of the registration.
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

AreaCode = Annotated[
    str,
    Field(
        pattern=r"^[1-9][0-9]{5}$",
        description="A six-digit administrative division code (GB/T 2260) in the Ministry of "
        "Civil Affairs' code lists, such as 440106",
    ),
]
"""A six-digit administrative division code: province, prefecture-level city or county level."""


def _check_known(field: str, code: str) -> str:
    """The code is in the division table, and a registration names a place below a province."""
    if not divisions.is_known(code):
        province = code[:2] + "0000"
        if not divisions.is_known(province):
            raise ValueError(
                f"{field}: the first two digits of {code} ({code[:2]}) are no province-level "
                "division"
            )
        hint = ""
        if divisions.is_municipality(province):
            name = divisions.division(province).name_en
            hint = (
                f"; {name} is a municipality: give {province} or the code of one of its districts"
            )
        raise ValueError(
            f"{field}: {code} is no administrative division: it is in none of the Ministry of "
            f"Civil Affairs' code lists of {divisions.FIRST_LIST_YEAR}-"
            f"{divisions.LAST_LIST_YEAR}{hint}"
        )
    if field == "household_registration_area" and divisions.prefecture_of(code) is None:
        raise ValueError(
            f"{field}: {code} is a province-level code; give the prefecture-level city or the "
            "county of the registration"
        )
    return code


class CardApplicationOutcome(StrEnum):
    """Whether the card is applied for at the right agency."""

    CORRECT_PLACE = "correct_place"
    WRONG_PLACE = "wrong_place"


class CardApplicationCase(InputModel):
    """The household-registration place and the agency where the card is applied for, as codes.

    Both are administrative division codes in use on the evaluation date (a code of the Ministry of
    Civil Affairs' lists, :mod:`medins_rules.vocab.divisions`); a registration names a place below a
    province (a municipality such as Beijing, 110000, is a place).
    """

    model_config = FROZEN

    household_registration_area: AreaCode
    agency_area: AreaCode
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

    @field_validator("household_registration_area", "agency_area")
    @classmethod
    def _known(cls, code: str, info: ValidationInfo) -> str:
        return _check_known(str(info.field_name), code)

    @field_validator("evaluation_date")
    @classmethod
    def _areas_in_use(cls, day: dt.date, info: ValidationInfo) -> dt.date:
        for field in ("household_registration_area", "agency_area"):
            code = info.data.get(field)
            if code is not None and not divisions.in_use(code, day.year):
                raise ValueError(
                    f"evaluation_date: on {day}, {field} "
                    f"{divisions.why_not_in_use(code, day.year)}; give the code in use that day"
                )
        return day


class CardApplicationDecision(Decision[CardApplicationOutcome]):
    """The card decision, with the area whose agency is the place to apply."""

    household_registration_area: str
    agency_area: str
    apply_at: str
    place_level: CardPlaceLevel


_LEVEL_EN = MappingProxyType(
    {
        CardPlaceLevel.PREFECTURE: "any agency of the prefecture-level place of the registration "
        "counts",
        CardPlaceLevel.COUNTY: "only the agency of the division of the registration counts",
    }
)
_LEVEL_ZH = MappingProxyType(
    {
        CardPlaceLevel.PREFECTURE: "户籍所在地级行政区的经办机构均可",
        CardPlaceLevel.COUNTY: "仅限户籍所在行政区的经办机构",
    }
)

# -- labels: the words a Chinese rendering uses (medins_rules.core.labels) ---------------------------

CARD_OUTCOME_ZH = enum_labels(
    CardApplicationOutcome,
    {
        CardApplicationOutcome.CORRECT_PLACE: "申请地点正确",
        CardApplicationOutcome.WRONG_PLACE: "申请地点不正确",
    },
)
PLACE_LEVEL_ZH = enum_labels(
    CardPlaceLevel, {CardPlaceLevel.PREFECTURE: "地级行政区", CardPlaceLevel.COUNTY: "县级行政区"}
)
FIELDS_ZH = field_labels(
    (CardApplicationCase, CardApplicationDecision, CardOptions),
    {
        "household_registration_area": "户籍所在地",
        "agency_area": "经办机构所在地",
        "apply_at": "应申请的地方",
        "place_level": "申请地点的层级",
    },
)


def _division_name(code: object, decision: object) -> str | None:
    """A division code with its Chinese name in the year of the decision (``广州市（440100）``)."""
    day = getattr(decision, "evaluation_date", None)
    try:
        return divisions.describe_zh(str(code), year=day.year if day else None)
    except LookupError:
        return None


for _area in ("household_registration_area", "agency_area", "apply_at"):
    value_labels(CardApplicationDecision, _area, _division_name)
    if _area in CardApplicationCase.model_fields:
        value_labels(CardApplicationCase, _area, _division_name)

CORRECT_PLACE = ReasonTemplate(
    "card.registration_place_agency",
    "The household registration is in {registration_area_en} and the agency is that of "
    "{agency_area_en}: the social security agency where the household registration is located "
    "({level_en}). Bring valid identity documents, recent bareheaded photos and the household "
    "registration book, fill in the application form and submit it for approval; if approved, the "
    "card is issued.",
    "户籍所在地为{registration_area_zh}，经办机构为{agency_area_zh}：属于户籍所在地的社会保障经办机构"
    "（{level_zh}）。请携带有效身份证件、近期免冠照片和户口簿，填写医保卡申请表并提交审批；"
    "审批通过后即可领取医保卡。",
    (_PLACE, _MATERIALS, _FORM, _APPROVAL, _ISSUE),
)
WRONG_PLACE = ReasonTemplate(
    "card.not_registration_place",
    "The agency is that of {agency_area_en}, but the household registration is in "
    "{registration_area_en}: the card is applied for at the social security agency where the "
    "household registration is located ({level_en}). Apply at the agency of {apply_at_en} instead.",
    "经办机构为{agency_area_zh}，但户籍所在地为{registration_area_zh}：医保卡须到户籍所在地的社会保障"
    "经办机构申请（{level_zh}）。请改到{apply_at_zh}的经办机构申请。",
    (_PLACE,),
)

REASONS: tuple[ReasonTemplate, ...] = (CORRECT_PLACE, WRONG_PLACE)


@functools.lru_cache(maxsize=4096)
def _names(code: str, year: int) -> tuple[str, str]:
    """A division as the messages name it in a year, in English and in Chinese (bounded: any
    year of the calendar may be asked about)."""
    return divisions.describe_en(code, year=year), divisions.describe_zh(code, year=year)


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

    Places are administrative division codes of the package's one table
    (:mod:`medins_rules.vocab.divisions`). By default (``place_level="prefecture"``) any agency of
    the prefecture-level place of the registration is its agency: the agency's code has the same
    prefecture-level place. A county-level city directly under a province, such as Xiantao
    (429004) or Tianmen (429006), is its own place; a municipality's districts belong to the
    municipality. With ``"county"`` only the agency of the very code counts. A different place is
    refused with the reason and the place to go to instead (a code of the table). The rule reads
    no parameters and no calendar; the codes are read as listed in the evaluation year.

    >>> import datetime as dt
    >>> case = CardApplicationCase(household_registration_area="440106", agency_area="440100",
    ...                            evaluation_date=dt.date(2026, 3, 2))
    >>> card_application(case).outcome.value
    'correct_place'
    >>> d = card_application(case.model_copy(update={"agency_area": "440304"}))
    >>> d.outcome.value, d.apply_at
    ('wrong_place', '440100')
    >>> xiantao = CardApplicationCase(household_registration_area="429004", agency_area="429006",
    ...                               evaluation_date=dt.date(2026, 3, 2))
    >>> d = card_application(xiantao)
    >>> d.outcome.value, d.apply_at
    ('wrong_place', '429004')
    """
    case = ensure_valid(case)
    level = options.place_level
    registration, agency = case.household_registration_area, case.agency_area
    year = case.evaluation_date.year
    if level == CardPlaceLevel.PREFECTURE:
        apply_at = divisions.prefecture_of(registration, year=year)
        correct = divisions.prefecture_of(agency, year=year) == apply_at
    else:
        apply_at = registration
        correct = agency == registration
    if apply_at is None:  # pragma: no cover - the input model refuses a province's registration
        raise ValueError(f"household_registration_area: {registration} is a province-level code")
    registration_en, registration_zh = _names(registration, year)
    agency_en, agency_zh = _names(agency, year)
    facts = {
        "registration_area_en": registration_en,
        "registration_area_zh": registration_zh,
        "agency_area_en": agency_en,
        "agency_area_zh": agency_zh,
        "level_en": _LEVEL_EN[level],
        "level_zh": _LEVEL_ZH[level],
    }
    if correct:
        reason = CORRECT_PLACE(**facts)
    else:
        apply_en, apply_zh = _names(apply_at, year)
        reason = WRONG_PLACE(**facts, apply_at_en=apply_en, apply_at_zh=apply_zh)
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
