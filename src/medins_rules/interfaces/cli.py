# PYTHON_ARGCOMPLETE_OK  (shell completion with the extra 'completion': docs/cli.md)
"""The ``medins-rules`` command: a thin shell around the pure rules.

Every command reads its input, calls the catalogue, and prints; no rule logic lives here. Exit
status: 0 for decisions (whatever their outcome) and passing case files, 1 when an analyst case
fails, 2 for bad input (an unreadable file or a closed standard input, a record over the size limit,
invalid JSON, a field that fails validation, an unknown rule, a date outside the calendar), 3 for an
internal error (a defect of the package; in a run of many records, the others are still evaluated).
Errors name the file (and line), the field path and the problem; no traceback is shown unless
``--debug`` is given. What the command echoes from its input (a file name, a key, a value) is
escaped: a control character, an ANSI escape sequence or a lone surrogate is shown as its Python
escape (``\x1b``, ``\n``, ``\ud800``), so input cannot forge lines on the terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO, Any, NamedTuple

from pydantic import ValidationError

from medins_rules.core.calendar import WorkingDayCalendar, bundled_calendar, parse_notice
from medins_rules.core.errors import (
    CalendarDataError,
    CalendarYearNotCoveredError,
    MedinsRulesError,
    UnknownRuleError,
)
from medins_rules.core.inputs import DEFAULT_MAX_RECORD_BYTES
from medins_rules.core.model import Decision, RuleSpec
from medins_rules.engine.catalogue import evaluate, get_rule, rules
from medins_rules.interfaces.casefiles import CaseFileError, bundled_example, parse_json, run_files
from medins_rules.interfaces.hints import describe_refusal
from medins_rules.interfaces.presentation import (
    Problem,
    describe_error,
    describe_rule,
    printable,
    render_rules,
    render_text,
)
from medins_rules.interfaces.schemas import (
    decision_schema,
    input_schema,
    options_schema,
    rule_kwargs,
)

__all__ = ["main"]

PROG = "medins-rules"
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
_LINE_SUFFIXES = (".jsonl", ".ndjson")
_PROGRESS_INTERVAL = 0.2
_CHUNK = 1 << 20
_COLUMNAR_CHUNK = 1 << 15
"""Lines decided at once by the columnar engine when the lines are read one by one (no pyarrow)."""
_READ_BLOCK = 1 << 20
"""Bytes read at a time from a file of lines (a line longer than this is still read whole, up to
the record limit)."""
_COLUMNAR_BLOCK = 1 << 21
"""Bytes the columns read at a time (about 17,000 claims of a nightly file): 2 MB decides as fast
as 4 MB with a peak of about 310 MB instead of 430 at 1M lines (1 MB: 260 MB, a fifth slower)."""
_MAX_DISCARD = 1 << 30
"""How much of one over-long line is read past the limit, looking for its end, before the rest of
the input is judged not to be one record a line and left unread (1 GiB)."""


class BadInputError(Exception):
    """Input the command refuses: where it came from and what is wrong with it."""

    def __init__(self, source: str, problems: Sequence[Problem | str]) -> None:
        self.source = source
        self.problems = [p if isinstance(p, Problem) else Problem(None, p) for p in problems]
        super().__init__(source)


class InternalError(Exception):
    """A rule failed on an input in a way no rule should (a defect of the package)."""

    def __init__(self, error: Exception) -> None:
        self.error = error
        super().__init__(f"{type(error).__name__}: {error}")


# -- helpers ------------------------------------------------------------------------------------------


def _err(message: str) -> None:
    print(f"{PROG}: {printable(message)}", file=sys.stderr)


def _said(problem: Problem | str, lang: str) -> str:
    """A problem as the command reports it: in Chinese with ``--lang zh`` (the command line's own
    messages translated, refusals already given in Chinese kept)."""
    if lang != "zh":
        return str(problem)
    from medins_rules.interfaces.translate import cli_problem_zh

    return cli_problem_zh(str(problem))


def _rule(name: str) -> RuleSpec:
    try:
        return get_rule(name)
    except UnknownRuleError:
        import difflib

        known = list(rules())
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise BadInputError(
            "rule",
            [f"unknown rule {name!r}.{hint} Known rules: {', '.join(known)} (see `{PROG} rules`)"],
        ) from None


def _hints_zh(exc: BaseException) -> list[Problem]:
    """The advice beside a refusal in Chinese (the English advice is :func:`describe_refusal`'s)."""
    if isinstance(exc, CalendarYearNotCoveredError) and exc.reason == "unpublished":
        from medins_rules.interfaces.translate import hint_zh

        return [Problem(None, hint_zh(exc.year))]
    return []


def _calendar(mode: str, notices: Sequence[str]) -> WorkingDayCalendar:
    """The bundled calendar with the notices given (files), in the mode asked for."""
    calendar = bundled_calendar()
    for path in notices:
        source, text = _read_text(path)
        try:
            calendar = calendar.with_year(parse_notice(text, where=source))
        except CalendarDataError as exc:
            raise BadInputError(source, [str(exc).removeprefix(f"{source}: ")]) from None
    if mode == "strict":
        return calendar.strict()
    if mode == "provisional":
        return calendar.provisional()
    return calendar


def _kwargs(
    spec: RuleSpec, options_text: str | None, calendar: WorkingDayCalendar, lang: str = "en"
) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if options_text:
        try:
            parsed = parse_json(options_text, "--options")
        except CaseFileError as exc:
            raise BadInputError("--options", [str(exc).removeprefix("--options: ")]) from None
        if not isinstance(parsed, dict):
            raise BadInputError(
                "--options", ["expected a JSON object, for example '{\"name\": true}'"]
            )
        options = parsed
    try:
        return rule_kwargs(spec, options, calendar=calendar)
    except ValidationError as exc:
        if lang == "zh":
            from medins_rules.interfaces.translate import describe_error_zh

            zh = describe_error_zh(exc, prefix="options")
            raise BadInputError("--options", zh) from None
        raise BadInputError("--options", describe_error(exc, prefix="options")) from None
    except ValueError as exc:
        raise BadInputError("--options" if options else "--calendar", [str(exc)]) from None


def _too_large(limit: int) -> str:
    return (
        f"cannot read: larger than the limit of {limit:,} bytes on one record "
        "(--max-record-bytes sets another limit)"
    )


def _stdin() -> IO[bytes]:
    """Standard input as bytes, or :class:`BadInputError` when it is closed."""
    stream = sys.stdin
    if stream is None:
        raise BadInputError("<stdin>", ["cannot read: standard input is closed"])
    return stream.buffer


def _read_text(path: str, limit: int = DEFAULT_MAX_RECORD_BYTES) -> tuple[str, str]:
    """``(source name, text)`` of a file, or of standard input for ``-``; at most ``limit`` bytes."""
    source = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            data = _stdin().read(limit + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)
    except OSError as exc:
        raise BadInputError(source, [f"cannot read: {exc.strerror or exc}"]) from None
    except ValueError as exc:  # a closed stream object
        raise BadInputError(source, [f"cannot read: {exc}"]) from None
    if len(data) > limit:
        raise BadInputError(source, [_too_large(limit)])
    try:
        return source, data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(source, [f"cannot read: not UTF-8 text ({exc.reason})"]) from None


def _case_object(text: str, source: str) -> dict[str, Any]:
    try:
        data = parse_json(text, source)
    except CaseFileError as exc:
        message = str(exc).removeprefix(f"{source}: ")
        if "Extra data" in message:
            message += " (several cases? write one a line in a .jsonl file, or pass --jsonl)"
        raise BadInputError(source, [message]) from None
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "null"
        extra = " (for several cases, write one a line in a .jsonl file)" if kind == "list" else ""
        raise BadInputError(
            source, [f"expected a JSON object with the case's fields; got a {kind}{extra}"]
        )
    return data


def _evaluate(
    spec: RuleSpec, case: dict[str, Any], kwargs: dict[str, Any], lang: str = "en"
) -> Decision[Any]:
    """Evaluate, turning refusals into :class:`BadInputError` (the source is filled in by the
    caller; in Chinese with ``lang="zh"``) and any other exception into :class:`InternalError`."""
    try:
        return evaluate(spec.name, case, **kwargs)
    except (ValidationError, MedinsRulesError) as exc:  # the package's refusals
        if lang == "zh":
            from medins_rules.interfaces.translate import describe_error_zh

            zh = [Problem(None, line) for line in describe_error_zh(exc, rule=spec.name)]
            raise BadInputError("", [*zh, *_hints_zh(exc)]) from None
        raise BadInputError("", describe_refusal(exc, "command line")) from None
    except Exception as exc:  # a defect: the caller reports it (and a run goes on)
        raise InternalError(exc) from exc


def _dump(decision: Decision[Any], *, indent: int | None) -> str:
    return decision.model_dump_json(indent=indent)


# -- evaluate -----------------------------------------------------------------------------------------


def _cmd_evaluate(args: argparse.Namespace) -> int:
    spec = _rule(args.rule)
    mode = "provisional" if args.provisional_calendar else args.calendar
    calendar = _calendar(mode, args.notice)
    kwargs = _kwargs(spec, args.options, calendar, args.lang)
    args.calendar_used = kwargs.get("calendar", calendar)
    writer = _writer(spec, args)
    if args.jsonl or args.case.lower().endswith(_LINE_SUFFIXES):
        return _evaluate_lines(spec, args, kwargs, writer)
    source, text = _read_text(args.case, args.max_record_bytes)
    case = _case_object(text, source)
    try:
        decision = _evaluate(spec, case, kwargs, args.lang)
    except BadInputError as exc:
        raise BadInputError(source, exc.problems) from None
    except InternalError as exc:
        if args.debug:
            raise exc.error from None
        raise
    if writer is not None:
        sys.stdout.write(writer.decision(decision, None))
        _finish(writer, args)
    elif args.format == "text":
        print(_text(decision, args))
    else:
        print(_dump(decision, indent=2))
    return EXIT_OK


def _text(decision: Decision[Any], args: argparse.Namespace) -> str:
    """The text rendering, its deadline grid in colour on a terminal unless ``NO_COLOR`` is set."""
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    return render_text(decision, lang=args.lang, calendar=args.calendar_used, colour=colour)


def _writer(spec: RuleSpec, args: argparse.Namespace) -> Any:
    """The writer of a tabular or calendar format (``None`` for json and text)."""
    from medins_rules.interfaces import outputs

    try:
        return outputs.writer(spec, args)
    except outputs.OutputError as exc:
        raise BadInputError(exc.where, [str(exc)]) from None


def _finish(writer: Any, args: argparse.Namespace) -> None:
    from medins_rules.interfaces import outputs

    try:
        outputs.finish(writer, args, sys.stdout)
    except outputs.OutputError as exc:
        raise BadInputError(exc.where, [str(exc)]) from None


class _Oversized(NamedTuple):
    """A line longer than the limit (skipped); ``ended`` is false when no end of line was found
    within :data:`_MAX_DISCARD` bytes past it, and the rest of the input is left unread."""

    ended: bool


@contextlib.contextmanager
def _input(path: str) -> Iterator[IO[bytes]]:
    """The input as bytes: standard input for ``-`` (left open), else the file (closed after)."""
    if path == "-":
        yield _stdin()
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after streaming
    except OSError as exc:
        raise BadInputError(path, [f"cannot read: {exc.strerror or exc}"]) from None
    with handle:
        yield handle


def _lines(path: str, limit: int) -> Iterator[tuple[int, bytes | _Oversized]]:
    """The input's lines, numbered from 1, each of at most ``limit`` bytes (longer ones are
    reported as :class:`_Oversized` and skipped without being kept in memory)."""
    with _input(path) as stream:
        yield from _numbered(stream, limit)


def _numbered(
    stream: IO[bytes], limit: int, *, after: int = 0, pending: bytes = b""
) -> Iterator[tuple[int, bytes | _Oversized]]:
    """The stream's lines (without their line feeds), numbered from ``after + 1`` (``pending``, the
    start of a line already read), read a block at a time; a line of more than ``limit`` bytes is
    reported as :class:`_Oversized` and read past, never kept."""
    number = after
    try:
        while True:
            block = stream.read(_READ_BLOCK)
            if not block:
                if pending:
                    yield number + 1, (pending if len(pending) <= limit else _Oversized(True))
                return
            parts = (pending + block if pending else block).split(b"\n")
            pending = parts.pop()
            for part in parts:
                number += 1
                yield number, (part if len(part) <= limit else _Oversized(True))
            if len(pending) > limit:  # a line longer than the limit, its end not read yet
                number += 1
                pending = b""
                ended = _discard_line(stream, max(_MAX_DISCARD, 16 * limit))
                yield number, _Oversized(ended)
                if not ended:
                    return
    except OSError as exc:
        raise BadInputError("<stdin>", [f"cannot read: {exc.strerror or exc}"]) from None


def _discard_line(stream: IO[bytes], most: int) -> bool:
    """Read on to the end of the current line, keeping nothing; whether it ended within ``most``."""
    read = 0
    while read < most:
        chunk = stream.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return True
        read += len(chunk)
    return False


class _Progress:
    """A one-line counter on standard error, shown only when it is a terminal."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.last = 0.0
        self.shown = False

    def tick(self, done: int, bad: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < _PROGRESS_INTERVAL:
            return
        self.last = now
        self.shown = True
        self.stream.write(f"\r{PROG}: {done} cases evaluated, {bad} bad lines")
        self.stream.flush()

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _chunks(
    lines: Iterator[tuple[int, bytes | _Oversized]], size: int
) -> Iterator[list[tuple[int, bytes | _Oversized]]]:
    """The lines in lists of at most ``size`` (a chunk is decided at once by the columns)."""
    chunk: list[tuple[int, bytes | _Oversized]] = []
    for item in lines:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _columnar_rows(
    spec: RuleSpec, texts: Sequence[str], kwargs: dict[str, Any], cache: Any
) -> list[Any]:
    """The rows the columnar engine decides for a table (``None`` for the lines the rule must read
    one by one), each with the decision's main message."""
    from medins_rules.engine.stream import columnar_rows

    return columnar_rows(spec, texts, kwargs, cache, messages=True)


class _Block:
    """Whole lines as read, numbered from ``first``: split into numbered lines only when a line
    must be read one by one (the columns take the block as it is)."""

    __slots__ = ("block", "first", "limit")

    def __init__(self, block: bytes, first: int, limit: int) -> None:
        self.block, self.first, self.limit = block, first, limit

    def __iter__(self) -> Iterator[tuple[int, bytes | _Oversized]]:
        for number, part in enumerate(self.block.split(b"\n"), self.first):
            yield number, (part if len(part) <= self.limit else _Oversized(True))


def _blocks(path: str, limit: int) -> Iterator[_Block | list[tuple[int, bytes | _Oversized]]]:
    """The input as blocks of whole lines of about :data:`_COLUMNAR_BLOCK` bytes each, for the
    columns; from a line with no end within the limit on, numbered lines in chunks as
    :func:`_lines` reads them."""
    with _input(path) as stream:
        number, pending = 0, b""
        while True:
            try:
                read = stream.read(_COLUMNAR_BLOCK)
            except OSError as exc:
                raise BadInputError(path, [f"cannot read: {exc.strerror or exc}"]) from None
            data = pending + read if pending else read
            cut = data.rfind(b"\n") if read else len(data)
            if cut < 0:  # no end of line in the block: a very long line, read as lines are
                yield from _chunks(
                    _numbered(stream, limit, after=number, pending=data), _COLUMNAR_CHUNK
                )
                return
            if cut or data:
                whole, pending = data[:cut], data[cut + 1 :]
                yield _Block(whole, number + 1, limit)
                number += whole.count(b"\n") + 1
            if not read:
                return


class _Whole(NamedTuple):
    """A chunk the columns decided whole: its output lines and how many of each outcome."""

    text: str
    outcomes: Counter[str]


def _columnar_lines(
    spec: RuleSpec, entries: Sequence[tuple[int, str]], kwargs: dict[str, Any], cache: Any
) -> list[tuple[str, str] | None] | _Whole:
    """The output lines (outcome, compact row with its newline) the columnar engine decides for
    ``entries`` (line number, text), ``None`` for each line the rule must read one by one: through
    pyarrow where it is installed, the lines it leaves through the line-by-line columns."""
    from medins_rules.engine.stream import arrow_rows, columnar_rows

    out: list[tuple[str, str] | None] = [None] * len(entries)
    rest: Sequence[int] = range(len(entries))
    chunk = arrow_rows(
        spec, [text.encode() for _, text in entries], [n for n, _ in entries], kwargs, cache
    )
    if chunk is not None and chunk.decided.all():  # the common case: the lines' text at once
        return _Whole(chunk.text.decode(), Counter(chunk.outcomes))
    if chunk is not None:
        text, bounds, outcomes = chunk.text.decode(), chunk.bounds.tolist(), chunk.outcomes
        rest, k = [], 0
        for i, here in enumerate(chunk.decided.tolist()):
            if here:
                out[i] = (outcomes[k], text[bounds[k] : bounds[k + 1]])
                k += 1
            else:
                rest.append(i)
    if rest:
        rows = columnar_rows(spec, [entries[i][1] for i in rest], kwargs, cache)
        for i, row in zip(rest, rows, strict=True):
            if row is not None:
                out[i] = (row.outcome, f'{{"line":{entries[i][0]},{row.json[1:]}\n')
    return out


def _whole_block(
    spec: RuleSpec, chunk: _Block, kwargs: dict[str, Any], cache: Any
) -> _Whole | None:
    """A block of plain lines (none too long or blank, all UTF-8, no carriage returns) the columns
    decide whole, or ``None``: the block is then read line by line."""
    from medins_rules.engine.stream import arrow_block, line_lengths

    block = chunk.block
    if chunk.first == 1 and block.startswith(b"\xef\xbb\xbf"):  # a byte-order mark
        block = block[3:]
    if not block or block.startswith(b"\n") or b"\n\n" in block or b"\r" in block:
        return None
    try:
        block.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if int(line_lengths(block).max()) > chunk.limit:
        return None
    decided = arrow_block(spec, block, chunk.first, kwargs, cache)
    if decided is None or not decided.decided.all():
        return None
    return _Whole(decided.text.decode(), Counter(decided.outcomes))


def _has_arrow() -> bool:
    """Whether pyarrow (the extra ``columnar``) is installed: the columns then read blocks."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _columnar_cache(spec: RuleSpec, kwargs: dict[str, Any]) -> Any:
    """A run's cache for the columnar path, or ``None`` when the rule (with these keywords) has no
    columnar form or numpy (the extra ``columnar``) is not installed."""
    try:
        from medins_rules.engine.stream import RepresentativeCache, has_columnar_form
    except ImportError:  # numpy absent: every line is evaluated by the rule
        return None
    return RepresentativeCache() if has_columnar_form(spec, kwargs) else None


def _decision_line(
    decision: Decision[Any],
    number: int,
    args: argparse.Namespace,
    writer: Any,
    compact: bool,
    encoder: Callable[[Decision[Any]], bytes],
) -> str:
    """What a batch writes for a line's decision, in the format asked for (the modules only some
    formats need imported here, where they are used)."""
    if writer is not None:
        return str(writer.decision(decision, number))
    if args.format == "text":
        return _text(decision, args) + "\n\n"
    if compact:
        from medins_rules.engine.rows import compact_row

        return _json_line(compact_row(decision, line=number))
    return encoder(decision).decode() + "\n"


def _json_line(row: Mapping[str, Any]) -> str:
    """A compact row as a JSON line."""
    import orjson

    return orjson.dumps(row).decode() + "\n"


def _evaluate_lines(
    spec: RuleSpec, args: argparse.Namespace, kwargs: dict[str, Any], writer: Any = None
) -> int:
    """One case a line in, one decision (or compact row) a line out, in constant memory.

    A bad line is reported with its number and does not stop the others, nor does a line on which
    the rule fails unexpectedly (a defect, reported as an internal error). When standard output is
    closed early (``| head``), the rest of the input is still evaluated, without writing its
    decisions, so that the exit status and the summary cover every line.

    With ``--output compact`` the decisions are written as compact rows; a rule with a columnar form
    then decides the lines a chunk at a time through the columnar engine (the lines it cannot take
    as they are go to the rule one by one, as every line does otherwise). A tabular format (csv,
    xlsx, table) takes the same path, and writes a refused line (or one that hit an internal error)
    as a row with its error, so that every line of the input has its row.
    """
    import traceback

    import orjson

    from medins_rules.engine.encode import DecisionEncoder

    source = "<stdin>" if args.case == "-" else args.case
    limit: int = args.max_record_bytes
    compact = args.output == "compact" and args.format == "json"
    tabular = writer is not None and writer.takes_rows
    cache = _columnar_cache(spec, kwargs) if compact or tabular else None
    encoder = DecisionEncoder()
    outcomes: Counter[str] = Counter()
    bad = internal = 0
    closed_at: int | None = None
    progress = _Progress(sys.stderr)
    out: IO[str] | None = sys.stdout
    whole_chunks = cache is not None and not tabular  # a table's rows need their messages
    chunks: Iterator[Sequence[tuple[int, bytes | _Oversized]] | _Block] = (
        _blocks(args.case, limit)
        if whole_chunks and _has_arrow()
        else _chunks(_lines(args.case, limit), _COLUMNAR_CHUNK if cache is not None else 1)
    )
    for chunk in chunks:
        if whole_chunks and isinstance(chunk, _Block):
            whole = _whole_block(spec, chunk, kwargs, cache)
            if whole is not None:  # decided whole: its rows at once, no line by line
                outcomes.update(whole.outcomes)
                if out is not None:
                    try:
                        out.write(whole.text)
                    except BrokenPipeError:
                        out, closed_at = None, chunk.first
                        _silence_stdout()
                progress.tick(sum(outcomes.values()), bad + internal)
                continue
        prepared: list[tuple[int, str, list[Problem]]] = []
        for number, raw in chunk:
            problems: list[Problem] = []
            text = ""
            if isinstance(raw, _Oversized):
                problems.append(Problem(None, _too_large(limit).removeprefix("cannot read: ")))
                if not raw.ended:
                    problems.append(
                        Problem(
                            None,
                            f"no end of line within {_MAX_DISCARD:,} bytes after it: the input "
                            "is not one record a line, and the rest of it is not read",
                        )
                    )
            else:
                try:
                    text = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
                except UnicodeDecodeError as exc:
                    problems.append(Problem(None, f"not UTF-8 text ({exc.reason})"))
                if not text and not problems:
                    continue
            prepared.append((number, text, problems))
        rows: list[Any] = [None] * len(prepared)  # the columns' lines (or, for a table, rows)
        if cache is not None:
            clean = [i for i, (_, text, problems) in enumerate(prepared) if not problems]
            decided: Sequence[Any] | _Whole
            if tabular:  # rows with their messages, for the writer to write in line order
                decided = _columnar_rows(spec, [prepared[i][1] for i in clean], kwargs, cache)
            else:
                decided = _columnar_lines(
                    spec, [(prepared[i][0], prepared[i][1]) for i in clean], kwargs, cache
                )
            if isinstance(decided, _Whole):  # the clean lines decided whole, beside bad lines
                decided = [
                    (orjson.loads(text)["outcome"], text)
                    for text in decided.text.splitlines(keepends=True)
                ]
            for i, row in zip(clean, decided, strict=True):
                rows[i] = row
        for (number, text, problems), row in zip(prepared, rows, strict=True):
            where = f"{source}:{number}"
            line: str
            if row is not None:
                if tabular:
                    outcomes[row.outcome] += 1
                    messages = {"en": row.message_en, "zh": row.message_zh}
                    line = writer.compact(orjson.loads(row.json), messages, number)
                else:
                    outcome, line = row
                    outcomes[outcome] += 1
            else:
                try:
                    if problems:
                        raise BadInputError(where, problems)
                    decision = _evaluate(spec, _case_object(text, where), kwargs, args.lang)
                except BadInputError as exc:
                    bad += 1
                    progress.clear()
                    said = [_said(p, args.lang) for p in exc.problems]
                    for text in said:
                        _err(f"{where}: {text}")
                    if not tabular:
                        continue
                    line = writer.refused(number, [printable(t) for t in said])
                except InternalError as exc:
                    internal += 1
                    progress.clear()
                    if args.lang == "zh":
                        _err(f"{where}: {_said(f'internal error: {exc}', 'zh')}；其余各行照常评估")
                    else:
                        _err(
                            f"{where}: internal error: {exc} (a defect of the package, please "
                            "report it; the other lines are evaluated)"
                        )
                    if args.debug:
                        traceback.print_exception(exc.error, file=sys.stderr)
                    if not tabular:
                        continue
                    line = writer.refused(
                        number, [printable(_said(f"internal error: {exc}", args.lang))]
                    )
                else:
                    outcomes[decision.outcome.value] += 1
                    line = _decision_line(decision, number, args, writer, compact, encoder)
            if out is not None:
                try:
                    out.write(line)
                except BrokenPipeError:  # the reader went away: check the rest, write no more
                    out, closed_at = None, number
                    _silence_stdout()
            progress.tick(sum(outcomes.values()), bad + internal)
    progress.clear()
    if writer is not None and out is not None:
        try:
            _finish(writer, args)
        except BrokenPipeError:
            closed_at = closed_at or 0
            _silence_stdout()
    if out is not None:
        try:
            out.flush()
        except BrokenPipeError:
            closed_at = closed_at or 0
            _silence_stdout()
    total = sum(outcomes.values())
    parts = ", ".join(f"{name} {count}" for name, count in sorted(outcomes.items()))
    summary = f"{total} case(s) evaluated" + (f": {parts}" if parts else "")
    status = EXIT_INTERNAL if internal else EXIT_BAD_INPUT if bad else EXIT_OK
    if bad:
        summary += f"; {bad} bad line(s) " + (
            "refused (each a row with its error)" if tabular else "skipped"
        )
    if internal:
        summary += f"; {internal} line(s) hit an internal error"
    if closed_at is not None:
        summary += (
            "; standard output was closed early"
            + (f" (at line {closed_at})" if closed_at else "")
            + ", so later decisions were not written"
        )
    if status:
        summary += f" (exit status {status})"
    if args.lang == "zh":
        from medins_rules.interfaces.translate import batch_summary_zh

        summary = batch_summary_zh(
            spec.name,
            outcomes,
            bad=bad,
            internal=internal,
            rows=tabular,
            closed_at=closed_at,
            status=status,
        )
    _err(summary)
    return status


# -- rules, reasons, schema, example, demo ------------------------------------------------------------


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _cmd_rules(args: argparse.Namespace) -> int:
    specs = list(rules().values())
    if args.format == "json":
        _print_json([describe_rule(spec) for spec in specs])
    else:
        print(render_rules(specs))
    return EXIT_OK


def _cmd_reasons(args: argparse.Namespace) -> int:
    from medins_rules.interfaces.docs_gen import reason_codes_markdown, reason_codes_table

    if args.format == "markdown":
        sys.stdout.write(reason_codes_markdown())
    elif args.format == "json":
        _print_json(reason_codes_table())
    else:
        for entry in reason_codes_table():
            print(entry["code"])
            print(f"  {entry['en']}")
            print(f"  {entry['zh']}")
            for citation in entry["citations"]:
                print(f"  - {citation['en']} | {citation['zh']}")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    if args.case_file or args.rule is None:
        return _case_file_schema(args)
    spec = _rule(args.rule)
    if args.part == "input":
        _print_json(input_schema(spec))
    elif args.part == "decision":
        _print_json(decision_schema(spec))
    elif args.part == "options":
        schema = options_schema(spec)
        if schema is None:
            raise BadInputError(
                "--part", [f"the rule {spec.name} has no interpretive-choice options"]
            )
        _print_json(schema)
    else:
        _print_json(
            {
                "rule": spec.name,
                "input": input_schema(spec),
                "options": options_schema(spec),
                "decision": decision_schema(spec),
            }
        )
    return EXIT_OK


def _case_file_schema(args: argparse.Namespace) -> int:
    if not args.case_file:
        raise BadInputError("schema", [f"give a RULE (`{PROG} rules` lists them) or --case-file"])
    if args.rule is not None or args.part != "all":
        raise BadInputError(
            "--case-file", ["the case-file schema covers every rule: give neither RULE nor --part"]
        )
    from medins_rules.interfaces.case_format import case_file_schema

    _print_json(case_file_schema())
    return EXIT_OK


def _example(spec: RuleSpec) -> dict[str, Any] | None:
    try:
        return bundled_example(spec.name)
    except CaseFileError as exc:
        raise BadInputError(exc.source, [str(exc).removeprefix(f"{exc.source}: ")]) from None


def _cmd_notice_template(args: argparse.Namespace) -> int:
    from importlib.resources import files

    template = files("medins_rules").joinpath("data", "templates", "notice.toml")
    sys.stdout.write(template.read_text("utf-8"))
    return EXIT_OK


def _cmd_example(args: argparse.Namespace) -> int:
    spec = _rule(args.rule)
    example = _example(spec)
    if example is None:
        raise BadInputError(
            "rule",
            [
                f"no bundled example for {spec.name} yet; "
                f"`{PROG} schema {spec.name} --part input` lists its fields"
            ],
        )
    _print_json(example)
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    skipped: list[str] = []
    shown = 0
    for spec in rules().values():
        example = _example(spec)
        if example is None:
            skipped.append(spec.name)
            continue
        try:
            decision = _evaluate(spec, example, {})
        except BadInputError as exc:
            raise BadInputError(f"data/examples/{spec.name}.json", exc.problems) from None
        if shown:
            print()
        print("=" * 78)
        print(f"Example case for {spec.name} ({PROG} example {spec.name}):")
        print(json.dumps(example, ensure_ascii=False))
        print("-" * 78)
        print(render_text(decision, lang=args.lang))
        shown += 1
    print()
    print(f"{shown} rule(s) shown from the bundled examples.", end="")
    if skipped:
        print(f" No bundled example yet (skipped): {', '.join(skipped)}.", end="")
    print(f"\nYour own case: `{PROG} example RULE > case.json`, edit it, then")
    print(f"`{PROG} evaluate RULE case.json --format text`.")
    return EXIT_OK


# -- test ---------------------------------------------------------------------------------------------


def _out(text: str) -> None:
    """Print ``text`` on standard output, each of its lines escaped (see :func:`printable`)."""
    print("\n".join(printable(line) for line in text.split("\n")))


def _cmd_test(args: argparse.Namespace) -> int:
    results, problems = run_files(args.paths)
    if args.format != "text":
        from medins_rules.interfaces import outputs

        for problem in problems:
            _err(f"ERROR {problem}")
        try:
            outputs.write_cases(results, args, sys.stdout, problems)
        except outputs.OutputError as exc:
            raise BadInputError(exc.where, [str(exc)]) from None
        if any(r.internal for r in results):
            return EXIT_INTERNAL
        if problems or any(r.status == "error" for r in results):
            return EXIT_BAD_INPUT
        return EXIT_FAILED if any(r.status == "failed" for r in results) else EXIT_OK
    for problem in problems:
        _out(f"ERROR {problem}")
    for result in results:
        if result.passed and args.quiet:
            continue
        _out(result.report(lang=args.lang))
        if result.internal and args.debug and result.error is not None:
            import traceback

            traceback.print_exception(result.error, file=sys.stderr)
    passed = sum(r.status == "passed" for r in results)
    failed = sum(r.status == "failed" for r in results)
    internal = sum(r.internal for r in results)
    errors = sum(r.status == "error" for r in results) + len(problems)
    cases = len(results) + sum(p.case is not None for p in problems)  # with those not run
    summary = f"{passed} passed, {failed} failed, {errors} error(s) in {cases} case(s)"
    if args.lang == "zh":
        from medins_rules.interfaces.translate import summary_zh

        summary = summary_zh(passed, failed, errors, cases)
    if internal:
        summary += f"; {internal} case(s) hit an internal error of the package (exit status 3)"
    print(f"\n{summary}")
    if internal:
        return EXIT_INTERNAL
    if errors:
        return EXIT_BAD_INPUT
    return EXIT_FAILED if failed else EXIT_OK


# -- serve --------------------------------------------------------------------------------------------


def _cmd_serve(args: argparse.Namespace) -> int:
    import importlib.util

    missing = [name for name in ("fastapi", "uvicorn") if importlib.util.find_spec(name) is None]
    if missing:
        raise BadInputError(
            "serve",
            [
                f"the web service needs the optional extra 'serve' ({' and '.join(missing)} "
                "not installed): pip install 'medins-rules[serve]'"
            ],
        )
    from medins_rules.interfaces.serve import ServiceLimits, run

    if not 0 <= args.port <= 65535:
        raise BadInputError("--port", [f"expected a port from 0 to 65535; got {args.port}"])
    try:
        limits = ServiceLimits(args.max_request_bytes, args.max_batch_records)
    except ValueError as exc:
        raise BadInputError("serve", [f"--{str(exc).replace('_', '-')}"]) from None
    try:
        started = run(args.host, args.port, limits=limits, log_level=args.log_level)
    except OSError as exc:
        raise BadInputError(
            "serve", [f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}"]
        ) from None
    return EXIT_OK if started else EXIT_BAD_INPUT


# -- the parser ---------------------------------------------------------------------------------------

_DESCRIPTION = """\
Rules as code for Guangdong and Guangzhou resident medical insurance: each rule takes a
case (JSON facts) and returns a decision with its outcome, reasons in English and Chinese,
and citations of the law and of the source sentence.

