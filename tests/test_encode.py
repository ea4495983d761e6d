"""The fast decision encoder writes exactly what pydantic writes, for every rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, field_serializer

from medins_rules.engine import catalogue
from medins_rules.engine.encode import DecisionEncoder, decision_json, plain_model
from medins_rules.interfaces.casefiles import bundled_example
from medins_rules.testing.strategies import RULE_STRATEGIES

ENCODER = DecisionEncoder()


@pytest.mark.parametrize("rule", list(catalogue.rules()))
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_every_rule_decision_is_written_byte_for_byte_as_pydantic_writes_it(
    rule: str, data: st.DataObject
) -> None:
    spec = catalogue.rules()[rule]
    case = data.draw(RULE_STRATEGIES[rule]())
    decision = spec.function(case)
    expected = decision.model_dump_json().encode()
    assert decision_json(decision) == expected
    assert ENCODER(decision) == expected  # one encoder over many decisions: shared parts reused
    assert ENCODER(decision) == expected


def test_a_decision_validated_from_json_is_written_the_same() -> None:
    rule = "deadlines.reimbursement_filing"
    spec = catalogue.rules()[rule]
    decision = spec.function(spec.input_model.model_validate(bundled_example(rule)))
    again = spec.decision_model.model_validate_json(decision.model_dump_json())
    assert decision_json(again) == decision_json(decision)


class _Money(BaseModel):
    model_config = ConfigDict(frozen=True)
    amount: Decimal
    day: dt.date
    at: dt.datetime | None = None
    tags: tuple[str, ...] = ()


class _Custom(BaseModel):
    amount: Decimal = Field(serialization_alias="yuan")

    @field_serializer("amount")
    def _fen(self, amount: Decimal) -> int:
        return int(amount * 100)


@pytest.mark.parametrize(
    "model",
    [
        _Money(amount=Decimal("12.50"), day=dt.date(2026, 3, 1), tags=("a", "b")),
        _Money(amount=Decimal("0"), day=dt.date(2026, 3, 1), at=dt.datetime(2026, 3, 1, 8)),  # noqa: DTZ001 - a naive moment, written as pydantic writes it
        _Money(
            amount=Decimal("-1.05"),
            day=dt.date(2026, 3, 1),
            at=dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC),
        ),
        _Custom(amount=Decimal("1.25")),
    ],
)
def test_money_moments_and_custom_serialisers_are_written_as_pydantic_writes_them(
    model: Any,
) -> None:
    assert decision_json(model) == model.model_dump_json().encode()


class _Days(BaseModel):
    amount: Decimal
    day: dt.date | None
    tags: tuple[str, ...] = ()


def test_a_model_with_a_serialiser_an_alias_or_a_moment_is_left_to_pydantic() -> None:
    assert plain_model(_Days)
    assert not plain_model(_Custom)
    assert not plain_model(_Money)  # a datetime field: pydantic writes a UTC zone as Z
