"""The writers of ``medins-rules evaluate --format csv|xlsx|table|ics``: what the command hands each
decision (or each compact row of the columnar path) to, and how each run ends.

* ``csv``: a row a decision, streamed (:class:`~medins_rules.interfaces.tabular.CsvSink`); the
  decisions' lists go to ``--details FILE``.
* ``xlsx``: a workbook (:class:`~medins_rules.interfaces.tabular.XlsxSink`), written to
  ``--out FILE``, or to standard output as bytes when it is not a terminal.
* ``table``: a table for the terminal (:class:`~medins_rules.interfaces.tabular.TerminalSink`).
* ``ics``: the decisions' deadlines as iCalendar events with reminders
  (:func:`~medins_rules.interfaces.ics.decisions_calendar`).

Problems (an extra not installed, a workbook for a terminal, a file that cannot be written, no
deadline to put in a calendar) raise :class:`OutputError`, which the command reports as bad input
(exit status 2).
"""

from __future__ import annotations

import argparse
import csv
import io
from collections.abc import Sequence
from typing import IO, Any

from medins_rules.core.model import Decision, RuleSpec

__all__ = ["IcsSink", "OutputError", "add_output_arguments", "finish", "write_cases", "writer"]


class OutputError(Exception):
    """An output the command cannot write: where (an option) and why."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        super().__init__(message)


def add_output_arguments(sub: argparse.ArgumentParser) -> None:
    """The options of the file outputs, on a command's parser."""
    sub.add_argument(
        "--out",
        metavar="FILE",
        help="--format xlsx: write the workbook to FILE (without it the workbook goes to standard "
        "output, which must then not be a terminal)",
    )
    sub.add_argument(
        "--details",
        metavar="FILE",
        help="--format csv: write the decisions' lists (a refund's payments, a checklist's items, "
        "the defects) to FILE as CSV, a row an item keyed by line and index",
    )


class IcsSink:
    """An iCalendar run: the decisions are kept (their events, once each) and written at the end."""

    takes_rows = False

    def __init__(self, lang: str) -> None:
        self.lang = "zh" if lang == "zh" else "en"
        self.decisions: list[Decision[Any]] = []

    def decision(self, decision: Decision[Any], line: int | None = None) -> str:
        self.decisions.append(decision)
        return ""

    def close(self) -> str:
        from medins_rules.interfaces.ics import NoDatesError, decisions_calendar

        try:
            return decisions_calendar(self.decisions, lang=self.lang)  # type: ignore[arg-type]
        except NoDatesError as exc:
            raise OutputError("--format ics", str(exc)) from None


def writer(spec: RuleSpec, args: argparse.Namespace) -> Any:
    """The writer of ``args.format`` for ``spec``'s decisions, or ``None`` for json and text."""
    fmt = args.format
    if args.details and fmt != "csv":
        raise OutputError("--details", "--details FILE goes with --format csv")
    if args.out and fmt != "xlsx":
        raise OutputError("--out", "--out FILE goes with --format xlsx (redirect the others)")
    batch = bool(args.jsonl or args.case.lower().endswith((".jsonl", ".ndjson")))
    if fmt == "ics":
        return IcsSink(args.lang)
    if fmt not in ("csv", "xlsx", "table"):
        return None
    from medins_rules.interfaces.tabular import (
        CsvSink,
        MissingExtraError,
        Table,
        TerminalSink,
        XlsxSink,
    )

    table = Table.of(spec.name, args.lang, line=batch)
    sink: Any
    if fmt == "csv":
        details: IO[str] | None = None
        if args.details:
            try:
                details = open(args.details, "w", encoding="utf-8", newline="")  # noqa: SIM115
            except OSError as exc:
                raise OutputError(args.details, f"cannot write: {exc.strerror or exc}") from None
        sink = CsvSink(table, details)
        sink.details_file = details
    elif fmt == "xlsx":
        if not args.out and _is_terminal(args):
            raise OutputError(
                "--format xlsx",
                "a workbook is binary: give --out FILE, or redirect standard output to a file",
            )
        try:
            sink = XlsxSink(table)
        except MissingExtraError as exc:
            raise OutputError("--format xlsx", str(exc)) from None
    else:
        import shutil

        width = shutil.get_terminal_size((120, 24)).columns if _is_terminal(args) else 10_000
        sink = TerminalSink(table, width=width)
    sink.takes_rows = True
    return sink


def _is_terminal(args: argparse.Namespace) -> bool:
    import sys

    stream = sys.stdout
    return stream is not None and stream.isatty()


def finish(sink: Any, args: argparse.Namespace, stdout: IO[str]) -> None:
    """End a run: write what the writer kept (a table, a calendar, a workbook) and close files."""
    from medins_rules.interfaces.tabular import XlsxSink

    text = sink.close()
    if text:
        stdout.write(text if text.endswith("\n") else text + "\n")
    details = getattr(sink, "details_file", None)
    if details is not None:
        details.close()
    if isinstance(sink, XlsxSink):
        if args.out:
            try:
                sink.save(args.out)
            except OSError as exc:
                raise OutputError(args.out, f"cannot write: {exc.strerror or exc}") from None
        else:
            stdout.flush()
            sink.save(stdout.buffer)  # type: ignore[attr-defined]


def write_cases(
    results: Sequence[Any],
    args: argparse.Namespace,
    stdout: IO[str],
    problems: Sequence[Any] = (),
) -> None:
    """A case-file run as CSV (on standard output) or as a workbook (``--out FILE`` or standard
    output as bytes): a row a case, then a row for each file that could not be read (``problems``,
    with the status ``error``)."""
    from medins_rules.interfaces.tabular import CaseTable, MissingExtraError

    table = CaseTable(args.lang)
    rows = [
        table.header(),
        *(table.row(r) for r in results),
        *(table.problem_row(p) for p in problems),
    ]
    if args.format == "csv":
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        stdout.write(out.getvalue())
        return
    try:
        from openpyxl import Workbook
    except ImportError:
        raise OutputError(
            "--format xlsx", str(MissingExtraError("xlsx", "openpyxl", "--format xlsx"))
        ) from None
    if not args.out and stdout.isatty():
        raise OutputError(
            "--format xlsx",
            "a workbook is binary: give --out FILE, or redirect standard output to a file",
        )
    book = Workbook(write_only=True)
    sheet = book.create_sheet("用例" if args.lang == "zh" else "cases")
    for row in rows:
        sheet.append(row)
    if args.out:
        try:
            book.save(args.out)
        except OSError as exc:
            raise OutputError(args.out, f"cannot write: {exc.strerror or exc}") from None
    else:
        stdout.flush()
        book.save(stdout.buffer)  # type: ignore[attr-defined]
