"""The deadline rules over columns: numpy arrays in, arrays of outcomes and dates out.

For nightly runs over millions of records. Needs numpy (the optional extra ``columnar``:
``pip install medins-rules[columnar]``); ``import medins_rules`` does not import this module.

Each function gives, record by record, exactly what the per-record rule decides (the outcome, its
dates and their bounds where a holiday notice is not yet published; not the reasons: evaluate a
record with the per-record rule when its explanation is wanted). Property tests prove the two
identical on random batches that include month ends, leap days, holidays, make-up working days,
days not yet known, and the strict and provisional calendars.

How it is fast: the period arithmetic is vectorised (:func:`add_months_columns`), and the calendar's
knowledge of the batch's days (:meth:`~medins_rules.core.calendar.WorkingDayCalendar.day_table`,
only the range the batch needs) becomes a few index arrays: for each day, the next day that may be a
working day and the next day that surely is one, so rolling a last day forward is two look-ups.

Records are refused as the per-record rule refuses them: input its model would reject raises
:class:`ColumnarInputError` naming the record and the field, with the model's own message; a record
the rule would refuse (a date before the parameters, a day a strict calendar does not know, a year
outside the calendar) raises the rule's own error, with a note naming the record. Never a silently
wrong answer.

>>> import numpy as np
>>> paid = np.array(["2025-03-10", "2025-08-15", "2025-03-10"], dtype="datetime64[D]")
>>> filed = np.array(["2025-09-10", "NaT", "2026-03-11"], dtype="datetime64[D]")
>>> result = reimbursement_filing_columns(
...     paid, ["hospitalisation", "emergency_observation", "hospitalisation"], filed,
...     evaluation_date=np.datetime64("2026-03-11"))
>>> [o.value for o in result.outcomes()]
['on_time', 'late', 'forfeited']
>>> result.last_on_time_day
array(['2025-09-10', '2026-02-24', '2025-09-10'], dtype='datetime64[D]')
>>> result.days_left_payable  # -1 where filed: the per-record rule leaves it empty
array([ -1, 159,  -1])
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import BaseModel, TypeAdapter, ValidationError

from medins_rules.core.calendar import CalendarMode, DayTable, WorkingDayCalendar, bundled_calendar
from medins_rules.core.errors import MedinsRulesError
from medins_rules.core.model import Day, Jurisdiction, jurisdiction_chain, parse_jurisdiction
from medins_rules.core.parameters import ParameterSet, parameters_for, shipped_versions
from medins_rules.processes.enrolment import (
    EnrolmentChannel,
    SettlementCase,
    SettlementOutcome,
    service_settlement,
)
from medins_rules.processes.offsite_filing import (
    CERTIFICATES,
    ResidenceCase,
    ResidenceOutcome,
    ResidenceProof,
    offsite_filing_residence,
)
from medins_rules.processes.reimbursement import (
    COVERED_TREATMENTS,
    DEFAULT_DEADLINE_OPTIONS,
    DeadlineOptions,
    FilingOutcome,
    ReimbursementFilingCase,
    TreatmentKind,
    reimbursement_filing,
)

__all__ = [
    "CHANNELS",
    "FILING_OUTCOMES",
    "PROOFS",
    "RESIDENCE_OUTCOMES",
    "SETTLEMENT_OUTCOMES",
    "TREATMENTS",
    "ColumnarInputError",
    "FilingColumns",
    "ResidenceColumns",
    "SettlementColumns",
    "add_months_columns",
    "codes",
    "offsite_filing_residence_columns",
    "reimbursement_filing_columns",
    "service_settlement_columns",
]

Days = NDArray[np.datetime64]
Codes = NDArray[np.int8]
Ints = NDArray[np.int64]
E = TypeVar("E", bound=StrEnum)

FILING_OUTCOMES: tuple[FilingOutcome, ...] = tuple(FilingOutcome)
"""Outcome code ``i`` of the filing columns is ``FILING_OUTCOMES[i]``."""
RESIDENCE_OUTCOMES: tuple[ResidenceOutcome, ...] = tuple(ResidenceOutcome)
SETTLEMENT_OUTCOMES: tuple[SettlementOutcome, ...] = tuple(SettlementOutcome)
TREATMENTS: tuple[TreatmentKind, ...] = tuple(TreatmentKind)
"""Treatment code ``i`` is ``TREATMENTS[i]`` (see :func:`codes`)."""
PROOFS: tuple[ResidenceProof, ...] = tuple(ResidenceProof)
CHANNELS: tuple[EnrolmentChannel, ...] = tuple(EnrolmentChannel)

_NAT = np.iinfo(np.int64).min  # NaT as a day number
_EPOCH = dt.date(1970, 1, 1).toordinal()
_ON_TIME, _LATE, _FORFEITED, _NOT_COVERED, _UNDETERMINED = (
    FILING_OUTCOMES.index(o)
    for o in (
        FilingOutcome.ON_TIME,
        FilingOutcome.LATE,
        FilingOutcome.FORFEITED,
        FilingOutcome.NOT_COVERED,
        FilingOutcome.UNDETERMINED,
    )
)


class ColumnarInputError(MedinsRulesError):
    """A record the rule's input model would refuse: names the record (its position) and the field."""

    def __init__(self, field: str, index: int, problem: str) -> None:
        self.field, self.index, self.problem = field, index, problem
        super().__init__(f"{field}: record {index}: {problem}")


