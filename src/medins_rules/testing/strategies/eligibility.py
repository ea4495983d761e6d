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

Every case strategy takes keyword arguments named for its model's fields, each a value or a
strategy, and draws the other fields to fit them (``docs/strategies.md``):

>>> from hypothesis import given, settings
>>> from medins_rules.processes.retirement import retirement
>>> @settings(max_examples=20)
... @given(retirement_cases(sex="female", contribution_months=180))
... def test_every_case_has_a_reason(case):
...     assert case.woman_category is not None and case.contribution_months == 180
...     assert retirement(case).reasons
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
from medins_rules.core.parameters import parameters_for, shipped_versions
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
    EARLIEST_BIRTH_DATE,
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
from medins_rules.testing.strategies._pins import Pin, Pins, between, field, jurisdictions_with
from medins_rules.vocab import divisions
from medins_rules.vocab.schemes import Scheme

__all__ = [
    "CardApplicationFields",
    "EnrolmentFields",
    "OnlineCancellationFields",
    "OnlineSuspensionFields",
    "RetirementFields",
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
LAST_DAY = dt.date(2030, 12, 31)
"""The last evaluation day drawn for suspension, cancellation and card cases."""
LAST_RETIREMENT_EVALUATION = dt.date(2075, 12, 31)

_DAY = dt.timedelta(days=1)
_MOSTLY_TRUE = st.one_of(st.just(True), st.booleans())


# -- suspension ----------------------------------------------------------------------------------------


class OnlineSuspensionFields(TypedDict, total=False):
    """The fields of :class:`OnlineSuspensionCase` to pin, each a value or a strategy."""

    scheme: Pin[Scheme | str]
    insured_in_guangdong: Pin[bool]
    participation_status: Pin[ParticipationStatus | str]
    applicant: Pin[SuspensionApplicant | str]
    face_recognition_passed: Pin[bool]
    person_category: Pin[PersonCategory | str | None]
    enrolment_date: Pin[dt.date | str | None]
    termination_date: Pin[dt.date | str | None]
    evaluation_date: Pin[dt.date | str]
    jurisdiction: Pin[Jurisdiction | str]


_MAY_BE_ENDED = (ParticipationStatus.TERMINATED, ParticipationStatus.OTHER)
_NOT_TERMINATED = tuple(s for s in ParticipationStatus if s is not ParticipationStatus.TERMINATED)
_GUANGDONG = st.sampled_from([Jurisdiction.GUANGZHOU, Jurisdiction.GUANGDONG])
_EARLIEST_ENROLMENT = dt.date(2000, 1, 1)


@functools.cache
def _applet_from() -> dt.date:
    """The first day the applet's online suspension (source 000) is held to apply (read when
    first drawn, not on import)."""
    return min(v.effective_from for v in shipped_versions() if v.name == "suspension.online_applet")


def online_suspension_cases(
    **fields: Unpack[OnlineSuspensionFields],
) -> st.SearchStrategy[OnlineSuspensionCase]:
    """Online suspension cases; about half meet every condition, the rest fail one or more. The
    enrolment and termination dates agree with the status (a termination on or before the
    evaluation date only for a terminated or other status). Any field may be pinned."""
    return _online_suspension_cases(Pins("online_suspension_cases", OnlineSuspensionCase, fields))


@st.composite
def _online_suspension_cases(
    draw: st.DrawFn, pins: Pins[OnlineSuspensionCase]
) -> OnlineSuspensionCase:
    known = pins.resolve(draw)
    start_pin, end_pin = known.get("enrolment_date"), known.get("termination_date")
    status_pin = known.get("participation_status")

    def evaluation_days() -> st.SearchStrategy[dt.date]:
        low, high = _applet_from(), LAST_DAY
        if start_pin is not None:
            low = max(low, start_pin)
        if end_pin is not None and status_pin is ParticipationStatus.TERMINATED:
            low = max(low, end_pin)
        if end_pin is not None and status_pin is not None and status_pin not in _MAY_BE_ENDED:
            high = min(high, end_pin - _DAY)
        return between(low, max(low, high))

    today = field(draw, known, "evaluation_date", evaluation_days)
    if "participation_status" in known:
        status = status_pin
    elif end_pin is not None and end_pin <= today:
        status = draw(st.sampled_from(_MAY_BE_ENDED))
    elif end_pin is not None:
        status = draw(
            st.one_of(st.just(ParticipationStatus.NORMAL), st.sampled_from(_NOT_TERMINATED))
        )
    else:
        status = draw(
            st.one_of(st.just(ParticipationStatus.NORMAL), st.sampled_from(ParticipationStatus))
        )
    latest_start = min(today, end_pin) if end_pin is not None else today
    start = field(
        draw,
        known,
        "enrolment_date",
        lambda: st.none() | between(min(_EARLIEST_ENROLMENT, latest_start), latest_start),
    )
    low = start or min(_EARLIEST_ENROLMENT, today)
    if status is ParticipationStatus.TERMINATED:
        ends = st.none() | between(low, today)
    elif status is ParticipationStatus.OTHER:
        ends = st.none() | between(low, today + dt.timedelta(days=800))
    else:
        first_end = max(low, today + _DAY)
        ends = st.none() | between(first_end, first_end + dt.timedelta(days=800))
    return pins.build(
        {
            "scheme": field(
                draw,
                known,
                "scheme",
                lambda: st.one_of(st.just(Scheme.URBAN_RURAL_RESIDENT), st.sampled_from(Scheme)),
            ),
            "insured_in_guangdong": field(
                draw, known, "insured_in_guangdong", lambda: _MOSTLY_TRUE
            ),
            "participation_status": status,
            "applicant": field(
                draw,
                known,
                "applicant",
                lambda: st.one_of(
                    st.just(SuspensionApplicant.INSURED_PERSON),
                    st.sampled_from(SuspensionApplicant),
                ),
            ),
            "face_recognition_passed": field(
                draw, known, "face_recognition_passed", lambda: _MOSTLY_TRUE
            ),
            "person_category": field(
                draw,
                known,
                "person_category",
                lambda: st.one_of(st.sampled_from(PersonCategory), st.none()),
            ),
            "enrolment_date": start,
            "termination_date": field(draw, known, "termination_date", lambda: ends),
            "evaluation_date": today,
            "jurisdiction": field(draw, known, "jurisdiction", lambda: _GUANGDONG),
        }
    )


# -- cancellation --------------------------------------------------------------------------------------


class OnlineCancellationFields(TypedDict, total=False):
    """The fields of :class:`OnlineCancellationCase` to pin, each a value or a strategy."""

    account_registered: Pin[bool]
    logged_in: Pin[bool]
    identification_provided: Pin[bool]
    evaluation_date: Pin[dt.date | str]
    jurisdiction: Pin[Jurisdiction | str]


def online_cancellation_cases(
    **fields: Unpack[OnlineCancellationFields],
) -> st.SearchStrategy[OnlineCancellationCase]:
    """Online cancellation cases: never logged in without an account. Any field may be pinned."""
    return _online_cancellation_cases(
        Pins("online_cancellation_cases", OnlineCancellationCase, fields)
    )


@st.composite
def _online_cancellation_cases(
    draw: st.DrawFn, pins: Pins[OnlineCancellationCase]
) -> OnlineCancellationCase:
    known = pins.resolve(draw)
    registered = field(
        draw,
        known,
        "account_registered",
        lambda: st.just(True) if known.get("logged_in") else _MOSTLY_TRUE,
    )
    return pins.build(
        {
            "account_registered": registered,
            "logged_in": field(
                draw, known, "logged_in", lambda: _MOSTLY_TRUE if registered else st.just(False)
            ),
            "identification_provided": field(
                draw, known, "identification_provided", lambda: _MOSTLY_TRUE
            ),
            "evaluation_date": field(
                draw, known, "evaluation_date", lambda: st.dates(FIRST_DAY, LAST_DAY)
            ),
            "jurisdiction": field(
                draw, known, "jurisdiction", lambda: st.sampled_from(Jurisdiction)
            ),
        }
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
            out.update((day - _DAY, day))
        day += _DAY
    return tuple(sorted(d for d in out if first <= d <= last))


def _application_days(calendar: WorkingDayCalendar, latest: dt.date) -> st.SearchStrategy[dt.date]:
    """Application days the calendar covers with their settlement day, up to ``latest``."""
    years = calendar.years
    first = max(FIRST_DAY, dt.date(years[0], 1, 1))
    last = min(dt.date(years[-1], 12, 15), latest)  # the settlement day stays in the covered years
    if last < first:
        return between(min(latest, first), latest)
    special = [
        d
        for d in _calendar_boundaries(calendar, max(first, dt.date(years[-1] - 2, 1, 1)), last)
        if d <= last
    ]
    plain = st.dates(first, last) if first < last else st.just(first)
    return st.one_of(st.sampled_from(special), plain) if special else plain


class EnrolmentFields(TypedDict, total=False):
    """The fields of :class:`EnrolmentCase` to pin, each a value or a strategy."""

    channel: Pin[EnrolmentChannel | str]
    application_date: Pin[dt.date | str]
    applicant: Pin[EnrolmentApplicant | str]
    insured_certificate_valid: Pin[bool]
    agent_certificate_valid: Pin[bool | None]
    scheme: Pin[Scheme | str | None]
    meets_scheme_conditions: Pin[bool]
    premium_payer: Pin[PremiumPayer | str | None]
    evaluation_date: Pin[dt.date | str]
    jurisdiction: Pin[Jurisdiction | str]


def enrolment_cases(
    calendar: WorkingDayCalendar | None = None, **fields: Unpack[EnrolmentFields]
) -> st.SearchStrategy[EnrolmentCase]:
    """Enrolment cases whose settlement day ``calendar`` (the bundled one by default) covers, evaluated
    on the application day or up to a month later; an agent's certificate exactly when an agent
    applies, the scheme's conditions met only when a scheme is given. Any field may be pinned."""
    pins = Pins("enrolment_cases", EnrolmentCase, fields)
    return _enrolment_cases(calendar or bundled_calendar(), pins)


@st.composite
def _enrolment_cases(
    draw: st.DrawFn, cal: WorkingDayCalendar, pins: Pins[EnrolmentCase]
) -> EnrolmentCase:
    known = pins.resolve(draw)
    latest = known.get("evaluation_date", dt.date.max)
    applied = field(draw, known, "application_date", lambda: _application_days(cal, latest))
    if "applicant" in known:
        applicant = known["applicant"]
    elif "agent_certificate_valid" in known:
        agent = known["agent_certificate_valid"] is not None
        applicant = EnrolmentApplicant.AGENT if agent else EnrolmentApplicant.INSURED_PERSON
    else:
        applicant = draw(st.sampled_from(EnrolmentApplicant))
    if "scheme" in known:
        scheme = known["scheme"]
    elif known.get("meets_scheme_conditions"):
        scheme = draw(st.sampled_from(Scheme))
    else:
        scheme = draw(st.one_of(st.sampled_from(Scheme), st.none()))
    return pins.build(
        {
            "channel": field(draw, known, "channel", lambda: st.sampled_from(EnrolmentChannel)),
            "application_date": applied,
            "applicant": applicant,
            "insured_certificate_valid": field(
                draw, known, "insured_certificate_valid", lambda: _MOSTLY_TRUE
            ),
            "agent_certificate_valid": field(
                draw,
                known,
                "agent_certificate_valid",
                lambda: _MOSTLY_TRUE if applicant is EnrolmentApplicant.AGENT else st.none(),
            ),
            "scheme": scheme,
            "meets_scheme_conditions": field(
                draw,
                known,
                "meets_scheme_conditions",
                lambda: _MOSTLY_TRUE if scheme is not None else st.just(False),
            ),
            "premium_payer": field(
                draw,
                known,
                "premium_payer",
                lambda: st.one_of(st.sampled_from(PremiumPayer), st.none()),
            ),
            "evaluation_date": field(
                draw,
                known,
                "evaluation_date",
                lambda: st.integers(0, 30).map(lambda n: applied + dt.timedelta(days=n)),
            ),
            "jurisdiction": field(
                draw, known, "jurisdiction", lambda: st.sampled_from(Jurisdiction)
            ),
        }
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
    return _places(year).get(divisions.prefecture_of(code, year=year), ())


@functools.cache
def _registrations_near(agency: str, year: int) -> tuple[str, ...]:
    """Registration places (below a province) in use in the year near ``agency``: of its
    prefecture-level place, or, for a province-level agency, of its province."""
    place = divisions.prefecture_of(agency, year=year)
    if place is not None:
        return _same_place(agency, year)
    return tuple(
        c
        for c in _in_use(year)
        if c[:2] == agency[:2] and divisions.prefecture_of(c, year=year) is not None
    )


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


class CardApplicationFields(TypedDict, total=False):
    """The fields of :class:`CardApplicationCase` to pin, each a value or a strategy."""

    household_registration_area: Pin[str]
    agency_area: Pin[str]
    evaluation_date: Pin[dt.date | str]
    jurisdiction: Pin[Jurisdiction | str]


def card_application_cases(
    **fields: Unpack[CardApplicationFields],
) -> st.SearchStrategy[CardApplicationCase]:
    """Card cases with the agency at the very code, within the same prefecture-level place, at its
    province, or anywhere (codes of the division table, in use on the evaluation date). Any field
    may be pinned; a pinned code draws evaluation days of the years it is in use."""
    return _card_application_cases(Pins("card_application_cases", CardApplicationCase, fields))


@st.composite
def _card_application_cases(
    draw: st.DrawFn, pins: Pins[CardApplicationCase]
) -> CardApplicationCase:
    known = pins.resolve(draw)
    codes = [known[f] for f in ("household_registration_area", "agency_area") if f in known]

    def evaluation_days() -> st.SearchStrategy[dt.date]:
        years = [
            y
            for y in range(FIRST_DAY.year, LAST_DAY.year + 1)
            if all(divisions.in_use(c, y) for c in codes)
        ]
        if not years or len(years) == LAST_DAY.year - FIRST_DAY.year + 1:
            return st.dates(FIRST_DAY, LAST_DAY)  # none: the case is refused with its reason
        return st.sampled_from(years).flatmap(
            lambda y: st.dates(max(FIRST_DAY, dt.date(y, 1, 1)), dt.date(y, 12, 31))
        )

    day = field(draw, known, "evaluation_date", evaluation_days)
    year = day.year
    if "household_registration_area" in known:
        registration = known["household_registration_area"]
    elif "agency_area" in known and (near := _registrations_near(known["agency_area"], year)):
        registration = draw(st.one_of(st.sampled_from(near), area_codes(year=year)))
    else:
        registration = draw(area_codes(year=year))
    same_place = _same_place(registration, year)
    agency = field(
        draw,
        known,
        "agency_area",
        lambda: st.one_of(
            st.just(registration),
            st.sampled_from(same_place) if same_place else st.just(registration),
            st.just(registration[:2] + "0000"),
            area_codes(year=year, province_level=True),
        ),
    )
    return pins.build(
        {
            "household_registration_area": registration,
            "agency_area": agency,
            "evaluation_date": day,
            "jurisdiction": field(
                draw, known, "jurisdiction", lambda: st.sampled_from(Jurisdiction)
            ),
        }
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
        last = (add_months(month_start, 1)[0] - _DAY).day
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


@functools.cache
def _first_covered_birth(category: RetirementCategory) -> dt.date:
    """The first birth date whose original retirement day the shipped parameters cover."""
    params = parameters_for(Jurisdiction.GUANGZHOU, on=_REFORMED)
    age = params.int_value(f"retirement.original_age_{category.value}")
    birth = add_months(FIRST_DAY, -12 * age)[0] - dt.timedelta(days=3)
    while statutory_retirement_age(birth, category, parameters=params).original_date < FIRST_DAY:
        birth += _DAY
    return birth


def _first_day_with_months(birth: dt.date, months: int) -> dt.date:
    """The first day by which ``months`` calendar months of working age have passed since ``birth``
    (:func:`months_of_working_age` is at least ``months`` from that day on; the last day a date can
    hold when no day is)."""
    if months <= 0:
        return birth
    try:
        start, _ = add_months(birth, 12 * 16)
        if months == 1:
            return start
        return add_months(start.replace(day=1), months - 1)[0]
    except (OverflowError, ValueError):
        return dt.date.max


def _last_birth_with_months(on: dt.date, months: int) -> dt.date:
    """The last birth date with at least ``months`` calendar months of working age by ``on`` (``on``
    itself when ``on`` is too early for any)."""
    if months <= 0 or on < EARLIEST_BIRTH_DATE:
        return on
    month_start = add_months(on.replace(day=1), -(12 * 16 + months - 1))[0]
    day = add_months(month_start, 1)[0] - _DAY  # the month's last day
    while months_of_working_age(day, on) < months:
        day -= _DAY
    return day


class RetirementFields(TypedDict, total=False):
    """The fields of :class:`RetirementCase` to pin, each a value or a strategy."""

    birth_date: Pin[dt.date | str]
    sex: Pin[Sex | str]
    woman_category: Pin[WomanCategory | str | None]
    evaluation_date: Pin[dt.date | str]
    contribution_months: Pin[int]
    chosen_retirement_date: Pin[dt.date | str | None]
    pension_contribution_months: Pin[int | None]
    employer_agrees: Pin[bool | None]
    jurisdiction: Pin[Jurisdiction | str]


def retirement_cases(
    *, flexible: bool = True, **fields: Unpack[RetirementFields]
) -> st.SearchStrategy[RetirementCase]:
    """Retirement cases evaluated on, just before or after the retirement day, or any day.

    Birth dates sit on the reform's block boundaries (and are late enough for the retirement day to
    fall on a day the parameters cover); about half the cases choose a flexible retirement day
    (unless ``flexible=False``), many of them on or beside a bound of flexible retirement: three
    years before or after the statutory day, the original age, the reform's first day; pension
    months sit at the minimum and one month either side. Any field may be pinned; pinned
    contribution months draw birth and evaluation days far enough apart to hold them.
    """
    pins = Pins("retirement_cases", RetirementCase, fields)
    if not flexible and pins.values.get("chosen_retirement_date") is not None:
        raise InvalidArgument(
            "retirement_cases(flexible=False, chosen_retirement_date="
            f"{pins.values['chosen_retirement_date']!r}): flexible=False draws no chosen day"
        )
    return _retirement_cases(flexible, pins)


@st.composite
def _retirement_cases(
    draw: st.DrawFn, flexible: bool, pins: Pins[RetirementCase]
) -> RetirementCase:
    known = pins.resolve(draw)
    birth_pin: dt.date | None = known.get("birth_date")

    def covered_in(sex: Sex, woman: WomanCategory | None) -> bool:
        """Whether the pinned birth date's original retirement day is covered in the category."""
        return birth_pin is None or birth_pin >= _first_covered_birth(_category(sex, woman))

    if "sex" in known:
        sex = known["sex"]
    elif "woman_category" in known:
        sex = Sex.MALE if known["woman_category"] is None else Sex.FEMALE
    else:
        sexes = [
            s
            for s in Sex
            if any(covered_in(s, w) for w in ((None,) if s is Sex.MALE else WomanCategory))
        ]
        sex = draw(st.sampled_from(sexes or list(Sex)))
    categories = [w for w in WomanCategory if covered_in(sex, w)] or list(WomanCategory)
    woman = field(
        draw,
        known,
        "woman_category",
        lambda: st.sampled_from(categories) if sex is Sex.FEMALE else st.none(),
    )
    category = _category(sex, woman)
    params = parameters_for(Jurisdiction.GUANGZHOU, on=_REFORMED)

    def ages(birth: dt.date) -> StatutoryRetirementAge:
        return statutory_retirement_age(birth, category, parameters=params)

    months_pin: int = known.get("contribution_months", 0)
    pension_pin: int = known.get("pension_contribution_months") or 0
    chosen_pin: dt.date | None = known.get("chosen_retirement_date")
    evaluation_pin: dt.date | None = known.get("evaluation_date")

    if "birth_date" in known:
        birth = known["birth_date"]
    else:
        latest = [dt.date(1995, 12, 31)]  # old enough to retire by the last evaluation day drawn
        if evaluation_pin is not None:
            latest.append(_last_birth_with_months(evaluation_pin, months_pin))
            pension_until = max(evaluation_pin, chosen_pin or evaluation_pin)
            latest.append(_last_birth_with_months(pension_until, pension_pin))
        if chosen_pin is not None:
            latest.append(chosen_pin)
        top = max(min(latest), EARLIEST_BIRTH_DATE)
        covered = _first_covered_birth(category)
        bottom = covered if covered <= top else max(EARLIEST_BIRTH_DATE, add_months(top, -720)[0])
        birth = draw(retirement_birth_dates(category))
        if not bottom <= birth <= top:
            birth = draw(between(bottom, top))
    age = ages(birth)
    reached, original = age.retirement_date, age.original_date

    if "chosen_retirement_date" in known:
        chosen = chosen_pin
    elif flexible and draw(st.booleans()):
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
    else:
        chosen = None

    if evaluation_pin is not None:
        evaluated = evaluation_pin
    else:
        target = chosen or reached
        shift = st.integers(-1, 1).map(lambda n: target + dt.timedelta(days=n))
        any_day = st.dates(FIRST_DAY, LAST_RETIREMENT_EVALUATION)
        evaluated = max(FIRST_DAY, birth, draw(st.one_of(shift, any_day)))
        evaluated = max(evaluated, _first_day_with_months(birth, months_pin))
        if chosen is None or months_of_working_age(birth, chosen) < pension_pin:
            evaluated = max(evaluated, _first_day_with_months(birth, pension_pin))

    suffix = "men" if sex is Sex.MALE else "women"
    required = 12 * params.int_value(f"retirement.medical_contribution_years_{suffix}")
    most = months_of_working_age(birth, evaluated)
    near_required = st.sampled_from([required - 1, required, required + 1, 0])
    months = field(
        draw,
        known,
        "contribution_months",
        lambda: st.one_of(near_required, st.integers(0, 600)).map(lambda n: min(most, n)),
    )
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
    return pins.build(
        {
            "birth_date": birth,
            "sex": sex,
            "woman_category": woman,
            "evaluation_date": evaluated,
            "contribution_months": months,
            "chosen_retirement_date": chosen,
            "pension_contribution_months": known.get("pension_contribution_months", pension),
            "employer_agrees": known.get("employer_agrees", agrees),
            "jurisdiction": field(
                draw,
                known,
                "jurisdiction",
                lambda: st.sampled_from(
                    jurisdictions_with("retirement.medical_contribution_years_men", _REFORMED)
                ),
            ),
        }
    )
