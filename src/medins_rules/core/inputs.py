"""Reading input: days, money, JSON text and records, and input models that stay validated.

Everything a rule is given passes through here first, so each kind of bad input is refused in one
place, with a message that says what was expected.

**Days.** A day is a ``datetime.date`` or its text ``YYYY-MM-DD`` (four ASCII digits, two, two), and
nothing else: no number (pydantic would read ``1741564800``, or the same in a string, as a Unix
timestamp), no datetime (a ``datetime`` object or text with a time of day or a time zone: which day
``2025-08-15T00:00:00+09:00`` is depends on the zone it is read in, so the caller says which day it
means), no other calendar notation.

>>> from pydantic import BaseModel
>>> from medins_rules.core.model import Day, Yuan
>>> class Paid(BaseModel):
...     day: Day | None = None
...     amount: Yuan | None = None
>>> Paid(day="2026-03-10").day
datetime.date(2026, 3, 10)
>>> Paid(day="1741564800")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Paid
day
  Input should be a valid date, written YYYY-MM-DD; a number in a text is not read as a date [type=date_parsing, input_value='1741564800', input_type=str]
>>> Paid(day="2025-08-15T00:00:00+09:00")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Paid
day
  Input should be a valid date, written YYYY-MM-DD; a time of day or a time zone is not part of a day (which day a moment falls on depends on the zone it is read in: give the day itself) [type=date_parsing, input_value='2025-08-15T00:00:00+09:00', input_type=str]

**Money.** An amount is a number, a ``Decimal``, or a text in one plain syntax: an optional minus,
ASCII digits, and optionally a point and more digits (``380``, ``380.5``, ``-12.00``). Python's
``Decimal`` would also read ``380_00`` (as 38000), ``1e3``, `` 12`` and full-width or Arabic-Indic
digits; the package refuses them.

>>> Paid(amount="380.50").amount
Decimal('380.50')
>>> Paid(amount="380_00")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Paid
amount
  Input should be an amount written as plain decimal digits, such as 380 or 380.50 (ASCII digits 0-9, an optional minus and decimal point; no spaces, underscores, exponent or other digits) [type=decimal_parsing, input_value='380_00', input_type=str]

**JSON text.** :func:`duplicate_key` finds a key given twice in one object (JSON parsers keep the
last one silently); :func:`refuse_duplicate_keys` raises a ``ValidationError`` whose ``loc`` is the
key's path. :func:`check_record_size` refuses a record larger than a limit
(:data:`DEFAULT_MAX_RECORD_BYTES` unless the caller sets one) before anything parses it.

>>> duplicate_key('{"a": {"b": 1, "b": 2}}')
('a', 'b')
>>> duplicate_key('[{"b": 1}, {"b": 2}]') is None
True

**Input models that stay validated.** ``model_copy(update=...)`` and ``model_construct()`` make
instances that skipped validation. :class:`InputModel` (the base of input models) marks the
instances that went through validation, cheaply and without keeping any of them; :func:`ensure_valid`
returns a marked instance as it is and validates any other instance from its fields, so a rule or
an engine that calls it never decides on facts the model would refuse. A model that does not derive
from :class:`InputModel` is validated from its fields every time.

>>> from medins_rules.processes.cancellation import OnlineCancellationCase
>>> case = OnlineCancellationCase(account_registered=True, logged_in=True,
...                               identification_provided=True, evaluation_date="2026-03-02")
>>> ensure_valid(case) is case
True
>>> ensure_valid(case.model_copy(update={"account_registered": False}))
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for OnlineCancellationCase
logged_in
  Value error, logged_in: true, but account_registered is false; one cannot be logged in without a registered account [type=value_error, input_value=True, input_type=bool]
    ...

The safe way to change a fact of a case is to validate the changed fields:
``type(case).model_validate({**case.model_dump(), "logged_in": False})``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar, cast

from pydantic import BaseModel, ConfigDict, ModelWrapValidatorHandler, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from medins_rules.core.errors import RecordTooLargeError

__all__ = [
    "DEFAULT_MAX_RECORD_BYTES",
    "FieldProblem",
    "InputModel",
    "check_max_record_bytes",
    "check_record_size",
    "duplicate_key",
    "ensure_valid",
    "field_errors",
    "field_values",
    "is_validated",
    "parse_day",
    "parse_money",
    "refuse_duplicate_keys",
    "split_leading_field",
]

DEFAULT_MAX_RECORD_BYTES = 1 << 20
"""The default limit on the size of one record given as text (1 MiB of UTF-8).

