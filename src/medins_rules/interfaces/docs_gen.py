"""Generated documentation: the reason-code page (``docs/reason-codes.md``) and the API page
(``docs/api.md``).

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

__all__ = ["api_reference_markdown", "reason_codes_markdown", "reason_codes_table"]

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


# -- the API reference page ---------------------------------------------------------------------------

_API_SECTIONS = (
    ("Evaluating rules by name, one or many", ("engine",)),
    ("Reimbursement filing", ("processes.reimbursement",)),
    ("Off-site filing residence", ("processes.offsite_filing",)),
    ("Enrolment and its settlement", ("processes.enrolment",)),
    ("Online suspension", ("processes.suspension",)),
    ("Online cancellation", ("processes.cancellation",)),
    ("The resident card", ("processes.card",)),
    ("Retirement", ("processes.retirement",)),
    ("Refunds", ("processes.refunds",)),
    ("Materials", ("processes.materials",)),
    ("Journeys: a person's plan", ("journeys",)),
    ("Decisions and reasons", ("core.model",)),
    ("The law, the parameters and the periods", ("core.legal", "core.parameters", "core.periods")),
    ("The working-day calendar", ("core.calendar",)),
    ("Errors", ("core.errors",)),
)
"""The sections of the API page, each with the modules (or packages) whose public names it holds."""

_API_HEADER = """\
# Python API

<!-- Generated from medins_rules.__all__: do not edit by hand. Regenerate with
     .venv/bin/python scripts/generate-api-page
     (a test fails when this page is out of date). -->

Every public name of the package, each importable from `medins_rules` itself
(`from medins_rules import reimbursement_filing`), documented from its docstring. The pages of each
process ([deadlines](deadlines.md), [eligibility](eligibility.md), [refunds](refunds.md),
[materials](materials.md), [journeys](journeys.md)) show them at work.
"""


def api_reference_markdown() -> str:
    """The API reference page (``docs/api.md``): every name of ``medins_rules.__all__`` but
    ``__version__``, by section, each rendered by mkdocstrings from the module that defines it.

    >>> page = api_reference_markdown()
    >>> "::: medins_rules.processes.reimbursement.reimbursement_filing" in page
    True
    """
    import medins_rules

    exports = medins_rules._EXPORTS

    def section(module: str) -> int:
        for index, (_, prefixes) in enumerate(_API_SECTIONS):
            if any(module == p or module.startswith(f"{p}.") for p in prefixes):
                return index
        raise ValueError(f"the module {module} of a public name is in no section of the API page")

    by_section: dict[int, list[str]] = {}
    for name, module in exports.items():
        by_section.setdefault(section(module), []).append(name)
    missing = sorted(set(medins_rules.__all__) - set(exports) - {"__version__"})
    if missing:
        raise ValueError(f"public names the API page cannot place: {', '.join(missing)}")
    lines = [_API_HEADER]
    for index, (title, _) in enumerate(_API_SECTIONS):
        lines.append(f"## {title}\n")
        lines.extend(f"::: medins_rules.{exports[name]}.{name}\n" for name in by_section[index])
    return "\n".join(lines)
