"""Month grids of a deadline: the days a decision names, drawn on the calendar it was decided with.

A deadline is a story of a few days: a payment, the day six months on (the corresponding day), a
holiday that moves the last day to the next working day. :func:`deadline_grid` draws each month that
holds one of those days as a Monday-first grid of seven columns, marks the days the decision names
(``[15]``) and what the calendar says of every day: a public holiday (``#``), a weekend rest day
(``*``), a weekend day made a working day (``+``, 调休), a day not yet known because its year's
holiday notice is not published (``?``), a day a provisional calendar guessed (``~``). Under the
grids each named day is listed with what it is, then a legend of the marks that appear, in the
language asked for.

Nothing is computed here that the decision or the calendar does not say. The named days are the
decision's own fields (the last days, with their bounds while a notice is awaited) and the facts of
its period reasons (the corresponding day a last day was moved from); what a day is comes from the
calendar the decision was made with (:meth:`~medins_rules.core.calendar.WorkingDayCalendar.day_table`
and :meth:`~medins_rules.core.calendar.WorkingDayCalendar.rest_day_kind`), never from the weekday
alone. Plain text works everywhere; ``colour=True`` adds ANSI colours (the command does so only on
a terminal, and never when ``NO_COLOR`` is set).

>>> import datetime as dt
>>> from medins_rules.processes.reimbursement import ReimbursementFilingCase, reimbursement_filing
>>> d = reimbursement_filing(ReimbursementFilingCase(payment_date=dt.date(2025, 8, 15),
...     treatment="hospitalisation", filing_date=dt.date(2026, 2, 24),
...     evaluation_date=dt.date(2026, 2, 24)))
>>> print(deadline_grid(d, lang="en").split("\\n\\n")[1])  # doctest: -NORMALIZE_WHITESPACE
February 2026
 Mo   Tu   We   Th   Fr   Sa   Su
                                1*
  2    3    4    5    6    7*   8*
  9   10   11   12   13   14+ [15]#
 16#  17#  18#  19#  20#  21#  22#
 23# [24]  25   26   27   28+
"""

from __future__ import annotations

import calendar as _weeks
import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from medins_rules.core.calendar import (
    DayTable,
    RestDayKind,
    WorkingDayCalendar,
    bundled_calendar,
)
from medins_rules.core.errors import CalendarYearNotCoveredError
from medins_rules.core.model import Decision
from medins_rules.interfaces.ics import decision_deadlines
from medins_rules.processes.enrolment import EnrolmentDecision, SettlementDecision
from medins_rules.processes.offsite_filing import ResidenceDecision
from medins_rules.processes.reimbursement import ReimbursementFilingDecision

__all__ = ["KeyDay", "deadline_grid", "key_days", "month_grid"]

Lang = Literal["en", "zh", "both"]

HOLIDAY, WEEKEND, MAKE_UP, UNKNOWN, GUESSED, WORKING = "#", "*", "+", "?", "~", " "
"""The mark after a day: what the calendar says of it."""

_LEGEND = (
    (HOLIDAY, "public holiday", "法定节假日"),
    (WEEKEND, "weekend rest day", "周末休息日"),
    (MAKE_UP, "make-up working day (a weekend day worked, 调休)", "调休上班日"),
    (
        UNKNOWN,
        "not yet known (the year's holiday notice is not published)",
        "尚未确定（当年节假日安排未公布）",
    ),
    (GUESSED, "guessed by a provisional calendar", "临时日历推定"),
)
_WEEKDAYS_EN = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_WEEKDAYS_ZH = ("一", "二", "三", "四", "五", "六", "日")
_MONTHS_EN = _weeks.month_name
_CELL = 5
_ANSI = MappingProxyType(
    {
        HOLIDAY: "\x1b[31m",  # red
        WEEKEND: "\x1b[2m",  # faint
        MAKE_UP: "\x1b[33m",  # yellow
        UNKNOWN: "\x1b[35m",  # magenta
        GUESSED: "\x1b[35m",
    }
)
_KEY_ANSI, _RESET = "\x1b[1;7m", "\x1b[0m"


@dataclass(frozen=True, slots=True)
class KeyDay:
    """A day a decision names, with what it is in English and Chinese."""

    day: dt.date
    en: str
    zh: str

    def text(self, lang: Lang) -> str:
        """What the day is, in ``lang``."""
        return {"en": self.en, "zh": self.zh, "both": f"{self.en} / {self.zh}"}[lang]


# -- the days a decision names -------------------------------------------------------------------------

_NOMINAL_CODES = ("period.rolled_forward", "period.last_day_not_yet_known")


