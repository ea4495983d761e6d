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
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from hypothesis import reject
from hypothesis import strategies as st
from stdnum.cn import ric

from medins_rules.core.model import Jurisdiction
from medins_rules.processes.materials import (
    EARLIEST_BIRTH_DATE,
    IDENTITY_KINDS,
    PERMIT_PREFIXES,
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

__all__ = [
    "LabelledSubmission",
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


def submitted_items(
    kinds: st.SearchStrategy[ItemKind] | None = None,
) -> st.SearchStrategy[SubmittedItem]:
    """Any valid submitted item (of one of ``kinds``; any kind by default)."""
    return _ANY_ITEM if kinds is None else _submitted_items(kinds)


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


@st.composite
def complete_submissions(
    draw: st.DrawFn, business: Business | None = None, *, extras: bool = True
) -> LabelledSubmission:
    """A submission meeting every required item of the checklist once (under the default options).

    With ``extras``, unneeded items (kinds no required item accepts) are mixed in.
    """
    chosen = business if business is not None else draw(_BUSINESSES)
    agent_allowed = checklist(chosen).agents.value == "permitted"
    through_agent = draw(_BOOLEANS) if agent_allowed else False
    on = draw(evaluation_dates())
    labelled: list[tuple[SubmittedItem, str | None]] = []
    for item in _required_items(chosen, through_agent):
        alt = draw(_alternatives(item))
        labelled.append((_someone_else(draw(_conforming(alt, on)), labelled), item.id))
    if extras:
        for extra in draw(_extras(chosen, through_agent)):
            labelled.append((extra, None))
    labelled = draw(st.permutations(labelled))
    case = MaterialsCase(
        business=chosen,
        through_agent=through_agent,
        items=tuple(i for i, _ in labelled),
        evaluation_date=on,
        jurisdiction=draw(_jurisdictions(chosen)),
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


@st.composite
def submissions_missing_one_item(
    draw: st.DrawFn, business: Business | None = None
) -> tuple[MaterialsCase, str]:
    """A complete submission with the item drawn for one checklist item removed, and that item's id."""
    full = draw(complete_submissions(business))
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


@st.composite
def submissions_with_one_defect(
    draw: st.DrawFn, business: Business | None = None
) -> tuple[MaterialsCase, str, DefectKind]:
    """A complete submission with one item spoiled in one way: the case, the item id and the defect."""
    chosen = business if business is not None else draw(st.sampled_from(_SPOILABLE))
    full = draw(complete_submissions(chosen, extras=False))
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
    if not options:  # pragma: no cover - every business drawn has something to spoil
        reject()
    n, item_id, defect, update = draw(st.sampled_from(options))
    entry = case.items[n]
    if defect is DefectKind.INVALID_ID_NUMBER:
        update = {"number": draw(invalid_id_numbers())}
    spoiled = SubmittedItem.model_validate({**entry.model_dump(), **update})
    items = tuple(spoiled if m == n else e for m, e in enumerate(case.items))
    return case.model_copy(update={"items": items}), item_id, defect


@st.composite
def materials_cases(draw: st.DrawFn, business: Business | None = None) -> MaterialsCase:
    """Any valid materials case: any business, agent or not, any items (up to eight)."""
    chosen = business if business is not None else draw(_BUSINESSES)
    return MaterialsCase(
        business=chosen,
        through_agent=draw(_BOOLEANS),
        items=tuple(draw(_ITEM_LISTS)),
        evaluation_date=draw(_EVALUATION),
        jurisdiction=draw(_jurisdictions(chosen)),
    )
