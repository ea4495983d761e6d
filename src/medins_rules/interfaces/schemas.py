"""JSON Schemas of every rule's input, options and decision, generated from the models.

The schemas are generated from the pydantic models each rule declares in the catalogue, so they
cannot drift from the code: the input schema describes what ``evaluate`` accepts as JSON (mode
``validation``), the decision schema what a decision serialises to (mode ``serialization``). Both use
JSON Schema draft 2020-12.

A rule's interpretive-choice options are read from the default of its ``options`` keyword, so a rule
that takes options needs no registration beyond the catalogue.

>>> schemas = rule_schemas("deadlines.service_settlement")
>>> sorted(schemas)
['decision', 'input', 'options', 'rule']
>>> schemas["input"]["required"]
['application_date', 'channel', 'evaluation_date']
>>> schemas["options"] is None  # this rule has no interpretive choices
True
>>> options_model(get_rule("deadlines.reimbursement_filing")).__name__
'DeadlineOptions'
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from medins_rules.core.calendar import WorkingDayCalendar, bundled_calendar
from medins_rules.core.model import RuleSpec
from medins_rules.engine.catalogue import get_rule

__all__ = [
    "JSON_SCHEMA_DIALECT",
    "accepts_calendar",
    "decision_schema",
    "input_schema",
    "options_model",
    "options_schema",
    "rule_kwargs",
    "rule_schemas",
]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _keyword(spec: RuleSpec, name: str) -> inspect.Parameter | None:
    try:
        return inspect.signature(spec.function).parameters.get(name)
    except (TypeError, ValueError):  # pragma: no cover - every rule is a plain function
        return None


def options_model(spec: RuleSpec) -> type[BaseModel] | None:
    """The rule's options model (the type of its ``options`` default), or ``None`` without one."""
    parameter = _keyword(spec, "options")
    if parameter is None or not isinstance(parameter.default, BaseModel):
        return None
    return type(parameter.default)


def accepts_calendar(spec: RuleSpec) -> bool:
    """Whether the rule takes a ``calendar`` keyword (it counts working days or rolls deadlines)."""
    return _keyword(spec, "calendar") is not None


def rule_kwargs(
    spec: RuleSpec,
    options: Mapping[str, Any] | None = None,
    *,
    calendar: WorkingDayCalendar | None = None,
    provisional: bool = False,
) -> dict[str, Any]:
    """The keyword arguments that run ``spec`` with these options and this calendar.

    ``options`` is validated against the rule's options model (a :class:`pydantic.ValidationError`
    names the option); options given to a rule without any, or a calendar given to a rule that reads
    none, raise :class:`ValueError` naming ``options`` or ``calendar``. ``provisional`` is the older
    spelling of ``calendar=bundled_calendar().provisional()``.
    """
    kwargs: dict[str, Any] = {}
    if options:
        model = options_model(spec)
        if model is None:
            raise ValueError(
                f"options: the rule {spec.name} has no interpretive-choice options; "
                f"got {sorted(options)}"
            )
        kwargs["options"] = model.model_validate(dict(options))
    if provisional and calendar is None:
        calendar = provisional_calendar()
    if calendar is not None and (provisional or calendar != bundled_calendar()):
        if not accepts_calendar(spec):
            raise ValueError(
                f"calendar: the rule {spec.name} does not read the working-day calendar, "
                f"so a {calendar.mode.value} calendar does not apply"
            )
        kwargs["calendar"] = calendar
    return kwargs


def provisional_calendar() -> WorkingDayCalendar:
    """The bundled calendar guessing the days the regulations leave open (decisions say so)."""
    return bundled_calendar().provisional()


def _document(schema: dict[str, Any], title: str) -> dict[str, Any]:
    return {"$schema": JSON_SCHEMA_DIALECT, **schema, "title": title}


def input_schema(spec: RuleSpec) -> dict[str, Any]:
    """The JSON Schema of the rule's input (a case as JSON gives it)."""
    schema = spec.input_model.model_json_schema(mode="validation")
    return _document(schema, f"{spec.name} input ({spec.input_model.__name__})")


def decision_schema(spec: RuleSpec) -> dict[str, Any]:
    """The JSON Schema of the rule's decision as it is serialised."""
    schema = spec.decision_model.model_json_schema(mode="serialization")
    return _document(schema, f"{spec.name} decision ({spec.decision_model.__name__})")


def options_schema(spec: RuleSpec) -> dict[str, Any] | None:
    """The JSON Schema of the rule's options, or ``None`` when it has no interpretive choices."""
    model = options_model(spec)
    if model is None:
        return None
    return _document(
        model.model_json_schema(mode="validation"), f"{spec.name} options ({model.__name__})"
    )


def rule_schemas(name: str) -> dict[str, Any]:
    """``{"rule", "input", "options", "decision"}`` for the rule called ``name``."""
    spec = get_rule(name)
    return {
        "rule": spec.name,
        "input": input_schema(spec),
        "options": options_schema(spec),
        "decision": decision_schema(spec),
    }
