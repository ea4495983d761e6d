"""Hypothesis strategies for the materials check: submissions, items and identity numbers.

:func:`complete_submissions` draws a submission that meets a checklist exactly, with each submitted item
labelled with the checklist item it serves; :func:`submissions_missing_one_item` and
:func:`submissions_with_one_defect` take one away or spoil one; :func:`materials_cases` draws any valid
input at all. Identity numbers: :func:`valid_ric_numbers`, :func:`hmt_permit_numbers`,
:func:`invalid_id_numbers` and :func:`too_early_id_numbers`.

>>> from hypothesis import given, settings
>>> from medins_rules.processes.materials import check_id_number
>>> @settings(max_examples=20)
... @given(valid_ric_numbers())
... def every_drawn_number_is_valid(number):
...     assert check_id_number(number).valid
>>> every_drawn_number_is_valid()

The case strategies take keyword arguments named for the fields of ``MaterialsCase`` (and
:func:`submitted_items` those of ``SubmittedItem``), each a value or a strategy:

>>> from medins_rules.processes.materials import check_materials
>>> @settings(max_examples=20)
... @given(complete_submissions(business="enrolment", through_agent=True))
... def a_complete_submission_is_complete(full):
...     assert full.case.through_agent and check_materials(full.case).outcome == "complete"
>>> a_complete_submission_is_complete()
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from hypothesis import reject
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from stdnum.cn import ric

from medins_rules.core.model import Jurisdiction
from medins_rules.processes.materials import (
    EARLIEST_BIRTH_DATE,
    IDENTITY_KINDS,
    PERMIT_PREFIXES,
    AgentPolicy,
    Alternative,
    Business,
    ChecklistItem,
    DefectKind,
    Form,
    FormRequirement,
    Holder,
    Issuer,
    ItemCondition,
    ItemKind,
    MaterialsCase,
    Seal,
    Sides,
    SubmittedItem,
    checklist,
)
from medins_rules.testing.strategies._pins import Pin, Pins, field

__all__ = [
    "LabelledSubmission",
    "MaterialsFields",
    "SubmissionFields",
    "SubmittedItemFields",
    "born_on",
    "complete_submissions",
    "evaluation_dates",
    "hmt_permit_numbers",
    "invalid_id_numbers",
    "materials_cases",
    "submissions_missing_one_item",
    "submissions_with_one_defect",
    "submitted_items",
    "too_early_id_numbers",
    "unneeded_items",
    "valid_ric_numbers",
]

# Address codes in every list of the division table (1981 to the last), so numbers built on them pass
# both address checks whatever the birth year.
_ADDRESS_CODES = st.sampled_from(("110101", "110102", "310101", "440100", "440300", "450100"))
_PREFIXES = st.sampled_from(sorted(PERMIT_PREFIXES))
_BIRTHS = st.dates(min_value=EARLIEST_BIRTH_DATE, max_value=dt.date(2019, 12, 31))
_TOO_EARLY = st.dates(max_value=EARLIEST_BIRTH_DATE - dt.timedelta(days=1))
_ORDER = st.integers(0, 999)
_EVALUATION = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))
_NOT_PAPER = frozenset({ItemKind.FACE_RECOGNITION})
_FORMS = st.sampled_from(Form)
_COPY_MOSTLY = st.sampled_from((Form.COPY, Form.COPY, Form.ORIGINAL))
_SIDES = st.none() | st.sampled_from(Sides)
_SEALS = st.sets(st.sampled_from(Seal))
_ISSUERS = st.none() | st.sampled_from(Issuer)
_HOLDERS = st.sampled_from(Holder)
_KINDS = st.sampled_from(ItemKind)
_HOW = st.sampled_from(("check_digit", "length", "date", "too_early", "format"))
_BAD_DATES = st.sampled_from(("20230230", "19991301"))
_LETTERS = st.sampled_from("ABZ?")
_ANY_VALID_UNTIL = st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2060, 1, 1))


def evaluation_dates() -> st.SearchStrategy[dt.date]:
    """Evaluation dates after every birth date the number strategies draw."""
    return _EVALUATION


def _with_check_digit(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


def _yyyymmdd(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"  # strftime does not pad years below 1000


def born_on(number: str, birth: dt.date) -> str:
    """``number`` with its birth date replaced by ``birth`` and its check digit recomputed."""
    return _with_check_digit(number[:6] + _yyyymmdd(birth) + number[14:17])


@st.composite
def _ric_numbers(draw: st.DrawFn) -> str:
    code, birth, order = draw(_ADDRESS_CODES), draw(_BIRTHS), draw(_ORDER)
    return _with_check_digit(f"{code}{_yyyymmdd(birth)}{order:03d}")


@st.composite
def _permit_numbers(draw: st.DrawFn) -> str:
    prefix, birth, order = draw(_PREFIXES), draw(_BIRTHS), draw(_ORDER)
    return _with_check_digit(f"{prefix}{_yyyymmdd(birth)}{order:03d}")


_RIC = _ric_numbers()
_PERMIT = _permit_numbers()
_VALID = st.one_of(_RIC, _PERMIT)


def valid_ric_numbers() -> st.SearchStrategy[str]:
    """Valid mainland Resident Identity Card numbers (born 1900-2019)."""
    return _RIC


def hmt_permit_numbers() -> st.SearchStrategy[str]:
    """Valid residence permit numbers for Hong Kong, Macao and Taiwan residents (born 1900-2019)."""
    return _PERMIT


@st.composite
def _invalid_numbers(draw: st.DrawFn) -> str:
    valid = draw(_VALID)
    how = draw(_HOW)
    if how == "check_digit":
        wrong = "0123456789X"[("0123456789X".index(valid[-1]) + draw(st.integers(1, 10))) % 11]
        return valid[:-1] + wrong
    if how == "length":
        return (valid[:-1], valid + "0", valid[:15])[draw(st.integers(0, 2))]
    if how == "date":
        return _with_check_digit(valid[:6] + draw(_BAD_DATES) + "123")
    if how == "too_early":
        return born_on(valid, draw(_TOO_EARLY))
    return valid[:5] + draw(_LETTERS) + valid[6:]


_INVALID = _invalid_numbers()
_ANY_NUMBER = (
    st.none() | _RIC | _PERMIT | _INVALID | st.text(min_size=1, max_size=40).filter(str.strip)
)


def invalid_id_numbers() -> st.SearchStrategy[str]:
    """Numbers that are not valid, whatever the document: a wrong check digit, length or format, no
    calendar date, or a birth date before the earliest one accepted."""
    return _INVALID


@st.composite
def _too_early(draw: st.DrawFn) -> str:
    return born_on(draw(_VALID), draw(_TOO_EARLY))


_TOO_EARLY_NUMBERS = _too_early()


def too_early_id_numbers() -> st.SearchStrategy[str]:
    """Numbers of either document, valid but for a birth date before the earliest one accepted."""
    return _TOO_EARLY_NUMBERS


_OPTIONAL_NUMBER = {
    ItemKind.RESIDENT_IDENTITY_CARD: st.none() | _RIC,
    ItemKind.HMT_RESIDENCE_PERMIT: st.none() | _PERMIT,
}


@functools.cache
def _one_of(values: tuple[Issuer, ...]) -> st.SearchStrategy[Issuer]:
    return st.sampled_from(values)


@st.composite
def _conforming(draw: st.DrawFn, alt: Alternative, on: dt.date) -> SubmittedItem:
    """A submitted item that meets ``alt`` with no defect."""
    paper = alt.kind not in _NOT_PAPER
    if alt.form is FormRequirement.ORIGINAL or not paper:
        form = Form.ORIGINAL
    elif alt.form is FormRequirement.COPY:
        form = draw(_COPY_MOSTLY)
    else:
        form = draw(_FORMS)
    sides: Sides | None = None
    if form is Form.COPY:
        sides = Sides.BOTH if alt.both_sides else draw(_SIDES)
    seals = set(alt.seals) | (draw(_SEALS) if paper else set())
    if alt.issuers:
        issuer: Issuer | None = draw(_one_of(alt.issuers))
    else:
        issuer = draw(_ISSUERS) if paper else None
    holder = alt.holder or draw(_HOLDERS)
    number = valid_until = None
    if alt.kind in IDENTITY_KINDS:
        number = draw(_OPTIONAL_NUMBER[alt.kind])
        if draw(_BOOLEANS):
            valid_until = on + dt.timedelta(days=draw(st.integers(0, 20 * 366)))
    return SubmittedItem(
        kind=alt.kind,
        form=form,
        sides=sides,
        seals=tuple(seals),
        issuer=issuer,
        holder=holder,
        number=number,
        valid_until=valid_until,
    )


def _required_items(business: Business, through_agent: bool) -> list[ChecklistItem]:
    return [
        item
        for item in checklist(business).items
        if item.when is ItemCondition.ALWAYS or through_agent
    ]


def _accepted_kinds(business: Business, through_agent: bool) -> set[ItemKind]:
    return {a.kind for i in _required_items(business, through_agent) for a in i.accepts}


@st.composite
def _submitted_items(draw: st.DrawFn, kinds: st.SearchStrategy[ItemKind]) -> SubmittedItem:
    kind = draw(kinds)
    if kind in _NOT_PAPER:
        return SubmittedItem(kind=kind, holder=draw(_HOLDERS))
    form = draw(_FORMS)
    identity = kind in IDENTITY_KINDS
    return SubmittedItem(
        kind=kind,
        form=form,
        sides=draw(_SIDES) if form is Form.COPY else None,
        seals=tuple(draw(_SEALS)),
        issuer=draw(_ISSUERS),
        holder=draw(_HOLDERS),
        number=draw(_ANY_NUMBER) if identity else None,
        valid_until=draw(_ANY_VALID_UNTIL) if identity else None,
    )


_ANY_ITEM = _submitted_items(_KINDS)


class SubmittedItemFields(TypedDict, total=False):
    """The fields of :class:`SubmittedItem` to pin, each a value or a strategy."""

    kind: Pin[ItemKind | str]
    form: Pin[Form | str]
    sides: Pin[Sides | str | None]
    seals: Pin[tuple[Seal | str, ...]]
    issuer: Pin[Issuer | str | None]
    holder: Pin[Holder | str]
    number: Pin[str | None]
    valid_until: Pin[dt.date | str | None]


def submitted_items(
    kinds: st.SearchStrategy[ItemKind] | None = None, **fields: Unpack[SubmittedItemFields]
) -> st.SearchStrategy[SubmittedItem]:
    """Any valid submitted item (of one of ``kinds``; any kind by default): any form, sides, seals
    and issuer a document can have, and for identity documents valid, invalid and too-early numbers.
    Any field may be pinned; the kind is then drawn among those that can have the pinned fields (a
    copy, a seal or an issuer: a paper document; a number or an expiry: an identity document)."""
    if not fields:
        return _ANY_ITEM if kinds is None else _submitted_items(kinds)
    return _pinned_items(kinds, Pins("submitted_items", SubmittedItem, fields))


def _fits(kind: ItemKind, known: Mapping[str, Any]) -> bool:
    """Whether an item of ``kind`` can have the pinned fields ``known``."""
    paper = (
        known.get("form", Form.ORIGINAL) is not Form.ORIGINAL
        or known.get("sides") is not None
        or bool(known.get("seals"))
        or known.get("issuer") is not None
    )
    identity = known.get("number") is not None or known.get("valid_until") is not None
    return (kind not in _NOT_PAPER or not paper) and (kind in IDENTITY_KINDS or not identity)


@st.composite
def _pinned_items(
    draw: st.DrawFn, kinds: st.SearchStrategy[ItemKind] | None, pins: Pins[SubmittedItem]
) -> SubmittedItem:
    known = pins.resolve(draw)
    if "kind" in known:
        kind = known["kind"]
    else:
        fitting = [k for k in ItemKind if _fits(k, known)] or list(ItemKind)
        kind = draw(kinds) if kinds is not None else draw(st.sampled_from(fitting))
        if kind not in fitting:
            kind = draw(st.sampled_from(fitting))
    paper = kind not in _NOT_PAPER
    identity = kind in IDENTITY_KINDS
    if "form" in known:
        form = known["form"]
    elif known.get("sides") is not None:
        form = Form.COPY
    else:
        form = draw(_FORMS) if paper else Form.ORIGINAL
    return pins.build(
        {
            "kind": kind,
            "form": form,
            "sides": field(
                draw, known, "sides", lambda: _SIDES if form is Form.COPY else st.none()
            ),
            "seals": field(
                draw,
                known,
                "seals",
                lambda: _SEALS.map(tuple) if paper else st.just(()),
            ),
            "issuer": field(draw, known, "issuer", lambda: _ISSUERS if paper else st.none()),
            "holder": field(draw, known, "holder", lambda: _HOLDERS),
            "number": field(draw, known, "number", lambda: _ANY_NUMBER if identity else st.none()),
            "valid_until": field(
                draw,
                known,
                "valid_until",
                lambda: _ANY_VALID_UNTIL if identity else st.none(),
            ),
        }
    )


@functools.cache
def _unneeded(business: Business, through_agent: bool) -> st.SearchStrategy[SubmittedItem]:
    kinds = _accepted_kinds(business, through_agent)
    return _submitted_items(st.sampled_from([k for k in ItemKind if k not in kinds]))


def unneeded_items(business: Business, through_agent: bool) -> st.SearchStrategy[SubmittedItem]:
    """Items of a kind that no required item of ``business``'s checklist accepts."""
    return _unneeded(business, through_agent)


