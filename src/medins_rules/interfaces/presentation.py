"""Readable renderings of decisions, rules and errors (for the command line and the case runner).

Nothing here decides anything: it formats what the rules return.

>>> from medins_rules.engine.catalogue import evaluate
>>> d = evaluate("deadlines.service_settlement", {
...     "application_date": "2026-09-30", "channel": "service_point", "evaluation_date": "2026-09-30"})
>>> print(render_text(d, lang="en"))  # doctest: +ELLIPSIS
deadlines.service_settlement
  When is an enrolment application settled?
Outcome: settled_by_date
Key facts:
  channel: service_point
  application_date: 2026-09-30
  settlement_date: 2026-10-10
  evaluation_date: 2026-09-30
  jurisdiction: 440100
Reasons:
  1. settlement.service_point_working_days
     Applied at a service point on 2026-09-30: settled within 3 working days, by 2026-10-10 ...
     - ..., passage 'service_point'
     - Civil Code of the People's Republic of China, art. 201, para. 1
Parameters:
  enrolment.service_point_settlement = 3 working_days (CN, in force from 2011-07-01)

>>> from pydantic import ValidationError
>>> try:
...     evaluate("deadlines.service_settlement", {"application_date": "2026-02-30"})
... except ValidationError as exc:
...     for problem in describe_error(exc):
...         print(problem)
application_date: Input should be a valid date or datetime, day value is outside expected range (got '2026-02-30')
channel: Field required
evaluation_date: Field required
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel

from medins_rules.core.errors import UnknownRuleError
from medins_rules.core.legal import Citation
from medins_rules.core.model import Decision, RuleSpec
from medins_rules.core.problems import Problem, describe_error, printable
from medins_rules.engine.catalogue import get_rule

__all__ = ["Lang", "Problem", "citation_label", "describe_error", "printable", "render_text"]

Lang = Literal["en", "zh", "both"]

_BASE_FIELDS = frozenset(Decision.model_fields)


def citation_label(citation: Citation, lang: Literal["en", "zh"]) -> str:
    """A one-line label for a citation in one language."""
    if lang == "en":
        return citation.label
    label = citation.label_zh
    if citation.passage is not None:
        label += f"（{citation.passage}）"
    return label


def _langs(lang: Lang) -> tuple[Literal["en", "zh"], ...]:
    return ("en", "zh") if lang == "both" else (lang,)


def _heading(en: str, zh: str, lang: Lang) -> str:
    return {"en": en, "zh": zh, "both": f"{en} / {zh}"}[lang]


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset | set):
        return ", ".join(_value(v) for v in value) or "(none)"
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    return str(value)


def _bounded(decision: Decision[Any], name: str) -> bool:
    """Whether ``name`` is the bound of a field that is known (``x_earliest`` of a known ``x``):
    shown only while the field waits for a holiday notice."""
    for suffix in ("_earliest", "_latest", "_min", "_max"):
        if name.endswith(suffix):
            base = name.removesuffix(suffix)
            return base in type(decision).model_fields and getattr(decision, base) is not None
    return False


def key_facts(decision: Decision[Any]) -> list[tuple[str, str]]:
    """The decision's own fields (its key dates and facts), then the evaluation date and place.
    The bounds of a date that is known are left out."""
    out: list[tuple[str, str]] = []
    for name in type(decision).model_fields:
        if name in _BASE_FIELDS or _bounded(decision, name):
            continue
        value = getattr(decision, name)
        if value is None:
            continue
        out.append((name, _value(value)))
    if decision.possible_outcomes:
        out.append(("possible_outcomes", ", ".join(o.value for o in decision.possible_outcomes)))
    if decision.unpublished_years:
        out.append(("unpublished_years", ", ".join(map(str, decision.unpublished_years))))
    out.append(("evaluation_date", decision.evaluation_date.isoformat()))
    out.append(("jurisdiction", decision.jurisdiction.value))
    return out


def render_text(decision: Decision[Any], *, lang: Lang = "both") -> str:
    """A readable summary: the rule, the outcome, the key facts, each reason with its citations."""
    langs = _langs(lang)
    lines = [decision.rule]
    try:
        spec: RuleSpec | None = get_rule(decision.rule)
    except UnknownRuleError:
        spec = None
    if spec is not None:
        if "en" in langs:
            lines.append(f"  {spec.summary_en}")
        if "zh" in langs:
            lines.append(f"  {spec.summary_zh}")
    lines.append(f"{_heading('Outcome', '结果', lang)}: {decision.outcome.value}")
    if decision.provisional:
        lines.append(
            _heading(
                "PROVISIONAL: a date relied on a year with no official holiday arrangement",
                "临时结果：所涉日期依赖尚未公布节假日安排的年份",
                lang,
            )
        )
    lines.append(f"{_heading('Key facts', '关键事实', lang)}:")
    lines.extend(f"  {name}: {value}" for name, value in key_facts(decision))
    lines.append(f"{_heading('Reasons', '理由', lang)}:")
    for number, reason in enumerate(decision.reasons, start=1):
        lines.append(f"  {number}. {reason.code}")
        lines.extend(f"     {reason.message(code)}" for code in langs)
        for citation in reason.citations:
            lines.append(f"     - {' | '.join(citation_label(citation, code) for code in langs)}")
    if decision.parameters:
        lines.append(f"{_heading('Parameters', '参数', lang)}:")
        for use in decision.parameters:
            span = f"in force from {use.effective_from.isoformat()}"
            if use.effective_to is not None:
                span += f" to {use.effective_to.isoformat()}"
            lines.append(
                f"  {use.name} = {use.value or '(none)'} {use.unit} "
                f"({use.jurisdiction.value}, {span})"
            )
    return "\n".join(printable(line) for line in lines)


def rule_citations(spec: RuleSpec) -> list[Citation]:
    """Every citation the rule's reasons rest on, once each, in order of first appearance."""
    seen: dict[Citation, None] = {}
    for template in spec.reasons:
        for citation in template.citations:
            seen.setdefault(citation, None)
    return list(seen)