def _nominal(decision: Decision[Any], earliest: dt.date, latest: dt.date) -> KeyDay | None:
    """The corresponding day a last day was moved from (or waits on), as the decision's period
    reason states it: the reason whose last day (or bounds) are this one's."""
    for reason in decision.reasons:
        facts = reason.facts
        if reason.code == "period.rolled_forward" and facts.get("last_day") == earliest.isoformat():
            moved = earliest == latest
        elif (
            reason.code == "period.last_day_not_yet_known"
            and facts.get("earliest") == earliest.isoformat()
            and facts.get("latest") == latest.isoformat()
        ):
            moved = False
        else:
            continue
        nominal = dt.date.fromisoformat(str(facts["nominal"]))
        period_en, period_zh = str(facts.get("period_en", "")), str(facts.get("period_zh", ""))
        if moved:
            return KeyDay(
                nominal,
                f"corresponding day of {period_en}: a rest day, so the last day moves on",
                f"{period_zh}的对应日：休息日，最后一日顺延",
            )
        return KeyDay(
            nominal,
            f"corresponding day of {period_en}: the last day waits on the holiday notice",
            f"{period_zh}的对应日：最后一日有待节假日安排确定",
        )
    return None


def _deadline_days(decision: Decision[Any]) -> list[KeyDay]:
    """The last days (or their bounds) of the decision, each with its corresponding day when the
    last day was moved from it."""
    out: list[KeyDay] = []
    for deadline in decision_deadlines(decision):
        en, zh = deadline.label.en, deadline.label.zh
        if deadline.day is not None:
            nominal = _nominal(decision, deadline.day, deadline.day)
            if nominal is not None and nominal.day != deadline.day:
                out.append(nominal)
                out.append(
                    KeyDay(
                        deadline.day,
                        f"{en} (moved from {nominal.day.isoformat()})",
                        f"{zh}（由{nominal.day.isoformat()}顺延）",
                    )
                )
            else:
                out.append(KeyDay(deadline.day, en, zh))
            continue
        nominal = _nominal(decision, deadline.earliest, deadline.latest)
        if nominal is not None:
            out.append(nominal)
        out.append(
            KeyDay(deadline.earliest, f"{en}: the earliest it can be", f"{zh}：最早可能的日期")
        )
        out.append(KeyDay(deadline.latest, f"{en}: the latest it can be", f"{zh}：最晚可能的日期"))
    return out


def key_days(decision: Decision[Any]) -> list[KeyDay]:
    """The days a deadline decision names, in order (none for a decision of another kind, or
    one without a deadline: a treatment the filing rule does not cover)."""
    days: list[KeyDay] = []
    if isinstance(decision, ReimbursementFilingDecision):
        deadlines = _deadline_days(decision)
        if not deadlines:
            return []
        days.append(
            KeyDay(
                decision.payment_date,
                "the payment (the periods run from the day after)",
                "垫付日（期间自次日起算）",
            )
        )
        days += deadlines
        if decision.filing_date is not None:
            days.append(KeyDay(decision.filing_date, "filed", "申请日"))
        else:
            days.append(
                KeyDay(decision.evaluation_date, "evaluated, not yet filed", "评估日（尚未申请）")
            )
    elif isinstance(decision, SettlementDecision | EnrolmentDecision):
        deadlines = _deadline_days(decision)
        if not deadlines:
            return []
        days.append(
            KeyDay(
                decision.application_date,
                "the application (not counted)",
                "申请日（不计入）",
            )
        )
        days += deadlines
    elif isinstance(decision, ResidenceDecision):
        if decision.continuous_since is None or decision.first_date_met is None:
            return []
        days.append(
            KeyDay(
                decision.continuous_since,
                "continuous residence since",
                "连续居住起始日",
            )
        )
        days.append(
            KeyDay(
                decision.first_date_met,
                "the residence requirement is met from",
                "自此日起满足居住要求",
            )
        )
        days.append(KeyDay(decision.filing_date, "the filing", "备案日"))
    else:
        return []
    return _merged(days)


def _merged(days: Iterable[KeyDay]) -> list[KeyDay]:
    """One entry a day, in order of the day: two names of one day are joined."""
    by_day: dict[dt.date, KeyDay] = {}
    for entry in days:
        known = by_day.get(entry.day)
        if known is None:
            by_day[entry.day] = entry
        elif entry.en not in known.en:
            by_day[entry.day] = KeyDay(
                entry.day, f"{known.en}; {entry.en}", f"{known.zh}；{entry.zh}"
            )
    return [by_day[day] for day in sorted(by_day)]


# -- a month ---------------------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _marks(calendar: WorkingDayCalendar, first: dt.date, last: dt.date) -> list[str]:
    """What the calendar says of each day from ``first`` to ``last``, as marks."""
    try:
        table: DayTable | None = calendar.day_table(first, last)
    except CalendarYearNotCoveredError:  # a strict calendar refuses an unpublished year
        table = None
    marks: list[str] = []
    day = first
    index = 0
    while day <= last:
        marks.append(_mark(calendar, table, index, day))
        day += dt.timedelta(days=1)
        index += 1
    return marks