@functools.cache
def _jurisdictions(business: Business) -> st.SearchStrategy[Jurisdiction]:
    found = checklist(business)
    return st.sampled_from([j for j in Jurisdiction if found.applies_in(j)])


@functools.cache
def _alternatives(item: ChecklistItem) -> st.SearchStrategy[Alternative]:
    return st.sampled_from(item.accepts)


@functools.cache
def _extras(business: Business, through_agent: bool) -> st.SearchStrategy[list[SubmittedItem]]:
    return st.lists(unneeded_items(business, through_agent), max_size=3)


_BOOLEANS = st.booleans()
_BUSINESSES = st.sampled_from(Business)
_ITEM_LISTS = st.lists(_ANY_ITEM, max_size=8)


@dataclass(frozen=True, slots=True)
class LabelledSubmission:
    """A case with, for each submitted item, the checklist item it was drawn for (None: an extra)."""

    case: MaterialsCase
    serves: tuple[str | None, ...]


class SubmissionFields(TypedDict, total=False):
    """The fields of :class:`MaterialsCase` to pin in a drawn submission besides the business (the
    strategies' first argument); the items are what it draws."""

    through_agent: Pin[bool]
    evaluation_date: Pin[dt.date | str]
    jurisdiction: Pin[Jurisdiction | str]


