"""Read-only tables: a ``dict`` that refuses changes, for what the package shares between callers."""

from __future__ import annotations

from typing import NoReturn, TypeVar

__all__ = ["ReadOnlyDict"]

K = TypeVar("K")
V = TypeVar("V")


class ReadOnlyDict(dict[K, V]):
    """A ``dict`` that refuses changes: for the tables the package shares between callers.

    Reading, comparing, hashing, copying (``dict(table)``), pickling and serialising work as for a
    ``dict``; every mutating method raises ``TypeError`` with :attr:`refusal`.

    >>> table = ReadOnlyDict({"a": 1})
    >>> table["a"], dict(table) == {"a": 1}
    (1, True)
    >>> table["a"] = 2
    Traceback (most recent call last):
    ...
    TypeError: this table is shared and read-only; copy it with dict(table) to change it
    """

    __slots__ = ()
    refusal = "this table is shared and read-only; copy it with dict(table) to change it"

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError(self.refusal)

    __setitem__ = __delitem__ = __ior__ = _read_only
    clear = pop = popitem = setdefault = update = _read_only

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self.items()))

    def __reduce__(self) -> tuple[type[ReadOnlyDict[K, V]], tuple[dict[K, V]]]:
        return (type(self), (dict(self),))

    def __copy__(self) -> ReadOnlyDict[K, V]:
        return self

    def __deepcopy__(self, memo: object) -> ReadOnlyDict[K, V]:
        return self
