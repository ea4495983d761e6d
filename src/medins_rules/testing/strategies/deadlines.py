"""Hypothesis strategies for the deadline rules' inputs, biased toward the boundaries that matter.

Dates are drawn from the years the shipped parameters cover up to two years past the calendar's last
published year (by default the bundled calendar), so that a share of the computed days wait for a
holiday notice not yet published; a good share of them sit on month ends, leap days, public
holidays, make-up working days, days not yet known and the exact last days of the filing windows.

>>> from hypothesis import given, settings
>>> from medins_rules import reimbursement_filing
>>> @settings(max_examples=20)
... @given(reimbursement_filing_cases())
... def test_every_case_has_a_reason(case):
...     assert reimbursement_filing(case).reasons
>>> test_every_case_has_a_reason()
"""

from __future__ import annotations

import datetime as dt
import functools

from hypothesis import strategies as st

from medins_rules.core.calendar import WorkingDayCalendar, bundled_calendar
from medins_rules.core.parameters import shipped_versions
from medins_rules.core.periods import add_months
from medins_rules.processes.enrolment import EnrolmentChannel, SettlementCase
from medins_rules.processes.offsite_filing import ResidenceCase, ResidenceProof
from medins_rules.processes.reimbursement import (
    OffsiteFiling,
    ReimbursementFilingCase,
    TreatmentKind,
)

__all__ = [
    "boundary_dates",
    "offsite_filings",
    "reimbursement_filing_cases",
    "residence_cases",
    "settlement_cases",
]


HORIZON_YEARS = 2
"""How many years past the calendar's last published year the drawn dates reach."""


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
            special.append(add_months(dt.date(year, month, 1), 1)[0] - dt.timedelta(days=1))
    table = cal.partial().day_table(first, last)
    for index, code in enumerate(table.codes):
        day = first + dt.timedelta(days=index)
        weekday = day.weekday() < 5
        if code == table.UNKNOWN or (code == table.REST) == weekday:
            special.extend((day - dt.timedelta(days=1), day))
    return tuple(sorted({d for d in special if first <= d <= last}))


def boundary_dates(
    first: dt.date, last: dt.date, calendar: WorkingDayCalendar | None = None
) -> st.SearchStrategy[dt.date]:
    """Dates in ``[first, last]``, a good share of them month ends, leap days, rest days around
    holidays and make-up working days of ``calendar``."""
    in_range = _special_dates(first, last, calendar or bundled_calendar())
    plain = st.dates(first, last)
    return st.one_of(st.sampled_from(in_range), plain) if in_range else plain


@st.composite
def offsite_filings(draw: st.DrawFn, payment: dt.date) -> OffsiteFiling:
    """Off-site filings for a payment on ``payment``: done or not or not known, dated before, on or
    after the treatment's first day or the payment, each fact sometimes not known."""
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


@st.composite
def reimbursement_filing_cases(
    draw: st.DrawFn,
    calendar: WorkingDayCalendar | None = None,
    *,
    filed: bool | None = None,
    offsite: bool | None = False,
) -> ReimbursementFilingCase:
    """Reimbursement filing cases whose windows stay inside the calendar's years.

    ``filed``: ``True`` for cases with a filing date, ``False`` for not-yet-filed cases, ``None``
    for both. ``offsite``: ``True`` for cases giving the off-site filing (:func:`offsite_filings`),
    ``False`` for cases judged on the filing windows alone, ``None`` for both.
    """
    cal = calendar or bundled_calendar()
    first, last = _span(cal)
    latest_payment = add_months(last, -13)[0]
    payment = draw(boundary_dates(first, latest_payment, cal))
    six, _ = add_months(payment, 6)
    year, _ = add_months(payment, 12)
    near = st.sampled_from(
        [six + dt.timedelta(days=k) for k in (-1, 0, 1, 2, 3, 9)]
        + [year + dt.timedelta(days=k) for k in (-1, 0, 1, 2, 3, 9)]
    )
    later = st.one_of(near, st.dates(payment, min(last, year + dt.timedelta(days=60))))
    day = min(draw(later), last)
    day = max(day, payment)
    with_filing = draw(st.booleans()) if filed is None else filed
    treatment = draw(
        st.one_of(
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
    )
    with_offsite = draw(st.booleans()) if offsite is None else offsite
    offsite_filing = draw(offsite_filings(payment)) if with_offsite else None
    if offsite_filing is not None and offsite_filing.date is not None:
        day = max(day, offsite_filing.date)
    return ReimbursementFilingCase(
        payment_date=payment,
        treatment=treatment,
        offsite_filing=offsite_filing,
        filing_date=day if with_filing else None,
        evaluation_date=day,
    )


@st.composite
def residence_cases(draw: st.DrawFn, calendar: WorkingDayCalendar | None = None) -> ResidenceCase:
    """Off-site filing residence cases, many of them within days of the six-month mark."""
    first, last = _span(calendar or bundled_calendar())
    proof = draw(st.sampled_from(ResidenceProof))
    start = draw(boundary_dates(first, add_months(last, -7)[0], calendar))
    mark, _ = add_months(start, 6)
    filing = draw(
        st.one_of(
            st.sampled_from([mark + dt.timedelta(days=k) for k in (-2, -1, 0, 1, 2)]),
            st.dates(start, min(last, mark + dt.timedelta(days=90))),
        )
    )
    needs_start = proof not in (
        ResidenceProof.TEMPORARY_RESIDENCE_PERMIT_COPY,
        ResidenceProof.OTHER,
    )
    return ResidenceCase(
        proof=proof,
        residence_start=start if needs_start or draw(st.booleans()) else None,
        certificate_is_original=draw(st.booleans()),
        filing_date=filing,
        evaluation_date=filing,
    )


@st.composite
def settlement_cases(draw: st.DrawFn, calendar: WorkingDayCalendar | None = None) -> SettlementCase:
    """Enrolment applications at either channel, many on or just before rest days."""
    cal = calendar or bundled_calendar()
    first, last = _span(cal)
    day = draw(boundary_dates(first, last - dt.timedelta(days=40), cal))
    return SettlementCase(
        application_date=day,
        channel=draw(st.sampled_from(EnrolmentChannel)),
        evaluation_date=day,
    )