Start here:
  medins-rules demo                         every rule on its bundled example
  medins-rules rules                        every rule, its inputs, outcomes and citations
  medins-rules example RULE > case.json     a case to edit
  medins-rules evaluate RULE case.json      the decision as JSON (--format text to read it;
                                            csv, xlsx, table or ics; --lang zh in Chinese)
  medins-rules plan --example card          a person's whole journey as a plan of steps
  medins-rules test my-cases.yaml           run analyst case files

Exit status: 0 decision(s) given / case files passed; 1 an analyst case failed;
2 bad input (unreadable file, invalid JSON, a field that fails validation, an unknown
rule, a date in a year the calendar does not cover); 3 internal error.
"""

_EVALUATE = """\
Evaluate RULE on CASE: a JSON object with the rule's fields (`medins-rules rules`
lists them; `medins-rules example RULE` prints one). Dates are written YYYY-MM-DD.
A case (or a line) larger than --max-record-bytes (1 MiB by default) is refused
without being read further.

A file ending in .jsonl or .ndjson (or any file with --jsonl) holds one case a line:
each line gives one decision a line, in order, streamed in constant memory. A bad line
is reported on standard error with its line number and does not stop the others; the
exit status is then 2 (3 if a line hit an internal error of the package). A summary
of outcomes is printed on standard error at the end. If standard output is closed
early (`| head`), the rest of the input is still checked, so the exit status and the
summary cover every line.

