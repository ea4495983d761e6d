"""Shared state a caller can reach is read-only, and what-if parameter sets are kept by content."""

from __future__ import annotations

import copy
import datetime as dt
import gc
import pickle
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest

from medins_rules.core import parameters as parameters_module
from medins_rules.core.model import FROZEN
from medins_rules.core.parameters import ParameterSet, definitions, parameters_for, shipped_versions
from medins_rules.engine import catalogue
from medins_rules.processes.reimbursement import ReimbursementFilingCase, reimbursement_filing

ON = dt.date(2026, 3, 1)
WINDOW = "reimbursement.on_time_window"


def _changes(table: Any, key: Any, value: Any) -> list[Callable[[], object]]:
    return [
        lambda: table.__setitem__(key, value),
        lambda: table.__delitem__(key),
        lambda: table.pop(key),
        lambda: table.popitem(),
        lambda: table.clear(),
        lambda: table.update({key: value}),
        lambda: table.setdefault("new", value),
    ]


def _filing() -> ReimbursementFilingCase:
    return ReimbursementFilingCase(
        payment_date=dt.date(2025, 3, 10),
        treatment="hospitalisation",
        evaluation_date=dt.date(2025, 9, 10),
    )


def test_the_versions_of_a_shared_parameter_set_cannot_be_changed() -> None:
    shared = parameters_for("440100", on=ON)
    before = reimbursement_filing(_filing())
    shorter = shared.with_value(WINDOW, 1).version(WINDOW)
    for change in _changes(shared.versions, WINDOW, shorter):
        with pytest.raises((TypeError, AttributeError)):
            change()
    with pytest.raises(TypeError):
        shared.versions |= {WINDOW: shorter}  # type: ignore[operator]
    assert parameters_for("440100", on=ON).version(WINDOW).value == 6
    assert reimbursement_filing(_filing()) == before


def test_read_only_versions_still_read_copy_pickle_and_serialise_as_a_mapping() -> None:
    shared = parameters_for("440100", on=ON)
    versions = shared.versions
    assert dict(versions) == {name: shared.version(name) for name in versions}
    assert pickle.loads(pickle.dumps(shared)) == shared
    assert copy.deepcopy(shared) == shared
    assert ParameterSet.model_validate_json(shared.model_dump_json()) == shared
    again = ParameterSet.model_validate({**shared.model_dump(), "versions": dict(versions)})
    with pytest.raises(TypeError):
        again.versions[WINDOW] = shared.version(WINDOW)  # type: ignore[index]
    assert hash(again) == hash(shared)


def test_the_catalogue_cannot_be_changed_by_a_caller() -> None:
    specs = catalogue.rules()
    spec = specs["deadlines.reimbursement_filing"]
    for change in _changes(specs, "deadlines.reimbursement_filing", spec):
        with pytest.raises((TypeError, AttributeError)):
            change()
    reasons = catalogue.all_reasons()
    code, template = next(iter(reasons.items()))
    for change in _changes(reasons, code, template):
        with pytest.raises((TypeError, AttributeError)):
            change()
    assert catalogue.get_rule("deadlines.reimbursement_filing") is spec
    assert list(catalogue.rules()) == list(specs)


def test_the_shared_model_configuration_cannot_be_changed() -> None:
    with pytest.raises(TypeError):
        FROZEN["frozen"] = False  # type: ignore[index]
    assert FROZEN["frozen"] is True


def test_the_parameter_data_as_read_cannot_be_changed() -> None:
    raw = parameters_module._raw_data()
    with pytest.raises(TypeError):
        raw["versions"] = ()  # type: ignore[index]
    with pytest.raises(TypeError):
        raw["definitions"][WINDOW]["unit"] = "years"
    with pytest.raises(AttributeError):
        raw["versions"].append({})
    with pytest.raises(TypeError):
        parameters_module._definitions()[WINDOW] = next(iter(definitions()))  # type: ignore[index]
    assert isinstance(definitions(), tuple)
    assert isinstance(shipped_versions(), tuple)


def test_equal_what_if_sets_are_one_set_with_one_version_each() -> None:
    shipped = parameters_for("440100", on=ON)
    first, second = shipped.with_value(WINDOW, 3), shipped.with_value(WINDOW, 3)
    assert first is second
    assert first.version(WINDOW) is second.version(WINDOW)
    other_day = parameters_for("440100", on=dt.date(2026, 3, 2)).with_value(WINDOW, 3)
    assert other_day.version(WINDOW) is not first.version(WINDOW)  # in force from another day
    assert shipped.with_value(WINDOW, 4) is not first
    chained = first.with_value("reimbursement.payable_limit", 2)
    assert chained is shipped.with_value(WINDOW, 3).with_value("reimbursement.payable_limit", 2)


def test_a_rule_decides_alike_on_equal_what_if_sets() -> None:
    shipped = parameters_for("440100", on=dt.date(2025, 3, 10))
    one = reimbursement_filing(_filing(), parameters=shipped.with_value(WINDOW, 3))
    two = reimbursement_filing(_filing(), parameters=shipped.with_value(WINDOW, 3))
    assert one == two
    assert one.outcome.value == "late"  # three months after 10 March is 10 June


def test_what_if_sets_keep_a_bounded_memory_however_many_are_made() -> None:
    shipped = parameters_for("440100", on=ON)

    def make(months: range) -> int:
        for value in months:
            shipped.with_value(WINDOW, value)
        gc.collect()
        return tracemalloc.get_traced_memory()[0]

    tracemalloc.start()
    try:
        after_a_thousand = make(range(1, 1001))
        after_ten_thousand = make(range(1001, 10_001))
    finally:
        tracemalloc.stop()
    assert after_ten_thousand - after_a_thousand < 50_000
    assert parameters_module._version_slot.cache_info().currsize <= 256
    assert parameters_module._set_slot.cache_info().currsize <= 256


def test_the_legal_registry_and_the_checklists_refuse_changes() -> None:
    from medins_rules.core import legal
    from medins_rules.core.legal import Instrument
    from medins_rules.processes.materials import checklist_data

    registry = legal._registry()
    entry = registry[Instrument.SOURCE_002]
    checklists = checklist_data._data().checklists
    business = next(iter(checklists))
    passage = next(iter(entry.passages))
    for table, key, value in (
        (registry, Instrument.SOURCE_002, entry),
        (entry.passages, passage, entry.passages[passage]),
        (checklists, business, checklists[business]),
    ):
        for change in _changes(table, key, value):
            with pytest.raises(TypeError, match="read-only"):
                change()
