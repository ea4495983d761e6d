"""The rules are pure: no I/O, no clock, no randomness, no environment, no mutable module state.

Every module of the package is parsed (not imported) and checked. Only the command-line shell and
its helpers may do I/O; the loaders of the package's own data read it through
``importlib.resources`` (not ``open``), once, into frozen models. Module-level tables are read-only
(``types.MappingProxyType``, tuples, frozensets), never a plain ``dict``, ``list`` or ``set``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "medins_rules"

# The command-line shell and the case-file runner talk to files and terminals by design.
SHELL_MODULES = {"cli.py", "__main__.py", "casefiles.py", "presentation.py"}

FORBIDDEN_CALLS = {
    "open",
    "print",
    "input",
    "eval",
    "exec",
    "breakpoint",
}
FORBIDDEN_ATTRIBUTES = {
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("time", "time"),
    ("time", "monotonic"),
    ("time", "perf_counter"),
    ("time", "localtime"),
    ("os", "environ"),
    ("os", "getenv"),
    ("os", "system"),
    ("sys", "stdin"),
    ("sys", "stdout"),
    ("sys", "argv"),
    ("uuid", "uuid4"),
    ("Path", "read_text"),
    ("Path", "open"),
}
FORBIDDEN_MODULES = {
    "random",
    "secrets",
    "socket",
    "subprocess",
    "requests",
    "urllib",
    "http",
    "shutil",
    "tempfile",
    "time",
    "logging",
}
MUTABLE_FACTORIES = {"list", "dict", "set", "defaultdict", "OrderedDict", "Counter", "deque"}


def _rule_modules() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if p.name not in SHELL_MODULES and "strategies" not in p.parts
    )


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(PACKAGE)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            for name in names:
                if name.split(".")[0] in FORBIDDEN_MODULES:
                    found.append(f"{where}: imports {name}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in FORBIDDEN_CALLS:
                found.append(f"{where}: calls {node.func.id}()")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name | ast.Attribute):
            base = node.value.id if isinstance(node.value, ast.Name) else node.value.attr
            if (base, node.attr) in FORBIDDEN_ATTRIBUTES:
                found.append(f"{where}: uses {base}.{node.attr}")
    for statement in tree.body:  # module level only
        value = None
        if isinstance(statement, ast.Assign | ast.AnnAssign):
            value = statement.value
        if value is None:
            continue
        mutable = isinstance(
            value, ast.List | ast.Dict | ast.Set | ast.ListComp | ast.DictComp | ast.SetComp
        )
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            mutable = mutable or value.func.id in MUTABLE_FACTORIES
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if mutable and names != ["__all__"]:
            found.append(
                f"{path.relative_to(PACKAGE)}:{statement.lineno}: module-level mutable {names}"
            )
    return found


def test_the_purity_check_sees_every_rule_module() -> None:
    names = {p.name for p in _rule_modules()}
    assert {"deadlines.py", "periods.py", "calendar.py", "parameters.py", "model.py"} <= names


@pytest.mark.parametrize("path", _rule_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_rule_module_is_pure(path: Path) -> None:
    assert _problems(path) == []


def test_the_purity_check_catches_what_it_forbids(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import random\nimport datetime\nSTATE = {}\n"
        "def f():\n    print(datetime.date.today())\n    return open('x')\n",
        "utf-8",
    )
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path
    try:
        problems = _problems(bad)
    finally:
        PACKAGE = saved
    assert any("imports random" in p for p in problems)
    assert any("date.today" in p for p in problems)
    assert any("calls open()" in p for p in problems)
    assert any("calls print()" in p for p in problems)
    assert any("mutable ['STATE']" in p for p in problems)
