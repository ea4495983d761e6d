"""The checklists: what each business asks for, as data, and their loader.

``data/checklists.toml`` holds the vocabulary's bilingual names and one checklist per
:class:`~medins_rules.processes.materials.vocabulary.Business`. :func:`load_checklists` validates it
into frozen models: every item names the source passage it comes from, looked up in the legal
registry, and anything else that does not fit raises :class:`ChecklistDataError` naming the key.

An item lists the documents that satisfy it (``accepts``), or draws them from a requirement of the
shared document vocabulary (``accepts_from``: :data:`medins_rules.vocab.documents.REQUIREMENTS`,
optionally naming the holder and, where the requirement leaves it open, the form), so that an item
and the rule that read the same source passage cannot differ: the off-site filing checklist's
``residence_proof`` is the residence rule's proof of residence.

The shipped data is read on first use (the first :func:`checklist`, :func:`checklists` or
:func:`name_of` call, as the first materials case does), not when the module is imported, and then
kept: it is the package's own file and cannot change while the package runs.

>>> [i.id for i in checklist("card_application").items]
['identity_document', 'photo', 'household_register']
>>> checklist("enrolment").item("agent_identity_document").when.value
'through_agent'
>>> checklist("offsite_filing").item("residence_proof").accepts_from
'residence_proof'

Limitations: the checklists have no dated versions (the sources' lists as the project holds them);
a jurisdiction below a checklist's own gets the same list.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from medins_rules.core.datafiles import read_toml
from medins_rules.core.errors import MedinsRulesError
from medins_rules.core.legal import Citation, Instrument, cite_passage
from medins_rules.core.model import Jurisdiction, jurisdiction_chain
from medins_rules.core.readonly import ReadOnlyDict
from medins_rules.processes.materials.vocabulary import (
    AgentPolicy,
    Business,
    FormRequirement,
    Holder,
    Issuer,
    ItemCondition,
    ItemKind,
    Name,
    Seal,
    Vocabulary,
)
from medins_rules.vocab.documents import REQUIREMENTS

__all__ = [
    "Alternative",
    "Checklist",
    "ChecklistData",
    "ChecklistDataError",
    "ChecklistItem",
    "checklist",
    "checklists",
    "load_checklists",
    "name_of",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class ChecklistDataError(MedinsRulesError):
    """Checklist data (shipped or supplied) that fails validation."""


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
    """One item of a checklist: its names, its source passage and the documents that satisfy it.

    ``accepts_from`` names the shared requirement the documents are drawn from, if they are.
    """

    model_config = _FROZEN

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name_en: str = Field(min_length=1)
    name_zh: str = Field(min_length=1)
    source: Citation
    accepts: tuple[Alternative, ...] = Field(min_length=1)
    when: ItemCondition = ItemCondition.ALWAYS
    hedged: bool = False
    accepts_from: str | None = None

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
    checklists: Annotated[dict[Business, Checklist], AfterValidator(ReadOnlyDict)]

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


_ACCEPTS_FROM_KEYS = frozenset({"requirement", "form", "holder"})


def _accepts_from(where: str, raw: object) -> tuple[str, list[dict[str, Any]]]:
    """The requirement ``raw`` names and its documents, as alternatives (holder and form applied)."""
    if not isinstance(raw, Mapping) or "requirement" not in raw or set(raw) - _ACCEPTS_FROM_KEYS:
        raise ChecklistDataError(
            f"{where}: expected {{requirement, form (optional), holder (optional)}}; got {raw!r}"
        )
    name = raw["requirement"]
    if name not in REQUIREMENTS:
        known = ", ".join(REQUIREMENTS)
        raise ChecklistDataError(f"{where}: requirement {name!r} is not one of {known}")
    alternatives: list[dict[str, Any]] = []
    for document in REQUIREMENTS[name]:
        alternative: dict[str, Any] = {
            "kind": document.kind,
            "form": document.form,
            "issuers": document.issuers,
        }
        if "form" in raw:
            if document.form is not FormRequirement.ANY:
                raise ChecklistDataError(
                    f"{where}: form: requirement {name!r} fixes the form of "
                    f"{document.kind.value} ({document.form.value})"
                )
            alternative["form"] = raw["form"]
        if "holder" in raw:
            alternative["holder"] = raw["holder"]
        alternatives.append(alternative)
    return str(name), alternatives


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
            where = f"checklists.{key}.items[{n}]"
            prepared_item = {**item, "source": _citation(f"{where}.source", item.get("source"))}
            if "accepts_from" in item:
                if "accepts" in item:
                    raise ChecklistDataError(
                        f"{where}.accepts_from: give accepts or accepts_from, not both"
                    )
                name, alternatives = _accepts_from(f"{where}.accepts_from", item["accepts_from"])
                prepared_item |= {"accepts_from": name, "accepts": alternatives}
            items.append(prepared_item)
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
    return load_checklists(read_toml("checklists.toml"))


def checklist(business: Business | str) -> Checklist:
    """The shipped checklist of ``business``.

    >>> checklist("offsite_filing").item("residence_proof").source.passage
    'residence_proof'
    """
    return _data().checklists[Business(business)]


def checklists() -> tuple[Checklist, ...]:
    """Every shipped checklist, in the order of :class:`Business`."""
    data = _data()
    return tuple(data.checklists[b] for b in Business)


def name_of(value: StrEnum) -> Name:
    """The bilingual name, in the shipped vocabulary, of a kind, form, side, seal, issuer or holder.

    >>> name_of(ItemKind.HOUSEHOLD_REGISTER).zh
    '户口簿'
    """
    return _data().vocabulary.name(value)
