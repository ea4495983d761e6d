"""Records for the benchmark, and the bare hand-written loops the rules are compared with.

The deadline rules get generated records shaped like a city's nightly run: payment (or residence,
application) dates spread over two years, half the claims not filed yet and evaluated on the run's
day, the others filed some days to a year and more after paying. A second filing workload gives
every record its own filing day (the worst case for work shared between decisions). Every other rule
gets its bundled example (``data/examples/<rule>.json``), repeated.

A bare loop is the same decision written by hand with the standard library: no validation, no
reasons, no parameters read, no models built; the calendar is a precomputed set of rest days (or the
calendar's cumulative working-day list), as a careful hand-written program would hold it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
from collections.abc import Callable, Iterable
from importlib import resources
from typing import Any

from medins_rules.calendar import bundled_calendar

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
    rng = random.Random(seed)
    proofs = (
        "police_station_certificate",
        "street_office_certificate",
        "neighbourhood_or_village_committee_certificate",
    )
    out = []
    for _ in range(count):
        record: dict[str, Any] = {"evaluation_date": NIGHT.isoformat()}
        if rng.random() < 0.9:
            record["proof"] = rng.choice(proofs)
            start = NIGHT - dt.timedelta(days=rng.randrange(0, 730))
            record["residence_start"] = start.isoformat()
            record["certificate_is_original"] = rng.random() < 0.95
        else:
            record["proof"] = "temporary_residence_permit_copy"
        out.append(record)
    return out


def settlement_records(count: int, seed: int = 3) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
        out.append(
            {
                "application_date": day.isoformat(),
                "channel": "service_point" if rng.random() < 0.7 else "county_centre",
                "evaluation_date": day.isoformat(),
            }
        )
    return out


GENERATED: dict[str, Callable[[int], list[dict[str, Any]]]] = {
    "deadlines.reimbursement_filing": filing_records,
    "deadlines.offsite_filing_residence": residence_records,
    "deadlines.service_settlement": settlement_records,
}


# -- bare loops -------------------------------------------------------------------------------------

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(total, 12)
    last = _DAYS_IN_MONTH[month0]
    if month0 == 1 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        last = 29
    return dt.date(year, month0 + 1, min(day.day, last))


def _rest_days() -> frozenset[dt.date]:
    cal = bundled_calendar()
    first, last = dt.date(cal.years[0], 1, 1), dt.date(cal.years[-1], 12, 31)
    days = (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    return frozenset(d for d in days if not cal.is_working_day(d))


def bare_filing(
    records: Iterable[tuple[dt.date, str, dt.date | None, dt.date]], *, roll_forward: bool = True
) -> Callable[[], int]:
    """The filing decision by hand: the two corresponding days, rolled past rest days, compared."""
    rows = list(records)
    rest = _rest_days() if roll_forward else frozenset()
    one = dt.timedelta(days=1)
    covered = frozenset(COVERED) | {"outpatient_designated_chronic_disease"}

    def run() -> int:
        late = 0
        for payment, treatment, filed, evaluation in rows:
            if treatment not in covered:
                continue
            on_time = _add_months(payment, 6)
            while on_time in rest:
                on_time += one
            payable = _add_months(payment, 12)
            while payable in rest:
                payable += one
            day = evaluation if filed is None else filed
            outcome = 0 if day <= on_time else 1 if day <= payable else 2
            late += outcome
        return late

    return run


def bare_residence(
    records: Iterable[tuple[str, dt.date | None, bool, dt.date]],
) -> Callable[[], int]:
    rows = list(records)

    def run() -> int:
        meets = 0
        for proof, start, original, filing in rows:
            if proof == "temporary_residence_permit_copy":
                meets += 1
            elif proof != "other" and start is not None:
                meets += filing >= _add_months(start, 6) and original
        return meets

    return run


def bare_settlement(records: Iterable[tuple[dt.date, str]]) -> Callable[[], int]:
    cal = bundled_calendar()
    first = dt.date(cal.years[0], 1, 1)
    last = dt.date(cal.years[-1], 12, 31)
    cumulative, count = [], 0
    for i in range((last - first).days + 1):
        count += cal.is_working_day(first + dt.timedelta(days=i))
        cumulative.append(count)
    origin = first.toordinal()
    rows = list(records)

    def run() -> int:
        total = 0
        for day, channel in rows:
            if channel == "county_centre":
                due = day
            else:
                index = day.toordinal() - origin
                found = bisect.bisect_left(cumulative, cumulative[index] + 3, lo=index + 1)
                due = dt.date.fromordinal(origin + found)
            total += due.day
        return total

    return run


def _date(value: Any) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def bare_loop(rule: str, records: list[dict[str, Any]], **kwargs: Any) -> Callable[[], int] | None:
    """The bare loop for ``rule`` over ``records``, or ``None`` when none is written for it."""
    if rule == "deadlines.reimbursement_filing":
        return bare_filing(
            (
                (
                    dt.date.fromisoformat(r["payment_date"]),
                    r["treatment"],
                    _date(r.get("filing_date")),
                    dt.date.fromisoformat(r["evaluation_date"]),
                )
                for r in records
            ),
            **kwargs,
        )
    if rule == "deadlines.offsite_filing_residence":
        return bare_residence(
            (
                r["proof"],
                _date(r.get("residence_start")),
                r.get("certificate_is_original", True),
                dt.date.fromisoformat(r.get("filing_date") or r["evaluation_date"]),
            )
            for r in records
        )
    if rule == "deadlines.service_settlement":
        return bare_settlement(
            (dt.date.fromisoformat(r["application_date"]), r["channel"]) for r in records
        )
    return None