# -- input ----------------------------------------------------------------------------------------


def codes(values: ArrayLike, members: Sequence[E], field: str = "value") -> Codes:
    """Codes (positions in ``members``) for an array of enum members or their string values.

    Integer arrays are taken as codes already (checked). Strings are matched once per distinct
    value, so a column with few distinct values converts fast; an unknown value raises
    :class:`ColumnarInputError` naming the first record that has it.

    >>> codes(["other", "hospitalisation", "other"], TREATMENTS, "treatment")
    array([5, 0, 5], dtype=int8)
    """
    array = np.asarray(values)
    if array.dtype.kind == "b":
        raise ColumnarInputError(field, 0, "expected codes or values; got booleans")
    if array.dtype.kind in "iu":
        array = array.reshape(-1)
        bad = (array < 0) | (array >= len(members))
        if bad.any():
            first = int(np.argmax(bad))
            raise ColumnarInputError(
                field, first, f"code {array[first]} is not one of 0-{len(members) - 1}"
            )
        return array.astype(np.int8, copy=False)
    if array.dtype.kind not in "UO":
        raise ColumnarInputError(field, 0, f"expected codes or values; got {array.dtype} values")
    distinct, inverse = np.unique(array.astype(str), return_inverse=True)
    known = {str(m.value): i for i, m in enumerate(members)}
    mapped = np.empty(len(distinct), dtype=np.int8)
    for i, value in enumerate(distinct):
        code = known.get(str(value))
        if code is None:
            first = int(np.flatnonzero(inverse.reshape(-1) == i)[0])
            expected = ", ".join(known)
            raise ColumnarInputError(field, first, f"expected one of {expected}; got {value!r}")
        mapped[i] = code
    return mapped[inverse.reshape(-1)]


_DAY = TypeAdapter(Day)


def _days(values: ArrayLike | None, field: str, size: int | None = None) -> Ints:
    """Day numbers (days since 1970-01-01; NaT as ``_NAT``) of a date array or a single date.

    ``datetime64`` values must be whole days; strings, dates and ``None`` (missing) are read as the
    input models read them (ISO days only). Numbers, booleans and datetimes with a time are refused,
    as the input models refuse them.
    """
    if values is None:
        raise ColumnarInputError(field, 0, "required")
    array = np.asarray(values)
    if array.dtype.kind == "M":
        days = array.astype("datetime64[D]")
        whole = np.isnat(array) | (days.astype(array.dtype) == array)
        if not whole.all():
            first = int(np.argmax(~whole))
            raise ColumnarInputError(field, first, f"{array.reshape(-1)[first]} is not a whole day")
        numbers = days.view(np.int64)
    elif array.dtype.kind in "UO":
        numbers = _parse_days(array, field)
    else:
        raise ColumnarInputError(
            field, 0, f"expected days (datetime64 or ISO text); got {array.dtype} values"
        )
    if size is not None and numbers.ndim == 0:
        return np.full(size, numbers, dtype=np.int64)
    return numbers.reshape(-1) if numbers.ndim else numbers.reshape(1)


def _parse_days(array: NDArray[Any], field: str) -> Ints:
    flat = array.reshape(-1)
    missing = np.array([v is None or (isinstance(v, str) and v in ("", "NaT")) for v in flat])
    keys = np.array(["" if m else v for v, m in zip(flat, missing, strict=True)], dtype=object)
    out = np.full(len(flat), _NAT, dtype=np.int64)
    parsed: dict[Any, int] = {}
    for i, value in enumerate(keys):
        if missing[i]:
            continue
        key = (type(value), value)
        number = parsed.get(key)
        if number is None:
            try:
                day = _DAY.validate_python(value)
            except ValidationError as exc:
                raise ColumnarInputError(field, i, exc.errors()[0]["msg"]) from None
            number = parsed[key] = day.toordinal() - _EPOCH
        out[i] = number
    return out.reshape(array.shape)


