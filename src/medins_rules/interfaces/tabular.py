"""Decisions as tables: CSV, Excel workbooks and a table for the terminal.

One row a decision: its line (in a batch), the rule, the outcome and what is still open about it,
the rule's own dates and figures (the fields a compact row keeps,
:func:`medins_rules.engine.rows.compact_fields`), the reason codes and the main message (the first
reason's) in the language asked for. The decision's lists (a refund's payments, a checklist's items,
the defects found) are rows of their own, keyed by the line and the item's index: in CSV a second
file (``--details FILE``), in a workbook a sheet each.

With ``lang="en"`` (or ``"both"``) the columns are the fields' names and the values are what the
JSON output holds (codes, ``YYYY-MM-DD`` days, ``true`` / ``false``), for programs and filters; with
``lang="zh"`` the columns are the fields' Chinese labels and the values Chinese labels too
(:mod:`medins_rules.core.labels`), for people. Lists of values are joined with ``;`` (``、`` in
Chinese).

* CSV is the standard library's :mod:`csv`, written a row at a time (a batch streams).
* In a workbook the cells are typed from the decision's own values (or, for the columnar path's
  rows, from the decision model's field types): a day is a date, an amount a number (written
  exactly, shown with its two decimals), a count or a year an integer, a yes/no a boolean (in
  Chinese ``是`` / ``否``), a code or a label text (never a formula).
* Workbooks need openpyxl (``pip install 'medins-rules[xlsx]'``); without it
  :class:`MissingExtraError` names the extra.
* The terminal table uses Rich when it is installed (``pip install 'medins-rules[table]'``), else
  plain text aligned in columns.

>>> from medins_rules.engine.catalogue import evaluate
>>> d = evaluate("deadlines.service_settlement", {"application_date": "2026-09-30",
...     "channel": "service_point", "evaluation_date": "2026-09-30"})
>>> table = Table.of(d.rule, "en")
>>> table.header()[:4], table.decision_row(d)[:3]
(['rule', 'outcome', 'possible_outcomes', 'missing_facts'], ['deadlines.service_settlement', 'settled_by_date', ''])
>>> zh = Table.of(d.rule, "zh")
>>> zh.header()[1], zh.decision_row(d)[1]
('结果', '限期办结')
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import io
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import IO, Any, Literal

from pydantic import BaseModel

from medins_rules.core.labels import enum_label, field_label, value_label
from medins_rules.core.model import Decision, RuleSpec
from medins_rules.engine.catalogue import get_rule
from medins_rules.engine.rows import COMPACT_BASE, compact_fields

__all__ = [
    "CaseTable",
    "CsvSink",
    "MissingExtraError",
    "Table",
    "TerminalSink",
    "XlsxSink",
    "terminal_table",
]

Lang = Literal["en", "zh", "both"]


class MissingExtraError(RuntimeError):
    """An output that needs an optional extra that is not installed."""

    def __init__(self, extra: str, package: str, what: str) -> None:
        self.extra = extra
        super().__init__(
            f"{what} needs the optional extra '{extra}' ({package} is not installed): "
            f"pip install 'medins-rules[{extra}]'"
        )


def _langs(lang: Lang) -> tuple[str, ...]:
    return ("en", "zh") if lang == "both" else (lang,)


def _join(values: Iterable[str], lang: Lang) -> str:
    return ("、" if lang == "zh" else ";").join(values)


def _models_of(annotation: Any) -> type[BaseModel] | None:
    if typing.get_origin(annotation) is tuple:
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        if len(args) == 1 and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            return args[0]
    return None


@dataclass(frozen=True)
class Table:
    """The columns of one rule's decisions, in one language, and its rows."""

    spec: RuleSpec
    lang: Lang
    line: bool = False
    own: tuple[str, ...] = ()
    lists: tuple[tuple[str, type[BaseModel]], ...] = ()
    list_columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, rule: str, lang: Lang, *, line: bool = False) -> Table:
        """The table of ``rule``'s decisions; ``line`` adds a first column with the line number."""
        spec = get_rule(rule)
        model = spec.decision_model
        lists = tuple(
            (name, found)
            for name, info in model.model_fields.items()
            if name not in Decision.model_fields
            and (found := _models_of(info.annotation)) is not None
        )
        langs = _langs(lang)
        columns = {
            name: tuple(
                f
                for f in nested.model_fields
                if not (f.endswith(("_en", "_zh")) and f[-2:] not in langs)
            )
            for name, nested in lists
        }
        return cls(spec, lang, line, compact_fields(model), lists, columns)

    # -- values --------------------------------------------------------------------------------

    def _name(self, model: type | None, name: str) -> str:
        return field_label(model, name, "zh") if self.lang == "zh" else name

    def value(
        self, value: Any, *, model: type | None = None, name: str = "", decision: Any = None
    ) -> str:
        """A value as a cell's text: codes and ``YYYY-MM-DD`` days (their Chinese labels for
        ``lang="zh"``), lists joined, nothing as an empty cell."""
        zh = self.lang == "zh"
        if value is None:
            return ""
        if isinstance(value, bool):
            return ("是" if value else "否") if zh else ("true" if value else "false")
        if isinstance(value, Enum):
            return enum_label(value, "zh") if zh else str(value.value)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, tuple | list):
            return _join(
                (self.value(v, model=model, name=name, decision=decision) for v in value),
                self.lang,
            )
        if isinstance(value, BaseModel):
            return value.model_dump_json()
        if zh and isinstance(value, str) and name:
            label = value_label(model, name, value, decision)
            if label is not None:
                return label
        return str(value)

    def cell(
        self, value: Any, *, model: type | None = None, name: str = "", decision: Any = None
    ) -> Any:
        """A value as a workbook's cell: a day as a date, an amount as a :class:`~decimal.Decimal`,
        a whole number as an ``int``, a yes/no as a ``bool`` (its label in Chinese), nothing (or
        an empty list) as ``None``, anything else as :meth:`value`'s text."""
        if value is None:
            return None
        kind = type(value)
        if kind is bool:
            return ("是" if value else "否") if self.lang == "zh" else value
        if kind is int or kind is Decimal or kind is dt.date:
            return value
        return self.value(value, model=model, name=name, decision=decision) or None

    def _plain(self, value: Any, name: str) -> str:
        """A value of a compact row (JSON: texts, numbers, lists), as a cell."""
        if value is None:
            return ""
        kind = type(value)
        if kind is str:
            if self.lang == "zh":
                return _zh_values(self.spec.decision_model, name).get(value, value)
            return value  # type: ignore[no-any-return]
        if kind is bool:
            return (
                ("是" if value else "否") if self.lang == "zh" else ("true" if value else "false")
            )
        if kind is list:
            return _join((self._plain(v, name) for v in value), self.lang)
        return str(value)

    def _typed(self, value: Any, name: str) -> Any:
        """A value of a compact row as a workbook's cell, typed by the decision model's field."""
        if value is None:
            return None
        kind = _field_kinds(self.spec.decision_model).get(name)
        if kind is not None and type(value) is not list:
            return kind(value)
        if type(value) is bool and self.lang != "zh":
            return value
        return self._plain(value, name) or None

    # -- the decisions' sheet -------------------------------------------------------------------

    def header(self) -> list[str]:
        """The columns of the decisions' rows."""
        model = self.spec.decision_model
        names = [
            *(("line",) if self.line else ()),
            "rule",
            *COMPACT_BASE,
            *self.own,
            "reason_codes",
        ]
        out = [self._name(model, n) for n in names]
        for code in _langs(self.lang):
            out.append(
                {"en": "message_en", "zh": "说明" if self.lang == "zh" else "message_zh"}[code]
            )
        if self.line:
            out.append("错误" if self.lang == "zh" else "error")
        return out

    def decision_row(self, decision: Decision[Any], line: int | None = None) -> list[str]:
        """A decision's row."""
        return self._decision(decision, line, typed=False)

    def decision_cells(self, decision: Decision[Any], line: int | None = None) -> list[Any]:
        """A decision's row as a workbook's cells (:meth:`cell`)."""
        return self._decision(decision, line, typed=True)

    def _decision(self, decision: Decision[Any], line: int | None, *, typed: bool) -> list[Any]:
        model = type(decision)
        convert = self.cell if typed else self.value
        cells: list[Any] = [_line(line, typed)] if self.line else []
        cells.append(self.spec.name)
        for name in (*COMPACT_BASE, *self.own):
            cells.append(
                convert(getattr(decision, name), model=model, name=name, decision=decision)
            )
        cells.append(_join(decision.reason_codes, self.lang))
        cells.extend(decision.reasons[0].message(code) for code in _langs(self.lang))
        if self.line:
            cells.append(None if typed else "")
        return cells

    def compact(
        self, row: Mapping[str, Any], messages: Mapping[str, str | None], line: int | None = None
    ) -> list[str]:
        """The row of a compact row (a decision's, or one the columnar engine gives) and its main
        message in each language."""
        return self._compact(row, messages, line, typed=False)

    def compact_cells(
        self, row: Mapping[str, Any], messages: Mapping[str, str | None], line: int | None = None
    ) -> list[Any]:
        """A compact row as a workbook's cells, typed as :meth:`decision_cells` types them."""
        return self._compact(row, messages, line, typed=True)

    def _compact(
        self,
        row: Mapping[str, Any],
        messages: Mapping[str, str | None],
        line: int | None,
        *,
        typed: bool,
    ) -> list[Any]:
        convert = self._typed if typed else self._plain
        cells: list[Any] = [_line(line, typed)] if self.line else []
        cells.append(self.spec.name)
        for name in (*COMPACT_BASE, *self.own):
            cells.append(convert(row.get(name), name))
        cells.append(self._plain(row.get("reason_codes"), "reason_codes"))
        cells.extend(messages.get(code) or "" for code in _langs(self.lang))
        if self.line:
            cells.append(None if typed else "")
        return cells

    def refused_row(self, line: int | None, problems: Sequence[str]) -> list[str]:
        """The row of a line the rule refused or could not read: its line, the rule, no decision,
        and what is wrong (each problem, as the command reports it on standard error). Only a
        batch's table (``line=True``) has the ``error`` column."""
        if not self.line:
            raise ValueError("a refused line's row needs a batch's table (line=True)")
        cells = [""] * len(self.header())
        cells[0] = _line(line, False)
        cells[1] = self.spec.name
        cells[-1] = ("；" if self.lang == "zh" else "; ").join(problems)
        return cells

    def refused_cells(self, line: int | None, problems: Sequence[str]) -> list[Any]:
        """:meth:`refused_row` as a workbook's cells."""
        cells: list[Any] = [c or None for c in self.refused_row(line, problems)]
        cells[0] = line
        return cells

    # -- the lists ------------------------------------------------------------------------------

    def list_header(self, name: str) -> list[str]:
        """The columns of one list's rows (a sheet of a workbook)."""
        nested = dict(self.lists)[name]
        index = "序号（从0起）" if self.lang == "zh" else "index"
        return [
            self._name(None, "line"),
            index,
            *(self._name(nested, f) for f in self.list_columns[name]),
        ]

    def list_rows(
        self, decision: Decision[Any], line: int | None, *, typed: bool = False
    ) -> dict[str, list[list[Any]]]:
        """The rows of each of the decision's lists, by the list's field name (``typed``: as a
        workbook's cells)."""
        convert = self.cell if typed else self.value
        out: dict[str, list[list[Any]]] = {}
        for name, nested in self.lists:
            rows = []
            for index, item in enumerate(getattr(decision, name)):
                cells: list[Any] = [_line(line, typed), index if typed else str(index)]
                for f in self.list_columns[name]:
                    cells.append(convert(getattr(item, f), model=nested, name=f, decision=decision))
                rows.append(cells)
            out[name] = rows
        return out

    def details_header(self) -> list[str]:
        """The columns of the details file of a CSV run: the line, the list, the index, then every
        field of every list (each list fills its own)."""
        union: list[tuple[type[BaseModel], str]] = []
        seen: set[str] = set()
        for name, nested in self.lists:
            for f in self.list_columns[name]:
                if f not in seen:
                    seen.add(f)
                    union.append((nested, f))
        fact = "列表" if self.lang == "zh" else "list"
        index = "序号（从0起）" if self.lang == "zh" else "index"
        return [self._name(None, "line"), fact, index, *(self._name(m, f) for m, f in union)]

    def details_rows(self, decision: Decision[Any], line: int | None) -> list[list[str]]:
        """The decision's lists as rows of the details file."""
        names = _details_order(self)
        out = []
        for name, rows in self.list_rows(decision, line).items():
            columns = self.list_columns[name]
            fact = self._name(type(decision), name)
            for cells in rows:
                by_field = dict(zip(columns, cells[2:], strict=True))
                out.append([cells[0], fact, cells[1], *(by_field.get(f, "") for f in names)])
        return out


