"""The deadline rules over columns: numpy arrays in, arrays of outcomes and dates out.

For nightly runs over millions of records. Needs numpy (the optional extra ``columnar``:
``pip install medins-rules[columnar]``); ``import medins_rules`` does not import this module.

Each function gives, record by record, exactly what the per-record rule decides (the outcome and its
dates; not the reasons: evaluate a record with the per-record rule when its explanation is wanted).
A property test proves the two identical on random arrays that include month ends, leap days,
holidays and make-up working days.

How it is fast: the date domain is bounded by the calendar's years, so for the filing rule the last
on-time day and the last payable day of every payment date the calendar covers, roll-forward
included, are computed once per calendar, parameters and option, through the same
:func:`medins_rules.core.periods.period_end` the per-record rule uses; a batch is then table look-ups and
comparisons. The settlement rule reads the calendar's cumulative working-day count; the residence
rule adds months with array arithmetic (no calendar is involved).

Records are refused as the per-record rule refuses them: a date outside the calendar's years raises
the same :class:`~medins_rules.core.errors.CalendarYearNotCoveredError` (or is answered provisionally
by a provisional calendar, and flagged), a date before the parameters raises the same
:class:`~medins_rules.core.errors.ParameterNotInForceError`, and input the rule's input model would reject
raises :class:`ColumnarInputError` naming the record and the field. Never a silently wrong answer.

>>> import numpy as np
>>> paid = np.array(["2025-03-10", "2025-08-15", "2025-03-10"], dtype="datetime64[D]")
>>> filed = np.array(["2025-09-10", "NaT", "2026-03-11"], dtype="datetime64[D]")
>>> result = reimbursement_filing_columns(
...     paid, ["hospitalisation", "emergency_observation", "hospitalisation"], filed,
...     evaluation_date=np.datetime64("2026-02-25"))
>>> [o.value for o in result.outcomes()]
['on_time', 'late', 'forfeited']
>>> result.last_on_time_day
array(['2025-09-10', '2026-02-24', '2025-09-10'], dtype='datetime64[D]')
>>> result.days_left_payable  # -1 where filed: the per-record rule leaves it empty
array([ -1, 173,  -1])
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from medins_rules.core.calendar import WorkingDayCalendar, bundled_calendar
from medins_rules.core.errors import DATE_NOT_COVERED, MedinsRulesError
from medins_rules.core.model import Jurisdiction, jurisdiction_chain, parse_jurisdiction
from medins_rules.core.parameters import ParameterSet, parameters_for, shipped_versions
from medins_rules.core.periods import period_end
from medins_rules.processes.enrolment import EnrolmentChannel, SettlementOutcome, settlement_date
from medins_rules.processes.offsite_filing import ResidenceOutcome, ResidenceProof
from medins_rules.processes.reimbursement import (
    COVERED_TREATMENTS,
    DEFAULT_DEADLINE_OPTIONS,
    DeadlineOptions,
    FilingOutcome,
    TreatmentKind,
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
E = TypeVar("E", bound=StrEnum)

FILING_OUTCOMES: tuple[FilingOutcome, ...] = (
    FilingOutcome.ON_TIME,
    FilingOutcome.LATE,
    FilingOutcome.FORFEITED,
    FilingOutcome.NOT_COVERED,
)
"""Outcome code ``i`` of the filing columns is ``FILING_OUTCOMES[i]``."""
RESIDENCE_OUTCOMES: tuple[ResidenceOutcome, ...] = tuple(ResidenceOutcome)
SETTLEMENT_OUTCOMES: tuple[SettlementOutcome, ...] = tuple(SettlementOutcome)
TREATMENTS: tuple[TreatmentKind, ...] = tuple(TreatmentKind)
"""Treatment code ``i`` is ``TREATMENTS[i]`` (see :func:`codes`)."""
PROOFS: tuple[ResidenceProof, ...] = tuple(ResidenceProof)
CHANNELS: tuple[EnrolmentChannel, ...] = tuple(EnrolmentChannel)

_NAT = np.iinfo(np.int64).min  # NaT as a day number


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
    if array.dtype.kind in "iu":
        array = array.reshape(-1)
        unsigned = (  # negative codes become large: one comparison checks both ends
            array.view(np.uint8) if array.dtype.itemsize == 1 else array.astype(np.uint64)
        )
        if (unsigned >= len(members)).any():
            bad = int(np.argmax((array < 0) | (array >= len(members))))
            raise ColumnarInputError(
                field, bad, f"code {array[bad]} is not one of 0-{len(members) - 1}"
            )
        return array.astype(np.int8, copy=False)
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


def _days(values: ArrayLike | None, field: str, size: int | None = None) -> NDArray[np.int64]:
    """Day numbers (days since 1970-01-01; NaT as ``_NAT``) of a date array or a single date."""
    if values is None:
        raise ColumnarInputError(field, 0, "required")
    array = np.asarray(values)
    if array.dtype.kind == "M":
        array = array.astype("datetime64[D]", copy=False)
    else:
        array = np.asarray(values, dtype="datetime64[D]")
    days = array.view(np.int64)
    if size is not None and days.ndim == 0:
        days = np.full(size, days, dtype=np.int64)
    return days.reshape(-1) if days.ndim else days.reshape(1)


def _date(day: int, field: str, index: int) -> dt.date:
    value = np.datetime64(int(day), "D").astype(object)
    if not isinstance(value, dt.date):
        raise ColumnarInputError(field, index, f"{np.datetime64(int(day), 'D')} is not a date")
    return value


def _first(mask: NDArray[np.bool_]) -> int | None:
    if not mask.any():
        return None
    return int(np.argmax(mask))


def _refuse(
    field: str, mask: NDArray[np.bool_], problem: Callable[[int], str], offset: int = 0
) -> None:
    index = _first(mask)
    if index is not None:
        raise ColumnarInputError(field, offset + index, problem(index))


def _frozen(*arrays: NDArray[Any]) -> None:
    for array in arrays:
        array.flags.writeable = False  # cached tables are shared by every batch


def _as_dates(days: NDArray[np.int64]) -> Days:
    return days.view("datetime64[D]")


# -- parameters as segments of time ------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _segments(
    jurisdiction: Jurisdiction, parameters: ParameterSet | None, name: str
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(first day of each segment, the parameter's value there or 0 where it is refused).

    The shipped parameters change only where a version starts or ends, so the value in force on any
    day is the value at the last change on or before it; before the first change it is refused.
    """
    if parameters is not None:
        try:
            value = parameters.int_value(name)
        except MedinsRulesError:
            value = 0
        given = np.array([_NAT + 1], dtype=np.int64), np.array([value], dtype=np.int64)
        _frozen(*given)
        return given
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
    arrays = np.array(starts, dtype=np.int64), np.array(values, dtype=np.int64)
    _frozen(*arrays)
    return arrays


