"""Parameters: lookup by date and by jurisdiction, layering, and every error case."""

from __future__ import annotations

import datetime as dt

import pytest

from medins_rules.core.errors import (
    ParameterDataError,
    ParameterNotInForceError,
    UnknownJurisdictionError,
    UnknownParameterError,
)
from medins_rules.core.model import Jurisdiction
from medins_rules.core.parameters import (
    ParameterSet,
    Unit,
    definitions,
    load_parameter_versions,
    parameters_for,
    shipped_versions,
)

DAY = dt.date(2026, 3, 1)
FIRST = dt.date(2011, 7, 1)


def test_guangzhou_has_the_first_values_of_the_sources() -> None:
    p = parameters_for(Jurisdiction.GUANGZHOU, on=DAY)
    assert p.int_value("reimbursement.on_time_window") == 6
    assert p.int_value("reimbursement.payable_limit") == 1
    assert p.int_value("offsite_filing.minimum_residence") == 6
    assert p.int_value("enrolment.service_point_settlement") == 3
    assert p.optional_date("refunds.online_service_launch") is None


def test_a_city_inherits_what_it_does_not_set_from_its_province_and_the_nation() -> None:
    p = parameters_for("440100", on=DAY)
    assert p.version("reimbursement.on_time_window").jurisdiction is Jurisdiction.GUANGZHOU
    assert p.version("refunds.online_service_launch").jurisdiction is Jurisdiction.GUANGDONG
    assert p.version("enrolment.service_point_settlement").jurisdiction is Jurisdiction.NATIONAL


def test_a_province_does_not_see_its_citys_values() -> None:
    p = parameters_for(Jurisdiction.GUANGDONG, on=DAY)
    with pytest.raises(ParameterNotInForceError, match="reimbursement.on_time_window"):
        p.int_value("reimbursement.on_time_window")


def test_the_first_day_of_a_version_is_in_force_and_the_day_before_is_not() -> None:
    assert parameters_for("440100", on=FIRST).int_value("reimbursement.on_time_window") == 6
    with pytest.raises(ParameterNotInForceError, match="2011-06-30"):
        parameters_for("440100", on=FIRST - dt.timedelta(days=1))


def test_an_unknown_jurisdiction_is_refused_by_name() -> None:
    with pytest.raises(UnknownJurisdictionError, match="'110000'"):
        parameters_for("110000", on=DAY)


def test_an_unknown_parameter_name_is_refused() -> None:
    with pytest.raises(UnknownParameterError, match="no.such"):
        parameters_for("440100", on=DAY).int_value("no.such")


def test_a_datetime_is_not_a_date() -> None:
    with pytest.raises(TypeError, match="on"):
        parameters_for("440100", on=dt.datetime(2026, 3, 1))  # noqa: DTZ001


def test_with_value_changes_one_parameter_for_what_if_analysis() -> None:
    p = parameters_for("440100", on=DAY).with_value("reimbursement.on_time_window", 3)
    assert p.int_value("reimbursement.on_time_window") == 3
    assert p.int_value("reimbursement.payable_limit") == 1
    with pytest.raises(ParameterDataError, match="months"):
        parameters_for("440100", on=DAY).with_value("reimbursement.on_time_window", -1)
    launched = parameters_for("440100", on=DAY).with_value(
        "refunds.online_service_launch", dt.date(2026, 1, 1)
    )
    assert launched.optional_date("refunds.online_service_launch") == dt.date(2026, 1, 1)


def test_every_shipped_version_is_valid_cited_and_defined() -> None:
    names = {d.name for d in definitions()}
    for v in shipped_versions():
        assert v.name in names
        assert v.citation.text_en or v.citation.text_zh
    assert {d.unit for d in definitions()} >= {Unit.MONTHS, Unit.YEARS, Unit.WORKING_DAYS}