def _line(line: int | None, typed: bool) -> Any:
    if line is None:
        return None if typed else ""
    return line if typed else str(line)


def _details_order(table: Table) -> list[str]:
    seen: dict[str, None] = {}
    for name, _ in table.lists:
        for f in table.list_columns[name]:
            seen.setdefault(f, None)
    return list(seen)


@functools.cache
def _zh_values(model: type[BaseModel], name: str) -> Mapping[str, str]:
    """The Chinese labels of the values a compact row's field holds, when it holds enum members
    (the outcome, the possible outcomes, a treatment...); empty otherwise."""
    info = model.model_fields.get(name)
    annotation: Any = info.annotation if info is not None else None
    if name in ("outcome", "possible_outcomes"):
        annotation = model.model_fields["outcome"].annotation
    arguments: tuple[Any, ...] = typing.get_args(annotation)
    for candidate in (annotation, *arguments):
        for inner in (candidate, *typing.get_args(candidate)):
            if isinstance(inner, type) and issubclass(inner, Enum):
                return types.MappingProxyType({str(m.value): enum_label(m, "zh") for m in inner})
    return types.MappingProxyType({})


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@functools.cache
def _field_kinds(model: type[BaseModel]) -> Mapping[str, Any]:
    """How a compact row's JSON value of each of the decision model's fields becomes a typed cell:
    the fields that hold a day (optionally), an amount or a whole number, by name."""
    kinds: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation: Any = info.annotation
        union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
        found = (
            {a for a in typing.get_args(annotation) if a is not type(None)}
            if union
            else {annotation}
        )
        if found == {dt.date}:
            kinds[name] = _date
        elif found == {Decimal}:
            kinds[name] = Decimal
        elif found == {int}:
            kinds[name] = int
    return types.MappingProxyType(kinds)


