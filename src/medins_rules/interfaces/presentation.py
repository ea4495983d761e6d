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
Calendar:
  September 2026
  ...
  [30] 2026-09-30 the application (not counted)
  [10] 2026-10-10 settled at the service point: the card can be collected from
  ...

The same decision in Chinese: every outcome, field and value by its label, the list facts as
tables, the grid's legend in Chinese:

>>> print(render_text(d, lang="zh", grid=False))  # doctest: +ELLIPSIS
deadlines.service_settlement
  参保申请何时办结？
结果：限期办结
关键事实：
  办理渠道：服务点
  申请日期：2026-09-30
  办结日期：2026-10-10
  评估日期：2026-09-30
  适用地区：广州市
理由：
  1. settlement.service_point_working_days
     于2026-09-30在服务点申请：3个工作日内办结，即不迟于2026-10-10（申请当日不计入；法定节假日和周末不计，调休上班日计入）。
     - 《个人如何办理参加医疗保险》
     - 《民法典》第201条第1款
参数：
  街道、医保服务点办结参保的工作日数：3个工作日（enrolment.service_point_settlement；全国，自2011-07-01起施行）

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
import functools
import json
import typing
import unicodedata
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel

from medins_rules.core.calendar import WorkingDayCalendar
from medins_rules.core.errors import UnknownRuleError
from medins_rules.core.labels import enum_label, field_label, value_label
from medins_rules.core.legal import Citation
from medins_rules.core.model import Decision, ParameterUse, RuleSpec
from medins_rules.core.problems import Problem, describe_error, printable
from medins_rules.engine.catalogue import get_rule

__all__ = [
    "Lang",
    "Problem",
    "citation_label",
    "describe_error",
    "field_name",
    "key_facts",
    "list_facts",
    "printable",
    "render_list",
    "render_text",
    "show_value",
    "text_table",
]

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


def _citation_text(citation: Citation, lang: Lang) -> str:
    """A citation in a rendering: in Chinese alone, the Chinese label without the passage's
    English name (the passage is named in the English label, shown with ``lang="both"``)."""
    if lang == "zh":
        return citation.label_zh
    return " | ".join(citation_label(citation, code) for code in _langs(lang))


def _langs(lang: Lang) -> tuple[Literal["en", "zh"], ...]:
    return ("en", "zh") if lang == "both" else (lang,)


def _heading(en: str, zh: str, lang: Lang) -> str:
    return {"en": f"{en}:", "zh": f"{zh}：", "both": f"{en} / {zh}:"}[lang]


def _pair(en: str, zh: str, lang: Lang) -> str:
    """An identifier with its Chinese label: the identifier, the label, or both."""
    if lang == "en" or zh == en:
        return en
    return zh if lang == "zh" else f"{en}（{zh}）"


def field_name(model: type | None, name: str, lang: Lang = "en") -> str:
    """A field's name in a rendering: the identifier (``en``), its Chinese label (``zh``) or both
    (:mod:`medins_rules.core.labels`)."""
    return _pair(name, field_label(model, name, "zh"), lang)


_NONE = {"en": "(none)", "zh": "无", "both": "(none) / 无"}


def show_value(
    value: Any,
    lang: Lang = "en",
    *,
    model: type | None = None,
    field: str | None = None,
    decision: Any = None,
) -> str:
    """A value in a rendering: a day as ``YYYY-MM-DD``, an enum member or an identifier by its
    label (:mod:`medins_rules.core.labels`), a truth as true / 是, a list joined, nothing as
    "(none)" / 无; ``model`` and ``field`` say where the value is (for the labels of identifiers
    a text field holds)."""
    if value is None:
        return _NONE[lang]
    if isinstance(value, bool):
        return _pair("true" if value else "false", "是" if value else "否", lang)
    if isinstance(value, Enum):
        return _pair(str(value.value), enum_label(value, "zh"), lang)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset | set):
        shown = [show_value(v, lang, model=model, field=field, decision=decision) for v in value]
        return ("、" if lang == "zh" else ", ").join(shown) or _NONE[lang]
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    if isinstance(value, str) and field is not None and lang != "en":
        label = value_label(model, field, value, decision)
        if label is not None:
            return label if value in label else _pair(value, label, lang)
    return str(value)


