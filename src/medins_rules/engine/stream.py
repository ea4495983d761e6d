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


_NAT = np.iinfo(np.int64).min
_POSSIBLE_BITS = ((1, "on_time"), (2, "late"), (4, "forfeited"))


class _Column:
    """One of the rule's own fields over a chunk, as the columns give it: written as JSON text
    fragments (one a record), one record's value read as the per-record row has it."""

    def fragments(self) -> list[str]:
        raise NotImplementedError

    def value(self, j: int) -> Any:
        raise NotImplementedError

    def arrow(self) -> Any:
        """The fragments as a pyarrow string array (the extra ``columnar``'s fast writer)."""
        import pyarrow as pa

        return pa.array(self.fragments(), type=pa.string())


@dataclass(frozen=True, slots=True)
class _Days(_Column):
    """Day numbers (NaT as the smallest int64): ``"2025-03-10"`` or ``null``."""

    days: NDArray[np.int64]

    def fragments(self) -> list[str]:
        text = np.datetime_as_string(self.days.view("datetime64[D]")).tolist()
        return ["null" if t == "NaT" else f'"{t}"' for t in text]

    def value(self, j: int) -> Any:
        day = int(self.days[j])
        return None if day == _NAT else str(self.days[j : j + 1].view("datetime64[D]")[0])

    def arrow(self) -> Any:
        import pyarrow as pa
        import pyarrow.compute as pc

        days = pa.array(self.days.view("datetime64[D]"), type=pa.date32())
        quoted = pc.binary_join_element_wise('"', days.cast(pa.string()), '"', "")
        return pc.fill_null(quoted, "null")


@dataclass(frozen=True, slots=True)
class _Counts(_Column):
    """Counts (``-1``, the columns' empty value, as ``null``)."""

    counts: NDArray[np.int64]

    def fragments(self) -> list[str]:
        return ["null" if v == -1 else str(v) for v in self.counts.tolist()]

    def value(self, j: int) -> Any:
        count = int(self.counts[j])
        return None if count == -1 else count

    def arrow(self) -> Any:
        import pyarrow as pa
        import pyarrow.compute as pc

        counts = pa.array(self.counts, mask=self.counts == -1)
        return pc.fill_null(counts.cast(pa.string()), "null")


@dataclass(frozen=True, slots=True)
class _Texts(_Column):
    """Enum codes, written as the members' values."""

    members: Sequence[StrEnum]
    codes: NDArray[np.int64]

    def _quoted(self) -> list[str]:
        return [orjson.dumps(m.value).decode() for m in self.members]

    def fragments(self) -> list[str]:
        quoted = self._quoted()
        return [quoted[c] for c in self.codes.tolist()]

    def value(self, j: int) -> Any:
        return self.members[int(self.codes[j])].value

    def arrow(self) -> Any:
        import pyarrow as pa

        return pa.array(self._quoted(), type=pa.string()).take(pa.array(self.codes))