# -- sinks: where the rows of a run go ---------------------------------------------------------------


class CsvSink:
    """A CSV run: the header, then a row a decision, each written as it comes (a batch streams);
    the decisions' lists go to ``details`` when it is given."""

    def __init__(self, table: Table, details: IO[str] | None = None) -> None:
        self.table = table
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")
        self._details = csv.writer(details, lineterminator="\r\n") if details else None
        self._started = False

    def _take(self) -> str:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text

    def _start(self) -> None:
        if not self._started:
            self._started = True
            self._writer.writerow(self.table.header())
            if self._details is not None:
                self._details.writerow(self.table.details_header())

    def header(self) -> str:
        """The header row (written before the first row even when no row comes)."""
        self._start()
        return self._take()

    def decision(self, decision: Decision[Any], line: int | None = None) -> str:
        """The CSV text of a decision's row (the header first, the first time)."""
        self._start()
        self._writer.writerow(self.table.decision_row(decision, line))
        if self._details is not None:
            self._details.writerows(self.table.details_rows(decision, line))
        return self._take()

    def compact(
        self, row: Mapping[str, Any], messages: Mapping[str, str | None], line: int | None
    ) -> str:
        """The CSV text of a compact row from the columnar engine."""
        self._start()
        self._writer.writerow(self.table.compact(row, messages, line))
        return self._take()

    def refused(self, line: int | None, problems: Sequence[str]) -> str:
        """The CSV text of a refused line's row."""
        self._start()
        self._writer.writerow(self.table.refused_row(line, problems))
        return self._take()

    def close(self) -> str:
        """What is left to write (the header, when no row came)."""
        return self.header() if not self._started else ""


