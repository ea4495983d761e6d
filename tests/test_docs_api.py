"""The API page (``docs/api.md``) documents every public name, from the module that defines it,
and is the one ``scripts/generate-api-page`` writes."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import medins_rules
from medins_rules.interfaces.docs_gen import api_reference_markdown

PAGE = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def test_the_api_page_is_current() -> None:
    assert PAGE.read_text("utf-8") == api_reference_markdown(), (
        "docs/api.md is out of date: run scripts/generate-api-page"
    )


def test_the_api_page_documents_every_public_name_once_where_it_is_defined() -> None:
    entries = re.findall(r"^::: medins_rules\.(\S+)\.(\w+)$", PAGE.read_text("utf-8"), re.M)
    names = [name for _, name in entries]
    assert sorted(names) == sorted(set(medins_rules.__all__) - {"__version__"})
    for module, name in entries:
        assert getattr(importlib.import_module(f"medins_rules.{module}"), name) is getattr(
            medins_rules, name
        )
