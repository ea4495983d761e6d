"""Analyst case files: load, check and run the YAML or JSON cases policy analysts write.

A file holds one case (a mapping) or a list of cases, each with a ``name``, a prose ``description``
(both required: the source sentence and why the case comes out as it does), the ``rule`` (a
catalogue name), the ``input`` (the rule's input as JSON would give it), optional ``options`` (the
rule's interpretive choices), ``calendar`` and ``notices``, and what to ``expect``: an ``outcome``
(with ``reason_codes`` that must appear, ``absent_reason_codes`` that must not, and decision
``fields`` that must equal the given values) or an ``error``. ``docs/case-files.md`` describes the
format; :mod:`~medins_rules.interfaces.case_format` defines it as a pydantic model and gives its JSON
Schema. Both the test suite (``tests/test_cases.py``) and ``medins-rules test`` run case files
through this module, so a case passes or fails the same way in both.

A case that does not follow the format is reported with every problem it has, each at its key and
line, and does not keep the other cases of its file from running (:func:`read_case_file`).

In YAML files dates stay strings (``2026-02-30`` reaches the rule as JSON would give it, rather than
failing in the YAML parser), duplicate keys are refused, and ``!repeat [text, count]`` builds a long
string (for the bad-input corpus), of at most :data:`MAX_REPEAT` characters. A document that its
aliases (``*name``) expand past :data:`MAX_EXPANDED_NODES` values is refused (a few hundred bytes of
nested aliases can stand for gigabytes), as is a recursive alias. A file larger than
:data:`MAX_CASE_FILE_BYTES` is refused unread, and a name, description or rule must be text (no
lone surrogate, such as an escaped ``"\ud800"``).

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

Every problem of a file is found at once, with its line:

>>> checked = check_cases(parse_yaml_located('''\\
... - name: Settled on the spot
...   description: Source 004.
...   rule: deadlines.service_settlement
...   input: {application_date: 2026-02-13, channel: county_centre, evaluation_date: 2026-02-13}
...   expect: {outcome: settled_on_the_spot}
... - name: A case with two mistakes
...   rule: deadlines.service_setlement
...   input: {}
...   expect: {outcome: settled}
... '''), source="cases.yaml")
>>> [case.name for case in checked.cases]
['Settled on the spot']
>>> print(checked.rejected[0])
cases.yaml:6: case 2 'A case with two mistakes' does not follow the case-file format:
  - description: required, a non-empty text: the source sentence the case rests on and why it comes out as it does (shown when the case fails) (line 6)
  - rule: no rule is called 'deadlines.service_setlement'; did you mean deadlines.service_settlement? (`medins-rules rules` lists them) (line 7)
"""

from __future__ import annotations

import functools
import json
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import ValidationError

from medins_rules.core.calendar import WorkingDayCalendar, YearArrangement, bundled_calendar
from medins_rules.core.errors import MedinsRulesError, UnknownRuleError
from medins_rules.core.model import Decision, RuleSpec
from medins_rules.core.problems import Problem, describe_error
from medins_rules.engine.catalogue import evaluate, get_rule
from medins_rules.interfaces.case_format import (
    CaseEntry,
    Expectation,
    FormatProblem,
    KeyPath,
    ReadFile,
    case_file_schema,
    check_entry,
    did_you_mean,
    read_notices,
)
from medins_rules.interfaces.hints import describe_refusal
from medins_rules.interfaces.schemas import rule_kwargs