def _booleans(values: ArrayLike, field: str, size: int) -> NDArray[np.bool_]:
    """Booleans: numpy booleans or Python ``True``/``False`` only (no text, numbers or NaN)."""
    array = np.asarray(values)
    if array.dtype.kind == "O" and all(isinstance(v, bool) for v in array.reshape(-1)):
        array = array.astype(bool)
    if array.dtype.kind != "b":
        flat = array.reshape(-1)
        first = next((i for i, v in enumerate(flat) if not isinstance(v, bool | np.bool_)), 0)
        raise ColumnarInputError(field, first, f"expected true or false; got {flat[first]!r}")
    return np.broadcast_to(array, (size,)) if array.ndim == 0 else array.reshape(-1)


def _date(day: int) -> dt.date:
    return dt.date.fromordinal(int(day) + _EPOCH)


def _as_dates(days: Ints) -> Days:
    return days.view("datetime64[D]")


def _same_length(size: int, **columns: NDArray[Any] | None) -> None:
    for name, column in columns.items():
        if column is not None and column.ndim and len(column) != size:
            raise ColumnarInputError(name, min(len(column), size), "the columns differ in length")


def _refused(model: type[BaseModel], record: Mapping[str, Any], index: int) -> None:
    """Raise, as :class:`ColumnarInputError`, the input model's own refusal of one record."""
    try:
        model.model_validate({name: value for name, value in record.items() if value is not None})
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        field = str(error["loc"][-1]) if error["loc"] else "record"
        problem = error["msg"].removeprefix("Value error, ").removeprefix(f"{field}: ")
        raise ColumnarInputError(field, index, problem) from None
    raise AssertionError(f"record {index} passed its input model")  # pragma: no cover


def _raise_as_the_rule(decide: Callable[[], object], index: int) -> None:
    """Raise what the per-record rule raises for one record, with a note naming the record."""
    try:
        decide()
    except MedinsRulesError as exc:
        exc.add_note(f"record {index}")
        raise
    raise AssertionError(f"record {index}: the rule answers it")  # pragma: no cover


def _first(mask: NDArray[np.bool_]) -> int | None:
    return int(np.argmax(mask)) if mask.any() else None


# -- parameters as segments of time ------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _segments(
    jurisdiction: Jurisdiction, parameters: ParameterSet | None, name: str
) -> tuple[Ints, Ints]:
    """(first day of each segment, the parameter's value there or 0 where it is not in force)."""
    if parameters is not None:
        try:
            value = parameters.int_value(name)
        except MedinsRulesError:
            value = 0
        return np.array([_NAT + 1], dtype=np.int64), np.array([value], dtype=np.int64)
    chain = jurisdiction_chain(jurisdiction)
    changes: set[dt.date] = set()
    for version in shipped_versions():
        if version.jurisdiction in chain:
            changes.add(version.effective_from)
            if version.effective_to is not None:
                changes.add(version.effective_to)
    starts, values = [_NAT + 1], [0]
    for day in sorted(changes):
        try:
            in_force = parameters_for(jurisdiction, on=day).int_value(name)
        except MedinsRulesError:
            in_force = 0
        starts.append(day.toordinal() - _EPOCH)
        values.append(in_force)
    return np.array(starts, dtype=np.int64), np.array(values, dtype=np.int64)


def _parameter(
    days: Ints, jurisdiction: Jurisdiction, parameters: ParameterSet | None, name: str
) -> Ints:
    """The parameter in force on each day (0 where the per-record rule would refuse it)."""
    starts, values = _segments(jurisdiction, parameters, name)
    if len(values) == 1:
        return np.full(days.shape, values[0], dtype=np.int64)
    return values[np.searchsorted(starts, days, side="right") - 1]


# -- add months ----------------------------------------------------------------------------------


def add_months_columns(days: ArrayLike, months: ArrayLike) -> tuple[Days, NDArray[np.bool_]]:
    """:func:`medins_rules.core.periods.add_months` over arrays: the corresponding days and whether
    each was clamped to its month's end (Civil Code art. 202).

    >>> import numpy as np
    >>> add_months_columns(np.array(["2025-08-31", "2024-02-29"], dtype="datetime64[D]"), [6, 12])
    (array(['2026-02-28', '2025-02-28'], dtype='datetime64[D]'), array([ True,  True]))
    """
    day = np.asarray(days, dtype="datetime64[D]")
    month = day.astype("datetime64[M]")
    offset = (day - month.astype("datetime64[D]")).astype(np.int64)  # day of month - 1
    target = month + np.asarray(months, dtype=np.int64).astype("timedelta64[M]")
    first = target.astype("datetime64[D]")
    length = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - first).astype(np.int64)
    clamped = offset >= length
    return first + np.minimum(offset, length - 1).astype("timedelta64[D]"), clamped