@dataclass(frozen=True, slots=True)
class _Possible(_Column):
    """The filing outcomes still possible, as bit masks (1 on time, 2 late, 4 forfeited); ``None``
    masks for a rule whose outcomes are always decided."""

    masks: NDArray[np.uint8]

    @staticmethod
    def _table() -> list[str]:
        return [
            orjson.dumps([v for bit, v in _POSSIBLE_BITS if mask & bit]).decode()
            for mask in range(8)
        ]

    def fragments(self) -> list[str]:
        table = self._table()
        return [table[m] for m in self.masks.tolist()]

    def value(self, j: int) -> Any:
        return [v for bit, v in _POSSIBLE_BITS if int(self.masks[j]) & bit]

    def arrow(self) -> Any:
        import pyarrow as pa

        return pa.array(self._table(), type=pa.string()).take(pa.array(self.masks))


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
        "possible": _Possible(r.possible),
        "key": key,
        "payment_date": _Days(cols["payment_date"].view(np.int64)),
        "treatment": _Texts(columnar.TREATMENTS, cols["treatment"]),
        "filing_date": _Days(cols["filing_date"].view(np.int64)),
        "last_on_time_day": _Days(r.last_on_time_day.view(np.int64)),
        "last_payable_day": _Days(r.last_payable_day.view(np.int64)),
        "last_on_time_day_earliest": _Days(r.last_on_time_day_earliest.view(np.int64)),
        "last_on_time_day_latest": _Days(r.last_on_time_day_latest.view(np.int64)),
        "last_payable_day_earliest": _Days(r.last_payable_day_earliest.view(np.int64)),
        "last_payable_day_latest": _Days(r.last_payable_day_latest.view(np.int64)),
        "days_left_on_time": _Counts(r.days_left_on_time),
        "days_left_payable": _Counts(r.days_left_payable),
        "days_left_on_time_min": _Counts(r.days_left_on_time_min),
        "days_left_on_time_max": _Counts(r.days_left_on_time_max),
        "days_left_payable_min": _Counts(r.days_left_payable_min),
        "days_left_payable_max": _Counts(r.days_left_payable_max),
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
        "possible": _Possible(np.zeros(len(r), np.uint8)),
        "key": key,
        "proof": _Texts(columnar.PROOFS, cols["proof"]),
        "filing_date": _Days(filing),
        "first_date_met": _Days(r.first_date_met.view(np.int64)),
        "continuous_since": _Days(since),
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
        "possible": _Possible(np.zeros(len(r), np.uint8)),
        "key": key,
        "channel": _Texts(columnar.CHANNELS, cols["channel"]),
        "application_date": _Days(cols["application_date"].view(np.int64)),
        "settlement_date": _Days(r.settlement_date.view(np.int64)),
        "settlement_date_earliest": _Days(r.settlement_date_earliest.view(np.int64)),
        "settlement_date_latest": _Days(r.settlement_date_latest.view(np.int64)),
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
    """What the representative of a reason key fixes: the two JSON pieces of its rows (``[0]`` and
    ``[1]``), its main reason (the template and facts the other records' messages are written
    from), and whether its own main message comes out of that template so (when it does not, a
    run that wants the messages leaves the key to the per-record rule)."""

    middle: str
    tail: str
    template: ReasonTemplate | None
    facts: Mapping[str, Any]
    messages: bool


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
    possible_column: _Column = result["possible"]
    possible = possible_column.fragments()
    keys = [tuple(k) for k in result["key"].tolist()]
    own_columns: list[_Column] = [result[name] for name in own]
    columns = [column.fragments() for column in own_columns]
    names = [orjson.dumps(name).decode() + ":" for name in own]
    for j, position in enumerate(positions):
        known = _known(spec, code, keys[j], j, values[j], possible_column, own, own_columns,
                       records[position], kwargs, cache)  # fmt: skip
        if known is None or (messages and not known.messages):
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


def _known(
    spec: RuleSpec,
    code: str,
    key: tuple[Any, ...],
    j: int,
    outcome: str,
    possible: _Column,
    own: Sequence[str],
    columns: Sequence[_Column],
    record: Mapping[str, Any] | None,
    kwargs: Mapping[str, Any],
    cache: RepresentativeCache,
) -> _Known | None:
    """What a record's reason key fixes (:class:`_Known`), from the cache or from the rule asked on
    this record (its row then checked against the columns' row)."""
    full_key = (code, *key)
    known = cache.entries.get(full_key, _UNSEEN)
    if known is _UNSEEN:
        row = {
            "outcome": outcome,
            "possible_outcomes": possible.value(j),
            "missing_facts": [],
            **{name: column.value(j) for name, column in zip(own, columns, strict=True)},
        }
        known = cache.entries[full_key] = _representative(spec, record, row, kwargs)
    return known  # type: ignore[no-any-return]


_UNSEEN: Any = object()


