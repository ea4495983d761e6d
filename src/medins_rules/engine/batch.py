"""Many records through one rule: lazily, in constant memory, and never stopping at a bad record.

:func:`evaluate_many` takes any iterable of records (validated models, mappings, or JSON documents as
``str``/``bytes``), validates each with the rule's input model and yields one :class:`BatchResult`
per record, in order: the decision, or the record's problems, each naming the record's position, the
field path and what is wrong. It is a generator: nothing is read ahead and nothing is kept, so ten
million records take the memory of one, and the cost per record does not grow with their number.

>>> results = evaluate_many("deadlines.service_settlement", [
...     {"application_date": "2026-02-13", "channel": "service_point", "evaluation_date": "2026-02-13"},
...     {"application_date": "2026-02-13", "channel": "by_post", "evaluation_date": "2026-02-13"},
...     '{"application_date": "2026-09-30", "channel": "county_centre", "evaluation_date": "2026-09-30"}',
... ])
>>> for r in results:
...     print(r.index, r.decision.outcome.value if r.ok else r.errors[0])
0 settled_by_date
1 record 1: channel: Input should be 'county_centre' or 'service_point'
2 settled_on_the_spot

A cross-field refusal is located at its field (pydantic's ``loc``), and a record the rule itself
refuses (a year the calendar does not cover, a date before the parameters) is reported with the
error's kind and the field the error names:

>>> bad = {"payment_date": "2026-03-10", "treatment": "hospitalisation",
...        "filing_date": "2026-03-09", "evaluation_date": "2026-03-10"}
>>> early = {"payment_date": "2001-06-01", "treatment": "hospitalisation",
...          "evaluation_date": "2001-06-01"}
>>> for r in evaluate_many("deadlines.reimbursement_filing", [bad, early]):
...     e = r.errors[0]
...     print(e.index, e.field or "(record)", e.kind)
0 filing_date value_error
1 payment_date ParameterNotInForceError

A key given twice in a JSON record is refused (naming the key), and so is a record larger than
``max_record_bytes`` (1 MiB unless set), before it is parsed:

>>> twice = '{"application_date": "2026-02-13", "application_date": "2026-02-14"}'
>>> for r in evaluate_many("deadlines.service_settlement", [twice, "[" * 100], max_record_bytes=99):
...     print(r.errors[0])
record 0: application_date: given twice in the same object; give each key once
record 1: the record is larger than the limit of 99 bytes on one record (got 100 bytes or more); set max_record_bytes (--max-record-bytes) for larger records

A record that makes the rule fail in a way it should not (a defect of the package, not of the
record) does not stop the batch either: it is reported as that record's problem, with the kind of
the exception, and the records after it are evaluated.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ValidationError

from medins_rules.core.errors import MedinsRulesError
from medins_rules.core.inputs import (
    DEFAULT_MAX_RECORD_BYTES,
    check_max_record_bytes,
    check_record_size,
    ensure_valid,
    field_values,
    refuse_duplicate_keys,
    split_leading_field,
)
from medins_rules.core.model import Decision, RuleSpec
from medins_rules.engine.catalogue import get_rule

__all__ = ["BatchResult", "OnError", "RecordError", "evaluate_many"]

OnError = Literal["report", "skip", "raise"]
"""What :func:`evaluate_many` does with a bad record: yield a result naming its problems (the
default), leave it out, or raise its error (with a note naming the record). A record on which the
rule fails unexpectedly (a defect of the package) is treated the same way."""

Record = BaseModel | Mapping[str, Any] | str | bytes | bytearray


class RecordError(NamedTuple):
    """One problem of one record.

    ``field`` is the dotted path of the field in the record (``"payments.0.amount"``): pydantic's
    ``loc`` of the error, or the field a refusal of the rule names (``payment_date`` for a year the
    calendar does not cover); ``""`` when the problem is the record as a whole (not a mapping, not
    JSON, too large). ``problem`` says what is wrong (without the field's name, which ``field``
    gives). ``kind`` is pydantic's error type (``value_error``, ``date_parsing``,
    ``duplicate_key``...), the name of the package's error (a
    :class:`~medins_rules.core.errors.MedinsRulesError`), or, for a defect of the package on this
    record, the name of the unexpected exception (``OverflowError``...), whose ``problem`` then says
    it is an internal error.
    """

    index: int  # type: ignore[assignment]  # a field, where a tuple has a method of that name
    field: str
    problem: str
    kind: str

    def __str__(self) -> str:
        return f"record {self.index}: {self.field + ': ' if self.field else ''}{self.problem}"


class BatchResult(NamedTuple):
    """The result for the record at ``index``: its decision, or (``decision`` is ``None``) its
    problems, at least one. A named tuple: cheap to make, immutable."""

    index: int  # type: ignore[assignment]  # a field, where a tuple has a method of that name
    decision: Decision[Any] | None
    errors: tuple[RecordError, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the record was decided."""
        return self.decision is not None


_NAMED_IN_MESSAGE = frozenset({"value_error", "duplicate_key"})


