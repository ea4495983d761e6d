"""The web service: every rule of the catalogue over HTTP (``medins-rules serve``).

The counterpart of ``openfisca serve``, built on FastAPI (the optional extra ``serve``:
``pip install 'medins-rules[serve]'``). :data:`router` (or :func:`create_router`, to set the
limits) mounts the service in an existing FastAPI application; :func:`create_app` makes a
stand-alone one, and :func:`run` serves it with uvicorn. Nothing here decides anything: each request
is validated by the rule's own input model and decided by :func:`~medins_rules.engine.catalogue.evaluate`.

Endpoints (under the router's prefix):

* ``POST /v1/rules/{rule}``: one case (the body is the rule's input model); the query gives the
  rule's interpretive-choice options by name (``?roll_forward=false``) and, for the rules that read
  the working-day calendar, ``calendar=partial|strict|provisional``. The answer is the decision.
* ``POST /v1/rules/{rule}/batch``: many cases, as JSON Lines (``Content-Type: application/x-ndjson``)
  or as a JSON array; the answer streams one JSON line a record, in order (``application/x-ndjson``):
  ``{"index": 0, "ok": true, "decision": {...}}`` or ``{"index": 1, "ok": false, "errors": [...]}``.
* ``GET /v1/rules`` (the catalogue), ``GET /v1/rules/{rule}`` (the rule's input, options and
  decision JSON Schemas), ``GET /healthz``.

Every refusal has one shape, FastAPI's: ``{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}``,
where ``loc`` names where the problem is (``["body", "filing_date"]``, ``["query", "calendar"]``,
in a batch ``["body", 3, "payment_date"]``). A refused case is a 422, whether pydantic refused a
field, a cross-field check refused it, or the rule refused a date its parameters or its calendar do
not cover (``CalendarYearNotCoveredError``, ``ParameterNotInForceError``: their ``loc`` is the field
their message starts with). An unknown rule is a 404 that suggests the closest name; a body larger
than :attr:`ServiceLimits.max_request_bytes`, or a batch of more than
:attr:`ServiceLimits.max_batch_records` records, is a 413. A JSON object that gives a key twice is
refused (422), as everywhere in the package.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import difflib
import inspect
import json
import logging
import re
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Body, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema

from medins_rules.core.calendar import WorkingDayCalendar, bundled_calendar
from medins_rules.core.model import RuleSpec
from medins_rules.engine.catalogue import evaluate, rules
from medins_rules.interfaces.casefiles import bundled_example
from medins_rules.interfaces.presentation import describe_rule
from medins_rules.interfaces.schemas import (
    accepts_calendar,
    options_model,
    rule_kwargs,
    rule_schemas,
)

__all__ = [
    "DEFAULT_LIMITS",
    "CalendarMode",
    "ServiceLimits",
    "create_app",
    "create_router",
    "described_schema",
    "field_notes",
    "router",
    "run",
]

_log = logging.getLogger("medins_rules.serve")

CalendarMode = Literal["partial", "strict", "provisional"]
"""How a day of a year whose holiday notice is not published is read (see ``docs/calendar.md``):
``partial`` from the national holiday regulations, deciding wherever the outcome cannot change;
``strict`` refuses it; ``provisional`` guesses the days the regulations leave open."""

NDJSON = "application/x-ndjson"
_CHUNK_BYTES = 65_536
"""A batch's answer is sent in chunks of about this many bytes (a decision is 1.5 to 11 KB)."""
_LINE_TYPES = ("application/x-ndjson", "application/jsonl", "application/json-lines",
               "application/x-jsonlines", "application/ndjson")  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class ServiceLimits:
    """What one request may carry; past either limit the service answers 413.

    ``max_request_bytes`` bounds the body of every request (one case or a batch), counted as it
    arrives, so a larger body is never read into memory; ``max_batch_records`` bounds the records
    of a batch (JSON Lines' non-blank lines, or a JSON array's items). Both are checked before the
    first result is sent, so a 413 never arrives in the middle of a stream.
    """

    max_request_bytes: int = 1_048_576
    max_batch_records: int = 1_000

    def __post_init__(self) -> None:
        for name in ("max_request_bytes", "max_batch_records"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name}: expected a positive whole number; got {value!r}")


DEFAULT_LIMITS = ServiceLimits()
"""1 MiB a request, 1,000 records a batch."""


# -- the shapes of the answers (for the OpenAPI document) ---------------------------------------------


