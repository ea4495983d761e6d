"""Shared test configuration: hypothesis profiles and the location of the source documents."""

from __future__ import annotations

import os
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
