"""What a person can do about a refusal, said in the words of the place where it is shown.

A refusal of the package says what is wrong; where it can also say how to go on, the way to go on
depends on where the person is. A year whose holiday notice is not published is settled by adding
the notice: in Python with ``WorkingDayCalendar.with_year`` (the error's own message says so), on
the command line with ``--notice FILE``, in a case file under the case's ``notices:`` key. This
module gives the advice for the command line and for case files; the Python API's advice is the end
of the error's message.

>>> from medins_rules.core.errors import CalendarYearNotCoveredError
>>> error = CalendarYearNotCoveredError(2027, (2004, 2026)).about("payment_date")
>>> for problem in describe_refusal(error, "case file"):
...     print(problem)
payment_date: working-day calendar: no official arrangement for the year 2027 (published: 2004-2026)
hint: add the 2027 notice under the case's `notices:` key (a notice file, as `medins-rules notice-template` prints, or its keys inline), or leave out `calendar: strict`: the default calendar decides from the national holiday regulations wherever the outcome cannot change
>>> for problem in describe_refusal(error, "command line"):
...     print(problem)
payment_date: working-day calendar: no official arrangement for the year 2027 (published: 2004-2026)
hint: add the 2027 notice with --notice FILE (template: `medins-rules notice-template`), or leave out --calendar strict: the default decides from the national holiday regulations wherever the outcome cannot change
"""

from __future__ import annotations

from typing import Literal

from medins_rules.core.errors import CalendarYearNotCoveredError, MedinsRulesError
from medins_rules.core.problems import Problem, describe_error

__all__ = ["Where", "describe_refusal", "hints"]

Where = Literal["python", "command line", "case file"]
"""Where a refusal is shown: to a Python caller, on the command line, or in a case file's report."""


def hints(error: BaseException, where: Where) -> list[str]:
    """The advice for ``error`` in the words of ``where`` (each starts with ``hint:``)."""
    if not isinstance(error, CalendarYearNotCoveredError) or where == "python":
        return []
    year = error.year
    if error.reason == "unpublished":
        if where == "command line":
            return [
                f"hint: add the {year} notice with --notice FILE (template: `medins-rules notice-template`), "
                "or leave out --calendar strict: the default decides from the national holiday "
                "regulations wherever the outcome cannot change"
            ]
        return [
            f"hint: add the {year} notice under the case's `notices:` key (a notice file, as "
            "`medins-rules notice-template` prints, or its keys inline), or leave out `calendar: strict`: the "
            "default calendar decides from the national holiday regulations wherever the outcome "
            "cannot change"
        ]
    if error.reason == "unknown_day":
        if where == "command line":
            return [
                f"hint: the {year} notice settles it: add it with --notice FILE "
                "(template: `medins-rules notice-template`), or guess the days the regulations leave open with "
                "--calendar provisional (the decision says it is provisional)"
            ]
        return [
            f"hint: the {year} notice settles it: add it under the case's `notices:` key, or "
            "guess the days the regulations leave open with `calendar: provisional` (the "
            "decision says it is provisional)"
        ]
    return []


def describe_refusal(error: BaseException, where: Where) -> list[Problem]:
    """The problems ``error`` reports (as :func:`describe_error` gives them), then the advice for
    ``where`` in place of the Python API's."""
    if where != "python" and isinstance(error, CalendarYearNotCoveredError):
        problems = describe_error(MedinsRulesError(error.problem))
    else:
        problems = describe_error(error)
    return [*problems, *(Problem(None, hint) for hint in hints(error, where))]