# -- the calendar's days, as arrays ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Days:
    """A run of the calendar's days as index arrays (positions relative to ``first``)."""

    first: int  # day number of position 0
    next_possible: Ints  # the first position at or after each that may be a working day (or -1)
    next_certain: Ints  # the first position at or after each that surely is one (or -1)
    possible_count: Ints  # days that may be working, up to and including each position
    certain_count: Ints  # days that surely are working, up to and including each position
    unpublished_count: Ints  # days whose notice is not published, up to and including each
    guessed_count: Ints  # days a provisional calendar guessed, up to and including each

    @classmethod
    def of(cls, table: DayTable) -> _Days:
        codes = np.frombuffer(table.codes, dtype=np.uint8)
        size = len(codes)
        positions = np.arange(size, dtype=np.int64)

        def next_where(mask: NDArray[np.bool_]) -> Ints:
            marked = np.where(mask, positions, size)
            following = np.minimum.accumulate(marked[::-1])[::-1]
            return np.where(following < size, following, -1)

        possible = codes != DayTable.REST
        certain = codes == DayTable.WORKING
        return cls(
            table.first.toordinal() - _EPOCH,
            next_where(possible),
            next_where(certain),
            np.cumsum(possible, dtype=np.int64),
            np.cumsum(certain, dtype=np.int64),
            np.cumsum(np.frombuffer(table.published, dtype=np.uint8) == 0, dtype=np.int64),
            np.cumsum(np.frombuffer(table.guessed, dtype=np.uint8) == 1, dtype=np.int64),
        )

    def between(self, counts: Ints, start: Ints, end: Ints) -> Ints:
        """How many marked days lie in the positions ``start..end`` (inclusive)."""
        before = np.where(start > 0, counts[np.maximum(start - 1, 0)], 0)
        return counts[end] - before


def _days_of(calendar: WorkingDayCalendar, first: int, last: int) -> _Days:
    """The calendar's days from day number ``first`` to ``last`` (within the calendar's span). A
    strict calendar's table is read as the partial one: the records whose days it would refuse are
    then asked of the rule, which refuses them."""
    if calendar.mode is CalendarMode.STRICT:
        calendar = calendar.partial()
    low, high = calendar.span
    start, end = dt.date(low, 1, 1).toordinal() - _EPOCH, dt.date(high, 12, 31).toordinal() - _EPOCH
    first, last = min(max(first, start), end), max(min(last, end), start)
    return _Days.of(calendar.day_table(_date(first), _date(max(first, last))))


_SLACK = 62
"""Days past the latest nominal day the table reaches, so that rolling forward (through a holiday and
the days not yet known around it) stays inside it; where it does not, the rule is asked."""


def _rolled(
    days: _Days, nominal: Ints, answer: NDArray[np.bool_]
) -> tuple[Ints, Ints, NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_]]:
    """For each nominal day: the earliest and latest last day, whether a day on the way has no
    published notice or was guessed, and whether the arrays could answer (else the rule is asked).
    ``days`` covers the nominal days to answer and :data:`_SLACK` days past them."""
    position = nominal - days.first
    inside = answer & (position >= 0) & (position < len(days.next_possible))
    position = np.where(inside, position, 0)
    earliest, latest = days.next_possible[position], days.next_certain[position]
    found = inside & (latest >= 0)
    latest = np.where(found, latest, position)
    earliest = np.where(found, earliest, position)
    unpublished = days.between(days.unpublished_count, position, latest) > 0
    guessed = days.between(days.guessed_count, position, latest) > 0
    return earliest + days.first, latest + days.first, unpublished, guessed, found


# ======================================================================================================
# Reimbursement filing
# ======================================================================================================


@dataclass(frozen=True, slots=True, eq=False)
class FilingColumns:
    """The filing rule's results, one element per record.

    ``outcome`` holds codes into :data:`FILING_OUTCOMES`; ``possible`` the outcomes still possible of
    an undetermined record as a bit mask (1 on time, 2 late, 4 forfeited; 0 elsewhere). The last days
    are NaT where they are not known (the ``_earliest`` and ``_latest`` columns bound them; NaT
    where the treatment is not covered); the days left are ``-1`` where the per-record decision
    leaves them empty. ``provisional`` marks answers that relied on a guessed day, ``unpublished``
    those that read days of a year whose notice is not published.
    """

    outcome: Codes
    possible: NDArray[np.uint8]
    last_on_time_day: Days
    last_on_time_day_earliest: Days
    last_on_time_day_latest: Days
    last_payable_day: Days
    last_payable_day_earliest: Days
    last_payable_day_latest: Days
    days_left_on_time: Ints
    days_left_on_time_min: Ints
    days_left_on_time_max: Ints
    days_left_payable: Ints
    days_left_payable_min: Ints
    days_left_payable_max: Ints
    provisional: NDArray[np.bool_]
    unpublished: NDArray[np.bool_]

    def outcomes(self) -> list[FilingOutcome]:
        """The outcomes as enum members."""
        return [FILING_OUTCOMES[c] for c in self.outcome.tolist()]

    def possible_outcomes(self, index: int) -> tuple[FilingOutcome, ...]:
        """The outcomes still possible for an undetermined record (empty for a decided one)."""
        mask = int(self.possible[index])
        return tuple(
            o
            for bit, o in (
                (1, FilingOutcome.ON_TIME),
                (2, FilingOutcome.LATE),
                (4, FilingOutcome.FORFEITED),
            )
            if mask & bit
        )

    def __len__(self) -> int:
        return len(self.outcome)


