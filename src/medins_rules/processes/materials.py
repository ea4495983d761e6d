"""Materials: what each business asks a person to bring or submit, and what is missing or defective.

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
customer must carry the valid certificates of himself and the insured when handling." Source 001: "You may
need to provide some identification documents or other relevant materials." Source 000: "Select the person
category (Mainland users/Hong Kong, Macao and Taiwan users) and authenticate basic personal information
through face recognition." "(It cannot be done on behalf of someone ...)"

The checklists are data (``data/checklists.toml``), read once and validated into frozen models; every
item names the source passage it comes from, checked against the legal registry at load.
:func:`check_materials` matches what was submitted against a business's checklist and lists every missing
item, every defect (a copy where the original is required, a missing seal, a missing side, an issuer not
accepted, an invalid identity number, an expired document), which alternative met an either/or item, and
what was not needed. Identity numbers are checked per GB 11643 with ``python-stdnum``
(:func:`check_id_number`). :func:`render_checklist` renders a checklist as the Markdown table the docs
show.

>>> import datetime as dt
>>> case = MaterialsCase(business="offsite_filing", evaluation_date=dt.date(2026, 3, 2), items=[
...     {"kind": "medical_insurance_card"},
...     {"kind": "temporary_residence_permit", "form": "copy"}])
>>> d = check_materials(case)
>>> d.outcome, [(a.item, a.kind.value) for a in d.alternatives_used]
(<MaterialsOutcome.COMPLETE: 'complete'>, [('residence_proof', 'temporary_residence_permit')])
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from types import MappingProxyType
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent
from stdnum.exceptions import ValidationError as NumberValidationError
from stdnum.util import isdigits

from medins_rules.core.errors import MedinsRulesError
from medins_rules.core.legal import Citation, Instrument, cite, cite_passage
from medins_rules.core.model import (
    Day,
    Decision,
    Jurisdiction,
    Reason,
    ReasonTemplate,
    RuleSpec,
    jurisdiction_chain,
)

__all__ = [
    "DEFAULT_MATERIALS_OPTIONS",
    "IDENTITY_KINDS",
    "MAX_SUBMITTED_ITEMS",
    "PERMIT_PREFIXES",
    "REASONS",
    "RULES",
    "AddressCodeCheck",
    "AgentPolicy",
    "Alternative",
    "AlternativeUse",
    "Business",
    "Checklist",
    "ChecklistData",
    "ChecklistDataError",
    "ChecklistItem",
    "Defect",
    "DefectKind",
    "Form",
    "FormRequirement",
    "Holder",
    "IdDocument",
    "IdNumberCheck",
    "IdProblem",
    "Issuer",
    "ItemCondition",
    "ItemKind",
    "ItemResult",
    "ItemStatus",
    "MaterialsCase",
    "MaterialsDecision",
    "MaterialsOptions",
    "MaterialsOutcome",
    "Name",
    "Seal",
    "Sides",
    "SubmittedItem",
    "Vocabulary",
    "check_id_number",
    "check_materials",
    "checklist",
    "checklists",
    "load_checklists",
    "render_checklist",
    "requirement_text",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class ChecklistDataError(MedinsRulesError):
    """Checklist data (shipped or supplied) that fails validation."""


# ======================================================================================================
# Closed sets
# ======================================================================================================


class Business(StrEnum):
    """A business a person brings or submits materials for."""

    OFFSITE_REIMBURSEMENT = "offsite_reimbursement"
    OFFSITE_FILING = "offsite_filing"
    BATCH_OFFSITE_FILING = "batch_offsite_filing"
    CARD_APPLICATION = "card_application"
    ENROLMENT = "enrolment"
    ONLINE_CANCELLATION = "online_cancellation"
    ONLINE_SUSPENSION = "online_suspension"


class ItemKind(StrEnum):
    """What a submitted document (or, online, a verification step) is."""

    MEDICAL_INSURANCE_CARD = "medical_insurance_card"
    HOSPITALISATION_INVOICE = "hospitalisation_invoice"
    HOSPITALISATION_SUMMARY_LIST = "hospitalisation_summary_list"
    DIAGNOSIS_PROOF = "diagnosis_proof"
    MEDICAL_RECORD_HOME_PAGE = "medical_record_home_page"
    ADMISSION_RECORD = "admission_record"
    DISCHARGE_SUMMARY = "discharge_summary"
    RESIDENCE_CERTIFICATE = "residence_certificate"
    TEMPORARY_RESIDENCE_PERMIT = "temporary_residence_permit"
    BATCH_IMPORT_FORM = "batch_import_form"
    RESIDENT_IDENTITY_CARD = "resident_identity_card"
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit"
    PHOTO = "photo"
    HOUSEHOLD_REGISTER = "household_register"
    FACE_RECOGNITION = "face_recognition"
    SOCIAL_SECURITY_CARD = "social_security_card"
    OTHER = "other"


IDENTITY_KINDS = frozenset({ItemKind.RESIDENT_IDENTITY_CARD, ItemKind.HMT_RESIDENCE_PERMIT})
"""The identity documents: they may carry a number (checked per GB 11643) and an expiry date."""

_NOT_PAPER = frozenset({ItemKind.FACE_RECOGNITION})


class Form(StrEnum):
    """The form of a submitted document."""

    ORIGINAL = "original"
    COPY = "copy"


class FormRequirement(StrEnum):
    """The form a checklist item asks for (``any``: original or copy)."""

    ORIGINAL = "original"
    COPY = "copy"
    ANY = "any"


class Sides(StrEnum):
    """The sides a copy shows."""

    FRONT = "front"
    BACK = "back"
    BOTH = "both"


class Seal(StrEnum):
    """A seal a document bears."""

    MEDICAL_INSTITUTION_SEAL = "medical_institution_seal"
    MEDICAL_RECORDS_SEAL = "medical_records_seal"


class Issuer(StrEnum):
    """The body that issued a document."""

    POLICE_STATION = "police_station"
    STREET_OFFICE = "street_office"
    NEIGHBOURHOOD_COMMITTEE = "neighbourhood_committee"
    VILLAGE_COMMITTEE = "village_committee"
    EMPLOYER = "employer"
    MEDICAL_INSTITUTION = "medical_institution"
    OTHER = "other"


class Holder(StrEnum):
    """Whose document it is."""

    INSURED = "insured"
    AGENT = "agent"


class AgentPolicy(StrEnum):
    """Whether a business may be done through an agent, as its source says."""

    PERMITTED = "permitted"
    NOT_PERMITTED = "not_permitted"
    NOT_ADDRESSED = "not_addressed"


class ItemCondition(StrEnum):
    """When a checklist item is asked for."""

    ALWAYS = "always"
    THROUGH_AGENT = "through_agent"


# ======================================================================================================
# Checklists as data
# ======================================================================================================


class Name(BaseModel):
    """A name in English and Chinese."""

    model_config = _FROZEN

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)


class Vocabulary(BaseModel):
    """The bilingual names of every closed set; each table names exactly its enum's members."""

    model_config = _FROZEN

    kind: dict[ItemKind, Name]
    form: dict[Form, Name]
    form_requirement: dict[FormRequirement, Name]
    sides: dict[Sides, Name]
    seal: dict[Seal, Name]
    issuer: dict[Issuer, Name]
    holder: dict[Holder, Name]

    @model_validator(mode="after")
    def _complete(self) -> Self:
        tables: tuple[tuple[str, type[StrEnum]], ...] = (
            ("kind", ItemKind),
            ("form", Form),
            ("form_requirement", FormRequirement),
            ("sides", Sides),
            ("seal", Seal),
            ("issuer", Issuer),
            ("holder", Holder),
        )
        for name, enum in tables:
            missing = sorted(m.value for m in enum if m not in getattr(self, name))
            if missing:
                raise ValueError(f"{name}: no names for {', '.join(missing)}")
        return self

    def name(self, value: StrEnum) -> Name:
        """The bilingual name of a member of one of the vocabulary's enums."""
        tables: dict[type[StrEnum], Mapping[Any, Name]] = {
            ItemKind: self.kind,
            Form: self.form,
            FormRequirement: self.form_requirement,
            Sides: self.sides,
            Seal: self.seal,
            Issuer: self.issuer,
            Holder: self.holder,
        }
        return tables[type(value)][value]


