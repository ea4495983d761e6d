"""Matching: which submitted document serves which checklist item.

Each checklist item is matched with at most one submitted document, and each document serves at most
one item (so the original card does not also count as its copy). The rule lists, for each item, its
candidates: the documents that could serve it, each with the weight of its shortcomings (none for a
document that meets the item), best first. :func:`assign` chooses the assignment that leaves the
fewest items without a document and, among those, has the least total weight; among equally good
assignments, the one that takes, item by item, the candidate listed first.

Items that share no candidate document cannot compete for one, so they are matched separately (the
connected components of the item-document graph). Each component is searched depth first in
candidate order, a partial assignment already no better than the best one found being cut off
(branch and bound). A component holds the items that accept one kind of document, so it stays small.

Limitations: the weights rank shortcomings, they are no reading of a source (the check weighs a copy
where the original is required as three missing seals or sides); the search is exact, and exponential
only in the size of a component, which the bound on submitted items keeps small.

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class Doc:
...     index: int
...     weight: int = 0
>>> assign([[Doc(0)], [Doc(0), Doc(1, weight=1)]])  # the second item gives way to the first
[Doc(index=0, weight=0), Doc(index=1, weight=1)]
>>> assign([[Doc(0)], [Doc(0)]])  # one document cannot serve two items
[Doc(index=0, weight=0), None]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

__all__ = ["Candidate", "assign", "components"]


class Candidate(Protocol):
    """A document that could serve an item: its position among the submitted items and its weight."""

    @property
    def index(self) -> int:
        """The document's position among the submitted items."""
        ...

    @property
    def weight(self) -> int:
        """How far the document falls short of the item (0: it meets it)."""
        ...


C = TypeVar("C", bound=Candidate)


def components(candidates: Sequence[Sequence[Candidate]]) -> list[list[int]]:
    """The items' positions grouped so that items sharing a candidate document are in one group.

    Each group lists its items in order; the groups come in the order of their last item.

    >>> from types import SimpleNamespace as Doc
    >>> components([[Doc(index=0)], [Doc(index=1)], [Doc(index=1), Doc(index=0)], []])
    [[0, 1, 2], [3]]
    """
    groups: list[tuple[set[int], list[int]]] = []
    for position, cands in enumerate(candidates):
        documents = {c.index for c in cands}
        joined = [g for g in groups if g[0] & documents]
        merged = documents.union(*(g[0] for g in joined))
        items = sorted([p for g in joined for p in g[1]] + [position])
        groups = [g for g in groups if not g[0] & documents] + [(merged, items)]
    return [items for _, items in groups]


def assign(candidates: Sequence[Sequence[C]]) -> list[C | None]:
    """For each item, the candidate it is matched with (``None``: no document serves it).

    No document serves two items. The assignment leaves the fewest items unserved, then has the
    least total weight; ties go to the candidates listed first.
    """
    result: list[C | None] = [None] * len(candidates)
    for group in components(candidates):
        best = _best_assignment([candidates[p] for p in group])
        for position, match in zip(group, best, strict=True):
            result[position] = match
    return result


def _best_assignment(cands: Sequence[Sequence[C]]) -> list[C | None]:
    """The assignment of least (unserved, weight), the first found in candidate order."""
    best: list[C | None] = [None] * len(cands)
    best_cost: tuple[int, int] | None = None
    chosen: list[C | None] = []

    def search(pos: int, used: frozenset[int], missing: int, weight: int) -> None:
        nonlocal best, best_cost
        if best_cost is not None and (missing, weight) >= best_cost:
            return
        if pos == len(cands):
            best, best_cost = list(chosen), (missing, weight)
            return
        for match in cands[pos]:
            if match.index not in used:
                chosen.append(match)
                search(pos + 1, used | {match.index}, missing, weight + match.weight)
                chosen.pop()
        chosen.append(None)
        search(pos + 1, used, missing + 1, weight)
        chosen.pop()

    search(0, frozenset(), 0, 0)
    return best
