"""The analyst case-file format: a pydantic model, its checks against the catalogue, its JSON Schema.

A case file holds one case (a mapping) or a list of cases. :class:`CaseEntry` is one case as the
file writes it and :class:`Expectation` its ``expect:`` mapping; ``docs/case-files.md`` describes
the format for the analysts who write it, and :func:`case_file_schema` gives it as a JSON Schema
(``medins-rules schema --case-file``), so that an editor completes keys (the input fields, options,
outcomes and reason codes of the rule a case names included) and marks a misspelt one.

Checking a case gives every problem it has at once, each at its path within the case
(:class:`FormatProblem`): what the model refuses (a missing ``description``, an unknown key), and
what the catalogue refuses (a rule, an option, an outcome, a reason code, a decision field or an
error name no rule knows, each with the closest name when there is one).

>>> for problem in check_entry({"name": "Late", "rule": "deadlines.reimbursment_filing",
...                             "input": {}, "expect": {"outcome": "late", "reason_cods": []}}):
...     print(problem)
description: required, a non-empty text: the source sentence the case rests on and why it comes out as it does (shown when the case fails)
expect.reason_cods: not an expectation key; did you mean reason_codes? (keys: absent_reason_codes, error, error_field, fields, outcome, reason_codes)
rule: no rule is called 'deadlines.reimbursment_filing'; did you mean deadlines.reimbursement_filing? (`medins-rules rules` lists them)
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationError,
    model_validator,
)
from pydantic.json_schema import models_json_schema

from medins_rules.core.calendar import YearArrangement, parse_notice
from medins_rules.core.errors import CalendarDataError, MedinsRulesError
from medins_rules.core.model import RuleSpec
from medins_rules.engine.catalogue import all_reasons, rules
from medins_rules.interfaces.schemas import JSON_SCHEMA_DIALECT, accepts_calendar, options_model

__all__ = [
    "CASE_CALENDARS",
    "CaseEntry",
    "Expectation",
    "FormatProblem",
    "KeyPath",
    "case_file_schema",
    "check_entry",
    "did_you_mean",
    "error_names",
    "read_notices",
]

KeyPath = tuple[str | int, ...]
"""A path within a case: keys and list indices (``("expect", "reason_codes", 0)``)."""

CASE_CALENDARS = ("partial", "strict", "provisional", "official")
"""The values of ``calendar:`` (``official`` is the older spelling of ``strict``)."""

_SURROGATE = re.compile("[\ud800-\udfff]")


def _empty_if_none(empty: object) -> Any:
    """A before-validator reading a key written without a value (``options:``) as empty."""

    def read(value: object) -> object:
        return empty if value is None else value

    return BeforeValidator(read)


CaseText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A non-empty text (surrounding blanks dropped)."""

CaseCalendar = Literal["partial", "strict", "provisional", "official"]


def _notice_kind(value: object) -> str:
    return "file" if isinstance(value, str) else "inline"


Notice = Annotated[
    Annotated[YearArrangement, Tag("inline")] | Annotated[str, Tag("file")],
    Discriminator(_notice_kind),
]
"""A year's holiday notice: its keys inline, or the path of a notice file (TOML, relative to the
case file)."""