class Alternative(BaseModel):
    """One document that satisfies a checklist item, with the form it must take."""

    model_config = _FROZEN

    kind: ItemKind
    form: FormRequirement
    both_sides: bool = False
    seals: tuple[Seal, ...] = ()
    issuers: tuple[Issuer, ...] = ()
    holder: Holder | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.both_sides and self.form is FormRequirement.ORIGINAL:
            raise ValueError("both_sides: applies to a copy, not to an original")
        return self


class ChecklistItem(BaseModel):
    """One item of a checklist: its names, its source passage and the documents that satisfy it."""

    model_config = _FROZEN

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name_en: str = Field(min_length=1)
    name_zh: str = Field(min_length=1)
    source: Citation
    accepts: tuple[Alternative, ...] = Field(min_length=1)
    when: ItemCondition = ItemCondition.ALWAYS
    hedged: bool = False

    @model_validator(mode="after")
    def _check(self) -> Self:
        kinds = [a.kind for a in self.accepts]
        if len(set(kinds)) != len(kinds):
            raise ValueError(f"accepts: item {self.id!r} names a kind twice")
        return self

    def alternative(self, kind: ItemKind) -> Alternative | None:
        """The alternative for documents of ``kind``, if any."""
        return next((a for a in self.accepts if a.kind is kind), None)


