"""The public API is pinned: a name leaves or joins ``medins_rules.__all__`` only on purpose."""

from __future__ import annotations

import ast
import importlib
import importlib.resources
import inspect
import subprocess
import sys

import pytest

import medins_rules

PUBLIC = [
    # journeys: a person's whole journey as a plan of steps (issue 18)
    "CardSituation",
    "Deadline",
    "EnrolmentSituation",
    "OffsiteReimbursementSituation",
    "Plan",
    "PlanChange",
    "PlanOptions",
    "Replan",
    "RetirementSituation",
    "Step",
    "StepStatus",
    "SuspensionRefundSituation",
    "plan",
    "replan",
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


def test_each_public_name_is_the_object_its_module_defines() -> None:
    exports = medins_rules._EXPORTS
    assert set(exports) | {"__version__"} == set(PUBLIC)
    for name, module in exports.items():
        defined = getattr(importlib.import_module(f"medins_rules.{module}"), name)
        assert getattr(medins_rules, name) is defined, name


def test_type_checkers_see_the_same_names_the_package_exports() -> None:
    tree = ast.parse(inspect.getsource(medins_rules))
    (block,) = [
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    ]
    seen = {
        alias.name
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert seen == set(medins_rules._EXPORTS)


def test_an_unknown_name_is_an_attribute_error_and_dir_lists_every_public_name() -> None:
    with pytest.raises(AttributeError, match="no_such_rule"):
        medins_rules.no_such_rule  # noqa: B018
    assert set(PUBLIC) <= set(dir(medins_rules))


def test_importing_the_package_imports_a_rule_module_only_when_it_is_used() -> None:
    code = (
        "import sys, medins_rules; "
        "before = sorted(m for m in sys.modules if m.startswith('medins_rules.')); "
        "from medins_rules import reimbursement_filing; "
        "after = sorted(m for m in sys.modules if m.startswith('medins_rules.')); "
        "print(before, 'medins_rules.processes.reimbursement' in after, 'medins_rules.processes.materials' in after)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["['medins_rules._moved']", "True", "False"]


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


def test_importing_the_package_imports_neither_typing_nor_the_import_machinery_abcs() -> None:
    # Those two were most of the time `import medins_rules` took; whatever the interpreter had
    # loaded before the import (a site hook) does not count.
    code = (
        "import sys; before = set(sys.modules); import medins_rules; "
        "print(sorted(set(sys.modules) - before))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    added = set(ast.literal_eval(out.stdout))
    assert "medins_rules._moved" in added
    assert not added & {"typing", "importlib.abc", "importlib.resources", "importlib.metadata"}
    assert not any(name == "pydantic" or name.startswith("pydantic.") for name in added)
