"""The layers depend one way: the dependency rule, read from every module's imports (not run).

::

    interfaces ───────────────────┐  the command line, case files, presentation, schemas, docs
      │         │         │       │
      ▼         ▼         ▼       │
    engine   journeys   testing   │  batch, columnar, catalogue / plans over the rules / strategies
      │         │         │       │
      ▼         ▼         ▼       ▼
    processes ◄───────────────────┘  one module (or package) per business process: the rules
      │
      ▼
    vocab                            schemes, administrative divisions, documents
      │
      ▼
    core                             model, legal registry, parameters, periods, calendar, errors

Each layer imports only the layers below it and itself (``interfaces`` may import anything but
``testing``; ``journeys`` imports ``core``, ``vocab`` and ``processes`` and builds plans from the
rules' decisions; ``testing`` may import ``core``, ``vocab``, ``processes`` and ``journeys``), and
nothing outside
``interfaces`` imports ``interfaces``. A process imports no other process: what two processes share
belongs in ``vocab`` (or ``core``); a process that is a package (``processes/materials/``) imports
its own modules. The package's front door (``medins_rules/__init__.py``, which re-exports the
public names, and ``_moved.py``, which serves the old module paths) may import every layer but
``interfaces`` and ``testing``; ``__main__.py`` is the command's entry point and counts as
``interfaces``.

Every import counts: at module level or inside a function, under ``TYPE_CHECKING`` or not,
absolute or relative, and ``importlib.import_module`` of a constant name. An import of the front
door (``import medins_rules``) from a layer is an import of everything it re-exports.

And what a rule module says of itself: each module that defines ``RULES`` opens with a one-line
summary and then the source sentence it encodes, quoted; every module under ``processes/`` has a
Limitations section.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "medins_rules"

LAYERS = ("core", "vocab", "processes", "engine", "journeys", "interfaces", "testing")
ROOT = "<root>"
"""The package's front door: ``__init__.py`` and ``_moved.py`` (``import medins_rules``)."""

MAY_IMPORT: Mapping[str, frozenset[str]] = {
    "core": frozenset({"core"}),
    "vocab": frozenset({"core", "vocab"}),
    "processes": frozenset({"core", "vocab"}),  # and the process's own package: see _allowed
    "engine": frozenset({"core", "vocab", "processes", "engine"}),
    "journeys": frozenset({"core", "vocab", "processes", "journeys"}),
    "interfaces": frozenset(
        {ROOT, "core", "vocab", "processes", "engine", "journeys", "interfaces"}
    ),
    "testing": frozenset({"core", "vocab", "processes", "journeys", "testing"}),
    ROOT: frozenset({ROOT, "core", "vocab", "processes", "engine", "journeys"}),
}
"""What each layer may import (besides what is outside the package)."""