def _bounded(decision: Decision[Any], name: str) -> bool:
    """Whether ``name`` is the bound of a field that is known (``x_earliest`` of a known ``x``):
    shown only while the field waits for a holiday notice."""
    for suffix in ("_earliest", "_latest", "_min", "_max"):
        if name.endswith(suffix):
            base = name.removesuffix(suffix)
            return base in type(decision).model_fields and getattr(decision, base) is not None
    return False


def _models_of(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds a tuple of (``tuple[PaymentResult, ...]``), if it does."""
    if typing.get_origin(annotation) is tuple:
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        if len(args) == 1 and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            return args[0]
    return None


def list_facts(decision: Decision[Any]) -> list[tuple[str, type[BaseModel], tuple[BaseModel, ...]]]:
    """The decision's own fields that hold lists of models (a refund's payments, a checklist's
    items), as ``(field, model, items)``: a rendering shows them as tables."""
    out = []
    for name, info in type(decision).model_fields.items():
        if name in _BASE_FIELDS:
            continue
        model = _models_of(info.annotation)
        if model is not None:
            out.append((name, model, tuple(getattr(decision, name))))
    return out


def key_facts(decision: Decision[Any], lang: Lang = "en") -> list[tuple[str, str]]:
    """The decision's own fields (its key dates and facts), then the evaluation date and place,
    each as ``(name, value)`` in ``lang``. The bounds of a date that is known are left out, and so
    are the lists of models (:func:`list_facts`)."""
    model = type(decision)
    tables = {name for name, _, _ in list_facts(decision)}
    out: list[tuple[str, str]] = []
    for name in model.model_fields:
        if name in _BASE_FIELDS or name in tables or _bounded(decision, name):
            continue
        value = getattr(decision, name)
        if value is None:
            continue
        shown = show_value(value, lang, model=model, field=name, decision=decision)
        out.append((field_name(model, name, lang), shown))
    for name, values in (
        ("possible_outcomes", decision.possible_outcomes),
        ("unpublished_years", decision.unpublished_years),
        ("missing_facts", decision.missing_facts),
    ):
        if values:
            out.append((field_name(model, name, lang), show_value(values, lang)))
    out.append((field_name(model, "evaluation_date", lang), decision.evaluation_date.isoformat()))
    out.append((field_name(model, "jurisdiction", lang), show_value(decision.jurisdiction, lang)))
    return out


def _width(text: str) -> int:
    """The columns ``text`` takes on a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]], *, indent: str = "") -> str:
    """Rows under a header, each column padded to its widest cell (a Chinese character counts two
    columns), two spaces apart.

    >>> print(text_table(["#", "金额"], [["1", "380.00"], ["2", "0.00"]]))
    #  金额
    1  380.00
    2  0.00
    """
    widths = [max(_width(c) for c in column) for column in zip(header, *rows, strict=True)]
    lines = [
        indent + "  ".join(_pad(cell, w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in (header, *rows)
    ]
    return "\n".join(lines)


_LONG_TEXT = ("why_en", "why_zh")
_NOT_IN_TABLE = frozenset({*_LONG_TEXT, "reason_codes"})


def render_list(
    decision: Decision[Any],
    name: str,
    model: type[BaseModel],
    items: Sequence[BaseModel],
    lang: Lang = "en",
) -> list[str]:
    """A list fact as a table: a row an item, a column a field, numbered from 1; the items' long
    texts (a payment's ``why_en`` / ``why_zh``), in the language asked for, as notes under it.
    With ``lang="both"`` the table is in English (identifiers), to stay narrow, and the notes in
    both languages."""
    cells: Lang = "en" if lang == "both" else lang
    title = f"  {field_name(type(decision), name, lang)}{'：' if lang == 'zh' else ':'}"
    if not items:
        return [f"{title} {_NONE[lang]}"]
    columns = [f for f in model.model_fields if f not in _NOT_IN_TABLE]
    header = ["#", *(field_name(model, f, cells) for f in columns)]
    rows = [
        [
            str(number),
            *(
                show_value(getattr(item, f), cells, model=model, field=f, decision=decision)
                for f in columns
            ),
        ]
        for number, item in enumerate(items, start=1)
    ]
    lines = [title, *text_table(header, rows, indent="    ").split("\n")]
    notes = [f for f in _LONG_TEXT if f in model.model_fields and f.endswith(_langs(lang))]
    for number, item in enumerate(items, start=1):
        for f in notes:
            lines.append(f"    {number}. {getattr(item, f)}")
    return lines


_UNITS_ZH = {
    "months": "个月",
    "years": "年",
    "working_days": "个工作日",
    "date": "",
    "choice": "",
    "codes": "",
}
_PARAMETER_VALUES_ZH = {"calendar_year": "自然年度", "not_launched": "尚未上线", "": "无"}


def _parameter_lines(use: ParameterUse, lang: Lang) -> list[str]:
    out: list[str] = []
    if lang != "zh":
        span = f"in force from {use.effective_from.isoformat()}"
        if use.effective_to is not None:
            span += f" to {use.effective_to.isoformat()}"
        out.append(
            f"  {use.name} = {use.value or '(none)'} {use.unit} ({use.jurisdiction.value}, {span})"
        )
    if lang != "en":
        description = _descriptions().get(use.name, use.name)
        value = _PARAMETER_VALUES_ZH.get(use.value, use.value) + _UNITS_ZH.get(use.unit, "")
        span = f"自{use.effective_from.isoformat()}起施行"
        if use.effective_to is not None:
            span = f"{use.effective_from.isoformat()}至{use.effective_to.isoformat()}施行"
        where = enum_label(use.jurisdiction, "zh")
        out.append(f"  {description}：{value}（{use.name}；{where}，{span}）")
    return out


@functools.cache
def _descriptions() -> dict[str, str]:
    from medins_rules.core.parameters import definitions

    return {d.name: d.description_zh for d in definitions()}


def render_text(
    decision: Decision[Any],
    *,
    lang: Lang = "both",
    calendar: WorkingDayCalendar | None = None,
    grid: bool = True,
    colour: bool = False,
) -> str:
    """A readable summary: the rule, the outcome, the key facts, the list facts as tables, each
    reason with its citations, the parameters, and for a deadline a grid of its months.

    ``lang`` is ``"en"``, ``"zh"`` (every outcome, field and value by its Chinese label) or
    ``"both"``. ``calendar`` is the calendar the decision was made with (the bundled one by
    default), from which the grid (:mod:`medins_rules.interfaces.grid`) marks each day; ``grid``
    leaves it out when false, and ``colour`` adds ANSI colours to it. Text from the input is
    escaped (:func:`printable`).
    """
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
    colon = "：" if lang == "zh" else ": "
    lines.append(
        f"{_heading('Outcome', '结果', lang)[:-1]}{colon}{show_value(decision.outcome, lang)}"
    )
    if decision.provisional:
        lines.append(
            {
                "en": "PROVISIONAL: a date relied on a year with no official holiday arrangement",
                "zh": "临时结果：所涉日期依赖尚未公布节假日安排的年份",
                "both": "PROVISIONAL: a date relied on a year with no official holiday arrangement"
                " / 临时结果：所涉日期依赖尚未公布节假日安排的年份",
            }[lang]
        )
    lines.append(_heading("Key facts", "关键事实", lang))
    lines.extend(f"  {name}{colon}{value}" for name, value in key_facts(decision, lang))
    for name, model, items in list_facts(decision):
        lines.extend(render_list(decision, name, model, items, lang))
    lines.append(_heading("Reasons", "理由", lang))
    for number, reason in enumerate(decision.reasons, start=1):
        lines.append(f"  {number}. {reason.code}")
        lines.extend(f"     {reason.message(code)}" for code in langs)
        shown = dict.fromkeys(_citation_text(c, lang) for c in reason.citations)
        lines.extend(f"     - {citation}" for citation in shown)
    if decision.parameters:
        lines.append(_heading("Parameters", "参数", lang))
        for use in decision.parameters:
            lines.extend(_parameter_lines(use, lang))
    text = "\n".join(printable(line) for line in lines)
    if grid:
        from medins_rules.interfaces.grid import deadline_grid

        drawn = deadline_grid(decision, calendar=calendar, lang=lang, colour=colour)
        if drawn is not None:
            text += f"\n{_heading('Calendar', '日历', lang)}\n" + _indent(drawn)
    return text


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.split("\n"))


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
