"""The ``medins-rules plan`` command: a situation in, its plan out (JSON, text or iCalendar).

The command registers itself on the main parser (:func:`add_plan_command`) without importing the
journeys, which are imported when the command runs (every other command starts without them). It
handles its own errors: bad input (an unreadable file, invalid JSON or YAML, a field that fails validation, an
unknown example, a plan with no day for ``--format ics``) is reported on standard error with the
field path and exits with status 2, like every command; no traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medins_rules.interfaces.casefiles import CaseFileError, parse_json, parse_yaml
from medins_rules.interfaces.presentation import describe_error

if TYPE_CHECKING:
    from medins_rules.journeys.steps import PlanOptions

__all__ = ["EXAMPLES_FOLDER", "add_plan_command", "bundled_situation", "example_names", "run"]

PROG = "medins-rules"
EXIT_OK, EXIT_BAD_INPUT = 0, 2
EXAMPLES_FOLDER = "data/examples/journeys"
"""Where the bundled example situations are, in the package (one ``<name>.json`` each)."""

_DESCRIPTION = """\
Plan a person's whole journey: FILE is a situation (JSON or YAML; - for standard input)
whose "journey" field names the journey: offsite_reimbursement, suspension_refund,
enrolment, card or retirement. The plan lists the steps in order: what to do, where, how,
what to bring, by when, and why, each from the rule it names. Facts left null that a rule
needs are asked as questions, the one that settles most first.

--on DATE evaluates the situation on another day (what if I file next week?): the output
is that day's plan, and with --format json or text also what changes from the situation's
own evaluation date.

examples:
  medins-rules plan --list-examples
  medins-rules plan --example offsite_reimbursement --format text
  medins-rules plan situation.yaml --format text --lang zh
  medins-rules plan situation.json --format ics > deadlines.ics
  medins-rules plan situation.json --on 2027-03-04 --format text
