"""The optional extras hold what their parts need, and nothing needs an extra it does not name.

``pandas`` (pandas and numpy) runs the frame functions on one machine, ``dask`` adds Dask on top of
it; ``completion`` is argcomplete, ``docs`` the documentation site. python-dateutil is the tests'
oracle for month arithmetic only: no module of the package imports it.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "medins_rules"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
EXTRAS: dict[str, list[str]] = PROJECT["optional-dependencies"]


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_pandas_is_an_extra_of_its_own_and_dask_holds_it() -> None:
    assert _names(EXTRAS["pandas"]) == {"pandas", "numpy"}
    assert _names(EXTRAS["pandas"]) < _names(EXTRAS["dask"])
    assert {"dask", "distributed"} <= _names(EXTRAS["dask"])


def test_completion_and_docs_have_their_extras() -> None:
    assert _names(EXTRAS["completion"]) == {"argcomplete"}
    assert {"mkdocs", "mkdocs-material", "mkdocstrings"} <= _names(EXTRAS["docs"])


def test_python_dateutil_is_only_the_tests_oracle() -> None:
    assert "python-dateutil" not in _names(PROJECT["dependencies"])
    assert [extra for extra, needs in EXTRAS.items() if "python-dateutil" in _names(needs)] == [
        "test"
    ]
    importers = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            modules = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(m == "dateutil" or m.startswith("dateutil.") for m in modules):
                importers.append(str(path.relative_to(PACKAGE)))
    assert importers == []


@pytest.mark.skipif(
    importlib.util.find_spec("pandas") is not None, reason="pandas is installed here"
)
def test_without_pandas_a_frame_function_names_the_extra() -> None:
    from medins_rules.engine.frames import reimbursement_filing_frame, rule_frame

    with pytest.raises(ImportError, match=r"pip install 'medins-rules\[pandas\]'"):
        reimbursement_filing_frame(None, evaluation_date="2025-12-31")
    with pytest.raises(ImportError, match=r"pip install 'medins-rules\[pandas\]'"):
        rule_frame(None, "refunds.refund")
