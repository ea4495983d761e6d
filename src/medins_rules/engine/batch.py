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

A model validator's refusal names its field too (the message starts with it), and a record the rule
itself refuses (a date before the parameters, a day a strict calendar does not know) is reported with
the error's kind:

>>> bad = {"payment_date": "2026-03-10", "treatment": "hospitalisation",
...        "filing_date": "2026-03-09", "evaluation_date": "2026-03-10"}
>>> early = {"payment_date": "2001-06-01", "treatment": "hospitalisation",
...          "evaluation_date": "2001-06-01"}
>>> for r in evaluate_many("deadlines.reimbursement_filing", [bad, early]):
...     e = r.errors[0]
...     print(e.index, e.field or "(record)", e.kind)
0 filing_date value_error
1 (record) ParameterNotInForceError
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ValidationError

from medins_rules.core.errors import MedinsRulesError
from medins_rules.core.model import Decision, RuleSpec
from medins_rules.engine.catalogue import get_rule

__all__ = ["BatchResult", "OnError", "RecordError", "evaluate_many"]

OnError = Literal["report", "skip", "raise"]
"""What :func:`evaluate_many` does with a bad record: yield a result naming its problems (the
default), leave it out, or raise its error (with a note naming the record)."""

Record = BaseModel | Mapping[str, Any] | str | bytes | bytearray


class RecordError(NamedTuple):
    """One problem of one record.

    ``field`` is the dotted path of the field in the record (``"payments.0.amount"``), or ``""``
    when the problem is the record as a whole (not a mapping, not JSON, or refused by the rule);
    ``kind`` is pydantic's error type, or the name of the error the rule raised.
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


_LEADING_FIELD = re.compile(r"^(?:Value error, )?([A-Za-z_][\w.]*): (.*)$", re.DOTALL)


def _validation_errors(index: int, exc: ValidationError) -> tuple[RecordError, ...]:
    out: list[RecordError] = []
    for error in exc.errors(include_url=False, include_context=False, include_input=False):
        field = ".".join(str(part) for part in error["loc"])
        problem = error["msg"]
        if error["type"] == "value_error":  # the project's validators start with the field name
            match = _LEADING_FIELD.match(problem)
            if match:
                named, problem = match.groups()
                if field.rsplit(".", 1)[-1] != named:
                    field = f"{field}.{named}" if field else named
            else:
                problem = problem.removeprefix("Value error, ")
        out.append(RecordError(index, field, problem, error["type"]))
    return tuple(out)


def evaluate_many(
    rule: str | RuleSpec,
    records: Iterable[Record],
    *,
    on_error: OnError = "report",
    **rule_kwargs: Any,
) -> Iterator[BatchResult]:
    """Evaluate ``rule`` on each record, lazily; yield a :class:`BatchResult` per record, in order.

    ``rule`` is a rule's name in the catalogue (or its :class:`~medins_rules.core.model.RuleSpec`);
    ``rule_kwargs`` go to the rule on every record (``parameters=``, ``calendar=``, ``options=``).
    A record that is already the rule's input model is used as it is; another model is validated from
    its fields; a mapping is validated; ``str``/``bytes`` are validated as JSON. See :data:`OnError`.
    """
    spec = rule if isinstance(rule, RuleSpec) else get_rule(rule)
    if on_error not in ("report", "skip", "raise"):
        raise ValueError(f"on_error: expected 'report', 'skip' or 'raise'; got {on_error!r}")
    return _evaluate(spec, records, on_error, rule_kwargs)


def _evaluate(
    spec: RuleSpec, records: Iterable[Record], on_error: OnError, rule_kwargs: dict[str, Any]
) -> Iterator[BatchResult]:
    model = spec.input_model
    function = spec.function
    validate_python = model.__pydantic_validator__.validate_python
    validate_json = model.__pydantic_validator__.validate_json
    for index, record in enumerate(records):
        try:
            if type(record) is model:
                case: Any = record
            elif isinstance(record, str | bytes | bytearray):
                case = validate_json(record)
            elif isinstance(record, BaseModel):
                case = record if isinstance(record, model) else validate_python(record.model_dump())
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
            if on_error == "raise":
                exc.add_note(f"record {index}")
                raise
            if on_error == "report":
                error = RecordError(index, "", str(exc), type(exc).__name__)
                yield BatchResult(index, None, (error,))
            continue
        yield BatchResult(index, decision)
