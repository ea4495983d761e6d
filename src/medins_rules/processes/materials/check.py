"""The materials check: whether what was brought or submitted for a business is complete.

Source 002 (Guangzhou): "The materials required for off-site reimbursement include the following six
types: 1, the original medical insurance card and its front and back copies; 2, the original invoice for
hospitalization (stamped with the seal of medical institutions); 3. Detailed summary list of
hospitalization; 4, medical institutions stamped diagnosis proof materials; 5. Home page of
hospitalization medical records (or admission records); 6. Copy of discharge summary (stamped with
special seal for medical records management of medical institutions)." For off-site filing: "The insured
person holds the medical insurance card ..." and "Residents should bring the original certificate of
continuous residence for more than 6 months issued by the local police station, street and neighborhood
(village) committee, or a copy of the temporary residence permit." For employees in a batch: "the unit
needs to provide the offer documents of the electronic import form for medical treatment in different
places".

Source 003: "residents should bring valid identity documents, recent bareheaded photos and household
registration books." Source 004: "The insured person brings his/her valid certificate ..." and "The
insured may entrust others to handle it on his behalf. The customer must carry the valid certificates
of himself and the insured when handling." Source 001: "You may need to provide some identification
documents or other relevant materials." Source 000: "Select the person category (Mainland users/Hong
Kong, Macao and Taiwan users) and authenticate basic personal information through face recognition."
"(It cannot be done on behalf of someone ...)"

This module holds the input model (:class:`MaterialsCase`), the options, the decision, the reason
templates and the rule :func:`check_materials`, in that order; the checklists are data
(:mod:`~medins_rules.processes.materials.checklist_data`), identity numbers are checked by
:mod:`~medins_rules.processes.materials.identity`, and which document serves which item is chosen
by :mod:`~medins_rules.processes.materials.matching`.

Limitations: the check reads the documents as described in the case; it sees no document itself.
An identity document without a number is accepted with its number not checked, and an agent's
document is known to be the insured person's own only when both carry a number. The checklists have
no dated versions: every evaluation date gets the checklists of the sources as the project holds
them.

>>> import datetime as dt
>>> case = MaterialsCase(business="offsite_filing", evaluation_date=dt.date(2026, 3, 2), items=[
...     {"kind": "medical_insurance_card"},
...     {"kind": "temporary_residence_permit", "form": "copy"}])
>>> d = check_materials(case)
>>> d.outcome, [(a.item, a.kind.value) for a in d.alternatives_used]
(<MaterialsOutcome.COMPLETE: 'complete'>, [('residence_proof', 'temporary_residence_permit')])
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from medins_rules.core.inputs import InputModel, ensure_valid
from medins_rules.core.labels import enum_labels, field_labels, value_labels
from medins_rules.core.legal import Citation, Instrument, cite, cite_passage
from medins_rules.core.model import (
    Day,
    Decision,
    Jurisdiction,
    Reason,
    ReasonTemplate,
    RuleSpec,
)
from medins_rules.processes.materials.checklist_data import (
    Alternative,
    Checklist,
    ChecklistItem,
    checklist,
    name_of,
)
from medins_rules.processes.materials.identity import (
    DOCUMENT_NAMES,
    AddressCodeCheck,
    IdDocument,
    IdNumberCheck,
    IdProblem,
    check_id_number,
    same_number,
)
from medins_rules.processes.materials.matching import assign
from medins_rules.processes.materials.render import (
    accepted_issuers,
    names_or_none,
    requirement_text,
)
from medins_rules.processes.materials.vocabulary import (
    IDENTITY_KINDS,
    NOT_PAPER,
    AgentPolicy,
    Business,
    Form,
    FormRequirement,
    Holder,
    Issuer,
    ItemCondition,
    ItemKind,
    Name,
    Seal,
    Sides,
)

__all__ = [
    "DEFAULT_MATERIALS_OPTIONS",
    "MAX_SUBMITTED_ITEMS",
    "REASONS",
    "RULES",
    "AlternativeUse",
    "Defect",
    "DefectKind",
    "ItemResult",
    "ItemStatus",
    "MaterialsCase",
    "MaterialsDecision",
    "MaterialsOptions",
    "MaterialsOutcome",
    "SubmittedItem",
    "check_materials",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


# ======================================================================================================
# Input
# ======================================================================================================

MAX_SUBMITTED_ITEMS = 60
"""The most items one case may list (anything longer is refused as malformed)."""

IdNumber = Annotated[str, Field(min_length=1, max_length=40)]


class SubmittedItem(InputModel):
    """One thing submitted: its kind and form, the sides a copy shows, its seals and issuer.

    ``holder`` says whose document it is (the insured person's by default, or the agent's).
    ``number`` and ``valid_until`` belong to identity documents only: the number is checked per
    GB 11643, and a document whose ``valid_until`` is before the evaluation date has expired.
    ``sides`` belongs to copies only (an original shows both sides).
    """

    model_config = _FROZEN

    kind: ItemKind
    form: Form = Form.ORIGINAL
    sides: Sides | None = None
    seals: tuple[Seal, ...] = ()
    issuer: Issuer | None = None
    holder: Holder = Holder.INSURED
    number: IdNumber | None = None
    valid_until: Day | None = None

    @field_validator("form")
    @classmethod
    def _paper_has_forms(cls, form: Form, info: ValidationInfo) -> Form:
        kind = info.data.get("kind")
        if kind in NOT_PAPER and form is not Form.ORIGINAL:
            raise ValueError(f"form: {kind.value} is not a document and has no copy")
        return form

    @field_validator("sides")
    @classmethod
    def _only_a_copy_has_sides(cls, sides: Sides | None, info: ValidationInfo) -> Sides | None:
        if sides is not None and info.data.get("form") is Form.ORIGINAL:
            raise ValueError("sides: only a copy has sides to state; an original shows both")
        return sides

    @field_validator("seals", mode="before")
    @classmethod
    def _known_seals(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            known = {s.value for s in Seal}
            for seal in value:
                if not isinstance(seal, str) or seal not in known:
                    raise ValueError(
                        f"seals: {seal!r} is not a seal; expected {', '.join(sorted(known))}"
                    )
        return value

    @field_validator("seals")
    @classmethod
    def _normalise_seals(cls, value: tuple[Seal, ...], info: ValidationInfo) -> tuple[Seal, ...]:
        _paper_only("seals", value, info)
        return tuple(sorted(set(value)))

    @field_validator("issuer")
    @classmethod
    def _paper_has_issuers(cls, issuer: Issuer | None, info: ValidationInfo) -> Issuer | None:
        _paper_only("issuer", issuer, info)
        return issuer

    @field_validator("number")
    @classmethod
    def _a_number_is_written(cls, number: str | None, info: ValidationInfo) -> str | None:
        _identity_only("number", number, info)
        if number is not None and not number.strip():
            raise ValueError("number: blank; give the number on the document, or leave it out")
        return number

    @field_validator("valid_until")
    @classmethod
    def _identity_expires(cls, valid_until: dt.date | None, info: ValidationInfo) -> dt.date | None:
        _identity_only("valid_until", valid_until, info)
        return valid_until


def _paper_only(name: str, value: object, info: ValidationInfo) -> None:
    kind = info.data.get("kind")
    if kind in NOT_PAPER and value:
        raise ValueError(f"{name}: {kind.value} is not a document")


def _identity_only(name: str, value: object, info: ValidationInfo) -> None:
    kind = info.data.get("kind")
    if kind is not None and kind not in IDENTITY_KINDS and value is not None:
        raise ValueError(
            f"{name}: only an identity document (resident_identity_card, "
            f"hmt_residence_permit) has one; got it on a {kind.value}"
        )


class MaterialsCase(InputModel):
    """What was submitted for a business, and whether an agent applies.

    ``items`` lists every document submitted (order does not matter; decisions refer to an item by its
    position, ``items[0]`` first). ``through_agent`` says the business is done by someone on the
    insured person's behalf. ``evaluation_date`` is the day the materials are checked, the only day
    of the case that is not a document's content; the days the documents carry are judged by it: an
    identity document valid until an earlier day has expired, and a number whose birth date is later
    is not valid. Both are defects of that document, which the decision reports; neither refuses the
    case (an expiry after the evaluation date is the normal case, and the check is there to judge
    what a document shows).
    """

    model_config = _FROZEN

    business: Business
    through_agent: bool = False
    items: tuple[SubmittedItem, ...] = Field(default=(), max_length=MAX_SUBMITTED_ITEMS)
    evaluation_date: Day
    jurisdiction: Jurisdiction = Field(default=Jurisdiction.GUANGZHOU, validate_default=True)

    @field_validator("items", mode="before")
    @classmethod
    def _items_are_mappings(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            for n, item in enumerate(value):
                if not isinstance(item, Mapping | SubmittedItem):
                    raise ValueError(
                        f"items: items[{n}] is {item!r}; each item is a mapping with at least a "
                        'kind (for example {"kind": "photo"})'
                    )
        return value

    @field_validator("jurisdiction")
    @classmethod
    def _checklist_applies(cls, jurisdiction: Jurisdiction, info: ValidationInfo) -> Jurisdiction:
        business = info.data.get("business")
        if business is not None:
            found = checklist(business)
            if not found.applies_in(jurisdiction):
                raise ValueError(
                    f"jurisdiction: the checklist for {found.name_en} is encoded for "
                    f"{found.jurisdiction.value} and the jurisdictions below it; got "
                    f"{jurisdiction.value}"
                )
        return jurisdiction


class MaterialsOptions(BaseModel):
    """Interpretive choices of the materials check (defaults: ``docs/interpretive-choices.md``).

    ``original_satisfies_copy``: an original given where a copy is asked for satisfies the item
    (legal notes, reading 9). Off: only a copy does.
    ``hedged_items_required``: an item the source says "may" be needed (source 001's identification
    documents) is required. Off: it is not required, and one submitted is not needed.
    ``address_code_check``: how a Resident Identity Card number's address code is checked
    (:class:`~medins_rules.processes.materials.identity.AddressCodeCheck`).
    """

    model_config = _FROZEN

    original_satisfies_copy: bool = True
    hedged_items_required: bool = True
    address_code_check: AddressCodeCheck = AddressCodeCheck.PROVINCE


DEFAULT_MATERIALS_OPTIONS = MaterialsOptions()


# ======================================================================================================
# Decision
# ======================================================================================================


class MaterialsOutcome(StrEnum):
    """Whether the materials submitted are complete."""

    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


class ItemStatus(StrEnum):
    """Where a checklist item stands."""

    SATISFIED = "satisfied"
    DEFECTIVE = "defective"
    MISSING = "missing"
    NOT_REQUIRED = "not_required"


class DefectKind(StrEnum):
    """What is wrong with a submitted document for the item it was matched with."""

    COPY_NOT_ORIGINAL = "copy_not_original"
    ORIGINAL_NOT_COPY = "original_not_copy"
    SIDE_MISSING = "side_missing"
    SIDES_NOT_STATED = "sides_not_stated"
    SEAL_MISSING = "seal_missing"
    ISSUER_NOT_ACCEPTED = "issuer_not_accepted"
    AGENT_IS_THE_INSURED = "agent_is_the_insured"
    INVALID_ID_NUMBER = "invalid_id_number"
    DOCUMENT_EXPIRED = "document_expired"


class Defect(BaseModel):
    """A defect: the checklist item, the submitted item (its position) and what is wrong.

    ``detail`` is the missing seal, the missing side, the issuer given, the identity-number problem,
    or, for an agent's document with the insured person's own number, the insured person's document
    (``items[0]``).
    """

    model_config = _FROZEN

    item: str
    submitted: int
    kind: DefectKind
    detail: str | None = None


class AlternativeUse(BaseModel):
    """An either/or item met by one of its alternatives."""

    model_config = _FROZEN

    item: str
    kind: ItemKind
    submitted: int


class ItemResult(BaseModel):
    """A checklist item's status and the submitted item matched with it (if any)."""

    model_config = _FROZEN

    item: str
    status: ItemStatus
    submitted: int | None = None
    kind: ItemKind | None = None


