"""Errors name the input field: numbers are not days, and uncovered days say whose date they are."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re
from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

import medins_rules
from medins_rules import (
    ReimbursementFilingCase,
    SettlementCase,
    bundled_calendar,
    reimbursement_filing,
    service_settlement,
)
from medins_rules.core import errors
from medins_rules.core.errors import (
    DATE_NOT_COVERED,
    CalendarYearNotCoveredError,
    MedinsRulesError,
    ParameterNotInForceError,
)
from medins_rules.core.model import Day


class _Dated(BaseModel):
    day: Day
    maybe: Day | None = None


@pytest.mark.parametrize(
    "value", [1741564800, -1, 0, 20250310, 1741564800.0, Decimal("20250310"), True]
)
def test_a_number_is_not_read_as_a_day(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        _Dated(day=value)  # type: ignore[arg-type]
    (error,) = info.value.errors()
    assert error["loc"] == ("day",)
    assert error["type"] == "date_type"
    assert "YYYY-MM-DD" in error["msg"]


def test_a_number_in_json_is_not_read_as_a_day_either() -> None:
    with pytest.raises(ValidationError) as info:
        _Dated.model_validate_json('{"day": "2025-03-10", "maybe": 1741564800}')
    assert [e["loc"] for e in info.value.errors()] == [("maybe",)]


@pytest.mark.parametrize("value", ["2025-03-10", dt.date(2025, 3, 10)])
def test_a_day_is_a_date_or_its_iso_text(value: object) -> None:
    assert _Dated(day=value).day == dt.date(2025, 3, 10)  # type: ignore[arg-type]
    assert _Dated.model_validate_json('{"day": "2025-03-10"}').day == dt.date(2025, 3, 10)


def test_a_day_is_still_a_date_in_the_json_schema() -> None:
    schema = _Dated.model_json_schema()["properties"]["day"]
    assert schema["type"] == "string"
    assert schema["format"] == "date"


def test_about_names_the_field_once_and_keeps_the_details() -> None:
    plain = ParameterNotInForceError("x", "440100", dt.date(2010, 1, 1), "too early")
    named = plain.about("payment_date")
    assert str(named) == f"payment_date: {plain}"
    assert (named.name, named.jurisdiction, named.on, named.detail, named.field) == (
        "x",
        "440100",
        dt.date(2010, 1, 1),
        "too early",
        "payment_date",
    )
    assert named.about("evaluation_date") is named  # the first (innermost) field stays
    year = CalendarYearNotCoveredError(2027, (2004, 2026)).about("application_date")
    assert str(year).startswith("application_date: working-day calendar: ")
    assert (year.year, year.covered, year.field) == (2027, (2004, 2026), "application_date")
    assert all(issubclass(kind, MedinsRulesError) for kind in DATE_NOT_COVERED)


def test_a_rule_called_directly_names_the_date_field() -> None:
    early = ReimbursementFilingCase(
        payment_date=dt.date(2010, 3, 1),
        treatment="hospitalisation",
        evaluation_date=dt.date(2010, 4, 1),
    )
    with pytest.raises(ParameterNotInForceError, match=r"^payment_date: parameter"):
        reimbursement_filing(early)
    late = early.model_copy(
        update={"payment_date": dt.date(2026, 6, 1), "evaluation_date": dt.date(2026, 6, 2)}
    )
    strict = bundled_calendar().strict()
    with pytest.raises(CalendarYearNotCoveredError, match=r"^last_payable_day: .* 2027 ") as info:
        reimbursement_filing(late, calendar=strict)
    assert info.value.field == "last_payable_day"
    assert info.value.year == 2027
    settle = SettlementCase(
        application_date=dt.date(2026, 12, 30),
        channel="service_point",
        evaluation_date=dt.date(2026, 12, 30),
    )
    with pytest.raises(CalendarYearNotCoveredError, match=r"^settlement_date: "):
        service_settlement(settle, calendar=strict)


def test_a_jurisdiction_with_no_version_on_any_date_is_named_instead_of_the_date() -> None:
    case = ReimbursementFilingCase(
        payment_date=dt.date(2025, 3, 10),
        treatment="hospitalisation",
        evaluation_date=dt.date(2025, 4, 1),
        jurisdiction="440000",
    )
    with pytest.raises(ParameterNotInForceError, match=r"^jurisdiction: parameter ") as info:
        reimbursement_filing(case)
    assert info.value.never_for_jurisdiction
    assert info.value.on == dt.date(2025, 3, 10)
    assert (info.value.jurisdiction, info.value.detail) == (
        "440000",
        "no version for 440000 or its parents",
    )
    assert str(info.value) == (
        "jurisdiction: parameter 'reimbursement.on_time_window' is not in force for jurisdiction "
        "440000 on 2025-03-10: no version for 440000 or its parents"
    )


def test_the_error_tree_drawn_in_the_errors_module_names_every_error_of_the_package() -> None:
    drawn = errors.__doc__ or ""
    found: dict[str, type[MedinsRulesError]] = {}
    for info in pkgutil.walk_packages(medins_rules.__path__, "medins_rules."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, MedinsRulesError):
                found[value.__name__] = value
    assert len(found) >= 16
    for name, kind in found.items():
        assert re.search(rf"── {name}\s", drawn), f"{name} is not drawn in core/errors.py"
        for base in kind.__mro__[1:]:
            if issubclass(base, MedinsRulesError) and base is not kind:
                assert base.__name__ in drawn
    defined_elsewhere = {n for n, k in found.items() if k.__module__ != errors.__name__}
    for name in defined_elsewhere:
        assert f"── {name} *" in drawn, f"{name}: mark it * (defined elsewhere)"
        assert found[name].__module__ in " ".join(drawn.split()), name
