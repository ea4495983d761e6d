"""Fast paths for the rules (internal): building frozen models, memoising by identity.

**Building.**
``BaseModel.model_construct`` walks every field of the class on each call (aliases, defaults), which
costs more than the rest of a deadline decision together. Rules that build their own decisions and
reasons from values they have already checked use :func:`fast_constructor` instead: it makes exactly
the instance ``model_construct`` makes when every field is given (same ``__dict__`` in field order,
same fields-set, no extra, no private state), in a fraction of the time. A test pins the equivalence.
It is defined in :mod:`medins_rules.core.model`, whose reason templates build every reason with it
(``new_reason``), and offered here with the memos.

>>> from medins_rules.core.model import Jurisdiction, ParameterUse
>>> import datetime as dt
>>> build = fast_constructor(ParameterUse)
>>> values = {"name": "x", "jurisdiction": Jurisdiction.NATIONAL, "value": "1", "unit": "years",
...           "effective_from": dt.date(2011, 7, 1), "effective_to": None}
>>> build(dict(values)) == ParameterUse.model_construct(**values)
True

**Memoising by identity.** Parameter versions and calendars are frozen, but hashing a version by
value costs more than a whole decision. :func:`identity_memo` memoises a pure function of such
objects by their identity: the memo keeps the objects it was made for, so their ids cannot be reused
by other objects while the entry lives, and it is bounded.

>>> calls = []
>>> @identity_memo
... def size(items):
...     calls.append(items)
...     return len(items)
>>> key = ("a", "b")
>>> size(key), size(key), len(calls)
(2, 2, 1)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from medins_rules.core.model import fast_constructor, new_reason

__all__ = ["Cell", "fast_constructor", "identity_memo", "new_reason", "value_memo"]

P = ParamSpec("P")
R = TypeVar("R")


class _Slot:
    """One memo entry: the arguments it was made for (kept alive) and the result."""

    __slots__ = ("args", "result")

    def __init__(self) -> None:
        self.args: tuple[object, ...] = ()
        self.result: object = None


def identity_memo(function: Callable[P, R], maxsize: int = 256) -> Callable[P, R]:
    """``function`` memoised by the identity of its arguments (at most ``maxsize`` entries).

    Arguments are positional only; the memo holds the arguments and the result of each entry.
    """

    @functools.lru_cache(maxsize=maxsize)
    def slot(key: tuple[int, ...]) -> _Slot:
        return _Slot()

    @functools.wraps(function)
    def memoised(*args: P.args, **kwargs: P.kwargs) -> R:
        if kwargs:
            raise TypeError(
                f"{function.__name__}: memoised by identity, pass arguments by position"
            )
        entry = slot(tuple(map(id, args)))
        if entry.args and all(a is b for a, b in zip(entry.args, args, strict=True)):
            return entry.result  # type: ignore[return-value]
        result = function(*args, **kwargs)
        entry.args, entry.result = args, result
        return result

    memoised.cache_clear = slot.cache_clear  # type: ignore[attr-defined]  # as lru_cache offers
    return memoised


class Cell:
    """A memo cell: empty (``filled`` false) until its value is set."""

    __slots__ = ("filled", "value")

    def __init__(self) -> None:
        self.filled = False
        self.value: Any = None


def value_memo(maxsize: int) -> Callable[[tuple[object, ...]], Cell]:
    """A bounded memo by hashable key whose values are computed by the caller on a miss.

    ``cell = memo(key)``; when ``cell.filled`` the value is there, else the caller computes it (from
    objects that are not part of the key, such as the input model the key was read from) and sets
    ``cell.value`` and ``cell.filled``. Unlike ``lru_cache`` on a function of the key, a miss costs
    no rebuilding of the inputs from the key.

    >>> memo = value_memo(8)
    >>> cell = memo(("a", 1))
    >>> cell.filled
    False
    >>> cell.value, cell.filled = "computed", True
    >>> memo(("a", 1)).value
    'computed'
    """

    @functools.lru_cache(maxsize=maxsize)
    def cell(key: tuple[object, ...]) -> Cell:
        return Cell()

    return cell