def _parameter(
    days: NDArray[np.int64],
    jurisdiction: Jurisdiction,
    parameters: ParameterSet | None,
    name: str,
) -> NDArray[np.int64]:
    """The parameter in force on each day (0 where the per-record rule would refuse it)."""
    starts, values = _segments(jurisdiction, parameters, name)
    if len(values) == 1:
        return np.full(days.shape, values[0], dtype=np.int64)
    return values[np.searchsorted(starts, days, side="right") - 1]


# -- add months ----------------------------------------------------------------------------------


def add_months_columns(days: ArrayLike, months: ArrayLike) -> tuple[Days, NDArray[np.bool_]]:
    """:func:`medins_rules.core.periods.add_months` over arrays: the corresponding days and whether each
    was clamped to its month's end (Civil Code art. 202).

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


# ======================================================================================================
# Reimbursement filing
# ======================================================================================================


@dataclass(frozen=True, slots=True, eq=False)
class FilingColumns:
    """The filing rule's results, one element per record.

    ``outcome`` holds codes into :data:`FILING_OUTCOMES`; the last days are NaT where the treatment
    is not covered; the days left are ``-1`` where the per-record decision leaves them empty (a
    filed claim, or a treatment not covered); ``provisional`` marks answers that relied on a
    provisional calendar year.
    """

    outcome: Codes
    last_on_time_day: Days
    last_payable_day: Days
    days_left_on_time: NDArray[np.int64]
    days_left_payable: NDArray[np.int64]
    provisional: NDArray[np.bool_]

    def outcomes(self) -> list[FilingOutcome]:
        """The outcomes as enum members."""
        return [FILING_OUTCOMES[c] for c in self.outcome.tolist()]

    def __len__(self) -> int:
        return len(self.outcome)


@dataclass(frozen=True, slots=True)
class _FilingTable:
    """Per payment day of the calendar's span: the two last days, provisional, and whether the
    per-record rule answers at all (False: it raises; the batch then raises the same error)."""

    first: int  # day number of the table's first day
    on_time: NDArray[np.int64]
    payable: NDArray[np.int64]
    provisional: NDArray[np.bool_]
    answers: NDArray[np.bool_]
    day: Callable[[dt.date], tuple[int, int, bool]]  # the per-day computation (raises as the rule)


def _filing_day_function(
    jurisdiction: Jurisdiction,
    parameters: ParameterSet | None,
    calendar: WorkingDayCalendar,
    roll_forward: bool,
) -> Callable[[dt.date], tuple[int, int, bool]]:
    """The per-record rule's computation for one payment date, in its order (parameters, then the
    on-time end, then the payable end), raising what it raises."""

    def day(payment: dt.date) -> tuple[int, int, bool]:
        params = parameters or parameters_for(jurisdiction, on=payment)
        window = params.version("reimbursement.on_time_window").value
        limit = params.version("reimbursement.payable_limit").value
        assert isinstance(window, int)
        assert isinstance(limit, int)
        on_time = period_end(payment, months=window, calendar=calendar, roll_forward=roll_forward)
        payable = period_end(payment, years=limit, calendar=calendar, roll_forward=roll_forward)
        provisional = bool(on_time.provisional_years or payable.provisional_years)
        return (
            on_time.last_day.toordinal() - _EPOCH,
            payable.last_day.toordinal() - _EPOCH,
            provisional,
        )

    return day


_EPOCH = dt.date(1970, 1, 1).toordinal()


def _span(calendar: WorkingDayCalendar) -> tuple[dt.date, dt.date] | None:
    """The days the calendar answers for (its table), or ``None`` when it has none."""
    first, last = calendar._span
    if first > last:
        return None
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


@functools.lru_cache(maxsize=16)
def _filing_table(
    jurisdiction: Jurisdiction,
    parameters: ParameterSet | None,
    calendar: WorkingDayCalendar,
    roll_forward: bool,
) -> _FilingTable:
    """Built once per (jurisdiction, parameters, calendar, option): every payment day of the span."""
    day = _filing_day_function(jurisdiction, parameters, calendar, roll_forward)
    first, last = _span(calendar) or (dt.date(1970, 1, 1), dt.date(1970, 1, 1))
    size = last.toordinal() - first.toordinal() + 1
    # one row more, the last: a treatment not covered (no days, nothing provisional, answered)
    on_time = np.full(size + 1, _NAT, dtype=np.int64)
    payable = np.full(size + 1, _NAT, dtype=np.int64)
    provisional = np.zeros(size + 1, dtype=bool)
    answers = np.zeros(size + 1, dtype=bool)
    answers[size] = True
    ordinal = first.toordinal()
    for i in range(size):
        try:
            on_time[i], payable[i], provisional[i] = day(dt.date.fromordinal(ordinal + i))
        except MedinsRulesError:
            continue
        answers[i] = True
    _frozen(on_time, payable, provisional, answers)
    return _FilingTable(first.toordinal() - _EPOCH, on_time, payable, provisional, answers, day)


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
    """:func:`medins_rules.processes.deadlines.reimbursement_filing` over arrays.

    ``payment_date``, ``filing_date`` (NaT or omitted: not filed yet) and ``evaluation_date`` (one
    date or an array; needed where a filing date is missing) are ``datetime64`` arrays or anything
    numpy turns into one; ``treatment`` holds :data:`TREATMENTS` codes or the treatments' values.
    ``jurisdiction``, ``parameters``, ``calendar`` and ``options`` are those of the per-record rule,
    one for the whole batch.
    """
    pay = _days(payment_date, "payment_date")
    size = len(pay)
    kinds = codes(treatment, TREATMENTS, "treatment")
    if len(kinds) != size:
        raise ColumnarInputError("treatment", min(len(kinds), size), "the columns differ in length")
    filed_day = None if filing_date is None else _days(filing_date, "filing_date", size)
    if filed_day is not None and len(filed_day) != size:
        raise ColumnarInputError("filing_date", min(len(filed_day), size), "lengths differ")
    evaluation = None
    if evaluation_date is not None:
        evaluation = np.asarray(evaluation_date)
        if evaluation.ndim:  # an array; one date stays one date, broadcast below
            evaluation = _days(evaluation, "evaluation_date")
            if len(evaluation) != size:
                raise ColumnarInputError(
                    "evaluation_date", min(len(evaluation), size), "lengths differ"
                )
        else:
            evaluation = _days(evaluation, "evaluation_date").reshape(())
    table = _filing_table(
        parse_jurisdiction(jurisdiction),
        parameters,
        calendar or bundled_calendar(),
        options.roll_forward,
    )
    out = FilingColumns(
        np.empty(size, np.int8),
        np.empty(size, "datetime64[D]"),
        np.empty(size, "datetime64[D]"),
        np.empty(size, np.int64),
        np.empty(size, np.int64),
        np.empty(size, bool),
    )
    for start in range(0, size, _CHUNK):  # in pieces that stay in the processor's cache
        part = slice(start, start + _CHUNK)
        _filing_chunk(
            table,
            start,
            pay[part],
            kinds[part],
            None if filed_day is None else filed_day[part],
            evaluation if evaluation is None or not evaluation.ndim else evaluation[part],
            out,
            part,
        )
    return out


_CHUNK = 1 << 16


def _filing_chunk(
    table: _FilingTable,
    offset: int,
    pay: NDArray[np.int64],
    kinds: Codes,
    filed_day: NDArray[np.int64] | None,
    evaluation: NDArray[np.int64] | None,
    out: FilingColumns,
    part: slice,
) -> None:
    """Records ``offset`` onwards: checked as the input model checks them, then decided."""
    filed = np.zeros(len(pay), dtype=bool) if filed_day is None else filed_day != _NAT
    bad = pay == _NAT  # every check at once; which one failed is worked out only if one did
    if filed_day is not None:
        bad |= filed & (filed_day < pay)
    if evaluation is None:
        bad |= ~filed
    else:
        bad |= (evaluation == _NAT) | (~filed & (evaluation < pay))
    if bad.any():
        _refuse_filing(pay, filed, filed_day, evaluation, offset)
    if evaluation is None:  # every record is filed (checked above)
        assert filed_day is not None
        day = filed_day
    else:
        day = evaluation if filed_day is None else np.where(filed, filed_day, evaluation)
    covered = _COVERED[kinds]

    days = len(table.answers) - 1  # the payment days; the last row is for "not covered"
    index = pay - table.first
    inside = covered & (index >= 0) & (index < days)
    index = np.where(inside, index, days)  # outside the days: asked below
    on_time = out.last_on_time_day[part].view(np.int64)
    payable = out.last_payable_day[part].view(np.int64)
    provisional = out.provisional[part]
    np.take(table.on_time, index, out=on_time)
    np.take(table.payable, index, out=payable)
    np.take(table.provisional, index, out=provisional)
    unanswered = covered & ~(inside & table.answers[index])
    if unanswered.any():  # the rule raises there, or the table does not reach: ask it
        for i in np.flatnonzero(unanswered).tolist():
            payment = _date(pay[i], "payment_date", offset + i)
            try:
                on_time[i], payable[i], provisional[i] = table.day(payment)
            except DATE_NOT_COVERED as exc:  # as the rule: the payment date's periods
                raise exc.about("payment_date").with_traceback(exc.__traceback__) from None

    # on time 0, late 1, forfeited 2; not covered: NaT days (any day is after them: 2), plus 1
    late = day > on_time
    outcome = out.outcome[part]
    np.add(late.view(np.int8), (late & (day > payable)).view(np.int8), out=outcome)
    outcome += (~covered).view(np.int8)
    not_open = ~covered | filed
    for last, left in (
        (on_time, out.days_left_on_time[part]),
        (payable, out.days_left_payable[part]),
    ):
        np.subtract(last, day, out=left)
        np.maximum(left, 0, out=left)
        np.copyto(left, -1, where=not_open)


def _refuse_filing(
    pay: NDArray[np.int64],
    filed: NDArray[np.bool_],
    filed_day: NDArray[np.int64] | None,
    evaluation: NDArray[np.int64] | None,
    offset: int,
) -> None:
    """Raise for the first record the input model refuses, naming its field."""

    def refuse(field: str, mask: NDArray[np.bool_], problem: Callable[[int], str]) -> None:
        _refuse(field, mask, problem, offset)

    refuse("payment_date", pay == _NAT, lambda i: "missing")
    if filed_day is not None:
        refuse(
            "filing_date",
            filed & (filed_day < pay),
            lambda i: (
                f"{_as_dates(filed_day)[i]} is before payment_date {_as_dates(pay)[i]}; a "
                "claim cannot be filed before the payment it reimburses"
            ),
        )
    if evaluation is None:
        refuse("evaluation_date", ~filed, lambda i: "required where filing_date is missing")
    else:
        refuse("evaluation_date", evaluation == _NAT, lambda i: "missing")
        refuse(
            "evaluation_date",
            ~filed & (evaluation < pay),
            lambda i: (
                f"{_as_dates(np.broadcast_to(evaluation, pay.shape))[i]} is before payment_date "
                f"{_as_dates(pay)[i]}; give a filing_date or evaluate on or after the payment"
            ),
        )
    raise AssertionError("a record was refused but no check names it")  # pragma: no cover


_COVERED = np.array([kind in COVERED_TREATMENTS for kind in TREATMENTS], dtype=bool)
_COVERED.flags.writeable = False


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


_CERTIFICATE = np.array(
    [
        p not in (ResidenceProof.TEMPORARY_RESIDENCE_PERMIT_COPY, ResidenceProof.OTHER)
        for p in PROOFS
    ]
)
_CERTIFICATE.flags.writeable = False
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
    """:func:`medins_rules.processes.deadlines.offsite_filing_residence` over arrays.

    ``proof`` holds :data:`PROOFS` codes or values; ``residence_start`` may be NaT where the proof
    is not a certificate; the filing date defaults to the evaluation date record by record.

    >>> import numpy as np
    >>> r = offsite_filing_residence_columns(
    ...     ["police_station_certificate", "temporary_residence_permit_copy"],
    ...     np.array(["2026-01-10", "NaT"], dtype="datetime64[D]"),
    ...     evaluation_date=np.datetime64("2026-07-09"))
    >>> [o.value for o in r.outcomes()], r.first_date_met
    (['does_not_meet', 'meets'], array(['2026-07-10',        'NaT'], dtype='datetime64[D]'))
    """
    kinds = codes(proof, PROOFS, "proof")
    size = len(kinds)
    start = (
        np.full(size, _NAT, dtype=np.int64)
        if residence_start is None
        else _days(residence_start, "residence_start", size)
    )
    filed = (
        np.full(size, _NAT, dtype=np.int64)
        if filing_date is None
        else _days(filing_date, "filing_date", size)
    )
    evaluation = (
        np.full(size, _NAT, dtype=np.int64)
        if evaluation_date is None
        else _days(evaluation_date, "evaluation_date", size)
    )
    for name, column in (("residence_start", start), ("filing_date", filed)):
        if len(column) != size:
            raise ColumnarInputError(name, min(len(column), size), "the columns differ in length")
    _refuse("evaluation_date", evaluation == _NAT, lambda i: "missing")
    filing = np.where(filed != _NAT, filed, evaluation)
    has_start = start != _NAT
    _refuse(
        "residence_start",
        has_start & (start > filing),
        lambda i: f"{_as_dates(start)[i]} is after the filing date {_as_dates(filing)[i]}",
    )
    certificate = _CERTIFICATE[kinds]
    _refuse(
        "residence_start",
        certificate & ~has_start,
        lambda i: "required with a residence certificate (the day continuous residence began)",
    )
    original = np.broadcast_to(np.asarray(certificate_is_original, dtype=bool), (size,))

    months = _parameter(
        filing, parse_jurisdiction(jurisdiction), parameters, "offsite_filing.minimum_residence"
    )
    refused = _first(months == 0)
    if refused is not None:  # no version in force on the filing date: raise as the rule raises
        field = "filing_date" if filed[refused] != _NAT else "evaluation_date"
        when = _date(filing[refused], field, refused)
        try:
            (parameters or parameters_for(jurisdiction, on=when)).version(
                "offsite_filing.minimum_residence"
            )
        except DATE_NOT_COVERED as exc:
            raise exc.about(field).with_traceback(exc.__traceback__) from None
        raise AssertionError("parameter segments disagree with parameters_for")  # pragma: no cover
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
    dates, and whether each relied on a provisional calendar year."""

    outcome: Codes
    settlement_date: Days
    provisional: NDArray[np.bool_]

    def outcomes(self) -> list[SettlementOutcome]:
        """The outcomes as enum members."""
        return [SETTLEMENT_OUTCOMES[c] for c in self.outcome.tolist()]

    def __len__(self) -> int:
        return len(self.outcome)