_COVERED = np.array([kind in COVERED_TREATMENTS for kind in TREATMENTS], dtype=bool)

# Where a filing day falls against the four bounds (how many of on-time earliest, on-time latest,
# payable earliest, payable latest it is after), when the on-time window ends before the payable
# limit can: the outcome, and the outcomes still possible (1 on time, 2 late, 4 forfeited).
_BY_POSITION = np.array([_ON_TIME, _UNDETERMINED, _LATE, _UNDETERMINED, _FORFEITED], dtype=np.int8)
_POSSIBLE_BY_POSITION = np.array([0, 3, 0, 6, 0], dtype=np.uint8)


@dataclass(frozen=True, slots=True)
class _FilingTable:
    """The filing rule's two last days for every payment day of a batch's range, and what the rule
    would do with them: everything the rule decides per payment date, worked out once per day of
    the range instead of once per record."""

    first: int  # the day number of row 0
    on_early: Ints
    on_late: Ints
    pay_early: Ints
    pay_late: Ints
    refused: NDArray[np.bool_]  # the rule refuses a covered claim paid that day
    unpublished: NDArray[np.bool_]
    guessed: NDArray[np.bool_]
    ordered: bool  # every on-time window ends before its payable limit can: positions decide

    @classmethod
    def build(
        cls,
        first: int,
        last: int,
        jurisdiction: Jurisdiction,
        parameters: ParameterSet | None,
        calendar: WorkingDayCalendar,
        options: DeadlineOptions,
    ) -> _FilingTable:
        pay = np.arange(first, last + 1, dtype=np.int64)
        window = _parameter(pay, jurisdiction, parameters, "reimbursement.on_time_window")
        limit = _parameter(pay, jurisdiction, parameters, "reimbursement.payable_limit")
        in_force = (window > 0) & (limit > 0)
        refused = ~in_force
        paid = _as_dates(np.where(in_force, pay, 0))
        nominals = [
            add_months_columns(paid, months)[0].view(np.int64) for months in (window, limit * 12)
        ]
        days = None
        if options.roll_forward and in_force.any():
            lowest = min(int(n[in_force].min()) for n in nominals)
            highest = max(int(n[in_force].max()) for n in nominals)
            days = _days_of(calendar, lowest, highest + _SLACK)
        ends = []
        for nominal in nominals:
            if days is not None:
                earliest, latest, unpublished, guessed, found = _rolled(days, nominal, in_force)
                refused |= in_force & ~found
            else:
                earliest = latest = nominal
                unpublished = guessed = np.zeros(len(pay), bool)
            ends.append((earliest, latest, unpublished, guessed))
        (on_early, on_late, on_unpub, on_guess), (pay_early, pay_late, pay_unpub, pay_guess) = ends
        unpublished, guessed = on_unpub | pay_unpub, on_guess | pay_guess
        if calendar.mode is CalendarMode.STRICT:
            refused |= in_force & unpublished
        usable = ~refused
        return cls(
            first,
            on_early,
            on_late,
            pay_early,
            pay_late,
            refused,
            unpublished & usable,
            guessed & usable,
            bool(np.all(on_late[usable] < pay_early[usable])),
        )