class Expectation(BaseModel):
    """What a case expects: an ``outcome`` (with reason codes and decision fields), or an ``error``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: str | None = Field(
        default=None,
        description="The outcome the rule must give (`medins-rules rules` lists each rule's "
        "outcomes). Give an outcome or an error, not both.",
    )
    reason_codes: Annotated[tuple[str, ...], _empty_if_none(())] = Field(
        default=(),
        description="Reason codes that must appear among the decision's codes (others may appear "
        "too).",
    )
    absent_reason_codes: Annotated[tuple[str, ...], _empty_if_none(())] = Field(
        default=(), description="Reason codes that must not appear among the decision's codes."
    )
    fields: Annotated[dict[str, Any], _empty_if_none({})] = Field(
        default_factory=dict,
        description="Decision fields that must equal these values, written as JSON gives them "
        "(dates as YYYY-MM-DD, money as a number or a decimal text).",
    )
    error: str | None = Field(
        default=None,
        description="The case must be refused with this error: its class name or the name of a "
        "base class (ValidationError, CalendarYearNotCoveredError, ParameterNotInForceError, "
        "MedinsRulesError, ValueError...). Give an outcome or an error, not both.",
    )
    error_field: str | None = Field(
        default=None, description="With error: a field the error's message must name."
    )

    @model_validator(mode="after")
    def _outcome_or_error(self) -> Expectation:
        if (self.outcome is None) == (self.error is None):
            raise ValueError("give an outcome or an error (one of them)")
        if self.error is not None:
            extra = [
                key
                for key in ("reason_codes", "absent_reason_codes", "fields")
                if getattr(self, key)
            ]
            if extra:
                raise ValueError(
                    f"an error case takes only error and error_field; remove {', '.join(extra)}"
                )
        return self


class CaseEntry(BaseModel):
    """One analyst case, as a case file writes it (a file holds one, or a list of them)."""

    model_config = ConfigDict(frozen=True, extra="forbid", title="medins-rules analyst case")

    name: CaseText = Field(
        description="Required. What the case shows, as a sentence; unique within its file "
        "(the test's name)."
    )
    description: CaseText = Field(
        description="Required. The source sentence the case rests on and why it comes out as it "
        "does, in prose; shown when the case fails."
    )
    rule: CaseText = Field(
        description="Required. The rule's name, e.g. deadlines.reimbursement_filing "
        "(`medins-rules rules` lists them)."
    )
    input: dict[str, Any] = Field(
        description="Required. The rule's input, as JSON would give it (`medins-rules schema RULE "
        "--part input`); dates stay text (YYYY-MM-DD), so a wrong day reaches the rule."
    )
    options: Annotated[dict[str, Any], _empty_if_none({})] = Field(
        default_factory=dict,
        description="The rule's interpretive-choice options (`medins-rules schema RULE --part "
        "options`); the default reading of each when left out.",
    )
    calendar: CaseCalendar = Field(
        default="partial",
        description="How days of a year whose holiday notice is not published are read: partial "
        "(the default) from the national holiday regulations, deciding wherever the outcome cannot "
        "change; strict refuses them; provisional guesses the days the regulations leave open and "
        "marks the decision provisional (official: the older spelling of strict).",
    )
    notices: Annotated[tuple[Notice, ...], _empty_if_none(())] = Field(
        default=(),
        description="Holiday notices of years the bundled calendar does not hold yet, each as its "
        "keys inline (year, source, holidays, make_up_working_days) or the path of a notice file "
        "(TOML, relative to the case file; template: `medins-rules notice-template`).",
    )
    expect: Expectation = Field(
        description="Required. What the rule must answer: an outcome (with reason codes and "
        "decision fields) or an error."
    )


_REQUIRED = MappingProxyType(
    {
        "name": "a non-empty text: what the case shows, as a sentence",
        "description": (
            "a non-empty text: the source sentence the case rests on and why it comes out as it does "
            "(shown when the case fails)"
        ),
        "rule": "a rule name (`medins-rules rules` lists them)",
        "input": "a mapping of the rule's input fields",
        "expect": "a mapping with an outcome or an error",
        "year": "the notice's year",
        "source": "the notice's title",
        "holidays": "the rest days the notice gives off weekends",
    }
)
_KIND: Mapping[KeyPath, tuple[str, type[BaseModel]]] = MappingProxyType(
    {
        (): ("not a case-file key", CaseEntry),
        ("expect",): ("not an expectation key", Expectation),
        ("notices", "*"): ("not a key of a holiday notice", YearArrangement),
    }
)


@dataclass(frozen=True, slots=True)
class FormatProblem:
    """One thing wrong with a case: where it is (``path`` within the case) and what."""

    path: KeyPath
    message: str
    line: int | None = None
    """The line, when the problem knows it better than its key's (a key given twice: the second)."""

    @property
    def key(self) -> str:
        """The path as the case file reads: ``expect.reason_codes[1]``."""
        return _dotted(self.path)

    def __str__(self) -> str:
        return f"{self.key}: {self.message}" if self.path else self.message