class XlsxSink:
    """A workbook run: a sheet of decisions and a sheet for each of the decisions' lists; kept in
    memory (openpyxl's write-only mode) and written out at :meth:`save`."""

    def __init__(self, table: Table) -> None:
        try:
            from openpyxl import Workbook
            from openpyxl.cell import WriteOnlyCell
        except ImportError:
            raise MissingExtraError("xlsx", "openpyxl", "--format xlsx") from None
        self._workbook_class = Workbook
        self._cell_class = WriteOnlyCell
        self.table = table
        self._book: Any = None
        self.lists: dict[str, Any] = {}

    def _begin(self) -> Any:
        """The workbook, begun at its first row or at :meth:`save` (so that a run refused before
        any row leaves no half-written workbook behind)."""
        if self._book is None:
            table = self.table
            zh = table.lang == "zh"
            self._book = self._workbook_class(write_only=True)
            self.sheet = self._book.create_sheet("决定" if zh else "decisions")
            self.sheet.append(table.header())
            for name, _ in table.lists:
                title = field_label(table.spec.decision_model, name, "zh") if zh else name
                sheet = self._book.create_sheet(_sheet_title(title))
                sheet.append(table.list_header(name))
                self.lists[name] = sheet
        return self._book

    def _append(self, sheet: Any, values: Sequence[Any]) -> None:
        sheet.append([self._cell(sheet, v) for v in values])

    def _cell(self, sheet: Any, value: Any) -> Any:
        """A value as the workbook's cell: an amount shown with its decimals, a text kept as text
        even when it starts with ``=`` (openpyxl would write a formula)."""
        if isinstance(value, Decimal):
            cell = self._cell_class(sheet, value=value)
            exponent = value.as_tuple().exponent
            places = -exponent if isinstance(exponent, int) else 0
            cell.number_format = "0." + "0" * places if places > 0 else "0"
            return cell
        if isinstance(value, str) and value.startswith("="):
            cell = self._cell_class(sheet, value=value)
            cell.data_type = "s"
            return cell
        return value

    def decision(self, decision: Decision[Any], line: int | None = None) -> str:
        self._begin()
        self._append(self.sheet, self.table.decision_cells(decision, line))
        for name, rows in self.table.list_rows(decision, line, typed=True).items():
            for cells in rows:
                self._append(self.lists[name], cells)
        return ""

    def compact(
        self, row: Mapping[str, Any], messages: Mapping[str, str | None], line: int | None
    ) -> str:
        self._begin()
        self._append(self.sheet, self.table.compact_cells(row, messages, line))
        return ""

    def refused(self, line: int | None, problems: Sequence[str]) -> str:
        self._begin()
        self._append(self.sheet, self.table.refused_cells(line, problems))
        return ""

    def close(self) -> str:
        return ""

    def save(self, target: str | IO[bytes]) -> None:
        """Write the workbook to a file name or a binary stream."""
        self._begin().save(target)