class MaterialsDecision(Decision[MaterialsOutcome]):
    """The materials decision: each item's status, every defect, alternatives used, what is extra."""

    business: Business
    through_agent: bool
    items: tuple[ItemResult, ...]
    missing: tuple[str, ...]
    defective: tuple[str, ...]
    defects: tuple[Defect, ...]
    alternatives_used: tuple[AlternativeUse, ...]
    not_needed: tuple[int, ...]
    agent_not_permitted: bool = False


# -- labels: the words a Chinese rendering uses (medins_rules.core.labels) ---------------------------

MATERIALS_OUTCOME_ZH = enum_labels(
    MaterialsOutcome,
    {MaterialsOutcome.COMPLETE: "材料齐全", MaterialsOutcome.INCOMPLETE: "材料不齐全"},
)
ITEM_STATUS_ZH = enum_labels(
    ItemStatus,
    {
        ItemStatus.SATISFIED: "符合要求",
        ItemStatus.DEFECTIVE: "不符合要求",
        ItemStatus.MISSING: "缺少",
        ItemStatus.NOT_REQUIRED: "无需提交",
    },
)
DEFECT_KIND_ZH = enum_labels(
    DefectKind,
    {
        DefectKind.COPY_NOT_ORIGINAL: "须原件，交了复印件",
        DefectKind.ORIGINAL_NOT_COPY: "须复印件，交了原件",
        DefectKind.SIDE_MISSING: "复印件缺一面",
        DefectKind.SIDES_NOT_STATED: "未说明复印了哪一面",
        DefectKind.SEAL_MISSING: "未加盖印章",
        DefectKind.ISSUER_NOT_ACCEPTED: "出具机构不符合要求",
        DefectKind.AGENT_IS_THE_INSURED: "代办人证件是参保人本人的",
        DefectKind.INVALID_ID_NUMBER: "证件号码无效",
        DefectKind.DOCUMENT_EXPIRED: "证件已过有效期",
    },
)
ADDRESS_CHECK_ZH = enum_labels(
    AddressCodeCheck,
    {
        AddressCodeCheck.PROVINCE: "核对省级代码",
        AddressCodeCheck.COUNTY_AT_BIRTH: "核对出生时的县级代码",
    },
)
ID_DOCUMENT_ZH = enum_labels(IdDocument, {d: DOCUMENT_NAMES[d].zh for d in IdDocument})
ID_PROBLEM_ZH = enum_labels(
    IdProblem,
    {
        IdProblem.LENGTH: "位数不对",
        IdProblem.FORMAT: "格式不对",
        IdProblem.CHECK_DIGIT: "校验码不符",
        IdProblem.BIRTH_DATE: "出生日期无效",
        IdProblem.BIRTH_DATE_TOO_EARLY: "出生日期过早",
        IdProblem.BIRTH_DATE_AFTER_EVALUATION: "出生日期晚于评估日期",
        IdProblem.ADDRESS_CODE: "地址码无效",
        IdProblem.PERMIT_NUMBER_ON_IDENTITY_CARD: "居民身份证上是居住证号码",
        IdProblem.NOT_A_PERMIT_NUMBER: "不是居住证号码",
    },
)
AGENT_POLICY_ZH = enum_labels(
    AgentPolicy,
    {
        AgentPolicy.PERMITTED: "可以代办",
        AgentPolicy.NOT_PERMITTED: "不可代办",
        AgentPolicy.NOT_ADDRESSED: "未说明可否代办",
    },
)
CONDITION_ZH = enum_labels(
    ItemCondition, {ItemCondition.ALWAYS: "总是需要", ItemCondition.THROUGH_AGENT: "代办时需要"}
)
enum_labels(Business, lambda: {b: checklist(b).name_zh for b in Business})
for _vocabulary_enum in (ItemKind, Form, FormRequirement, Sides, Seal, Issuer, Holder):
    enum_labels(
        _vocabulary_enum,
        functools.partial(lambda enum: {m: name_of(m).zh for m in enum}, _vocabulary_enum),
    )
