"""Hypothesis strategies for the eligibility rules' inputs, biased toward the boundaries that matter.

* Suspension: the normal status against each other status, the residents' scheme against the others,
  the insured person against an agent or guardian, with enrolment and termination dates that agree
  with the status.
* Cancellation: every combination of account, login and identification that is not contradictory.
* Enrolment: application days around public holidays and make-up working days of the calendar.
* Card: registration and agency codes of the division table in the same county, the same
  prefecture-level place, the province, or elsewhere; municipalities and county-level cities
  directly under a province among them.
* Retirement: birth months at the reform's 4- and 2-month block boundaries, its first raised month and
  its end state, month ends and 29 February; contribution months at the required years exactly and
  one month either side; evaluation days on and beside the day the retirement age is reached; chosen
  flexible retirement days on and beside each bound, with pension months at the minimum and beside.

>>> from hypothesis import given, settings
>>> from medins_rules.processes.retirement import retirement
>>> @settings(max_examples=20)
... @given(retirement_cases())
... def test_every_case_has_a_reason(case):
...     assert retirement(case).reasons
>>> test_every_case_has_a_reason()
"""

from __future__ import annotations

import datetime as dt
import functools

from hypothesis import strategies as st

from medins_rules.core.calendar import WorkingDayCalendar, bundled_calendar
from medins_rules.core.model import Jurisdiction
from medins_rules.core.parameters import parameters_for
from medins_rules.core.periods import add_months
from medins_rules.processes.cancellation import OnlineCancellationCase
from medins_rules.processes.card import CardApplicationCase
from medins_rules.processes.enrolment import (
    EnrolmentApplicant,
    EnrolmentCase,
    EnrolmentChannel,
    PremiumPayer,
)
from medins_rules.processes.retirement import (
    RetirementCase,
    RetirementCategory,
    Sex,
    StatutoryRetirementAge,
    WomanCategory,
    months_of_working_age,
    statutory_retirement_age,
)
from medins_rules.processes.suspension import (
    OnlineSuspensionCase,
    ParticipationStatus,
    PersonCategory,
    SuspensionApplicant,
)
from medins_rules.vocab import divisions
from medins_rules.vocab.schemes import Scheme

__all__ = [
    "area_codes",
    "card_application_cases",
    "enrolment_cases",
    "online_cancellation_cases",
    "online_suspension_cases",
    "retirement_birth_dates",
    "retirement_cases",
]

FIRST_DAY = dt.date(2011, 7, 1)
"""The first day the shipped parameters cover."""
LAST_RETIREMENT_EVALUATION = dt.date(2075, 12, 31)

_GUANGDONG = st.sampled_from([Jurisdiction.GUANGZHOU, Jurisdiction.GUANGDONG])


# -- suspension ----------------------------------------------------------------------------------------


@st.composite
def online_suspension_cases(draw: st.DrawFn) -> OnlineSuspensionCase:
    """Online suspension cases; about half meet every condition, the rest fail one or more."""
    today = draw(st.dates(FIRST_DAY, dt.date(2030, 12, 31)))
    status = draw(
        st.one_of(st.just(ParticipationStatus.NORMAL), st.sampled_from(ParticipationStatus))
    )
    start = draw(st.none() | st.dates(dt.date(2000, 1, 1), today))
    low = start or dt.date(2000, 1, 1)
    end: dt.date | None
    if status is ParticipationStatus.TERMINATED:
        end = draw(st.none() | st.dates(low, today))
    elif status is ParticipationStatus.OTHER:
        end = draw(st.none() | st.dates(low, today + dt.timedelta(days=800)))
    else:
        end = draw(
            st.none() | st.dates(today + dt.timedelta(days=1), today + dt.timedelta(days=800))
        )
    return OnlineSuspensionCase(
        scheme=draw(st.one_of(st.just(Scheme.URBAN_RURAL_RESIDENT), st.sampled_from(Scheme))),
        insured_in_guangdong=draw(st.one_of(st.just(True), st.booleans())),
        participation_status=status,
        applicant=draw(
            st.one_of(
                st.just(SuspensionApplicant.INSURED_PERSON), st.sampled_from(SuspensionApplicant)
            )
        ),
        face_recognition_passed=draw(st.one_of(st.just(True), st.booleans())),
        person_category=draw(st.one_of(st.sampled_from(PersonCategory), st.none())),
        enrolment_date=start,
        termination_date=end,
        evaluation_date=today,
        jurisdiction=draw(_GUANGDONG),
    )