def _sheet_title(title: str) -> str:
    """A sheet title Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31]


class TerminalSink:
    """A table for the terminal, written at the end (its columns are as wide as their widest cell):
    Rich's when it is installed, else plain text."""

    def __init__(self, table: Table, width: int = 120) -> None:
        self.table = table
        self.width = width
        self.rows: list[list[str]] = []

    def decision(self, decision: Decision[Any], line: int | None = None) -> str:
        self.rows.append(self.table.decision_row(decision, line))
        return ""

    def compact(
        self, row: Mapping[str, Any], messages: Mapping[str, str | None], line: int | None
    ) -> str:
        self.rows.append(self.table.compact(row, messages, line))
        return ""

    def refused(self, line: int | None, problems: Sequence[str]) -> str:
        self.rows.append(self.table.refused_row(line, problems))
        return ""

    def close(self) -> str:
        header = self.table.header()
        if len(self.rows) == 1 and not self.table.line:  # one decision: a field a row
            pairs = [[h, v] for h, v in zip(header, self.rows[0], strict=True) if v]
            names = ["字段", "值"] if self.table.lang == "zh" else ["field", "value"]
            return terminal_table(names, pairs, width=self.width)
        return terminal_table(header, self.rows, width=self.width)


def terminal_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    rich: bool | None = None,
    width: int = 120,
) -> str:
    """A table as text: drawn by Rich when it is installed (``rich=False``: never), else aligned in
    columns. Columns empty in every row are left out.

    >>> print(terminal_table(["a", "b", "c"], [["1", "", "x"]], rich=False))
    a  c
    1  x
    """
    return _table_text(header, rows, rich=rich, width=width)


