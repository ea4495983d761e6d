"""Hypothesis strategies for the deadline rules' inputs, biased toward the boundaries that matter.

Dates are drawn from the years the shipped parameters cover up to two years past the calendar's last
published year (by default the bundled calendar), so that a share of the computed days wait for a
holiday notice not yet published; a good share of them sit on month ends, leap days, public
holidays, make-up working days, days not yet known and the exact last days of the filing windows.

Every case strategy takes keyword arguments named for its model's fields, each a value or a
strategy, and draws the other fields to fit them (``docs/strategies.md``):

>>> import datetime as dt
>>> from hypothesis import given, settings, strategies as st
>>> from medins_rules import reimbursement_filing
>>> @settings(max_examples=20)
... @given(reimbursement_filing_cases(treatment="hospitalisation",
...                                   payment_date=st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31))))
... def test_every_case_has_a_reason(case):
...     assert case.treatment == "hospitalisation" and case.payment_date.year == 2025
...     assert reimbursement_filing(case).reasons
>>> test_every_case_has_a_reason()
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TypedDict, Unpack

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from medins_rules.core.calendar import WorkingDayCalendar, bundled_calendar
from medins_rules.core.model import Jurisdiction
from medins_rules.core.parameters import shipped_versions
from medins_rules.core.periods import add_months
from medins_rules.processes.enrolment import EnrolmentChannel, SettlementCase
from medins_rules.processes.offsite_filing import (
    CERTIFICATES,
    ResidenceCase,
    ResidencePeriod,
    ResidenceProof,
)
from medins_rules.processes.reimbursement import (
    OffsiteFiling,
    ReimbursementFilingCase,
    TreatmentKind,
)
from medins_rules.testing.strategies._pins import Pin, Pins, between, field, jurisdictions_with

__all__ = [
    "ReimbursementFilingFields",
    "ResidenceFields",
    "ResidencePeriodFields",
    "SettlementFields",
    "boundary_dates",
    "offsite_filings",
    "reimbursement_filing_cases",
    "residence_cases",
    "residence_periods",
    "settlement_cases",
]


HORIZON_YEARS = 2
"""How many years past the calendar's last published year the drawn dates reach."""

_DAY = dt.timedelta(days=1)
_PARAMETERS_DAY = dt.date(2026, 1, 1)
"""A day the shipped parameters cover, to find the jurisdictions each rule is encoded for."""


def _span(calendar: WorkingDayCalendar) -> tuple[dt.date, dt.date]:
    """The days the shipped parameters cover, up to ``HORIZON_YEARS`` past the last published year."""
    years = calendar.years or (calendar.span[0],)
    first_parameter = min(v.effective_from for v in shipped_versions())
    first = max(dt.date(calendar.span[0], 1, 1), first_parameter)
    return first, dt.date(min(years[-1] + HORIZON_YEARS, calendar.span[1]), 12, 31)


@functools.cache
def _special_dates(first: dt.date, last: dt.date, cal: WorkingDayCalendar) -> tuple[dt.date, ...]:
    """Month ends, and the days around every day that differs from the week or is not yet known."""
    special: list[dt.date] = []
    for year in range(first.year, last.year + 1):
        for month in range(1, 13):
            special.append(add_months(dt.date(year, month, 1), 1)[0] - _DAY)
    table = cal.partial().day_table(first, last)
    for index, code in enumerate(table.codes):
        day = first + dt.timedelta(days=index)
        weekday = day.weekday() < 5
        if code == table.UNKNOWN or (code == table.REST) == weekday:
            special.extend((day - _DAY, day))
    return tuple(sorted({d for d in special if first <= d <= last}))


def boundary_dates(
    first: dt.date, last: dt.date, calendar: WorkingDayCalendar | None = None
) -> st.SearchStrategy[dt.date]:
    """Dates in ``[first, last]``, a good share of them month ends, leap days, rest days around
    holidays and make-up working days of ``calendar``."""
    if last <= first:
        return st.just(first)
    in_range = _special_dates(first, last, calendar or bundled_calendar())
    plain = st.dates(first, last)
    return st.one_of(st.sampled_from(in_range), plain) if in_range else plain


