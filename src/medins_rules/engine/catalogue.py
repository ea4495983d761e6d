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

The catalogue is read-only: :func:`rules` and :func:`all_reasons` return mappings a caller cannot
change, so no caller can remove or replace a rule for every later caller.

>>> rules()["deadlines.nope"] = spec
Traceback (most recent call last):
...
TypeError: 'mappingproxy' object does not support item assignment

:func:`evaluate` refuses a key given twice in a JSON document (a JSON parser would keep the last
one silently) and a document larger than ``max_record_bytes``, and validates again a model instance
that skipped validation (``model_copy(update=...)``, ``model_construct()``):

>>> evaluate("deadlines.service_settlement", '{"application_date": "2026-02-13", '
...          '"application_date": "2026-02-14", "channel": "county_centre", '
...          '"evaluation_date": "2026-02-14"}')
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for SettlementCase
application_date
  application_date: given twice in the same object; give each key once [type=duplicate_key, input_value='application_date', input_type=str]
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from medins_rules.core.errors import UnknownRuleError
from medins_rules.core.inputs import (
    DEFAULT_MAX_RECORD_BYTES,
    check_max_record_bytes,
    check_record_size,
    ensure_valid,
    refuse_duplicate_keys,
)
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


RULE_INDEX: Mapping[str, str] = MappingProxyType(
    {
        "deadlines.reimbursement_filing": "processes.reimbursement",
        "deadlines.offsite_filing_residence": "processes.offsite_filing",
        "eligibility.enrolment": "processes.enrolment",
        "deadlines.service_settlement": "processes.enrolment",
        "eligibility.online_suspension": "processes.suspension",
        "eligibility.online_cancellation": "processes.cancellation",
        "eligibility.card_application": "processes.card",
        "eligibility.retirement": "processes.retirement",
        "refunds.refund": "processes.refunds",
        "materials.check_materials": "processes.materials",
    }
)
"""Each rule's name and the module of ``RULE_MODULES`` that defines it, in catalogue order, so that
:func:`get_rule` (and :func:`evaluate`) import the one module a rule needs, not every rule module;
a test keeps it equal to the modules' ``RULES``."""


@functools.cache
def rules() -> Mapping[str, RuleSpec]:
    """Every rule, by name, in catalogue order (a read-only mapping); imports every rule module."""
    out: dict[str, RuleSpec] = {}
    for name in RULE_MODULES:
        for spec in _load(name).RULES:
            if spec.name in out:
                raise ValueError(f"rule {spec.name!r} is defined twice")
            out[spec.name] = spec
    return MappingProxyType(out)


def _load(name: str) -> Any:
    """Import a rule module (every module in ``RULE_MODULES`` must exist)."""
    return importlib.import_module(f"medins_rules.{name}")


def get_rule(name: str) -> RuleSpec:
    """The rule called ``name``; raises :class:`UnknownRuleError` for any other name.

    Imports only the module that defines the rule (:data:`RULE_INDEX`).
    """
    if name not in RULE_INDEX:
        raise UnknownRuleError(name, tuple(RULE_INDEX))
    return _indexed(name)


@functools.cache
def _indexed(name: str) -> RuleSpec:
    """A rule of the index, from the module the index names (kept: one entry per rule)."""
    module = RULE_INDEX[name]
    for spec in _load(module).RULES:
        if spec.name == name:
            found: RuleSpec = spec
            return found
    raise LookupError(  # pragma: no cover - the index is pinned to the modules by a test
        f"rule {name!r}: the catalogue's index names {module}, which does not define it"
    )


@functools.cache
def all_reasons() -> Mapping[str, ReasonTemplate]:
    """Every reason code any rule can give, with its template (shared period reasons included;
    a read-only mapping)."""
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
    return MappingProxyType(out)


# -- typed signatures of evaluate, one per rule (scripts/generate-evaluate-overloads) --
if TYPE_CHECKING:
    from typing import Literal, overload

    from medins_rules.processes.cancellation import (
        OnlineCancellationCase,
        OnlineCancellationDecision,
    )
    from medins_rules.processes.card import CardApplicationCase, CardApplicationDecision
    from medins_rules.processes.enrolment import (
        EnrolmentCase,
        EnrolmentDecision,
        SettlementCase,
        SettlementDecision,
    )
    from medins_rules.processes.materials.check import MaterialsCase, MaterialsDecision
    from medins_rules.processes.offsite_filing import ResidenceCase, ResidenceDecision
    from medins_rules.processes.refunds import RefundCase, RefundDecision
    from medins_rules.processes.reimbursement import (
        ReimbursementFilingCase,
        ReimbursementFilingDecision,
    )
    from medins_rules.processes.retirement import RetirementCase, RetirementDecision
    from medins_rules.processes.suspension import OnlineSuspensionCase, OnlineSuspensionDecision

    _Document = str | bytes | bytearray


