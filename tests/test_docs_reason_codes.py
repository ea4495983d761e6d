"""``docs/reason-codes.md`` documents every reason code, and is exactly what the catalogue generates."""

from __future__ import annotations

from pathlib import Path

from medins_rules.engine import catalogue
from medins_rules.interfaces.docs_gen import reason_codes_markdown

PAGE = Path(__file__).resolve().parent.parent / "docs" / "reason-codes.md"
REGENERATE = "medins-rules reasons --format markdown > docs/reason-codes.md"


def test_the_reason_code_page_is_up_to_date() -> None:
    assert PAGE.read_text("utf-8") == reason_codes_markdown(), (
        f"docs/reason-codes.md is out of date; regenerate it with: {REGENERATE}"
    )


def test_every_reason_code_has_a_section_with_both_messages() -> None:
    page = PAGE.read_text("utf-8")
    for code, template in catalogue.all_reasons().items():
        section = page.split(f"### `{code}`\n", 1)
        assert len(section) == 2, f"{code} is not documented"
        body = section[1].split("\n### ", 1)[0]
        assert template.en in body.replace("\\|", "|")
        assert template.zh in body.replace("\\|", "|")
        assert "- Cites: " in body