@functools.cache
def _calendar_days(
    first: dt.date, last: dt.date, cal: WorkingDayCalendar, *, unknown_only: bool
) -> tuple[dt.date, ...]:
    """The days that differ from a plain week (holidays, make-up working days) or are not yet known,
    and the day before each; with ``unknown_only``, only the days not yet known and the day before."""
    special: set[dt.date] = set()
    table = cal.partial().day_table(first, last)
    for index, code in enumerate(table.codes):
        day = first + dt.timedelta(days=index)
        unknown = code == table.UNKNOWN
        if unknown or (not unknown_only and (code == table.REST) == (day.weekday() < 5)):
            special.update((day - _DAY, day))
    return tuple(sorted(d for d in special if first <= d <= last))


@functools.cache
def _window_starts(
    first: dt.date, last: dt.date, cal: WorkingDayCalendar, *, unknown_only: bool
) -> tuple[dt.date, ...]:
    """Payment days in ``[first, last]`` whose six-month or one-year day is by a holiday or a
    make-up working day, or (``unknown_only``) a day not yet known (the holidays of a year whose
    notice is not published, such as the 2027 Spring Festival's before its notice)."""
    span_first, span_last = _span(cal)
    special = _calendar_days(span_first, span_last, cal, unknown_only=unknown_only)
    starts = {add_months(d, -months)[0] for d in special for months in (6, 12)}
    return tuple(sorted(d for d in starts if first <= d <= last))


def _payment_dates(
    first: dt.date, last: dt.date, cal: WorkingDayCalendar
) -> st.SearchStrategy[dt.date]:
    """Payment days in ``[first, last]``: special days themselves, or days whose filing windows end
    by a holiday, or on a day not yet known."""
    options = [boundary_dates(first, last, cal)]
    for unknown_only in (False, True):
        starts = _window_starts(first, last, cal, unknown_only=unknown_only)
        if starts:
            options.append(st.sampled_from(starts))
    return st.one_of(options)


def _jurisdictions(parameter: str) -> st.SearchStrategy[Jurisdiction]:
    """The jurisdictions a rule reading ``parameter`` is encoded for."""
    return st.sampled_from(jurisdictions_with(parameter, _PARAMETERS_DAY))


# -- reimbursement filing ------------------------------------------------------------------------------


class ReimbursementFilingFields(TypedDict, total=False):
    """The fields of :class:`ReimbursementFilingCase` to pin, each a value or a strategy."""

    payment_date: Pin[dt.date | str]
    treatment: Pin[TreatmentKind | str]
    offsite_filing: Pin[OffsiteFiling | dict[str, object] | None]
    filing_date: Pin[dt.date | str | None]
    evaluation_date: Pin[dt.date | str]
    jurisdiction: Pin[Jurisdiction | str]


@st.composite
def offsite_filings(draw: st.DrawFn, payment: dt.date) -> OffsiteFiling:
    """Off-site filings for a payment on ``payment``: done, not done or not known; dated before, on
    or after the treatment's first day or the payment; each fact sometimes not known."""
    done = draw(st.sampled_from([True, True, False, None]))
    if done is False:
        return OffsiteFiling(done=False, institution_selected=draw(st.sampled_from([False, None])))
    start = payment - dt.timedelta(days=draw(st.integers(0, 60)))
    date = draw(
        st.sampled_from(
            [
                start - dt.timedelta(days=10),
                start,
                start + dt.timedelta(days=1),
                payment,
                payment + dt.timedelta(days=3),
            ]
        )
    )
    return OffsiteFiling(
        done=done,
        date=draw(st.sampled_from([date, date, None])),
        institution_selected=draw(st.sampled_from([True, True, False, None])),
        treatment_start=draw(st.sampled_from([start, start, None])),
    )


_TREATMENTS = st.one_of(
    st.sampled_from(
        [
            TreatmentKind.HOSPITALISATION,
            TreatmentKind.EMERGENCY_OBSERVATION,
            TreatmentKind.OUTPATIENT_SPECIFIC_ITEMS,
            TreatmentKind.OUTPATIENT_CHRONIC_DISEASE,
        ]
    ),
    st.sampled_from(TreatmentKind),
)


