"""The catalogue of rules: every rule by name, with its input model, decision model and reasons.

>>> spec = get_rule("deadlines.reimbursement_filing")
>>> spec.input_model.__name__, spec.outcomes.__name__
('ReimbursementFilingCase', 'FilingOutcome')
>>> d = evaluate("deadlines.service_settlement", {
...     "application_date": "2026-02-13", "channel": "county_centre", "evaluation_date": "2026-02-13"})
>>> d.outcome.value
'settled_on_the_spot'
>>> get_rule("deadlines.nope")
Traceback (most recent call last):
...
medins_rules.core.errors.UnknownRuleError: rule: expected one of ...; got 'deadlines.nope'
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from medins_rules.core.errors import UnknownRuleError
from medins_rules.core.model import Decision, ReasonTemplate, RuleSpec

__all__ = ["all_reasons", "evaluate", "get_rule", "rules"]

RULE_MODULES = (
    "processes.reimbursement",
    "processes.offsite_filing",
    "processes.enrolment",
    "processes.suspension",
    "processes.cancellation",
    "processes.card",
    "processes.retirement",
    "processes.refunds",
    "processes.materials",
)
"""The modules that define rules, each exposing ``RULES`` and ``REASONS``."""


@functools.cache
def rules() -> dict[str, RuleSpec]:
    """Every rule, by name, in catalogue order."""
    out: dict[str, RuleSpec] = {}
    for name in RULE_MODULES:
        for spec in _load(name).RULES:
            if spec.name in out:
                raise ValueError(f"rule {spec.name!r} is defined twice")
            out[spec.name] = spec
    return out


def _load(name: str) -> Any:
    """Import a rule module (every module in ``RULE_MODULES`` must exist)."""
    return importlib.import_module(f"medins_rules.{name}")


def get_rule(name: str) -> RuleSpec:
    """The rule called ``name``; raises :class:`UnknownRuleError` for any other name."""
    found = rules().get(name)
    if found is None:
        raise UnknownRuleError(name, tuple(rules()))
    return found


@functools.cache
def all_reasons() -> dict[str, ReasonTemplate]:
    """Every reason code any rule can give, with its template (shared period reasons included)."""
    import medins_rules.core.periods as periods

    out: dict[str, ReasonTemplate] = {}
    templates: list[ReasonTemplate] = list(periods.CALENDAR_REASONS)
    for name in RULE_MODULES:
        templates.extend(_load(name).REASONS)
    for template in templates:
        existing = out.get(template.code)
        if existing is not None and existing != template:
            raise ValueError(f"reason code {template.code!r} is defined twice, differently")
        out[template.code] = template
    return out


def evaluate(
    name: str, case: BaseModel | Mapping[str, Any] | str | bytes, **options: Any
) -> Decision[Any]:
    """Validate ``case`` (a model, a mapping or a JSON document) and evaluate the rule on it.

    Keyword arguments are passed to the rule (``parameters=``, ``calendar=``, ``options=``).
    Bad input raises :class:`pydantic.ValidationError` naming the field.
    """
    spec = get_rule(name)
    model = spec.input_model
    if isinstance(case, model):
        validated = case
    elif isinstance(case, str | bytes):
        validated = model.model_validate_json(case)
    else:
        validated = model.model_validate(case)
    return spec.function(validated, **options)