examples:
  medins-rules evaluate deadlines.reimbursement_filing case.json
  medins-rules evaluate deadlines.reimbursement_filing case.json --format text --lang zh
  echo '{"application_date": "2026-09-30", "channel": "service_point",
         "evaluation_date": "2026-09-30"}' | medins-rules evaluate deadlines.service_settlement -
  medins-rules evaluate deadlines.reimbursement_filing cases.jsonl > decisions.jsonl
  medins-rules evaluate deadlines.reimbursement_filing cases.jsonl --format csv > rows.csv
  medins-rules evaluate refunds.refund cases.jsonl --format xlsx --out refunds.xlsx
  medins-rules evaluate deadlines.reimbursement_filing case.json --format ics > deadlines.ics
  medins-rules evaluate deadlines.reimbursement_filing case.json --options '{"roll_forward": false}'
"""

_TEST = """\
Run analyst case files: YAML or JSON, one case (a mapping) or a list of cases a
file; folders are searched for .yaml, .yml and .json files. Each case is reported
as PASS, FAIL or ERROR with its file, line and name; a failing case also shows its
description and each difference, with the line of the key it is about. A case that
does not follow the format is reported with every problem it has, each with its
line, and the other cases of its file still run.

A case (keys marked required must be given):

  name: Filing on the last on-time day is on time   # required, unique in its file
  description: >                        # required: the source sentence, and why
    Source 002: "within 6 months after the individual advances". Paid 10 March
    2026, filed 10 September 2026, the corresponding day: on time.
  rule: deadlines.reimbursement_filing  # required (`medins-rules rules` lists them)
  input:                                # required: the rule's input, as JSON gives
    payment_date: 2026-03-10            #   it (dates stay text, YYYY-MM-DD)
    treatment: hospitalisation
    filing_date: 2026-09-10
    evaluation_date: 2026-09-10
  options: {roll_forward: true}         # optional: interpretive choices
  calendar: partial                     # optional: partial (default), strict or
                                        #   provisional
  notices: []                           # optional: holiday notices of years not yet
                                        #   bundled: notice files, or keys inline
  expect:                               # required: an outcome or an error
    outcome: on_time                    #   the outcome the rule gives
    reason_codes: [reimbursement.filed_on_time]   # codes that must appear
    absent_reason_codes: [period.rolled_forward]  # codes that must not
    fields: {last_on_time_day: 2026-09-10}        # decision fields' values
    # error: CalendarYearNotCoveredError  (instead of an outcome: the error the
    # error_field: payment_date            case must raise, and a field it names)

