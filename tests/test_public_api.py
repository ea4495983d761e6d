"""The public API is pinned: a name leaves or joins ``medins_rules.__all__`` only on purpose."""

from __future__ import annotations

import importlib.resources
import subprocess
import sys

import medins_rules

PUBLIC = [
    "BatchResult",
    "RecordError",
    "evaluate_many",
    "Business",
    "CalendarDataError",
    "CalendarError",
    "CalendarYearNotCoveredError",
    "CardApplicationCase",
    "CardApplicationDecision",
    "CardApplicationOutcome",
    "Citation",
    "DeadlineOptions",
    "Decision",
    "EnrolmentCase",
    "EnrolmentChannel",
    "EnrolmentDecision",
    "EnrolmentOutcome",
    "FilingOutcome",
    "Instrument",
    "Jurisdiction",
    "MaterialsCase",
    "MaterialsDecision",
    "MaterialsOutcome",
    "MedinsRulesError",
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
    "Reason",
    "RefundCase",
    "RefundDecision",
    "RefundOptions",
    "RefundOutcome",
    "ReimbursementFilingCase",
    "ReimbursementFilingDecision",
    "ResidenceCase",
    "ResidenceDecision",
    "ResidenceOutcome",
    "ResidenceProof",
    "RestDayKind",
    "RetirementCase",
    "RetirementDecision",
    "RetirementOutcome",
    "RuleSpec",
    "SettlementCase",
    "SettlementDecision",
    "SettlementOutcome",
    "SubmittedItem",
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
    "get_rule",
    "offsite_filing_residence",
    "online_cancellation",
    "online_suspension",
    "parameters_for",
    "period_end",
    "refund",
    "reimbursement_filing",
    "retirement",
    "rules",
    "service_settlement",
]


def test_the_public_names_are_exactly_the_pinned_ones() -> None:
    assert sorted(medins_rules.__all__) == sorted(PUBLIC)


def test_every_public_name_exists() -> None:
    for name in PUBLIC:
        assert hasattr(medins_rules, name), name


def test_the_package_is_typed() -> None:
    files = importlib.resources.files("medins_rules")
    assert files.joinpath("py.typed").is_file()


def test_importing_the_package_reads_no_calendar_and_stays_light() -> None:
    code = (
        "import sys, medins_rules; "
        "print('chinese_calendar' in sys.modules, 'numpy' in sys.modules, 'hypothesis' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]