__all__ = [
    "CASE_SUFFIXES",
    "AnalystCase",
    "CaseEntry",
    "CaseFile",
    "CaseFileError",
    "CaseResult",
    "Expectation",
    "Located",
    "bundled_example",
    "case_file_schema",
    "check_cases",
    "find_case_files",
    "load_case_file",
    "load_data",
    "parse_cases",
    "parse_json",
    "parse_yaml",
    "parse_yaml_located",
    "read_case_file",
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
_JSON_LINES_BYTES = 1 << 20
"""The largest JSON case file whose lines are looked up for its problems (larger ones are reported
without lines)."""


class CaseFileError(MedinsRulesError):
    """A case file that cannot be read, parsed, or does not follow the case-file format.

    For a case that does not follow the format, ``case`` is its index in the file, ``problems``
    lists every problem it has (each at its key and line) and ``line`` is the line of the case;
    for a file that cannot be read or parsed, ``case`` is ``None``.
    """

    def __init__(
        self,
        source: str,
        message: str,
        *,
        line: int | None = None,
        case: int | None = None,
        problems: Sequence[CaseProblem] = (),
    ) -> None:
        self.source = source
        self.line = line
        self.case = case
        self.problems = tuple(problems)
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class CaseProblem:
    """One problem of a case: its key path within the case, what is wrong, and its line."""

    key: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        text = f"{self.key}: {self.message}" if self.key else self.message
        return f"{text} (line {self.line})" if self.line is not None else text


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
def _yaml_loader(locating: bool = False) -> Any:
    """The case-file YAML loader; a ``locating`` one lets duplicate keys through to be reported
    by :func:`_locate` at their path (with the other problems of their case)."""
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
            if locating:
                return super().construct_mapping(node, deep=deep)
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


def _yaml_message(exc: Exception) -> str:
    """``invalid YAML at line L, column C: problem`` (PyYAML's own text when it has no mark)."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    if mark is None or not problem:
        return f"invalid YAML: {exc}"
    context = getattr(exc, "context", None)
    text = f"invalid YAML at line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return f"{text} ({context})" if context else text


def parse_yaml(text: str, source: str = "<yaml>") -> Any:
    """Parse YAML text the case-file way (dates stay strings, duplicate keys refused)."""
    import yaml

    loader = _yaml_loader()
    try:
        return yaml.load(text, Loader=loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise CaseFileError(source, _yaml_message(exc)) from None
    except RecursionError:
        raise CaseFileError(source, "invalid YAML: nested too deeply") from None
    except ValueError as exc:  # a number past int()'s digit limit, and the like
        raise CaseFileError(source, f"invalid YAML: {exc}") from None


class Located(NamedTuple):
    """Parsed data with the line of each key and list item (``lines``, by key path), and the keys
    given twice (``duplicates``: path, line, message), which a located reading does not refuse."""

    data: Any
    lines: Mapping[KeyPath, int]
    duplicates: tuple[tuple[KeyPath, int, str], ...] = ()


def parse_yaml_located(text: str, source: str = "<yaml>") -> Located:
    """Parse YAML text the case-file way, keeping the line of every key and list item.

    A key given twice is not refused here but listed in :attr:`Located.duplicates`, so that it is
    reported with the other problems of its case; every other problem of the text is a
    :class:`CaseFileError`, as for :func:`parse_yaml`.
    """
    import yaml

    loader = _yaml_loader(locating=True)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, {})
        lines, duplicates = _locate(node, loader, yaml)
        return Located(loader.construct_document(node), lines, tuple(duplicates))
    except yaml.YAMLError as exc:
        raise CaseFileError(source, _yaml_message(exc)) from None
    except RecursionError:
        raise CaseFileError(source, "invalid YAML: nested too deeply") from None
    except ValueError as exc:  # a number past int()'s digit limit, and the like
        raise CaseFileError(source, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def _locate(
    root: Any, loader: Any, yaml: Any
) -> tuple[dict[KeyPath, int], list[tuple[KeyPath, int, str]]]:
    """The line (from 1) of each key and list item below ``root``, by path, and the keys given
    twice. A node an alias repeats is walked once (its first path), so the walk is as long as the
    text, however far the aliases expand."""
    lines: dict[KeyPath, int] = {(): root.start_mark.line + 1}
    duplicates: list[tuple[KeyPath, int, str]] = []
    seen: set[int] = set()
    stack: list[tuple[KeyPath, Any]] = [((), root)]
    merge = "tag:yaml.org,2002:merge"
    while stack:
        path, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[Any] = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == merge:
                    continue
                try:
                    key = loader.construct_object(key_node)
                    hash(key)
                except (yaml.YAMLError, TypeError):
                    key = key_node.value
                line = key_node.start_mark.line + 1
                child = (*path, key)
                if key in keys:
                    duplicates.append((child, line, "given twice in the same mapping"))
                    continue
                keys.add(key)
                lines.setdefault(child, line)
                stack.append((child, value_node))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, index)
                lines.setdefault(child, item.start_mark.line + 1)
                stack.append((child, item))
    return lines, duplicates


def _json_lines(text: str) -> dict[KeyPath, int]:
    """The lines of a JSON text's keys and items, read as YAML (best effort: none if that fails
    or the text is large)."""
    if len(text) > _JSON_LINES_BYTES:
        return {}
    try:
        import yaml

        loader = _yaml_loader(locating=True)(text)
        try:
            node = loader.get_single_node()
            return _locate(node, loader, yaml)[0] if node is not None else {}
        finally:
            loader.dispose()
    except Exception:  # JSON that PyYAML reads otherwise (tabs...): the problems go without lines
        return {}


def _read_file(path: Path) -> str:
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
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CaseFileError(source, f"cannot read: not UTF-8 text ({exc.reason})") from None


def load_data(path: Path | str) -> Any:
    """Read and parse a YAML (``.yaml``/``.yml``) or JSON file."""
    path = Path(path)
    text = _read_file(path)
    if path.suffix.lower() == ".json":
        return parse_json(text, str(path))
    return parse_yaml(text, str(path))


def load_data_located(path: Path | str) -> Located:
    """Read and parse a YAML or JSON file, with the line of every key (see :class:`Located`)."""
    path = Path(path)
    text = _read_file(path)
    if path.suffix.lower() == ".json":
        data = parse_json(text, str(path))
        return Located(data, _LazyLines(text))
    return parse_yaml_located(text, str(path))


class _LazyLines(Mapping[KeyPath, int]):
    """The lines of a JSON text, looked up the first time a problem needs one."""

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._lines: dict[KeyPath, int] | None = None

    def _table(self) -> dict[KeyPath, int]:
        if self._lines is None:
            self._lines = _json_lines(self._text or "")
            self._text = None
        return self._lines

    def __getitem__(self, key: KeyPath) -> int:
        return self._table()[key]

    def __iter__(self) -> Any:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


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
class CaseLines:
    """The lines of one case's keys: :meth:`of` a key path within the case, or of the nearest key
    above it that has one (a missing key is reported at its mapping's line)."""

    table: Mapping[KeyPath, int] = field(default_factory=dict)
    prefix: KeyPath = ()

    def of(self, path: Sequence[str | int] = ()) -> int | None:
        """The line of ``path`` (within the case), or of its nearest ancestor; ``None`` if unknown."""
        full = (*self.prefix, *path)
        for end in range(len(full), len(self.prefix) - 1, -1):
            line = self.table.get(full[:end])
            if line is not None:
                return line
        return None


@dataclass(frozen=True, slots=True)
class AnalystCase:
    """One analyst case, as read from its file and checked against the format.

    ``notices`` are the holiday notices the case adds to the calendar (read and checked), ``lines``
    the line of each of its keys, ``line`` its own.
    """

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
    notices: tuple[YearArrangement, ...] = ()
    lines: CaseLines = field(default_factory=CaseLines)

    @property
    def id(self) -> str:
        """``source::name``: unique within a run."""
        return f"{self.source}::{self.name}"

    @property
    def line(self) -> int | None:
        """The line the case starts on, when known."""
        return self.lines.of()

    @property
    def where(self) -> str:
        """``source:line`` (or the source alone when the line is not known)."""
        line = self.line
        return f"{self.source}:{line}" if line is not None else self.source


@dataclass(frozen=True, slots=True)
class CaseFile:
    """A case file as read: the cases that follow the format, and one :class:`CaseFileError` for
    each case that does not (listing every problem it has, each at its key and line)."""

    source: str
    cases: tuple[AnalystCase, ...]
    rejected: tuple[CaseFileError, ...] = ()


def check_cases(data: Any | Located, *, source: str, base: Path | str | None = None) -> CaseFile:
    """Check parsed case-file data against the format: every case that follows it, and every
    problem of those that do not, at once (a bad case does not keep the others from running).

    ``data`` may be :class:`Located` (from :func:`parse_yaml_located`), for problems with their
    lines. Notice files a case names are read relative to ``base``. Data that holds no case at all
    raises :class:`CaseFileError`.
    """
    located = data if isinstance(data, Located) else Located(data, {})
    content = located.data
    if content is None or content == []:
        raise CaseFileError(source, "the file holds no case")
    if not isinstance(content, dict | list):
        raise CaseFileError(
            source,
            "expected a case (a mapping with name, description, rule, input and expect) or a "
            f"list of cases; got {type(content).__name__}",
        )
    many = isinstance(content, list)
    items: list[Any] = content if isinstance(content, list) else [content]
    read_file = _reader(Path(base)) if base is not None else None
    duplicates: dict[int, list[FormatProblem]] = {}
    for path, line, message in located.duplicates:
        index = path[0] if many and path and isinstance(path[0], int) else 0
        relative = path[1:] if many else path
        duplicates.setdefault(index, []).append(FormatProblem(relative, message, line))
    cases: list[AnalystCase] = []
    rejected: list[CaseFileError] = []
    names: set[str] = set()
    for index, raw in enumerate(items):
        lines = CaseLines(located.lines, (index,) if many else ())
        problems = [*duplicates.get(index, ()), *check_entry(raw, read_file=read_file)]
        name = raw.get("name") if isinstance(raw, dict) else None
        name = name.strip() if isinstance(name, str) else None
        if name and name in names:
            problems.append(FormatProblem(("name",), f"{name!r} is used by another case"))
        if name:
            names.add(name)
        if problems:
            rejected.append(_rejected(source, index if many else None, name, problems, lines))
            continue
        entry = CaseEntry.model_validate(raw)
        notices, _ = read_notices(raw.get("notices"), read_file=read_file)
        cases.append(
            AnalystCase(
                source=source,
                index=index,
                name=entry.name,
                description=entry.description,
                rule=entry.rule,
                input=entry.input,
                options=entry.options,
                calendar=entry.calendar,
                expect=entry.expect,
                raw=raw,
                notices=notices,
                lines=lines,
            )
        )
    return CaseFile(source, tuple(cases), tuple(rejected))


def _reader(folder: Path) -> ReadFile:
    """Reads a file a case names, relative to the case file's folder."""

    def read(name: str) -> str:
        return (folder / name).read_text("utf-8")

    return read


def _rejected(
    source: str,
    index: int | None,
    name: str | None,
    problems: Sequence[FormatProblem],
    lines: CaseLines,
) -> CaseFileError:
    located = sorted(
        (CaseProblem(p.key, p.message, p.line or lines.of(p.path)) for p in problems),
        key=lambda p: (p.line or 0, p.key),
    )
    which = "the case" if index is None else f"case {index + 1}"
    if name:
        which += f" {name!r}"
    message = f"{which} does not follow the case-file format:" + "".join(
        f"\n  - {problem}" for problem in located
    )
    return CaseFileError(source, message, line=lines.of(), case=index or 0, problems=located)


def parse_cases(data: Any, *, source: str) -> list[AnalystCase]:
    """Check parsed case-file data against the format and return its cases; a case that does not
    follow it raises :class:`CaseFileError` (naming every problem of the first such case)."""
    checked = check_cases(data, source=source)
    if checked.rejected:
        raise checked.rejected[0]
    return list(checked.cases)


def read_case_file(path: Path | str) -> CaseFile:
    """Read one case file: its cases that follow the format and the problems of those that do not.

    A file that cannot be read or parsed, or holds no case, raises :class:`CaseFileError`.
    """
    path = Path(path)
    try:
        located = load_data_located(path)
    except CaseFileError:
        raise
    except MedinsRulesError as exc:  # PyYAML missing
        raise CaseFileError(str(path), str(exc)) from None
    return check_cases(located, source=str(path), base=path.parent)


def load_case_file(path: Path | str) -> list[AnalystCase]:
    """Read, parse and check one case file; a case that does not follow the format raises
    :class:`CaseFileError` (:func:`read_case_file` gives the other cases too)."""
    checked = read_case_file(path)
    if checked.rejected:
        raise checked.rejected[0]
    return list(checked.cases)


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
        """The case's name and prose, then each difference (with the line of the key it is
        about, where known); in ``"en"`` or ``"zh"``."""
        if lang == "zh":
            from medins_rules.interfaces.translate import case_report_zh

            return case_report_zh(self)
        head = {"passed": "PASS", "failed": "FAIL", "error": "ERROR"}[self.status]
        lines = [f"{head} {self.case.where}: {self.case.name}"]
        if not self.passed:
            lines.append(textwrap.indent(self.case.description, "  "))
            lines.append(f"  rule: {self.case.rule}")
            lines.extend(f"  - {d}" for d in self.differences)
        return "\n".join(lines)


def _calendar(name: str, notices: Sequence[YearArrangement] = ()) -> WorkingDayCalendar:
    """The bundled calendar with the case's notices, in the mode the case names (``official`` is
    the older spelling of ``strict``: a year without a notice is refused)."""
    calendar = bundled_calendar()
    for notice in notices:
        calendar = calendar.with_year(notice)
    if name in ("strict", "official"):
        return calendar.strict()
    return calendar.provisional() if name == "provisional" else calendar


def _at(case: AnalystCase, path: Sequence[str | int], text: str) -> str:
    """``text`` with the line of ``path`` at the end of its first line, when known."""
    line = case.lines.of(path)
    if line is None:
        return text
    first, newline, rest = text.partition("\n")
    colon = ":" if first.endswith(":") else ""
    return f"{first.removesuffix(':')} (line {line}){colon}{newline}{rest}"


def run_case(case: AnalystCase) -> CaseResult:
    """Evaluate the case's rule on its input and compare with what it expects."""
    try:
        spec = get_rule(case.rule)
    except UnknownRuleError as exc:
        return CaseResult(case, "error", (_at(case, ("rule",), str(exc)),), error=exc)
    try:
        kwargs = rule_kwargs(spec, case.options, calendar=_calendar(case.calendar, case.notices))
    except ValueError as exc:
        problems = describe_error(exc, prefix="options" if isinstance(exc, ValidationError) else "")
        return CaseResult(
            case, "error", tuple(_at(case, ("options",), str(p)) for p in problems), error=exc
        )
    outcomes = [o.value for o in spec.outcomes]
    if case.expect.outcome is not None and case.expect.outcome not in outcomes:
        return CaseResult(
            case,
            "error",
            (
                _at(
                    case,
                    ("expect", "outcome"),
                    f"expect.outcome: {case.expect.outcome!r} is not an outcome of {spec.name} "
                    f"(outcomes: {', '.join(outcomes)})",
                ),
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
    differences = _compare(case, spec, decision, error)
    return CaseResult(
        case, "failed" if differences else "passed", tuple(differences), decision, error
    )


def _refusal(case: AnalystCase, spec: RuleSpec, error: BaseException) -> str:
    """The error's kind, then each of its problems on a line of its own, at the input key it names
    (with that key's line and, for an unknown key, the closest field), then the case file's hints."""
    problems: list[Problem] = describe_refusal(error, "case file")
    of_input = isinstance(error, ValidationError) and error.title == spec.input_model.__name__
    out = [f"{type(error).__name__}:"]
    for problem in problems:
        text = str(problem)
        path = _input_path(case, problem.field)
        if path is not None or of_input:
            key = f"input.{problem.field}" if problem.field else "input"
            text = f"{key}: {problem.message}"
            if problem.message.startswith("not a field of this input") and path:
                text += did_you_mean(path[-1], _keys_at(spec, path[:-1]))
            text = _at(case, ("input", *(path or ())), text)
        out.append(text)
    if len(out) == 2:
        return f"{out[0]} {out[1]}"
    return out[0] + "".join(f"\n      {line}" for line in out[1:])


def _input_path(case: AnalystCase, dotted: str | None) -> tuple[str | int, ...] | None:
    """The key path of a problem's field within the case's input, if the input has that key."""
    if not dotted:
        return None
    path: list[str | int] = []
    for text in dotted.replace("[", ".[").split("."):
        if text.startswith("[") and text.endswith("]") and text[1:-1].isdigit():
            path.append(int(text[1:-1]))
        elif text:
            path.append(text)
    value: Any = case.input
    for part in path:
        at_index = isinstance(part, int) and isinstance(value, list) and part < len(value)
        at_key = isinstance(part, str) and isinstance(value, Mapping) and part in value
        if not (at_index or at_key):
            return None
        value = value[part]
    return tuple(path)


def _keys_at(spec: RuleSpec, path: Sequence[str | int]) -> list[str]:
    """The field names the rule's input accepts at ``path`` (for a nested model or a list of them:
    its fields), read from the input's JSON Schema."""
    from medins_rules.interfaces.schemas import input_schema

    schema = input_schema(spec)
    defs = schema.get("$defs", {})

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = defs.get(str(node["$ref"]).rsplit("/", 1)[-1], {})
        for key in ("anyOf", "oneOf"):
            for option in node.get(key, ()):
                found = resolve(option)
                if found.get("properties") or found.get("items"):
                    return found
        return node

    node = resolve(schema)
    for part in path:
        if isinstance(part, int):
            node = resolve(node.get("items", {}))
        else:
            node = resolve(node.get("properties", {}).get(part, {}))
    return list(node.get("properties", {}))


def _compare(
    case: AnalystCase,
    spec: RuleSpec,
    decision: Decision[Any] | None,
    error: BaseException | None,
) -> list[str]:
    expect = case.expect
    out: list[str] = []
    if expect.error is not None:
        if error is None:
            assert decision is not None
            return [
                _at(
                    case,
                    ("expect", "error"),
                    f"expected the error {expect.error}, got the decision "
                    f"{decision.outcome.value} ({', '.join(decision.reason_codes)})",
                )
            ]
        names = {cls.__name__ for cls in type(error).__mro__}
        if expect.error not in names:
            out.append(
                _at(
                    case,
                    ("expect", "error"),
                    f"error: expected {expect.error}, got {_refusal(case, spec, error)}",
                )
            )
        if expect.error_field and expect.error_field not in str(error):
            out.append(
                _at(
                    case,
                    ("expect", "error_field"),
                    f"error_field: the error does not name {expect.error_field}: "
                    f"{_refusal(case, spec, error)}",
                )
            )
        return out
    if error is not None:
        return [
            _at(
                case,
                ("expect", "outcome"),
                f"expected the outcome {expect.outcome}, got the error {_refusal(case, spec, error)}",
            )
        ]
    assert decision is not None
    codes = decision.reason_codes
    if decision.outcome.value != expect.outcome:
        out.append(
            _at(
                case,
                ("expect", "outcome"),
                f"outcome: expected {expect.outcome}, got {decision.outcome.value}",
            )
        )
    for index, code in enumerate(expect.reason_codes):
        if code not in codes:
            out.append(
                _at(
                    case,
                    ("expect", "reason_codes", index),
                    f"reason_codes: expected {code}; the decision gives {', '.join(codes)}",
                )
            )
    for index, code in enumerate(expect.absent_reason_codes):
        if code in codes:
            out.append(
                _at(
                    case,
                    ("expect", "absent_reason_codes", index),
                    f"absent_reason_codes: {code} should not appear, but it does",
                )
            )
    dumped = decision.model_dump(mode="json")
    for name, want in expect.fields.items():
        if name not in dumped:
            out.append(
                _at(
                    case,
                    ("expect", "fields", name),
                    f"fields.{name}: the decision has no such field (fields: {', '.join(dumped)})",
                )
            )
            continue
        got = dumped[name]
        if not _same(got, want):
            out.append(
                _at(
                    case,
                    ("expect", "fields", name),
                    f"fields.{name}: expected {json.dumps(want, ensure_ascii=False)}, "
                    f"got {json.dumps(got, ensure_ascii=False)}",
                )
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
    """Run every case in these files and folders.

    Files that cannot be read, and cases that do not follow the format (each with every problem it
    has), are returned apart; the other cases of a file run all the same.
    """
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
                checked = read_case_file(path)
            except CaseFileError as exc:
                problems.append(exc)
                continue
            problems.extend(checked.rejected)
            results.extend(run_case(case) for case in checked.cases)
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
