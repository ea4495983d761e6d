"""What-if parameters: ``ParameterSet.with_value`` sets one value, checked as shipped data is."""

from __future__ import annotations

import datetime as dt

import pytest

from medins_rules import parameters_for
from medins_rules.core.errors import ParameterDataError, UnknownParameterError
from medins_rules.core.parameters import NOT_LAUNCHED

ON = dt.date(2026, 3, 1)


def test_a_value_set_by_the_caller_is_a_version_of_the_set_in_force_from_its_day() -> None:
    shipped = parameters_for("440100", on=ON)
    changed = shipped.with_value("reimbursement.on_time_window", 3)
    new = changed.version("reimbursement.on_time_window")
    base = shipped.version("reimbursement.on_time_window")
    assert (new.value, new.unit, new.jurisdiction) == (3, base.unit, shipped.jurisdiction)
    assert new.effective_from == ON
    assert new.effective_to is None
    assert new.note == "set by the caller"
    assert new.citation == base.citation
    assert changed.on == ON
    assert changed.jurisdiction == shipped.jurisdiction
    others = set(shipped.versions) - {"reimbursement.on_time_window"}
    assert all(changed.version(name) is shipped.version(name) for name in others)
    assert shipped.int_value("reimbursement.on_time_window") == 6  # the original is unchanged


def test_a_parameter_the_set_lacks_can_be_added_with_a_citation_of_the_set() -> None:
    province = parameters_for("440000", on=ON)
    assert "retirement.medical_contribution_years_men" not in province.versions
    added = province.with_value("retirement.medical_contribution_years_men", 25)
    version = added.version("retirement.medical_contribution_years_men")
    assert version.value == 25
    assert version.jurisdiction == province.jurisdiction
    assert version.citation in {v.citation for v in province.versions.values()}


def test_not_launched_is_the_date_parameter_s_empty_value() -> None:
    shipped = parameters_for("440100", on=ON)
    launched = shipped.with_value("refunds.online_service_launch", dt.date(2027, 1, 1))
    assert launched.optional_date("refunds.online_service_launch") == dt.date(2027, 1, 1)
    again = launched.with_value("refunds.online_service_launch", NOT_LAUNCHED)
    assert again.version("refunds.online_service_launch").value is None
    assert again.optional_date("refunds.online_service_launch") is None


def test_codes_are_kept_as_a_tuple_whatever_sequence_is_given() -> None:
    shipped = parameters_for("440100", on=ON)
    for given in (["alipay", "bank"], ("alipay", "bank")):
        changed = shipped.with_value("refunds.channels_unable_to_refund", given)
        assert changed.version("refunds.channels_unable_to_refund").value == ("alipay", "bank")


def test_a_choice_outside_its_choices_is_refused_naming_the_parameter_and_the_choices() -> None:
    shipped = parameters_for("440100", on=ON)
    with pytest.raises(ParameterDataError) as info:
        shipped.with_value("refunds.benefit_period", "fiscal_year")
    message = str(info.value)
    assert message.startswith("parameter 'refunds.benefit_period': value must be one of ")
    assert "calendar_year" in message
    assert message.endswith("got 'fiscal_year'")
    same = shipped.with_value("refunds.benefit_period", "calendar_year")
    assert same.version("refunds.benefit_period").value == "calendar_year"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("reimbursement.on_time_window", "six"),
        ("reimbursement.on_time_window", -1),
        ("enrolment.service_point_settlement", 2.5),
        ("refunds.online_service_launch", "soon"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_naming_the_parameter(
    name: str, value: object
) -> None:
    with pytest.raises(ParameterDataError, match=rf"^parameter '{name}': "):
        parameters_for("440100", on=ON).with_value(name, value)  # type: ignore[arg-type]


def test_an_unknown_parameter_is_refused() -> None:
    with pytest.raises(UnknownParameterError, match="'reimbursement.window'"):
        parameters_for("440100", on=ON).with_value("reimbursement.window", 3)


def test_a_decision_records_each_value_as_text_with_its_period_of_force() -> None:
    from medins_rules.core.legal import Instrument, cite
    from medins_rules.core.parameters import ParameterVersion

    citation = cite(Instrument.SOCIAL_INSURANCE_LAW, 29)
    common = {"jurisdiction": "440100", "citation": citation, "effective_from": dt.date(2020, 1, 1)}
    cases = [
        ("reimbursement.on_time_window", "months", 6, "6"),
        ("refunds.online_service_launch", "date", dt.date(2027, 1, 1), "2027-01-01"),
        ("refunds.online_service_launch", "date", None, NOT_LAUNCHED),
        ("refunds.channels_unable_to_refund", "codes", ("alipay", "bank"), "alipay,bank"),
        ("refunds.benefit_period", "choice", "calendar_year", "calendar_year"),
    ]
    for name, unit, value, text in cases:
        version = ParameterVersion.model_validate(
            {
                **common,
                "name": name,
                "unit": unit,
                "value": value,
                "effective_to": dt.date(2030, 1, 1),
            }
        )
        use = version.use()
        assert (use.name, use.value, use.unit) == (name, text, unit)
        assert (use.effective_from, use.effective_to) == (dt.date(2020, 1, 1), dt.date(2030, 1, 1))
        assert use.jurisdiction == version.jurisdiction


@pytest.mark.parametrize(
    ("unit", "value"),
    [
        ("choice", 5),
        ("choice", ""),
        ("codes", ["alipay", 3]),
        ("codes", ("alipay", "")),
        ("codes", "alipay"),
        ("months", 0),
        ("months", True),
        ("date", "2027-01-01x"),
    ],
)
def test_a_version_whose_value_does_not_fit_its_unit_is_refused(unit: str, value: object) -> None:
    from pydantic import ValidationError

    from medins_rules.core.legal import Instrument, cite
    from medins_rules.core.parameters import ParameterVersion

    with pytest.raises(ValidationError, match="value"):
        ParameterVersion.model_validate(
            {
                "name": "x",
                "jurisdiction": "440100",
                "unit": unit,
                "value": value,
                "effective_from": dt.date(2020, 1, 1),
                "citation": cite(Instrument.SOCIAL_INSURANCE_LAW, 29),
            }
        )


@pytest.mark.parametrize(
    ("on", "kind"),
    [
        ("2026-03-01", "str"),
        (dt.datetime(2026, 3, 1, tzinfo=dt.UTC), "datetime"),
        (None, "NoneType"),
    ],
)
def test_parameters_are_looked_up_by_a_date_only(on: object, kind: str) -> None:
    with pytest.raises(TypeError, match=rf"^on: expected a datetime.date; got {kind}$"):
        parameters_for("440100", on=on)  # type: ignore[arg-type]