The largest record a rule accepts (a refund with a thousand payments, participations and benefit
periods, or a full materials submission) is a few hundred kilobytes; a record past the limit is
refused before it is parsed, so a runaway input (a 200 MB line, ``/dev/zero``) costs neither time
nor memory. ``evaluate(..., max_record_bytes=)``, ``evaluate_many(..., max_record_bytes=)`` and
``medins-rules evaluate --max-record-bytes`` set another limit.
"""

# -- days -------------------------------------------------------------------------------------------

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_DAY_AND_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]", re.ASCII)
_NUMBER_TEXT = re.compile(r"\s*[-+]?[0-9.]+([eE][-+]?[0-9]+)?\s*", re.ASCII)
_DAY_EXPECTED = "Input should be a valid date, written YYYY-MM-DD"


def parse_day(value: object) -> object:
    """The before-validator of :data:`~medins_rules.core.model.Day`: refuse what is not a day.

    A ``date`` (not a ``datetime``) and a ``YYYY-MM-DD`` text go on to pydantic's date validation
    (which refuses 30 February); numbers, datetimes, texts of any other shape and bytes are refused
    here, each with a message that says why.
    """
    if isinstance(value, str):
        if _ISO_DAY.fullmatch(value):
            return value
        if _DAY_AND_TIME.match(value):
            reason = (
                "a time of day or a time zone is not part of a day (which day a moment falls on "
                "depends on the zone it is read in: give the day itself)"
            )
        elif _NUMBER_TEXT.fullmatch(value):
            reason = "a number in a text is not read as a date"
        else:
            reason = "four ASCII digits for the year, two for the month and two for the day"
        raise PydanticCustomError("date_parsing", f"{_DAY_EXPECTED}; {reason}")
    if isinstance(value, dt.datetime):
        raise PydanticCustomError(
            "date_type",
            f"{_DAY_EXPECTED} or a datetime.date; a datetime is not a day (which day a moment "
            "falls on depends on the zone it is read in: give the day itself)",
        )
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool | int | float | Decimal):
        raise PydanticCustomError(
            "date_type", "Input should be a date (YYYY-MM-DD); a number is not read as a date"
        )
    if isinstance(value, bytes | bytearray | memoryview):
        raise PydanticCustomError("date_type", f"{_DAY_EXPECTED} as text, not bytes")
    return value  # None, lists, mappings...: pydantic refuses them in its own words


# -- money ------------------------------------------------------------------------------------------

PLAIN_DECIMAL = r"^-?[0-9]+(\.[0-9]+)?$"
"""The one text syntax of an amount (also the pattern the JSON Schema publishes)."""
_PLAIN_DECIMAL = re.compile(PLAIN_DECIMAL, re.ASCII)


def parse_money(value: object) -> object:
    """The before-validator of :data:`~medins_rules.core.model.Yuan`: one plain decimal syntax.

    Numbers and ``Decimal`` values go on to pydantic (which refuses non-finite values and a third
    decimal place); a text must match :data:`PLAIN_DECIMAL`; a boolean is refused.
    """
    if isinstance(value, str):
        if _PLAIN_DECIMAL.match(value) and not value.endswith("\n"):
            return value
        raise PydanticCustomError(
            "decimal_parsing",
            "Input should be an amount written as plain decimal digits, such as 380 or 380.50 "
            "(ASCII digits 0-9, an optional minus and decimal point; no spaces, underscores, "
            "exponent or other digits)",
        )
    if isinstance(value, bool):
        raise PydanticCustomError("decimal_type", "Input should be an amount, not true or false")
    return value


# -- JSON text and records --------------------------------------------------------------------------


class _DuplicateKeyError(Exception):
    """A key given twice (found by the fast pass; the slow pass finds its path)."""


def _refuse_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _DuplicateKeyError
    return found


class _Pairs(list[tuple[str, Any]]):
    """An object's pairs as given, duplicates kept (for the slow pass)."""


