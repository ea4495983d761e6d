"""Fast paths for the rules (internal): building frozen models, memoising by identity.

**Building.**
``BaseModel.model_construct`` walks every field of the class on each call (aliases, defaults), which
costs more than the rest of a deadline decision together. Rules that build their own decisions and
reasons from values they have already checked use :func:`fast_constructor` instead: it makes exactly
the instance ``model_construct`` makes when every field is given (same ``__dict__`` in field order,
same fields-set, no extra, no private state), in a fraction of the time. A test pins the equivalence.

>>> from medins_rules.model import Jurisdiction, ParameterUse
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
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

from pydantic import BaseModel

from .model import Reason, ReasonTemplate

__all__ = ["Cell", "fast_constructor", "fast_reason", "identity_memo", "new_reason", "value_memo"]

M = TypeVar("M", bound=BaseModel)
P = ParamSpec("P")
R = TypeVar("R")

_set = object.__setattr__


def fast_constructor(
    cls: type[M], fields_set: Iterable[str] | None = None
) -> Callable[[dict[str, Any]], M]:
    """A function ``build(values) -> cls`` for a dict holding every field of ``cls``, in field order.

    The dict becomes the instance's ``__dict__`` (the caller gives it up). The instance's fields-set
    is the dict's keys, or ``fields_set`` when given (to match an instance built by the validating
    constructor, which leaves defaulted fields out of it). Refuses classes whose instances
    ``model_construct`` would set up differently (root models, models with a post-init hook or
    private attributes, models that allow extra fields).
    """
    if (
        cls.__pydantic_root_model__
        or cls.__pydantic_post_init__
        or cls.__private_attributes__
        or cls.model_config.get("extra") == "allow"
    ):
        raise TypeError(f"{cls.__name__}: not a plain model; use model_construct")
    new = object.__new__
    given = None if fields_set is None else frozenset(fields_set)

    def build(values: dict[str, Any]) -> M:
        instance: M = new(cls)
        _set(instance, "__dict__", values)
        _set(instance, "__pydantic_fields_set__", set(values if given is None else given))
        _set(instance, "__pydantic_extra__", None)
        _set(instance, "__pydantic_private__", None)
        return instance

    build.__name__ = build.__qualname__ = f"build_{cls.__name__}"
    return build


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


new_reason = fast_constructor(Reason)
"""Build a :class:`Reason` from its complete field values."""


def fast_reason(template: ReasonTemplate, **facts: object) -> Reason:
    """``template(**facts)`` (kept for the rules written against it; the template itself now
    builds its reason without ``model_construct``).

    >>> from medins_rules.deadlines import START_NOT_COUNTED
    >>> import datetime as dt
    >>> fast_reason(START_NOT_COUNTED, payment_date=dt.date(2026, 1, 5)) == START_NOT_COUNTED(
    ...     payment_date=dt.date(2026, 1, 5))
    True
    """
    return template(**facts)