FIELDS_ZH = field_labels(
    (
        MaterialsCase,
        SubmittedItem,
        MaterialsDecision,
        ItemResult,
        Defect,
        AlternativeUse,
        MaterialsOptions,
    ),
    {
        "business": "业务",
        "through_agent": "是否代办",
        "items": "材料",
        "kind": "种类",
        "form": "形式",
        "sides": "复印面",
        "seals": "所盖印章",
        "issuer": "出具机构",
        "holder": "证件持有人",
        "number": "证件号码",
        "valid_until": "有效期至",
        "item": "材料项目",
        "status": "状态",
        "submitted": "所交材料序号",
        "detail": "详情",
        "missing": "缺少的材料",
        "defective": "不符合要求的材料",
        "defects": "问题",
        "alternatives_used": "使用的替代材料",
        "not_needed": "无需提交的材料（序号）",
        "agent_not_permitted": "不可代办",
        "original_satisfies_copy": "原件可代替复印件",
        "hedged_items_required": "“可能需要”的材料视为必须",
        "address_code_check": "身份证号码地址码的核对方式",
    },
)


def _item_name(item_id: Any, decision: Any) -> str | None:
    """The Chinese name of a checklist item of the decision's business."""
    business = getattr(decision, "business", None)
    try:
        return checklist(business).item(str(item_id)).name_zh if business else None
    except (KeyError, ValueError):
        return None


def _detail_name(detail: Any, decision: Any) -> str | None:
    """The Chinese name of a defect's detail: a side, a seal, an issuer or an identity-number
    problem (a path such as ``items[0]`` is shown as it is)."""
    for enum in (Sides, Seal, Issuer, IdProblem):
        if detail in enum._value2member_map_:
            member = enum(detail)
            return name_of(member).zh if enum is not IdProblem else ID_PROBLEM_ZH[member]
    return None