class ProblemDetail(BaseModel):
    """One thing wrong with a request: where (``loc``), what (``msg``) and its kind (``type``)."""

    model_config = ConfigDict(frozen=True)

    loc: list[str | int] = Field(
        description='Where the problem is: "body", "query" or "path", then the field path '
        '(in a batch, "body", the record\'s index, then the field path).'
    )
    msg: str = Field(description="What is wrong, in English.")
    type: str = Field(
        description="The kind of problem: pydantic's error type (missing, value_error, ...), the "
        "name of the error the rule raised (CalendarYearNotCoveredError, ...), or one of "
        "json_invalid, duplicate_key, unknown_parameter, duplicate_parameter, unknown_rule, "
        "request_too_large, too_many_records, internal_error."
    )
    did_you_mean: str | None = Field(
        default=None, description="For an unknown rule: the closest rule name, if any."
    )


class ProblemResponse(BaseModel):
    """The body of every refusal (422, 404, 413): the problems of the request, each located."""

    detail: list[ProblemDetail]


class BatchLine(BaseModel):
    """One line of a batch's answer: the record's decision, or its problems."""

    index: int = Field(description="The record's position in the batch, from 0.")
    ok: bool = Field(description="Whether the record was decided.")
    decision: dict[str, Any] | None = Field(
        default=None, description="The decision, as POST /v1/rules/{rule} returns it."
    )
    errors: list[ProblemDetail] | None = Field(
        default=None, description='The record\'s problems; each loc is ["body", index, ...].'
    )


class RuleEntry(BaseModel):
    """A rule in the catalogue."""

    name: str
    summary_en: str
    summary_zh: str
    inputs: list[dict[str, Any]]
    options: list[dict[str, Any]]
    outcomes: list[str]
    reason_codes: list[str]
    citations: list[dict[str, str]]


class Catalogue(BaseModel):
    """Every rule the service answers for."""

    rules: list[RuleEntry]


class RuleSchemas(BaseModel):
    """A rule's JSON Schemas (draft 2020-12): its input, its options (null without) and its decision."""

    rule: str
    input: dict[str, Any]
    options: dict[str, Any] | None
    decision: dict[str, Any]


class Health(BaseModel):
    """The service is up."""

    status: Literal["ok"]
    version: str
    rules: int


# -- field descriptions, from the models' docstrings ----------------------------------------------------

_COMMON_DESCRIPTIONS = {
    "evaluation_date": "The day the question is asked (YYYY-MM-DD): the facts are judged as they "
    "stand on it. Required: nothing in the package reads the clock.",
    "jurisdiction": "Whose rules apply, by administrative division code: `440100` Guangzhou (the "
    "default), `440000` Guangdong, `CN` the national level.",
}
_ROLE = re.compile(r":[a-z]+:`~?(?:[\w.]+\.)?(\w+)`")
_NAME = re.compile(r"``(\w+)``")
_LEADING_NAMES = re.compile(r"^``\w+``(?:(?:, | and | or |, and )``\w+``)*")
_SUBJECT = re.compile(r"``(\w+)`` (?:is|are|says|gives|lists|counts|defaults|belongs?) ")
_BREAK = re.compile(r"[.;]\s+(?=``\w+``|[A-Z(])")