def reimbursement_filing_cases(
    calendar: WorkingDayCalendar | None = None,
    *,
    filed: bool | None = None,
    offsite: bool | None = None,
    **fields: Unpack[ReimbursementFilingFields],
) -> st.SearchStrategy[ReimbursementFilingCase]:
    """Reimbursement filing cases whose windows stay inside the calendar's years.

    ``filed``: ``True`` for cases with a filing date, ``False`` for not-yet-filed cases, ``None``
    for both. ``offsite``: ``True`` for cases giving the off-site filing (:func:`offsite_filings`),
    ``False`` for cases judged on the filing windows alone, ``None`` (the default) for both, a
    quarter of them with the off-site filing. Many payments sit on month ends, leap days and holidays, and many filings on, just
    before or just after the last on-time or the last payable day, and many windows end on such a day
    (a holiday, a day not yet known) themselves. Any field may be pinned.
    """
    pins = Pins("reimbursement_filing_cases", ReimbursementFilingCase, fields)
    pinned_filing = pins.values.get("filing_date", ...)
    if filed is not None and pinned_filing is not ... and (pinned_filing is not None) != filed:
        raise InvalidArgument(
            f"reimbursement_filing_cases(filed={filed}, filing_date={pinned_filing!r}): "
            f"filed={filed} asks for cases {'with' if filed else 'without'} a filing date"
        )
    return _reimbursement_filing_cases(calendar or bundled_calendar(), filed, offsite, pins)


@st.composite
def _reimbursement_filing_cases(
    draw: st.DrawFn,
    cal: WorkingDayCalendar,
    filed: bool | None,
    offsite: bool | None,
    pins: Pins[ReimbursementFilingCase],
) -> ReimbursementFilingCase:
    known = pins.resolve(draw)
    first, last = _span(cal)
    pinned_filing = known.get("filing_date")
    pinned_evaluation = known.get("evaluation_date")
    latest = min(
        d for d in (add_months(last, -13)[0], pinned_filing, pinned_evaluation) if d is not None
    )
    pinned_offsite = known.get("offsite_filing")
    began = pinned_offsite.treatment_start if isinstance(pinned_offsite, OffsiteFiling) else None
    earliest = max(first, began) if began is not None else first
    payment = field(
        draw, known, "payment_date", lambda: _payment_dates(min(earliest, latest), latest, cal)
    )
    six, _ = add_months(payment, 6)
    year, _ = add_months(payment, 12)
    near = st.sampled_from(
        [six + dt.timedelta(days=k) for k in (-1, 0, 1, 2, 3, 9)]
        + [year + dt.timedelta(days=k) for k in (-1, 0, 1, 2, 3, 9)]
    )
    later = st.one_of(near, between(payment, min(last, year + dt.timedelta(days=60))))
    day = max(min(draw(later), last), payment)
    if pinned_evaluation is not None:
        day = min(day, pinned_evaluation)
    if "filing_date" in known:
        filing = pinned_filing
    else:
        with_filing = draw(st.booleans()) if filed is None else filed
        filing = day if with_filing else None
    if pinned_evaluation is not None:
        evaluation = pinned_evaluation
    elif filing is not None:
        evaluation = filing + dt.timedelta(days=draw(st.sampled_from((0, 0, 0, 1, 45))))
    else:
        evaluation = day
    if "offsite_filing" in known:
        offsite_filing = known["offsite_filing"]
        if (
            pinned_evaluation is None
            and isinstance(offsite_filing, OffsiteFiling)
            and offsite_filing.date is not None
        ):
            evaluation = max(evaluation, offsite_filing.date)
    else:
        with_offsite = (
            draw(st.sampled_from((True, False, False, False))) if offsite is None else offsite
        )
        offsite_filing = draw(offsite_filings(payment)) if with_offsite else None
        if offsite_filing is not None and offsite_filing.date is not None:
            evaluation = max(evaluation, offsite_filing.date)
    return pins.build(
        {
            "payment_date": payment,
            "treatment": field(draw, known, "treatment", lambda: _TREATMENTS),
            "offsite_filing": offsite_filing,
            "filing_date": filing,
            "evaluation_date": evaluation,
            "jurisdiction": field(
                draw, known, "jurisdiction", lambda: _jurisdictions("reimbursement.on_time_window")
            ),
        }
    )


# -- off-site filing residence -------------------------------------------------------------------------


class ResidencePeriodFields(TypedDict, total=False):
    """The fields of :class:`ResidencePeriod` to pin, each a value or a strategy."""

    first_day: Pin[dt.date | str]
    last_day: Pin[dt.date | str | None]


