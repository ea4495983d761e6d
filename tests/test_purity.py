"""The rules are pure: no I/O, no clock, no randomness, no environment, no mutable module state.

Every module of the package is parsed (not imported) and checked. Only the command-line shell and
its helpers may do I/O; the loaders of the package's own data read it through
``importlib.resources`` (not ``open``), once, into frozen models. Module-level tables are read-only
(``types.MappingProxyType``, tuples, frozensets), never a plain ``dict``, ``list`` or ``set``, and no
function rebinds a module's names (``global``).

The one kind of module-level state allowed is a memo: a cache of a pure function's results by its
arguments (``functools.cache``/``lru_cache``, the package's ``identity_memo`` and ``value_memo``).
A memo cannot change an answer, only how fast it comes; every memo is listed below with what it
keeps, so a new one is a deliberate, reviewed choice (the fast-path tests pin memoised decisions to
the ones built without memos).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "medins_rules"

# The command-line shell, the case-file runner and the web service talk to files, terminals and
# sockets by design.
SHELL_MODULES = {
    "cli.py",
    "plan_cli.py",
    "__main__.py",
    "casefiles.py",
    "presentation.py",
    "serve.py",
    "outputs.py",
}

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
MEMO_DECORATORS = {"cache", "lru_cache", "identity_memo", "cached_property"}
MEMO_FACTORIES = {"value_memo", "identity_memo", "cache", "lru_cache"}
MEMOISED = {
    # module: {name: what the memo keeps}; data loaders read the package's own files once
    "core/calendar.py": {
        "bundled_calendar": "the calendar built from the bundled data, built once",
        "_year": "one year's day table, by calendar content (a digest) and year",
    },
    "core/holidays.py": {
        "_data": "the holiday regulations read from data/holiday_regulations.toml",
        "_festival_table": "the festival days read from data/festivals.toml",
        "statutory_days": "a year's statutory holidays under the regulations in force, by year",
    },
    "core/notices.py": {
        "bundled_notices": "the holiday notices read from data/holiday_notices.toml"
    },
    "core/model.py": {"_builders": "a decision class's constructor and field defaults, by class"},
    "engine/catalogue.py": {
        "rules": "the rule specifications of the rule modules",
        "_indexed": "one rule's specification, by a name of the index (one entry per rule)",
        "all_reasons": "every reason template, by code",
    },
    "core/legal.py": {
        "_registry": "the legal registry read from data/legal.toml",
        "cite": "a (frozen) citation of an article, by instrument, article and paragraph",
        "cite_passage": "a (frozen) citation of a source passage, by instrument and passage",
    },
    "core/parameters.py": {
        "_definitions": "the parameter definitions read from data/parameters.toml",
        "_shipped_versions": "the parameter versions read from data/parameters.toml",
        "_raw_data": "data/parameters.toml as read (only the two loaders above read it)",
        "_parameters_for": "the parameter set in force, by jurisdiction and day",
        "_version_slot": "the one what-if parameter version kept for its content (256 at most)",
        "_set_slot": "the one what-if parameter set kept for its versions (256 at most)",
    },
    "processes/materials/checklist_data.py": {
        "_data": "the checklists read from data/checklists.toml"
    },
    "processes/card.py": {"_names": "a division's names in the messages, by code and year"},
    "vocab/divisions.py": {
        "_data": "the division table read from data/divisions.csv, by code and by parent"
    },
    "processes/refunds.py": {
        "_guangdong_cities": "Guangdong's prefecture-level cities, from the division table",
        "_city_names": "a city's names in the messages, by code (from the division table)",
    },
    "core/periods.py": {
        "_period_end": "a period's last day, by start, length, calendar and option",
        "period_reasons": "the reasons about a period's end, by the end and the period's name",
    },
    "engine/encode.py": {"plain_model": "whether a model class is written as its fields, by class"},
    "engine/rows.py": {
        "compact_fields": "the fields a decision class's compact rows keep, by class"
    },
    "interfaces/tabular.py": {
        "_zh_values": "the Chinese labels of an enum field's values, by decision class and field",
        "_field_kinds": "how a compact row's values become typed cells, by decision class",
    },
    "engine/columnar.py": {
        "_segments": "a parameter's values over the days, by jurisdiction and parameters",
    },
    "interfaces/case_format.py": {
        "decision_fields": "the fields a rule's decision serialises, by rule",
        "error_names": "the names of the package's error classes and their bases",
    },
}
MUTABLE_FACTORIES = {"list", "dict", "set", "defaultdict", "OrderedDict", "Counter", "deque"}


def _rule_modules() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if p.name not in SHELL_MODULES and "strategies" not in p.relative_to(PACKAGE).parts
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
        if isinstance(node, ast.Global):
            found.append(f"{where}: rebinds module names {node.names} (global)")
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


def _name(node: ast.expr) -> str | None:
    """The last name of a decorator or factory: ``functools.lru_cache(...)`` gives ``lru_cache``."""
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Attribute) and node.func.attr == "partial" and node.args:
            return _name(node.args[0])  # functools.partial(identity_memo, maxsize=...)
        return _name(node.func)
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def _memos(path: Path) -> set[str]:
    """The module-level memos of a module: memoised functions and memo objects."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    found: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef) and any(
            _name(d) in MEMO_DECORATORS for d in statement.decorator_list
        ):
            found.add(statement.name)
        if isinstance(statement, ast.Assign) and _name(statement.value) in MEMO_FACTORIES:
            found.update(t.id for t in statement.targets if isinstance(t, ast.Name))
    return found


@pytest.mark.parametrize("path", _rule_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_level_memo_is_listed(path: Path) -> None:
    listed = set(MEMOISED.get(str(path.relative_to(PACKAGE)), {}))
    found = _memos(path)
    assert found - listed == set(), "a new memo: list it in MEMOISED with what it keeps"
    assert listed - found == set(), "a listed memo no longer exists: take it off MEMOISED"


def test_the_purity_check_sees_every_rule_module() -> None:
    names = {p.name for p in _rule_modules()}
    assert {"reimbursement.py", "periods.py", "calendar.py", "parameters.py", "model.py"} <= names


@pytest.mark.parametrize("path", _rule_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_rule_module_is_pure(path: Path) -> None:
    assert _problems(path) == []


def test_the_purity_check_catches_what_it_forbids(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import random\nimport datetime\nSTATE = {}\n"
        "def f():\n    global STATE\n    print(datetime.date.today())\n    return open('x')\n",
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
    assert any("(global)" in p for p in problems)


def test_the_memo_check_finds_each_kind_of_memo(tmp_path: Path) -> None:
    module = tmp_path / "memos.py"
    module.write_text(
        "import functools\n"
        "@functools.lru_cache(maxsize=8)\ndef a(x): return x\n"
        "@functools.cache\ndef b(x): return x\n"
        "@functools.partial(identity_memo, maxsize=4)\ndef c(x): return x\n"
        "d = value_memo(16)\ne = identity_memo(str)\n"
        "def plain(x): return x\nF = frozenset()\n",
        "utf-8",
    )
    assert _memos(module) == {"a", "b", "c", "d", "e"}
