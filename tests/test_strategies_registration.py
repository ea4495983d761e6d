"""``st.from_type`` draws every input model with the package's strategies (through hypothesis' entry
point, and on import of the strategies), and the strategies without hypothesis installed say which
extra to install."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import medins_rules
from medins_rules.processes.enrolment import SettlementCase
from medins_rules.testing.strategies import _registry
from medins_rules.testing.strategies._registry import TYPE_STRATEGIES

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
HOOK = "medins_rules.testing.strategies._registry:_hypothesis_setup_hook"
SPECS = tuple(medins_rules.rules().values())


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter of this environment."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HYPOTHESIS")}
    return subprocess.run(
        [sys.executable, "-W", "ignore::DeprecationWarning", "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env={**environment, **env},
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.input_model.__name__)
@given(data=st.data())
def test_from_type_draws_valid_cases_of_every_input_model_that_its_rule_decides(
    spec: Any, data: st.DataObject
) -> None:
    case = data.draw(st.from_type(spec.input_model))
    assert type(case) is spec.input_model
    assert spec.input_model.model_validate_json(case.model_dump_json()) == case
    assert spec.function(case).reasons


def test_every_input_model_of_the_catalogue_is_registered() -> None:
    registered = {name for _, name in TYPE_STRATEGIES}
    assert {spec.input_model.__name__ for spec in SPECS} <= registered


@pytest.mark.parametrize(("where", "strategy"), TYPE_STRATEGIES.items(), ids=lambda x: x[-1])
@given(data=st.data())
def test_from_type_draws_every_registered_model_with_its_strategy(
    where: tuple[str, str], strategy: tuple[str, str], data: st.DataObject
) -> None:
    model = _registry._model(*where)
    drawn = data.draw(st.from_type(model))
    assert type(drawn) is model
    assert model.model_validate_json(drawn.model_dump_json()) == drawn


def test_the_package_declares_the_hypothesis_entry_point_it_installs() -> None:
    declared = tomllib.loads(PYPROJECT.read_text("utf-8"))["project"]["entry-points"]["hypothesis"]
    assert list(declared.values()) == [HOOK]
    installed = [e.value for e in importlib.metadata.entry_points(group="hypothesis")]
    assert HOOK in installed, (
        "reinstall the package (pip install -e .) to register its entry points"
    )


def test_the_strategies_extra_holds_hypothesis_alone() -> None:
    extras = tomllib.loads(PYPROJECT.read_text("utf-8"))["project"]["optional-dependencies"]
    (requirement,) = extras["strategies"]
    assert requirement.startswith("hypothesis>=")


def test_a_downstream_suite_gets_from_type_just_by_importing_hypothesis() -> None:
    result = _run(
        """
        import sys
        from hypothesis import given, settings, strategies as st
        from medins_rules.processes.reimbursement import ReimbursementFilingCase, reimbursement_filing

        @settings(max_examples=50, database=None)
        @given(st.from_type(ReimbursementFilingCase))
        def decided(case):
            assert reimbursement_filing(case).reasons

        decided()
        print("ok")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_without_the_entry_point_from_type_crashes_until_the_strategies_are_imported() -> None:
    """With hypothesis' plugins off, ``from_type`` builds the model field by field and draws cases
    the model refuses (an evaluation before the payment); importing the strategies registers them."""
    result = _run(
        """
        from hypothesis import Phase, given, settings, strategies as st
        from pydantic import ValidationError
        from medins_rules.processes.reimbursement import ReimbursementFilingCase, reimbursement_filing

        @settings(max_examples=100, database=None, phases=[Phase.generate])
        @given(st.from_type(ReimbursementFilingCase))
        def drawn(case):
            pass

        try:
            drawn()
        except ValidationError as error:
            print("unregistered:", error.errors()[0]["loc"])
        import medins_rules.testing.strategies

        @settings(max_examples=100, database=None)
        @given(st.from_type(ReimbursementFilingCase))
        def decided(case):
            assert reimbursement_filing(case).reasons

        decided()
        print("registered: ok")
        """,
        HYPOTHESIS_NO_PLUGINS="1",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("unregistered: ('"), lines
    assert lines[-1] == "registered: ok"


def test_a_strategy_the_suite_registers_itself_stays_registered() -> None:
    mine = st.just(
        SettlementCase(
            application_date="2026-02-13", channel="county_centre", evaluation_date="2026-02-13"
        )
    )
    try:
        st.register_type_strategy(SettlementCase, mine)
        _registry.register_type_strategies()  # a second import of the strategies, a second hook
        assert st.from_type(SettlementCase) is mine
    finally:
        st.register_type_strategy(
            SettlementCase, _registry._builder(SettlementCase, "deadlines", "settlement_cases")
        )


_HIDDEN = "import sys; sys.modules['hypothesis'] = None\n"


@pytest.mark.parametrize(
    "statement",
    [
        "import medins_rules.testing.strategies",
        "from medins_rules.testing.strategies.refunds import refund_cases",
        "from medins_rules.strategies import refund_cases",  # the old path
        "import medins_rules.strategies.deadlines as d; d.reimbursement_filing_cases",
    ],
)
def test_without_hypothesis_the_strategies_name_the_extra_to_install(statement: str) -> None:
    result = _run(_HIDDEN + statement)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        "ModuleNotFoundError: medins_rules.testing.strategies needs hypothesis, which is not "
        "installed: pip install 'medins-rules[strategies]'"
    )


def test_without_hypothesis_the_package_itself_imports_and_decides() -> None:
    result = _run(
        _HIDDEN
        + "import medins_rules\n"
        + "print(medins_rules.evaluate('deadlines.service_settlement', {'application_date': "
        + "'2026-02-13', 'channel': 'county_centre', 'evaluation_date': '2026-02-13'}).outcome)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "settled_on_the_spot"