if TYPE_CHECKING:  # (mypy merges overloads in a block that holds nothing else)

    @overload
    def evaluate(
        name: Literal["deadlines.reimbursement_filing"],
        case: ReimbursementFilingCase | Mapping[str, Any] | _Document,
        *,
        max_record_bytes: int = ...,
        **options: Any,
    ) -> ReimbursementFilingDecision: ...
    @overload
    def evaluate(
        name: Literal["deadlines.offsite_filing_residence"],
        case: ResidenceCase | Mapping[str, Any] | _Document,
        *,
        max_record_bytes: int = ...,
        **options: Any,
    ) -> ResidenceDecision: ...
    @overload
    def evaluate(
        name: Literal["eligibility.enrolment"],
        case: EnrolmentCase | Mapping[str, Any] | _Document,
        *,
        max_record_bytes: int = ...,
        **options: Any,
    ) -> EnrolmentDecision: ...
    @overload
    def evaluate(
        name: Literal["deadlines.service_settlement"],
        case: SettlementCase | Mapping[str, Any] | _Document,
        *,
        max_record_bytes: int = ...,
        **options: Any,
    ) -> SettlementDecision: ...
    @overload
    def evaluate(
        name: Literal["eligibility.online_suspension"],
        case: OnlineSuspensionCase | Mapping[str, Any] | _Document,
        *,
        max_record_bytes: int = ...,
        **options: Any,
    ) -> OnlineSuspensionDecision: ...
    @overload
    def evaluate(
        name: Literal["eligibility.online_cancellation"],
        case: OnlineCancellationCase | Mapping[str, Any] | _Document,
        *,
        max_record_bytes: int = ...,
        **options: Any,
    ) -> OnlineCancellationDecision: ...
    @overload
    def evaluate(
        name: Literal["eligibility.card_application"],
        case: CardApplicationCase | Mapping[str, Any] | _Document,
        *,
        max_record_bytes: int = ...,
        **options: Any,
    ) -> CardApplicationDecision: ...
    @overload
    def evaluate(
        name: Literal["eligibility.retirement"],
        case: RetirementCase | Mapping[str, Any] | _Document,
        *,
        max_record_bytes: int = ...,
        **options: Any,
    ) -> RetirementDecision: ...
    @overload
    def evaluate(
        name: Literal["refunds.refund"],
        case: RefundCase | Mapping[str, Any] | _Document,
        *,
        max_record_bytes: int = ...,
        **options: Any,
    ) -> RefundDecision: ...
    @overload
    def evaluate(
        name: Literal["materials.check_materials"],
        case: MaterialsCase | Mapping[str, Any] | _Document,
        *,
        max_record_bytes: int = ...,
        **options: Any,
    ) -> MaterialsDecision: ...
    @overload
    def evaluate(
        name: str,
        case: BaseModel | Mapping[str, Any] | _Document,
        *,
        max_record_bytes: int = ...,
        **options: Any,
    ) -> Decision[Any]: ...
# -- end of the generated signatures --


def evaluate(
    name: str,
    case: BaseModel | Mapping[str, Any] | str | bytes | bytearray,
    *,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    **options: Any,
) -> Decision[Any]:
    """Validate ``case`` (a model, a mapping or a JSON document) and evaluate the rule on it.

    Keyword arguments are passed to the rule (``parameters=``, ``calendar=``, ``options=``).
    Bad input raises :class:`pydantic.ValidationError` naming the field (a key given twice in a JSON
    document included); a JSON document larger than ``max_record_bytes`` (default
    :data:`~medins_rules.core.inputs.DEFAULT_MAX_RECORD_BYTES`) raises
    :class:`~medins_rules.core.errors.RecordTooLargeError` before it is parsed. An instance of the
    rule's input model is used as it is when it went through validation (an
    :class:`~medins_rules.core.inputs.InputModel` marks such instances), and validated from its
    fields otherwise (a model that does not derive from ``InputModel``: every time).

    For a type checker the decision is the rule's own: ``evaluate("deadlines.reimbursement_filing",
    case)`` is a ``ReimbursementFilingDecision`` (one signature a rule, generated from the catalogue
    by ``scripts/generate-evaluate-overloads``); a name known only at run time gives a
    ``Decision[Any]``.
    """
    spec = get_rule(name)
    model = spec.input_model
    if isinstance(case, model):
        validated = ensure_valid(case)
    elif isinstance(case, str | bytes | bytearray):
        check_record_size(case, check_max_record_bytes(max_record_bytes))
        refuse_duplicate_keys(model.__name__, case)
        validated = model.model_validate_json(case)
    else:
        validated = model.model_validate(case)
    return spec.function(validated, **options)
