"""The nightly path: records a chunk at a time, through the columnar engine where a rule has one.

A nightly run re-evaluates millions of open claims and keeps, for each, its outcome, its dates and its
reason codes: a *compact row* (:func:`compact_row`), not the whole decision with its messages and
citations. For the rules with a columnar form (the three deadline rules), :func:`columnar_rows`
decides a chunk of JSON records with :mod:`medins_rules.engine.columnar` and gives each record's
compact row; the per-record rule is asked only

* for the records the columns cannot take as they are (a field they do not model, such as the
  reimbursement rule's ``offsite_filing``; a value that is not plainly valid; a key given twice;
  anything the input model might refuse), which the caller evaluates one by one, as before, with
  their errors named by field, and
* once per distinct *reason key* (for the filing rule: the payment day, whether the claim is filed,
  the outcome, whether the treatment is covered), for the reason codes, the unpublished years and
  the provisional mark, which depend on nothing else. The record asked is one of the chunk's own;
  its compact row from the rule must equal the one from the columns, else every record of that key
  is left to the per-record rule.

So a row from the columns is the row of the rule's own decision (a property test checks it on
generated chunks), and a record the rule would refuse is never answered.

>>> import json
>>> from medins_rules.engine import catalogue
>>> spec = catalogue.get_rule("deadlines.reimbursement_filing")
>>> lines = [json.dumps({"payment_date": "2025-03-10", "treatment": "hospitalisation",
...                      "filing_date": "2025-09-10", "evaluation_date": "2025-09-10"}),
...          '{"payment_date": "2025-03-10", "payment_date": "2025-03-11"}']
>>> keys = RepresentativeCache()
>>> rows = columnar_rows(spec, lines, {}, keys)
>>> row = json.loads(rows[0].json)
>>> rows[0].outcome, row["last_on_time_day"], row["reason_codes"][0]
('on_time', '2025-09-10', 'reimbursement.filed_on_time')
>>> rows[1] is None  # a key given twice: the per-record rule refuses it, naming the key
True
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

import numpy as np
import orjson
from numpy.typing import NDArray

from medins_rules.core.errors import MedinsRulesError
from medins_rules.core.model import Jurisdiction, ReasonTemplate, RuleSpec, parse_jurisdiction
from medins_rules.engine import columnar
from medins_rules.engine.catalogue import all_reasons
from medins_rules.engine.rows import compact_fields, compact_row

__all__ = ["RepresentativeCache", "Row", "columnar_rows", "has_columnar_form"]

# -- the columnar forms --------------------------------------------------------------------------------

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


@dataclass(frozen=True, slots=True)
class _Field:
    """How a column is read: ``day``, ``enum`` (with its values), ``bool`` or ``absent`` (a field the
    columns do not model: a record giving it goes to the per-record rule)."""

    kind: str
    required: bool = False
    values: tuple[str, ...] = ()
    default: Any = None


@dataclass(frozen=True, slots=True)
class _Form:
    fields: Mapping[str, _Field]
    options: frozenset[str]  # the rule keywords the columnar function takes
    decide: Callable[[Mapping[str, Any], Jurisdiction, Mapping[str, Any]], dict[str, Any]]
    """Columns in -> the rule's own compact columns, plus ``outcome`` (codes), ``possible`` (lists
    of outcome values) and ``key`` (the reason key of each record, an int64 array of shape (n, k))."""
    outcomes: Sequence[StrEnum]


def _dates(days: NDArray[np.int64]) -> list[str]:
    """Day numbers as JSON (``"2025-03-10"``, ``null`` for NaT)."""
    text = np.datetime_as_string(days.view("datetime64[D]")).tolist()
    return ["null" if t == "NaT" else f'"{t}"' for t in text]


def _ints(values: NDArray[np.int64]) -> list[str]:
    """Counts as JSON (``null`` for -1, the columns' empty value)."""
    return ["null" if v == -1 else str(v) for v in values.tolist()]


def _texts(members: Sequence[StrEnum], codes: NDArray[np.int64]) -> list[str]:
    """Enum codes as their values in JSON."""
    quoted = [orjson.dumps(m.value).decode() for m in members]
    return [quoted[c] for c in codes.tolist()]


def _possible(members: Sequence[StrEnum], masks: NDArray[np.uint8]) -> list[str]:
    """Bit masks of the filing outcomes still possible (1 on time, 2 late, 4 forfeited) as JSON."""
    bits = [(1, "on_time"), (2, "late"), (4, "forfeited")]
    table = [orjson.dumps([v for bit, v in bits if mask & bit]).decode() for mask in range(8)]
    return [table[m] for m in masks.tolist()]


def _filing(
    cols: Mapping[str, Any], jurisdiction: Jurisdiction, kwargs: Mapping[str, Any]
) -> dict[str, Any]:
    r = columnar.reimbursement_filing_columns(
        cols["payment_date"],
        cols["treatment"],
        cols["filing_date"],
        evaluation_date=cols["evaluation_date"],
        jurisdiction=jurisdiction,
        **kwargs,
    )
    filed = ~np.isnat(cols["filing_date"])
    covered = columnar._COVERED[cols["treatment"]]
    key = np.stack(
        [
            cols["payment_date"].view(np.int64),
            filed.astype(np.int64),
            r.outcome.astype(np.int64),
            covered.astype(np.int64),
        ],
        axis=1,
    )
    return {
        "outcome": r.outcome,
        "possible": _possible(columnar.FILING_OUTCOMES, r.possible),
        "key": key,
        "payment_date": _dates(cols["payment_date"].view(np.int64)),
        "treatment": _texts(columnar.TREATMENTS, cols["treatment"]),
        "filing_date": _dates(cols["filing_date"].view(np.int64)),
        "last_on_time_day": _dates(r.last_on_time_day.view(np.int64)),
        "last_payable_day": _dates(r.last_payable_day.view(np.int64)),
        "last_on_time_day_earliest": _dates(r.last_on_time_day_earliest.view(np.int64)),
        "last_on_time_day_latest": _dates(r.last_on_time_day_latest.view(np.int64)),
        "last_payable_day_earliest": _dates(r.last_payable_day_earliest.view(np.int64)),
        "last_payable_day_latest": _dates(r.last_payable_day_latest.view(np.int64)),
        "days_left_on_time": _ints(r.days_left_on_time),
        "days_left_payable": _ints(r.days_left_payable),
        "days_left_on_time_min": _ints(r.days_left_on_time_min),
        "days_left_on_time_max": _ints(r.days_left_on_time_max),
        "days_left_payable_min": _ints(r.days_left_payable_min),
        "days_left_payable_max": _ints(r.days_left_payable_max),
    }


def _residence(
    cols: Mapping[str, Any], jurisdiction: Jurisdiction, kwargs: Mapping[str, Any]
) -> dict[str, Any]:
    r = columnar.offsite_filing_residence_columns(
        cols["proof"],
        cols["residence_start"],
        certificate_is_original=cols["certificate_is_original"],
        filing_date=cols["filing_date"],
        evaluation_date=cols["evaluation_date"],
        jurisdiction=jurisdiction,
        **kwargs,
    )
    filed = cols["filing_date"].view(np.int64)
    filing = np.where(~np.isnat(cols["filing_date"]), filed, cols["evaluation_date"].view(np.int64))
    certificate = columnar._CERTIFICATE[cols["proof"]]
    start = cols["residence_start"].view(np.int64)
    since = np.where(certificate, start, np.iinfo(np.int64).min)
    met = certificate & (filing >= r.first_date_met.view(np.int64))  # the main reason's own test
    key = np.stack(
        [
            cols["proof"].astype(np.int64),
            cols["certificate_is_original"].astype(np.int64),
            np.where(certificate, start, 0),
            met.astype(np.int64),
            r.outcome.astype(np.int64),
        ],
        axis=1,
    )
    return {
        "outcome": r.outcome,
        "possible": ["[]"] * len(r),
        "key": key,
        "proof": _texts(columnar.PROOFS, cols["proof"]),
        "filing_date": _dates(filing),
        "first_date_met": _dates(r.first_date_met.view(np.int64)),
        "continuous_since": _dates(since),
    }


def _settlement(
    cols: Mapping[str, Any], jurisdiction: Jurisdiction, kwargs: Mapping[str, Any]
) -> dict[str, Any]:
    r = columnar.service_settlement_columns(
        cols["application_date"],
        cols["channel"],
        evaluation_date=cols["evaluation_date"],
        jurisdiction=jurisdiction,
        **kwargs,
    )
    key = np.stack(
        [
            cols["application_date"].view(np.int64),
            cols["channel"].astype(np.int64),
            r.outcome.astype(np.int64),
        ],
        axis=1,
    )
    return {
        "outcome": r.outcome,
        "possible": ["[]"] * len(r),
        "key": key,
        "channel": _texts(columnar.CHANNELS, cols["channel"]),
        "application_date": _dates(cols["application_date"].view(np.int64)),
        "settlement_date": _dates(r.settlement_date.view(np.int64)),
        "settlement_date_earliest": _dates(r.settlement_date_earliest.view(np.int64)),
        "settlement_date_latest": _dates(r.settlement_date_latest.view(np.int64)),
    }


def _values(members: Sequence[StrEnum]) -> tuple[str, ...]:
    return tuple(m.value for m in members)


_JURISDICTION = _Field("jurisdiction", default=Jurisdiction.GUANGZHOU.value)

_FORMS: Mapping[str, _Form] = types.MappingProxyType(
    {
        "deadlines.reimbursement_filing": _Form(
            types.MappingProxyType(
                {
                    "payment_date": _Field("day", required=True),
                    "treatment": _Field("enum", True, _values(columnar.TREATMENTS)),
                    "offsite_filing": _Field("absent"),
                    "filing_date": _Field("day"),
                    "evaluation_date": _Field("day", required=True),
                    "jurisdiction": _JURISDICTION,
                }
            ),
            frozenset({"parameters", "calendar", "options"}),
            _filing,
            columnar.FILING_OUTCOMES,
        ),
        "deadlines.offsite_filing_residence": _Form(
            types.MappingProxyType(
                {
                    "proof": _Field("enum", True, _values(columnar.PROOFS)),
                    "residence_periods": _Field("absent"),
                    "residence_start": _Field("day"),
                    "certificate_is_original": _Field("bool", default=True),
                    "filing_date": _Field("day"),
                    "evaluation_date": _Field("day", required=True),
                    "jurisdiction": _JURISDICTION,
                }
            ),
            frozenset({"parameters"}),
            _residence,
            columnar.RESIDENCE_OUTCOMES,
        ),
        "deadlines.service_settlement": _Form(
            types.MappingProxyType(
                {
                    "application_date": _Field("day", required=True),
                    "channel": _Field("enum", True, _values(columnar.CHANNELS)),
                    "evaluation_date": _Field("day"),
                    "jurisdiction": _JURISDICTION,
                }
            ),
            frozenset({"parameters", "calendar"}),
            _settlement,
            columnar.SETTLEMENT_OUTCOMES,
        ),
    }
)


def has_columnar_form(spec: RuleSpec, kwargs: Mapping[str, Any]) -> bool:
    """Whether :func:`columnar_rows` can decide records of ``spec`` with these rule keywords."""
    form = _FORMS.get(spec.name)
    return form is not None and set(kwargs) <= form.options


# -- reading a chunk -----------------------------------------------------------------------------------


def _record(text: str | bytes) -> dict[str, Any] | None:
    """The JSON object of a line, or ``None`` when the per-record rule must read it (not an object,
    not JSON, or possibly a key given twice: orjson keeps the last silently, so a line with a
    backslash, whose quotes cannot be counted simply, or whose quotes do not match its keys and
    texts, is left to the checking parser)."""
    raw = text.encode() if isinstance(text, str) else text
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if type(value) is not dict or b"\\" in raw:
        return None
    if raw.count(b'"') != 2 * _strings(value):
        return None  # a key given twice (or a structure the count does not cover)
    return value


def _strings(value: Any) -> int:
    """How many JSON strings (keys and texts) ``value`` holds: each is two quotes in its line."""
    if type(value) is dict:
        return sum(1 + _strings(v) for v in value.values())
    if type(value) is list:
        return sum(_strings(v) for v in value)
    return 1 if type(value) is str else 0


def _plainly_valid(record: Mapping[str, Any], form: _Form) -> bool:
    """Whether every field is one the columns model, of the plain shape the input model accepts
    (the columns then check days, order and the rule's refusals as the rule does)."""
    for name, value in record.items():
        field = form.fields.get(name)
        if field is None or (field.kind == "absent" and value is not None):
            return False
        if value is None:
            if field.required:
                return False
            continue
        if field.kind == "day":
            if type(value) is not str or not _ISO.fullmatch(value) or value.startswith("0000"):
                return False
        elif field.kind == "enum":
            if type(value) is not str or value not in field.values:
                return False
        elif field.kind == "bool":
            if type(value) is not bool:
                return False
        elif field.kind == "jurisdiction" and (
            type(value) is not str or value not in _JURISDICTIONS
        ):
            return False
    return all(name in record for name, field in form.fields.items() if field.required)


_JURISDICTIONS = frozenset(j.value for j in Jurisdiction)


def _columns(records: Sequence[Mapping[str, Any]], form: _Form) -> dict[str, Any] | None:
    """The chunk's columns, or ``None`` if a day is not a calendar day (30 February): then the
    records are taken one by one to find it."""
    cols: dict[str, Any] = {}
    for name, field in form.fields.items():
        if field.kind == "absent" or field.kind == "jurisdiction":
            continue
        column = [r.get(name, field.default) for r in records]
        if field.kind == "day":
            try:
                cols[name] = np.array(
                    [v if v is not None else "NaT" for v in column], dtype="datetime64[D]"
                )
            except ValueError:
                return None
        elif field.kind == "enum":
            index = {v: i for i, v in enumerate(field.values)}
            cols[name] = np.array([index[v] for v in column], dtype=np.int64)
        else:
            cols[name] = np.array(column, dtype=bool)
    return cols


def _calendar_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class Row(NamedTuple):
    """A record's compact row as the columns give it: its outcome and the row as JSON text (an
    object without ``line``); with ``messages``, the decision's main message (its first reason's)
    in English and Chinese."""

    outcome: str
    json: str
    message_en: str | None = None
    message_zh: str | None = None


class _Known(NamedTuple):
    """What the representative of a reason key fixes: the two JSON pieces of its rows, and its
    main reason (the template and facts the other records' messages are written from)."""

    middle: str
    tail: str
    template: ReasonTemplate
    facts: Mapping[str, Any]


class RepresentativeCache:
    """What the rule said for each reason key met so far in a run (its reason codes, unpublished
    years and provisional mark), or that the key is left to the per-record rule. One per run: it
    grows with the distinct keys (for a nightly run, a few thousand), never with the records."""

    __slots__ = ("entries",)

    def __init__(self) -> None:
        self.entries: dict[tuple[Any, ...], _Known | None] = {}


def columnar_rows(
    spec: RuleSpec,
    lines: Sequence[str | bytes],
    kwargs: Mapping[str, Any],
    cache: RepresentativeCache,
    *,
    messages: bool = False,
) -> list[Row | None]:
    """The compact row (without ``line``) of each JSON line the columns decide, ``None`` for each
    line the caller must evaluate with the per-record rule (see the module's docstring).

    ``kwargs`` are the rule's keywords (``parameters``, ``calendar``, ``options``), one for the
    chunk; ``cache`` carries the representatives' answers from chunk to chunk. With ``messages``
    each row also carries the decision's main message (its first reason's, in English and
    Chinese): the representative's reason template, written with the record's own facts (those
    of its row, then those of its input) and the key's for the rest (the parameters and the years
    a key fixes); a key whose representative's own message does not come out so is left to the
    per-record rule.
    """
    form = _FORMS[spec.name]
    out: list[Row | None] = [None] * len(lines)
    by_jurisdiction: dict[str, list[int]] = {}
    records: list[dict[str, Any] | None] = []
    for i, line in enumerate(lines):
        record = _record(line)
        records.append(record)
        if record is not None and _plainly_valid(record, form):
            jurisdiction = record.get("jurisdiction") or _JURISDICTION.default
            by_jurisdiction.setdefault(jurisdiction, []).append(i)
    for code, positions in by_jurisdiction.items():
        _decide(spec, form, code, positions, records, kwargs, cache, out, messages)
    return out


def _decide(
    spec: RuleSpec,
    form: _Form,
    code: str,
    positions: list[int],
    records: list[dict[str, Any] | None],
    kwargs: Mapping[str, Any],
    cache: RepresentativeCache,
    out: list[Row | None],
    messages: bool = False,
) -> None:
    """Decide the records at ``positions`` (one jurisdiction) into ``out``; a record the columns
    refuse is left out (the per-record rule reports it) and the others are decided again."""
    jurisdiction = parse_jurisdiction(code)
    chosen = [records[i] for i in positions]
    cols = _columns(chosen, form)  # type: ignore[arg-type]
    if cols is None:  # a day that is not a calendar day: keep the records whose days are
        keep = [
            i
            for i, r in zip(positions, chosen, strict=True)
            if r is not None
            and all(
                _calendar_day(v)
                for name, f in form.fields.items()
                if f.kind == "day" and isinstance(v := r.get(name), str)
            )
        ]
        if keep and len(keep) < len(positions):
            _decide(spec, form, code, keep, records, kwargs, cache, out, messages)
        return
    while positions:
        try:
            result = form.decide(cols, jurisdiction, kwargs)
        except columnar.ColumnarInputError as exc:
            bad: int | None = exc.index
        except MedinsRulesError as exc:
            bad = _record_of(exc)
        except Exception:  # never a wrong answer: the per-record rule decides them all
            bad = None
        else:
            _rows(spec, form, code, positions, records, result, kwargs, cache, out, messages)
            return
        if bad is None:
            return  # not one record's refusal: every record goes to the per-record rule
        positions = positions[:bad] + positions[bad + 1 :]
        cols = {name: np.delete(column, bad) for name, column in cols.items()}


_RECORD_NOTE = re.compile(r"^record (\d+)\b")


def _record_of(exc: BaseException) -> int | None:
    """The position of the record a columnar function's refusal names (in its note)."""
    for note in getattr(exc, "__notes__", ()):
        match = _RECORD_NOTE.match(note)
        if match:
            return int(match.group(1))
    return None


def _rows(
    spec: RuleSpec,
    form: _Form,
    code: str,
    positions: list[int],
    records: list[dict[str, Any] | None],
    result: dict[str, Any],
    kwargs: Mapping[str, Any],
    cache: RepresentativeCache,
    out: list[Row | None],
    messages: bool = False,
) -> None:
    """Each decided record's compact row as JSON text, written from the columns' JSON fragments and
    its key's representative (the reason codes, unpublished years and provisional mark), and with
    ``messages`` its main message."""
    own = compact_fields(spec.decision_model)
    quoted = [orjson.dumps(o.value).decode() for o in form.outcomes]
    codes = result["outcome"].tolist()
    outcome = [quoted[c] for c in codes]
    values = [form.outcomes[c].value for c in codes]
    possible = result["possible"]
    keys = [tuple(k) for k in result["key"].tolist()]
    columns = [result[name] for name in own]
    names = [orjson.dumps(name).decode() + ":" for name in own]
    for j, position in enumerate(positions):
        key = (code, *keys[j])
        known = cache.entries.get(key, _UNSEEN)
        if known is _UNSEEN:
            row = {
                "outcome": orjson.loads(outcome[j]),
                "possible_outcomes": orjson.loads(possible[j]),
                "missing_facts": [],
                **{
                    name: orjson.loads(column[j]) for name, column in zip(own, columns, strict=True)
                },
            }
            known = cache.entries[key] = _representative(spec, records[position], row, kwargs)
        if known is None:
            continue  # left to the per-record rule
        fields = ",".join([name + column[j] for name, column in zip(names, columns, strict=True)])
        en = zh = None
        if messages:
            mine = {n: c[j] for n, c in zip(own, columns, strict=True) if n in known.facts}
            en, zh = _messages(known, mine, records[position])
        out[position] = Row(
            values[j],
            f'{{"outcome":{outcome[j]},"possible_outcomes":{possible[j]},"missing_facts":[],'
            f"{known.middle},{fields},{known.tail}}}",
            en,
            zh,
        )


_UNSEEN: Any = object()


def _representative(
    spec: RuleSpec,
    record: dict[str, Any] | None,
    row: dict[str, Any],
    kwargs: Mapping[str, Any],
) -> _Known | None:
    """The rule's own answer for one record of a key, as the two JSON pieces of a row it fixes (the
    unpublished years and provisional mark; the reason codes) and its main reason, if its compact
    row equals the columns' row and its main message comes out of its template with the facts the
    other records of the key would give (else ``None``: the key is left to the per-record rule)."""
    try:
        decision = spec.function(spec.input_model.model_validate(record), **kwargs)
    except Exception:  # refused or failed: the per-record rule reports it
        return None
    expected = compact_row(decision)
    for name, value in row.items():
        if expected.get(name) != value:
            return None
    years = orjson.dumps(expected["unpublished_years"]).decode()
    provisional = orjson.dumps(expected["provisional"]).decode()
    codes = orjson.dumps(expected["reason_codes"]).decode()
    main = decision.reasons[0]
    template = all_reasons().get(main.code)
    if template is None:  # pragma: no cover - every reason comes from a template
        return None
    known = _Known(
        f'"unpublished_years":{years},"provisional":{provisional}',
        f'"reason_codes":{codes}',
        template,
        main.facts,
    )
    own = {name: orjson.dumps(row[name]).decode() for name in row if name in main.facts}
    if _messages(known, own, record) != (main.message_en, main.message_zh):
        return None
    return known


def _messages(
    known: _Known, own: Mapping[str, str], record: Mapping[str, Any] | None
) -> tuple[str, str]:
    """A record's main message in English and Chinese: its key's template, with each fact taken
    from the record's row (``own``: JSON fragments), else from its input, else from the key."""
    facts: dict[str, Any] = {}
    for name, value in known.facts.items():
        if name in own:
            facts[name] = orjson.loads(own[name])
        elif record is not None and name in record:
            facts[name] = record[name]
        else:
            facts[name] = value
    return known.template.en.format_map(facts), known.template.zh.format_map(facts)