def _located(loc: tuple[int | str, ...], message: str) -> tuple[tuple[int | str, ...], str]:
    """The path of an error and its message without the field name it starts with.

    The package's refusals start with the field's name (``"filing_date: ..."``). A field validator's
    error is raised at that field (``loc`` ends with it); a model validator's at the model (``loc``
    empty, or the path of a nested model), where the name completes the path.
    """
    named, rest = split_leading_field(message)
    if named is None:
        return loc, message
    if not loc or loc[-1] != named:
        loc = (*loc, named)
    return loc, rest


def _validation_errors(index: int, exc: ValidationError) -> tuple[RecordError, ...]:
    out: list[RecordError] = []
    for error in exc.errors(include_url=False, include_context=False, include_input=False):
        loc, problem = tuple(error["loc"]), error["msg"]
        if error["type"] in _NAMED_IN_MESSAGE:
            loc, problem = _located(loc, problem.removeprefix("Value error, "))
        field = ".".join(str(part) for part in loc)
        out.append(RecordError(index, field, problem, error["type"]))
    return tuple(out)


def _refusal(index: int, exc: MedinsRulesError) -> RecordError:
    """A refusal of the rule: the field it names (``exc.field`` or its message's first word)."""
    named, problem = split_leading_field(str(exc))
    field = getattr(exc, "field", None) or named or ""
    if named is None or named != field:
        problem = str(exc)
    return RecordError(index, field, problem, type(exc).__name__)


def _defect(index: int, exc: Exception) -> RecordError:
    """An exception no rule should raise: reported as this record's problem, kind its class."""
    detail = str(exc) or type(exc).__name__
    return RecordError(
        index,
        "",
        f"internal error ({type(exc).__name__}: {detail}); the record could not be evaluated, "
        "which is a defect of the package: please report it",
        type(exc).__name__,
    )


def evaluate_many(
    rule: str | RuleSpec,
    records: Iterable[Record],
    *,
    on_error: OnError = "report",
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    **rule_kwargs: Any,
) -> Iterator[BatchResult]:
    """Evaluate ``rule`` on each record, lazily; yield a :class:`BatchResult` per record, in order.

    ``rule`` is a rule's name in the catalogue (or its :class:`~medins_rules.core.model.RuleSpec`);
    ``rule_kwargs`` go to the rule on every record (``parameters=``, ``calendar=``, ``options=``).
    A record that is already the rule's input model is used as it is when it went through
    validation (an :class:`~medins_rules.core.inputs.InputModel` marks such instances), and is
    validated again from its fields otherwise (``model_copy(update=...)``, ``model_construct()``,
    and every instance of an input model that does not derive from ``InputModel``); another model
    is validated from its fields; a mapping is validated; ``str``/``bytes`` are validated as JSON (a key given
    twice is refused) after their size is checked against ``max_record_bytes``. See
    :data:`OnError`. The batch never stops at a record: whatever goes wrong with one (a defect of
    the package included) is that record's result.
    """
    spec = rule if isinstance(rule, RuleSpec) else get_rule(rule)
    if on_error not in ("report", "skip", "raise"):
        raise ValueError(f"on_error: expected 'report', 'skip' or 'raise'; got {on_error!r}")
    limit = check_max_record_bytes(max_record_bytes)
    _check_keywords(spec, rule_kwargs)
    return _evaluate(spec, records, on_error, limit, rule_kwargs)


def _check_keywords(spec: RuleSpec, rule_kwargs: dict[str, Any]) -> None:
    """Refuse keyword arguments the rule does not take at once (not as every record's error)."""
    try:
        signature = inspect.signature(spec.function)
    except (TypeError, ValueError):  # pragma: no cover - every rule is a plain function
        return
    try:
        signature.bind(None, **rule_kwargs)
    except TypeError as exc:
        raise TypeError(f"{spec.name}: {exc}") from None


def _evaluate(
    spec: RuleSpec,
    records: Iterable[Record],
    on_error: OnError,
    limit: int,
    rule_kwargs: dict[str, Any],
) -> Iterator[BatchResult]:
    model = spec.input_model
    title = model.__name__
    function = spec.function
    validate_python = model.__pydantic_validator__.validate_python
    validate_json = model.__pydantic_validator__.validate_json
    for index, record in enumerate(records):
        error: RecordError | None = None
        try:
            if type(record) is model:
                case: Any = ensure_valid(record)
            elif isinstance(record, str | bytes | bytearray):
                check_record_size(record, limit)
                refuse_duplicate_keys(title, record)
                case = validate_json(record)
            elif isinstance(record, BaseModel):
                case = (
                    ensure_valid(record)
                    if isinstance(record, model)
                    else validate_python(field_values(record))
                )
            else:
                case = validate_python(record)
            decision = function(case, **rule_kwargs)
        except ValidationError as exc:
            if on_error == "raise":
                exc.add_note(f"record {index}")
                raise
            if on_error == "report":
                yield BatchResult(index, None, _validation_errors(index, exc))
            continue
        except MedinsRulesError as exc:
            error = _refusal(index, exc)
            if on_error == "raise":
                exc.add_note(f"record {index}")
                raise
        except (
            Exception
        ) as exc:  # a defect of the package: this record's result, not the batch's end
            error = _defect(index, exc)
            if on_error == "raise":
                exc.add_note(f"record {index}")
                raise
        if error is not None:
            if on_error == "report":
                yield BatchResult(index, None, (error,))
            continue
        yield BatchResult(index, decision)
