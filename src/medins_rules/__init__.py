"""medins-rules: rules as code for Guangdong and Guangzhou resident medical insurance.

Every rule is a pure function from a validated input model to a :class:`Decision` with reasons,
citations and the parameters used. The evaluation date is always an argument. See ``docs/``.
"""

from .calendar import RestDayKind, WorkingDayCalendar, YearArrangement, bundled_calendar
from .catalogue import evaluate, get_rule, rules
from .deadlines import (
    DeadlineOptions,
    EnrolmentChannel,
    FilingOutcome,
    ReimbursementFilingCase,
    ReimbursementFilingDecision,
    ResidenceCase,
    ResidenceDecision,
    ResidenceOutcome,
    ResidenceProof,
    SettlementCase,
    SettlementDecision,
    SettlementOutcome,
    TreatmentKind,
    offsite_filing_residence,
    reimbursement_filing,
    service_settlement,
)
from .errors import (
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
from .legal import Citation, Instrument, cite, cite_passage
from .model import Decision, Jurisdiction, ParameterUse, Reason, RuleSpec
from .parameters import ParameterSet, ParameterVersion, parameters_for
from .periods import PeriodEnd, period_end

__version__ = "0.1.0"

__all__ = [
    "CalendarDataError",
    "CalendarError",
    "CalendarYearNotCoveredError",
    "Citation",
    "DeadlineOptions",
    "Decision",
    "EnrolmentChannel",
    "FilingOutcome",
    "Instrument",
    "Jurisdiction",
    "MedinsRulesError",
    "ParameterDataError",
    "ParameterError",
    "ParameterNotInForceError",
    "ParameterSet",
    "ParameterUse",
    "ParameterVersion",
    "PeriodEnd",
    "Reason",
    "ReimbursementFilingCase",
    "ReimbursementFilingDecision",
    "ResidenceCase",
    "ResidenceDecision",
    "ResidenceOutcome",
    "ResidenceProof",
    "RestDayKind",
    "RuleSpec",
    "SettlementCase",
    "SettlementDecision",
    "SettlementOutcome",
    "TreatmentKind",
    "UnknownCitationError",
    "UnknownJurisdictionError",
    "UnknownParameterError",
    "UnknownRuleError",
    "WorkingDayCalendar",
    "YearArrangement",
    "__version__",
    "bundled_calendar",
    "cite",
    "cite_passage",
    "evaluate",
    "get_rule",
    "offsite_filing_residence",
    "parameters_for",
    "period_end",
    "reimbursement_filing",
    "rules",
    "service_settlement",
]
