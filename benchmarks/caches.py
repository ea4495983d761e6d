"""The package's caches: found in its loaded modules, listed, and cleared between repetitions.

Standard library only (the start-up and service probes import it beside any version of the package).
A cache is any module-level callable of a ``medins_rules`` module with ``cache_info`` and
``cache_clear`` (``functools.cache`` and ``functools.lru_cache``, and anything offering the same).
Bounded caches (a ``maxsize``) memoise values of the records (period ends per payment date,
parameter sets per day, place names per code and year): the benchmark clears them before every
repetition of its headline figures, so each repetition pays for what it shares, as a fresh bare
decider does. Kept: unbounded caches, which hold tables read once (the catalogue, the legal
registry, the bundled calendar and data files), and the calendar's tables of a year
(:data:`YEAR_TABLES`), as the bare deciders keep their set of rest days: a long-running process
builds them once.
"""

from __future__ import annotations

import sys
from typing import Any

YEAR_TABLES = frozenset(
    {"medins_rules.core.calendar._year", "medins_rules.core.holidays.statutory_days"}
)
"""Bounded caches that are tables of a calendar year, kept like the read-once tables."""


def _cleared(name: str, function: Any) -> bool:
    return _maxsize(function) is not None and name not in YEAR_TABLES


def package_caches() -> list[tuple[str, Any]]:
    """``(qualified name, cached function)`` of every cache in the loaded package modules."""
    found = []
    for module_name, module in sorted(sys.modules.items()):
        if module is None or not (
            module_name == "medins_rules" or module_name.startswith("medins_rules.")
        ):
            continue
        for name, value in sorted(vars(module).items()):
            if not (callable(value) and hasattr(value, "cache_info")):
                continue
            if not hasattr(value, "cache_clear"):
                continue
            if getattr(value, "__module__", module_name) != module_name:
                continue  # imported from another module: listed there
            found.append((f"{module_name}.{name}", value))
    return found


def _maxsize(function: Any) -> int | None:
    try:
        return function.cache_info().maxsize  # type: ignore[no-any-return]
    except (AttributeError, TypeError):
        return None


def clear_bounded() -> int:
    """Clear the package's bounded caches but the year tables; returns how many were cleared."""
    cleared = 0
    for name, function in package_caches():
        if _cleared(name, function):
            function.cache_clear()
            cleared += 1
    return cleared


def inventory() -> list[dict[str, Any]]:
    """Every cache with its bound, its size and hits now, and what the benchmark does with it."""
    out = []
    for name, function in package_caches():
        try:
            info = function.cache_info()
        except TypeError:  # pragma: no cover - a cache_info needing arguments
            continue
        out.append(
            {
                "name": name,
                "maxsize": info.maxsize,
                "size": info.currsize,
                "hits": info.hits,
                "misses": info.misses,
                "policy": (
                    "cleared before each repetition"
                    if _cleared(name, function)
                    else "kept (a table of a year)"
                    if name in YEAR_TABLES
                    else "kept (read once)"
                ),
            }
        )
    return out
