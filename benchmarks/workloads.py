"""Records for the benchmark, and the bare hand-written deciders the rules are compared with.

Generated records (``GENERATED``, one generator per rule of the catalogue; each generator's
docstring gives its mix): the deadline rules get records shaped like a city's nightly run (payment,
residence or application dates spread over two years, half the claims not filed yet and evaluated
on the run's day, the others filed some days to a year and more after paying); the eligibility,
refund and materials rules get varied cases reaching every outcome of each. A generator's ``seed``
draws another pool of the same mix: the benchmark draws a fresh pool for every repetition, so that
no record is decided twice in a process.

A bare decider (``BARE``) is the same decision written by hand with the standard library: no
validation, no reasons, no models built; the calendar is a precomputed set of rest days (or the
calendar's cumulative working-day list), as a careful hand-written program would hold it, and the
work the rule shares between records (period ends per payment date, parameters per day) is shared
the same way, in dictionaries a fresh decider starts empty. :func:`check_bare_loop` compares its
outcome (and, for the deadline rules, the key dates) with the rule's, record by record; the
benchmark runs it on a sample of every pool before timing, and the test suite on every run.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from medins_rules.core.calendar import DayTable, bundled_calendar

NIGHT = dt.date(2025, 12, 31)
"""The nightly run's evaluation day (late enough for two years of payments, every one-year end
still inside the bundled calendar)."""

COVERED = ("hospitalisation", "emergency_observation", "outpatient_specific_items")
OTHER_TREATMENTS = ("outpatient_designated_chronic_disease", "general_outpatient")


def bundled_example(rule: str) -> dict[str, Any] | None:
    """The rule's bundled example input, or ``None`` when the package has none."""
    resource = resources.files("medins_rules").joinpath("data", "examples", f"{rule}.json")
    if not resource.is_file():
        return None
    loaded = json.loads(resource.read_text("utf-8"))
    return loaded if isinstance(loaded, dict) else None


# -- generated records ---------------------------------------------------------------------------


def filing_records(count: int, *, distinct: bool = False, seed: int = 1) -> list[dict[str, Any]]:
    """Reimbursement filing records (``distinct``: every record evaluated on its own day)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        payment = NIGHT - dt.timedelta(days=rng.randrange(0, 730))
        treatment = rng.choice(COVERED) if rng.random() < 0.9 else rng.choice(OTHER_TREATMENTS)
        record: dict[str, Any] = {"payment_date": payment.isoformat(), "treatment": treatment}
        if distinct:
            day = payment + dt.timedelta(days=rng.randrange(0, 450))
            day = min(day, dt.date(2026, 12, 31))
            if rng.random() < 0.5:
                record["filing_date"] = day.isoformat()
            record["evaluation_date"] = day.isoformat()
        elif rng.random() < 0.5:  # not filed yet: evaluated tonight
            record["evaluation_date"] = NIGHT.isoformat()
        else:
            filed = min(payment + dt.timedelta(days=rng.randrange(0, 420)), NIGHT)
            record["filing_date"] = filed.isoformat()
            record["evaluation_date"] = NIGHT.isoformat()
        out.append(record)
    return out


def residence_records(count: int, seed: int = 2) -> list[dict[str, Any]]:
    """Residence proofs judged on the night (half of them filed in the three months before it)."""
    rng = random.Random(seed)
    proofs = (
        "police_station_certificate",
        "street_office_certificate",
        "neighbourhood_or_village_committee_certificate",
    )
    out = []
    for _ in range(count):
        record: dict[str, Any] = {"evaluation_date": NIGHT.isoformat()}
        day = NIGHT
        if rng.random() < 0.5:
            day = NIGHT - dt.timedelta(days=rng.randrange(0, 90))
            record["filing_date"] = day.isoformat()
        if rng.random() < 0.9:
            record["proof"] = rng.choice(proofs)
            start = day - dt.timedelta(days=rng.randrange(0, 730))
            record["residence_start"] = start.isoformat()
            record["certificate_is_original"] = rng.random() < 0.95
        else:
            record["proof"] = "temporary_residence_permit_copy"
        out.append(record)
    return out


def settlement_records(count: int, seed: int = 3) -> list[dict[str, Any]]:
    """Enrolment applications over two years, 70 % at a service point, evaluated on the day or in
    the month after it."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
        out.append(
            {
                "application_date": day.isoformat(),
                "channel": "service_point" if rng.random() < 0.7 else "county_centre",
                "evaluation_date": (day + dt.timedelta(days=rng.randrange(0, 31))).isoformat(),
            }
        )
    return out


# The other rules: varied cases of each, every outcome in about the proportion a city's service
# desks and nightly runs would see (most applications in order, the rest failing one or two
# conditions). Evaluation days fall in 2025 and 2026 (inside the bundled calendar, with the 2025
# retirement reform and the shipped parameters in force).