value_labels(ItemResult, "item", _item_name)
value_labels(Defect, "item", _item_name)
value_labels(AlternativeUse, "item", _item_name)
value_labels(MaterialsDecision, "missing", _item_name)
value_labels(MaterialsDecision, "defective", _item_name)
value_labels(Defect, "detail", _detail_name)


# ======================================================================================================
# Reasons
# ======================================================================================================
#
# Item reasons cite the passage of the item they are about; the templates list every passage any
# instance may cite: the passages of the checklists (data/checklists.toml) that introduce a list, that
# an item comes from, and that an identity-document item comes from. A test checks these three lists
# against the data, in the data's order.

_GB_11643 = cite(Instrument.GB_11643)
_NO_AGENT = cite_passage(Instrument.SOURCE_000, "no_agent")
_PERSON_CATEGORY = cite_passage(Instrument.SOURCE_000, "person_category")
_AGENT = cite_passage(Instrument.SOURCE_004, "agent")
_AGENT_CERTIFICATES = cite_passage(Instrument.SOURCE_004, "agent_certificates")


def _passages(instrument: Instrument, *names: str) -> tuple[Citation, ...]:
    return tuple(cite_passage(instrument, name) for name in names)


_LIST_SOURCES = (
    *_passages(Instrument.SOURCE_002, "six_materials", "offsite_filing", "batch_import"),
    *_passages(Instrument.SOURCE_003, "materials"),
    *_passages(Instrument.SOURCE_004, "county_centre"),
    *_passages(Instrument.SOURCE_001, "submit"),
    _PERSON_CATEGORY,
)
_IDENTITY_SOURCES = (
    *_passages(Instrument.SOURCE_003, "materials"),
    *_passages(Instrument.SOURCE_004, "county_centre"),
    _AGENT_CERTIFICATES,
    *_passages(Instrument.SOURCE_001, "submit"),
)
_ITEM_SOURCES = (
    *_passages(
        Instrument.SOURCE_002,
        "material_card",
        "material_invoice",
        "material_summary_list",
        "material_diagnosis",
        "material_record_home_page",
        "material_discharge_summary",
        "offsite_filing",
        "residence_proof",
        "batch_import",
    ),
    *_IDENTITY_SOURCES,
    _PERSON_CATEGORY,
)