Misspelt rules, keys, options, outcomes, reason codes and fields are named with
the closest known name. For completion in an editor (VS Code, or any editor with
the YAML language server):
  medins-rules schema --case-file > case-file.schema.json
and begin each case file with the line
  # yaml-language-server: $schema=case-file.schema.json
That schema is also the format in full: every key with what it takes, and each
rule's input fields, options, outcomes and reason codes.

Exit status: 0 all passed; 1 a case failed; 2 a file could not be read or a case
does not follow the format; 3 a case hit an internal error of the package.

example:
  medins-rules test my-cases/ filing-windows.yaml
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(prog=PROG, description=_DESCRIPTION, formatter_class=raw)
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error"
    )
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")

    def rule_argument(sub: argparse.ArgumentParser) -> None:
        action = sub.add_argument(
            "rule", metavar="RULE", help="a rule name, e.g. deadlines.service_settlement"
        )
        action.completer = _rule_names  # type: ignore[attr-defined]  # read by argcomplete

    def lang_argument(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--lang",
            choices=("en", "zh", "both"),
            default="both",
            help="language of the text output: English, Chinese or both (default: both)",
        )

    sub = commands.add_parser(
        "evaluate",
        help="evaluate a rule on a JSON case (or a .jsonl file of cases)",
        description=_EVALUATE,
        formatter_class=raw,
    )
    rule_argument(sub)
    sub.add_argument(
        "case", metavar="CASE", help="a JSON file, a .jsonl file, or - for standard input"
    )
    sub.add_argument(
        "--format",
        choices=("json", "text", "csv", "xlsx", "table", "ics"),
        default="json",
        help="json: the decision as JSON (default); text: a readable summary with the outcome, "
        "key facts, each reason and its citations, and a deadline's months as a grid; csv: a row "
        "a decision (outcome, dates, reason codes, main message; --details FILE for the lists); "
        "xlsx: a workbook, a sheet for the decisions and one for each list (extra 'xlsx'; "
        "--out FILE); table: a table for the terminal (Rich with the extra 'table'); ics: the "
        "deadlines as iCalendar events with reminders",
    )
    lang_argument(sub)
    from medins_rules.interfaces.outputs import add_output_arguments

    add_output_arguments(sub)
    sub.add_argument(
        "--jsonl", action="store_true", help="read one case a line (implied by .jsonl/.ndjson)"
    )
    sub.add_argument(
        "--output",
        choices=("full", "compact"),
        default="full",
        help="for one case a line, with --format json: full writes each decision whole (default); "
        "compact writes a row of its line number, outcome, dates and reason codes, and lets a "
        "deadline rule decide the lines a chunk at a time through the columnar engine (faster; "
        "needs the extra 'columnar' for that, not for the rows)",
    )
    sub.add_argument(
        "--options",
        metavar="JSON",
        help="the rule's interpretive choices as a JSON object (see `medins-rules rules`), "
        "e.g. '{\"roll_forward\": false}'",
    )
    sub.add_argument(
        "--calendar",
        choices=("partial", "strict", "provisional"),
        default="partial",
        help="how days of a year whose holiday notice is not published are read: partial (the "
        "default) from the national holiday regulations, deciding wherever the outcome cannot "
        "change and saying undetermined otherwise; strict refuses them; provisional guesses the "
        "days the regulations leave open and marks the decision provisional",
    )
    sub.add_argument(
        "--notice",
        metavar="FILE",
        action="append",
        default=[],
        help="a year's holiday notice as a TOML file (template: medins-rules notice-template), "
        "checked against the regulations; may be given more than once",
    )
    sub.add_argument(
        "--provisional-calendar",
        action="store_true",
        help="the older spelling of --calendar provisional",
    )
    sub.add_argument(
        "--max-record-bytes",
        type=_positive_bytes,
        default=DEFAULT_MAX_RECORD_BYTES,
        metavar="N",
        help=f"refuse a case (or a line of a .jsonl file) larger than N bytes "
        f"(default: {DEFAULT_MAX_RECORD_BYTES:,}, 1 MiB)",
    )
    sub.set_defaults(handler=_cmd_evaluate)

    sub = commands.add_parser(
        "rules",
        help="list every rule with its inputs, outcomes and citations",
        description="List every rule: its question, its input fields (type, required or default), "
        "its interpretive-choice options, its outcomes and the law and sources it cites.",
    )
    sub.add_argument("--format", choices=("text", "json"), default="text", help="default: text")
    sub.set_defaults(handler=_cmd_rules)

    sub = commands.add_parser(
        "reasons",
        help="list every reason code with its messages and citations",
        description="List every reason code any rule can give, with its English and Chinese "
        "message templates and citations. --format markdown writes docs/reason-codes.md.",
    )
    sub.add_argument(
        "--format", choices=("text", "markdown", "json"), default="text", help="default: text"
    )
    sub.set_defaults(handler=_cmd_reasons)

    sub = commands.add_parser(
        "schema",
        help="print the JSON Schema of a rule's input and decision, or of a case file",
        description="Print the JSON Schemas (draft 2020-12) of RULE's input, options and "
        "decision, generated from the models. --part picks one of them. --case-file prints "
        "the schema of an analyst case file instead (for completion in an editor: see "
        "`medins-rules test --help`).",
    )
    action = sub.add_argument(
        "rule", metavar="RULE", nargs="?", help="a rule name, e.g. deadlines.service_settlement"
    )
    action.completer = _rule_names  # type: ignore[attr-defined]  # read by argcomplete
    sub.add_argument(
        "--case-file",
        action="store_true",
        help="the JSON Schema of a case file (every rule's inputs, options, outcomes and codes)",
    )
    sub.add_argument(
        "--part",
        choices=("all", "input", "decision", "options"),
        default="all",
        help="all (default: one object with the three schemas), or a single schema",
    )
    sub.set_defaults(handler=_cmd_schema)

    sub = commands.add_parser(
        "notice-template",
        help="print the template of a year's holiday notice file (for --notice)",
        description="Print the template of a holiday notice file, to fill in from the State "
        "Council's notice when it is published: medins-rules notice-template > notice-2027.toml; "
        "medins-rules evaluate RULE case.json --notice notice-2027.toml",
    )
    sub.set_defaults(handler=_cmd_notice_template)

    sub = commands.add_parser(
        "example",
        help="print a rule's bundled example case (a template for your own)",
        description="Print RULE's bundled example case as JSON, to edit and evaluate: "
        "medins-rules example RULE > case.json; medins-rules evaluate RULE case.json",
    )
    rule_argument(sub)
    sub.set_defaults(handler=_cmd_example)

    sub = commands.add_parser(
        "demo",
        help="evaluate every rule's bundled example and print the decisions",
        description="Evaluate the bundled example case of every rule and print each decision as "
        "text. Rules without a bundled example yet are listed as skipped.",
    )
    lang_argument(sub)
    sub.set_defaults(handler=_cmd_demo)

    sub = commands.add_parser(
        "test",
        help="run analyst case files and report passes and failures",
        description=_TEST,
        formatter_class=raw,
    )
    sub.add_argument("paths", metavar="PATH", nargs="+", help="case files or folders")
    sub.add_argument("-q", "--quiet", action="store_true", help="report failures only")
    sub.add_argument(
        "--format",
        choices=("text", "csv", "xlsx"),
        default="text",
        help="text: the report (default); csv or xlsx: a row a case with its status, expected and "
        "actual outcome, reason codes and differences (xlsx: the extra 'xlsx', --out FILE)",
    )
    sub.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="language of the report: English (default) or Chinese",
    )
    sub.add_argument("--out", metavar="FILE", help="--format xlsx: write the workbook to FILE")
    sub.set_defaults(handler=_cmd_test)

    sub = commands.add_parser(
        "serve",
        help="serve every rule over HTTP (needs the extra: pip install 'medins-rules[serve]')",
        description="Serve every rule as a web service (FastAPI on uvicorn) until interrupted: "
        "POST /v1/rules/RULE with a case, POST /v1/rules/RULE/batch with JSON Lines, GET /v1/rules, "
        "GET /healthz; the OpenAPI document at /openapi.json and /docs (docs/service.md).",
    )
    sub.add_argument(
        "--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)"
    )
    sub.add_argument(
        "--port", type=int, default=8000, help="the port (default: 8000; 0 picks a free one)"
    )
    sub.add_argument(
        "--max-request-bytes",
        type=int,
        default=1_048_576,
        metavar="N",
        help="the largest request body, in bytes; larger ones are answered 413 (default: 1048576)",
    )
    sub.add_argument(
        "--max-batch-records",
        type=int,
        default=1_000,
        metavar="N",
        help="the most records a batch may hold; more are answered 413 (default: 1000)",
    )
    sub.add_argument(
        "--log-level",
        choices=("critical", "error", "warning", "info", "debug"),
        default="info",
        help="uvicorn's log level; info (the default) logs every request, warning does not",
    )
    sub.set_defaults(handler=_cmd_serve)

    from medins_rules.interfaces.plan_cli import add_plan_command  # `plan`: a person's journey

    add_plan_command(commands)
    return parser