# -- cancellation --------------------------------------------------------------------------------------


@st.composite
def online_cancellation_cases(draw: st.DrawFn) -> OnlineCancellationCase:
    """Online cancellation cases: never logged in without an account."""
    registered = draw(st.one_of(st.just(True), st.booleans()))
    return OnlineCancellationCase(
        account_registered=registered,
        logged_in=draw(st.one_of(st.just(True), st.booleans())) if registered else False,
        identification_provided=draw(st.one_of(st.just(True), st.booleans())),
        evaluation_date=draw(st.dates(FIRST_DAY, dt.date(2030, 12, 31))),
        jurisdiction=draw(st.sampled_from(Jurisdiction)),
    )


# -- enrolment -----------------------------------------------------------------------------------------


@functools.cache
def _calendar_boundaries(
    calendar: WorkingDayCalendar, first: dt.date, last: dt.date
) -> tuple[dt.date, ...]:
    """Days on and before the days whose working-day status differs from a plain week's."""
    out: set[dt.date] = set()
    day = first
    while day <= last:
        working = calendar.is_working_day(day)
        if working != (day.weekday() < 5):
            out.update((day - dt.timedelta(days=1), day))
        day += dt.timedelta(days=1)
    return tuple(sorted(d for d in out if first <= d <= last))


def _application_days(calendar: WorkingDayCalendar) -> st.SearchStrategy[dt.date]:
    years = calendar.years
    first = max(FIRST_DAY, dt.date(years[0], 1, 1))
    last = dt.date(years[-1], 12, 15)  # the settlement day stays inside the covered years
    special = _calendar_boundaries(calendar, max(first, dt.date(years[-1] - 2, 1, 1)), last)
    plain = st.dates(first, last)
    return st.one_of(st.sampled_from(special), plain) if special else plain


@st.composite
def enrolment_cases(draw: st.DrawFn, calendar: WorkingDayCalendar | None = None) -> EnrolmentCase:
    """Enrolment cases whose settlement day ``calendar`` (the bundled one by default) covers."""
    cal = calendar or bundled_calendar()
    applied = draw(_application_days(cal))
    applicant = draw(st.sampled_from(EnrolmentApplicant))
    scheme = draw(st.one_of(st.sampled_from(Scheme), st.none()))
    return EnrolmentCase(
        channel=draw(st.sampled_from(EnrolmentChannel)),
        application_date=applied,
        applicant=applicant,
        insured_certificate_valid=draw(st.one_of(st.just(True), st.booleans())),
        agent_certificate_valid=(
            draw(st.one_of(st.just(True), st.booleans()))
            if applicant is EnrolmentApplicant.AGENT
            else None
        ),
        scheme=scheme,
        meets_scheme_conditions=draw(st.one_of(st.just(True), st.booleans())) if scheme else False,
        premium_payer=draw(st.one_of(st.sampled_from(PremiumPayer), st.none())),
        evaluation_date=applied + dt.timedelta(days=draw(st.integers(0, 30))),
        jurisdiction=draw(st.sampled_from(Jurisdiction)),
    )


# -- card ----------------------------------------------------------------------------------------------

_SAMPLE_AREAS = (
    *("440103", "440106", "440100", "440304", "440300", "445302", "441900", "442000"),
    *("110105", "110000", "310115", "500229", "500103"),  # municipalities and their districts
    *("429004", "429005", "429006", "429021", "420100", "420000"),  # Hubei's own places
    *("469001", "469002", "469021", "460100", "460000", "419001", "659001"),
)
"""Codes in use in every year the strategies draw (2011 to 2030; the lists end in 2024), among them
the places that are not a prefecture's part: municipalities and county-level divisions directly
under a province."""