def _day_in(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _evaluation_day(rng: random.Random) -> dt.date:
    return _day_in(rng, dt.date(2025, 1, 2), dt.date(2026, 11, 30))


def suspension_records(count: int, seed: int = 4) -> list[dict[str, Any]]:
    """Online suspension: about 70 % eligible; the others fail one condition, sometimes two."""
    rng = random.Random(seed)
    failures = (
        "scheme",
        "province",
        "status",
        "status",
        "agent",
        "guardian",
        "face",
        "face",
        "category",
    )
    out = []
    for _ in range(count):
        today = _evaluation_day(rng)
        record: dict[str, Any] = {
            "scheme": "urban_rural_resident",
            "insured_in_guangdong": True,
            "participation_status": "normal",
            "applicant": "insured_person",
            "face_recognition_passed": True,
            "person_category": "mainland" if rng.random() < 0.93 else "hong_kong_macao_taiwan",
            "evaluation_date": today.isoformat(),
        }
        if rng.random() < 0.2:
            record["jurisdiction"] = "440000"
        if rng.random() < 0.5:
            start = today - dt.timedelta(days=rng.randrange(0, 3650))
            record["enrolment_date"] = start.isoformat()
        failing = 0 if rng.random() < 0.7 else 1 if rng.random() < 0.8 else 2
        for failure in rng.sample(failures, failing):
            if failure == "scheme":
                record["scheme"] = rng.choice(("urban_employee", "new_rural_cooperative", "other"))
            elif failure == "province":
                record["insured_in_guangdong"] = False
            elif failure == "status":
                status = rng.choice(
                    ("suspended", "terminated", "in_arrears", "in_arrears", "other")
                )
                record["participation_status"] = status
                record.pop("termination_date", None)
                if status == "terminated" and rng.random() < 0.5:
                    start = dt.date.fromisoformat(record.get("enrolment_date", "2011-07-01"))
                    record["termination_date"] = _day_in(rng, start, today).isoformat()
            elif failure in ("agent", "guardian"):
                record["applicant"] = "agent" if failure == "agent" else "guardian_of_minor"
            elif failure == "face":
                record["face_recognition_passed"] = False
            else:
                record["person_category"] = None
        out.append(record)
    return out


def cancellation_records(count: int, seed: int = 5) -> list[dict[str, Any]]:
    """Online cancellation: about 70 % ready to submit; the others lack an account, a log-in or
    identification (sometimes several)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        registered = rng.random() < 0.9
        logged_in = registered and rng.random() < 0.9
        out.append(
            {
                "account_registered": registered,
                "logged_in": logged_in,
                "identification_provided": rng.random() < 0.88,
                "evaluation_date": _evaluation_day(rng).isoformat(),
            }
        )
    return out


def enrolment_records(count: int, seed: int = 6) -> list[dict[str, Any]]:
    """Enrolment: 70 % at a service point (settled by a working day), 30 % at a county centre (on
    the spot), a quarter through an agent; about 20 % not accepted (a certificate, the scheme, its
    conditions or the premiums missing)."""
    rng = random.Random(seed)
    schemes = ("urban_rural_resident",) * 6 + ("urban_employee",) * 3 + ("new_rural_cooperative",)
    out = []
    for _ in range(count):
        day = _day_in(rng, dt.date(2025, 1, 1), dt.date(2026, 11, 30))
        agent = rng.random() < 0.25
        scheme = rng.choice(schemes)
        record: dict[str, Any] = {
            "channel": "service_point" if rng.random() < 0.7 else "county_centre",
            "application_date": day.isoformat(),
            "applicant": "agent" if agent else "insured_person",
            "insured_certificate_valid": True,
            "scheme": scheme,
            "meets_scheme_conditions": True,
            "premium_payer": "employer" if scheme == "urban_employee" else "self",
            "evaluation_date": day.isoformat(),
        }
        if agent:
            record["agent_certificate_valid"] = True
        if rng.random() < 0.2:
            failure = rng.choice(("insured", "agent", "no_scheme", "conditions", "premiums"))
            if failure == "insured" or (failure == "agent" and not agent):
                record["insured_certificate_valid"] = False
            elif failure == "agent":
                record["agent_certificate_valid"] = False
            elif failure == "no_scheme":
                record["scheme"] = None
                record["meets_scheme_conditions"] = False
            elif failure == "conditions":
                record["meets_scheme_conditions"] = False
            else:
                record["premium_payer"] = None
        out.append(record)
    return out


_PREFECTURES = {
    "4401": ("440103", "440104", "440105", "440106", "440111", "440112", "440113", "440118"),
    "4403": ("440303", "440304", "440305", "440306", "440307"),
    "4406": ("440604", "440605", "440606"),
    "4413": ("441302", "441303", "441322"),
    "4419": ("441900",),
    "4451": ("445102", "445103"),
    "4301": ("430102", "430103", "430111"),
    "3601": ("360102", "360103"),
    "4501": ("450102", "450103"),
    "5101": ("510104", "510105", "510107"),
    "4201": ("420102", "420106"),
    "3201": ("320102", "320104"),
}


def card_records(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Card applications: registrations across Guangdong and other provinces (districts, sometimes
    the city's own code); about 75 % at an agency of the registration's city, the others mostly
    at a Guangzhou or Shenzhen agency far from the registration."""
    rng = random.Random(seed)
    prefectures = tuple(_PREFECTURES)
    out = []
    for _ in range(count):
        home = rng.choice(prefectures)
        registration = rng.choice(_PREFECTURES[home]) if rng.random() < 0.9 else home + "00"
        if rng.random() < 0.75:
            agency = rng.choice((*_PREFECTURES[home], home + "00"))
        else:
            away = rng.choice(("4401", "4403", *prefectures))
            if away == home:
                away = "4401" if home != "4401" else "4403"
            agency = rng.choice(_PREFECTURES[away])
        out.append(
            {
                "household_registration_area": registration,
                "agency_area": agency,
                "evaluation_date": _evaluation_day(rng).isoformat(),
            }
        )
    return out


def retirement_records(count: int, seed: int = 8) -> list[dict[str, Any]]:
    """Employees of 45 to 66 (men; women cadres and workers), so that the reform's raised ages, its
    end state and the original ages all occur; about half not yet retired, the others retired with
    the required years or short of them. About a quarter choose a flexible retirement day (from
    below the original age to beyond three years late), drawn from a stream of their own so that
    the other facts stay those of earlier runs."""
    rng = random.Random(seed)
    flexible = random.Random(seed + 1000)
    out = []
    for _ in range(count):
        today = _evaluation_day(rng)
        roll = rng.random()
        sex, category = ("male", None) if roll < 0.55 else ("female", "cadre")
        if roll >= 0.75:
            category = "worker"
        young = {"male": 53, "cadre": 48, "worker": 43}[category or "male"]
        age_months = rng.randrange(young * 12, (young + 14) * 12)
        birth = _months_before(today, age_months, rng)
        lived = (today.year - birth.year) * 12 + today.month - birth.month
        working = max(0, lived - rng.randrange(18 * 12, 26 * 12))
        months = rng.randrange(working // 3, working + 1) if rng.random() < 0.5 else working
        record: dict[str, Any] = {
            "birth_date": birth.isoformat(),
            "sex": sex,
            "contribution_months": min(months, lived),
            "evaluation_date": today.isoformat(),
        }
        if category is not None:
            record["woman_category"] = category
        if flexible.random() < 0.25:
            original = {"male": 60, "cadre": 55, "worker": 50}[category or "male"]
            chosen = _add_months(birth, original * 12 + flexible.randrange(-40, 80))
            until = max(today, chosen)
            working_age = (until.year - birth.year - 16) * 12 + until.month - birth.month + 1
            record["chosen_retirement_date"] = chosen.isoformat()
            if flexible.random() < 0.9:
                record["pension_contribution_months"] = min(
                    max(0, working_age), flexible.randrange(150, 260)
                )
            record["employer_agrees"] = flexible.choice([True, True, False, None])
        out.append(record)
    return out


def _months_before(day: dt.date, months: int, rng: random.Random) -> dt.date:
    """A day of the month ``months`` before ``day``'s month (month ends included)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = 29 if month0 == 1 and year % 4 == 0 else _DAYS_IN_MONTH[month0]
    return dt.date(year, month0 + 1, rng.randint(1, last))


_OTHER_PROVINCE_CITIES = ("430100", "450100", "360100", "510100", "350100", "420100", "110000")
_PAYMENT_CHANNELS = ("wechat", "wechat", "alipay", "tax_app", "bank_withholding", "bank_counter")


def refund_records(count: int, seed: int = 9) -> list[dict[str, Any]]:
    """Refund requests: one or two payments for the next scheme year in Guangzhou (under Guangdong:
    in any of its cities), a duplicate payment in about 45 % of cases, another city's residents'
    (or employees') insurance in about 30 %; applied for before the benefit period begins in about
    70 %, usually terminating the participation. About a third each refundable, partly refundable
    and not refundable."""
    from medins_rules.processes.refunds import GUANGDONG_CITIES

    rng = random.Random(seed)
    gd_cities = tuple(c for c in GUANGDONG_CITIES if c != "440100")
    out = []
    for _ in range(count):
        year = rng.choice((2026, 2027))
        provincial = rng.random() < 0.15
        city = rng.choice(gd_cities) if provincial else "440100"
        first_paid = _day_in(rng, dt.date(year - 1, 9, 1), dt.date(year - 1, 12, 20))
        amount = rng.choice(("380.00", "400.00", "420.00", "560.00", "1080.00"))
        payments = [(first_paid, city, year)]
        kind = rng.random()
        if kind < 0.45:  # paid twice (a second channel, or the family paid too)
            again = first_paid + dt.timedelta(days=rng.randrange(0, 10))
            payments.append((again, city, year))
        if rng.random() < 0.1:  # also paid for the current year
            payments.append((first_paid - dt.timedelta(days=365), city, year - 1))
        last_paid = max(p[0] for p in payments)
        if rng.random() < 0.8:
            today = _day_in(rng, last_paid, dt.date(year - 1, 12, 31))
        else:
            today = _day_in(rng, dt.date(year, 1, 1), dt.date(year, 3, 31))
        others: list[dict[str, Any]] = []
        if 0.35 <= kind < 0.85:
            other = rng.choice((*_OTHER_PROVINCE_CITIES, *gd_cities))
            scheme = "resident" if rng.random() < 0.85 else "employee"
            start = _day_in(rng, dt.date(year - 2, 1, 1), today)
            others.append({"city": other, "scheme": scheme, "start_date": start.isoformat()})
        record: dict[str, Any] = {
            "payments": [
                {
                    "amount": amount,
                    "scheme_year": y,
                    "city": c,
                    "channel": rng.choice(_PAYMENT_CHANNELS),
                    "payment_date": d.isoformat(),
                }
                for d, c, y in payments
            ],
            "other_participations": others,
            "terminates_participation": rng.random() < 0.9,
            "evaluation_date": today.isoformat(),
        }
        if provincial:
            record["jurisdiction"] = "440000"
        if rng.random() < 0.05:  # the caller gives the benefit period (starting in spring)
            first = dt.date(year, rng.choice((1, 3)), 1)
            record["benefit_periods"] = [
                {
                    "scheme_year": year,
                    "first_day": first.isoformat(),
                    "last_day": dt.date(year, 12, 31).isoformat(),
                }
            ]
        out.append(record)
    return out


_ID_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))
_ID_CHECK = "10X98765432"
_ID_AREAS = ("440106", "440104", "440304", "440604", "445102", "430102", "510104", "110105")
_PERMIT_AREAS = ("810000", "820000", "830000")


def _id_number(area: str, birth: dt.date, order: int) -> str:
    return _checked(f"{area}{birth:%Y%m%d}{order:03d}")


def _checked(body: str) -> str:
    """Seventeen digits and their check digit (GB 11643, ISO 7064 MOD 11-2)."""
    return body + _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def _identity(rng: random.Random, today: dt.date, holder: str = "insured") -> dict[str, Any]:
    """An identity document as a service desk records it: most carry a number and an expiry."""
    permit = rng.random() < 0.06
    item: dict[str, Any] = {"kind": "hmt_residence_permit" if permit else "resident_identity_card"}
    if holder != "insured":
        item["holder"] = holder
    if rng.random() < 0.85:
        birth = _day_in(rng, dt.date(1945, 1, 1), dt.date(2007, 12, 31))
        area = rng.choice(_PERMIT_AREAS if permit else _ID_AREAS)
        number = _id_number(area, birth, rng.randrange(1000))
        item["number"] = number.lower() if rng.random() < 0.1 else number
    if rng.random() < 0.8:
        item["valid_until"] = (today + dt.timedelta(days=rng.randrange(1, 3650))).isoformat()
    return item


def _spoil_identity(rng: random.Random, item: dict[str, Any], today: dt.date) -> None:
    """One shortcoming of an identity document: expired, a wrong number, a copy, the wrong kind."""
    roll = rng.random()
    if roll < 0.35:
        item["valid_until"] = (today - dt.timedelta(days=rng.randrange(1, 400))).isoformat()
    elif roll < 0.7:
        number = item.get("number") or _id_number("440106", dt.date(1990, 5, 17), 123)
        number = number.upper()
        wrong = rng.choice([c for c in "0123456789X" if c != number[-1]])
        later = today + dt.timedelta(days=rng.randrange(1, 300))
        other = _PERMIT_AREAS if item["kind"] == "resident_identity_card" else _ID_AREAS
        item["number"] = rng.choice(
            (
                number[:-1] + wrong,  # check digit
                number[:-1] + wrong,
                _checked(number[:10] + "1332" + number[14:17]),  # no such birth date
                _checked(f"{number[:6]}{later:%Y%m%d}{number[14:17]}"),  # born after today
                number[:-2],  # too short
                _checked("99" + number[2:17]),  # no such province
                _checked(rng.choice(other) + number[6:17]),  # the other document's number
            )
        )
    elif roll < 0.85:
        item["form"] = "copy"
        item["sides"] = "both"
    else:
        item["number"] = _id_number("440106", dt.date(1990, 5, 17), 123)
        if item["kind"] == "resident_identity_card":
            item["kind"] = "hmt_residence_permit"
        else:
            item["kind"] = "resident_identity_card"


def materials_records(count: int, seed: int = 10) -> list[dict[str, Any]]:
    """Materials for every business (off-site reimbursement and filing most often): about 65 %
    complete, sometimes with an alternative or an item not needed; the others with an item missing
    or falling short (a copy for an original, a seal or side missing, an issuer not accepted, an
    expired document, an invalid identity number, an agent where none may act)."""
    rng = random.Random(seed)
    businesses = (
        *("offsite_reimbursement",) * 6,
        *("offsite_filing",) * 4,
        "batch_offsite_filing",
        *("card_application",) * 3,
        *("enrolment",) * 3,
        "online_cancellation",
        "online_suspension",
    )
    out = []
    for _ in range(count):
        today = _evaluation_day(rng)
        business = rng.choice(businesses)
        spoil = rng.random() < 0.35
        agent = False
        items: list[dict[str, Any]]
        if business == "offsite_reimbursement":
            items = [
                {"kind": "medical_insurance_card"},
                {"kind": "medical_insurance_card", "form": "copy", "sides": "both"},
                {"kind": "hospitalisation_invoice", "seals": ["medical_institution_seal"]},
                {"kind": "hospitalisation_summary_list", "form": rng.choice(("original", "copy"))},
                {
                    "kind": "diagnosis_proof",
                    "form": rng.choice(("original", "copy")),
                    "seals": ["medical_institution_seal"],
                },
                {
                    "kind": rng.choice(("medical_record_home_page", "admission_record")),
                    "form": rng.choice(("original", "copy")),
                },
                {"kind": "discharge_summary", "form": "copy", "seals": ["medical_records_seal"]},
            ]
            if spoil:
                which = rng.randrange(7)
                roll = rng.random()
                if roll < 0.3 or which in (3, 5):
                    del items[which]
                elif which == 0:
                    items[0]["form"] = "copy"
                elif which == 1:
                    items[1]["sides"] = rng.choice(("front", "back", None))
                elif which == 6:  # an original serves where a copy is asked for
                    items[6]["form"] = "original" if roll >= 0.6 else "copy"
                    items[6]["seals"] = ["medical_records_seal"] if roll >= 0.6 else []
                elif which == 2 and roll < 0.6:
                    items[2]["form"] = "copy"
                else:
                    items[which]["seals"] = []
        elif business == "offsite_filing":
            if rng.random() < 0.8:
                issuers = ("police_station", "street_office", "neighbourhood_committee")
                issuer = rng.choice((*issuers, "village_committee"))
                proof: dict[str, Any] = {"kind": "residence_certificate", "issuer": issuer}
            else:
                proof = {"kind": "temporary_residence_permit", "form": "copy"}
            items = [{"kind": "medical_insurance_card"}, proof]
            if spoil:
                roll = rng.random()
                if roll < 0.25:
                    del items[rng.randrange(2)]
                elif roll < 0.4:
                    items[0]["form"] = "copy"
                elif proof["kind"] == "temporary_residence_permit":
                    proof["form"] = "original"  # an original serves where a copy is asked for
                elif roll < 0.7:
                    proof["issuer"] = rng.choice(("employer", "other", None))
                else:
                    proof["form"] = "copy"
        elif business == "batch_offsite_filing":
            items = [{"kind": "batch_import_form", "form": rng.choice(("original", "copy"))}]
            if spoil:
                items = [{"kind": "other"}] if rng.random() < 0.5 else []
        elif business == "card_application":
            items = [
                _identity(rng, today),
                {"kind": "photo"},
                {"kind": "household_register"},
            ]
            if spoil:
                roll = rng.random()
                if roll < 0.5:
                    _spoil_identity(rng, items[0], today)
                elif roll < 0.75:
                    del items[rng.randrange(1, 3)]
                else:
                    items[2]["form"] = "copy"
        elif business == "enrolment":
            agent = rng.random() < 0.3
            items = [_identity(rng, today)]
            if agent:
                items.append(_identity(rng, today, holder="agent"))
            if spoil:
                if agent and rng.random() < 0.4:
                    del items[1]
                else:
                    _spoil_identity(rng, rng.choice(items), today)
        elif business == "online_cancellation":
            items = [_identity(rng, today)]
            items[0]["form"] = rng.choice(("original", "copy"))
            if items[0]["form"] == "copy":
                items[0]["sides"] = "both"
            if spoil:
                items = [] if rng.random() < 0.5 else [{"kind": "photo"}]
        else:  # online_suspension
            items = [{"kind": "face_recognition"}]
            if spoil:
                if rng.random() < 0.5:
                    agent = True
                else:
                    items = []
        if rng.random() < 0.1:  # brought along, not needed
            items.append({"kind": rng.choice(("photo", "other", "social_security_card"))})
        if rng.random() < 0.5:
            rng.shuffle(items)
        for item in items:
            if item.get("sides", "") is None:
                del item["sides"]
        record: dict[str, Any] = {
            "business": business,
            "items": items,
            "evaluation_date": today.isoformat(),
        }
        if agent:
            record["through_agent"] = True
        elif business == "offsite_filing" and rng.random() < 0.05:
            record["through_agent"] = True  # the checklist does not address agents
        out.append(record)
    return out


GENERATED: dict[str, Callable[[int], list[dict[str, Any]]]] = {
    "deadlines.reimbursement_filing": filing_records,
    "deadlines.offsite_filing_residence": residence_records,
    "deadlines.service_settlement": settlement_records,
    "eligibility.online_suspension": suspension_records,
    "eligibility.online_cancellation": cancellation_records,
    "eligibility.enrolment": enrolment_records,
    "eligibility.card_application": card_records,
    "eligibility.retirement": retirement_records,
    "refunds.refund": refund_records,
    "materials.check_materials": materials_records,
}


# -- bare loops -------------------------------------------------------------------------------------
#
# A bare decider is the rule's outcome written by hand with the standard library: no validation, no
# reasons, no models. ``make()`` returns a fresh ``decide(row) -> outcome index`` (the index into
# ``OUTCOMES[rule]``), with empty shared state: the work the rule shares between records (period
# ends per payment date, parameters per day) is shared the same way here, in dictionaries that live
# as long as the decider. The benchmark makes a new decider for every repetition, as it clears the
# package's bounded caches before every repetition. ``extract`` turns a parsed JSON record into the
# plain row the decider reads (what a hand-written service would do after ``json.loads``).

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_REST_CODE, _WORKING_CODE = DayTable.REST, DayTable.WORKING


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(total, 12)
    last = _DAYS_IN_MONTH[month0]
    if month0 == 1 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        last = 29
    return dt.date(year, month0 + 1, min(day.day, last))


def _published_days() -> tuple[dt.date, bytes]:
    """The first day of the calendar's published years and one code a day (0 rest, 1 working)."""
    cal = bundled_calendar()
    first, last = dt.date(cal.years[0], 1, 1), dt.date(cal.years[-1], 12, 31)
    return first, cal.day_table(first, last).codes


@functools.cache
def _rest_days() -> frozenset[dt.date]:
    """The bundled calendar's rest days as a set (a hand-written program's calendar, built once)."""
    first, codes = _published_days()
    return frozenset(first + dt.timedelta(days=i) for i, c in enumerate(codes) if c == _REST_CODE)


_ONE_DAY = dt.timedelta(days=1)


def filing_ends(
    payment: dt.date, rest: frozenset[dt.date] | None = None
) -> tuple[dt.date, dt.date]:
    """The last on-time and last payable day of a payment (6 and 12 months, rolled past rest days)."""
    rest = _rest_days() if rest is None else rest
    on_time = _add_months(payment, 6)
    while on_time in rest:
        on_time += _ONE_DAY
    payable = _add_months(payment, 12)
    while payable in rest:
        payable += _ONE_DAY
    return on_time, payable


COVERED_BARE = frozenset((*COVERED, "outpatient_designated_chronic_disease"))


def _filing(*, roll_forward: bool = True) -> Callable[[], Callable[[Any], int]]:
    def make() -> Callable[[Any], int]:
        rest = _rest_days() if roll_forward else frozenset()
        ends: dict[dt.date, tuple[dt.date, dt.date]] = {}  # per payment date, as the rule shares

        def decide(row: Any) -> int:
            payment, treatment, filed, evaluation = row
            if treatment not in COVERED_BARE:
                return 3
            found = ends.get(payment)
            if found is None:
                found = ends[payment] = filing_ends(payment, rest)
            day = evaluation if filed is None else filed
            return 0 if day <= found[0] else 1 if day <= found[1] else 2

        return decide

    return make


def residence_met(start: dt.date) -> dt.date:
    """The first day six months of residence from ``start`` are met."""
    return _add_months(start, 6)


def _residence() -> Callable[[Any], int]:
    met: dict[dt.date, dt.date] = {}

    def decide(row: Any) -> int:
        proof, start, original, filing = row
        if proof == "temporary_residence_permit_copy":
            return 0
        if proof == "other" or start is None:
            return 1
        first = met.get(start)
        if first is None:
            first = met[start] = residence_met(start)
        return 0 if filing >= first and original else 1

    return decide


@functools.cache
def _working_day_index() -> tuple[int, tuple[int, ...]]:
    """The first day's ordinal and the cumulative count of working days from it, day by day."""
    first, codes = _published_days()
    cumulative, count = [], 0
    for code in codes:
        count += code == _WORKING_CODE
        cumulative.append(count)
    return first.toordinal(), tuple(cumulative)


def nth_working_day_after(day: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``day`` (one binary search on the cumulative count)."""
    origin, cumulative = _working_day_index()
    index = day.toordinal() - origin
    found = bisect.bisect_left(cumulative, cumulative[index] + n, lo=index + 1)
    return dt.date.fromordinal(origin + found)


def _settlement() -> Callable[[Any], int]:
    origin, cumulative = _working_day_index()
    due: dict[dt.date, int] = {}

    def decide(row: Any) -> int:
        day, channel = row
        if channel == "county_centre":
            return 0
        if day not in due:
            index = day.toordinal() - origin
            due[day] = bisect.bisect_left(cumulative, cumulative[index] + 3, lo=index + 1)
        return 1

    return decide


def _suspension() -> Callable[[Any], int]:
    def decide(row: Any) -> int:
        scheme, in_guangdong, status, applicant, face, category = row
        eligible = (
            scheme == "urban_rural_resident"
            and in_guangdong
            and status == "normal"
            and applicant == "insured_person"  # by default no guardian either
            and face
            and category is not None
        )
        return 0 if eligible else 1

    return decide


def _cancellation() -> Callable[[Any], int]:
    def decide(row: Any) -> int:
        registered, logged_in, identification = row
        return 0 if registered and logged_in and identification else 1

    return decide


def _parameters(jurisdiction: str, day: dt.date) -> Any:
    from medins_rules.core.parameters import parameters_for

    return parameters_for(jurisdiction, on=day)


def _enrolment() -> Callable[[Any], int]:
    """Conditions, then the settlement day at a service point (the Nth working day after the
    application day, N read from the parameters once per day)."""
    name = "enrolment.service_point_settlement"
    origin, cumulative = _working_day_index()
    policy: dict[tuple[str, dt.date], int] = {}

    def decide(row: Any) -> int:
        service_point, day, agent, insured, agent_ok, scheme, meets, payer, jurisdiction = row
        if not (insured and (agent_ok or not agent) and scheme and meets and payer):
            return 2
        if not service_point:
            return 0
        days = policy.get((jurisdiction, day))
        if days is None:
            days = policy[jurisdiction, day] = _parameters(jurisdiction, day).int_value(name)
        index = day.toordinal() - origin
        bisect.bisect_left(cumulative, cumulative[index] + days, lo=index + 1)
        return 1

    return decide


def _card() -> Callable[[Any], int]:
    """The default reading: any agency of the registration's prefecture-level city."""

    def decide(row: Any) -> int:
        registration, agency = row
        return 0 if agency[:4] == registration[:4] else 1

    return decide


_RETIREMENT_CATEGORIES = ("men", "women_55", "women_50")


def _retirement_policy(jurisdiction: str, day: dt.date) -> tuple[Any, ...]:
    """Per category (original age and cap in months, pace, first raised birth month as a month
    count), then the required contribution months of men and women, then the flexible bounds."""
    p = _parameters(jurisdiction, day)
    categories = []
    for suffix in _RETIREMENT_CATEGORIES:
        original = p.int_value(f"retirement.original_age_{suffix}")
        target = p.int_value(f"retirement.target_age_{suffix}")
        first = p.version(f"retirement.first_raised_birth_month_{suffix}").value
        categories.append(
            (
                original * 12,
                (target - original) * 12,
                p.int_value(f"retirement.birth_months_per_month_{suffix}"),
                first.year * 12 + first.month - 1,
            )
        )
    required = tuple(
        p.int_value(f"retirement.medical_contribution_years_{sex}") * 12 for sex in ("men", "women")
    )
    flexible = (
        p.optional_date("retirement.reform_in_force"),
        p.int_value("retirement.flexible_earlier_max_months"),
        p.int_value("retirement.flexible_later_max_months"),
    )
    return tuple(categories), required, flexible


def _retirement() -> Callable[[Any], int]:
    """The statutory age of the reform, reached on the corresponding day; rows hold the category as
    0 men, 1 women 55, 2 women 50. A chosen flexible day is refused or undetermined as the Measures
    art. 3 says, else art. 27 is applied on it; policies are read once per (jurisdiction, day) and
    the minimum pension months once per year."""
    policies: dict[tuple[str, dt.date], tuple[Any, ...]] = {}
    minimum: dict[tuple[str, int], int] = {}

    def decide(row: Any) -> int:
        birth, category, months, day, jurisdiction, chosen, pension, agrees = row
        found = policies.get((jurisdiction, day))
        if found is None:
            found = policies[jurisdiction, day] = _retirement_policy(jurisdiction, day)
        categories, required, (in_force, early_most, late_most) = found
        original, cap, pace, first = categories[category]
        after = birth.year * 12 + birth.month - 1 - first
        age = original + (min(cap, after // pace + 1) if after >= 0 else 0)
        retired_on = statutory = _add_months(birth, age)
        if chosen is not None and chosen != statutory:
            start = _add_months(birth, original)
            failed, unknown = chosen < in_force or start < in_force, False
            if start >= in_force and chosen < statutory:
                failed |= chosen < _add_months(statutory, -early_most) or chosen < start
                if chosen >= in_force and pension is None:
                    unknown = True
                elif chosen >= in_force:
                    least = minimum.get((jurisdiction, chosen.year))
                    if least is None:
                        least = minimum[jurisdiction, chosen.year] = _parameters(
                            jurisdiction, dt.date(chosen.year, 1, 1)
                        ).int_value("retirement.minimum_pension_contribution_months")
                    failed |= pension < least
            elif start >= in_force:
                failed |= chosen > _add_months(statutory, late_most) or agrees is False
                unknown = agrees is None
            if failed or unknown:
                return 3 if failed else 4
            retired_on = chosen
        if day < retired_on:
            return 2
        return 1 if months < required[category != 0] else 0

    return decide


def _refund() -> Callable[[Any], int]:
    """Payments grouped by scheme year and city: before the benefit period begins (1 January of
    the scheme year unless the case gives it), a group's later payments are duplicates, and all of
    them are refunded when the person takes part in another city's residents' insurance."""
    periods: dict[tuple[str, dt.date], str] = {}

    def decide(row: Any) -> int:
        day, terminates, payments, others, given, jurisdiction = row
        period = periods.get((jurisdiction, day))
        if period is None:
            period = periods[jurisdiction, day] = _parameters(jurisdiction, day).text(
                "refunds.benefit_period"
            )
        if period != "calendar_year":
            raise ValueError(f"refunds.benefit_period: no bare loop for {period!r}")
        refunded = 0
        if terminates:
            groups: dict[tuple[int, str], int] = {}
            for key in payments:
                groups[key] = groups.get(key, 0) + 1
            for (year, city), size in groups.items():
                first = given.get(year) if given else None
                if day < (first or dt.date(year, 1, 1)):
                    other = any(resident and c != city for c, resident in others)
                    refunded += size if other else size - 1
        return 0 if refunded == len(payments) else 1 if refunded else 2

    return decide


@functools.cache
def _id_provinces() -> frozenset[str]:
    """The province prefixes of identity numbers (the table python-stdnum ships, read once)."""
    from stdnum import numdb

    table = numdb.get("cn/loc")
    return frozenset(
        f"{n:02d}"
        for n in range(100)
        if any("province" in props for _, props in table.info(f"{n:02d}0000"))
    )


@functools.cache
def _permit_prefixes() -> frozenset[str]:
    from medins_rules.processes.materials import PERMIT_PREFIXES

    return frozenset(PERMIT_PREFIXES)


_IDENTITY_KINDS = frozenset({"resident_identity_card", "hmt_residence_permit"})


@functools.cache
def _checklists() -> dict[str, tuple[bool, tuple[tuple[bool, dict[str, tuple[Any, ...]]], ...]]]:
    """Per business: whether agents are refused, then per item whether only an agent's
    application needs it and, per accepted kind, (form, both sides, seals, issuers, holder)."""
    from medins_rules.processes import materials

    out = {}
    for found in materials.checklists():
        items = tuple(
            (
                item.when.value == "through_agent",
                {
                    a.kind.value: (
                        a.form.value,
                        a.both_sides,
                        frozenset(s.value for s in a.seals),
                        frozenset(i.value for i in a.issuers),
                        a.holder.value if a.holder else None,
                    )
                    for a in item.accepts
                },
            )
            for item in found.items  # hedged items are required by default
        )
        out[found.business.value] = (found.agents.value == "not_permitted", items)
    return out


def _distinct(candidates: list[list[int]], used: int = 0) -> bool:
    """Whether every item can have its own submitted document (a bipartite matching)."""
    if not candidates:
        return True
    for index in candidates[0]:
        if not used >> index & 1 and _distinct(candidates[1:], used | 1 << index):
            return True
    return False


def _materials() -> Callable[[Any], int]:
    """Complete when no agent acts where agents are refused and every required item has its own
    submitted document that meets it in full (form, sides, seals, issuer; an identity document
    not expired, its number valid per GB 11643). An original serves for a copy (the default)."""
    lists = _checklists()
    provinces = _id_provinces()
    permits = _permit_prefixes()
    weights = _ID_WEIGHTS

    def meets(spec: tuple[Any, ...], entry: tuple[Any, ...], day: dt.date) -> bool:
        form, both_sides, seals, issuers, holder = spec
        kind, given, sides, has_seals, issuer, whose, number, valid_until = entry
        if holder is not None and whose != holder:
            return False
        if form == "original" and given == "copy":
            return False
        if both_sides and given == "copy" and sides != "both":
            return False
        if not seals <= has_seals or (issuers and issuer not in issuers):
            return False
        if kind not in _IDENTITY_KINDS:
            return True
        if valid_until is not None and valid_until < day:
            return False
        if number is None:
            return True
        n = number.upper().strip()
        if len(n) != 18 or not (n[:17].isascii() and n[:17].isdigit()) or n[17] not in _ID_CHECK:
            return False
        if (n[:6] in permits) != (kind == "hmt_residence_permit"):
            return False
        if n[17] != _ID_CHECK[sum(int(c) * w for c, w in zip(n, weights, strict=False)) % 11]:
            return False
        try:
            birth = dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
        except ValueError:
            return False
        return birth <= day and (kind == "hmt_residence_permit" or n[:2] in provinces)

    def decide(row: Any) -> int:
        business, agent, entries, day = row
        refused, items = lists[business]
        if agent and refused:
            return 1
        candidates = []
        for agent_only, accepts in items:
            if agent_only and not agent:
                continue
            found = [
                i
                for i, entry in enumerate(entries)
                if entry[0] in accepts and meets(accepts[entry[0]], entry, day)
            ]
            if not found:
                return 1
            candidates.append(found)
        return 0 if _distinct(candidates) else 1

    return decide


def _date(value: Any) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _materials_entry(item: dict[str, Any]) -> tuple[Any, ...]:
    return (
        item["kind"],
        item.get("form", "original"),
        item.get("sides"),
        frozenset(item.get("seals", ())),
        item.get("issuer"),
        item.get("holder", "insured"),
        item.get("number"),
        _date(item.get("valid_until")),
    )


_GUANGZHOU = "440100"
_day = dt.date.fromisoformat


OUTCOMES: dict[str, tuple[str, ...]] = {
    "deadlines.reimbursement_filing": (
        "on_time",
        "late",
        "forfeited",
        "not_covered",
        "outside_offsite_scope",
        "undetermined",
    ),
    "deadlines.offsite_filing_residence": ("meets", "does_not_meet"),
    "deadlines.service_settlement": ("settled_on_the_spot", "settled_by_date"),
    "eligibility.online_suspension": ("eligible", "not_eligible"),
    "eligibility.online_cancellation": ("awaits_review", "not_ready"),
    "eligibility.enrolment": ("settled_on_the_spot", "settled_by_date", "not_accepted"),
    "eligibility.card_application": ("correct_place", "wrong_place"),
    "eligibility.retirement": (
        "no_further_premiums",
        "may_top_up",
        "not_yet_retired",
        "flexible_date_not_allowed",
        "undetermined",
    ),
    "refunds.refund": ("refundable", "partly_refundable", "not_refundable"),
    "materials.check_materials": ("complete", "incomplete"),
}
"""Each rule's outcomes, in the order of the indexes its bare decider returns."""

REACHED: dict[str, frozenset[str]] = {
    "deadlines.reimbursement_filing": frozenset(("on_time", "late", "forfeited", "not_covered")),
}
"""The outcomes the generated records reach where that is not every outcome of the rule (the
nightly claims carry no off-site filing facts and fall in years whose calendar is published)."""


@dataclass(frozen=True)
class Bare:
    """A rule's bare decider: ``extract`` (parsed record to plain row) and ``make`` (a fresh
    ``decide(row) -> outcome index``)."""

    extract: Callable[[dict[str, Any]], Any]
    make: Callable[[], Callable[[Any], int]]


BARE: dict[str, Bare] = {
    "deadlines.reimbursement_filing": Bare(
        lambda r: (
            _day(r["payment_date"]),
            r["treatment"],
            _date(r.get("filing_date")),
            _day(r["evaluation_date"]),
        ),
        _filing(),
    ),
    "deadlines.offsite_filing_residence": Bare(
        lambda r: (
            r["proof"],
            _date(r.get("residence_start")),
            r.get("certificate_is_original", True),
            _day(r.get("filing_date") or r["evaluation_date"]),
        ),
        _residence,
    ),
    "deadlines.service_settlement": Bare(
        lambda r: (_day(r["application_date"]), r["channel"]), _settlement
    ),
    "eligibility.online_suspension": Bare(
        lambda r: (
            r["scheme"],
            r["insured_in_guangdong"],
            r["participation_status"],
            r["applicant"],
            r["face_recognition_passed"],
            r.get("person_category"),
        ),
        _suspension,
    ),
    "eligibility.online_cancellation": Bare(
        lambda r: (r["account_registered"], r["logged_in"], r["identification_provided"]),
        _cancellation,
    ),
    "eligibility.enrolment": Bare(
        lambda r: (
            r["channel"] == "service_point",
            _day(r["application_date"]),
            r["applicant"] == "agent",
            r["insured_certificate_valid"],
            r.get("agent_certificate_valid"),
            r["scheme"] is not None,
            r["meets_scheme_conditions"],
            r["premium_payer"] is not None,
            r.get("jurisdiction", _GUANGZHOU),
        ),
        _enrolment,
    ),
    "eligibility.card_application": Bare(
        lambda r: (r["household_registration_area"], r["agency_area"]), _card
    ),
    "eligibility.retirement": Bare(
        lambda r: (
            _day(r["birth_date"]),
            0 if r["sex"] == "male" else 2 if r.get("woman_category") == "worker" else 1,
            r["contribution_months"],
            _day(r["evaluation_date"]),
            r.get("jurisdiction", _GUANGZHOU),
            _date(r.get("chosen_retirement_date")),
            r.get("pension_contribution_months"),
            r.get("employer_agrees"),
        ),
        _retirement,
    ),
    "refunds.refund": Bare(
        lambda r: (
            _day(r["evaluation_date"]),
            r["terminates_participation"],
            tuple((p["scheme_year"], p["city"]) for p in r["payments"]),
            tuple(
                (o["city"], o["scheme"] == "resident") for o in r.get("other_participations", ())
            ),
            {p["scheme_year"]: _day(p["first_day"]) for p in r.get("benefit_periods", ())},
            r.get("jurisdiction", _GUANGZHOU),
        ),
        _refund,
    ),
    "materials.check_materials": Bare(
        lambda r: (
            r["business"],
            r.get("through_agent", False),
            tuple(_materials_entry(i) for i in r.get("items", ())),
            _day(r["evaluation_date"]),
        ),
        _materials,
    ),
}
"""Every rule's bare decider."""

BARE_NO_ROLL_FORWARD = Bare(
    BARE["deadlines.reimbursement_filing"].extract, _filing(roll_forward=False)
)
"""The filing rule's bare decider without roll-forward (what a program that ignores the calendar
would do): the price of the calendar."""


def bare_loop(rule: str, records: list[dict[str, Any]]) -> Callable[[], list[int]]:
    """A loop deciding ``records`` (extracted before) with a fresh decider; returns the outcome
    counts in ``OUTCOMES[rule]`` order."""
    bare = BARE[rule]
    rows = [bare.extract(r) for r in records]
    size = len(OUTCOMES[rule])

    def run() -> list[int]:
        decide = bare.make()
        counts = [0] * size
        for row in rows:
            counts[decide(row)] += 1
        return counts

    return run


class BareLoopMismatchError(AssertionError):
    """A bare decider reached another outcome than the rule: its ratio would compare unlike work."""


def check_bare_loop(rule: str, records: list[dict[str, Any]]) -> Counter[str]:
    """Compare the bare decider's outcome with the rule's decision, record by record.

    Each record goes through the bare decider (one decider for the whole list, as the benchmark
    uses it) and through the rule (validated, as a service would); any difference raises
    :class:`BareLoopMismatchError` naming the first records that differ. For the deadline rules the
    key dates are compared too. Returns the rule's outcomes counted (the mix of the records).
    """
    from medins_rules.engine import catalogue

    spec = catalogue.get_rule(rule)
    outcomes = OUTCOMES[rule]
    if set(outcomes) != {o.value for o in spec.outcomes}:
        raise BareLoopMismatchError(f"{rule}: the bare outcomes {outcomes} are not the rule's")
    bare = BARE[rule]
    decide = bare.make()
    mix: Counter[str] = Counter()
    wrong = []
    for n, record in enumerate(records):
        decision = spec.function(spec.input_model.model_validate(record))
        want = decision.outcome.value
        mix[want] += 1
        row = bare.extract(record)
        got = outcomes[decide(row)]
        dates = _key_dates(rule, row, decision)
        if got != want or dates is not None:
            wrong.append(f"record {n}: rule {want}, bare {got}{dates or ''}: {json.dumps(record)}")
    if wrong:
        raise BareLoopMismatchError(
            f"{rule}: the bare decider differs from the rule on {len(wrong)} of {len(records)} "
            "records:\n  " + "\n  ".join(wrong[:5])
        )
    return mix


def _key_dates(rule: str, row: Any, decision: Any) -> str | None:
    """Where the bare helpers' dates differ from the decision's, what differs (else ``None``)."""
    if rule == "deadlines.reimbursement_filing" and decision.last_on_time_day is not None:
        mine = filing_ends(row[0])
        theirs = (decision.last_on_time_day, decision.last_payable_day)
    elif rule == "deadlines.offsite_filing_residence" and decision.first_date_met is not None:
        mine, theirs = (residence_met(row[1]),), (decision.first_date_met,)
    elif rule == "deadlines.service_settlement" and row[1] == "service_point":
        mine, theirs = (nth_working_day_after(row[0], 3),), (decision.settlement_date,)
    else:
        return None
    same = all(t is None or m == t for m, t in zip(mine, theirs, strict=True))  # None: not known
    return None if same else f" (dates: rule {theirs}, bare {mine})"
