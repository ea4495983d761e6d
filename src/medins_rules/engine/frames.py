"""The columnar deadline rules over data frames: pandas partitions, Dask, and (in the docs) Spark.

Each ``*_frame`` function takes a pandas DataFrame of input columns and returns a DataFrame of
results with the same index, by running :mod:`medins_rules.engine.columnar` unchanged on the columns. That is
exactly the shape ``dask.dataframe.DataFrame.map_partitions`` and Spark's ``mapInPandas`` expect, so
the same function runs on one machine or many; the ``*_dask`` helpers wire it up with the right
``meta``. Needs pandas: the optional extra ``pandas`` (``pip install medins-rules[pandas]``, pandas
and numpy, for one machine), and Dask for the helpers: the extra ``dask``, which holds pandas'
(``pip install medins-rules[dask]``). pandas and Dask are imported only when called.

>>> import pytest; pd = pytest.importorskip("pandas")  # skipped without the 'pandas' extra
>>> frame = pd.DataFrame({
...     "payment_date": pd.to_datetime(["2025-03-10", "2025-08-15"]),
...     "treatment": ["hospitalisation", "general_outpatient"],
...     "filing_date": pd.to_datetime(["2025-09-10", None]),
... })
>>> out = reimbursement_filing_frame(frame, evaluation_date="2026-02-25")
>>> out["outcome"].tolist(), out["last_on_time_day"].dt.strftime("%Y-%m-%d").tolist()
(['on_time', 'not_covered'], ['2025-09-10', nan])

Columns are found by name (the input models' field names by default); a date may be given for the
whole frame instead of a column (``evaluation_date=``). Treatment, proof and channel columns may be
strings or categoricals. Outcomes come back as categoricals, days left as ``-1`` where the
per-record decision leaves them empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

import medins_rules.engine.columnar as columnar
from medins_rules.core.calendar import WorkingDayCalendar
from medins_rules.core.model import Jurisdiction
from medins_rules.core.parameters import ParameterSet
from medins_rules.core.problems import describe_error
from medins_rules.processes.reimbursement import DEFAULT_DEADLINE_OPTIONS, DeadlineOptions

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "FRAME_COLUMNS_AFTER",
    "offsite_filing_residence_dask",
    "offsite_filing_residence_frame",
    "reimbursement_filing_dask",
    "reimbursement_filing_frame",
    "rule_dask",
    "rule_frame",
    "service_settlement_dask",
    "service_settlement_frame",
]


def _pandas() -> Any:
    """pandas, imported when a frame function is first called; without it, an ``ImportError``
    that says which extra installs it."""
    try:
        import pandas
    except ImportError:
        raise ImportError(
            "medins_rules.engine.frames needs pandas, the optional extra 'pandas': "
            "pip install 'medins-rules[pandas]' (or 'medins-rules[dask]' for the Dask helpers)"
        ) from None
    return pandas


E = TypeVar("E", bound=StrEnum)
DateLike = str | dt.date | np.datetime64


def _column_or_date(frame: pd.DataFrame, given: str | DateLike | None) -> Any:
    """A column's dates when ``given`` names a column of ``frame``, else the one date given."""
    if given is None:
        return None
    if isinstance(given, str) and given in frame.columns:
        return _dates(frame[given])
    if isinstance(given, np.datetime64):
        return given.astype("datetime64[D]")
    return np.datetime64(given, "D")


def _dates(series: pd.Series) -> Any:
    if series.dtype.kind == "M":
        return series.to_numpy().astype("datetime64[D]")
    return np.asarray(series.to_numpy(), dtype="datetime64[D]")


def _codes(series: pd.Series, members: Sequence[E], field: str) -> Any:
    """Codes into ``members`` for a column of values, categorical or not: one look-up per distinct
    value (a hash-based factorisation, not a sort)."""
    pd = _pandas()

    if isinstance(series.dtype, pd.CategoricalDtype):
        categories, positions = series.cat.categories, series.cat.codes.to_numpy()
    else:
        positions, categories = pd.factorize(series, use_na_sentinel=True)
    table = np.asarray(columnar.codes(np.asarray(categories, dtype=str), members, field))
    missing = np.flatnonzero(positions < 0)
    if missing.size:
        raise columnar.ColumnarInputError(field, int(missing[0]), "missing")
    return table[positions] if len(table) else np.zeros(len(positions), dtype=np.int8)


def _outcomes(codes: Any, members: Sequence[StrEnum], index: Any) -> pd.Series:
    pd = _pandas()

    categories = [m.value for m in members]
    return pd.Series(pd.Categorical.from_codes(codes, categories=categories), index=index)