def _mark(calendar: WorkingDayCalendar, table: DayTable | None, index: int, day: dt.date) -> str:
    if table is None:
        try:
            code = calendar.day_table(day, day).codes[0]
        except CalendarYearNotCoveredError:
            return UNKNOWN
        guessed = False
    else:
        code, guessed = table.codes[index], bool(table.guessed[index])
    if code == DayTable.UNKNOWN:
        return UNKNOWN
    if guessed:
        return GUESSED
    if code == DayTable.WORKING:
        return MAKE_UP if day.weekday() >= 5 else WORKING
    try:
        kind = calendar.rest_day_kind(day)
    except CalendarYearNotCoveredError:
        return UNKNOWN
    return HOLIDAY if kind is RestDayKind.PUBLIC_HOLIDAY else WEEKEND


def _title(year: int, month: int, lang: Lang) -> str:
    en, zh = f"{_MONTHS_EN[month]} {year}", f"{year}年{month}月"
    return {"en": en, "zh": zh, "both": f"{en} / {zh}"}[lang]


def _over_the_day(text: str) -> str:
    """A weekday's name in a cell, over the two columns of the day's number."""
    return " " + " " * (2 - _width(text)) + text + " " * (_CELL - 3)


def month_grid(
    year: int,
    month: int,
    *,
    calendar: WorkingDayCalendar | None = None,
    marked: Sequence[dt.date] = (),
    lang: Lang = "en",
    colour: bool = False,
) -> str:
    """One month as a Monday-first grid: each day with the calendar's mark, the days in ``marked``
    in brackets.

    >>> days = [dt.date(2026, 9, 30), dt.date(2026, 10, 10)]
    >>> print(month_grid(2026, 10, marked=days, lang="zh"))  # doctest: -NORMALIZE_WHITESPACE
    2026年10月
     一   二   三   四   五   六   日
                     1#   2#   3#   4#
      5#   6#   7#   8    9  [10]+ 11*
     12   13   14   15   16   17*  18*
     19   20   21   22   23   24*  25*
     26   27   28   29   30   31*
    """
    calendar = calendar or bundled_calendar()
    first = dt.date(year, month, 1)
    days = _weeks.monthrange(year, month)[1]
    last = dt.date(year, month, days)
    marks = _marks(calendar, first, last)
    chosen = set(marked)
    header = _WEEKDAYS_EN if lang != "zh" else _WEEKDAYS_ZH
    lines = [_title(year, month, lang), "".join(_over_the_day(name) for name in header).rstrip()]
    row: list[str] = [" " * _CELL] * first.weekday()
    for n in range(1, days + 1):
        day = dt.date(year, month, n)
        mark = marks[n - 1]
        key = day in chosen
        text = f"[{n:>2}]{mark}" if key else f" {n:>2}{mark} "
        row.append(_coloured(text, mark, key) if colour else text)
        if day.weekday() == 6 or n == days:
            lines.append("".join(row).rstrip())
            row = []
    return "\n".join(lines)


def _coloured(cell: str, mark: str, key: bool) -> str:
    """The cell with the day in reverse video (a named day) or in its mark's colour."""
    colour = _KEY_ANSI if key else _ANSI.get(mark)
    if colour is None:
        return cell
    body = cell.rstrip()
    return f"{colour}{body}{_RESET}{cell[len(body) :]}"


def _legend(marks: set[str], lang: Lang) -> list[str]:
    entries = []
    for mark, en, zh in _LEGEND:
        if mark in marks:
            entries.append(
                f"{mark} {en if lang == 'en' else zh if lang == 'zh' else f'{en} / {zh}'}"
            )
    key = {
        "en": "[ ] a day the decision names",
        "zh": "[ ] 决定所涉日期",
        "both": "[ ] a day the decision names / 决定所涉日期",
    }[lang]
    return [key, *entries]


def deadline_grid(
    decision: Decision[Any],
    *,
    calendar: WorkingDayCalendar | None = None,
    lang: Lang = "en",
    colour: bool = False,
) -> str | None:
    """The months of a deadline decision's days as grids, the days listed under them with what
    each is, and a legend; ``None`` for a decision that names no deadline (:func:`key_days`).

    ``calendar`` is the calendar the decision was made with (the bundled one by default).
    """
    days = key_days(decision)
    if not days:
        return None
    calendar = calendar or bundled_calendar()
    months = sorted({(k.day.year, k.day.month) for k in days})
    marked = [k.day for k in days]
    blocks = [
        month_grid(y, m, calendar=calendar, marked=marked, lang=lang, colour=colour)
        for y, m in months
    ]
    seen: set[str] = set()
    for y, m in months:
        first = dt.date(y, m, 1)
        seen |= set(_marks(calendar, first, dt.date(y, m, _weeks.monthrange(y, m)[1])))
    notes = [f"[{k.day.day:>2}] {k.day.isoformat()} {k.text(lang)}" for k in days]
    return "\n\n".join([*blocks, "\n".join(notes), "\n".join(_legend(seen, lang))])