@dataclass(frozen=True, slots=True)
class _WorkingDays:
    first: int  # day number of the table's first day
    cumulative: NDArray[np.int64]  # working days in [first day, day i]
    official: NDArray[np.bool_]  # the day's year has an official arrangement
    answers: NDArray[np.bool_]  # the calendar answers for the day (official, or provisional)
    year: NDArray[np.int64]


@functools.lru_cache(maxsize=16)
def _working_days(calendar: WorkingDayCalendar) -> _WorkingDays:
    """The calendar's own cumulative working-day table, as arrays (built once per calendar)."""
    start, _, cumulative = calendar._table
    if not cumulative:  # a calendar with no years answers for no day
        return _WorkingDays(
            0, np.zeros(1, np.int64), np.zeros(1, bool), np.zeros(1, bool), np.zeros(1, np.int64)
        )
    days = np.arange(len(cumulative), dtype=np.int64) + (start - _EPOCH)
    year = _as_dates(days).astype("datetime64[Y]").astype(np.int64) + 1970
    official = np.isin(year, np.array(calendar.years, dtype=np.int64))
    answers = official | calendar.is_provisional
    counts = np.array(cumulative, dtype=np.int64)
    _frozen(counts, official, answers, year)
    return _WorkingDays(start - _EPOCH, counts, official, answers, year)