class MaterialsFields(SubmissionFields, total=False):
    """The fields of :class:`MaterialsCase` to pin besides the business (the strategy's first
    argument), each a value or a strategy."""

    items: Pin[tuple[SubmittedItem, ...]]


def _submission_pins(
    strategy: str, business: Pin[Business | str] | None, fields: Mapping[str, object]
) -> Pins[MaterialsCase]:
    """The pins of a submission strategy: every field of the case but the items it draws."""
    if "items" in fields:
        raise InvalidArgument(
            f"{strategy}(items=...): the submission's items are what it draws; pin items with "
            "materials_cases(items=...)"
        )
    given = dict(fields) if business is None else {"business": business, **fields}
    return Pins(strategy, MaterialsCase, given)


def _agent_permitted(business: Business) -> bool:
    return checklist(business).agents is AgentPolicy.PERMITTED


@functools.cache
def _businesses(
    jurisdiction: Jurisdiction | None, through_agent: bool | None
) -> st.SearchStrategy[Business]:
    """The businesses whose checklist applies in ``jurisdiction`` and, for ``through_agent``, that an
    agent may do (every business when none fits: the case is then refused with its reason)."""
    fitting = [
        b
        for b in Business
        if (jurisdiction is None or checklist(b).applies_in(jurisdiction))
        and (not through_agent or _agent_permitted(b))
    ]
    return st.sampled_from(fitting or list(Business))