ENTRY_POINTS = {"__main__": "interfaces"}
"""Modules at the top of the package that belong to a layer by what they do."""


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> str:
    """The layer of a module of the package, by its dotted name (``medins_rules.core.model``)."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "_moved":
        return ROOT
    if parts[1] in ENTRY_POINTS:
        return ENTRY_POINTS[parts[1]]
    return parts[1] if parts[1] in LAYERS else f"<unknown {parts[1]}>"


def _process(module: str) -> str | None:
    """The process a module belongs to (``processes.materials`` for the materials package's
    modules), or ``None`` outside ``processes`` and for ``processes`` itself."""
    parts = module.split(".")
    return ".".join(parts[1:3]) if len(parts) >= 3 and parts[1] == "processes" else None


def _resolve(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    """The absolute module a ``from ... import`` names (relative imports resolved)."""
    if node.level == 0:
        return node.module or ""
    base = importer.split(".")
    if not is_package:
        base.pop()
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports(path: Path, root: Path) -> Iterator[tuple[int, str]]:
    """Every module of the package that ``path`` imports, with the line of the import."""
    importer = _module_name(path, root)
    package = root.name
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = _resolve(node, importer, path.name == "__init__.py")
            if module == package:  # from medins_rules import processes, or a public name
                names = [f"{package}.{alias.name}" for alias in node.names]
            else:
                names = [module]
        elif (
            isinstance(node, ast.Call)
            and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                or (isinstance(node.func, ast.Name) and node.func.id == "import_module")
            )
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        for name in names:
            if name == package or name.startswith(package + "."):
                yield node.lineno, _known_module(name, root)


def _known_module(name: str, root: Path) -> str:
    """``medins_rules.X`` for a public name of the front door that is not a module, else ``name``."""
    parts = name.split(".")
    if len(parts) == 2 and not (
        (root / f"{parts[1]}.py").exists() or (root / parts[1] / "__init__.py").exists()
    ):
        return parts[0]  # from medins_rules import reimbursement_filing: the front door
    return name


def _allowed(importer: str, imported: str) -> bool:
    source, target = _layer(importer), _layer(imported)
    if source == "processes" and target == "processes":
        own = _process(importer)
        return own is not None and _process(imported) == own
    return target in MAY_IMPORT.get(source, frozenset())


def violations(root: Path = PACKAGE) -> list[str]:
    """Every import in the package at ``root`` that breaks the dependency rule."""
    found = []
    for path in sorted(root.rglob("*.py")):
        importer = _module_name(path, root)
        if _layer(importer).startswith("<unknown"):
            found.append(f"{path.relative_to(root)}: in no layer (add it to the dependency rule)")
            continue
        for line, imported in _imports(path, root):
            if not _allowed(importer, imported):
                found.append(
                    f"{path.relative_to(root)}:{line}: {_layer(importer)} imports {imported} "
                    f"({_layer(imported)})"
                )
    return found


def test_the_package_keeps_the_dependency_rule() -> None:
    assert violations() == []


def test_every_module_of_the_package_is_in_a_layer() -> None:
    layers = {_layer(_module_name(p, PACKAGE)) for p in PACKAGE.rglob("*.py")}
    assert layers == {ROOT, *LAYERS}


def test_the_rule_sees_imports_of_every_kind() -> None:
    seen = {imported for _, imported in _imports(PACKAGE / "engine" / "catalogue.py", PACKAGE)}
    assert "medins_rules.core.model" in seen
    materials = PACKAGE / "processes" / "materials" / "check.py"
    seen = {imported for _, imported in _imports(materials, PACKAGE)}
    assert "medins_rules.processes.materials.matching" in seen
    assert "medins_rules.core.legal" in seen


def _plant(root: Path, files: Mapping[str, str]) -> Path:
    package = root / "medins_rules"
    for layer in (*LAYERS, "processes/materials"):
        (package / layer).mkdir(parents=True, exist_ok=True)
        (package / layer / "__init__.py").write_text("", "utf-8")
    (package / "__init__.py").write_text("from medins_rules import _moved\n", "utf-8")
    (package / "_moved.py").write_text("", "utf-8")
    for name, text in files.items():
        (package / name).write_text(text, "utf-8")
    return package


CLEAN = {
    "core/model.py": "import datetime\n",
    "core/periods.py": "from medins_rules.core import model\nfrom .model import datetime\n",
    "vocab/documents.py": "from medins_rules.core.model import datetime\n",
    "processes/card.py": "from medins_rules.vocab import documents\n",
    "processes/materials/check.py": "from medins_rules.processes.materials import render\n",
    "processes/materials/render.py": "from . import check\n",
    "engine/batch.py": "import medins_rules.processes.card\n",
    "interfaces/cli.py": "import medins_rules\nfrom medins_rules.engine import batch\n",
    "testing/strategies.py": "from medins_rules.processes import card\n",
    "__main__.py": "from medins_rules.interfaces.cli import main\n",
}


def test_a_tree_that_keeps_the_rule_has_no_violations(tmp_path: Path) -> None:
    assert violations(_plant(tmp_path, CLEAN)) == []


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("core/model.py", "from medins_rules.vocab import documents\n", "core imports"),
        ("core/model.py", "from ..engine import batch\n", "medins_rules.engine"),
        ("core/model.py", "import medins_rules\n", "core imports medins_rules (<root>)"),
        ("core/model.py", "from medins_rules import evaluate\n", "core imports medins_rules "),
        ("vocab/documents.py", "from medins_rules.processes import card\n", "vocab imports"),
        ("processes/card.py", "from medins_rules.engine.batch import x\n", "processes imports"),
        (
            "processes/card.py",
            "from medins_rules.processes.materials import check\n",
            "imports medins_rules.processes.materials (processes)",
        ),
        ("processes/materials/check.py", "from ..card import x\n", "processes.card"),
        (
            "processes/card.py",
            "def f():\n    from medins_rules.interfaces import cli\n",
            "interfaces",
        ),
        (
            "processes/card.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from medins_rules.engine import batch\n",
            "engine",
        ),
        (
            "engine/batch.py",
            "import importlib\nimportlib.import_module('medins_rules.interfaces.cli')\n",
            "engine imports medins_rules.interfaces.cli",
        ),
        ("engine/batch.py", "from medins_rules.testing import strategies\n", "testing"),
        ("interfaces/cli.py", "from medins_rules.testing import strategies\n", "testing"),
        ("testing/strategies.py", "from medins_rules.engine import batch\n", "engine"),
        ("_moved.py", "from medins_rules.interfaces import cli\n", "<root> imports"),
        ("extra.py", "", "in no layer"),
    ],
)
def test_a_planted_violation_is_caught(tmp_path: Path, name: str, text: str, expected: str) -> None:
    package = _plant(tmp_path, {**CLEAN, name: text})
    found = violations(package)
    assert len(found) == 1, found
    assert expected in found[0]
    assert found[0].startswith(name)


# -- what a rule module says of itself -----------------------------------------------------------------

PROCESSES = PACKAGE / "processes"
_QUOTE = re.compile(r'^(Source \d{3}|[A-Z][A-Za-z ]+ art\. \d+)[^:\n]*: "', re.MULTILINE)


def _docstring(path: Path) -> str:
    return ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""


def _defines_rules(path: Path) -> bool:
    tree = ast.parse(path.read_text("utf-8"))
    return any(
        isinstance(node, ast.AnnAssign | ast.Assign)
        and any(
            isinstance(t, ast.Name) and t.id == "RULES"
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        )
        for node in tree.body
    )


RULE_MODULES = sorted(p for p in PROCESSES.rglob("*.py") if _defines_rules(p))


def test_the_rule_modules_are_the_ones_the_catalogue_reads() -> None:
    names = {str(p.relative_to(PACKAGE).with_suffix("")).replace("/", ".") for p in RULE_MODULES}
    assert len(names) == 9
    assert "processes.materials.check" in names


@pytest.mark.parametrize("path", RULE_MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_rule_module_opens_with_its_source_sentence(path: Path) -> None:
    summary, _, rest = _docstring(path).partition("\n\n")
    assert summary, "a one-line summary first"
    assert "\n" not in summary.strip(), "a one-line summary first"
    assert _QUOTE.match(rest), "then the source sentence it encodes, quoted"


PROCESS_MODULES = sorted(p for p in PROCESSES.rglob("*.py") if p != PROCESSES / "__init__.py")


@pytest.mark.parametrize("path", PROCESS_MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_process_module_states_its_limitations(path: Path) -> None:
    assert re.search(r"^Limitations(:|\n)", _docstring(path), re.MULTILINE), "add Limitations"
