"""The closed sets of the materials check, and the model of their bilingual names.

What a submitted document is (its kind, form, sides, seals, issuer, holder) and the form a
checklist item requires are the package's shared document vocabulary
(:mod:`medins_rules.vocab.documents`), which the residence rule reads too; they are re-exported
here under the names the materials check has always used (``ItemKind`` is ``DocumentKind``). What
a business is, whether agents may act and when an item applies are the materials check's own
closed sets, defined here. Every set is one :class:`~enum.StrEnum`. Their English and Chinese names
are data (the ``[vocabulary]`` tables of ``data/checklists.toml``), read into :class:`Vocabulary`,
which refuses a table that does not name every member of its enum.

Limitations: the names are English and Chinese only; a name is one phrase whatever the sentence
it is used in (a message reads "the {kind}", so a kind's name takes no article).

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

from medins_rules.vocab.documents import (
    IDENTITY_DOCUMENTS,
    NOT_PAPER,
    DocumentKind,
    Form,
    FormRequirement,
    Holder,
    Issuer,
    Seal,
    Sides,
)

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


ItemKind = DocumentKind
"""What a submitted document (or, online, a verification step) is: the shared
:class:`~medins_rules.vocab.documents.DocumentKind`, by the name the materials check has always
given it."""

IDENTITY_KINDS = IDENTITY_DOCUMENTS
"""The identity documents (:data:`medins_rules.vocab.documents.IDENTITY_DOCUMENTS`)."""


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