def residence_periods(
    calendar: WorkingDayCalendar | None = None, **fields: Unpack[ResidencePeriodFields]
) -> st.SearchStrategy[ResidencePeriod]:
    """One period of residence a certificate lists: months long, ongoing (no last day) now and then."""
    pins = Pins("residence_periods", ResidencePeriod, fields)
    return _residence_periods(calendar or bundled_calendar(), pins)


@st.composite
def _residence_periods(
    draw: st.DrawFn, cal: WorkingDayCalendar, pins: Pins[ResidencePeriod]
) -> ResidencePeriod:
    known = pins.resolve(draw)
    first, last = _span(cal)
    pinned_last = known.get("last_day")
    top = min(last, pinned_last) if pinned_last is not None else last
    start = field(draw, known, "first_day", lambda: boundary_dates(min(first, top), top, cal))
    end = field(
        draw,
        known,
        "last_day",
        lambda: st.none() | st.integers(0, 400).map(lambda n: start + dt.timedelta(days=n)),
    )
    return pins.build({"first_day": start, "last_day": end})


class ResidenceFields(TypedDict, total=False):
    """The fields of :class:`ResidenceCase` to pin, each a value or a strategy."""

    proof: Pin[ResidenceProof | str]
    residence_periods: Pin[tuple[ResidencePeriod, ...] | None]
    residence_start: Pin[dt.date | str | None]
    certificate_is_original: Pin[bool]
    filing_date: Pin[dt.date | str | None]
    evaluation_date: Pin[dt.date | str]
    jurisdiction: Pin[Jurisdiction | str]


def residence_cases(
    calendar: WorkingDayCalendar | None = None, **fields: Unpack[ResidenceFields]
) -> st.SearchStrategy[ResidenceCase]:
    """Off-site filing residence cases, many of them within days of the six-month mark.

    A certificate gives the first day of continuous residence (``residence_start``) or the periods it
    lists (``residence_periods``: one to four, continuous, overlapping or with gaps of a day or more,
    the last one often ongoing); a temporary residence permit copy or another proof needs neither.
    Any field may be pinned (``residence_periods=None`` for certificates with a start day only).
    """
    pins = Pins("residence_cases", ResidenceCase, fields)
    return _residence_cases(calendar or bundled_calendar(), pins)


_WITHOUT_CERTIFICATE = tuple(p for p in ResidenceProof if p not in CERTIFICATES)


@st.composite
def _period_list(draw: st.DrawFn, since: dt.date) -> tuple[ResidencePeriod, ...]:
    """One to four periods, the earliest from ``since``, each after the one before by a gap of zero
    to thirty days or overlapping it; the last one ongoing now and then."""
    count = draw(st.integers(1, 4))
    periods: list[ResidencePeriod] = []
    start = since
    for n in range(count):
        end: dt.date | None
        if n == count - 1 and draw(st.booleans()):
            end = None
        else:
            end = start + dt.timedelta(
                days=draw(st.sampled_from((0, 30, 92)) | st.integers(0, 240))
            )
        periods.append(ResidencePeriod(first_day=start, last_day=end))
        if end is None:
            break
        gap = draw(st.sampled_from((1, 1, 2, 3, 31, -10)))  # 1: continuous; -10: overlapping
        start = max(since, end + dt.timedelta(days=gap))
    return tuple(draw(st.permutations(periods)))