def _dotted(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """``"; did you mean X?"`` for the choice closest to ``word``, or ``""`` when none is close."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


# -- checking a case ----------------------------------------------------------------------------------


ReadFile = Callable[[str], str]
"""Reads a file a case names (a notice file) by the name the case gives, relative to the case
file; raises :class:`OSError` or :class:`UnicodeDecodeError` when it cannot."""


def check_entry(raw: object, *, read_file: ReadFile | None = None) -> list[FormatProblem]:
    """Every problem of one case as read from its file (none for a case that follows the format).

    ``raw`` is the case's mapping; notice files named under ``notices:`` are read with
    ``read_file`` (the case-file reader passes one reading beside the case file) and checked too.
    The problems are sorted by path.
    """
    if not isinstance(raw, dict):
        return [FormatProblem((), "expected a mapping with name, description, rule, input, expect")]
    problems = _model_problems(raw)
    problems.extend(_catalogue_problems(raw))
    _, notice_problems = read_notices(raw.get("notices"), read_file=read_file)
    problems.extend(notice_problems)
    unique = {(p.path, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: [str(part) for part in p.path])


def _model_problems(raw: Mapping[str, Any]) -> list[FormatProblem]:
    try:
        CaseEntry.model_validate(raw)
    except ValidationError as exc:
        return [_problem(error, raw) for error in exc.errors(include_url=False)]
    return []


def _problem(error: Any, raw: Mapping[str, Any]) -> FormatProblem:
    path: KeyPath = tuple(part for part in error["loc"] if part not in ("inline", "file"))
    kind = error["type"]
    given = error.get("input")
    key = path[-1] if path else None
    if kind == "missing":
        what = _REQUIRED.get(str(key))
        return FormatProblem(path, f"required, {what}" if what else "required")
    if kind == "extra_forbidden":
        label, model = _KIND.get(_kind_of(path[:-1]), ("not a key here", CaseEntry))
        known = sorted(model.model_fields) if _kind_of(path[:-1]) in _KIND else []
        return FormatProblem(
            path,
            f"{label}{did_you_mean(key, known)} (keys: {', '.join(known)})" if known else label,
        )
    if kind == "string_unicode" and isinstance(given, str):
        surrogate = _SURROGATE.search(given)
        if surrogate:
            return FormatProblem(
                path,
                f"holds a lone surrogate (\\u{ord(surrogate.group()):04x}), which is not a "
                "character; write the character itself",
            )
    if kind in ("string_type", "string_too_short"):
        return FormatProblem(path, f"expected a non-empty text; got {_shown(given)}")
    if kind == "literal_error" and path == ("calendar",):
        return FormatProblem(
            path,
            f"expected partial, strict or provisional; got {given!r}"
            f"{did_you_mean(given, CASE_CALENDARS)}",
        )
    if kind in ("tuple_type", "list_type") and path and path[-1] in _CODE_KEYS:
        return FormatProblem(
            path, f"expected a list of reason codes ([code, ...]); got {_shown(given)}"
        )
    if kind in ("dict_type", "model_type"):
        wanted = {"input": "a mapping of the rule's input fields"}.get(str(key), "a mapping")
        return FormatProblem(path, f"expected {wanted}; got {_shown(given)}")
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind != "value_error" and not isinstance(given, dict | list):
        message += f" (got {_shown(given)})"
    return FormatProblem(path, message)


_CODE_KEYS = ("reason_codes", "absent_reason_codes")


def _kind_of(parent: KeyPath) -> KeyPath:
    if len(parent) == 2 and parent[0] == "notices":
        return ("notices", "*")
    return parent


def _shown(value: object) -> str:
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:50]}... ({len(text)} characters)"


def _catalogue_problems(raw: Mapping[str, Any]) -> list[FormatProblem]:
    """What the catalogue refuses: names of rules, options, outcomes, codes, fields and errors."""
    out: list[FormatProblem] = []
    name = raw.get("rule")
    spec = rules().get(name.strip()) if isinstance(name, str) else None
    if isinstance(name, str) and name.strip() and spec is None:
        out.append(
            FormatProblem(
                ("rule",),
                f"no rule is called {name.strip()!r}{did_you_mean(name.strip(), rules())} "
                "(`medins-rules rules` lists them)",
            )
        )
    expect = raw.get("expect")
    expect = expect if isinstance(expect, dict) else {}
    if "expect" in raw and (expect.get("outcome") is None) == (expect.get("error") is None):
        out.append(FormatProblem(("expect",), "give an outcome or an error (one of them)"))
    if spec is not None:
        out.extend(_options_problems(spec, raw.get("options")))
        out.extend(_calendar_problems(spec, raw))
        out.extend(_outcome_problems(spec, expect.get("outcome")))
        out.extend(_field_problems(spec, expect.get("fields")))
    for key in _CODE_KEYS:
        out.extend(_code_problems(spec, key, expect.get(key)))
    error = expect.get("error")
    if isinstance(error, str) and error not in error_names():
        out.append(
            FormatProblem(
                ("expect", "error"),
                f"no error of the package is called {error!r}{did_you_mean(error, error_names())} "
                "(ValidationError for a field the input model refuses; the other errors are "
                "drawn in medins_rules.core.errors)",
            )
        )
    return out


def _options_problems(spec: RuleSpec, options: object) -> list[FormatProblem]:
    if not isinstance(options, dict) or not options:
        return []
    model = options_model(spec)
    if model is None:
        return [
            FormatProblem(
                ("options",),
                f"the rule {spec.name} has no interpretive-choice options; got "
                f"{', '.join(map(str, options))}",
            )
        ]
    try:
        model.model_validate(options)
    except ValidationError as exc:
        out: list[FormatProblem] = []
        known = sorted(model.model_fields)
        for error in exc.errors(include_url=False):
            path: KeyPath = ("options", *error["loc"])
            if error["type"] == "extra_forbidden":
                key = error["loc"][-1]
                out.append(
                    FormatProblem(
                        path,
                        f"not an option of {spec.name}{did_you_mean(key, known)} "
                        f"(options: {', '.join(known)})",
                    )
                )
            else:
                message = str(error["msg"]).removeprefix("Value error, ")
                out.append(FormatProblem(path, f"{message} (got {_shown(error.get('input'))})"))
        return out
    return []


def _calendar_problems(spec: RuleSpec, raw: Mapping[str, Any]) -> list[FormatProblem]:
    if accepts_calendar(spec):
        return []
    out: list[FormatProblem] = []
    calendar = raw.get("calendar")
    if isinstance(calendar, str) and calendar in CASE_CALENDARS and calendar != "partial":
        out.append(
            FormatProblem(
                ("calendar",),
                f"the rule {spec.name} does not read the working-day calendar, so "
                f"`calendar: {calendar}` does not apply; leave it out",
            )
        )
    if raw.get("notices"):
        out.append(
            FormatProblem(
                ("notices",),
                f"the rule {spec.name} does not read the working-day calendar, so holiday notices "
                "do not apply; leave them out",
            )
        )
    return out


def _outcome_problems(spec: RuleSpec, outcome: object) -> list[FormatProblem]:
    outcomes = [o.value for o in spec.outcomes]
    if not isinstance(outcome, str) or outcome in outcomes:
        return []
    return [
        FormatProblem(
            ("expect", "outcome"),
            f"{outcome!r} is not an outcome of {spec.name}{did_you_mean(outcome, outcomes)} "
            f"(outcomes: {', '.join(outcomes)})",
        )
    ]


def _field_problems(spec: RuleSpec, fields: object) -> list[FormatProblem]:
    if not isinstance(fields, dict):
        return []
    known = decision_fields(spec)
    return [
        FormatProblem(
            ("expect", "fields", name),
            f"the decision of {spec.name} has no such field{did_you_mean(name, known)} "
            f"(fields: {', '.join(known)})",
        )
        for name in fields
        if name not in known
    ]


def _code_problems(spec: RuleSpec | None, key: str, codes: object) -> list[FormatProblem]:
    if not isinstance(codes, list | tuple):
        return []
    known = all_reasons()
    own = [t.code for t in spec.reasons] if spec is not None else []
    out: list[FormatProblem] = []
    for index, code in enumerate(codes):
        if isinstance(code, str) and code not in known:
            hint = did_you_mean(code, own) or did_you_mean(code, known)
            out.append(
                FormatProblem(
                    ("expect", key, index),
                    f"no rule gives the reason code {code!r}{hint} (`medins-rules reasons` lists "
                    "them)",
                )
            )
    return out


@functools.cache
def decision_fields(spec: RuleSpec) -> tuple[str, ...]:
    """The fields of the rule's decision as it serialises (what ``expect.fields`` may name)."""
    schema = spec.decision_model.model_json_schema(mode="serialization")
    return tuple(schema.get("properties", {}))


@functools.cache
def error_names() -> frozenset[str]:
    """The names ``expect.error`` may give: every error class the package raises on purpose and
    their base classes, and pydantic's ``ValidationError``."""
    rules()  # the rule modules define errors of their own (a division code no list holds...)
    names: set[str] = set()
    stack: list[type[BaseException]] = [MedinsRulesError, ValidationError]
    while stack:
        cls = stack.pop()
        names.update(c.__name__ for c in cls.__mro__ if c is not object)
        stack.extend(cls.__subclasses__())
    return frozenset(names)


# -- notices ------------------------------------------------------------------------------------------


def read_notices(
    given: object, *, read_file: ReadFile | None = None
) -> tuple[tuple[YearArrangement, ...], list[FormatProblem]]:
    """The notices a case names under ``notices:``, each checked against the national holiday
    regulations, and the problems of those that cannot be used (at ``notices[i]``).

    A notice file is read with ``read_file`` (without one, only inline notices can be used). An
    inline notice the model refuses is left to :class:`CaseEntry`'s own problems.
    """
    if not isinstance(given, list | tuple):
        return (), []
    found: list[YearArrangement] = []
    problems: list[FormatProblem] = []
    for index, item in enumerate(given):
        path: KeyPath = ("notices", index)
        if isinstance(item, str):
            if read_file is None:
                problems.append(
                    FormatProblem(
                        path, "a notice file is read beside a case file; write its keys inline"
                    )
                )
                continue
            try:
                text = read_file(item)
            except (OSError, UnicodeDecodeError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
                problems.append(
                    FormatProblem(path, f"cannot read the notice file {item}: {reason}")
                )
                continue
            try:
                found.append(parse_notice(text, where=item))
            except CalendarDataError as exc:
                problems.append(FormatProblem(path, str(exc)))
            continue
        try:
            arrangement = YearArrangement.model_validate(item)
        except ValidationError:
            continue  # reported by the model, at the key
        try:
            arrangement.check_against_regulations()
        except CalendarDataError as exc:
            problems.append(FormatProblem(path, str(exc)))
            continue
        found.append(arrangement)
    return tuple(found), problems


# -- the JSON Schema ----------------------------------------------------------------------------------


def case_file_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a case file: one case or a list of cases.

    Beyond the keys of :class:`CaseEntry`, each rule adds its own: a case naming it completes the
    rule's input fields and options, its outcomes, its reason codes and its decision's fields. The
    input of a case that expects an error is not held to the input schema (it is meant to be
    refused); its fields are still offered.
    """
    specs = list(rules().values())
    models: list[tuple[type[BaseModel], Literal["validation", "serialization"]]] = [
        (CaseEntry, "validation")
    ]
    for spec in specs:
        models.append((spec.input_model, "validation"))
        option_model = options_model(spec)
        if option_model is not None:
            models.append((option_model, "validation"))
    refs, top = models_json_schema(models, ref_template="#/$defs/{model}")
    defs: dict[str, Any] = dict(top.get("$defs", {}))

    def ref(model: type[BaseModel]) -> dict[str, Any]:
        return dict(refs[(model, "validation")])

    codes = sorted(all_reasons())
    case_name = str(ref(CaseEntry)["$ref"]).rsplit("/", 1)[-1]
    case = defs[case_name]
    case["properties"]["rule"] = {
        **case["properties"]["rule"],
        "enum": [spec.name for spec in specs],
    }
    for key in _CODE_KEYS:
        defs["Expectation"]["properties"][key]["items"] = {"type": "string", "enum": codes}
    conditions: list[dict[str, Any]] = []
    for spec in specs:
        option_model = options_model(spec)
        loose = {
            "type": "object",
            "properties": {
                field: {"description": info.description or field}
                for field, info in spec.input_model.model_fields.items()
            },
        }
        own_codes = sorted({t.code for t in spec.reasons})
        fields = decision_fields(spec)
        expect = {
            "properties": {
                "outcome": {"enum": [o.value for o in spec.outcomes]},
                "reason_codes": {"items": {"enum": own_codes}},
                "fields": {
                    "type": "object",
                    "properties": {field: {} for field in fields},
                    "additionalProperties": False,
                },
            }
        }
        then: dict[str, Any] = {
            "properties": {
                "expect": expect,
                "options": (
                    ref(option_model) if option_model is not None else {"maxProperties": 0}
                ),
            },
            "if": {"properties": {"expect": {"required": ["error"]}}, "required": ["expect"]},
            "then": {"properties": {"input": loose}},
            "else": {"properties": {"input": ref(spec.input_model)}},
        }
        conditions.append(
            {
                "if": {"properties": {"rule": {"const": spec.name}}, "required": ["rule"]},
                "then": then,
            }
        )
    case["allOf"] = conditions
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "medins-rules case file",
        "description": "Analyst cases: one case (a mapping) or a list of cases. Each names a rule, "
        "gives its input and what to expect (`medins-rules test --help`).",
        "anyOf": [
            {"$ref": f"#/$defs/{case_name}"},
            {"type": "array", "items": {"$ref": f"#/$defs/{case_name}"}, "minItems": 1},
        ],
        "$defs": defs,
    }
