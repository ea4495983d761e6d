"""Every word of the catalogue's vocabulary has a Chinese label (``medins_rules.core.labels``).

Every outcome of every rule, every member of every enum a rule's input, options or decision holds,
and every field of those models: a Chinese rendering never falls back to the identifier.
"""

from __future__ import annotations

import types
import typing
from enum import Enum
from typing import Any

import pytest
from pydantic import BaseModel

from medins_rules.core.labels import (
    enum_label,
    enum_labels,
    field_label,
    field_labels,
    has_enum_labels,
    labelled_fields,
)
from medins_rules.core.legal import Citation
from medins_rules.core.model import Decision, ParameterUse, Reason
from medins_rules.engine.catalogue import rules
from medins_rules.interfaces.schemas import options_model

_INTERNAL: tuple[type[BaseModel], ...] = (Reason, Citation, ParameterUse)
"""Models a rendering shows in its own way (reasons, citations, parameters), not field by field."""


def _walk(annotation: Any, models: set[type[BaseModel]], enums: set[type[Enum]]) -> None:
    if typing.get_origin(annotation) is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            _walk(arg, models, enums)
        return
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        enums.add(annotation)
    elif (
        isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
        and annotation not in models
        and not issubclass(annotation, _INTERNAL)
    ):
        models.add(annotation)
        for field in annotation.model_fields.values():
            _walk(field.annotation, models, enums)


def vocabulary() -> tuple[set[type[BaseModel]], set[type[Enum]]]:
    """Every model and enum a rule's input, options or decision holds (outcomes included)."""
    models: set[type[BaseModel]] = set()
    enums: set[type[Enum]] = set()
    for spec in rules().values():
        enums.add(spec.outcomes)
        for model in (spec.input_model, spec.decision_model, options_model(spec)):
            if model is not None:
                _walk(model, models, enums)
    return models, enums


MODELS, ENUMS = vocabulary()


@pytest.mark.parametrize("enum", sorted(ENUMS, key=lambda e: e.__qualname__), ids=str)
def test_every_member_has_a_chinese_label(enum: type[Enum]) -> None:
    assert has_enum_labels(enum), [m.value for m in enum if enum_label(m, "zh") == m.value]
    for member in enum:
        label = enum_label(member, "zh")
        assert label, member
        assert not label.isascii(), (member, label)


@pytest.mark.parametrize("spec", list(rules().values()), ids=lambda s: s.name)
def test_every_outcome_of_every_rule_has_a_chinese_label(spec: Any) -> None:
    for outcome in spec.outcomes:
        assert enum_label(outcome, "zh") != outcome.value, outcome


@pytest.mark.parametrize("model", sorted(MODELS, key=lambda m: m.__qualname__), ids=str)
def test_every_field_has_a_chinese_label(model: type[BaseModel]) -> None:
    missing = sorted(set(model.model_fields) - labelled_fields(model))
    assert not missing, f"{model.__name__}: no label for {missing}"
    for name in model.model_fields:
        assert not field_label(model, name, "zh").isascii(), (model, name)


def test_in_english_a_label_is_the_identifier() -> None:
    spec = rules()["deadlines.reimbursement_filing"]
    member = next(iter(spec.outcomes))
    assert enum_label(member, "en") == member.value
    assert field_label(spec.decision_model, "last_on_time_day", "en") == "last_on_time_day"


def test_a_label_for_what_is_not_a_member_or_a_field_is_refused() -> None:
    class Colour(Enum):
        RED = "red"

    class Other(Enum):
        BLUE = "blue"

    with pytest.raises(ValueError, match="not a member"):
        enum_labels(Colour, {Other.BLUE: "蓝"})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="payment_dat"):
        field_labels(Decision, {"payment_dat": "垫付日期"})


def test_the_decision_explains_itself_in_chinese_with_the_outcome_label() -> None:
    from medins_rules.engine.catalogue import evaluate

    d = evaluate(
        "deadlines.service_settlement",
        {
            "application_date": "2026-09-30",
            "channel": "service_point",
            "evaluation_date": "2026-09-30",
        },
    )
    assert d.explain("zh").splitlines()[0] == "deadlines.service_settlement：限期办结"
    assert d.explain("en").splitlines()[0] == "deadlines.service_settlement: settled_by_date"
