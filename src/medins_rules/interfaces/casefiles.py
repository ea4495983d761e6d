"""Analyst case files: load, check and run the YAML or JSON cases policy analysts write.

The format is the one ``CONTRIBUTING.md`` defines: a file holds one case (a mapping) or a list of
cases, each with a ``name``, a prose ``description`` (the source sentence and why the case comes out
as it does), the ``rule`` (a catalogue name), the ``input`` (the rule's input as JSON would give it),
optional ``options`` (the rule's interpretive choices) and what to ``expect``: the ``outcome``, the
``reason_codes`` that must appear among the decision's codes, and decision ``fields`` that must
equal the given values. Both the test suite (``tests/test_cases.py``) and ``medins-rules test`` run
case files through this module, so a case passes or fails the same way in both.

Additions to that format:

* ``expect: {error: CalendarYearNotCoveredError}``: the case must be refused with this error (its
  class name or the name of any base class: ``ValidationError``, ``MedinsRulesError``...);
  ``error_field`` names a field the error message must mention.
* ``expect: {absent_reason_codes: [...]}``: codes that must not appear.
* ``calendar: strict``: evaluate with the bundled calendar refusing every day of a year whose holiday
  notice is not published (``official`` is the older spelling); ``calendar: provisional`` guesses
  the days the regulations leave open; the default, ``partial``, decides from the regulations
  where it can.

In YAML files dates stay strings (``2026-02-30`` reaches the rule as JSON would give it, rather than
failing in the YAML parser), duplicate keys are refused, and ``!repeat [text, count]`` builds a long
string (for the bad-input corpus), of at most :data:`MAX_REPEAT` characters. A document that its
aliases (``*name``) expand past :data:`MAX_EXPANDED_NODES` values is refused (a few hundred bytes of
nested aliases can stand for gigabytes), as is a recursive alias. A file larger than :data:`MAX_CASE_FILE_BYTES` is refused unread, and a name,
description or rule must be text (no lone surrogate, such as an escaped ``"\ud800"``).

>>> cases = parse_cases({
...     "name": "Settled on the spot",
...     "description": "Source 004: the county medical insurance center will settle the account on the spot.",
...     "rule": "deadlines.service_settlement",
...     "input": {"application_date": "2026-02-13", "channel": "county_centre",
...               "evaluation_date": "2026-02-13"},
...     "expect": {"outcome": "settled_on_the_spot",
...                "fields": {"settlement_date": "2026-02-13"}},
... }, source="example")
>>> run_case(cases[0]).passed
True
>>> wrong = parse_cases({**cases[0].raw, "expect": {"outcome": "settled_by_date"}}, source="example")
>>> print(run_case(wrong[0]).report())
FAIL example: Settled on the spot
  Source 004: the county medical insurance center will settle the account on the spot.
  rule: deadlines.service_settlement
  - outcome: expected settled_by_date, got settled_on_the_spot
"""

from __future__ import annotations

import functools
import json
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from medins_rules.core.calendar import WorkingDayCalendar, bundled_calendar
from medins_rules.core.errors import MedinsRulesError, UnknownRuleError
from medins_rules.core.model import Decision
from medins_rules.engine.catalogue import all_reasons, evaluate, get_rule
from medins_rules.interfaces.presentation import describe_error
from medins_rules.interfaces.schemas import rule_kwargs

__all__ = [
    "CASE_SUFFIXES",
    "AnalystCase",
    "CaseFileError",
    "CaseResult",
    "Expectation",
    "bundled_example",
    "find_case_files",
    "load_case_file",
    "load_data",
    "parse_cases",
    "parse_json",
    "parse_yaml",
    "run_case",
    "run_files",
]

CASE_SUFFIXES = (".yaml", ".yml", ".json")
MAX_REPEAT = 1 << 22
"""The longest text ``!repeat`` builds (4,194,304 characters: past the 1 MiB limit on one record)."""
MAX_EXPANDED_NODES = 1_000_000
"""The most values (scalars, lists, mappings) a YAML document may hold once its aliases are
written out; a document that an alias makes larger (an alias bomb) is refused before it is built."""
MAX_CASE_FILE_BYTES = 1 << 24
"""The largest case file read (16 MiB); a larger one is refused unread."""
_CASE_KEYS = frozenset({"name", "description", "rule", "input", "options", "calendar", "expect"})
_EXPECT_KEYS = frozenset(
    {"outcome", "reason_codes", "absent_reason_codes", "fields", "error", "error_field"}
)
_CALENDARS = ("partial", "strict", "provisional", "official")