# Numbers are kept as text: the pass looks at keys only, and a 5000-digit number must not stop it.
_FAST = json.JSONDecoder(object_pairs_hook=_refuse_repeats, parse_int=str, parse_float=str)
_SLOW = json.JSONDecoder(object_pairs_hook=_Pairs, parse_int=str, parse_float=str)


def duplicate_key(text: str | bytes | bytearray) -> tuple[str | int, ...] | None:
    """The path of the first key given twice in one object of the JSON ``text``, or ``None``.

    Text that is not JSON (or not UTF-8) gives ``None``: finding that is the validator's job.
    """
    try:
        source = text if isinstance(text, str) else bytes(text).decode("utf-8-sig")
        _FAST.decode(source)
    except _DuplicateKeyError:
        return _first_repeat(_SLOW.decode(source), ())
    except (ValueError, RecursionError):  # not JSON, or nested past the interpreter's limit
        return None
    return None


def _first_repeat(value: Any, path: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    if isinstance(value, _Pairs):
        seen: set[str] = set()
        for key, _ in value:
            if key in seen:
                return (*path, key)
            seen.add(key)
        for key, item in value:
            found = _first_repeat(item, (*path, key))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_repeat(item, (*path, index))
            if found is not None:
                return found
    return None


def refuse_duplicate_keys(title: str, text: str | bytes | bytearray) -> None:
    """Raise a ``ValidationError`` (for the model ``title``) if a key of ``text`` is given twice.

    The error's ``loc`` is the key's path and its type ``duplicate_key``.

    >>> refuse_duplicate_keys("Case", '{"payment_date": "2026-03-10", "payment_date": "2026-03-09"}')
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Case
    payment_date
      payment_date: given twice in the same object; give each key once [type=duplicate_key, input_value='payment_date', input_type=str]
    """
    path = duplicate_key(text)
    if path is None:
        return
    key = path[-1]
    raise ValidationError.from_exception_data(
        title,
        [
            InitErrorDetails(
                type=PydanticCustomError(
                    "duplicate_key",
                    "{key}: given twice in the same object; give each key once",
                    {"key": key},
                ),
                loc=path,
                input=key,
            )
        ],
    )


def check_max_record_bytes(limit: object) -> int:
    """``limit`` if it is a positive whole number of bytes, else a ``ValueError`` naming the argument."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"max_record_bytes: expected a positive number of bytes; got {limit!r}")
    return limit


def check_record_size(record: str | bytes | bytearray, limit: int) -> None:
    """Raise :class:`~medins_rules.core.errors.RecordTooLargeError` if ``record`` has more than
    ``limit`` bytes (of UTF-8, for a ``str``); a short text is not encoded to find out."""
    size = len(record)
    if isinstance(record, str) and limit < size * 4 and size <= limit:
        size = len(record.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise RecordTooLargeError(size, limit)


# -- input models that stay validated ----------------------------------------------------------------


class _ValidatedFields(set[str]):
    """The fields-set of an instance that went through validation: its type is the mark.

    ``model_copy`` copies the fields-set (then adds the updated names), so a copy carries a plain
    ``set``: the mark is not copied. Pickling keeps it (an unpickled instance is the one validated).
    """

    __slots__ = ()

    def __copy__(self) -> set[str]:
        return set(self)

    def __deepcopy__(self, memo: object) -> set[str]:
        return set(self)


_set = object.__setattr__
M = TypeVar("M", bound=BaseModel)


def is_validated(case: BaseModel) -> bool:
    """Whether ``case`` is an :class:`InputModel` instance that went through validation as it is."""
    return type(case.__pydantic_fields_set__) is _ValidatedFields


def field_values(value: Any) -> Any:
    """A model's field values as they are (not serialised), nested models as mappings: what
    validating an instance again starts from. Fields a ``model_construct()`` left out are absent."""
    if isinstance(value, BaseModel):
        fields = value.__dict__
        return {
            name: field_values(fields[name]) for name in type(value).model_fields if name in fields
        }
    if isinstance(value, tuple | list):
        return type(value)(field_values(v) for v in value)
    if isinstance(value, frozenset | set):
        return type(value)(field_values(v) for v in value)
    if isinstance(value, Mapping):
        return {k: field_values(v) for k, v in value.items()}
    return value


class InputModel(BaseModel):
    """The base of the rules' input models: frozen, no unknown fields, and validated once.

    An instance made by validation (the constructor, ``model_validate``, ``model_validate_json``) is
    marked as such; :func:`ensure_valid` returns it untouched. An instance that skipped validation
    (``model_copy(update=...)``, ``model_construct()``) is not marked: validating it (or passing it
    where a field expects this model) validates it again from its fields.
    """

    model_config = cast(ConfigDict, MappingProxyType(ConfigDict(frozen=True, extra="forbid")))

    @model_validator(mode="wrap")
    @classmethod
    def _validated_once(cls, value: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        if isinstance(value, cls) and not is_validated(value):
            value = field_values(
                value
            )  # an instance that skipped validation: start from its fields
        instance = handler(value)
        if isinstance(instance, InputModel) and not is_validated(instance):
            _set(instance, "__pydantic_fields_set__", _ValidatedFields(instance.model_fields_set))
        return instance


def ensure_valid(case: M) -> M:
    """``case`` itself if it went through validation, else ``case`` validated from its fields.

    Raises ``pydantic.ValidationError`` for facts the model refuses. Cheap for a validated
    :class:`InputModel` instance (a type check); a model that does not derive from it is validated
    every time.
    """
    if type(case.__pydantic_fields_set__) is _ValidatedFields:
        return case
    validated: M = type(case).model_validate(field_values(case))
    return validated


class FieldProblem(NamedTuple):
    """A field of an input model and what is wrong with it (for :func:`field_errors`)."""

    field: str
    message: str  # starts with the field's name, as every refusal's message does
    value: object


def field_errors(title: str, problems: Iterable[FieldProblem]) -> ValidationError:
    """A ``ValidationError`` with one error per problem, each located at its field.

    For a check in a model validator whose message is about a field that comes before another it
    needs (a status contradicted by a later date): raising this from the validator gives each
    problem the ``loc`` of its field, as a field validator would. The errors read as a field
    validator's ``ValueError`` does (type ``value_error``, ``Value error, <message>``).
    """
    return ValidationError.from_exception_data(
        title,
        [
            InitErrorDetails(
                type=PydanticCustomError(
                    "value_error", "Value error, {error}", {"error": p.message}
                ),
                loc=(p.field,),
                input=p.value,
            )
            for p in problems
        ],
    )


_LEADING_FIELD = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*): (.*)$", re.DOTALL)


def split_leading_field(message: str) -> tuple[str | None, str]:
    """The field a message starts with (the package's convention, ``"filing_date: ..."``) and the
    rest; ``(None, message)`` when it starts with none.

    >>> split_leading_field("filing_date: 2026-03-09 is before payment_date 2026-03-10")
    ('filing_date', '2026-03-09 is before payment_date 2026-03-10')
    """
    match = _LEADING_FIELD.match(message)
    if match is None:
        return None, message
    return match.group(1), match.group(2)