def _representative(
    spec: RuleSpec,
    record: Mapping[str, Any] | None,
    row: dict[str, Any],
    kwargs: Mapping[str, Any],
) -> _Known | None:
    """The rule's own answer for one record of a key, as the two JSON pieces of a row it fixes (the
    unpublished years and provisional mark; the reason codes) and its main reason, if its compact
    row equals the columns' row (else ``None``: the key is left to the per-record rule); whether
    its main message comes out of its template with the facts the other records of the key would
    give is kept beside (:attr:`_Known.messages`)."""
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
    middle = f'"unpublished_years":{years},"provisional":{provisional}'
    tail = f'"reason_codes":{codes}'
    main = decision.reasons[0]
    template = all_reasons().get(main.code)
    if template is None:  # pragma: no cover - every reason comes from a template
        return _Known(middle, tail, None, main.facts, False)
    known = _Known(middle, tail, template, main.facts, True)
    own = {name: orjson.dumps(row[name]).decode() for name in row if name in main.facts}
    if _messages(known, own, record) != (main.message_en, main.message_zh):
        return known._replace(messages=False)
    return known


def _messages(
    known: _Known, own: Mapping[str, str], record: Mapping[str, Any] | None
) -> tuple[str, str]:
    """A record's main message in English and Chinese: its key's template, with each fact taken
    from the record's row (``own``: JSON fragments), else from its input, else from the key."""
    template = known.template
    if template is None:  # pragma: no cover - a key without a template is never asked for one
        raise ValueError("no reason template for this key")
    facts: dict[str, Any] = {}
    for name, value in known.facts.items():
        if name in own:
            facts[name] = orjson.loads(own[name])
        elif record is not None and name in record:
            facts[name] = record[name]
        else:
            facts[name] = value
    return template.en.format_map(facts), template.zh.format_map(facts)


# -- the same through pyarrow: the chunk parsed, checked and written without a loop over records -------


@dataclass(frozen=True, slots=True)
class ArrowChunk:
    """What :func:`arrow_rows` decided of a chunk: for each line whether the columns decided it and
    its outcome, and the decided lines' rows (each ending with a newline, ``line`` first), in line
    order, as one text with the rows' ``bounds`` (row ``k`` is ``text[bounds[k]:bounds[k + 1]]``)."""

    decided: NDArray[np.bool_]
    outcomes: Sequence[str]  # of the decided lines, in order
    text: bytes
    bounds: NDArray[np.int64]


def _arrow_schema(form: _Form) -> Any:
    import pyarrow as pa

    kinds = {
        "day": pa.string(),
        "enum": pa.string(),
        "jurisdiction": pa.string(),
        "bool": pa.bool_(),
    }
    return pa.schema(
        [(name, kinds[f.kind]) for name, f in form.fields.items() if f.kind != "absent"]
    )


def _arrow_table(lines: Sequence[bytes], form: _Form) -> Any | None:
    """The chunk read by pyarrow's JSON reader with the form's schema, or ``None`` when it refuses
    the chunk (a key given twice, a value of another type, a line that is not one object, bytes
    that are not UTF-8: the lines then go through the checking path one by one). Keys the schema
    does not have (a field the columns do not model, an unknown key) become columns of their own,
    and the records that give them are left to the per-record rule."""
    table = _arrow_block_table(b"\n".join(lines), form)
    return table if table is not None and table.num_rows == len(lines) else None


def _arrow_block_table(block: bytes, form: _Form) -> Any | None:
    """:func:`_arrow_table` for the lines joined."""
    import io

    import pyarrow.json as pj

    options = pj.ParseOptions(
        explicit_schema=_arrow_schema(form), unexpected_field_behavior="infer"
    )
    try:
        table = pj.read_json(
            io.BytesIO(block),
            read_options=pj.ReadOptions(use_threads=False, block_size=len(block) + 1),
            parse_options=options,
        )
    except Exception:  # any refusal of the reader: the lines are read one by one instead
        return None
    return table


