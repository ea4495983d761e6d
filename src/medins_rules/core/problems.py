"""What is wrong with an input, field by field: the problems an error reports, each at its field.

Shared by every place a refusal is shown (the command line, the service, the nightly path's error
rows, the frames), so that one refusal reads the same wherever it is met.

>>> from medins_rules.core.errors import UnknownRuleError
>>> [str(p) for p in describe_error(ValueError("filing_date: before the payment"))]
['filing_date: before the payment']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from medins_rules.core.errors import UnknownRuleError

__all__ = ["Problem", "describe_error", "printable"]

_FIELD_PREFIX = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*(?:(?:\.|\[)[A-Za-z0-9_\]]+)*): (.*)$", re.S)
_MAX_INPUT = 60
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NO_INPUT_SHOWN = frozenset({"missing", "extra_forbidden", "duplicate_key"})


def printable(text: str) -> str:
    r"""``text`` with every character that could change how a terminal shows it escaped.

    Control characters (a newline, ANSI escape sequences, a carriage return), the direction marks
    and overrides of bidirectional text, line and paragraph separators and lone surrogates become
    their Python escapes, so text taken from the input (a key, a value, a file name) is shown as it
    is and cannot forge lines or colours.

    >>> print(printable("payment_date\x1b[31m\nmedins-rules: forged"))
    payment_date\x1b[31m\nmedins-rules: forged
    >>> print(printable("缴费日期 \ud800"))
    缴费日期 \ud800
    """
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return char.encode("unicode_escape", "backslashreplace").decode("ascii")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: the field path (when known) and what is wrong."""

    field: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def _path(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _short(value: Any) -> str:
    text = repr(value)
    if len(text) > _MAX_INPUT:
        text = f"{text[: _MAX_INPUT - 10]}... ({len(str(value))} characters)"
    return text


def _join(loc: str, named: str | None) -> str | None:
    """The path of a validator's error: where it was raised, then the field its message names.

    A model validator's error is raised at the model (``loc`` empty or the nested model's path) and
    its message names the field (``last_day: ...``); a field validator's is raised at the field,
    which its message names again.
    """
    if not named:
        return loc or None
    if not loc or re.split(r"[.\[]", loc)[-1].rstrip("]") == named:
        return loc or named
    return f"{loc}.{named}"


def _split_field(message: str) -> Problem:
    match = _FIELD_PREFIX.match(message)
    if match:
        return Problem(match.group(1), match.group(2))
    return Problem(None, message)


def describe_error(exc: BaseException, *, prefix: str = "") -> list[Problem]:
    """The problems an error reports, each with its field path (``prefix`` is prepended to paths).

    A pydantic validation error gives one problem per failing field; an error whose message starts
    with a field name (``"filing_date: ..."``, the package's convention) gives that field.
    """
    problems: list[Problem] = []
    if isinstance(exc, ValidationError):
        for error in exc.errors(include_url=False):
            message = str(error["msg"])
            loc = _path(error["loc"])
            if error["type"] == "value_error":
                problem = _split_field(message.removeprefix("Value error, "))
                problems.append(Problem(_join(loc, problem.field), problem.message))
                continue
            if error["type"] == "duplicate_key":
                problem = _split_field(message)
                problems.append(Problem(_join(loc, problem.field), problem.message))
                continue
            if error["type"] not in _NO_INPUT_SHOWN and not isinstance(
                error.get("input"), dict | list
            ):
                message += f" (got {_short(error.get('input'))})"
            if error["type"] == "extra_forbidden":
                message = "not a field of this input (unknown fields are refused)"
            problems.append(Problem(loc or None, message))
    elif isinstance(exc, UnknownRuleError):
        problems.append(_split_field(str(exc)))
    else:
        problems.append(_split_field(str(exc)))
    if prefix:
        problems = [
            Problem(f"{prefix}.{p.field}" if p.field else prefix, p.message) for p in problems
        ]
    return problems