@functools.cache
def _in_use(year: int) -> tuple[str, ...]:
    """Every code in use in the year (the division table's list of that year, the last after it)."""
    return tuple(d.code for d in divisions.divisions_in_use(min(year, divisions.LAST_LIST_YEAR)))


@functools.cache
def _places(year: int) -> dict[str | None, tuple[str, ...]]:
    """The codes in use in the year, by their prefecture-level place."""
    out: dict[str | None, list[str]] = {}
    for code in _in_use(year):
        out.setdefault(divisions.prefecture_of(code, year=year), []).append(code)
    return {place: tuple(codes) for place, codes in out.items()}


def _same_place(code: str, year: int) -> tuple[str, ...]:
    """The codes in use in the year with the same prefecture-level place as ``code``."""
    return _places(year)[divisions.prefecture_of(code, year=year)]


def area_codes(
    *, year: int = divisions.LAST_LIST_YEAR, province_level: bool = False
) -> st.SearchStrategy[str]:
    """Division codes in use in ``year``: sample places of every kind, or any code of the table
    (province-level ones only with ``province_level``)."""
    known = st.sampled_from(_in_use(year))
    codes = st.one_of(st.sampled_from(_SAMPLE_AREAS), known)
    if province_level:
        return codes
    return codes.filter(lambda c: divisions.prefecture_of(c, year=year) is not None)


@st.composite
def card_application_cases(draw: st.DrawFn) -> CardApplicationCase:
    """Card cases with the agency at the very code, within the same prefecture-level place, at its
    province, or anywhere (codes of the division table, in use on the evaluation date)."""
    day = draw(st.dates(FIRST_DAY, dt.date(2030, 12, 31)))
    registration = draw(area_codes(year=day.year))
    agency = draw(
        st.one_of(
            st.just(registration),
            st.sampled_from(_same_place(registration, day.year)),
            st.just(registration[:2] + "0000"),
            area_codes(year=day.year, province_level=True),
        )
    )
    return CardApplicationCase(
        household_registration_area=registration,
        agency_area=agency,
        evaluation_date=day,
        jurisdiction=draw(st.sampled_from(Jurisdiction)),
    )


# -- retirement ----------------------------------------------------------------------------------------

_REFORMED = dt.date(2026, 1, 1)
"""A day on which the reform's parameters are in force (to find its boundaries)."""


def _schedule(category: RetirementCategory) -> tuple[dt.date, int, int]:
    """The reform's first raised birth month, pace and cap in months, from the parameters."""
    p = parameters_for(Jurisdiction.GUANGZHOU, on=_REFORMED)
    suffix = category.value
    first = p.optional_date(f"retirement.first_raised_birth_month_{suffix}")
    assert first is not None
    pace = p.int_value(f"retirement.birth_months_per_month_{suffix}")
    cap = 12 * (
        p.int_value(f"retirement.target_age_{suffix}")
        - p.int_value(f"retirement.original_age_{suffix}")
    )
    return first, pace, cap


def retirement_birth_dates(category: RetirementCategory) -> st.SearchStrategy[dt.date]:
    """Birth dates, many of them on the first or last day of a block of the reform's schedule."""
    first, pace, cap = _schedule(category)
    block_starts = [add_months(first, k * pace)[0] for k in range(-2, cap + 2)]
    days = st.sampled_from([1, 28, 29, 30, 31])

    @st.composite
    def at_boundary(draw: st.DrawFn) -> dt.date:
        start = draw(st.sampled_from(block_starts))
        month_start = add_months(start, draw(st.sampled_from([0, pace - 1, -1])))[0]
        day = draw(days)
        last = (add_months(month_start, 1)[0] - dt.timedelta(days=1)).day
        return month_start.replace(day=min(day, last))

    leap_days = st.sampled_from([dt.date(y, 2, 29) for y in range(1952, 1996, 4)])
    return st.one_of(at_boundary(), leap_days, st.dates(dt.date(1945, 1, 1), dt.date(1995, 12, 31)))