def _arrow_columns(
    table: Any, lines: Any, block: bytes, form: _Form
) -> tuple[dict[str, Any], NDArray[np.bool_], NDArray[np.int64]]:
    """The columns as the columnar functions take them, which records are plainly valid (as
    :func:`_plainly_valid` says of a record), and each record's jurisdiction code (an index into
    :data:`_JURISDICTION_CODES`)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    size = table.num_rows
    valid = np.ones(size, dtype=bool)
    cols: dict[str, Any] = {}
    jurisdiction = np.full(size, _JURISDICTION_CODES.index(_JURISDICTION.default), np.int64)

    def given(name: str) -> NDArray[np.bool_]:
        """The records whose line names ``name`` (an explicit null is not the default); looked for
        line by line only when the chunk names it at all."""
        if f'"{name}"'.encode() not in block:
            return np.zeros(size, dtype=bool)
        named = pc.match_substring(lines, f'"{name}"')
        return np.asarray(named.to_numpy(zero_copy_only=False), dtype=bool)

    for name in table.column_names:
        if name not in form.fields:
            valid &= ~given(name)  # a key no field has, refused by the model even when null
        elif form.fields[name].kind == "absent":  # a field the columns do not model: null only
            valid &= np.asarray(table.column(name).is_null().to_numpy(zero_copy_only=False), bool)
    for name, field in form.fields.items():
        if field.kind == "absent":
            continue
        column = table.column(name).combine_chunks()
        present = ~np.asarray(column.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        if field.required:
            valid &= present
        if field.kind == "day":
            shaped = pc.fill_null(
                pc.and_(
                    pc.match_substring_regex(column, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
                    pc.invert(pc.starts_with(column, "0000")),
                ),
                False,
            )
            candidates = pc.if_else(shaped, column, pa.scalar(None, pa.string()))
            try:  # strict: 30 February is refused (and then the days are checked one by one)
                days = candidates.cast(pa.date32())
                ok = shaped
            except pa.ArrowInvalid:
                parsed = pc.strptime(candidates, format="%Y-%m-%d", unit="s", error_is_null=True)
                exact = pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), candidates)
                ok = pc.fill_null(pc.and_(shaped, exact), False)
                days = pc.if_else(ok, parsed.cast(pa.date32()), pa.scalar(None, pa.date32()))
            valid &= ~present | np.asarray(ok.to_numpy(zero_copy_only=False), dtype=bool)
            cols[name] = np.asarray(days.to_numpy(zero_copy_only=False), dtype="datetime64[D]")
        elif field.kind == "enum":
            index = pc.index_in(column, value_set=pa.array(list(field.values)))
            found = ~np.asarray(index.is_null().to_numpy(zero_copy_only=False), dtype=bool)
            valid &= found | ~present
            cols[name] = np.asarray(pc.fill_null(index, 0).to_numpy(), dtype=np.int64)
        elif field.kind == "bool":
            if not present.all():
                valid &= present | ~given(name)
            cols[name] = np.asarray(
                pc.fill_null(column, bool(field.default)).to_numpy(zero_copy_only=False), bool
            )
        elif field.kind == "jurisdiction":
            index = pc.index_in(column, value_set=pa.array(list(_JURISDICTION_CODES)))
            found = ~np.asarray(index.is_null().to_numpy(zero_copy_only=False), dtype=bool)
            valid &= found | ~present
            if not present.all():
                valid &= present | ~given(name)
            jurisdiction = np.where(
                found, np.asarray(pc.fill_null(index, 0).to_numpy(), dtype=np.int64), jurisdiction
            )
    return cols, valid, jurisdiction


_JURISDICTION_CODES = tuple(j.value for j in Jurisdiction)
_SMALLEST_PART = 16
"""A part of a chunk the JSON reader refuses is halved until it is this small; its lines are then
read one by one."""


def line_lengths(block: bytes) -> NDArray[np.int64]:
    """The length in bytes of each line of ``block`` (lines end with a line feed; the last may not).

    >>> line_lengths(b'{"a": 1}\\n{}\\n').tolist()
    [8, 2, 0]
    """
    ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 0x0A)
    bounds = np.concatenate(([-1], ends, [len(block)]))
    return np.diff(bounds).astype(np.int64) - 1


def arrow_block(
    spec: RuleSpec,
    block: bytes,
    first: int,
    kwargs: Mapping[str, Any],
    cache: RepresentativeCache,
) -> ArrowChunk | None:
    """:func:`arrow_rows` for a block of JSON lines as read (numbered from ``first``; none blank,
    no carriage returns), without splitting it into lines in Python: the reader takes the block,
    the lines' texts are cut from it by pyarrow. ``None`` when pyarrow is not installed or the
    reader refuses the block (its lines then go through :func:`arrow_rows` or one by one)."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:
        return None
    form = _FORMS[spec.name]
    table = _arrow_block_table(block, form)
    if table is None:
        return None
    texts = pc.split_pattern(pa.array([block], type=pa.binary()), b"\n").flatten().cast(pa.string())
    if len(texts) != table.num_rows:
        return None
    numbers = np.arange(first, first + len(texts), dtype=np.int64)
    return _arrow_chunk(spec, form, table, texts, block, numbers, kwargs, cache)