COMPLETE = ReasonTemplate(
    "materials.complete",
    "Complete for {business_en}: all {required} required item(s) are present in the required form.",
    "{business_zh}材料齐全：{required}项必备材料均已提交且符合要求。",
    _LIST_SOURCES,
)
INCOMPLETE = ReasonTemplate(
    "materials.incomplete",
    "Incomplete for {business_en}. Missing: {missing_en}. Defective: {defective_en}. Each is set "
    "out below with what would satisfy it.",
    "{business_zh}材料不齐全。缺少：{missing_zh}。不符合要求：{defective_zh}。下文逐项说明如何补正。",
    _LIST_SOURCES,
)
ITEM_SATISFIED = ReasonTemplate(
    "materials.item_satisfied",
    "{item_en}: met by items[{index}], the {kind_en} ({form_en}).",
    "{item_zh}：由items[{index}]（{kind_zh}，{form_zh}）满足。",
    _ITEM_SOURCES,
)
ALTERNATIVE_USED = ReasonTemplate(
    "materials.alternative_used",
    "{item_en}: met by items[{index}], the {kind_en} ({form_en}), one of the alternatives the item "
    "accepts ({accepts_en}).",
    "{item_zh}：由items[{index}]（{kind_zh}，{form_zh}）满足，属该项可接受的替代材料之一"
    "（{accepts_zh}）。",
    _ITEM_SOURCES,
)
ORIGINAL_FOR_COPY = ReasonTemplate(
    "materials.original_for_copy",
    "{item_en}: a copy is asked for; items[{index}] is the original, which serves wherever a copy is "
    "asked for.",
    "{item_zh}：要求复印件；items[{index}]为原件，原件可代替复印件。",
    _ITEM_SOURCES,
)
ITEM_MISSING = ReasonTemplate(
    "materials.item_missing",
    "{item_en}: missing. Submit {requirement_en}.",
    "{item_zh}：缺少。请提交{requirement_zh}。",
    _ITEM_SOURCES,
)
COPY_NOT_ORIGINAL = ReasonTemplate(
    "materials.copy_not_original",
    "{item_en}: items[{index}] is a copy of the {kind_en}; the original is required, and a copy does "
    "not satisfy the item.",
    "{item_zh}：items[{index}]为{kind_zh}复印件；须提交原件，复印件不符合要求。",
    _ITEM_SOURCES,
)
ORIGINAL_NOT_COPY = ReasonTemplate(
    "materials.original_not_copy",
    "{item_en}: items[{index}] is the original {kind_en}; under the reading chosen "
    "(original_satisfies_copy off) only a copy satisfies the item.",
    "{item_zh}：items[{index}]为{kind_zh}原件；按所选解释（original_satisfies_copy关闭），本项只接受"
    "复印件。",
    _ITEM_SOURCES,
)
SIDE_MISSING = ReasonTemplate(
    "materials.side_missing",
    "{item_en}: the copy items[{index}] shows only the {shown_en}; the {missing_side_en} must be "
    "copied too (front and back).",
    "{item_zh}：复印件items[{index}]只有{shown_zh}；还须复印{missing_side_zh}（正反两面）。",
    _ITEM_SOURCES,
)
SIDES_NOT_STATED = ReasonTemplate(
    "materials.sides_not_stated",
    "{item_en}: the copy items[{index}] does not say which sides it shows; both sides (front and back) "
    "must be copied (state sides: both when it shows them).",
    "{item_zh}：复印件items[{index}]未说明复印了哪一面；须复印正反两面（如已复印两面，请注明sides: "
    "both）。",
    _ITEM_SOURCES,
)
SEAL_MISSING = ReasonTemplate(
    "materials.seal_missing",
    "{item_en}: items[{index}] does not bear {seal_en}, which it must bear.",
    "{item_zh}：items[{index}]未加盖{seal_zh}，须加盖。",
    _ITEM_SOURCES,
)
ISSUER_NOT_ACCEPTED = ReasonTemplate(
    "materials.issuer_not_accepted",
    "{item_en}: items[{index}] is issued by {issuer_en}; it must be issued by {accepted_en}.",
    "{item_zh}：items[{index}]由{issuer_zh}出具；须由{accepted_zh}出具。",
    _ITEM_SOURCES,
)
AGENT_IS_THE_INSURED = ReasonTemplate(
    "materials.agent_is_the_insured",
    "{item_en}: the number on items[{index}], given as the agent's, is the number on "
    "items[{insured_index}], the insured person's own document. An agent is someone other than the "
    "insured person, so this is not an agent's certificate: give the agent's own valid certificate, "
    "or let the insured person apply in person (through_agent: false).",
    "{item_zh}：作为代办人证件提交的items[{index}]，其号码与参保人本人证件items[{insured_index}]的号码"
    "相同。代办人是参保人以外的人，该证件不是代办人的证件：请提交代办人本人的有效证件，或由参保人本人"
    "办理（through_agent: false）。",
    (_AGENT, _AGENT_CERTIFICATES),
)
ID_NUMBER_VALID = ReasonTemplate(
    "materials.id_number_valid",
    "{item_en}: the number on items[{index}] is valid as the number of a {document_en} (18 "
    "characters, birth date {birth_date}, check digit per GB 11643).",
    "{item_zh}：items[{index}]上的号码是有效的{document_zh}号码（18位，出生日期{birth_date}，校验码"
    "符合GB 11643）。",
    (_GB_11643, *_IDENTITY_SOURCES),
)
ID_NUMBER_INVALID = ReasonTemplate(
    "materials.id_number_invalid",
    "{item_en}: the number on items[{index}] is not valid as the number of a {document_en}: "
    "{problem_en}.",
    "{item_zh}：items[{index}]上的号码不是有效的{document_zh}号码：{problem_zh}。",
    (_GB_11643, *_IDENTITY_SOURCES),
)
ID_NUMBER_NOT_CHECKED = ReasonTemplate(
    "materials.id_number_not_checked",
    "{item_en}: items[{index}] gives no number, so its number was not checked (give number to "
    "check it).",
    "{item_zh}：items[{index}]未提供号码，未核验号码（提供number即可核验）。",
    (_GB_11643, *_IDENTITY_SOURCES),
)
DOCUMENT_EXPIRED = ReasonTemplate(
    "materials.document_expired",
    "{item_en}: items[{index}] was valid until {valid_until}, before {evaluation_date}; a valid "
    "document is required.",
    "{item_zh}：items[{index}]有效期至{valid_until}，早于{evaluation_date}，已失效；须提交有效证件。",
    _IDENTITY_SOURCES,
)
NOT_NEEDED = ReasonTemplate(
    "materials.not_needed",
    "items[{index}], the {kind_en}, is not needed for {business_en}: {why_en}. It does no harm.",
    "items[{index}]（{kind_zh}）不是{business_zh}所需的材料：{why_zh}。多交无妨。",
    _LIST_SOURCES,
)
INCOMPLETE_NO_AGENT = ReasonTemplate(
    "materials.incomplete_agent_not_permitted",
    "Incomplete for {business_en}: it cannot be done through an agent. Missing: {missing_en}. "
    "Defective: {defective_en}.",
    "{business_zh}材料不齐全：该业务不能代办。缺少：{missing_zh}。不符合要求：{defective_zh}。",
    _LIST_SOURCES,
)
AGENT_NOT_PERMITTED = ReasonTemplate(
    "materials.agent_not_permitted",
    "The {business_en} cannot be done on someone's behalf: only the insured person, by their own "
    "face recognition, can do it.",
    "{business_zh}不能代办，只能由参保人本人通过人脸识别办理。",
    (_NO_AGENT,),
)
AGENT_CERTIFICATES = ReasonTemplate(
    "materials.agent_both_certificates",
    "An agent applies for {business_en}: the valid certificates of both the agent and the insured "
    "person are required.",
    "由他人代办{business_zh}：须携带代办人和参保人双方的有效证件。",
    (_AGENT, _AGENT_CERTIFICATES),
)
AGENT_NOT_ADDRESSED = ReasonTemplate(
    "materials.agent_not_addressed",
    "An agent applies for {business_en}: the source names no materials for an agent, so the checklist "
    "is the insured person's own materials.",
    "由他人代办{business_zh}：来源未规定代办人须提交的材料，清单为参保人本人的材料。",
    _LIST_SOURCES,
)
NO_PAPER = ReasonTemplate(
    "materials.no_paper",
    "The {business_en} is done online without paper materials: the insured person is authenticated "
    "by face recognition.",
    "{business_zh}在线办理，无需纸质材料，以人脸识别核验参保人身份。",
    (_PERSON_CATEGORY,),
)
HEDGED_REQUIRED = ReasonTemplate(
    "materials.hedged_item_required",
    "{item_en}: the source says it may be needed; it is asked for, so that the application is not "
    "held up (option hedged_items_required).",
    "{item_zh}：来源称可能需要；为免申请受阻，列为必备（选项hedged_items_required）。",
    _ITEM_SOURCES,
)
HEDGED_NOT_REQUIRED = ReasonTemplate(
    "materials.hedged_item_not_required",
    "{item_en}: the source says only that it may be needed; under the reading chosen "
    "(hedged_items_required off) it is not required.",
    "{item_zh}：来源仅称可能需要；按所选解释（hedged_items_required关闭），不列为必备。",
    _ITEM_SOURCES,
)