@st.composite
def _residence_cases(
    draw: st.DrawFn, cal: WorkingDayCalendar, pins: Pins[ResidenceCase]
) -> ResidenceCase:
    known = pins.resolve(draw)
    first, last = _span(cal)
    start_pinned, periods_pinned = known.get("residence_start"), known.get("residence_periods")
    if start_pinned is not None:
        proofs: st.SearchStrategy[ResidenceProof] = st.sampled_from(ResidenceProof)
    elif periods_pinned is None and "residence_start" in known and "residence_periods" in known:
        proofs = st.sampled_from(_WITHOUT_CERTIFICATE)  # neither given: no certificate
    else:
        proofs = st.sampled_from(ResidenceProof)
    proof = field(draw, known, "proof", lambda: proofs)

    # How the residence is given: by its start, by periods, or not at all.
    if start_pinned is not None:
        form = "start"
    elif periods_pinned is not None:
        form = "periods"
    else:
        forms = [
            name
            for name, allowed in (
                ("start", "residence_start" not in known),
                ("start", "residence_start" not in known),
                ("periods", "residence_periods" not in known),
                ("neither", proof not in CERTIFICATES),
            )
            if allowed
        ]
        form = draw(st.sampled_from(forms)) if forms else "neither"

    # The filing day: the filing date, or else the evaluation date.
    pinned_filing, pinned_evaluation = known.get("filing_date"), known.get("evaluation_date")
    filing_day = pinned_filing if pinned_filing is not None else pinned_evaluation
    if start_pinned is not None:
        since = start_pinned
    elif periods_pinned is not None:
        since = min(p.first_day for p in periods_pinned)
    elif filing_day is not None:
        mark, _ = add_months(filing_day, -6)
        top = filing_day
        since = draw(
            st.one_of(
                st.sampled_from([mark + dt.timedelta(days=k) for k in (-2, -1, 0, 1, 2)]),
                boundary_dates(min(first, top), top, cal),
            )
        )
        since = min(since, top)
    else:
        since = draw(boundary_dates(first, add_months(last, -7)[0], cal))
    if filing_day is None:
        mark, _ = add_months(since, 6)
        filing_day = draw(
            st.one_of(
                st.sampled_from([mark + dt.timedelta(days=k) for k in (-2, -1, 0, 1, 2)]),
                between(since, min(last, mark + dt.timedelta(days=90))),
            )
        )
        filing_day = max(filing_day, since)
    if "filing_date" in known:
        filing = pinned_filing
    else:
        filing = filing_day if draw(st.booleans()) else None
    if pinned_evaluation is not None:
        evaluation = pinned_evaluation
    elif filing is not None:
        evaluation = filing_day + dt.timedelta(days=draw(st.sampled_from((0, 0, 0, 1, 30))))
    else:
        evaluation = filing_day

    start = (start_pinned or since) if form == "start" else None
    periods = periods_pinned
    if form == "periods" and periods is None:
        periods = draw(_period_list(since))
    return pins.build(
        {
            "proof": proof,
            "residence_periods": periods,
            "residence_start": start,
            "certificate_is_original": field(
                draw, known, "certificate_is_original", lambda: st.booleans()
            ),
            "filing_date": filing,
            "evaluation_date": evaluation,
            "jurisdiction": field(
                draw,
                known,
                "jurisdiction",
                lambda: _jurisdictions("offsite_filing.minimum_residence"),
            ),
        }
    )


# -- service-point settlement --------------------------------------------------------------------------


class SettlementFields(TypedDict, total=False):
    """The fields of :class:`SettlementCase` to pin, each a value or a strategy."""

    application_date: Pin[dt.date | str]
    channel: Pin[EnrolmentChannel | str]
    evaluation_date: Pin[dt.date | str]
    jurisdiction: Pin[Jurisdiction | str]


def settlement_cases(
    calendar: WorkingDayCalendar | None = None, **fields: Unpack[SettlementFields]
) -> st.SearchStrategy[SettlementCase]:
    """Enrolment applications at either channel, many on or just before rest days, in every
    jurisdiction (the settlement time is held at the national level). Any field may be pinned."""
    pins = Pins("settlement_cases", SettlementCase, fields)
    return _settlement_cases(calendar or bundled_calendar(), pins)


@st.composite
def _settlement_cases(
    draw: st.DrawFn, cal: WorkingDayCalendar, pins: Pins[SettlementCase]
) -> SettlementCase:
    known = pins.resolve(draw)
    first, last = _span(cal)
    top = last - dt.timedelta(days=40)
    if "evaluation_date" in known:
        top = min(top, known["evaluation_date"])
    day = field(draw, known, "application_date", lambda: boundary_dates(min(first, top), top, cal))
    return pins.build(
        {
            "application_date": day,
            "channel": field(draw, known, "channel", lambda: st.sampled_from(EnrolmentChannel)),
            "evaluation_date": field(
                draw,
                known,
                "evaluation_date",
                lambda: st.sampled_from((0, 0, 0, 1, 7)).map(lambda n: day + dt.timedelta(days=n)),
            ),
            "jurisdiction": field(
                draw,
                known,
                "jurisdiction",
                lambda: _jurisdictions("enrolment.service_point_settlement"),
            ),
        }
    )
