"""Pinned fields: the keyword arguments every model strategy takes, one per field of its model.

A pin is a value (``treatment="hospitalisation"``) or a strategy (``payment_date=st.dates(...)``).
A name that is no field of the model is refused at once with a :class:`TypeError` naming it; a value
the field cannot hold is refused at once with :class:`hypothesis.errors.InvalidArgument` (a
``TypeError`` too). Pinned values are read as the model reads its input (``"2026-03-10"`` is a date,
``"hospitalisation"`` a treatment), so a strategy compares and counts with them as with drawn ones.

Each strategy draws the other fields to fit the pinned ones. Where pinned **values** leave no valid
case (a payment after the evaluation date), drawing raises ``InvalidArgument`` with the model's own
message; where a pinned **strategy** drew a value that fits no valid case with the others, that draw
is rejected (as :func:`hypothesis.assume` would), and hypothesis reports a pin that never fits.

>>> from medins_rules.processes.reimbursement import ReimbursementFilingCase
>>> Pins("cases", ReimbursementFilingCase, {"treatment": "hospitalisation"}).values
{'treatment': <TreatmentKind.HOSPITALISATION: 'hospitalisation'>}
>>> Pins("cases", ReimbursementFilingCase, {"payment_day": "2026-03-10"})
Traceback (most recent call last):
...
TypeError: cases() got an unexpected keyword argument 'payment_day': ReimbursementFilingCase has no field 'payment_day' (did you mean 'payment_date'?); its fields are payment_date, treatment, offsite_filing, filing_date, evaluation_date, jurisdiction
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Generic, TypeAlias, TypeVar, cast

from hypothesis import reject
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from pydantic import BaseModel, TypeAdapter, ValidationError

from medins_rules.core.model import Jurisdiction
from medins_rules.core.parameters import parameters_for

__all__ = ["Pin", "Pins", "between", "field", "jurisdictions_with"]

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

Pin: TypeAlias = T | st.SearchStrategy[T]
"""A pinned field: its value, or a strategy drawing its values."""


@functools.cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """Reads a value as the model's field ``name`` reads its input (its own validators apart)."""
    info = model.model_fields[name]
    if info.metadata:
        return TypeAdapter(Annotated[(info.annotation, *info.metadata)])  # type: ignore[arg-type]
    return TypeAdapter(cast(Any, info.annotation))


def _messages(error: ValidationError) -> str:
    """The error's messages, without pydantic's ``Value error,`` prefix."""
    return "; ".join(e["msg"].removeprefix("Value error, ") for e in error.errors())


class Pins(Generic[M]):
    """The fields pinned for one call of the strategy ``strategy`` drawing ``model``.

    ``values`` holds the pinned values (read as the model reads them), ``strategies`` the pinned
    strategies (drawn with :meth:`resolve`).
    """

    def __init__(self, strategy: str, model: type[M], fields: Mapping[str, object]) -> None:
        self.strategy = strategy
        self.model = model
        names = tuple(model.model_fields)
        for name in fields:
            if name not in model.model_fields:
                close = difflib.get_close_matches(name, names, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise TypeError(
                    f"{strategy}() got an unexpected keyword argument {name!r}: "
                    f"{model.__name__} has no field {name!r}{hint}; its fields are "
                    f"{', '.join(names)}"
                )
        self.values: dict[str, Any] = {}
        self.strategies: dict[str, st.SearchStrategy[Any]] = {}
        for name, value in fields.items():
            if isinstance(value, st.SearchStrategy):
                self.strategies[name] = value
            else:
                self.values[name] = self._read(name, value, "")

    def _read(self, name: str, value: object, drawn: str) -> Any:
        try:
            return _adapter(self.model, name).validate_python(value)
        except ValidationError as error:
            raise InvalidArgument(
                f"{self.strategy}({name}={value!r}): {drawn}not a valid {name} of "
                f"{self.model.__name__}: {_messages(error)}"
            ) from None

    def __contains__(self, name: str) -> bool:
        return name in self.values or name in self.strategies

    def resolve(self, draw: st.DrawFn) -> dict[str, Any]:
        """The pinned fields with a value each: the pinned values and a draw of each strategy."""
        known = dict(self.values)
        for name, strategy in self.strategies.items():
            known[name] = self._read(name, draw(strategy), "the pinned strategy drew ")
        return known

    def describe(self) -> str:
        """The pins as they were given, as keyword arguments."""
        shown = [f"{n}={v!r}" for n, v in self.values.items()]
        shown += [f"{n}={s!r}" for n, s in self.strategies.items()]
        return ", ".join(shown)

    def __repr__(self) -> str:
        return f"Pins({self.describe()})"

    def build(self, fields: Mapping[str, Any]) -> M:
        """The model of ``fields``; when it refuses them, the pins are what no case can meet."""
        try:
            return self.model.model_validate(dict(fields))
        except ValidationError as error:
            if not self.values and not self.strategies:
                raise  # nothing pinned: a drawn case must always be valid
            if self.strategies:
                reject()  # this draw of a pinned strategy fits no case; others may
            raise InvalidArgument(
                f"{self.strategy}({self.describe()}): no valid {self.model.__name__} has these "
                f"pinned fields: {_messages(error)}"
            ) from None


def field(
    draw: st.DrawFn, known: Mapping[str, Any], name: str, make: Callable[[], st.SearchStrategy[T]]
) -> T:
    """The pinned value of ``name``, or a draw of the strategy ``make()`` returns."""
    if name in known:
        return cast(T, known[name])
    return draw(make())


def between(first: dt.date, last: dt.date) -> st.SearchStrategy[dt.date]:
    """Days from ``first`` to ``last``; just ``first`` when ``last`` is not after it."""
    return st.dates(first, last) if first < last else st.just(first)


@functools.cache
def jurisdictions_with(parameter: str, on: dt.date) -> tuple[Jurisdiction, ...]:
    """The jurisdictions whose parameters in force on ``on`` hold ``parameter`` (those a rule reading
    it is encoded for)."""
    return tuple(j for j in Jurisdiction if parameter in parameters_for(j, on=on).versions)