def describe_rule(spec: RuleSpec) -> dict[str, Any]:
    """A rule as plain data: name, summaries, inputs, options, outcomes, reason codes, citations."""
    from medins_rules.interfaces.schemas import options_model

    def fields(model: type[BaseModel] | None) -> list[dict[str, Any]]:
        if model is None:
            return []
        schema = model.model_json_schema(mode="validation")
        required = set(schema.get("required", ()))
        out = []
        for name, prop in schema.get("properties", {}).items():
            entry: dict[str, Any] = {"name": name, "type": _schema_type(prop, schema)}
            if name in required:
                entry["required"] = True
            else:
                entry["default"] = prop.get("default")
            out.append(entry)
        return out

    return {
        "name": spec.name,
        "summary_en": spec.summary_en,
        "summary_zh": spec.summary_zh,
        "inputs": fields(spec.input_model),
        "options": fields(options_model(spec)),
        "outcomes": [o.value for o in spec.outcomes],
        "reason_codes": [t.code for t in spec.reasons],
        "citations": [
            {"en": citation_label(c, "en"), "zh": citation_label(c, "zh")}
            for c in rule_citations(spec)
        ],
    }


def _schema_type(prop: dict[str, Any], root: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        prop = root.get("$defs", {}).get(name, {})
    if "enum" in prop:
        return "one of " + ", ".join(str(v) for v in prop["enum"])
    if "anyOf" in prop:
        return " or ".join(_schema_type(p, root) for p in prop["anyOf"])
    kind = prop.get("type", "any")
    if kind == "string" and "format" in prop:
        return str(prop["format"])
    if kind == "array" and "items" in prop:
        return f"list of {_schema_type(prop['items'], root)}"
    if kind == "null":
        return "null"
    return str(kind)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def render_rules(specs: Iterable[RuleSpec]) -> str:
    """Every rule with its inputs, options, outcomes and citations, as text."""
    blocks = []
    for spec in specs:
        info = describe_rule(spec)
        lines = [info["name"], f"  {info['summary_en']}", f"  {info['summary_zh']}", "  inputs:"]
        for field in info["inputs"]:
            state = "required" if field.get("required") else f"default {_json(field['default'])}"
            lines.append(f"    {field['name']}: {field['type']} ({state})")
        if info["options"]:
            lines.append("  options (--options JSON):")
            for field in info["options"]:
                lines.append(
                    f"    {field['name']}: {field['type']} (default {_json(field['default'])})"
                )
        lines.append(f"  outcomes: {', '.join(info['outcomes'])}")
        lines.append("  citations:")
        lines.extend(f"    - {c['en']} | {c['zh']}" for c in info["citations"])
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
