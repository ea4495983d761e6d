"""Shared test configuration: hypothesis profiles and the location of the source documents."""

from __future__ import annotations

import importlib
import os
import pkgutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The folder of source documents the rules quote (kept beside the repository)."""
    path = SHARED / "sources"
    if not path.is_dir():
        pytest.skip("the source documents are not beside this checkout")
    return path


@pytest.fixture(scope="session")
def legal_notes() -> str:
    """The project's legal notes (kept beside the repository)."""
    path = SHARED / "LEGAL_NOTES.md"
    if not path.is_file():
        pytest.skip("the legal notes are not beside this checkout")
    return path.read_text("utf-8")


def _memos() -> list[object]:
    """Every module-level memo of the package (they offer ``cache_clear``, as ``lru_cache`` does)."""
    import medins_rules

    found = []
    for info in pkgutil.walk_packages(medins_rules.__path__, "medins_rules."):
        if info.name.startswith(("medins_rules.testing.strategies", "medins_rules.engine.frames")):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra (numpy) is not installed
            continue
        found.extend(v for v in vars(module).values() if callable(getattr(v, "cache_clear", None)))
    return found


@pytest.fixture(autouse=bool(os.environ.get("MUTANT_UNDER_TEST")))
def _fresh_memos() -> None:
    """Under mutation testing, every test starts with empty memos.

    The mutation tool forks each mutant's run from a process that has already run the tests, so the
    package's memos hold answers of the unmutated code, and a mutant in a memoised function would
    never run. Emptying them makes every mutant reachable (the normal suite keeps its memos).
    """
    for memo in _memos():
        memo.cache_clear()  # type: ignore[attr-defined]