def _table_text(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, rich: bool | None, width: int
) -> str:
    keep = [i for i in range(len(header)) if any(r[i] for r in rows)] or list(range(len(header)))
    header = [header[i] for i in keep]
    rows = [[r[i] for i in keep] for r in rows]
    if rich is not False:
        try:
            from rich.console import Console
            from rich.table import Table as RichTable
        except ImportError:
            rich = False
        else:
            table = RichTable(*header)
            for column in table.columns:
                column.overflow = "fold"
            for row in rows:
                table.add_row(*row)
            drawn = io.StringIO()
            Console(file=drawn, width=width, color_system=None).print(table)
            return drawn.getvalue().rstrip("\n")
    from medins_rules.interfaces.presentation import text_table

    return text_table(header, rows)


# -- case-file runs ------------------------------------------------------------------------------------


class CaseTable:
    """The rows of a case-file run: one a case, with whether it passed."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def header(self) -> list[str]:
        if self.lang == "zh":
            return ["文件", "名称", "规则", "结果", "预期结果", "实际结果", "理由代码", "差异"]
        return [
            "file",
            "name",
            "rule",
            "status",
            "expected_outcome",
            "outcome",
            "reason_codes",
            "differences",
        ]

    def problem_row(self, problem: Any) -> list[str]:
        """The row of a file that could not be read or run (a
        :class:`~medins_rules.interfaces.casefiles.CaseFileError`): its file, the status ``error``
        and what is wrong, so that a run's table lists every file it was given."""
        source = str(getattr(problem, "source", ""))
        line = getattr(problem, "line", None)
        where = f"{source}:{line}" if line is not None else source
        message = str(problem).removeprefix(f"{where}: ") if source else str(problem)
        status = "错误" if self.lang == "zh" else "error"
        return [where, "", "", status, "", "", "", message]

    def row(self, result: Any) -> list[str]:
        """A case's row (a :class:`~medins_rules.interfaces.casefiles.CaseResult`)."""
        status = {
            "passed": ("passed", "通过"),
            "failed": ("failed", "未通过"),
            "error": ("error", "错误"),
        }[result.status]
        decision = result.decision
        zh = self.lang == "zh"
        got = ""
        if decision is not None:
            got = enum_label(decision.outcome, "zh") if zh else decision.outcome.value
        expected = result.case.expect.outcome or result.case.expect.error or ""
        if zh and decision is not None and result.case.expect.outcome:
            with contextlib.suppress(ValueError):
                expected = enum_label(type(decision.outcome)(expected), "zh")
        codes = _join(decision.reason_codes, "en") if decision is not None else ""
        differences = list(result.differences)
        if zh:
            from medins_rules.interfaces.translate import differences_zh

            differences = differences_zh(result)
        return [
            result.case.source,
            result.case.name,
            result.case.rule,
            status[1] if zh else status[0],
            expected,
            got,
            codes,
            ("；" if zh else "; ").join(differences),
        ]