REASONS: tuple[ReasonTemplate, ...] = (
    COMPLETE,
    INCOMPLETE,
    INCOMPLETE_NO_AGENT,
    ITEM_SATISFIED,
    ALTERNATIVE_USED,
    ORIGINAL_FOR_COPY,
    ITEM_MISSING,
    COPY_NOT_ORIGINAL,
    ORIGINAL_NOT_COPY,
    SIDE_MISSING,
    SIDES_NOT_STATED,
    SEAL_MISSING,
    ISSUER_NOT_ACCEPTED,
    AGENT_IS_THE_INSURED,
    ID_NUMBER_VALID,
    ID_NUMBER_INVALID,
    ID_NUMBER_NOT_CHECKED,
    DOCUMENT_EXPIRED,
    NOT_NEEDED,
    AGENT_NOT_PERMITTED,
    AGENT_CERTIFICATES,
    AGENT_NOT_ADDRESSED,
    NO_PAPER,
    HEDGED_REQUIRED,
    HEDGED_NOT_REQUIRED,
)


def _unique(citations: Iterable[Citation]) -> tuple[Citation, ...]:
    return tuple(dict.fromkeys(citations))


def _say(template: ReasonTemplate, citations: Sequence[Citation], **facts: object) -> Reason:
    """The template's reason, citing ``citations`` (the passages this instance rests on)."""
    return template(**facts).model_copy(update={"citations": _unique(citations)})


# ======================================================================================================
# The rule
# ======================================================================================================

_RULE = "materials.check_materials"


def check_materials(
    case: MaterialsCase,
    *,
    options: MaterialsOptions = DEFAULT_MATERIALS_OPTIONS,
) -> MaterialsDecision:
    """Whether the materials submitted for a business are complete, and what is missing or defective.

    Source 002: "The materials required for off-site reimbursement include the following six types:
    1, the original medical insurance card and its front and back copies; 2, the original invoice for
    hospitalization (stamped with the seal of medical institutions); ..." (and the other checklists'
    sentences, quoted in the module docstring and on ``docs/materials.md``).

    Each item of the business's checklist is matched with at most one submitted item, and each
    submitted item serves at most one checklist item. An item with nothing to match is missing; one
    matched with a document that falls short (a copy where the original is required, a missing seal or
    side, an issuer not accepted, an agent's document carrying the insured person's own number, an
    invalid identity number, an expired document) is defective, with every shortcoming listed. An
    original serves where a copy is asked for (option ``original_satisfies_copy``). Whatever is left
    over is not needed, which never makes the materials incomplete. An agent acting where the source
    forbids it (online suspension) makes them incomplete.

    >>> import datetime as dt
    >>> case = MaterialsCase(business="card_application", evaluation_date=dt.date(2026, 3, 2), items=[
    ...     {"kind": "resident_identity_card", "number": "11010519491231002X"},
    ...     {"kind": "photo"}, {"kind": "household_register"}])
    >>> check_materials(case).outcome
    <MaterialsOutcome.COMPLETE: 'complete'>
    >>> d = check_materials(case.model_copy(update={"items": case.items[:2]}))
    >>> d.outcome, d.missing
    (<MaterialsOutcome.INCOMPLETE: 'incomplete'>, ('household_register',))
    >>> print(d.reasons[0].message_en)
    Incomplete for resident medical insurance card application. Missing: Household registration book. Defective: none. Each is set out below with what would satisfy it.
    """
    case = ensure_valid(case)
    found = checklist(case.business)
    business = Name(en=found.name_en, zh=found.name_zh)
    biz = {"business_en": business.en, "business_zh": business.zh}
    required = [item for item in found.items if _required(item, case, options)]
    chosen = assign([_candidates(item, case, options) for item in required])
    matches = {item.id: match for item, match in zip(required, chosen, strict=True)}

    item_reasons: list[Reason] = []
    results: list[ItemResult] = []
    defects: list[Defect] = []
    alternatives: list[AlternativeUse] = []
    missing: list[ChecklistItem] = []
    defective: list[ChecklistItem] = []
    for item in found.items:
        names = {"item_en": item.name_en, "item_zh": item.name_zh}
        cites = (item.source,)
        if item.id not in matches:
            results.append(ItemResult(item=item.id, status=ItemStatus.NOT_REQUIRED))
            if item.hedged and (item.when is ItemCondition.ALWAYS or case.through_agent):
                item_reasons.append(_say(HEDGED_NOT_REQUIRED, cites, **names))
            continue
        if item.hedged:
            item_reasons.append(_say(HEDGED_REQUIRED, cites, **names))
        match = matches[item.id]
        if match is None:
            missing.append(item)
            results.append(ItemResult(item=item.id, status=ItemStatus.MISSING))
            text = requirement_text(item)
            item_reasons.append(
                _say(
                    ITEM_MISSING,
                    cites,
                    **names,
                    requirement_en=text.en,
                    requirement_zh=text.zh,
                )
            )
            continue
        entry = case.items[match.index]
        status = ItemStatus.DEFECTIVE if match.findings else ItemStatus.SATISFIED
        results.append(
            ItemResult(item=item.id, status=status, submitted=match.index, kind=entry.kind)
        )
        item_reasons.extend(_match_reasons(item, match, entry))
        if match.findings:
            defective.append(item)
            defects.extend(
                Defect(item=item.id, submitted=match.index, kind=f.kind, detail=f.detail)
                for f in match.findings
            )
        elif len(item.accepts) > 1:
            alternatives.append(
                AlternativeUse(item=item.id, kind=entry.kind, submitted=match.index)
            )

    used = {m.index for m in matches.values() if m is not None}
    not_needed = tuple(i for i in range(len(case.items)) if i not in used)
    extra_reasons = [
        _not_needed_reason(i, case.items[i], required, matches, found, biz) for i in not_needed
    ]

    agent_reasons: list[Reason] = []
    agent_not_permitted = False
    if case.through_agent:
        if found.agents is AgentPolicy.NOT_PERMITTED:
            agent_not_permitted = True
            agent_reasons.append(_say(AGENT_NOT_PERMITTED, (_NO_AGENT,), **biz))
        elif found.agents is AgentPolicy.PERMITTED:
            agent_reasons.append(_say(AGENT_CERTIFICATES, (_AGENT, _AGENT_CERTIFICATES), **biz))
        else:
            agent_reasons.append(_say(AGENT_NOT_ADDRESSED, (found.source,), **biz))
    if all(a.kind in NOT_PAPER for item in found.items for a in item.accepts):
        agent_reasons.append(_say(NO_PAPER, (_PERSON_CATEGORY,), **biz))

    complete = not missing and not defective and not agent_not_permitted
    if complete:
        summary = _say(COMPLETE, (found.source,), **biz, required=len(required))
    else:
        missing_names = names_or_none([Name(en=i.name_en, zh=i.name_zh) for i in missing])
        defective_names = names_or_none([Name(en=i.name_en, zh=i.name_zh) for i in defective])
        summary = _say(
            INCOMPLETE_NO_AGENT if agent_not_permitted else INCOMPLETE,
            (found.source,),
            **biz,
            missing_en=missing_names.en,
            missing_zh=missing_names.zh,
            defective_en=defective_names.en,
            defective_zh=defective_names.zh,
        )
    return MaterialsDecision(
        rule=_RULE,
        outcome=MaterialsOutcome.COMPLETE if complete else MaterialsOutcome.INCOMPLETE,
        reasons=(summary, *agent_reasons, *item_reasons, *extra_reasons),
        evaluation_date=case.evaluation_date,
        jurisdiction=case.jurisdiction,
        business=case.business,
        through_agent=case.through_agent,
        items=tuple(results),
        missing=tuple(i.id for i in missing),
        defective=tuple(i.id for i in defective),
        defects=tuple(defects),
        alternatives_used=tuple(alternatives),
        not_needed=not_needed,
        agent_not_permitted=agent_not_permitted,
    )


