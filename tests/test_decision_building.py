"""Decisions and reasons are built directly from values a rule computed: the same model the
validating constructor (or ``model_construct``) makes, field for field and byte for byte."""

from __future__ import annotations

import datetime as dt
import json
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from medins_rules.core.model import (
    Facts,
    Jurisdiction,
    ParameterUse,
    Reason,
    ReasonTemplate,
    build,
    fast_constructor,
    render_fact,
)
from medins_rules.engine import catalogue
from medins_rules.processes.reimbursement import (
    ReimbursementFilingCase,
    ReimbursementFilingDecision,
    reimbursement_filing,
)

EXAMPLES = Path(catalogue.__file__).parent.parent / "data" / "examples"


def assert_same_model(fast: BaseModel, plain: BaseModel) -> None:
    assert type(fast) is type(plain)
    assert fast == plain
    assert hash(fast) == hash(plain)
    assert fast.model_dump_json() == plain.model_dump_json()
    assert fast.model_fields_set == plain.model_fields_set
    assert list(fast.__dict__) == list(plain.__dict__)
    assert fast.__pydantic_extra__ == plain.__pydantic_extra__
    assert fast.__pydantic_private__ == plain.__pydantic_private__
    for name, value in fast.__dict__.items():
        if isinstance(value, tuple):
            for a, b in zip(value, plain.__dict__[name], strict=True):
                if isinstance(a, BaseModel):
                    assert_same_model(a, b)
        if isinstance(value, dict):
            assert list(value.items()) == list(plain.__dict__[name].items())
        if isinstance(value, BaseModel):
            assert_same_model(value, plain.__dict__[name])


@pytest.mark.parametrize("name", sorted(catalogue.rules()))
def test_every_rule_builds_the_decision_the_validating_constructor_builds(name: str) -> None:
    case = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
    decision = catalogue.evaluate(name, case)
    validated = type(decision).model_validate(decision.model_dump())
    assert decision == validated
    assert decision.model_dump_json() == validated.model_dump_json()
    assert list(decision.__dict__) == list(validated.__dict__)


def test_build_fills_the_defaults_and_records_the_fields_given() -> None:
    decision = reimbursement_filing(
        ReimbursementFilingCase(
            payment_date=dt.date(2025, 3, 10),
            treatment="general_outpatient",
            evaluation_date=dt.date(2025, 3, 10),
        )
    )
    assert decision.days_left_on_time is None
    assert decision.possible_outcomes == ()
    assert "days_left_on_time" not in decision.model_fields_set
    assert "outcome" in decision.model_fields_set


def test_build_refuses_an_unknown_or_a_missing_field() -> None:
    with pytest.raises(TypeError, match="no field 'colour'"):
        build(ParameterUse, colour="red")
    with pytest.raises(TypeError, match="the field 'name' is required"):
        build(ParameterUse, jurisdiction=Jurisdiction.NATIONAL)


def test_a_decision_cannot_be_changed_by_its_caller() -> None:
    case = ReimbursementFilingCase(
        payment_date=dt.date(2025, 1, 6),
        treatment="hospitalisation",
        evaluation_date=dt.date(2025, 12, 31),
    )
    decision = reimbursement_filing(case)
    with pytest.raises(ValueError, match="frozen"):
        decision.outcome = decision.outcome  # type: ignore[misc]
    with pytest.raises(TypeError, match="read-only"):
        decision.reasons[0].facts["days_left_payable"] = 99  # type: ignore[index]
    assert reimbursement_filing(case).reasons[0].facts["days_left_payable"] == 6
    assert isinstance(decision, ReimbursementFilingDecision)


def test_the_fast_constructor_builds_what_model_construct_builds() -> None:
    values = {
        "name": "reimbursement.payable_limit",
        "jurisdiction": Jurisdiction.GUANGZHOU,
        "value": "1",
        "unit": "years",
        "effective_from": dt.date(2011, 7, 1),
        "effective_to": None,
    }
    assert_same_model(
        fast_constructor(ParameterUse)(dict(values)), ParameterUse.model_construct(**values)
    )
    built = fast_constructor(ParameterUse, fields_set={"name"})(dict(values))
    assert built.model_fields_set == {"name"}


def test_the_fast_constructor_refuses_models_it_cannot_build_exactly() -> None:
    class WithPrivate(BaseModel):
        _cache: int = 0

    with pytest.raises(TypeError, match="not a plain model"):
        fast_constructor(WithPrivate)


@given(
    st.sampled_from(list(catalogue.all_reasons().values())),
    st.dates(dt.date(2011, 7, 1), dt.date(2026, 12, 31)),
    st.integers(0, 10_000),
)
def test_a_template_builds_what_model_construct_and_validation_build(
    template: ReasonTemplate, day: dt.date, number: int
) -> None:
    names = {
        name
        for text in (template.en, template.zh)
        for _, name, _, _ in string.Formatter().parse(text)
        if name is not None
    }
    values: dict[str, object] = {
        name: number if "days" in name or "months" in name or "years" in name else day
        for name in names
    }
    reason = template(**values)
    rendered = {name: render_fact(value) for name, value in values.items()}
    plain = Reason.model_construct(
        code=template.code,
        message_en=template.en.format_map(rendered),
        message_zh=template.zh.format_map(rendered),
        citations=template.citations,
        facts=Facts(rendered),
    )
    assert_same_model(reason, plain)
    validated = Reason.model_validate(plain.model_dump())
    assert reason == validated
    assert reason.model_dump_json() == validated.model_dump_json()
