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
from medins_rules.processes.reimbursement import DEFAULT_DEADLINE_OPTIONS, DeadlineOptions

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "offsite_filing_residence_dask",
    "offsite_filing_residence_frame",
    "reimbursement_filing_dask",
    "reimbursement_filing_frame",
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