def arrow_rows(
    spec: RuleSpec,
    lines: Sequence[bytes],
    numbers: Sequence[int],
    kwargs: Mapping[str, Any],
    cache: RepresentativeCache,
) -> ArrowChunk | None:
    """:func:`columnar_rows` through pyarrow, for JSON lines (stripped, none empty) numbered
    ``numbers``: the chunk parsed by pyarrow's JSON reader, its values checked and its rows
    written as array operations. The rows are the same bytes the per-line path writes (a property
    test checks it). ``None`` when pyarrow is not installed; lines it cannot decide (in a part of
    the chunk the reader refuses, or not plainly valid) are marked undecided, for the per-line path.
    """
    try:
        import pyarrow as pa
    except ImportError:
        return None
    form = _FORMS[spec.name]
    table = _arrow_table(lines, form)
    if table is None:  # refused as a whole: the halves are read apart, down to a few lines
        if len(lines) <= _SMALLEST_PART:
            return ArrowChunk(np.zeros(len(lines), bool), [], b"", np.zeros(1, np.int64))
        half = len(lines) // 2
        first = arrow_rows(spec, lines[:half], numbers[:half], kwargs, cache)
        second = arrow_rows(spec, lines[half:], numbers[half:], kwargs, cache)
        assert first is not None
        assert second is not None
        return ArrowChunk(
            np.concatenate([first.decided, second.decided]),
            [*first.outcomes, *second.outcomes],
            first.text + second.text,
            np.concatenate([first.bounds, second.bounds[1:] + first.bounds[-1]]),
        )
    texts = pa.array(lines, type=pa.binary()).cast(pa.string())
    return _arrow_chunk(spec, form, table, texts, b"\n".join(lines), numbers, kwargs, cache)


def _arrow_chunk(
    spec: RuleSpec,
    form: _Form,
    table: Any,
    texts: Any,
    block: bytes,
    numbers: Sequence[int] | NDArray[np.int64],
    kwargs: Mapping[str, Any],
    cache: RepresentativeCache,
) -> ArrowChunk:
    """A chunk the reader has read (``table``; ``texts`` its lines, ``block`` them joined): its
    values checked, its records decided by the columns and their rows written."""
    import pyarrow as pa

    cols, valid, jurisdiction = _arrow_columns(table, texts, block, form)
    size = len(texts)
    decided = np.zeros(size, dtype=bool)
    codes = np.zeros(size, dtype=np.int64)
    row_parts: list[tuple[NDArray[np.int64], Any]] = []
    for code_index in np.unique(jurisdiction[valid]).tolist():
        positions = np.flatnonzero(valid & (jurisdiction == code_index))
        _arrow_decide(
            spec, form, _JURISDICTION_CODES[code_index], positions, cols, table, numbers,
            kwargs, cache, decided, codes, row_parts,
        )  # fmt: skip
    if not row_parts:
        return ArrowChunk(decided, [], b"", np.zeros(1, np.int64))
    order = np.concatenate([p for p, _ in row_parts])
    rows = pa.concat_arrays([r for _, r in row_parts])
    rows = rows.take(pa.array(np.argsort(order, kind="stable")))
    values = [o.value for o in form.outcomes]
    outcomes = [values[c] for c in codes[decided].tolist()]
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int32)[
        rows.offset : rows.offset + len(rows) + 1
    ]
    data = rows.buffers()[2]
    text = data.to_pybytes()[int(offsets[0]) : int(offsets[-1])]
    return ArrowChunk(decided, outcomes, text, (offsets - offsets[0]).astype(np.int64))