class CaseFileError(MedinsRulesError):
    """A case file that cannot be read, parsed, or does not follow the case-file format."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        super().__init__(f"{source}: {message}")


# -- reading ------------------------------------------------------------------------------------------


def parse_json(text: str, source: str = "<json>") -> Any:
    """Parse JSON text, refusing duplicate keys; errors name the line and column."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise CaseFileError(source, f"{key}: given twice in the same object")
            out[key] = value
        return out

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except CaseFileError:  # a key given twice (a ValueError too: not to be wrapped below)
        raise
    except json.JSONDecodeError as exc:
        raise CaseFileError(
            source, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise CaseFileError(source, "invalid JSON: nested too deeply") from None
    except ValueError as exc:  # a number past int()'s digit limit
        raise CaseFileError(source, f"invalid JSON: {exc}") from None


@functools.cache
def _yaml_loader() -> Any:
    try:
        import yaml
    except ImportError:  # pragma: no cover - pyyaml is a dependency; guarded for --no-deps installs
        raise MedinsRulesError(
            "YAML case files need the PyYAML package: pip install pyyaml (or use JSON case files)"
        ) from None

    class Loader(yaml.SafeLoader):
        """Safe YAML: dates kept as strings, duplicate keys refused, aliases capped, ``!repeat``."""

        def get_single_node(self) -> Any:
            node = super().get_single_node()
            if node is not None:
                _check_expansion(node, yaml)
            return node

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    duplicate = key in seen
                    seen.add(key)
                except TypeError:
                    continue
                if duplicate:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"{key}: given twice in the same mapping", key_node.start_mark
                    )
            return super().construct_mapping(node, deep=deep)

    timestamp = "tag:yaml.org,2002:timestamp"
    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != timestamp]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def repeat(loader: Any, node: Any) -> str:
        values: list[Any] = (
            loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else []
        )
        text: Any = values[0] if len(values) == 2 else None
        count: Any = values[1] if len(values) == 2 else None
        if (
            not isinstance(text, str)
            or isinstance(count, bool)
            or not isinstance(count, int)
            or count < 0
        ):
            raise yaml.constructor.ConstructorError(
                None, None, "!repeat takes [text, count] (a count of 0 or more)", node.start_mark
            )
        if len(text) * count > MAX_REPEAT:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"!repeat builds at most {MAX_REPEAT:,} characters; "
                f"[{len(text)} characters, {count}] would build {len(text) * count:,}",
                node.start_mark,
            )
        return text * count

    Loader.add_constructor("!repeat", repeat)
    return Loader


def _check_expansion(root: Any, yaml: Any) -> None:
    """Refuse a document whose aliases expand it past :data:`MAX_EXPANDED_NODES` (or into itself).

    An alias refers to its anchor's node, so the document is a graph; its size written out is
    counted once per node (a node's size is kept), however often aliases repeat it.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: Any) -> int:
        key = id(node)
        known = sizes.get(key)
        if known is not None:
            return known
        if key in open_nodes:
            raise yaml.composer.ComposerError(
                None,
                None,
                "an alias refers to a node that holds it (a recursive alias)",
                node.start_mark,
            )
        open_nodes.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        open_nodes.discard(key)
        if total > MAX_EXPANDED_NODES:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"the document holds more than {MAX_EXPANDED_NODES:,} values once its aliases "
                "are written out (an alias bomb?); write the values out instead",
                node.start_mark,
            )
        sizes[key] = total
        return total

    size(root)


def parse_yaml(text: str, source: str = "<yaml>") -> Any:
    """Parse YAML text the case-file way (dates stay strings, duplicate keys refused)."""
    import yaml

    loader = _yaml_loader()
    try:
        return yaml.load(text, Loader=loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise CaseFileError(source, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise CaseFileError(source, "invalid YAML: nested too deeply") from None
    except ValueError as exc:  # a number past int()'s digit limit, and the like
        raise CaseFileError(source, f"invalid YAML: {exc}") from None


def load_data(path: Path | str) -> Any:
    """Read and parse a YAML (``.yaml``/``.yml``) or JSON file."""
    path = Path(path)
    source = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CASE_FILE_BYTES + 1)
    except OSError as exc:
        raise CaseFileError(source, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_CASE_FILE_BYTES:
        raise CaseFileError(
            source,
            f"cannot read: larger than {MAX_CASE_FILE_BYTES:,} bytes, the limit of a case file",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CaseFileError(source, f"cannot read: not UTF-8 text ({exc.reason})") from None
    if path.suffix.lower() == ".json":
        return parse_json(text, source)
    return parse_yaml(text, source)


def find_case_files(paths: Iterable[Path | str]) -> list[Path]:
    """The case files named, and every ``.yaml``/``.yml``/``.json`` file under named folders."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in CASE_SUFFIXES)
            )
        elif path.exists():
            found.append(path)
        else:
            raise CaseFileError(str(path), "cannot read: no such file or folder")
    return found