def reimbursement_filing_columns(
    payment_date: ArrayLike,
    treatment: ArrayLike,
    filing_date: ArrayLike | None = None,
    *,
    evaluation_date: ArrayLike | None = None,
    jurisdiction: Jurisdiction | str = Jurisdiction.GUANGZHOU,
    parameters: ParameterSet | None = None,
    calendar: WorkingDayCalendar | None = None,
    options: DeadlineOptions = DEFAULT_DEADLINE_OPTIONS,
) -> FilingColumns:
    """:func:`medins_rules.processes.reimbursement.reimbursement_filing` over arrays.

    ``payment_date``, ``filing_date`` (NaT or omitted: not filed yet) and ``evaluation_date`` (one
    date or an array) are ``datetime64`` arrays of whole days, or ISO text; ``treatment`` holds
    :data:`TREATMENTS` codes or the treatments' values. ``jurisdiction``, ``parameters``,
    ``calendar`` and ``options`` are those of the per-record rule, one for the whole batch. (The
    off-site filing a claim rests on is judged by the per-record rule: these columns give what the
    filing windows say, as the rule does for a case without ``offsite_filing``.)

    The two last days of every payment day in the batch's range are worked out once (a table of a
    few hundred or thousand rows); each record is then four look-ups and four comparisons.
    """
    jurisdiction = parse_jurisdiction(jurisdiction)
    cal = calendar or bundled_calendar()
    pay = _days(payment_date, "payment_date")
    size = len(pay)
    kinds = codes(treatment, TREATMENTS, "treatment")
    filed = None if filing_date is None else _days(filing_date, "filing_date", size)
    evaluation = (
        None if evaluation_date is None else _days(evaluation_date, "evaluation_date", size)
    )
    _same_length(size, treatment=kinds, filing_date=filed, evaluation_date=evaluation)
    is_filed = np.zeros(size, bool) if filed is None else filed != _NAT
    evaluated = np.full(size, _NAT, np.int64) if evaluation is None else evaluation

    def record(i: int) -> dict[str, Any]:
        return {
            "payment_date": None if pay[i] == _NAT else _date(pay[i]),
            "treatment": TREATMENTS[kinds[i]],
            "filing_date": _date(filed[i]) if filed is not None and is_filed[i] else None,
            "evaluation_date": None if evaluated[i] == _NAT else _date(evaluated[i]),
            "jurisdiction": jurisdiction,
        }

    bad = (pay == _NAT) | (evaluated == _NAT) | (evaluated < pay)
    if filed is not None:
        bad |= is_filed & ((filed < pay) | (evaluated < filed))
    bad_record = _first(bad)
    if bad_record is not None:
        _refused(ReimbursementFilingCase, record(bad_record), bad_record)

    covered = _COVERED[kinds]
    if size == 0 or not covered.any():
        first = last = 0
    else:
        first, last = int(pay[covered].min()), int(pay[covered].max())
    table = _FilingTable.build(first, last, jurisdiction, parameters, cal, options)
    row = np.where(covered, pay - first, 0)
    first_refused = _first(covered & table.refused[row])
    if first_refused is not None:
        _raise_as_the_rule(
            lambda: reimbursement_filing(
                ReimbursementFilingCase.model_validate(record(first_refused)),
                parameters=parameters,
                calendar=cal,
                options=options,
            ),
            first_refused,
        )
    on_early, on_late = table.on_early[row], table.on_late[row]
    pay_early, pay_late = table.pay_early[row], table.pay_late[row]
    day = np.where(is_filed, filed, evaluated) if filed is not None else evaluated
    if table.ordered:
        position = (day > on_early).view(np.uint8).copy()
        position += (day > on_late).view(np.uint8)
        position += (day > pay_early).view(np.uint8)
        position += (day > pay_late).view(np.uint8)
        outcome = _BY_POSITION[position]
        possible = _POSSIBLE_BY_POSITION[position]
    else:  # a window as long as the limit (a what-if parameter set): the outcomes one by one
        mask = (
            (day <= on_late).view(np.uint8)
            | (((day > on_early) & (day <= pay_late)).view(np.uint8) << 1)
            | ((day > pay_early).view(np.uint8) << 2)
        )
        outcome = np.full(size, _UNDETERMINED, dtype=np.int8)
        for bit, code in ((1, _ON_TIME), (2, _LATE), (4, _FORFEITED)):
            outcome[mask == bit] = code
        possible = np.where(outcome == _UNDETERMINED, mask, 0).astype(np.uint8)
    outcome[~covered] = _NOT_COVERED
    possible[~covered] = 0

    def known(earliest: Ints, latest: Ints) -> Days:
        return _as_dates(np.where(covered & (earliest == latest), earliest, _NAT))

    def bound(days: Ints) -> Days:
        return _as_dates(np.where(covered, days, _NAT))

    open_claim = covered & ~is_filed
    left = {}
    for name, early, late in (("on_time", on_early, on_late), ("payable", pay_early, pay_late)):
        least = np.where(open_claim, np.maximum(early - day, 0), -1)
        most = np.where(open_claim, np.maximum(late - day, 0), -1)
        left[name] = (np.where(least == most, least, -1), least, most)
    return FilingColumns(
        outcome,
        possible,
        known(on_early, on_late),
        bound(on_early),
        bound(on_late),
        known(pay_early, pay_late),
        bound(pay_early),
        bound(pay_late),
        *left["on_time"],
        *left["payable"],
        covered & table.guessed[row],
        covered & table.unpublished[row],
    )


# ======================================================================================================
# Off-site filing residence
# ======================================================================================================