@functools.lru_cache(maxsize=8)
def _earliest(jurisdiction: Jurisdiction) -> int:
    """The first day ``parameters_for`` answers for the jurisdiction (before it, it raises)."""
    chain = jurisdiction_chain(jurisdiction)
    first = min(v.effective_from for v in shipped_versions() if v.jurisdiction in chain)
    return first.toordinal() - _EPOCH


_COUNTY = CHANNELS.index(EnrolmentChannel.COUNTY_CENTRE)
_ON_THE_SPOT = SETTLEMENT_OUTCOMES.index(SettlementOutcome.SETTLED_ON_THE_SPOT)
_BY_DATE = SETTLEMENT_OUTCOMES.index(SettlementOutcome.SETTLED_BY_DATE)


def service_settlement_columns(
    application_date: ArrayLike,
    channel: ArrayLike,
    *,
    jurisdiction: Jurisdiction | str = Jurisdiction.GUANGZHOU,
    parameters: ParameterSet | None = None,
    calendar: WorkingDayCalendar | None = None,
) -> SettlementColumns:
    """:func:`medins_rules.processes.deadlines.service_settlement` over arrays.

    ``channel`` holds :data:`CHANNELS` codes or values. A service point settles on the Nth working
    day after the application day (never counting the day itself), read from the calendar's
    cumulative working-day count: one binary search per record.

    >>> import numpy as np
    >>> s = service_settlement_columns(
    ...     np.array(["2026-02-13", "2026-09-30", "2026-09-30"], dtype="datetime64[D]"),
    ...     ["service_point", "service_point", "county_centre"])
    >>> s.settlement_date
    array(['2026-02-25', '2026-10-10', '2026-09-30'], dtype='datetime64[D]')
    """
    day = _days(application_date, "application_date")
    size = len(day)
    kinds = codes(channel, CHANNELS, "channel")
    if len(kinds) != size:
        raise ColumnarInputError("channel", min(len(kinds), size), "the columns differ in length")
    _refuse("application_date", day == _NAT, lambda i: "missing")
    jurisdiction = parse_jurisdiction(jurisdiction)
    cal = calendar or bundled_calendar()
    county = kinds == _COUNTY
    point = ~county
    n = _parameter(day, jurisdiction, parameters, "enrolment.service_point_settlement")
    table = _working_days(cal)
    index = day - table.first
    inside = (index >= 0) & (index < len(table.cumulative))
    start = np.where(inside, index, 0)
    found = np.searchsorted(table.cumulative, table.cumulative[start] + n, side="left")
    reached = found < len(table.cumulative)
    found = np.where(reached, found, 0)
    answered = (
        inside
        & reached
        & (n > 0)
        & table.answers[start]
        & table.answers[found]
        & (table.year[found] - table.year[start] <= 1)  # so no year in between
    )
    due = np.where(county, day, found + table.first)
    provisional = point & ~(table.official[start] & table.official[found])
    # the per-record rule reads the parameters first, for both channels
    ask = (point & ~answered) | ((day < _earliest(jurisdiction)) if parameters is None else False)
    if ask.any():  # the rule raises there (or the table does not reach): ask it
        due, provisional = due.copy(), provisional.copy()
        for i in np.flatnonzero(ask).tolist():
            when = _date(day[i], "application_date", i)
            try:
                params = parameters or parameters_for(jurisdiction, on=when)
                result = settlement_date(when, CHANNELS[kinds[i]], parameters=params, calendar=cal)
            except DATE_NOT_COVERED as exc:  # as the rule: the application day's
                raise exc.about("application_date").with_traceback(exc.__traceback__) from None
            due[i] = result.date.toordinal() - _EPOCH
            provisional[i] = result.provisional
    outcome = np.where(county, _ON_THE_SPOT, _BY_DATE).astype(np.int8)
    return SettlementColumns(outcome, _as_dates(due), provisional & point)
