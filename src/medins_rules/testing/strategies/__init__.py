"""Hypothesis strategies for every input model: public API for downstream property tests.

Needs ``hypothesis``: ``pip install 'medins-rules[strategies]'``. Each strategy is biased toward
the boundaries that matter (last days, month ends, leap days, holidays, make-up working days, days
not yet known, duplicate payments, the benefit period's first day, birth months at the retirement
reform's steps, incomplete submissions), draws only valid cases, and takes keyword arguments named
for its model's fields to pin any of them to a value or a strategy. ``st.from_type`` draws every
input model with these strategies, registered through hypothesis' entry point and on import of this
module. ``docs/strategies.md`` shows them all.

>>> import datetime as dt
>>> from hypothesis import given, settings, strategies as st
>>> from medins_rules import evaluate
>>> from medins_rules.testing.strategies import RULE_STRATEGIES
>>> sorted(RULE_STRATEGIES) == sorted(__import__("medins_rules").rules())
True
>>> @settings(max_examples=10)
... @given(RULE_STRATEGIES["refunds.refund"](evaluation_date=st.dates(dt.date(2027, 1, 1),
...                                                                   dt.date(2027, 12, 31))))
... def test_a_refund_never_exceeds_what_was_paid(case):
...     d = evaluate("refunds.refund", case)
...     assert 0 <= d.refund_total <= d.paid_total
>>> test_a_refund_never_exceeds_what_was_paid()
"""

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as missing:  # tested in a subprocess with hypothesis hidden
    if missing.name != "hypothesis":
        raise
    raise ModuleNotFoundError(
        "medins_rules.testing.strategies needs hypothesis, which is not installed: "
        "pip install 'medins-rules[strategies]'",
        name="hypothesis",
    ) from None

from medins_rules.testing.strategies._pins import Pin
from medins_rules.testing.strategies._registry import register_type_strategies
from medins_rules.testing.strategies.deadlines import (
    boundary_dates,
    reimbursement_filing_cases,
    residence_cases,
    residence_periods,
    settlement_cases,
)
from medins_rules.testing.strategies.eligibility import (
    card_application_cases,
    enrolment_cases,
    online_cancellation_cases,
    online_suspension_cases,
    retirement_cases,
)
from medins_rules.testing.strategies.materials import materials_cases, submitted_items
from medins_rules.testing.strategies.refunds import (
    benefit_periods,
    other_city_participations,
    refund_cases,
    refund_payments,
)

RULE_STRATEGIES: Mapping[str, Callable[..., st.SearchStrategy[Any]]] = MappingProxyType(
    {
        "deadlines.reimbursement_filing": reimbursement_filing_cases,
        "deadlines.offsite_filing_residence": residence_cases,
        "deadlines.service_settlement": settlement_cases,
        "eligibility.online_suspension": online_suspension_cases,
        "eligibility.online_cancellation": online_cancellation_cases,
        "eligibility.enrolment": enrolment_cases,
        "eligibility.card_application": card_application_cases,
        "eligibility.retirement": retirement_cases,
        "refunds.refund": refund_cases,
        "materials.check_materials": materials_cases,
    }
)
"""The strategy of each rule's input model, by rule name."""

register_type_strategies()

__all__ = [
    "RULE_STRATEGIES",
    "Pin",
    "benefit_periods",
    "boundary_dates",
    "card_application_cases",
    "enrolment_cases",
    "materials_cases",
    "online_cancellation_cases",
    "online_suspension_cases",
    "other_city_participations",
    "refund_cases",
    "refund_payments",
    "register_type_strategies",
    "reimbursement_filing_cases",
    "residence_cases",
    "residence_periods",
    "retirement_cases",
    "settlement_cases",
    "submitted_items",
]