# -- the format ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expectation:
    """What a case expects: an outcome (with codes and fields) or an error."""

    outcome: str | None = None
    reason_codes: tuple[str, ...] = ()
    absent_reason_codes: tuple[str, ...] = ()
    fields: Mapping[str, Any] = field(default_factory=dict)
    error: str | None = None
    error_field: str | None = None


@dataclass(frozen=True, slots=True)
class AnalystCase:
    """One analyst case, as read from its file."""

    source: str
    index: int
    name: str
    description: str
    rule: str
    input: Mapping[str, Any]
    options: Mapping[str, Any]
    calendar: Literal["partial", "strict", "provisional", "official"]
    expect: Expectation
    raw: Mapping[str, Any]

    @property
    def id(self) -> str:
        """``source::name``: unique within a run."""
        return f"{self.source}::{self.name}"


def _codes(value: Any, where: str, source: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CaseFileError(source, f"{where}: expected a list of reason codes")
    return tuple(value)


def _text(case: Mapping[str, Any], key: str, where: str, source: str) -> str:
    value = case.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CaseFileError(source, f"{where}{key}: required, a non-empty text")
    surrogate = _SURROGATE.search(value)
    if surrogate:
        raise CaseFileError(
            source,
            f"{where}{key}: holds a lone surrogate (\\u{ord(surrogate.group()):04x}), which is not "
            "a character; write the character itself",
        )
    return value.strip()


_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_cases(data: Any, *, source: str) -> list[AnalystCase]:
    """Check parsed case-file data against the format and return its cases."""
    items = data if isinstance(data, list) else [data]
    if not items:
        raise CaseFileError(source, "the file holds no case")
    out: list[AnalystCase] = []
    names: set[str] = set()
    for index, case in enumerate(items):
        where = f"case {index + 1}: " if isinstance(data, list) else ""
        if not isinstance(case, dict):
            raise CaseFileError(source, f"{where}expected a mapping with name, rule, input, expect")
        unknown = sorted(set(case) - _CASE_KEYS)
        if unknown:
            raise CaseFileError(
                source,
                f"{where}{unknown[0]}: not a case-file key (known: {', '.join(sorted(_CASE_KEYS))})",
            )
        name = _text(case, "name", where, source)
        if name in names:
            raise CaseFileError(source, f"{where}name: {name!r} is used by another case")
        names.add(name)
        description = _text(case, "description", where, source)
        rule = _text(case, "rule", where, source)
        given = case.get("input")
        if not isinstance(given, dict):
            raise CaseFileError(source, f"{where}input: required, a mapping of the rule's fields")
        options = case.get("options") or {}
        if not isinstance(options, dict):
            raise CaseFileError(source, f"{where}options: expected a mapping")
        calendar = case.get("calendar", "partial")
        if calendar not in _CALENDARS:
            raise CaseFileError(
                source,
                f"{where}calendar: expected partial, strict or provisional; got {calendar!r}",
            )
        out.append(
            AnalystCase(
                source=source,
                index=index,
                name=name,
                description=description,
                rule=rule,
                input=given,
                options=options,
                calendar=calendar,
                expect=_expectation(case.get("expect"), where, source),
                raw=case,
            )
        )
    return out


def _expectation(expect: Any, where: str, source: str) -> Expectation:
    if not isinstance(expect, dict):
        raise CaseFileError(source, f"{where}expect: required, a mapping with an outcome")
    unknown = sorted(set(expect) - _EXPECT_KEYS)
    if unknown:
        raise CaseFileError(
            source,
            f"{where}expect.{unknown[0]}: not an expectation (known: {', '.join(sorted(_EXPECT_KEYS))})",
        )
    outcome, error = expect.get("outcome"), expect.get("error")
    if (outcome is None) == (error is None):
        raise CaseFileError(source, f"{where}expect: give an outcome or an error (one of them)")
    if error is not None and set(expect) - {"error", "error_field"}:
        raise CaseFileError(source, f"{where}expect: an error case takes only error, error_field")
    fields = expect.get("fields") or {}
    if not isinstance(fields, dict):
        raise CaseFileError(source, f"{where}expect.fields: expected a mapping of decision fields")
    for key in ("outcome", "error", "error_field"):
        if expect.get(key) is not None and not isinstance(expect[key], str):
            raise CaseFileError(source, f"{where}expect.{key}: expected a text")
    return Expectation(
        outcome=outcome,
        reason_codes=_codes(expect.get("reason_codes"), f"{where}expect.reason_codes", source),
        absent_reason_codes=_codes(
            expect.get("absent_reason_codes"), f"{where}expect.absent_reason_codes", source
        ),
        fields=fields,
        error=error,
        error_field=expect.get("error_field"),
    )


def load_case_file(path: Path | str) -> list[AnalystCase]:
    """Read, parse and check one case file."""
    return parse_cases(load_data(path), source=str(path))


# -- running ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseResult:
    """The result of running one case.

    ``status`` is ``passed``, ``failed`` (the rule answered otherwise than expected) or ``error``
    (the case cannot be run as written: an unknown rule or invalid options). A case on which the
    rule raised an exception that is neither a ``ValidationError`` nor a ``MedinsRulesError`` (a
    defect of the package) is ``failed`` and :attr:`internal`; ``error`` holds the exception.
    """

    case: AnalystCase
    status: Literal["passed", "failed", "error"]
    differences: tuple[str, ...]
    decision: Decision[Any] | None = None
    error: BaseException | None = None

    @property
    def passed(self) -> bool:
        """Whether the rule answered as the case expects."""
        return self.status == "passed"

    @property
    def internal(self) -> bool:
        """Whether the rule failed with an exception no rule should raise (a defect)."""
        return self.error is not None and not isinstance(
            self.error, ValidationError | MedinsRulesError
        )

    def report(self, lang: str = "en") -> str:
        """The case's name and prose, then each difference; in ``"en"`` or ``"zh"``."""
        if lang == "zh":
            from medins_rules.interfaces.translate import case_report_zh

            return case_report_zh(self)
        head = {"passed": "PASS", "failed": "FAIL", "error": "ERROR"}[self.status]
        lines = [f"{head} {self.case.source}: {self.case.name}"]
        if not self.passed:
            lines.append(textwrap.indent(self.case.description, "  "))
            lines.append(f"  rule: {self.case.rule}")
            lines.extend(f"  - {d}" for d in self.differences)
        return "\n".join(lines)


def _calendar(name: str) -> WorkingDayCalendar:
    """The bundled calendar in the mode a case file names (``official`` is the older spelling of
    ``strict``: a year without a notice is refused)."""
    bundled = bundled_calendar()
    return {"strict": bundled.strict(), "official": bundled.strict()}.get(name) or (
        bundled.provisional() if name == "provisional" else bundled
    )


def run_case(case: AnalystCase) -> CaseResult:
    """Evaluate the case's rule on its input and compare with what it expects."""
    try:
        spec = get_rule(case.rule)
    except UnknownRuleError as exc:
        return CaseResult(case, "error", (str(exc),), error=exc)
    try:
        kwargs = rule_kwargs(spec, case.options, calendar=_calendar(case.calendar))
    except ValueError as exc:
        problems = describe_error(exc, prefix="options" if isinstance(exc, ValidationError) else "")
        return CaseResult(case, "error", tuple(str(p) for p in problems), error=exc)
    outcomes = [o.value for o in spec.outcomes]
    if case.expect.outcome is not None and case.expect.outcome not in outcomes:
        return CaseResult(
            case,
            "error",
            (
                f"expect.outcome: {case.expect.outcome!r} is not an outcome of {spec.name} "
                f"(outcomes: {', '.join(outcomes)})",
            ),
        )
    decision: Decision[Any] | None = None
    error: BaseException | None = None
    try:
        decision = evaluate(case.rule, case.input, **kwargs)
    except (ValidationError, MedinsRulesError) as exc:  # the package's refusals
        error = exc
    except Exception as exc:  # a defect of the package: reported, with its kind and message
        return CaseResult(
            case,
            "failed",
            (
                f"the rule raised an unexpected error, a defect of the package: "
                f"{type(exc).__name__}: {exc} (please report it; --debug shows the traceback)",
            ),
            error=exc,
        )
    differences = _compare(case.expect, decision, error)
    return CaseResult(
        case, "failed" if differences else "passed", tuple(differences), decision, error
    )


def _describe(error: BaseException) -> str:
    problems = "; ".join(str(p) for p in describe_error(error))
    return f"{type(error).__name__}: {problems}"


def _compare(
    expect: Expectation, decision: Decision[Any] | None, error: BaseException | None
) -> list[str]:
    out: list[str] = []
    if expect.error is not None:
        if error is None:
            assert decision is not None
            return [
                f"expected the error {expect.error}, got the decision {decision.outcome.value} "
                f"({', '.join(decision.reason_codes)})"
            ]
        names = {cls.__name__ for cls in type(error).__mro__}
        if expect.error not in names:
            out.append(f"error: expected {expect.error}, got {_describe(error)}")
        if expect.error_field and expect.error_field not in str(error):
            out.append(
                f"error_field: the error does not name {expect.error_field}: {_describe(error)}"
            )
        return out
    if error is not None:
        return [f"expected the outcome {expect.outcome}, got the error {_describe(error)}"]
    assert decision is not None
    codes = decision.reason_codes
    if decision.outcome.value != expect.outcome:
        out.append(f"outcome: expected {expect.outcome}, got {decision.outcome.value}")
    known = all_reasons()
    for code in expect.reason_codes:
        if code not in codes:
            hint = "" if code in known else " (no rule gives this code: a typo?)"
            out.append(
                f"reason_codes: expected {code}{hint}; the decision gives {', '.join(codes)}"
            )
    for code in expect.absent_reason_codes:
        if code in codes:
            out.append(f"absent_reason_codes: {code} should not appear, but it does")
    dumped = decision.model_dump(mode="json")
    for name, want in expect.fields.items():
        if name not in dumped:
            out.append(
                f"fields.{name}: the decision has no such field (fields: {', '.join(dumped)})"
            )
            continue
        got = dumped[name]
        if not _same(got, want):
            out.append(
                f"fields.{name}: expected {json.dumps(want, ensure_ascii=False)}, "
                f"got {json.dumps(got, ensure_ascii=False)}"
            )
    return out


def _same(got: Any, want: Any) -> bool:
    if isinstance(got, list) and isinstance(want, list | tuple):
        return len(got) == len(want) and all(_same(g, w) for g, w in zip(got, want, strict=True))
    if isinstance(got, dict) and isinstance(want, dict):
        return got.keys() == want.keys() and all(_same(got[k], want[k]) for k in got)
    if isinstance(got, bool) or isinstance(want, bool):
        return type(got) is type(want) and got == want
    if isinstance(got, str) and isinstance(want, int | float):
        try:  # money serialises as a decimal string: 12.5 and "12.50" are the same amount
            return Decimal(got) == Decimal(str(want))
        except InvalidOperation:
            return False
    return bool(got == want)


def run_files(paths: Sequence[Path | str]) -> tuple[list[CaseResult], list[CaseFileError]]:
    """Run every case in these files and folders; files that cannot be read are returned apart."""
    results: list[CaseResult] = []
    problems: list[CaseFileError] = []
    for given in paths:
        try:
            files = find_case_files([given])
        except CaseFileError as exc:
            problems.append(exc)
            continue
        for path in files:
            try:
                cases = load_case_file(path)
            except CaseFileError as exc:
                problems.append(exc)
                continue
            except MedinsRulesError as exc:  # PyYAML missing
                problems.append(CaseFileError(str(path), str(exc)))
                continue
            results.extend(run_case(case) for case in cases)
    return results, problems


# -- the bundled examples -----------------------------------------------------------------------------


def bundled_example(rule: str) -> dict[str, Any] | None:
    """The bundled example input of a rule (``data/examples/<rule>.json``), or ``None``."""
    from importlib import resources

    resource = resources.files("medins_rules").joinpath("data", "examples", f"{rule}.json")
    if not resource.is_file():
        return None
    data = parse_json(resource.read_text("utf-8"), f"data/examples/{rule}.json")
    if not isinstance(data, dict):
        raise CaseFileError(f"data/examples/{rule}.json", "expected a JSON object")
    return data