_Chooser = Callable[[Jurisdiction | None, bool | None], st.SearchStrategy[Business]]


def _business(draw: st.DrawFn, known: Mapping[str, Any], among: _Chooser | None = None) -> Business:
    """The pinned business, or one drawn ``among`` those that fit the pinned jurisdiction and agent
    (any business with a checklist there by default)."""
    if "business" in known:
        return known["business"]  # type: ignore[no-any-return]
    choose = among if among is not None else _businesses
    return draw(choose(known.get("jurisdiction"), known.get("through_agent")))


def complete_submissions(
    business: Pin[Business | str] | None = None,
    *,
    extras: bool = True,
    **fields: Unpack[SubmissionFields],
) -> st.SearchStrategy[LabelledSubmission]:
    """A submission meeting every required item of the checklist once (under the default options).

    With ``extras``, unneeded items (kinds no required item accepts) are mixed in. The business,
    whether an agent applies (only where agents are permitted), the evaluation date and the
    jurisdiction may be pinned; the items are what it draws.
    """
    pins = _submission_pins("complete_submissions", business, fields)
    return _complete_submissions(extras, pins)


@st.composite
def _complete_submissions(
    draw: st.DrawFn,
    extras: bool,
    pins: Pins[MaterialsCase],
    among: _Chooser | None = None,
) -> LabelledSubmission:
    known = pins.resolve(draw)
    chosen = _business(draw, known, among)
    if "through_agent" in known:
        through_agent = known["through_agent"]
        if through_agent and not _agent_permitted(chosen):
            if pins.strategies:
                reject()  # a pinned strategy drew a business or agent that do not go together
            raise InvalidArgument(
                f"{pins.strategy}({pins.describe()}): {chosen.value} cannot be done through an "
                "agent, so no submission through an agent is complete"
            )
    else:
        through_agent = draw(_BOOLEANS) if _agent_permitted(chosen) else False
    on = field(draw, known, "evaluation_date", evaluation_dates)
    labelled: list[tuple[SubmittedItem, str | None]] = []
    for item in _required_items(chosen, through_agent):
        alt = draw(_alternatives(item))
        labelled.append((_someone_else(draw(_conforming(alt, on)), labelled), item.id))
    if extras:
        for extra in draw(_extras(chosen, through_agent)):
            labelled.append((extra, None))
    labelled = draw(st.permutations(labelled))
    case = pins.build(
        {
            "business": chosen,
            "through_agent": through_agent,
            "items": tuple(i for i, _ in labelled),
            "evaluation_date": on,
            "jurisdiction": field(draw, known, "jurisdiction", lambda: _jurisdictions(chosen)),
        }
    )
    return LabelledSubmission(case, tuple(s for _, s in labelled))