@dataclass(frozen=True, slots=True, eq=False)
class ResidenceColumns:
    """The residence rule's results: outcome codes into :data:`RESIDENCE_OUTCOMES` and the first
    date the requirement is met (NaT where the proof is not a certificate)."""

    outcome: Codes
    first_date_met: Days

    def outcomes(self) -> list[ResidenceOutcome]:
        """The outcomes as enum members."""
        return [RESIDENCE_OUTCOMES[c] for c in self.outcome.tolist()]

    def __len__(self) -> int:
        return len(self.outcome)


_CERTIFICATE = np.array([p in CERTIFICATES for p in PROOFS])
_PERMIT = PROOFS.index(ResidenceProof.TEMPORARY_RESIDENCE_PERMIT_COPY)
_MEETS = RESIDENCE_OUTCOMES.index(ResidenceOutcome.MEETS)
_DOES_NOT_MEET = RESIDENCE_OUTCOMES.index(ResidenceOutcome.DOES_NOT_MEET)


def offsite_filing_residence_columns(
    proof: ArrayLike,
    residence_start: ArrayLike | None = None,
    *,
    certificate_is_original: ArrayLike = True,
    filing_date: ArrayLike | None = None,
    evaluation_date: ArrayLike | None = None,
    jurisdiction: Jurisdiction | str = Jurisdiction.GUANGZHOU,
    parameters: ParameterSet | None = None,
) -> ResidenceColumns:
    """:func:`medins_rules.processes.offsite_filing.offsite_filing_residence` over arrays.

    ``proof`` holds :data:`PROOFS` codes or values; ``residence_start`` may be NaT where the proof
    is not a certificate; the filing date defaults to the evaluation date record by record. (A
    residence given as several periods is decided by the per-record rule.)

    >>> import numpy as np
    >>> r = offsite_filing_residence_columns(
    ...     ["police_station_certificate", "temporary_residence_permit_copy"],
    ...     np.array(["2026-01-10", "NaT"], dtype="datetime64[D]"),
    ...     evaluation_date=np.datetime64("2026-07-09"))
    >>> [o.value for o in r.outcomes()], r.first_date_met
    (['does_not_meet', 'meets'], array(['2026-07-10',        'NaT'], dtype='datetime64[D]'))
    """
    jurisdiction = parse_jurisdiction(jurisdiction)
    kinds = codes(proof, PROOFS, "proof")
    size = len(kinds)
    missing = np.full(size, _NAT, dtype=np.int64)
    start = missing if residence_start is None else _days(residence_start, "residence_start", size)
    filed = missing if filing_date is None else _days(filing_date, "filing_date", size)
    evaluation = (
        missing if evaluation_date is None else _days(evaluation_date, "evaluation_date", size)
    )
    original = _booleans(certificate_is_original, "certificate_is_original", size)
    _same_length(size, residence_start=start, filing_date=filed, evaluation_date=evaluation)
    filing = np.where(filed != _NAT, filed, evaluation)
    certificate = _CERTIFICATE[kinds]
    has_start = start != _NAT

    def record(i: int) -> dict[str, Any]:
        return {
            "proof": PROOFS[kinds[i]],
            "residence_start": _date(start[i]) if has_start[i] else None,
            "certificate_is_original": bool(original[i]),
            "filing_date": _date(filed[i]) if filed[i] != _NAT else None,
            "evaluation_date": _date(evaluation[i]) if evaluation[i] != _NAT else None,
            "jurisdiction": jurisdiction,
        }

    bad = (
        (evaluation == _NAT)
        | ((filed != _NAT) & (evaluation < filed))
        | (has_start & (start > filing))
        | (certificate & ~has_start)
    )
    refused = _first(bad)
    if refused is not None:
        _refused(ResidenceCase, record(refused), refused)
    months = _parameter(filing, jurisdiction, parameters, "offsite_filing.minimum_residence")
    not_in_force = _first(months == 0)
    if not_in_force is not None:
        _raise_as_the_rule(
            lambda: offsite_filing_residence(
                ResidenceCase.model_validate(record(not_in_force)), parameters=parameters
            ),
            not_in_force,
        )
    met, _ = add_months_columns(_as_dates(np.where(certificate, start, 0)), months)
    met_day = met.view(np.int64)
    meets = np.where(certificate, (filing >= met_day) & original, kinds == _PERMIT)
    outcome = np.where(meets, _MEETS, _DOES_NOT_MEET).astype(np.int8)
    return ResidenceColumns(outcome, _as_dates(np.where(certificate, met_day, _NAT)))


# ======================================================================================================
# Enrolment settlement
# ======================================================================================================


