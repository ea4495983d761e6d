"""The ``medins-rules`` command: a thin shell around the pure rules.

Every command reads its input, calls the catalogue, and prints; no rule logic lives here. Exit
status: 0 for decisions (whatever their outcome) and passing case files, 1 when an analyst case
fails, 2 for bad input (an unreadable file, invalid JSON, a field that fails validation, an unknown
rule, a date outside the calendar), 3 for an internal error. Errors name the file (and line), the
field path and the problem; no traceback is shown unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from medins_rules.core.calendar import WorkingDayCalendar, bundled_calendar, parse_notice
from medins_rules.core.errors import (
    CalendarDataError,
    CalendarYearNotCoveredError,
    MedinsRulesError,
    UnknownRuleError,
)
from medins_rules.core.model import Decision, RuleSpec
from medins_rules.engine.catalogue import evaluate, get_rule, rules
from medins_rules.interfaces.casefiles import CaseFileError, bundled_example, parse_json, run_files
from medins_rules.interfaces.presentation import (
    Problem,
    describe_error,
    describe_rule,
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


class BadInputError(Exception):
    """Input the command refuses: where it came from and what is wrong with it."""

    def __init__(self, source: str, problems: Sequence[Problem | str]) -> None:
        self.source = source
        self.problems = [p if isinstance(p, Problem) else Problem(None, p) for p in problems]
        super().__init__(source)


# -- helpers ------------------------------------------------------------------------------------------


def _err(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _rule(name: str) -> RuleSpec:
    try:
        return get_rule(name)
    except UnknownRuleError:
        known = list(rules())
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise BadInputError(
            "rule",
            [f"unknown rule {name!r}.{hint} Known rules: {', '.join(known)} (see `{PROG} rules`)"],
        ) from None


def _hints(exc: BaseException) -> list[Problem]:
    if isinstance(exc, CalendarYearNotCoveredError) and exc.reason == "unpublished":
        return [
            Problem(
                None,
                f"hint: add the {exc.year} notice with --notice FILE (docs/notice-template.toml), "
                "or leave out --calendar strict: the default decides from the national holiday "
                "regulations wherever the outcome cannot change",
            )
        ]
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
    return {"strict": calendar.strict(), "provisional": calendar.provisional()}.get(mode, calendar)


def _kwargs(
    spec: RuleSpec, options_text: str | None, calendar: WorkingDayCalendar
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
        raise BadInputError("--options", describe_error(exc, prefix="options")) from None
    except ValueError as exc:
        raise BadInputError("--options" if options else "--calendar", [str(exc)]) from None


def _read_text(path: str) -> tuple[str, str]:
    """``(source name, text)`` of a file, or of standard input for ``-``."""
    if path == "-":
        data, source = sys.stdin.buffer.read(), "<stdin>"
    else:
        source = path
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise BadInputError(source, [f"cannot read: {exc.strerror or exc}"]) from None
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


def _evaluate(spec: RuleSpec, case: dict[str, Any], kwargs: dict[str, Any]) -> Decision[Any]:
    """Evaluate, turning refusals into :class:`BadInputError` (the source is filled in by the caller)."""
    try:
        return evaluate(spec.name, case, **kwargs)
    except ValueError as exc:  # ValidationError and every MedinsRulesError
        raise BadInputError("", [*describe_error(exc), *_hints(exc)]) from None


def _dump(decision: Decision[Any], *, indent: int | None) -> str:
    return decision.model_dump_json(indent=indent)


# -- evaluate -----------------------------------------------------------------------------------------


def _cmd_evaluate(args: argparse.Namespace) -> int:
    spec = _rule(args.rule)
    mode = "provisional" if args.provisional_calendar else args.calendar
    kwargs = _kwargs(spec, args.options, _calendar(mode, args.notice))
    if args.jsonl or args.case.lower().endswith(_LINE_SUFFIXES):
        return _evaluate_lines(spec, args, kwargs)
    source, text = _read_text(args.case)
    case = _case_object(text, source)
    try:
        decision = _evaluate(spec, case, kwargs)
    except BadInputError as exc:
        raise BadInputError(source, exc.problems) from None
    if args.format == "text":
        print(render_text(decision, lang=args.lang))
    else:
        print(_dump(decision, indent=2))
    return EXIT_OK


def _lines(path: str) -> Iterator[tuple[int, bytes]]:
    if path == "-":
        yield from enumerate(sys.stdin.buffer, start=1)
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after streaming
    except OSError as exc:
        raise BadInputError(path, [f"cannot read: {exc.strerror or exc}"]) from None
    with handle:
        yield from enumerate(handle, start=1)


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


def _evaluate_lines(spec: RuleSpec, args: argparse.Namespace, kwargs: dict[str, Any]) -> int:
    """One case a line in, one decision a line out, in constant memory.

    The loop validates and evaluates line by line itself: a bad line must be reported with its number
    and must not stop the others. When ``medins_rules.engine.batch.evaluate_many`` is available and reports
    errors per item, it can take over the evaluation here.
    """
    source = "<stdin>" if args.case == "-" else args.case
    outcomes: Counter[str] = Counter()
    bad = 0
    progress = _Progress(sys.stderr)
    out = sys.stdout
    for number, raw in _lines(args.case):
        where = f"{source}:{number}"
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
        except UnicodeDecodeError as exc:
            text, problems = "", [Problem(None, f"not UTF-8 text ({exc.reason})")]
        else:
            problems = []
        if not text and not problems:
            continue
        try:
            if problems:
                raise BadInputError(where, problems)
            decision = _evaluate(spec, _case_object(text, where), kwargs)
        except BadInputError as exc:
            bad += 1
            progress.clear()
            for problem in exc.problems:
                _err(f"{where}: {problem}")
        else:
            outcomes[decision.outcome.value] += 1
            if args.format == "text":
                out.write(render_text(decision, lang=args.lang) + "\n\n")
            else:
                out.write(_dump(decision, indent=None) + "\n")
        progress.tick(sum(outcomes.values()), bad)
    progress.clear()
    out.flush()
    total = sum(outcomes.values())
    parts = ", ".join(f"{name} {count}" for name, count in sorted(outcomes.items()))
    summary = f"{total} case(s) evaluated" + (f": {parts}" if parts else "")
    if bad:
        summary += f"; {bad} bad line(s) skipped (exit status {EXIT_BAD_INPUT})"
    _err(summary)
    return EXIT_BAD_INPUT if bad else EXIT_OK


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


def _example(spec: RuleSpec) -> dict[str, Any] | None:
    try:
        return bundled_example(spec.name)
    except CaseFileError as exc:
        raise BadInputError(exc.source, [str(exc).removeprefix(f"{exc.source}: ")]) from None


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


def _cmd_test(args: argparse.Namespace) -> int:
    results, problems = run_files(args.paths)
    for problem in problems:
        print(f"ERROR {problem}")
    for result in results:
        if result.passed and args.quiet:
            continue
        print(result.report())
    passed = sum(r.status == "passed" for r in results)
    failed = sum(r.status == "failed" for r in results)
    errors = sum(r.status == "error" for r in results) + len(problems)
    print(f"\n{passed} passed, {failed} failed, {errors} error(s) in {len(results)} case(s)")
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
  medins-rules evaluate RULE case.json      the decision as JSON (--format text to read it)

Exit status: 0 decision(s) given / case files passed; 1 an analyst case failed;
2 bad input (unreadable file, invalid JSON, a field that fails validation, an unknown
rule, a date in a year the calendar does not cover); 3 internal error.
"""