def _version(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "name": "reimbursement.on_time_window",
        "jurisdiction": "440100",
        "value": 6,
        "effective_from": dt.date(2020, 1, 1),
        "citation": {"instrument": "source_002", "passage": "six_month_window"},
    }
    return {**base, **kw}


def test_dated_versions_switch_on_their_effective_dates() -> None:
    old, new = load_parameter_versions(
        [
            _version(value=3, effective_to=dt.date(2025, 1, 1)),
            _version(value=6, effective_from=dt.date(2025, 1, 1)),
        ]
    )
    assert old.in_force(dt.date(2024, 12, 31))
    assert not old.in_force(dt.date(2025, 1, 1))  # end-exclusive
    assert new.in_force(dt.date(2025, 1, 1))  # start-inclusive


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (_version(value="six"), "value"),
        (_version(value=0), "value"),
        (_version(effective_to=dt.date(2019, 1, 1)), "effective_to"),
        (_version(name="no.such"), "undefined parameter"),
        (_version(jurisdiction="999999"), "jurisdiction"),
        (_version(citation={"instrument": "source_002", "passage": "nope"}), "passage"),
    ],
)
def test_malformed_parameter_data_is_refused_by_name(
    record: dict[str, object], message: str
) -> None:
    with pytest.raises(ParameterDataError, match=message):
        load_parameter_versions([record])


def test_overlapping_versions_are_refused() -> None:
    with pytest.raises(ParameterDataError, match="overlap"):
        load_parameter_versions([_version(), _version(effective_from=dt.date(2024, 1, 1))])


def test_decisions_record_the_parameter_versions_they_used() -> None:
    from medins_rules.processes.reimbursement import ReimbursementFilingCase, reimbursement_filing

    d = reimbursement_filing(
        ReimbursementFilingCase(
            payment_date=dt.date(2025, 3, 10),
            treatment="hospitalisation",
            filing_date=dt.date(2025, 4, 1),
            evaluation_date=dt.date(2025, 4, 1),
        )
    )
    used = {(u.name, u.value, u.jurisdiction) for u in d.parameters}
    assert used == {
        ("reimbursement.on_time_window", "6", Jurisdiction.GUANGZHOU),
        ("reimbursement.payable_limit", "1", Jurisdiction.GUANGZHOU),
    }


def _naive_set(jurisdiction: Jurisdiction, on: dt.date) -> ParameterSet | None:
    """The set in force on ``on`` worked out from every shipped version, validated."""
    from medins_rules.core.parameters import jurisdiction_chain, shipped_versions

    chain = jurisdiction_chain(jurisdiction)
    applicable = [v for v in shipped_versions() if v.jurisdiction in chain]
    if on < min(v.effective_from for v in applicable):
        return None
    chosen = {}
    for level in reversed(chain):
        for v in applicable:
            if v.jurisdiction is level and v.in_force(on):
                chosen[v.name] = v
    return ParameterSet(jurisdiction=jurisdiction, on=on, versions=chosen)


def test_the_set_in_force_is_the_one_worked_out_from_every_version_on_every_change_day() -> None:
    from medins_rules.core.parameters import shipped_versions

    edges = {v.effective_from for v in shipped_versions()} | {
        v.effective_to for v in shipped_versions() if v.effective_to is not None
    }
    days = sorted({d + dt.timedelta(days=k) for d in edges for k in (-1, 0, 1)})
    days += [dt.date(2026, 12, 1), dt.date(2099, 1, 1)]
    checked = 0
    for jurisdiction in Jurisdiction:
        for day in days:
            expected = _naive_set(jurisdiction, day)
            if expected is None:
                with pytest.raises(ParameterNotInForceError):
                    parameters_for(jurisdiction, on=day)
                continue
            got = parameters_for(jurisdiction, on=day)
            assert got == expected, (jurisdiction, day)
            assert dict(got.versions) == dict(expected.versions)
            assert got.on == day
            assert got.jurisdiction is jurisdiction
            checked += 1
    assert checked > 100
