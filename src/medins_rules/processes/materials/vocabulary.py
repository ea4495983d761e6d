"""The closed sets of the materials check, and the model of their bilingual names.

What a business is, what a submitted document is (its kind, form, sides, seals, issuer, holder) and
how a checklist item is asked for (the form it requires, whether agents may act, when the item
applies) are closed sets: one :class:`~enum.StrEnum` each. Their English and Chinese names are data
(the ``[vocabulary]`` tables of ``data/checklists.toml``), read into :class:`Vocabulary`, which
refuses a table that does not name every member of its enum.

>>> sorted(k.value for k in IDENTITY_KINDS)
['hmt_residence_permit', 'resident_identity_card']
>>> Vocabulary.model_validate({"kind": {}, "form": {}, "form_requirement": {}, "sides": {},
...     "seal": {}, "issuer": {}, "holder": {}})
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Vocabulary
  Value error, kind: no names for admission_record, batch_import_form, ...
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "IDENTITY_KINDS",
    "NOT_PAPER",
    "AgentPolicy",
    "Business",
    "Form",
    "FormRequirement",
    "Holder",
    "Issuer",
    "ItemCondition",
    "ItemKind",
    "Name",
    "Seal",
    "Sides",
    "Vocabulary",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


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

NOT_PAPER = frozenset({ItemKind.FACE_RECOGNITION})
"""The kinds that are a verification step, not a document: no form, copy, seal or issuer."""


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