"""


class _RefusedError(Exception):
    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(source)


def add_plan_command(commands: Any) -> None:
    """Register ``plan`` on the main parser's subcommands (``argparse`` subparsers)."""
    sub = commands.add_parser(
        "plan",
        help="plan a person's whole journey from a situation (JSON or YAML)",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.add_argument(
        "situation", metavar="FILE", nargs="?", help="a JSON or YAML situation, or - for stdin"
    )
    sub.add_argument("--example", metavar="NAME", help="plan a bundled example situation")
    sub.add_argument(
        "--list-examples", action="store_true", help="list the bundled example situations"
    )
    sub.add_argument(
        "--format",
        choices=("json", "text", "ics"),
        default="json",
        help="json: the plan as JSON (default); text: the plan to read; ics: an iCalendar file "
        "of its days still ahead, with reminders",
    )
    sub.add_argument("--lang", choices=("en", "zh"), default="en", help="text and ics language")
    sub.add_argument(
        "--on", metavar="DATE", help="evaluate on DATE (YYYY-MM-DD) instead, and say what changes"
    )
    sub.add_argument(
        "--options",
        metavar="JSON",
        help="the rules' interpretive choices, e.g. '{\"reimbursement\": "
        '{"offsite_filing_after_treatment_counts": true}}\'',
    )
    sub.set_defaults(handler=run)


def example_names() -> tuple[str, ...]:
    """The names of the bundled example situations."""
    folder = resources.files("medins_rules").joinpath(EXAMPLES_FOLDER)
    return tuple(
        sorted(p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json"))
    )


def bundled_situation(name: str) -> dict[str, Any]:
    """A bundled example situation, as JSON gives it; ``KeyError`` for an unknown name."""
    if name not in example_names():
        raise KeyError(name)
    resource = resources.files("medins_rules").joinpath(EXAMPLES_FOLDER, f"{name}.json")
    data = parse_json(resource.read_text("utf-8"), f"{EXAMPLES_FOLDER}/{name}.json")
    if not isinstance(data, dict):  # pragma: no cover - the bundled files are objects
        raise CaseFileError(f"{EXAMPLES_FOLDER}/{name}.json", "expected a JSON object")
    return data


def _read(path: str) -> tuple[str, Any]:
    if path == "-":
        raw, source = sys.stdin.buffer.read(), "<stdin>"
    else:
        source = path
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise _RefusedError(source, [f"cannot read: {exc.strerror or exc}"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _RefusedError(source, [f"cannot read: not UTF-8 text ({exc.reason})"]) from None
    as_json = path.lower().endswith(".json") or (path == "-" and text.lstrip().startswith("{"))
    try:
        data = parse_json(text, source) if as_json else parse_yaml(text, source)
    except CaseFileError as exc:
        raise _RefusedError(source, [str(exc).removeprefix(f"{source}: ")]) from None
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        raise _RefusedError(source, [f"expected a mapping with the situation's fields; got {kind}"])
    return source, data


def _options(text: str | None) -> PlanOptions:
    from medins_rules.journeys.steps import PlanOptions

    if not text:
        return PlanOptions()
    try:
        data = parse_json(text, "--options")
    except CaseFileError as exc:
        raise _RefusedError("--options", [str(exc).removeprefix("--options: ")]) from None
    try:
        return PlanOptions.model_validate(data)
    except ValueError as exc:
        raise _RefusedError("--options", [str(p) for p in describe_error(exc)]) from None


def _day(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _RefusedError("--on", [f"expected a day written YYYY-MM-DD; got {text!r}"]) from None


def _situation(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    if args.example and args.situation:
        raise _RefusedError("plan", ["give FILE or --example NAME, not both"])
    if args.example:
        try:
            return f"example {args.example}", bundled_situation(args.example)
        except KeyError:
            known = ", ".join(example_names())
            raise _RefusedError(
                "--example", [f"no example {args.example!r}; known: {known}"]
            ) from None
    if not args.situation:
        raise _RefusedError("plan", ["give a situation FILE (or - for stdin), or --example NAME"])
    return _read(args.situation)


def run(args: argparse.Namespace) -> int:
    """Run ``medins-rules plan``; returns the exit status."""
    from medins_rules.interfaces.ics import plan_calendar
    from medins_rules.journeys.plan import plan, replan

    if args.list_examples:
        for name in example_names():
            data = bundled_situation(name)
            print(f"{name}\t{data.get('journey')}")
        return EXIT_OK
    source = "plan"
    try:
        source, data = _situation(args)
        options, on = _options(args.options), _day(args.on)
        try:
            before = plan(data, options=options)
            if on is None:
                result, changed = before, None
            else:
                source = "--on"
                changed = replan(before, on=on)
                result = changed.after
            if args.format == "ics":
                sys.stdout.write(plan_calendar(result, lang=args.lang))
            elif args.format == "text":
                print(result.explain(args.lang))
                if changed is not None:
                    print()
                    print(_changes_text(changed.changes, before.evaluation_date, on, args.lang))
            else:
                dumped = (
                    changed.model_dump(mode="json") if changed else result.model_dump(mode="json")
                )
                print(json.dumps(dumped, indent=2, ensure_ascii=False))
        except ValueError as exc:  # ValidationError, a package error, NoDatesError
            raise _RefusedError(source, [str(p) for p in describe_error(exc)]) from None
    except _RefusedError as exc:
        for problem in exc.problems:
            print(f"{PROG}: {exc.source}: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _changes_text(changes: Any, before: dt.date, on: dt.date | None, lang: str) -> str:
    if lang == "zh":
        head = f"由{before.isoformat()}改为{on}评估，变化如下："
        empty = "没有步骤发生变化。"
    else:
        head = f"What changes from {before} to {on}:"
        empty = "No step changes."
    lines = [head]
    lines += [f"- {c.describe(lang)}" for c in changes] or [empty]
    return "\n".join(lines)
