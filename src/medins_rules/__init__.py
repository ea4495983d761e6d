"""medins-rules: rules as code for Guangdong and Guangzhou resident medical insurance.

Every rule is a pure function from a validated input model to a :class:`Decision` with reasons,
citations and the parameters used. The evaluation date is always an argument. See ``docs/``.

The public names below are imported from their modules on first use (PEP 562), so a service that
uses only the deadline rules does not build the models of the materials checklists: ``import
medins_rules`` is cheap, and ``from medins_rules import reimbursement_filing`` imports the deadline
rules and what they need. Type checkers and ``dir()`` see every name; ``from medins_rules import *``
imports them all.
"""

from __future__ import annotations

import importlib
from types import MappingProxyType

from medins_rules import _moved

TYPE_CHECKING = False  # not imported from typing, whose import is most of ``import medins_rules``

_moved.install()  # the module paths of earlier releases keep working, with a warning

if TYPE_CHECKING:
    import typing

    from medins_rules.core.calendar import (
        RestDayKind,
        WorkingDayCalendar,
        YearArrangement,
        bundled_calendar,
    )
    from medins_rules.core.errors import (
        CalendarDataError,
        CalendarError,
        CalendarYearNotCoveredError,
        MedinsRulesError,
        ParameterDataError,
        ParameterError,
        ParameterNotInForceError,
        UnknownCitationError,
        UnknownJurisdictionError,
        UnknownParameterError,
        UnknownRuleError,
    )
    from medins_rules.core.legal import Citation, Instrument, cite, cite_passage
    from medins_rules.core.model import Decision, Jurisdiction, ParameterUse, Reason, RuleSpec
    from medins_rules.core.parameters import ParameterSet, ParameterVersion, parameters_for
    from medins_rules.core.periods import PeriodEnd, period_end
    from medins_rules.engine.batch import BatchResult, RecordError, evaluate_many
    from medins_rules.engine.catalogue import evaluate, get_rule, rules
    from medins_rules.journeys.card import CardSituation
    from medins_rules.journeys.enrolment import EnrolmentSituation
    from medins_rules.journeys.offsite_reimbursement import OffsiteReimbursementSituation
    from medins_rules.journeys.plan import Plan, PlanChange, Replan, plan, replan
    from medins_rules.journeys.retirement import RetirementSituation
    from medins_rules.journeys.steps import Deadline, PlanOptions, Step, StepStatus
    from medins_rules.journeys.suspension_refund import SuspensionRefundSituation
    from medins_rules.processes.cancellation import (
        OnlineCancellationCase,
        OnlineCancellationDecision,
        online_cancellation,
    )
    from medins_rules.processes.card import (
        CardApplicationCase,
        CardApplicationDecision,
        CardApplicationOutcome,
        card_application,
    )
    from medins_rules.processes.enrolment import (
        EnrolmentCase,
        EnrolmentChannel,
        EnrolmentDecision,
        EnrolmentOutcome,
        SettlementCase,
        SettlementDecision,
        SettlementOutcome,
        enrolment,
        service_settlement,
    )
    from medins_rules.processes.materials import (
        Business,
        MaterialsCase,
        MaterialsDecision,
        MaterialsOutcome,
        SubmittedItem,
        check_materials,
    )
    from medins_rules.processes.offsite_filing import (
        ResidenceCase,
        ResidenceDecision,
        ResidenceOutcome,
        ResidenceProof,
        offsite_filing_residence,
    )
    from medins_rules.processes.refunds import (
        RefundCase,
        RefundDecision,
        RefundOptions,
        RefundOutcome,
        refund,
    )
    from medins_rules.processes.reimbursement import (
        DeadlineOptions,
        FilingOutcome,
        ReimbursementFilingCase,
        ReimbursementFilingDecision,
        TreatmentKind,
        reimbursement_filing,
    )
    from medins_rules.processes.retirement import (
        RetirementCase,
        RetirementDecision,
        RetirementOutcome,
        retirement,
    )
    from medins_rules.processes.suspension import (
        OnlineSuspensionCase,
        OnlineSuspensionDecision,
        online_suspension,
    )

__version__ = "0.1.0"