def reimbursement_filing_frame(
    frame: pd.DataFrame,
    *,
    payment_date: str = "payment_date",
    treatment: str = "treatment",
    filing_date: str | None = "filing_date",
    evaluation_date: str | DateLike | None = "evaluation_date",
    jurisdiction: Jurisdiction | str = Jurisdiction.GUANGZHOU,
    parameters: ParameterSet | None = None,
    calendar: WorkingDayCalendar | None = None,
    options: DeadlineOptions = DEFAULT_DEADLINE_OPTIONS,
) -> pd.DataFrame:
    """:func:`medins_rules.engine.columnar.reimbursement_filing_columns` over a frame.

    Result columns: ``outcome``, ``last_on_time_day``, ``last_payable_day``,
    ``days_left_on_time``, ``days_left_payable``, ``provisional``. A missing ``filing_date``
    column means nothing is filed yet.
    """
    pd = _pandas()

    filed = (
        _dates(frame[filing_date])
        if filing_date is not None and filing_date in frame.columns
        else None
    )
    result = columnar.reimbursement_filing_columns(
        _dates(frame[payment_date]),
        _codes(frame[treatment], columnar.TREATMENTS, treatment),
        filed,
        evaluation_date=_column_or_date(frame, evaluation_date),
        jurisdiction=jurisdiction,
        parameters=parameters,
        calendar=calendar,
        options=options,
    )
    return pd.DataFrame(
        {
            "outcome": _outcomes(result.outcome, columnar.FILING_OUTCOMES, frame.index),
            "last_on_time_day": result.last_on_time_day,
            "last_payable_day": result.last_payable_day,
            "days_left_on_time": result.days_left_on_time,
            "days_left_payable": result.days_left_payable,
            "provisional": result.provisional,
        },
        index=frame.index,
    )


def offsite_filing_residence_frame(
    frame: pd.DataFrame,
    *,
    proof: str = "proof",
    residence_start: str = "residence_start",
    certificate_is_original: str | bool = "certificate_is_original",
    filing_date: str | None = "filing_date",
    evaluation_date: str | DateLike | None = "evaluation_date",
    jurisdiction: Jurisdiction | str = Jurisdiction.GUANGZHOU,
    parameters: ParameterSet | None = None,
) -> pd.DataFrame:
    """:func:`medins_rules.engine.columnar.offsite_filing_residence_columns` over a frame.

    Result columns: ``outcome``, ``first_date_met``.
    """
    pd = _pandas()

    original: Any = (
        frame[certificate_is_original].to_numpy(dtype=bool)
        if isinstance(certificate_is_original, str) and certificate_is_original in frame.columns
        else bool(certificate_is_original)
    )
    result = columnar.offsite_filing_residence_columns(
        _codes(frame[proof], columnar.PROOFS, proof),
        _dates(frame[residence_start]) if residence_start in frame.columns else None,
        certificate_is_original=original,
        filing_date=(
            _dates(frame[filing_date])
            if filing_date is not None and filing_date in frame.columns
            else None
        ),
        evaluation_date=_column_or_date(frame, evaluation_date),
        jurisdiction=jurisdiction,
        parameters=parameters,
    )
    return pd.DataFrame(
        {
            "outcome": _outcomes(result.outcome, columnar.RESIDENCE_OUTCOMES, frame.index),
            "first_date_met": result.first_date_met,
        },
        index=frame.index,
    )


def service_settlement_frame(
    frame: pd.DataFrame,
    *,
    application_date: str = "application_date",
    channel: str = "channel",
    jurisdiction: Jurisdiction | str = Jurisdiction.GUANGZHOU,
    parameters: ParameterSet | None = None,
    calendar: WorkingDayCalendar | None = None,
) -> pd.DataFrame:
    """:func:`medins_rules.engine.columnar.service_settlement_columns` over a frame.

    Result columns: ``outcome``, ``settlement_date``, ``provisional``.
    """
    pd = _pandas()

    result = columnar.service_settlement_columns(
        _dates(frame[application_date]),
        _codes(frame[channel], columnar.CHANNELS, channel),
        jurisdiction=jurisdiction,
        parameters=parameters,
        calendar=calendar,
    )
    return pd.DataFrame(
        {
            "outcome": _outcomes(result.outcome, columnar.SETTLEMENT_OUTCOMES, frame.index),
            "settlement_date": result.settlement_date,
            "provisional": result.provisional,
        },
        index=frame.index,
    )


# -- Dask ------------------------------------------------------------------------------------------


def _on_dask(function: Callable[..., pd.DataFrame], frame: Any, kwargs: dict[str, Any]) -> Any:
    """``frame.map_partitions(function)``, its ``meta`` the function's answer on the empty meta."""
    return frame.map_partitions(function, meta=function(frame._meta, **kwargs), **kwargs)


def reimbursement_filing_dask(frame: Any, **kwargs: Any) -> Any:
    """:func:`reimbursement_filing_frame` on every partition of a ``dask.dataframe.DataFrame``
    (lazily; ``.compute()`` runs it on whichever scheduler or cluster is in use)."""
    return _on_dask(reimbursement_filing_frame, frame, kwargs)


def offsite_filing_residence_dask(frame: Any, **kwargs: Any) -> Any:
    """:func:`offsite_filing_residence_frame` on every partition of a Dask DataFrame."""
    return _on_dask(offsite_filing_residence_frame, frame, kwargs)