def _required(item: ChecklistItem, case: MaterialsCase, options: MaterialsOptions) -> bool:
    if item.when is ItemCondition.THROUGH_AGENT and not case.through_agent:
        return False
    return not (item.hedged and not options.hedged_items_required)


# ======================================================================================================
# One submitted document against one checklist item: what it falls short in
# ======================================================================================================

_MISMATCH_WEIGHT = 3
"""The weight of the wrong form, or of the insured person's document given as the agent's: further
from the item than a missing seal or side (the matcher prefers the document that falls short
least)."""


@dataclass(frozen=True, slots=True)
class _Finding:
    kind: DefectKind
    detail: str | None
    template: ReasonTemplate
    facts: Mapping[str, object]
    weight: int = 1
    cites: tuple[Citation, ...] = ()
    """Citations the reason gives before the item's own source passage."""


@dataclass(frozen=True, slots=True)
class _Match:
    """A submitted document that could serve an item (a matching candidate) and its findings."""

    index: int
    alternative: Alternative
    findings: tuple[_Finding, ...]
    original_for_copy: bool
    id_check: IdNumberCheck | None
    weight: int = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", sum(f.weight for f in self.findings))


def _candidates(
    item: ChecklistItem, case: MaterialsCase, options: MaterialsOptions
) -> list[_Match]:
    """The submitted documents that could serve ``item``, least shortcoming first."""
    out = []
    for index, entry in enumerate(case.items):
        alt = item.alternative(entry.kind)
        if alt is None or (alt.holder is not None and alt.holder is not entry.holder):
            continue
        out.append(_assess(item, alt, entry, index, case, options))
    return sorted(out, key=lambda m: (m.weight, m.index))


def _assess(
    item: ChecklistItem,
    alt: Alternative,
    entry: SubmittedItem,
    index: int,
    case: MaterialsCase,
    options: MaterialsOptions,
) -> _Match:
    """Every way ``entry`` (items[``index``]) falls short of ``alt``, one of ``item``'s documents."""
    kind = name_of(alt.kind)
    base = {"item_en": item.name_en, "item_zh": item.name_zh, "index": index}
    found: list[_Finding] = []
    original_for_copy = False
    if alt.form is FormRequirement.ORIGINAL and entry.form is Form.COPY:
        found.append(
            _Finding(
                DefectKind.COPY_NOT_ORIGINAL,
                None,
                COPY_NOT_ORIGINAL,
                {**base, "kind_en": kind.en, "kind_zh": kind.zh},
                _MISMATCH_WEIGHT,
            )
        )
    elif alt.form is FormRequirement.COPY and entry.form is Form.ORIGINAL:
        if options.original_satisfies_copy:
            original_for_copy = True
        else:
            found.append(
                _Finding(
                    DefectKind.ORIGINAL_NOT_COPY,
                    None,
                    ORIGINAL_NOT_COPY,
                    {**base, "kind_en": kind.en, "kind_zh": kind.zh},
                    _MISMATCH_WEIGHT,
                )
            )
    if alt.both_sides and entry.form is Form.COPY and entry.sides is not Sides.BOTH:
        if entry.sides is None:
            found.append(_Finding(DefectKind.SIDES_NOT_STATED, None, SIDES_NOT_STATED, base))
        else:
            missing_side = Sides.BACK if entry.sides is Sides.FRONT else Sides.FRONT
            shown, other = name_of(entry.sides), name_of(missing_side)
            facts = {
                **base,
                "shown_en": shown.en,
                "shown_zh": shown.zh,
                "missing_side_en": other.en,
                "missing_side_zh": other.zh,
            }
            found.append(_Finding(DefectKind.SIDE_MISSING, missing_side.value, SIDE_MISSING, facts))
    for seal in alt.seals:
        if seal not in entry.seals:
            name = name_of(seal)
            facts = {**base, "seal_en": name.en, "seal_zh": name.zh}
            found.append(_Finding(DefectKind.SEAL_MISSING, seal.value, SEAL_MISSING, facts))
    if alt.issuers and entry.issuer not in alt.issuers:
        given = (
            name_of(entry.issuer)
            if entry.issuer is not None
            else Name(en="a body not stated", zh="未注明的机构")
        )
        accepted = accepted_issuers(alt)
        facts = {
            **base,
            "issuer_en": given.en,
            "issuer_zh": given.zh,
            "accepted_en": accepted.en,
            "accepted_zh": accepted.zh,
        }
        detail = entry.issuer.value if entry.issuer is not None else None
        found.append(_Finding(DefectKind.ISSUER_NOT_ACCEPTED, detail, ISSUER_NOT_ACCEPTED, facts))
    id_check = None
    if alt.kind in IDENTITY_KINDS:
        insured = _insured_document_with(entry.number, case) if alt.holder is Holder.AGENT else None
        if insured is not None:
            found.append(
                _Finding(
                    DefectKind.AGENT_IS_THE_INSURED,
                    f"items[{insured}]",
                    AGENT_IS_THE_INSURED,
                    {**base, "insured_index": insured},
                    _MISMATCH_WEIGHT,
                    (_AGENT,),
                )
            )
        if entry.valid_until is not None and entry.valid_until < case.evaluation_date:
            facts = {
                **base,
                "valid_until": entry.valid_until,
                "evaluation_date": case.evaluation_date,
            }
            found.append(_Finding(DefectKind.DOCUMENT_EXPIRED, None, DOCUMENT_EXPIRED, facts))
        if entry.number is not None:
            id_check = check_id_number(
                entry.number,
                kind=alt.kind,
                on=case.evaluation_date,
                address_check=options.address_code_check,
            )
            if id_check.problem is not None:
                facts = {
                    **base,
                    "document_en": kind.en,
                    "document_zh": kind.zh,
                    "problem_en": id_check.problem_en,
                    "problem_zh": id_check.problem_zh,
                }
                found.append(
                    _Finding(
                        DefectKind.INVALID_ID_NUMBER,
                        id_check.problem.value,
                        ID_NUMBER_INVALID,
                        facts,
                        cites=(_GB_11643,),
                    )
                )
    return _Match(index, alt, tuple(found), original_for_copy, id_check)