_EXPORTS = MappingProxyType(
    {
        **dict.fromkeys(
            ("RestDayKind", "WorkingDayCalendar", "YearArrangement", "bundled_calendar"),
            "core.calendar",
        ),
        **dict.fromkeys(
            (
                "CalendarDataError",
                "CalendarError",
                "CalendarYearNotCoveredError",
                "MedinsRulesError",
                "ParameterDataError",
                "ParameterError",
                "ParameterNotInForceError",
                "UnknownCitationError",
                "UnknownJurisdictionError",
                "UnknownParameterError",
                "UnknownRuleError",
            ),
            "core.errors",
        ),
        **dict.fromkeys(("Citation", "Instrument", "cite", "cite_passage"), "core.legal"),
        **dict.fromkeys(
            ("Decision", "Jurisdiction", "ParameterUse", "Reason", "RuleSpec"), "core.model"
        ),
        **dict.fromkeys(("ParameterSet", "ParameterVersion", "parameters_for"), "core.parameters"),
        **dict.fromkeys(("PeriodEnd", "period_end"), "core.periods"),
        **dict.fromkeys(("BatchResult", "RecordError", "evaluate_many"), "engine.batch"),
        **dict.fromkeys(("evaluate", "get_rule", "rules"), "engine.catalogue"),
        "CardSituation": "journeys.card",
        "EnrolmentSituation": "journeys.enrolment",
        "OffsiteReimbursementSituation": "journeys.offsite_reimbursement",
        **dict.fromkeys(("Plan", "PlanChange", "Replan", "plan", "replan"), "journeys.plan"),
        "RetirementSituation": "journeys.retirement",
        **dict.fromkeys(("Deadline", "PlanOptions", "Step", "StepStatus"), "journeys.steps"),
        "SuspensionRefundSituation": "journeys.suspension_refund",
        **dict.fromkeys(
            ("OnlineCancellationCase", "OnlineCancellationDecision", "online_cancellation"),
            "processes.cancellation",
        ),
        **dict.fromkeys(
            (
                "CardApplicationCase",
                "CardApplicationDecision",
                "CardApplicationOutcome",
                "card_application",
            ),
            "processes.card",
        ),
        **dict.fromkeys(
            (
                "EnrolmentCase",
                "EnrolmentChannel",
                "EnrolmentDecision",
                "EnrolmentOutcome",
                "SettlementCase",
                "SettlementDecision",
                "SettlementOutcome",
                "enrolment",
                "service_settlement",
            ),
            "processes.enrolment",
        ),
        **dict.fromkeys(
            (
                "Business",
                "MaterialsCase",
                "MaterialsDecision",
                "MaterialsOutcome",
                "SubmittedItem",
                "check_materials",
            ),
            "processes.materials",
        ),
        **dict.fromkeys(
            (
                "ResidenceCase",
                "ResidenceDecision",
                "ResidenceOutcome",
                "ResidenceProof",
                "offsite_filing_residence",
            ),
            "processes.offsite_filing",
        ),
        **dict.fromkeys(
            ("RefundCase", "RefundDecision", "RefundOptions", "RefundOutcome", "refund"),
            "processes.refunds",
        ),
        **dict.fromkeys(
            (
                "DeadlineOptions",
                "FilingOutcome",
                "ReimbursementFilingCase",
                "ReimbursementFilingDecision",
                "TreatmentKind",
                "reimbursement_filing",
            ),
            "processes.reimbursement",
        ),
        **dict.fromkeys(
            ("RetirementCase", "RetirementDecision", "RetirementOutcome", "retirement"),
            "processes.retirement",
        ),
        **dict.fromkeys(
            ("OnlineSuspensionCase", "OnlineSuspensionDecision", "online_suspension"),
            "processes.suspension",
        ),
    }
)
"""Each public name, by the module (relative to this package) that defines it."""


def __getattr__(name: str) -> typing.Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # bound once, as an eager import would: later look-ups are plain
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "BatchResult",
    "Business",
    "CalendarDataError",
    "CalendarError",
    "CalendarYearNotCoveredError",
    "CardApplicationCase",
    "CardApplicationDecision",
    "CardApplicationOutcome",
    "CardSituation",
    "Citation",
    "Deadline",
    "DeadlineOptions",
    "Decision",
    "EnrolmentCase",
    "EnrolmentChannel",
    "EnrolmentDecision",
    "EnrolmentOutcome",
    "EnrolmentSituation",
    "FilingOutcome",
    "Instrument",
    "Jurisdiction",
    "MaterialsCase",
    "MaterialsDecision",
    "MaterialsOutcome",
    "MedinsRulesError",
    "OffsiteReimbursementSituation",
    "OnlineCancellationCase",
    "OnlineCancellationDecision",
    "OnlineSuspensionCase",
    "OnlineSuspensionDecision",
    "ParameterDataError",
    "ParameterError",
    "ParameterNotInForceError",
    "ParameterSet",
    "ParameterUse",
    "ParameterVersion",
    "PeriodEnd",
    "Plan",
    "PlanChange",
    "PlanOptions",
    "Reason",
    "RecordError",
    "RefundCase",
    "RefundDecision",
    "RefundOptions",
    "RefundOutcome",
    "ReimbursementFilingCase",
    "ReimbursementFilingDecision",
    "Replan",
    "ResidenceCase",
    "ResidenceDecision",
    "ResidenceOutcome",
    "ResidenceProof",
    "RestDayKind",
    "RetirementCase",
    "RetirementDecision",
    "RetirementOutcome",
    "RetirementSituation",
    "RuleSpec",
    "SettlementCase",
    "SettlementDecision",
    "SettlementOutcome",
    "Step",
    "StepStatus",
    "SubmittedItem",
    "SuspensionRefundSituation",
    "TreatmentKind",
    "UnknownCitationError",
    "UnknownJurisdictionError",
    "UnknownParameterError",
    "UnknownRuleError",
    "WorkingDayCalendar",
    "YearArrangement",
    "__version__",
    "bundled_calendar",
    "card_application",
    "check_materials",
    "cite",
    "cite_passage",
    "enrolment",
    "evaluate",
    "evaluate_many",
    "get_rule",
    "offsite_filing_residence",
    "online_cancellation",
    "online_suspension",
    "parameters_for",
    "period_end",
    "plan",
    "refund",
    "reimbursement_filing",
    "replan",
    "retirement",
    "rules",
    "service_settlement",
]