_EVALUATE = """\
Evaluate RULE on CASE: a JSON object with the rule's fields (`medins-rules rules`
lists them; `medins-rules example RULE` prints one). Dates are written YYYY-MM-DD.

A file ending in .jsonl or .ndjson (or any file with --jsonl) holds one case a line:
each line gives one decision a line, in order, streamed in constant memory. A bad line
is reported on standard error with its line number and does not stop the others; the
exit status is then 2. A summary of outcomes is printed on standard error at the end.

examples:
  medins-rules evaluate deadlines.reimbursement_filing case.json
  medins-rules evaluate deadlines.reimbursement_filing case.json --format text --lang zh
  echo '{"application_date": "2026-09-30", "channel": "service_point",
         "evaluation_date": "2026-09-30"}' | medins-rules evaluate deadlines.service_settlement -
  medins-rules evaluate deadlines.reimbursement_filing cases.jsonl > decisions.jsonl
  medins-rules evaluate deadlines.reimbursement_filing case.json --options '{"roll_forward": false}'
"""

_TEST = """\
Run analyst case files (YAML or JSON, one case or a list of cases a file; folders are
searched for .yaml, .yml and .json files). Each case names a rule, gives its input and
what to expect; the format is described in CONTRIBUTING.md ("Analyst case files").
Every case is reported with its name; a failing case also shows its description and
the difference between what was expected and what the rule decided.

Exit status: 0 all passed; 1 a case failed; 2 a file could not be read or does not
follow the format.

example:
  medins-rules test tests/cases/deadlines my-cases.yaml
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(prog=PROG, description=_DESCRIPTION, formatter_class=raw)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error"
    )
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")

    def rule_argument(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "rule", metavar="RULE", help="a rule name, e.g. deadlines.service_settlement"
        )

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
        choices=("json", "text"),
        default="json",
        help="json: the decision as JSON (default); text: a readable summary with the outcome, "
        "key dates, each reason and its citations",
    )
    lang_argument(sub)
    sub.add_argument(
        "--jsonl", action="store_true", help="read one case a line (implied by .jsonl/.ndjson)"
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
        help="a year's holiday notice as a TOML file (template: docs/notice-template.toml), "
        "checked against the regulations; may be given more than once",
    )
    sub.add_argument(
        "--provisional-calendar",
        action="store_true",
        help="the older spelling of --calendar provisional",
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
        help="print the JSON Schema of a rule's input and decision",
        description="Print the JSON Schemas (draft 2020-12) of RULE's input, options and "
        "decision, generated from the models. --part picks one of them.",
    )
    rule_argument(sub)
    sub.add_argument(
        "--part",
        choices=("all", "input", "decision", "options"),
        default="all",
        help="all (default: one object with the three schemas), or a single schema",
    )
    sub.set_defaults(handler=_cmd_schema)

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
    return parser


def _version() -> str:
    try:
        return version("medins-rules")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def _utf8(stream: Any) -> None:
    if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower().replace("-", "") != "utf8":
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    _utf8(sys.stdout)
    _utf8(sys.stderr)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        status: int = args.handler(args)
        sys.stdout.flush()
    except BadInputError as exc:
        for problem in exc.problems:
            _err(f"{exc.source}: {problem}" if exc.source else str(problem))
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
        _err(
            f"internal error: {type(exc).__name__}: {exc} "
            "(please report it; --debug shows the traceback)"
        )
        return EXIT_INTERNAL
    return status


def _silence_stdout() -> None:
    """After the reader of a pipe went away, keep the interpreter from complaining on exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError):
        os.dup2(devnull, sys.stdout.fileno())