def service_settlement_dask(frame: Any, **kwargs: Any) -> Any:
    """:func:`service_settlement_frame` on every partition of a Dask DataFrame."""
    return _on_dask(service_settlement_frame, frame, kwargs)


# -- every rule: compact rows on a frame ------------------------------------------------------------

FRAME_COLUMNS_AFTER = ("reason_codes", "error")
"""The columns of :func:`rule_frame` after the compact row's own: the reason codes, and the refusal
of a row the rule could not decide (empty where it decided)."""


def _frame_records(frame: pd.DataFrame, required: frozenset[str]) -> list[dict[str, Any]]:
    """The frame's rows as the rule's input: days as ``YYYY-MM-DD`` (datetime columns must hold
    whole days), whole numbers as integers (a column of them with gaps is a float column in
    pandas), missing values (``NaN``, ``NaT``, ``None``) left out unless the field is ``required``
    (then given as ``None``, as a required field that may be empty takes it), nested values as they
    are."""
    columns: dict[str, list[Any]] = {}
    for name in frame.columns:
        series = frame[name]
        if series.dtype.kind == "M":
            whole = series.isna() | (series.dt.normalize() == series)
            if not bool(whole.all()):
                first = int(np.flatnonzero(~whole.to_numpy())[0])
                raise columnar.ColumnarInputError(
                    str(name), first, f"{series.iloc[first]} is not a whole day"
                )
            series = series.dt.strftime("%Y-%m-%d")
        elif series.dtype.kind == "f":
            present = series.dropna()
            if bool((present == present.round()).all()):
                series = series.astype("Int64")
        columns[str(name)] = series.astype(object).where(series.notna(), None).tolist()
    names = list(columns)
    if not names:
        return [{} for _ in range(len(frame))]
    return [
        {
            name: value
            for name, value in zip(names, values, strict=True)
            if value is not None or name in required
        }
        for values in zip(*columns.values(), strict=True)
    ]


def _refusal(exc: BaseException) -> str:
    return "; ".join(str(problem) for problem in describe_error(exc))


def rule_frame(frame: pd.DataFrame, rule: str, **kwargs: Any) -> pd.DataFrame:
    """Any rule over a frame of its input fields (one column a field): one compact row a record
    (:func:`medins_rules.engine.rows.compact_row`'s columns, then ``reason_codes`` and ``error``),
    with the frame's index. A rule with a columnar form decides the plain rows through the columnar
    engine and the others one by one, as ``medins-rules evaluate --output compact`` does; a row the
    rule refuses has its reasons in ``error`` and nothing else. The shape ``map_partitions`` and
    Spark's ``mapInPandas`` expect (see :func:`rule_dask`).

    >>> import pytest; pd = pytest.importorskip("pandas")
    >>> frame = pd.DataFrame({"application_date": ["2026-02-13", "2026-02-30"],
    ...                       "channel": ["service_point", "county_centre"],
    ...                       "evaluation_date": ["2026-02-13", "2026-03-01"]})
    >>> out = rule_frame(frame, "deadlines.service_settlement")
    >>> out["settlement_date"].tolist(), out["error"].tolist()[1].split(":")[0]
    (['2026-02-25', None], 'application_date')
    """
    import orjson
    from pydantic import ValidationError

    from medins_rules.core.errors import MedinsRulesError
    from medins_rules.engine.catalogue import evaluate, get_rule
    from medins_rules.engine.rows import COMPACT_BASE, compact_fields, compact_row
    from medins_rules.engine.stream import RepresentativeCache, columnar_rows, has_columnar_form

    pd = _pandas()
    spec = get_rule(rule)
    names = [*COMPACT_BASE, *compact_fields(spec.decision_model), *FRAME_COLUMNS_AFTER]
    required = frozenset(n for n, f in spec.input_model.model_fields.items() if f.is_required())
    records = _frame_records(frame, required)
    lines = [orjson.dumps(record, option=orjson.OPT_NON_STR_KEYS) for record in records]
    rows: list[dict[str, Any] | None] = [None] * len(lines)
    if lines and has_columnar_form(spec, kwargs):
        for i, row in enumerate(columnar_rows(spec, lines, kwargs, RepresentativeCache())):
            if row is not None:
                rows[i] = {**orjson.loads(row.json), "error": None}
    for i, line in enumerate(lines):
        if rows[i] is None:
            try:
                rows[i] = {**compact_row(evaluate(rule, line, **kwargs)), "error": None}
            except (ValidationError, MedinsRulesError) as exc:
                rows[i] = {"error": _refusal(exc)}
    decided = [row if row is not None else {} for row in rows]
    return pd.DataFrame(
        {
            name: pd.Series([row.get(name) for row in decided], index=frame.index, dtype=object)
            for name in names
        },
        index=frame.index,
    )


def rule_dask(frame: Any, rule: str, **kwargs: Any) -> Any:
    """:func:`rule_frame` on every partition of a ``dask.dataframe.DataFrame`` (lazily), for any
    rule of the catalogue."""
    return frame.map_partitions(
        rule_frame, rule, meta=rule_frame(frame._meta, rule, **kwargs), **kwargs
    )