def _category(sex: Sex, woman: WomanCategory | None) -> RetirementCategory:
    if sex is Sex.MALE:
        return RetirementCategory.MEN
    return (
        RetirementCategory.WOMEN_50
        if woman is WomanCategory.WORKER
        else RetirementCategory.WOMEN_55
    )


def _around(day: dt.date, *days: int) -> st.SearchStrategy[dt.date]:
    return st.sampled_from([day + dt.timedelta(days=n) for n in days])


@st.composite
def retirement_cases(draw: st.DrawFn, *, flexible: bool = True) -> RetirementCase:
    """Retirement cases evaluated on, just before or after the retirement day, or any day.

    Birth dates sit on the reform's block boundaries (and are late enough for the retirement day to
    fall on a day the parameters cover); about half the cases choose a flexible retirement day
    (unless ``flexible=False``), many of them on or beside a bound of flexible retirement: three
    years before or after the statutory day, the original age, the reform's first day; pension
    months sit at the minimum and one month either side.
    """
    sex = draw(st.sampled_from(Sex))
    woman = draw(st.sampled_from(WomanCategory)) if sex is Sex.FEMALE else None
    category = _category(sex, woman)
    params = parameters_for(Jurisdiction.GUANGZHOU, on=_REFORMED)

    def ages(birth: dt.date) -> StatutoryRetirementAge:
        return statutory_retirement_age(birth, category, parameters=params)

    birth = draw(
        retirement_birth_dates(category).filter(lambda b: ages(b).original_date >= FIRST_DAY)
    )
    age = ages(birth)
    reached, original = age.retirement_date, age.original_date
    chosen: dt.date | None = None
    if flexible and draw(st.booleans()):
        early = add_months(reached, -36)[0]
        late = add_months(reached, 36)[0]
        near = st.one_of(
            _around(early, -1, 0, 1),
            _around(original, -1, 0),
            _around(late, 0, 1),
            _around(reached, -1, 1),
            _around(dt.date(2025, 1, 1), -1, 0),
            st.dates(add_months(reached, -40)[0], add_months(reached, 40)[0]),
        )
        chosen = max(birth, draw(near))
    target = chosen or reached
    shift = st.integers(-1, 1).map(lambda n: target + dt.timedelta(days=n))
    any_day = st.dates(FIRST_DAY, LAST_RETIREMENT_EVALUATION)
    evaluated = max(FIRST_DAY, birth, draw(st.one_of(shift, any_day)))
    most = months_of_working_age(birth, evaluated)
    suffix = "men" if sex is Sex.MALE else "women"
    required = 12 * params.int_value(f"retirement.medical_contribution_years_{suffix}")
    near_required = st.sampled_from([required - 1, required, required + 1, 0])
    months = min(most, draw(st.one_of(near_required, st.integers(0, 600))))
    pension: int | None = None
    agrees: bool | None = None
    if chosen is not None:
        most_pension = months_of_working_age(birth, max(evaluated, chosen))
        minimum = parameters_for(
            Jurisdiction.GUANGZHOU, on=max(chosen, dt.date(2025, 1, 1))
        ).int_value("retirement.minimum_pension_contribution_months")
        drawn = draw(st.none() | st.sampled_from([minimum - 1, minimum, minimum + 1, 0, 400]))
        pension = None if drawn is None else min(most_pension, drawn)
        agrees = draw(st.sampled_from([True, True, False, None]))
    return RetirementCase(
        birth_date=birth,
        sex=sex,
        woman_category=woman,
        evaluation_date=evaluated,
        contribution_months=months,
        chosen_retirement_date=chosen,
        pension_contribution_months=pension,
        employer_agrees=agrees,
        jurisdiction=Jurisdiction.GUANGZHOU,
    )