def _unique_rows(matrix: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The distinct rows of an integer matrix and each row's index among them (as
    ``np.unique(matrix, axis=0, return_inverse=True)``, by one sort of a combined code)."""
    combined = np.zeros(len(matrix), dtype=np.int64)
    for column in matrix.T:  # renumbered after each column, so the codes stay below the rows
        values, index = np.unique(column, return_inverse=True)
        mixed = combined * len(values) + index.reshape(-1)
        _, combined = np.unique(mixed, return_inverse=True)
        combined = combined.reshape(-1).astype(np.int64)
    _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    return matrix[first], inverse.reshape(-1)


def _arrow_decide(
    spec: RuleSpec,
    form: _Form,
    code: str,
    positions: NDArray[np.int64],
    all_cols: Mapping[str, Any],
    table: Any,
    numbers: Sequence[int] | NDArray[np.int64],
    kwargs: Mapping[str, Any],
    cache: RepresentativeCache,
    decided: NDArray[np.bool_],
    codes: NDArray[np.int64],
    row_parts: list[tuple[NDArray[np.int64], Any]],
) -> None:
    """One jurisdiction's records: decided by the columns (a record they refuse is left out and the
    others decided again), their keys' representatives asked, their rows written."""
    import pyarrow as pa
    import pyarrow.compute as pc

    jurisdiction = parse_jurisdiction(code)
    cols = {name: column[positions] for name, column in all_cols.items()}
    while len(positions):
        try:
            result = form.decide(cols, jurisdiction, kwargs)
        except columnar.ColumnarInputError as exc:
            bad: int | None = exc.index
        except MedinsRulesError as exc:
            bad = _record_of(exc)
        except Exception:  # never a wrong answer: the per-record rule decides them all
            bad = None
        else:
            break
        if bad is None:
            return
        positions = np.delete(positions, bad)
        cols = {name: np.delete(column, bad) for name, column in cols.items()}
    else:
        return
    own = compact_fields(spec.decision_model)
    keys, inverse = _unique_rows(result["key"])
    first = np.zeros(len(keys), dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(inverse))[::-1]  # the first record of each key
    outcome_codes = result["outcome"].astype(np.int64)
    possible: _Column = result["possible"]
    own_columns: list[_Column] = [result[name] for name in own]
    middles, tails = [], []
    usable = np.ones(len(keys), dtype=bool)
    entries = cache.entries
    for k, key in enumerate(keys.tolist()):
        known = entries.get((code, *key), _UNSEEN)
        if known is _UNSEEN:  # a key not met before: ask the rule on the first record with it
            j = int(first[k])
            record = {
                name: value
                for name, value in table.slice(int(positions[j]), 1).to_pylist()[0].items()
                if value is not None
            }
            known = _known(spec, code, tuple(key), j, form.outcomes[outcome_codes[j]].value,
                           possible, own, own_columns, record, kwargs, cache)  # fmt: skip
        if known is None:
            usable[k] = False
            middles.append("")
            tails.append("")
        else:
            middles.append(known[0])
            tails.append(known[1])
    keep = usable[inverse]
    if not keep.any():
        return
    take = pa.array(np.flatnonzero(keep))
    quoted = pa.array([orjson.dumps(o.value).decode() for o in form.outcomes], type=pa.string())
    parts: list[Any] = [
        '{"line":',
        pa.array(np.asarray(numbers, dtype=np.int64)[positions]).cast(pa.string()),
        ',"outcome":',
        quoted.take(pa.array(outcome_codes)),
        ',"possible_outcomes":',
        possible.arrow(),
        ',"missing_facts":[],',
        pa.array(middles, type=pa.string()).take(pa.array(inverse)),
    ]
    for name, column in zip(own, own_columns, strict=True):
        parts += [f",{orjson.dumps(name).decode()}:", column.arrow()]
    parts += [",", pa.array(tails, type=pa.string()).take(pa.array(inverse)), "}\n"]
    rows = pc.binary_join_element_wise(
        *[p if isinstance(p, str) else p.take(take) for p in parts], ""
    )
    chosen = positions[keep]
    decided[chosen] = True
    codes[chosen] = outcome_codes[keep]
    row_parts.append((chosen, rows))