def _insured_document_with(number: str | None, case: MaterialsCase) -> int | None:
    """The position of the insured person's own identity document carrying ``number``, if any."""
    if number is None:
        return None
    for index, entry in enumerate(case.items):
        if (
            entry.holder is Holder.INSURED
            and entry.kind in IDENTITY_KINDS
            and entry.number is not None
            and same_number(entry.number, number)
        ):
            return index
    return None


# ======================================================================================================
# What the decision says of each matched document and of each one not needed
# ======================================================================================================

_DONE = Name(en="completed", zh="已完成")


def _match_reasons(item: ChecklistItem, match: _Match, entry: SubmittedItem) -> list[Reason]:
    cites = (item.source,)
    kind = name_of(entry.kind)
    form = name_of(entry.form) if entry.kind not in NOT_PAPER else _DONE
    names = {"item_en": item.name_en, "item_zh": item.name_zh, "index": match.index}
    out: list[Reason] = []
    if not match.findings:
        facts = {**names, "kind_en": kind.en, "kind_zh": kind.zh}
        facts |= {"form_en": form.en, "form_zh": form.zh}
        if len(item.accepts) > 1:
            accepts = requirement_text(item)
            facts |= {"accepts_en": accepts.en, "accepts_zh": accepts.zh}
            out.append(_say(ALTERNATIVE_USED, cites, **facts))
        else:
            out.append(_say(ITEM_SATISFIED, cites, **facts))
    if match.original_for_copy:
        out.append(_say(ORIGINAL_FOR_COPY, cites, **names))
    for finding in match.findings:
        out.append(_say(finding.template, (*finding.cites, *cites), **finding.facts))
    if entry.kind in IDENTITY_KINDS:
        check = match.id_check
        if check is None:
            out.append(_say(ID_NUMBER_NOT_CHECKED, (_GB_11643, *cites), **names))
        elif check.valid:
            assert check.document is not None
            document = DOCUMENT_NAMES[check.document]
            out.append(
                _say(
                    ID_NUMBER_VALID,
                    (_GB_11643, *cites),
                    **names,
                    document_en=document.en,
                    document_zh=document.zh,
                    birth_date=check.birth_date,
                )
            )
    return out


def _not_needed_reason(
    index: int,
    entry: SubmittedItem,
    required: Sequence[ChecklistItem],
    matches: Mapping[str, _Match | None],
    found: Checklist,
    biz: Mapping[str, str],
) -> Reason:
    serving = [i for i in required if i.alternative(entry.kind) is not None]
    holder_fits = [
        i
        for i in serving
        if (alt := i.alternative(entry.kind)) is not None
        and (alt.holder is None or alt.holder is entry.holder)
    ]
    if not serving:
        why = Name(en="it is not on this checklist", zh="不在本业务的材料清单之内")
    elif not holder_fits:
        holder = name_of(entry.holder)
        why = Name(
            en=f"it belongs to {holder.en}, and the checklist asks for no document of {holder.en}",
            zh=f"该材料属于{holder.zh}，清单不要求{holder.zh}的材料",
        )
    else:
        item = holder_fits[0]
        match = matches.get(item.id)
        other = f"items[{match.index}]" if match is not None else "another document"
        other_zh = f"items[{match.index}]" if match is not None else "其他材料"
        why = Name(
            en=f"{other} is already counted for {item.name_en}",
            zh=f"{item.name_zh}已由{other_zh}对应",
        )
    kind = name_of(entry.kind)
    return _say(
        NOT_NEEDED,
        (found.source,),
        index=index,
        kind_en=kind.en,
        kind_zh=kind.zh,
        why_en=why.en,
        why_zh=why.zh,
        **biz,
    )


RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        name=_RULE,
        function=check_materials,
        input_model=MaterialsCase,
        decision_model=MaterialsDecision,
        outcomes=MaterialsOutcome,
        summary_en="Are the materials submitted for a business complete, and what is missing or "
        "defective?",
        summary_zh="所提交的业务材料是否齐全？缺少或不符合要求的有哪些？",
        reasons=REASONS,
    ),
)