class Checklist(BaseModel):
    """A business's checklist."""

    model_config = _FROZEN

    business: Business
    name_en: str = Field(min_length=1)
    name_zh: str = Field(min_length=1)
    jurisdiction: Jurisdiction
    agents: AgentPolicy
    source: Citation
    items: tuple[ChecklistItem, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Self:
        ids = [i.id for i in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError(f"items: checklist {self.business.value!r} repeats an item id")
        if self.agents is not AgentPolicy.PERMITTED and any(
            i.when is ItemCondition.THROUGH_AGENT for i in self.items
        ):
            raise ValueError(
                f"items: checklist {self.business.value!r} has agent items but agents are "
                f"{self.agents.value}"
            )
        return self

    def item(self, item_id: str) -> ChecklistItem:
        """The item called ``item_id``; raises ``KeyError`` for another id."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def applies_in(self, jurisdiction: Jurisdiction) -> bool:
        """Whether the checklist applies in ``jurisdiction`` (its own or one below it)."""
        return self.jurisdiction in jurisdiction_chain(jurisdiction)


class ChecklistData(BaseModel):
    """The vocabulary and every business's checklist."""

    model_config = _FROZEN

    vocabulary: Vocabulary
    checklists: dict[Business, Checklist]

    @model_validator(mode="after")
    def _check(self) -> Self:
        missing = sorted(b.value for b in Business if b not in self.checklists)
        if missing:
            raise ValueError(f"checklists: no checklist for {', '.join(missing)}")
        for key, value in self.checklists.items():
            if value.business is not key:  # pragma: no cover - the loader sets it from the key
                raise ValueError(f"checklists: {key.value} holds the checklist of {value.business}")
        return self


def _citation(where: str, raw: object) -> Citation:
    if not isinstance(raw, Mapping) or set(raw) != {"instrument", "passage"}:
        raise ChecklistDataError(f"{where}: expected {{instrument, passage}}; got {raw!r}")
    try:
        instrument = Instrument(str(raw["instrument"]))
    except ValueError:
        known = ", ".join(i.value for i in Instrument)
        raise ChecklistDataError(
            f"{where}: instrument {raw['instrument']!r} is not one of {known}"
        ) from None
    return cite_passage(instrument, str(raw["passage"]))


def load_checklists(raw: Mapping[str, Any]) -> ChecklistData:
    """Validate raw checklist data (as in ``checklists.toml``) into :class:`ChecklistData`.

    Every ``source`` is looked up in the legal registry with :func:`~medins_rules.core.legal.cite_passage`
    (an unknown passage raises :class:`~medins_rules.core.errors.UnknownCitationError`); anything else that
    fails validation raises :class:`ChecklistDataError` naming the key.

    >>> load_checklists({"vocabulary": {}, "checklists": {"enrolment": {
    ...     "source": {"instrument": "source_004", "passage": "nowhere"}}}})
    Traceback (most recent call last):
    ...
    medins_rules.core.errors.UnknownCitationError: citation: source_004 has no passage 'nowhere' in the registry (known: ...)
    """
    lists = raw.get("checklists")
    if not isinstance(lists, Mapping):
        raise ChecklistDataError("checklists: expected a table of checklists")
    prepared: dict[str, Any] = {}
    for key, spec in lists.items():
        if not isinstance(spec, Mapping):
            raise ChecklistDataError(f"checklists.{key}: expected a table")
        entry = {**spec, "business": key}
        entry["source"] = _citation(f"checklists.{key}.source", spec.get("source"))
        items = []
        for n, item in enumerate(spec.get("items", ())):
            if not isinstance(item, Mapping):
                raise ChecklistDataError(f"checklists.{key}.items[{n}]: expected a table")
            where = f"checklists.{key}.items[{n}].source"
            items.append({**item, "source": _citation(where, item.get("source"))})
        entry["items"] = items
        prepared[key] = entry
    try:
        return ChecklistData.model_validate(
            {"vocabulary": raw.get("vocabulary"), "checklists": prepared}
        )
    except ValidationError as exc:
        raise ChecklistDataError(f"checklist data: {exc}") from None


@functools.cache
def _data() -> ChecklistData:
    text = resources.files("medins_rules").joinpath("data/checklists.toml").read_text("utf-8")
    return load_checklists(tomllib.loads(text))


def checklist(business: Business | str) -> Checklist:
    """The shipped checklist of ``business``.

    >>> [i.id for i in checklist("card_application").items]
    ['identity_document', 'photo', 'household_register']
    """
    return _data().checklists[Business(business)]


def checklists() -> tuple[Checklist, ...]:
    """Every shipped checklist, in the order of :class:`Business`."""
    data = _data()
    return tuple(data.checklists[b] for b in Business)


def _name(value: StrEnum) -> Name:
    return _data().vocabulary.name(value)


# ======================================================================================================
# Identity numbers (GB 11643)
# ======================================================================================================


class IdDocument(StrEnum):
    """What an 18-character identity number is, by its first six characters."""

    RESIDENT_IDENTITY_CARD = "resident_identity_card"
    HONG_KONG_RESIDENCE_PERMIT = "hong_kong_residence_permit"
    MACAO_RESIDENCE_PERMIT = "macao_residence_permit"
    TAIWAN_RESIDENCE_PERMIT = "taiwan_residence_permit"


PERMIT_PREFIXES: Mapping[str, IdDocument] = MappingProxyType(
    {
        "810000": IdDocument.HONG_KONG_RESIDENCE_PERMIT,
        "820000": IdDocument.MACAO_RESIDENCE_PERMIT,
        "830000": IdDocument.TAIWAN_RESIDENCE_PERMIT,
    }
)
"""The number prefixes of residence permits for Hong Kong, Macao and Taiwan residents."""

_DOCUMENT_NAMES: Mapping[IdDocument, Name] = MappingProxyType(
    {
        IdDocument.RESIDENT_IDENTITY_CARD: Name(en="Resident Identity Card", zh="居民身份证"),
        IdDocument.HONG_KONG_RESIDENCE_PERMIT: Name(
            en="residence permit for Hong Kong residents", zh="港澳台居民居住证（香港）"
        ),
        IdDocument.MACAO_RESIDENCE_PERMIT: Name(
            en="residence permit for Macao residents", zh="港澳台居民居住证（澳门）"
        ),
        IdDocument.TAIWAN_RESIDENCE_PERMIT: Name(
            en="residence permit for Taiwan residents", zh="港澳台居民居住证（台湾）"
        ),
    }
)


class IdProblem(StrEnum):
    """Why an identity number is not valid."""

    LENGTH = "length"
    FORMAT = "format"
    CHECK_DIGIT = "check_digit"
    BIRTH_DATE = "birth_date"
    BIRTH_DATE_AFTER_EVALUATION = "birth_date_after_evaluation"
    ADDRESS_CODE = "address_code"
    PERMIT_NUMBER_ON_IDENTITY_CARD = "permit_number_on_identity_card"
    NOT_A_PERMIT_NUMBER = "not_a_permit_number"


class AddressCodeCheck(StrEnum):
    """How the address code (the first six digits) of a Resident Identity Card number is checked.

    ``province``: the first two digits name a province-level division (GB/T 2260, as python-stdnum
    ships it). ``county_at_birth``: python-stdnum's full check, which also wants the county code to
    have existed in the birth year; it refuses real numbers of people born before their district was
    created (someone born in 1980 with a Tianhe district code, 440106, created in 1985).
    """

    PROVINCE = "province"
    COUNTY_AT_BIRTH = "county_at_birth"


@dataclass(frozen=True, slots=True)
class IdNumberCheck:
    """The result of checking an identity number: what it is, and the problem if it is not valid."""

    number: str
    document: IdDocument | None
    problem: IdProblem | None
    birth_date: dt.date | None
    problem_en: str | None = None
    problem_zh: str | None = None

    @property
    def valid(self) -> bool:
        """Whether the number is valid."""
        return self.problem is None


def _invalid(
    number: str,
    document: IdDocument | None,
    problem: IdProblem,
    en: str,
    zh: str,
    birth: dt.date | None = None,
) -> IdNumberCheck:
    return IdNumberCheck(number, document, problem, birth, en, zh)


def check_id_number(
    number: str,
    *,
    kind: ItemKind = ItemKind.RESIDENT_IDENTITY_CARD,
    on: dt.date | None = None,
    address_check: AddressCodeCheck = AddressCodeCheck.PROVINCE,
) -> IdNumberCheck:
    """Check an identity number per GB 11643 with ``stdnum.cn.ric``.

    A Resident Identity Card number has 18 characters: a six-digit address code, the birth date
    (YYYYMMDD), a three-digit order code and a check digit (0-9 or X, ISO 7064 MOD 11-2). A residence
    permit for Hong Kong, Macao or Taiwan residents has the same layout and check digit with the
    address code 810000, 820000 or 830000; it is recognised by that prefix. ``kind`` is the document
    the number is on (a permit number on an identity card, or the reverse, is a problem); ``on`` is the
    evaluation date (a birth date after it is a problem).

    >>> check_id_number("11010519491231002X").valid
    True
    >>> check_id_number("110105194912310021").problem
    <IdProblem.CHECK_DIGIT: 'check_digit'>
    >>> c = check_id_number("810000199408230021", kind=ItemKind.HMT_RESIDENCE_PERMIT)
    >>> c.valid, c.document.value, c.birth_date
    (True, 'hong_kong_residence_permit', datetime.date(1994, 8, 23))
    >>> check_id_number("810000199408230021").problem_en
    'the prefix 810000 is that of a residence permit for Hong Kong residents, not of a Resident Identity Card'
    """
    if kind not in IDENTITY_KINDS:
        raise ValueError(f"kind: {kind} is not an identity document")
    try:
        compact = ric.compact(number)
    except NumberValidationError:  # pragma: no cover - a str always cleans
        compact = number
    if len(compact) != 18:
        return _invalid(
            compact,
            None,
            IdProblem.LENGTH,
            f"it has {len(compact)} characters; an identity number has 18",
            f"号码为{len(compact)}位，应为18位",
        )
    if not isdigits(compact[:-1]) or compact[-1] not in "0123456789X":
        return _invalid(
            compact,
            None,
            IdProblem.FORMAT,
            "the first 17 characters must be digits and the last a digit or X",
            "前17位须为数字，最后一位须为数字或X",
        )
    document = PERMIT_PREFIXES.get(compact[:6], IdDocument.RESIDENT_IDENTITY_CARD)
    name = _DOCUMENT_NAMES[document]
    if (
        kind is ItemKind.RESIDENT_IDENTITY_CARD
        and document is not IdDocument.RESIDENT_IDENTITY_CARD
    ):
        return _invalid(
            compact,
            document,
            IdProblem.PERMIT_NUMBER_ON_IDENTITY_CARD,
            f"the prefix {compact[:6]} is that of a {name.en}, not of a Resident Identity Card",
            f"前六位{compact[:6]}是{name.zh}的号码前缀，不是居民身份证号码",
        )
    if kind is ItemKind.HMT_RESIDENCE_PERMIT and document is IdDocument.RESIDENT_IDENTITY_CARD:
        return _invalid(
            compact,
            document,
            IdProblem.NOT_A_PERMIT_NUMBER,
            f"a residence permit number for Hong Kong, Macao or Taiwan residents starts with "
            f"810000, 820000 or 830000, not {compact[:6]}",
            f"港澳台居民居住证号码以810000、820000或830000开头，而非{compact[:6]}",
        )
    if compact[-1] != ric.calc_check_digit(compact):
        return _invalid(
            compact,
            document,
            IdProblem.CHECK_DIGIT,
            f"the check digit is {compact[-1]}; the first 17 digits give {ric.calc_check_digit(compact)}",
            f"校验码为{compact[-1]}，按前17位应为{ric.calc_check_digit(compact)}",
        )
    try:
        birth = ric.get_birth_date(compact)
    except InvalidComponent:
        return _invalid(
            compact,
            document,
            IdProblem.BIRTH_DATE,
            f"the birth date part {compact[6:14]} is not a calendar date",
            f"出生日期码{compact[6:14]}不是有效日期",
        )
    if on is not None and birth > on:
        return _invalid(
            compact,
            document,
            IdProblem.BIRTH_DATE_AFTER_EVALUATION,
            f"the birth date {birth.isoformat()} is after {on.isoformat()}",
            f"出生日期{birth.isoformat()}晚于{on.isoformat()}",
            birth,
        )
    if document is IdDocument.RESIDENT_IDENTITY_CARD and not _address_known(compact, address_check):
        return _invalid(
            compact,
            document,
            IdProblem.ADDRESS_CODE,
            f"the address code {compact[:6]} is not a known administrative division"
            + (" in the birth year" if address_check is AddressCodeCheck.COUNTY_AT_BIRTH else ""),
            f"地址码{compact[:6]}不是已知的行政区划"
            + ("（按出生年份）" if address_check is AddressCodeCheck.COUNTY_AT_BIRTH else ""),
            birth,
        )
    return IdNumberCheck(compact, document, None, birth)


def _address_known(compact: str, address_check: AddressCodeCheck) -> bool:
    if address_check is AddressCodeCheck.COUNTY_AT_BIRTH:
        try:
            ric.validate(compact)
        except NumberValidationError:
            return False
        return True
    parts = numdb.get("cn/loc").info(compact[:6])
    return any("province" in props for _, props in parts)


# ======================================================================================================
# Input
# ======================================================================================================

MAX_SUBMITTED_ITEMS = 60
"""The most items one case may list (anything longer is refused as malformed)."""

IdNumber = Annotated[str, Field(min_length=1, max_length=40)]


class SubmittedItem(BaseModel):
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
    def _normalise_seals(cls, value: tuple[Seal, ...]) -> tuple[Seal, ...]:
        return tuple(sorted(set(value)))

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.sides is not None and self.form is Form.ORIGINAL:
            raise ValueError("sides: only a copy has sides to state; an original shows both")
        if self.kind not in IDENTITY_KINDS:
            for name in ("number", "valid_until"):
                if getattr(self, name) is not None:
                    raise ValueError(
                        f"{name}: only an identity document (resident_identity_card, "
                        f"hmt_residence_permit) has one; got it on a {self.kind.value}"
                    )
        if self.kind in _NOT_PAPER:
            if self.form is not Form.ORIGINAL:
                raise ValueError(f"form: {self.kind.value} is not a document and has no copy")
            for name in ("seals", "issuer"):
                if getattr(self, name):
                    raise ValueError(f"{name}: {self.kind.value} is not a document")
        return self


class MaterialsCase(BaseModel):
    """What was submitted for a business, and whether an agent applies.

    ``items`` lists every document submitted (order does not matter; decisions refer to an item by its
    position, ``items[0]`` first). ``through_agent`` says the business is done by someone on the
    insured person's behalf.
    """

    model_config = _FROZEN

    business: Business
    through_agent: bool = False
    items: tuple[SubmittedItem, ...] = Field(default=(), max_length=MAX_SUBMITTED_ITEMS)
    evaluation_date: Day
    jurisdiction: Jurisdiction = Jurisdiction.GUANGZHOU

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

    @model_validator(mode="after")
    def _check(self) -> Self:
        found = checklist(self.business)
        if not found.applies_in(self.jurisdiction):
            raise ValueError(
                f"jurisdiction: the checklist for {found.name_en} is encoded for "
                f"{found.jurisdiction.value} and the jurisdictions below it; got "
                f"{self.jurisdiction.value}"
            )
        return self


class MaterialsOptions(BaseModel):
    """Interpretive choices of the materials check (defaults: ``docs/interpretive-choices.md``).

    ``original_satisfies_copy``: an original given where a copy is asked for satisfies the item
    (legal notes, reading 9). Off: only a copy does.
    ``hedged_items_required``: an item the source says "may" be needed (source 001's identification
    documents) is required. Off: it is not required, and one submitted is not needed.
    ``address_code_check``: how a Resident Identity Card number's address code is checked
    (:class:`AddressCodeCheck`).
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
    INVALID_ID_NUMBER = "invalid_id_number"
    DOCUMENT_EXPIRED = "document_expired"


class Defect(BaseModel):
    """A defect: the checklist item, the submitted item (its position) and what is wrong.

    ``detail`` is the missing seal, the missing side, the issuer given or the identity-number problem.
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


# ======================================================================================================
# Reasons
# ======================================================================================================
#
# Item reasons cite the passage of the item they are about; the templates list every passage any
# instance may cite.

_GB_11643 = cite(Instrument.GB_11643)
_NO_AGENT = cite_passage(Instrument.SOURCE_000, "no_agent")
_PERSON_CATEGORY = cite_passage(Instrument.SOURCE_000, "person_category")
_AGENT = cite_passage(Instrument.SOURCE_004, "agent")
_AGENT_CERTIFICATES = cite_passage(Instrument.SOURCE_004, "agent_certificates")


def _unique(citations: Iterable[Citation]) -> tuple[Citation, ...]:
    return tuple(dict.fromkeys(citations))


_LIST_SOURCES = _unique(c.source for c in checklists())
_ITEM_SOURCES = _unique(i.source for c in checklists() for i in c.items)
_IDENTITY_SOURCES = _unique(
    i.source
    for c in checklists()
    for i in c.items
    if any(a.kind in IDENTITY_KINDS for a in i.accepts)
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


def _say(template: ReasonTemplate, citations: Sequence[Citation], **facts: object) -> Reason:
    """The template's reason, citing ``citations`` (the passages this instance rests on)."""
    return template(**facts).model_copy(update={"citations": _unique(citations)})


# ======================================================================================================
# Texts
# ======================================================================================================


def _join(parts: Sequence[str], last_en: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {last_en} {parts[-1]}"


def _join_zh(parts: Sequence[str], last: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{'、'.join(parts[:-1])}{last}{parts[-1]}"


def _alternative_text(alt: Alternative) -> Name:
    kind = _name(alt.kind)
    en, zh = [kind.en], [kind.zh]
    if alt.holder is Holder.AGENT:
        en, zh = [f"the agent's own {kind.en}"], [f"代办人本人的{kind.zh}"]
    if alt.kind not in _NOT_PAPER:
        form = _name(alt.form)
        en.append(form.en)
        zh.append(form.zh)
    if alt.both_sides:
        en.append("both sides copied")
        zh.append("正反两面复印")
    if alt.seals:
        seals = [_name(s) for s in alt.seals]
        en.append("bearing " + _join([s.en for s in seals], "and"))
        zh.append("加盖" + _join_zh([s.zh for s in seals], "和"))
    if alt.issuers:
        issuers = [_name(i) for i in alt.issuers]
        en.append("issued by " + _join([i.en for i in issuers], "or"))
        zh.append("由" + _join_zh([i.zh for i in issuers], "或") + "出具")
    return Name(en=", ".join(en), zh="，".join(zh))


def requirement_text(item: ChecklistItem) -> Name:
    """What satisfies ``item``, in words (its alternatives joined by "or").

    >>> print(requirement_text(checklist("offsite_reimbursement").item("discharge_summary")).en)
    discharge summary, copy, bearing the medical institution's special seal for medical records management
    """
    texts = [_alternative_text(a) for a in item.accepts]
    return Name(en="; or ".join(t.en for t in texts), zh="；或".join(t.zh for t in texts))


def _accepted_issuers(alt: Alternative) -> Name:
    names = [_name(i) for i in alt.issuers]
    return Name(en=_join([n.en for n in names], "or"), zh=_join_zh([n.zh for n in names], "或"))


def _none(names: Sequence[Name]) -> Name:
    if not names:
        return Name(en="none", zh="无")
    return Name(en="; ".join(n.en for n in names), zh="；".join(n.zh for n in names))


# ======================================================================================================
# Matching submitted items with the checklist
# ======================================================================================================

_MISMATCH_WEIGHT = 3  # the wrong form: further from the item than a missing seal or side


@dataclass(frozen=True, slots=True)
class _Finding:
    kind: DefectKind
    detail: str | None
    template: ReasonTemplate
    facts: Mapping[str, object]
    weight: int = 1


@dataclass(frozen=True, slots=True)
class _Match:
    index: int
    alternative: Alternative
    findings: tuple[_Finding, ...]
    original_for_copy: bool
    id_check: IdNumberCheck | None
    weight: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", sum(f.weight for f in self.findings))


def _assess(
    item: ChecklistItem,
    alt: Alternative,
    entry: SubmittedItem,
    index: int,
    case: MaterialsCase,
    options: MaterialsOptions,
) -> _Match:
    kind = _name(alt.kind)
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
            shown = _name(entry.sides)
            other = _name(Sides.BACK if entry.sides is Sides.FRONT else Sides.FRONT)
            facts = {
                **base,
                "shown_en": shown.en,
                "shown_zh": shown.zh,
                "missing_side_en": other.en,
                "missing_side_zh": other.zh,
            }
            missing_side = Sides.BACK if entry.sides is Sides.FRONT else Sides.FRONT
            found.append(_Finding(DefectKind.SIDE_MISSING, missing_side.value, SIDE_MISSING, facts))
    for seal in alt.seals:
        if seal not in entry.seals:
            name = _name(seal)
            facts = {**base, "seal_en": name.en, "seal_zh": name.zh}
            found.append(_Finding(DefectKind.SEAL_MISSING, seal.value, SEAL_MISSING, facts))
    if alt.issuers and entry.issuer not in alt.issuers:
        given = (
            _name(entry.issuer)
            if entry.issuer is not None
            else Name(en="a body not stated", zh="未注明的机构")
        )
        accepted = _accepted_issuers(alt)
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
                    )
                )
    return _Match(index, alt, tuple(found), original_for_copy, id_check)


def _candidates(
    item: ChecklistItem,
    entries: Sequence[SubmittedItem],
    case: MaterialsCase,
    options: MaterialsOptions,
) -> list[_Match]:
    out = []
    for index, entry in enumerate(entries):
        alt = item.alternative(entry.kind)
        if alt is None or (alt.holder is not None and alt.holder is not entry.holder):
            continue
        out.append(_assess(item, alt, entry, index, case, options))
    return sorted(out, key=lambda m: (m.weight, m.index))


def _components(items: Sequence[ChecklistItem]) -> list[list[ChecklistItem]]:
    """Items grouped so that items accepting a common kind are matched together."""
    groups: list[tuple[set[ItemKind], list[ChecklistItem]]] = []
    for item in items:
        kinds = {a.kind for a in item.accepts}
        joined = [g for g in groups if g[0] & kinds]
        merged_kinds = set(kinds).union(*(g[0] for g in joined))
        merged_items = [i for g in joined for i in g[1]] + [item]
        groups = [g for g in groups if not (g[0] & kinds)] + [(merged_kinds, merged_items)]
    order = {item.id: n for n, item in enumerate(items)}
    return [sorted(g[1], key=lambda i: order[i.id]) for g in groups]


def _assign(
    items: Sequence[ChecklistItem],
    entries: Sequence[SubmittedItem],
    case: MaterialsCase,
    options: MaterialsOptions,
) -> dict[str, _Match | None]:
    """Match each item with at most one submitted item, each submitted item used at most once.

    Within each group of items sharing a kind, the matching leaves the fewest items missing and, among
    those, has the least weight of defects (a wrong form weighs more than a missing seal or side); ties
    go to the earlier submitted item.
    """
    result: dict[str, _Match | None] = {}
    for group in _components(items):
        cands = [_candidates(item, entries, case, options) for item in group]
        best = _best_assignment(cands)
        result.update({item.id: match for item, match in zip(group, best, strict=True)})
    return result


def _best_assignment(cands: Sequence[Sequence[_Match]]) -> list[_Match | None]:
    """The assignment of least (missing, weight), found first in candidate order."""
    best: list[_Match | None] = [None] * len(cands)
    best_cost: tuple[int, int] | None = None
    chosen: list[_Match | None] = []

    def search(pos: int, used: frozenset[int], missing: int, weight: int) -> None:
        nonlocal best, best_cost
        if best_cost is not None and (missing, weight) >= best_cost:
            return
        if pos == len(cands):
            best, best_cost = list(chosen), (missing, weight)
            return
        for match in cands[pos]:
            if match.index not in used:
                chosen.append(match)
                search(pos + 1, used | {match.index}, missing, weight + match.weight)
                chosen.pop()
        chosen.append(None)
        search(pos + 1, used, missing + 1, weight)
        chosen.pop()

    search(0, frozenset(), 0, 0)
    return best


def _required(item: ChecklistItem, case: MaterialsCase, options: MaterialsOptions) -> bool:
    if item.when is ItemCondition.THROUGH_AGENT and not case.through_agent:
        return False
    return not (item.hedged and not options.hedged_items_required)


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
    side, an issuer not accepted, an invalid identity number, an expired document) is defective, with
    every shortcoming listed. An original serves where a copy is asked for (option
    ``original_satisfies_copy``). Whatever is left over is not needed, which never makes the materials
    incomplete. An agent acting where the source forbids it (online suspension) makes them incomplete.

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
    found = checklist(case.business)
    business = Name(en=found.name_en, zh=found.name_zh)
    biz = {"business_en": business.en, "business_zh": business.zh}
    required = [item for item in found.items if _required(item, case, options)]
    required_ids = {item.id for item in required}
    matches = _assign(required, case.items, case, options)

    item_reasons: list[Reason] = []
    results: list[ItemResult] = []
    defects: list[Defect] = []
    alternatives: list[AlternativeUse] = []
    missing: list[ChecklistItem] = []
    defective: list[ChecklistItem] = []
    for item in found.items:
        names = {"item_en": item.name_en, "item_zh": item.name_zh}
        cites = (item.source,)
        if item.id not in required_ids:
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
    if all(a.kind in _NOT_PAPER for item in found.items for a in item.accepts):
        agent_reasons.append(_say(NO_PAPER, (_PERSON_CATEGORY,), **biz))

    complete = not missing and not defective and not agent_not_permitted
    if complete:
        summary = _say(COMPLETE, (found.source,), **biz, required=len(required))
    else:
        missing_names = _none([Name(en=i.name_en, zh=i.name_zh) for i in missing])
        defective_names = _none([Name(en=i.name_en, zh=i.name_zh) for i in defective])
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


_DONE = Name(en="completed", zh="已完成")


def _match_reasons(item: ChecklistItem, match: _Match, entry: SubmittedItem) -> list[Reason]:
    cites = (item.source,)
    kind = _name(entry.kind)
    form = _name(entry.form) if entry.kind not in _NOT_PAPER else _DONE
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
        extra = (_GB_11643,) if finding.template is ID_NUMBER_INVALID else ()
        out.append(_say(finding.template, (*extra, *cites), **finding.facts))
    if entry.kind in IDENTITY_KINDS:
        check = match.id_check
        if check is None:
            out.append(_say(ID_NUMBER_NOT_CHECKED, (_GB_11643, *cites), **names))
        elif check.valid:
            assert check.document is not None
            document = _DOCUMENT_NAMES[check.document]
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
        holder = _name(entry.holder)
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
    kind = _name(entry.kind)
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


# ======================================================================================================
# Rendering for the docs
# ======================================================================================================


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def render_checklist(business: Business | str) -> str:
    """The checklist of ``business`` as a Markdown table (the docs show exactly this).

    Columns: the item's id, its English and Chinese names, what satisfies it in both languages, and the
    source passage. Items asked for only through an agent, and items the source hedges, say so.

    >>> print(render_checklist("batch_offsite_filing"))
    | id                | item                                                                                      | 材料                                               | accepted                                                        | 可接受的材料                     | source                    |
    | ----------------- | ----------------------------------------------------------------------------------------- | -------------------------------------------------- | --------------------------------------------------------------- | -------------------------------- | ------------------------- |
    | batch_import_form | Electronic import form for off-site treatment, from the municipal agency's service window | 异地就医电子导入表（在市医保经办机构服务窗口领取） | electronic import form for off-site treatment, original or copy | 异地就医电子导入表，原件或复印件 | source_002 `batch_import` |
    """
    found = checklist(business)
    header = ["id", "item", "材料", "accepted", "可接受的材料", "source"]
    rows = [header]
    for item in found.items:
        text = requirement_text(item)
        en, zh = text.en, text.zh
        if item.when is ItemCondition.THROUGH_AGENT:
            en, zh = f"only when an agent applies: {en}", f"仅代办时：{zh}"
        if item.hedged:
            en += " (the source says it may be needed; required by default)"
            zh += "（来源称可能需要；默认列为必备）"
        source = f"{item.source.instrument.value} `{item.source.passage}`"
        rows.append([item.id, item.name_en, item.name_zh, en, zh, source])
    widths = [max(_width(row[n]) for row in rows) for n in range(len(header))]
    lines = [
        "| " + " | ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines)


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