def _someone_else(
    entry: SubmittedItem, labelled: list[tuple[SubmittedItem, str | None]]
) -> SubmittedItem:
    """``entry``, with another order code if it is an agent's document with an insured number."""
    taken = {i.number for i, _ in labelled if i.holder is Holder.INSURED and i.number is not None}
    if entry.holder is not Holder.AGENT or entry.number not in taken:
        return entry
    number = entry.number
    order = (int(number[14:17]) + 1) % 1000
    return entry.model_copy(update={"number": _with_check_digit(f"{number[:14]}{order:03d}")})


def submissions_missing_one_item(
    business: Pin[Business | str] | None = None, **fields: Unpack[SubmissionFields]
) -> st.SearchStrategy[tuple[MaterialsCase, str]]:
    """A complete submission with the item drawn for one checklist item removed, and that item's id
    (the fields of :func:`complete_submissions` may be pinned)."""
    pins = _submission_pins("submissions_missing_one_item", business, fields)
    return _submissions_missing_one_item(pins)


@st.composite
def _submissions_missing_one_item(
    draw: st.DrawFn, pins: Pins[MaterialsCase]
) -> tuple[MaterialsCase, str]:
    full = draw(_complete_submissions(True, pins))
    served = [n for n, s in enumerate(full.serves) if s is not None]
    drop = draw(st.sampled_from(served))
    items = tuple(i for n, i in enumerate(full.case.items) if n != drop)
    removed = full.serves[drop]
    assert removed is not None
    return full.case.model_copy(update={"items": items}), removed


def _spoilers(
    alt: Alternative, entry: SubmittedItem, on: dt.date, insured_numbers: tuple[str, ...] = ()
) -> list[tuple[DefectKind, dict[str, object]]]:
    """The ways ``entry`` (which meets ``alt``) can be spoiled, each with the update that does it
    (``insured_numbers``: the numbers on the insured person's identity documents)."""
    out: list[tuple[DefectKind, dict[str, object]]] = []
    if alt.form is FormRequirement.ORIGINAL and alt.kind not in _NOT_PAPER:
        out.append((DefectKind.COPY_NOT_ORIGINAL, {"form": Form.COPY, "sides": Sides.BOTH}))
    if alt.both_sides:
        out.append((DefectKind.SIDE_MISSING, {"form": Form.COPY, "sides": Sides.FRONT}))
        out.append((DefectKind.SIDES_NOT_STATED, {"form": Form.COPY, "sides": None}))
    for seal in alt.seals:
        out.append(
            (DefectKind.SEAL_MISSING, {"seals": tuple(s for s in entry.seals if s is not seal)})
        )
    if alt.issuers:
        wrong = next(i for i in Issuer if i not in alt.issuers)
        out.append((DefectKind.ISSUER_NOT_ACCEPTED, {"issuer": wrong}))
    if alt.kind in IDENTITY_KINDS:
        out.append((DefectKind.DOCUMENT_EXPIRED, {"valid_until": on - dt.timedelta(days=1)}))
        out.append((DefectKind.INVALID_ID_NUMBER, {"number": None}))  # number filled in below
        if alt.holder is Holder.AGENT:
            for number in insured_numbers:
                out.append((DefectKind.AGENT_IS_THE_INSURED, {"number": number}))
    return out


