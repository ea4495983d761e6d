"""The module paths of earlier releases, kept working with a deprecation warning.

Before 0.2 the package was flat (``medins_rules.deadlines``, ``medins_rules.calendar``, ...). The
modules now live in layers (``core``, ``processes``, ``engine``, ``interfaces``, ``testing``; see
``docs/index.md``). Importing an old path still works: it gives a module whose names are those of
its new homes, and warns once (:class:`DeprecationWarning`) naming where to import from instead.
The names of ``medins_rules`` itself never moved.

>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     from medins_rules.deadlines import reimbursement_filing
>>> reimbursement_filing.__module__
'medins_rules.processes.reimbursement'
>>> print(caught[0].message)
medins_rules.deadlines is deprecated: import from medins_rules (the public API) or from medins_rules.processes.reimbursement, medins_rules.processes.offsite_filing, medins_rules.processes.enrolment
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types
import warnings
from collections.abc import Mapping, Sequence
from types import MappingProxyType

__all__ = ["MOVED", "install"]

_P = "medins_rules."
MOVED: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        _P + "deadlines": (
            _P + "processes.reimbursement",
            _P + "processes.offsite_filing",
            _P + "processes.enrolment",
        ),
        _P + "eligibility": (
            _P + "processes.suspension",
            _P + "processes.cancellation",
            _P + "processes.enrolment",
            _P + "processes.card",
            _P + "processes.retirement",
            _P + "vocab.schemes",
        ),
        **{
            _P + f"eligibility.{name}": (_P + f"processes.{name}",)
            for name in ("suspension", "cancellation", "enrolment", "card", "retirement")
        },
        _P + "refunds": (_P + "processes.refunds",),
        _P + "materials": (_P + "processes.materials",),
        **{
            _P + name: (_P + f"core.{name}",)
            for name in ("calendar", "errors", "legal", "model", "parameters", "periods")
        },
        **{_P + name: (_P + f"engine.{name}",) for name in ("batch", "catalogue", "columnar")},
        _P + "frames": (_P + "engine.frames",),
        **{
            _P + name: (_P + f"interfaces.{name}",)
            for name in ("cli", "casefiles", "presentation", "schemas")
        },
        _P + "strategies": (_P + "testing.strategies",),
        **{
            _P + f"strategies.{name}": (_P + f"testing.strategies.{name}",)
            for name in ("deadlines", "eligibility", "materials", "refunds")
        },
    }
)
"""Each old module path and the modules its names now live in, searched in order."""


class _MovedModule(types.ModuleType):
    """An old module path: its names are looked up in the new modules on first use."""

    def __init__(self, name: str, homes: Sequence[str]) -> None:
        super().__init__(name, f"Deprecated: moved to {', '.join(homes)}.")
        self.__homes = tuple(homes)

    def __getattr__(self, name: str) -> object:
        for home in self.__homes:
            module = importlib.import_module(home)
            if hasattr(module, name):
                return getattr(module, name)
        raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")

    def __dir__(self) -> list[str]:
        names: set[str] = set()
        for home in self.__homes:
            names.update(dir(importlib.import_module(home)))
        return sorted(names)

    @property
    def __all__(self) -> list[str]:
        names: list[str] = []
        for home in self.__homes:
            names.extend(getattr(importlib.import_module(home), "__all__", ()))
        return list(dict.fromkeys(names))


class _Finder:
    """Finds the old module paths (and only those) and makes them :class:`_MovedModule`.

    A meta path finder and its modules' loader. The import system asks only for these methods, so
    the class does not derive from ``importlib.abc``'s (importing that module costs more than the
    rest of ``import medins_rules``).
    """

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        is_package = any(other.startswith(fullname + ".") for other in MOVED)
        # The stubs ask for an importlib.abc.Loader; the import system asks only for the methods.
        return importlib.machinery.ModuleSpec(fullname, self, is_package=is_package)  # type: ignore[arg-type]

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        homes = MOVED[spec.name]
        warnings.warn(
            f"{spec.name} is deprecated: import from medins_rules (the public API) or from "
            f"{', '.join(homes)}",
            DeprecationWarning,
            stacklevel=2,
        )
        module = _MovedModule(spec.name, homes)
        if spec.submodule_search_locations is not None:
            module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: the names are looked up in the new modules."""


def install() -> None:
    """Put the finder on ``sys.meta_path`` (once); the package does this when imported."""
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.append(_Finder())