def _sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph, split after a full stop or a semicolon outside brackets
    that the next word (a capital, a bracket or a ``name``) confirms."""
    text = " ".join(paragraph.split())
    out, start, depth = [], 0, 0
    for index, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if char in ".;" and depth == 0 and _BREAK.match(text, index):
            out.append(text[start : index + 1])
            start = index + 2
    out.append(text[start:])
    return [sentence for sentence in out if sentence]


def _markdown(text: str) -> str:
    """reStructuredText roles and literals as Markdown code (what OpenAPI renderers show)."""
    return _ROLE.sub(r"`\1`", text).replace("``", "`")


def field_notes(doc: str | None) -> dict[str, str]:
    """The descriptions a model's docstring gives its fields, by field name.

    The package's docstrings describe a field in a sentence that starts with its name or has it as
    its subject (for example "``filing_date`` is the day ...", "for a later day, ``employer_agrees``
    says whether ..."), or, for options, in a passage that starts with the name and a colon
    ("``roll_forward``: a last day ..."), which runs to the next such name or to the end of the
    paragraph. The first paragraph describes the model itself.

    >>> notes = field_notes('''A case.
    ...
    ... ``a`` is the first (``x``: one; ``y``: two). ``b`` and ``c`` are optional; see :func:`f`.
    ... More of a; for some, ``g`` says more.
    ...
    ... ``d``: one option (``yes``); ``no`` is the other. It is on by default.
    ... ``e``: another.''')
    >>> for name, text in notes.items():
    ...     print(f"{name} = {text}")
    a = `a` is the first (`x`: one; `y`: two).
    b = `b` and `c` are optional; see `f`.
    c = `b` and `c` are optional; see `f`.
    g = More of a; for some, `g` says more.
    d = One option (`yes`); `no` is the other. It is on by default.
    e = Another.
    """
    text = inspect.cleandoc(doc or "")
    notes: dict[str, list[str]] = {}
    for paragraph in text.split("\n\n")[1:]:
        option: list[str] | None = None
        for sentence in _sentences(paragraph):
            match = _LEADING_NAMES.match(sentence)
            names = _NAME.findall(match.group(0)) if match else []
            rest = sentence[match.end() :] if match else ""
            if len(names) == 1 and rest.startswith(":"):
                body = rest[1:].strip()
                option = notes.setdefault(names[0], [])
                option.append(body[:1].upper() + body[1:])
            elif option is not None:
                option.append(sentence)
            else:
                for name in dict.fromkeys([*names, *_SUBJECT.findall(sentence)]):
                    notes.setdefault(name, []).append(sentence)
    return {name: _markdown(" ".join(parts)) for name, parts in notes.items()}


def _describe_object(schema: dict[str, Any], common: Mapping[str, str]) -> None:
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return
    notes = field_notes(schema.get("description"))
    for name, prop in properties.items():
        if not isinstance(prop, dict) or prop.get("description"):
            continue
        note = notes.get(name) or common.get(name)
        if note:
            prop["description"] = note


def described_schema(schema: Mapping[str, Any], *, input_model: bool = True) -> dict[str, Any]:
    """A copy of a model's JSON Schema whose properties carry descriptions.

    A property keeps the description its model gives it (``Field(description=...)``); one without
    takes what its model's docstring says of it (:func:`field_notes`), and the input's
    ``evaluation_date`` and ``jurisdiction`` the package-wide meaning (``input_model``).
    """
    out = copy.deepcopy(dict(schema))
    _describe_object(out, _COMMON_DESCRIPTIONS if input_model else {})
    for definition in out.get("$defs", {}).values():
        if isinstance(definition, dict):
            _describe_object(definition, {})
    return out


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with every ``#/$defs/...`` reference replaced by its definition.

    Inside an OpenAPI document a reference resolves against the document, not the schema, so a
    request body's schema is given whole. The input models are not recursive.
    """
    definitions = schema.get("$defs", {})

    def resolve(node: Any, depth: int) -> Any:
        if depth > 32:  # pragma: no cover - the input models are not recursive
            raise ValueError("schema: references nested too deeply")
        if isinstance(node, list):
            return [resolve(item, depth) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = resolve(definitions[ref.removeprefix("#/$defs/")], depth + 1)
            siblings = {k: resolve(v, depth) for k, v in node.items() if k != "$ref"}
            return {**target, **siblings}
        return {k: resolve(v, depth) for k, v in node.items() if k not in ("$defs", "$schema")}

    out: dict[str, Any] = resolve(schema, 0)
    return out


# -- problems ----------------------------------------------------------------------------------------

_LEADING_FIELD = re.compile(r"^([A-Za-z_]\w*(?:(?:\.\w+)|(?:\[\d+\]))*): (.*)$", re.DOTALL)
Loc = tuple[str | int, ...]
Record = tuple[Any, list[dict[str, Any]]]
"""A batch's record as parsed: ``(value, problems)``, problems empty when it is JSON."""


def _parts(path: str) -> list[str | int]:
    """``"payments[0].amount"`` or ``"payments.0.amount"`` as ``["payments", 0, "amount"]``."""
    parts: list[str | int] = []
    for part in re.split(r"\.|\[", path):
        part = part.rstrip("]")
        parts.append(int(part) if part.isdigit() else part)
    return parts


def _problem(loc: Iterable[str | int], msg: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"loc": list(loc), "msg": msg, "type": kind, **extra}


def _validation_problems(errors: Sequence[Any], prefix: Loc = ()) -> list[dict[str, Any]]:
    """pydantic's errors, each located: a validator's message that starts with a field name (the
    package's convention) adds that field to ``loc`` when it is not already its last part."""
    out = []
    for error in errors:
        loc: list[str | int] = [*prefix, *error["loc"]]
        msg, kind = str(error["msg"]), str(error["type"])
        if kind == "value_error":
            msg = msg.removeprefix("Value error, ")
            match = _LEADING_FIELD.match(msg)
            if match:
                named, msg = _parts(match.group(1)), match.group(2)
                if loc[len(loc) - len(named) :] != named:
                    loc.extend(named)
        out.append(_problem(loc, msg, kind))
    return out


def _error_problems(exc: ValueError, prefix: Loc) -> list[dict[str, Any]]:
    """A refusal of the package as problems: a validation error's fields, or the field a rule's
    error names (its ``field``, or the name its message starts with)."""
    if isinstance(exc, ValidationError):
        return _validation_problems(exc.errors(include_url=False), prefix)
    message = str(exc)
    field = getattr(exc, "field", None)
    match = _LEADING_FIELD.match(message)
    if match and (field is None or match.group(1) == field):
        field, message = match.group(1), match.group(2)
    loc = [*prefix, *(_parts(field) if isinstance(field, str) and field else [])]
    return [_problem(loc, message, type(exc).__name__)]


def _refusal(status: int, problems: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse({"detail": problems}, status_code=status)


class _Refused(HTTPException):
    """A request refused before its endpoint decides anything (too large, not JSON, an unknown
    parameter). An :class:`HTTPException`, which FastAPI lets through while it reads the body;
    the service's routes answer it with its problems."""

    def __init__(self, status: int, problems: list[dict[str, Any]]) -> None:
        super().__init__(status, problems)
        self.response = _refusal(status, problems)


def _too_large(limit: int) -> _Refused:
    return _Refused(
        413,
        [
            _problem(
                ["body"],
                f"the request body is larger than {limit} bytes, this service's limit "
                "(max_request_bytes); send fewer records a request",
                "request_too_large",
            )
        ],
    )


# -- JSON, refusing duplicate keys --------------------------------------------------------------------


class _Duplicated(dict[str, Any]):
    """A parsed JSON object that gave the keys ``keys_given_twice`` more than once."""

    keys_given_twice: tuple[str, ...] = ()


def _pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    twice: list[str] = []
    for key, value in items:
        if key in out:
            twice.append(key)
        out[key] = value
    if not twice:
        return out
    marked = _Duplicated(out)
    marked.keys_given_twice = tuple(twice)
    return marked


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON number")


def _duplicates(value: Any, loc: Loc) -> list[dict[str, Any]]:
    """Every key given twice in the parsed ``value``, located."""
    found: list[dict[str, Any]] = []
    if isinstance(value, _Duplicated):
        found.extend(
            _problem([*loc, key], "given twice in the same object", "duplicate_key")
            for key in value.keys_given_twice
        )
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_duplicates(item, (*loc, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_duplicates(item, (*loc, index)))
    return found


def _parse(data: bytes | str, loc: Loc) -> tuple[Any, list[dict[str, Any]]]:
    """``(value, problems)`` of a JSON document: problems name where it is not strict JSON."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        return None, [_problem(loc, f"not UTF-8 text ({exc.reason})", "json_invalid")]
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_not_json)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        return None, [_problem(loc, f"invalid JSON at {where}: {exc.msg}", "json_invalid")]
    except RecursionError:
        return None, [_problem(loc, "invalid JSON: nested too deeply", "json_invalid")]
    except ValueError as exc:  # a constant (NaN, Infinity), or an integer too long to read
        return None, [_problem(loc, f"invalid JSON: {exc}", "json_invalid")]
    return value, _duplicates(value, loc)


class _ServiceRequest(Request):
    """A request whose body is read up to the size limit, and parsed as strict JSON."""

    def __init__(self, request: Request, limit: int) -> None:
        super().__init__(request.scope, request.receive)
        self._limit = limit
        self._limited: bytes | None = None
        self._value: Any = None
        self._parsed = False

    async def body(self) -> bytes:
        if self._limited is None:
            chunks, size = [], 0
            async for chunk in self.stream():
                size += len(chunk)
                if size > self._limit:
                    raise _too_large(self._limit)
                chunks.append(chunk)
            self._limited = b"".join(chunks)
        return self._limited

    async def json(self) -> Any:
        if not self._parsed:
            value, problems = _parse(await self.body(), ("body",))
            if problems:
                raise _Refused(422, problems)
            self._value, self._parsed = value, True
        return self._value


class _ServiceRoute(APIRoute):
    """Every route of the service: the size limit, strict JSON, and one shape for every refusal."""

    limits: ServiceLimits = DEFAULT_LIMITS

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()
        limit = self.limits.max_request_bytes

        async def handler(request: Request) -> Response:
            declared = request.headers.get("content-length", "")
            try:
                if declared.isdigit() and int(declared) > limit:
                    raise _too_large(limit)
                return await handle(_ServiceRequest(request, limit))
            except _Refused as exc:
                return exc.response
            except RequestValidationError as exc:
                return _refusal(422, _validation_problems(exc.errors()))

        return handler


# -- the endpoints ------------------------------------------------------------------------------------


def _unknown_rule(name: str) -> JSONResponse:
    known = list(rules())
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    hint = f" Did you mean {close[0]}?" if close else ""
    message = f"unknown rule {name!r}.{hint} Known rules: {', '.join(known)} (GET /v1/rules)"
    problem = _problem(
        ["path", "rule"], message, "unknown_rule", did_you_mean=close[0] if close else None
    )
    return _refusal(404, [problem])


class _Rule:
    """What the endpoints of one rule share: its options, its calendars, its example."""

    def __init__(self, spec: RuleSpec, calendars: Mapping[str, WorkingDayCalendar]) -> None:
        self.spec = spec
        # The keyword arguments of each calendar mode, worked out once (comparing calendars is slow).
        self.calendars: dict[str, dict[str, Any]] = (
            {mode: rule_kwargs(spec, calendar=calendar) for mode, calendar in calendars.items()}
            if accepts_calendar(spec)
            else {}
        )
        self.options = options_model(spec)
        self.option_names = tuple(self.options.model_fields) if self.options else ()
        self.query_names = frozenset(
            (*self.option_names, *(("calendar",) if self.calendars else ()))
        )
        self.example = bundled_example(spec.name)
        self.input_schema = described_schema(spec.input_model.model_json_schema(mode="validation"))
        self.options_schema = (
            described_schema(self.options.model_json_schema(mode="validation"), input_model=False)
            if self.options
            else None
        )
        self.example_decision = _example_decision(self)

    def kwargs(self, request: Request, query: Mapping[str, Any]) -> dict[str, Any]:
        """The rule's keyword arguments from the query; an unknown query parameter is refused."""
        given = [name for name, _ in request.query_params.multi_items()]
        twice = sorted({name for name in given if given.count(name) > 1})
        if twice:
            raise _Refused(
                422,
                [_problem(["query", name], "given twice", "duplicate_parameter") for name in twice],
            )
        unknown = sorted(set(given) - self.query_names)
        if unknown:
            known = ", ".join(sorted(self.query_names)) or "none"
            raise _Refused(
                422,
                [
                    _problem(
                        ["query", name],
                        f"not a parameter of {self.spec.name} (its parameters: {known})",
                        "unknown_parameter",
                    )
                    for name in unknown
                ],
            )
        options = {name: query[name] for name in self.option_names if name in request.query_params}
        try:
            kwargs = rule_kwargs(self.spec, options)
        except ValueError as exc:
            raise _Refused(422, _error_problems(exc, ("query",))) from None
        if self.calendars:
            kwargs.update(self.calendars[str(query.get("calendar", "partial"))])
        return kwargs

    def query_parameters(self) -> list[inspect.Parameter]:
        """The query parameters, as FastAPI reads them from a signature."""
        out = []
        if self.calendars:
            out.append(
                _keyword(
                    "calendar",
                    Annotated[
                        CalendarMode,
                        Query(
                            description="How a day of a year whose holiday notice is not "
                            "published is read: `partial` (the default) from the national holiday "
                            "regulations, deciding wherever the outcome cannot change and saying "
                            "undetermined otherwise; `strict` refuses it (422); `provisional` "
                            "guesses the days the regulations leave open and marks the decision "
                            "provisional."
                        ),
                    ],
                    "partial",
                )
            )
        if self.options is not None and self.options_schema is not None:
            properties = self.options_schema.get("properties", {})
            for name, field in self.options.model_fields.items():
                annotation: Any = field.annotation
                if field.metadata:
                    annotation = _annotated(annotation, *field.metadata)
                description = properties.get(name, {}).get("description")
                description = f"Option (interpretive choice). {description or ''}".strip()
                out.append(
                    _keyword(
                        name, Annotated[annotation, Query(description=description)], field.default
                    )
                )
        return out


def _annotated(base: Any, *metadata: Any) -> Any:
    """``Annotated[base, *metadata]`` for a type known only at run time (a rule's models)."""
    annotated: Any = Annotated
    return annotated[(base, *metadata)]


def _keyword(
    name: str, annotation: Any, default: Any = inspect.Parameter.empty
) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def _request_parameter() -> inspect.Parameter:
    return inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)


def _decide(
    rule: _Rule, case: Any, kwargs: Mapping[str, Any], loc: Loc
) -> tuple[str | None, list[dict[str, Any]]]:
    """``(decision JSON, [])`` or ``(None, problems)``: a refusal is located under ``loc``."""
    try:
        decision = evaluate(rule.spec.name, case, **kwargs)
    except ValueError as exc:  # ValidationError and every MedinsRulesError
        return None, _error_problems(exc, loc)
    except Exception as exc:  # a defect: reported, never a lost record or a bare traceback
        _log.exception("internal error evaluating %s", rule.spec.name)
        message = f"internal error: {type(exc).__name__} (please report it with the case)"
        return None, [_problem(loc, message, "internal_error")]
    return decision.model_dump_json(), []


def _case_endpoint(rule: _Rule) -> Callable[..., Coroutine[Any, Any, Response]]:
    async def endpoint(request: Request, case: BaseModel, **query: Any) -> Response:
        decision, problems = _decide(rule, case, rule.kwargs(request, query), ("body",))
        if decision is None:
            internal = any(p["type"] == "internal_error" for p in problems)
            return _refusal(500 if internal else 422, problems)
        return Response(decision, media_type="application/json")

    examples: dict[str, Any] = {}
    if rule.example is not None:
        examples["bundled"] = {
            "summary": f"The bundled example (medins-rules example {rule.spec.name})",
            "value": rule.example,
        }
    body = _annotated(
        rule.spec.input_model,
        WithJsonSchema(_inlined(rule.input_schema)),
        Body(
            description=f"The case: a {rule.spec.input_model.__name__}.", openapi_examples=examples
        ),
    )
    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [_request_parameter(), _keyword("case", body), *rule.query_parameters()]
    )
    return endpoint


def _records(body: bytes, content_type: str, limit: int) -> Iterable[Record]:
    """The records of a batch body, each ``(value, problems)``; too many raise 413, an array that
    is not JSON 422. JSON Lines are parsed lazily, line by line, as the answer streams."""
    kind = content_type.split(";", 1)[0].strip().lower()
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    lines = kind in _LINE_TYPES or (
        kind not in ("application/json",) and not stripped.startswith(b"[")
    )
    if lines:
        raw = [line for line in body.split(b"\n") if line.strip()]
        if len(raw) > limit:
            raise _too_many(len(raw), limit)
        return (_parse(line, ("body", index)) for index, line in enumerate(raw))
    value, problems = _parse(body, ("body",))
    if problems and value is None:
        raise _Refused(422, problems)
    if not isinstance(value, list):
        raise _Refused(
            422,
            [
                _problem(
                    ["body"],
                    "expected a JSON array of cases, or JSON Lines (one case a line)",
                    "list_type",
                )
            ],
        )
    if len(value) > limit:
        raise _too_many(len(value), limit)
    return [(item, _duplicates(item, ("body", index))) for index, item in enumerate(value)]


def _too_many(count: int, limit: int) -> _Refused:
    message = (
        f"the batch has {count} records, more than {limit}, this service's limit "
        "(max_batch_records); send them in several requests"
    )
    return _Refused(413, [_problem(["body"], message, "too_many_records")])


def _line(rule: _Rule, index: int, record: Record, kwargs: Mapping[str, Any]) -> bytes:
    """The answer's line for one record: its decision, or its problems."""
    value, problems = record
    decision = None
    if not problems:
        decision, problems = _decide(rule, value, kwargs, ("body", index))
    if decision is not None:
        return b'{"index":%d,"ok":true,"decision":%s}\n' % (index, decision.encode())
    line = {"index": index, "ok": False, "errors": problems}
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


async def _stream(
    rule: _Rule, records: Iterable[Record], kwargs: Mapping[str, Any]
) -> AsyncIterator[bytes]:
    """The lines of a batch's answer, in order, sent in chunks of about :data:`_CHUNK_BYTES`.

    Each chunk is decided in the event loop (a few milliseconds), which then serves other
    requests before the next; the client's reading paces the stream, so memory stays bounded.
    """
    chunk: list[bytes] = []
    size = 0
    for index, record in enumerate(records):
        line = _line(rule, index, record, kwargs)
        chunk.append(line)
        size += len(line)
        if size >= _CHUNK_BYTES:
            yield b"".join(chunk)
            chunk, size = [], 0
            await anyio.sleep(0)
    if chunk:
        yield b"".join(chunk)


def _batch_endpoint(
    rule: _Rule, limits: ServiceLimits
) -> Callable[..., Coroutine[Any, Any, Response]]:
    async def endpoint(request: Request, **query: Any) -> Response:
        kwargs = rule.kwargs(request, query)
        body = await request.body()
        records = _records(body, request.headers.get("content-type", ""), limits.max_batch_records)
        return StreamingResponse(_stream(rule, records, kwargs), media_type=NDJSON)

    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [_request_parameter(), *rule.query_parameters()]
    )
    return endpoint


_BATCH_LINE_SCHEMA = _inlined(BatchLine.model_json_schema())


def _example_decision(rule: _Rule) -> str | None:
    """The decision of the rule's bundled example, as JSON (the OpenAPI document's example)."""
    if rule.example is None:
        return None
    decided, problems = _decide(rule, rule.example, {}, ("body",))
    if problems:  # pragma: no cover - the suite decides every bundled example
        raise ValueError(f"data/examples/{rule.spec.name}.json: {problems}")
    return decided


def _batch_openapi(rule: _Rule) -> dict[str, Any]:
    item = _inlined(rule.input_schema)
    lines = ""
    array: list[Any] = []
    if rule.example is not None:
        lines = json.dumps(rule.example, ensure_ascii=False) + "\n"
        array = [rule.example]
    decided = rule.example_decision
    line_example = f'{{"index":0,"ok":true,"decision":{decided}}}\n' if decided else ""
    return {
        "requestBody": {
            "required": True,
            "description": "The cases: JSON Lines (one case a line; blank lines are skipped) or a "
            "JSON array of cases.",
            "content": {
                NDJSON: {"schema": {"type": "string"}, "example": lines},
                "application/json": {"schema": {"type": "array", "items": item}, "example": array},
            },
        },
        "responses": {
            "200": {
                "description": "One JSON line a record, in order, streamed as they are decided; "
                "the schema is that of each line.",
                "content": {NDJSON: {"schema": _BATCH_LINE_SCHEMA, "example": line_example}},
            }
        },
    }


def _version() -> str:
    try:
        return version("medins-rules")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


_REFUSALS: dict[int | str, dict[str, Any]] = {
    422: {"model": ProblemResponse, "description": "The case, or a query parameter, is refused."},
    413: {
        "model": ProblemResponse,
        "description": "The request is larger than the service's limit.",
    },
}


def create_router(limits: ServiceLimits = DEFAULT_LIMITS) -> APIRouter:
    """The service's routes, to mount in an application (``app.include_router(router, prefix=...)``)."""

    class Route(_ServiceRoute):
        pass

    Route.limits = limits
    router = APIRouter(route_class=Route)
    base = bundled_calendar()
    calendars = {"partial": base, "strict": base.strict(), "provisional": base.provisional()}
    described = {name: _Rule(spec, calendars) for name, spec in rules().items()}
    catalogue = json.dumps(
        {"rules": [describe_rule(r.spec) for r in described.values()]}, ensure_ascii=False
    )
    health = json.dumps({"status": "ok", "version": _version(), "rules": len(described)})
    documents: dict[str, str] = {}

    @router.get(
        "/healthz", response_model=Health, tags=["service"], summary="Whether the service is up"
    )
    async def healthz() -> Response:
        return Response(health, media_type="application/json")

    @router.get("/v1/rules", response_model=Catalogue, tags=["rules"], summary="Every rule")
    async def catalogue_endpoint() -> Response:
        """Every rule: its name, its question in English and Chinese, its inputs and options, its
        outcomes, its reason codes and the law it cites."""
        return Response(catalogue, media_type="application/json")

    for rule in described.values():
        spec = rule.spec
        tag = spec.name.split(".", 1)[0]
        decided = rule.example_decision
        decision_example = (
            {"content": {"application/json": {"example": json.loads(decided)}}} if decided else {}
        )
        router.add_api_route(
            f"/v1/rules/{spec.name}",
            _case_endpoint(rule),
            methods=["POST"],
            response_model=spec.decision_model,
            responses={200: {"description": "The decision.", **decision_example}, **_REFUSALS},
            tags=[tag],
            summary=f"{spec.name}: {spec.summary_en}",
            description=f"{spec.summary_en} / {spec.summary_zh}\n\nThe body is the case; the "
            "answer is the decision. A refused case is a 422 whose `loc` names the field.",
            operation_id=f"evaluate_{spec.name.replace('.', '_')}",
        )
        router.add_api_route(
            f"/v1/rules/{spec.name}/batch",
            _batch_endpoint(rule, limits),
            methods=["POST"],
            response_class=StreamingResponse,
            responses=_REFUSALS,
            tags=[tag],
            summary=f"{spec.name}, many cases (JSON Lines or a JSON array), streamed",
            description="Each record is decided in order and its line sent as soon as it is: its "
            "decision, or its problems, each naming the record's index and the field. A bad record "
            "does not stop the others.",
            operation_id=f"evaluate_batch_{spec.name.replace('.', '_')}",
            openapi_extra=_batch_openapi(rule),
        )

    @router.get(
        "/v1/rules/{rule}",
        response_model=RuleSchemas,
        responses={404: {"model": ProblemResponse, "description": "No rule of that name."}},
        tags=["rules"],
        summary="A rule's JSON Schemas",
    )
    async def schemas(rule: str) -> Response:
        """The JSON Schemas (draft 2020-12) of the rule's input, options and decision."""
        if rule not in described:
            return _unknown_rule(rule)
        if rule not in documents:  # made once, on first request
            document = rule_schemas(rule)
            document["input"] = described_schema(document["input"])
            if document["options"] is not None:
                document["options"] = described_schema(document["options"], input_model=False)
            document["decision"] = described_schema(document["decision"], input_model=False)
            documents[rule] = json.dumps(document, ensure_ascii=False)
        return Response(documents[rule], media_type="application/json")

    async def unknown(rule: str) -> Response:
        return _unknown_rule(rule)

    router.add_api_route("/v1/rules/{rule}", unknown, methods=["POST"], include_in_schema=False)
    router.add_api_route(
        "/v1/rules/{rule}/batch", unknown, methods=["POST"], include_in_schema=False
    )
    return router


router = create_router()
"""The service's routes with the default limits (:data:`DEFAULT_LIMITS`)."""


def create_app(limits: ServiceLimits = DEFAULT_LIMITS) -> FastAPI:
    """A stand-alone application serving :func:`create_router` at the root."""
    app = FastAPI(
        title="medins-rules",
        version=_version(),
        summary="Rules as code for Guangdong and Guangzhou resident medical insurance.",
        description="Each rule takes a case (JSON facts) and returns a decision with its outcome, "
        "reasons in English and Chinese, and citations of the law and of the source sentence. "
        f"Limits: {limits.max_request_bytes} bytes a request, {limits.max_batch_records} records a "
        "batch (413 past them).",
    )
    app.include_router(router if limits == DEFAULT_LIMITS else create_router(limits))
    return app


def run(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    limits: ServiceLimits = DEFAULT_LIMITS,
    log_level: str = "info",
) -> bool:
    """Serve :func:`create_app` with uvicorn until interrupted; ``False`` if it could not start.

    The socket is bound here, so that a port in use raises :class:`OSError` before uvicorn starts,
    and port 0 (a free port the system picks) is reported as the port it is. An interrupt
    (Ctrl-C) stops the server gracefully and returns.
    """
    import socket
    import sys

    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit it: without it a small answer waits for the client's
        # delayed acknowledgement (about 40 ms a request).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    print(
        f"medins-rules: serving on http://{shown}:{sock.getsockname()[1]} (the API: /docs)",
        file=sys.stderr,
        flush=True,
    )
    server = uvicorn.Server(uvicorn.Config(create_app(limits), log_level=log_level))
    # On Ctrl-C uvicorn stops gracefully, then raises the interrupt it caught again.
    with sock, contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])
    return bool(server.started)
