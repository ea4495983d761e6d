"""The materials package: its modules, what each may import, lazy data, the names it exports, and the
matcher against a brute-force search."""

from __future__ import annotations

import ast
import itertools
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import medins_rules.processes.materials as materials
from medins_rules.core.legal import Citation
from medins_rules.processes.materials import check, matching
from medins_rules.processes.materials.checklist_data import checklists
from medins_rules.processes.materials.vocabulary import IDENTITY_KINDS

PACKAGE = Path(materials.__file__).parent

LAYERS = {
    "vocabulary": set(),
    "checklist_data": {"vocabulary"},
    "identity": {"vocabulary"},
    "render": {"vocabulary", "checklist_data"},
    "matching": set(),
    "check": {"vocabulary", "checklist_data", "identity", "render", "matching"},
}
"""Each module of the package and the sibling modules it may import (those above it)."""

EXPORTED = {
    "DEFAULT_MATERIALS_OPTIONS",
    "EARLIEST_BIRTH_DATE",
    "IDENTITY_KINDS",
    "MAX_SUBMITTED_ITEMS",
    "PERMIT_PREFIXES",
    "REASONS",
    "RULES",
    "AddressCodeCheck",
    "AgentPolicy",
    "Alternative",
    "AlternativeUse",
    "Business",
    "Checklist",
    "ChecklistData",
    "ChecklistDataError",
    "ChecklistItem",
    "Defect",
    "DefectKind",
    "Form",
    "FormRequirement",
    "Holder",
    "IdDocument",
    "IdNumberCheck",
    "IdProblem",
    "Issuer",
    "ItemCondition",
    "ItemKind",
    "ItemResult",
    "ItemStatus",
    "MaterialsCase",
    "MaterialsDecision",
    "MaterialsOptions",
    "MaterialsOutcome",
    "Name",
    "Seal",
    "Sides",
    "SubmittedItem",
    "Vocabulary",
    "check_id_number",
    "check_materials",
    "checklist",
    "checklists",
    "load_checklists",
    "render_checklist",
    "requirement_text",
}
"""The names ``medins_rules.processes.materials`` exports (the 44 of the single module it was, and
the earliest birth date an identity number may carry)."""


def _siblings_imported(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text("utf-8"))
    prefix = "medins_rules.processes.materials."
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(prefix):
            found.add(node.module.removeprefix(prefix))
        elif isinstance(node, ast.Import):
            found.update(
                a.name.removeprefix(prefix) for a in node.names if a.name.startswith(prefix)
            )
    return found


def test_the_package_has_one_module_per_concern_and_each_is_known() -> None:
    assert {p.stem for p in PACKAGE.glob("*.py")} == {*LAYERS, "__init__"}


def test_each_module_imports_only_the_modules_above_it() -> None:
    for module, allowed in LAYERS.items():
        assert _siblings_imported(module) <= allowed, module


def test_each_module_says_what_it_is_and_shows_it_in_a_doctest() -> None:
    for path in PACKAGE.glob("*.py"):
        doc = ast.get_docstring(ast.parse(path.read_text("utf-8")))
        assert doc, path.name
        assert ">>> " in doc, path.name


def test_the_package_exports_the_names_it_always_has() -> None:
    assert set(materials.__all__) == EXPORTED
    assert all(hasattr(materials, name) for name in EXPORTED)


def test_the_rule_keeps_its_name() -> None:
    assert [spec.name for spec in materials.RULES] == ["materials.check_materials"]


def test_importing_the_package_reads_no_checklist_data_until_a_case_is_checked() -> None:
    code = (
        "import datetime as dt\n"
        "import medins_rules.processes.materials as m\n"
        "from medins_rules.processes.materials import checklist_data as c\n"
        "print(c._data.cache_info().currsize, end=' ')\n"
        "m.MaterialsCase(business='enrolment', evaluation_date=dt.date(2026, 3, 2))\n"
        "print(c._data.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "1"]


def _unique(citations: Sequence[Citation]) -> tuple[Citation, ...]:
    return tuple(dict.fromkeys(citations))


def test_the_reasons_cite_exactly_the_passages_the_checklists_rest_on() -> None:
    lists = _unique([c.source for c in checklists()])
    items = _unique([i.source for c in checklists() for i in c.items])
    identity = _unique(
        [
            i.source
            for c in checklists()
            for i in c.items
            if any(a.kind in IDENTITY_KINDS for a in i.accepts)
        ]
    )
    assert check.COMPLETE.citations == lists
    assert check.ITEM_SATISFIED.citations == items
    assert check.DOCUMENT_EXPIRED.citations == identity


# -- the matcher --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    index: int
    weight: int


@st.composite
def candidate_lists(draw: st.DrawFn) -> list[list[Doc]]:
    """Up to five items, each with some of up to five documents, best (then earliest) first."""
    documents = draw(st.integers(0, 5))
    out = []
    for _ in range(draw(st.integers(0, 5))):
        indices = draw(st.sets(st.integers(0, max(documents - 1, 0)), max_size=documents))
        docs = [Doc(i, draw(st.integers(0, 4))) for i in sorted(indices)]
        out.append(sorted(docs, key=lambda d: (d.weight, d.index)))
    return out


def _brute_force(candidates: list[list[Doc]]) -> list[Doc | None]:
    """The first assignment, in candidate order, of fewest unserved items and then least weight."""
    best: list[Doc | None] | None = None
    best_cost: tuple[int, int] | None = None
    for choice in itertools.product(*[[*c, None] for c in candidates]):
        used = [d.index for d in choice if d is not None]
        if len(used) != len(set(used)):
            continue
        cost = (sum(d is None for d in choice), sum(d.weight for d in choice if d is not None))
        if best_cost is None or cost < best_cost:
            best, best_cost = list(choice), cost
    assert best is not None
    return best


@settings(max_examples=300, deadline=None)
@given(candidate_lists())
def test_the_matcher_finds_the_assignment_a_brute_force_search_finds(
    candidates: list[list[Doc]],
) -> None:
    assert matching.assign(candidates) == _brute_force(candidates)


def test_items_sharing_no_document_are_matched_separately() -> None:
    lists = [[Doc(0, 0)], [Doc(1, 0)], [Doc(1, 1), Doc(0, 2)], []]
    assert matching.components(lists) == [[0, 1, 2], [3]]
    assert matching.components([[Doc(0, 0)], [Doc(1, 0)]]) == [[0], [1]]
