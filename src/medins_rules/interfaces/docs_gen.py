"""Generated documentation: the reason-code page (``docs/reason-codes.md``).

The page is generated from the catalogue, so every reason code any rule can give is documented with
its English and Chinese message and its citations; a test fails when the committed page differs from
what this module generates. Regenerate it with::

    medins-rules reasons --format markdown > docs/reason-codes.md

>>> table = reason_codes_table()
>>> row = next(r for r in table if r["code"] == "settlement.county_centre_on_the_spot")
>>> row["en"]
'Applied at the county medical insurance centre on {application_date}: settled on the spot.'
>>> "deadlines.service_settlement" in row["rules"]
True
"""

from __future__ import annotations

from typing import Any

from medins_rules.engine.catalogue import all_reasons, rules
from medins_rules.interfaces.presentation import citation_label

__all__ = ["reason_codes_markdown", "reason_codes_table"]

_HEADER = """\
# Reason codes

<!-- Generated from the catalogue: do not edit by hand. Regenerate with
     medins-rules reasons --format markdown > docs/reason-codes.md
     (a test fails when this page is out of date). -->

Every reason code a rule can give, with its English and Chinese message and the law or source
passage it rests on. Codes are stable: a code is never renamed. `{placeholders}` are filled with
the facts of the case (dates as YYYY-MM-DD); the same facts appear in both languages. Codes are
grouped by the first part of the code; "Given by" lists the rules that declare the code (the
shared `period.*` and `calendar.*` codes are given by every rule that computes a period).
"""


def reason_codes_table() -> list[dict[str, Any]]:
    """Every reason code, sorted, with its messages, citations and the rules that declare it."""
    declared: dict[str, list[str]] = {}
    for spec in rules().values():
        for template in spec.reasons:
            declared.setdefault(template.code, []).append(spec.name)
    out = []
    for code, template in sorted(all_reasons().items()):
        out.append(
            {
                "code": code,
                "en": template.en,
                "zh": template.zh,
                "facts": sorted(template.placeholders),
                "citations": [
                    {"en": citation_label(c, "en"), "zh": citation_label(c, "zh")}
                    for c in template.citations
                ],
                "rules": declared.get(code, []),
            }
        )
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reason_codes_markdown() -> str:
    """The reason-code page as Markdown."""
    lines = [_HEADER]
    group = None
    for row in reason_codes_table():
        head = row["code"].split(".", 1)[0]
        if head != group:
            group = head
            lines.append(f"## `{head}.*`\n")
        lines.append(f"### `{row['code']}`\n")
        lines.append(f"- English: {_cell(row['en'])}")
        lines.append(f"- 中文：{_cell(row['zh'])}")
        for citation in row["citations"]:
            lines.append(f"- Cites: {citation['en']} / {citation['zh']}")
        given = ", ".join(f"`{r}`" for r in row["rules"]) or "any rule that computes a period"
        lines.append(f"- Given by: {given}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