def _another_original(items: tuple[SubmittedItem, ...], n: int) -> bool:
    return any(
        m != n and e.kind is items[n].kind and e.form is Form.ORIGINAL for m, e in enumerate(items)
    )


_SPOILABLE = tuple(
    b for b in Business if b not in (Business.ONLINE_SUSPENSION, Business.BATCH_OFFSITE_FILING)
)
"""Businesses whose complete submissions always hold something that can be spoiled."""


@functools.cache
def _spoilable(
    jurisdiction: Jurisdiction | None, through_agent: bool | None
) -> st.SearchStrategy[Business]:
    """The businesses of :data:`_SPOILABLE` that fit the pinned jurisdiction and agent."""
    fitting = [
        b
        for b in _SPOILABLE
        if (jurisdiction is None or checklist(b).applies_in(jurisdiction))
        and (not through_agent or _agent_permitted(b))
    ]
    return st.sampled_from(fitting or list(_SPOILABLE))


def submissions_with_one_defect(
    business: Pin[Business | str] | None = None, **fields: Unpack[SubmissionFields]
) -> st.SearchStrategy[tuple[MaterialsCase, str, DefectKind]]:
    """A complete submission with one item spoiled in one way: the case, the item id and the defect
    (the fields of :func:`complete_submissions` may be pinned; an unpinned business is one whose
    complete submissions always hold something to spoil)."""
    pins = _submission_pins("submissions_with_one_defect", business, fields)
    return _submissions_with_one_defect(pins)


@st.composite
def _submissions_with_one_defect(
    draw: st.DrawFn, pins: Pins[MaterialsCase]
) -> tuple[MaterialsCase, str, DefectKind]:
    full = draw(_complete_submissions(False, pins, _spoilable))
    case = full.case
    options: list[tuple[int, str, DefectKind, dict[str, object]]] = []
    insured = tuple(
        i.number for i in case.items if i.holder is Holder.INSURED and i.number is not None
    )
    for n, (entry, item_id) in enumerate(zip(case.items, full.serves, strict=True)):
        assert item_id is not None
        alt = checklist(case.business).item(item_id).alternative(entry.kind)
        assert alt is not None
        for defect, update in _spoilers(alt, entry, case.evaluation_date, insured):
            if update.get("form") is Form.COPY and _another_original(case.items, n):
                continue  # that original would serve instead: nothing would be spoiled
            options.append((n, item_id, defect, update))
    if not options:  # a pinned business with nothing to spoil in this submission
        reject()
    n, item_id, defect, update = draw(st.sampled_from(options))
    entry = case.items[n]
    if defect is DefectKind.INVALID_ID_NUMBER:
        update = {"number": draw(invalid_id_numbers())}
    spoiled = SubmittedItem.model_validate({**entry.model_dump(), **update})
    items = tuple(spoiled if m == n else e for m, e in enumerate(case.items))
    return case.model_copy(update={"items": items}), item_id, defect


def materials_cases(
    business: Pin[Business | str] | None = None, **fields: Unpack[MaterialsFields]
) -> st.SearchStrategy[MaterialsCase]:
    """Any valid materials case: any business (one whose checklist applies in the jurisdiction),
    agent or not, any items (up to eight). Any field may be pinned."""
    given = dict(fields) if business is None else {"business": business, **fields}
    return _materials_cases(Pins("materials_cases", MaterialsCase, given))


@st.composite
def _materials_cases(draw: st.DrawFn, pins: Pins[MaterialsCase]) -> MaterialsCase:
    known = pins.resolve(draw)
    chosen = _business(draw, {k: v for k, v in known.items() if k != "through_agent"})
    return pins.build(
        {
            "business": chosen,
            "through_agent": field(draw, known, "through_agent", lambda: _BOOLEANS),
            "items": field(draw, known, "items", lambda: _ITEM_LISTS.map(tuple)),
            "evaluation_date": field(draw, known, "evaluation_date", lambda: _EVALUATION),
            "jurisdiction": field(draw, known, "jurisdiction", lambda: _jurisdictions(chosen)),
        }
    )
