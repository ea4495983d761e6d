"""``st.from_type`` for every input model: the strategies registered with hypothesis.

Two ways in, so that a downstream suite needs nothing but the installed package:

* hypothesis' entry point (``[project.entry-points.hypothesis]`` in ``pyproject.toml``) calls
  :func:`_hypothesis_setup_hook` when hypothesis is imported;
* importing :mod:`medins_rules.testing.strategies` registers them too (for environments where
  ``HYPOTHESIS_NO_PLUGINS`` turns entry points off).

Registration happens once a process: a strategy the suite registers itself for one of these models
afterwards stays registered. Each registered strategy is built the first time ``st.from_type`` asks
for it.

>>> from hypothesis import given, settings, strategies as st
>>> from medins_rules.processes.refunds import RefundCase, refund
>>> @settings(max_examples=10)
... @given(st.from_type(RefundCase))
... def test_every_drawn_case_is_valid_and_decided(case):
...     assert RefundCase.model_validate(case.model_dump()) == case
...     assert refund(case).reasons
>>> test_every_drawn_case_is_valid_and_decided()
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

__all__ = ["TYPE_STRATEGIES", "register_type_strategies"]

TYPE_STRATEGIES: Mapping[tuple[str, str], tuple[str, str]] = MappingProxyType(
    {
        ("processes.reimbursement", "ReimbursementFilingCase"): (
            "deadlines",
            "reimbursement_filing_cases",
        ),
        ("processes.offsite_filing", "ResidenceCase"): ("deadlines", "residence_cases"),
        ("processes.offsite_filing", "ResidencePeriod"): ("deadlines", "residence_periods"),
        ("processes.enrolment", "SettlementCase"): ("deadlines", "settlement_cases"),
        ("processes.enrolment", "EnrolmentCase"): ("eligibility", "enrolment_cases"),
        ("processes.suspension", "OnlineSuspensionCase"): (
            "eligibility",
            "online_suspension_cases",
        ),
        ("processes.cancellation", "OnlineCancellationCase"): (
            "eligibility",
            "online_cancellation_cases",
        ),
        ("processes.card", "CardApplicationCase"): ("eligibility", "card_application_cases"),
        ("processes.retirement", "RetirementCase"): ("eligibility", "retirement_cases"),
        ("processes.refunds", "RefundCase"): ("refunds", "refund_cases"),
        ("processes.refunds", "RefundPayment"): ("refunds", "refund_payments"),
        ("processes.refunds", "OtherCityParticipation"): (
            "refunds",
            "other_city_participations",
        ),
        ("processes.refunds", "BenefitPeriod"): ("refunds", "benefit_periods"),
        ("processes.refunds", "RefundOptions"): ("refunds", "refund_options"),
        ("processes.materials", "MaterialsCase"): ("materials", "materials_cases"),
        ("processes.materials", "SubmittedItem"): ("materials", "submitted_items"),
    }
)
"""Each model (module under ``medins_rules``, class) and the strategy drawing it (module under
``medins_rules.testing.strategies``, function called without arguments)."""


def _model(module: str, name: str) -> type:
    found: type = getattr(importlib.import_module(f"medins_rules.{module}"), name)
    return found


def _builder(model: type, module: str, function: str) -> Callable[[type], Any]:
    """What hypothesis calls for ``model``: the strategy, built when first asked for."""

    def strategy_for(asked: type) -> Any:
        if asked is not model:
            return NotImplemented  # a subclass: hypothesis resolves it by its own fields
        strategies = importlib.import_module(f"medins_rules.testing.strategies.{module}")
        return getattr(strategies, function)()

    strategy_for.__qualname__ = f"strategy_for[{model.__name__}]"
    return strategy_for


@functools.cache
def register_type_strategies() -> None:
    """Register the strategy of every model in :data:`TYPE_STRATEGIES` (once a process)."""
    from hypothesis import strategies as st

    for (module, name), (home, function) in TYPE_STRATEGIES.items():
        model = _model(module, name)
        st.register_type_strategy(model, _builder(model, home, function))


def _hypothesis_setup_hook() -> None:
    """Hypothesis' entry point: called when hypothesis is imported."""
    register_type_strategies()