def _rule_names(**_: Any) -> list[str]:
    """The rule names, for the shell to complete RULE with."""
    return list(rules())


def _complete(parser: argparse.ArgumentParser) -> int:
    """Answer the shell's request for completions (argcomplete, the extra 'completion').

    argcomplete writes the completions and ends the process; without it the request is answered
    with none (status 1), and the command is not run on the words being typed.
    """
    try:
        import argcomplete
    except ImportError:
        return EXIT_FAILED
    argcomplete.autocomplete(parser)
    return EXIT_FAILED  # pragma: no cover - autocomplete ends the process when it answers


def _positive_bytes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of bytes; got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number of bytes; got {value}")
    return value


class _VersionAction(argparse.Action):
    """``--version``: the installed version, read from the package's metadata only when asked
    (``importlib.metadata`` is slow to import, and no other command needs it)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(
            option_strings,
            dest=dest,
            default=argparse.SUPPRESS,
            nargs=0,
            help="show program's version number and exit",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("medins-rules")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def _utf8(stream: Any) -> None:
    """UTF-8 output that never fails on a character it cannot encode (a lone surrogate)."""
    if isinstance(stream, io.TextIOWrapper):
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    if sys.stderr is None:  # closed by the caller: errors go nowhere, the exit status still says
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process
    _utf8(sys.stdout)
    _utf8(sys.stderr)
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions, not for a command
        return _complete(parser)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    if sys.stdout is None:
        _err("cannot write: standard output is closed")
        return EXIT_BAD_INPUT
    try:
        status: int = args.handler(args)
        sys.stdout.flush()
    except BadInputError as exc:
        lang = getattr(args, "lang", "en")
        for problem in exc.problems:
            text = _said(problem, lang)
            _err(f"{exc.source}: {text}" if exc.source else text)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except MedinsRulesError as exc:  # refused input that no command turned into BadInputError
        _err(str(exc))
        return EXIT_BAD_INPUT
    except Exception as exc:
        if args.debug:
            raise
        inner = exc.error if isinstance(exc, InternalError) else exc
        _err(
            f"internal error: {type(inner).__name__}: {inner} "
            "(please report it; --debug shows the traceback)"
        )
        return EXIT_INTERNAL
    return status


def _silence_stdout() -> None:
    """After the reader of a pipe went away, keep the interpreter from complaining on exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError):
        os.dup2(devnull, sys.stdout.fileno())