@dataclass(frozen=True, slots=True, eq=False)
class SettlementColumns:
    """The settlement rule's results: outcome codes into :data:`SETTLEMENT_OUTCOMES`, the settlement
    days (NaT where not yet known; ``_earliest`` and ``_latest`` bound them), and whether each relied
    on a guessed day or on days whose notice is not published."""

    outcome: Codes
    settlement_date: Days
    settlement_date_earliest: Days
    settlement_date_latest: Days
    provisional: NDArray[np.bool_]
    unpublished: NDArray[np.bool_]

    def outcomes(self) -> list[SettlementOutcome]:
        """The outcomes as enum members."""
        return [SETTLEMENT_OUTCOMES[c] for c in self.outcome.tolist()]

    def __len__(self) -> int:
        return len(self.outcome)


_COUNTY = CHANNELS.index(EnrolmentChannel.COUNTY_CENTRE)
_ON_THE_SPOT = SETTLEMENT_OUTCOMES.index(SettlementOutcome.SETTLED_ON_THE_SPOT)
_BY_DATE = SETTLEMENT_OUTCOMES.index(SettlementOutcome.SETTLED_BY_DATE)


def service_settlement_columns(
    application_date: ArrayLike,
    channel: ArrayLike,
    *,
    evaluation_date: ArrayLike | None = None,
    jurisdiction: Jurisdiction | str = Jurisdiction.GUANGZHOU,
    parameters: ParameterSet | None = None,
    calendar: WorkingDayCalendar | None = None,
) -> SettlementColumns:
    """:func:`medins_rules.processes.enrolment.service_settlement` over arrays.

    ``channel`` holds :data:`CHANNELS` codes or values. A service point settles on the Nth working
    day after the application day (never counting the day itself), read from the calendar's
    working-day counts: one binary search per record and bound. ``evaluation_date`` (one date or an
    array) defaults to the application day.

    >>> import numpy as np
    >>> s = service_settlement_columns(
    ...     np.array(["2026-02-13", "2026-09-30", "2026-09-30"], dtype="datetime64[D]"),
    ...     ["service_point", "service_point", "county_centre"])
    >>> s.settlement_date
    array(['2026-02-25', '2026-10-10', '2026-09-30'], dtype='datetime64[D]')
    """
    jurisdiction = parse_jurisdiction(jurisdiction)
    cal = calendar or bundled_calendar()
    day = _days(application_date, "application_date")
    size = len(day)
    kinds = codes(channel, CHANNELS, "channel")
    evaluation = day if evaluation_date is None else _days(evaluation_date, "evaluation_date", size)
    _same_length(size, channel=kinds, evaluation_date=evaluation)

    def record(i: int) -> dict[str, Any]:
        return {
            "application_date": None if day[i] == _NAT else _date(day[i]),
            "channel": CHANNELS[kinds[i]],
            "evaluation_date": None if evaluation[i] == _NAT else _date(evaluation[i]),
            "jurisdiction": jurisdiction,
        }

    refused = _first((day == _NAT) | (evaluation == _NAT) | (evaluation < day))
    if refused is not None:
        _refused(SettlementCase, record(refused), refused)

    def decide(i: int) -> None:
        _raise_as_the_rule(
            lambda: service_settlement(
                SettlementCase.model_validate(record(i)), parameters=parameters, calendar=cal
            ),
            i,
        )

    n = _parameter(day, jurisdiction, parameters, "enrolment.service_point_settlement")
    refused = n == 0  # the rule reads the parameters first, for both channels
    point = (kinds != _COUNTY) & ~refused
    earliest = latest = day
    unpublished = guessed = np.zeros(size, bool)
    if point.any():
        days = _days_of(cal, int(day[point].min()), int(day[point].max()) + int(n.max()) + _SLACK)
        position = day - days.first
        inside = point & (position >= 0) & (position < len(days.possible_count))
        position = np.where(inside, position, 0)
        early = np.searchsorted(days.possible_count, days.possible_count[position] + n, "left")
        late = np.searchsorted(days.certain_count, days.certain_count[position] + n, "left")
        found = inside & (late < len(days.certain_count))
        refused |= point & ~found
        late = np.where(found, late, position)
        early = np.where(found, early, position)
        after = np.minimum(position + 1, late)
        unpublished = point & (days.between(days.unpublished_count, after, late) > 0)
        guessed = point & (days.between(days.guessed_count, after, late) > 0)
        if cal.mode is CalendarMode.STRICT:
            refused |= unpublished
        earliest = np.where(point, early + days.first, day)
        latest = np.where(point, late + days.first, day)
    first_refused = _first(refused)
    if first_refused is not None:
        decide(first_refused)
    point = kinds != _COUNTY
    outcome = np.where(point, _BY_DATE, _ON_THE_SPOT).astype(np.int8)
    exact = np.where(earliest == latest, earliest, _NAT)
    return SettlementColumns(
        outcome,
        _as_dates(exact),
        _as_dates(earliest),
        _as_dates(latest),
        guessed,
        unpublished,
    )
