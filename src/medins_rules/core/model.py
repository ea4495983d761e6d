"""The decision model every rule returns, and the small shared types.

A rule returns a :class:`Decision`: a machine-readable ``outcome`` (one member of the rule's outcome
enum), at least one :class:`Reason` (a stable dotted code, an English and a Chinese message, the
citations that ground it and the facts that drove it), the evaluation date, the jurisdiction, and
the parameter versions used. Rule-specific fields (the last day to file, the refundable amount...)
live in subclasses. Decisions are frozen, hashable and round-trip through JSON exactly.

>>> import datetime as dt
>>> from enum import StrEnum
>>> from medins_rules.core.legal import Instrument, cite
>>> class Colour(StrEnum):
...     GREEN = "green"
>>> made = ReasonTemplate(
...     "example.made_on",
...     "Made on {day}.",
...     "于{day}作出。",
...     (cite(Instrument.CIVIL_CODE, 200),),
... )
>>> d = Decision[Colour](
...     rule="example",
...     outcome=Colour.GREEN,
...     reasons=(made(day=dt.date(2026, 1, 5)),),
...     evaluation_date=dt.date(2026, 1, 5),
...     jurisdiction=Jurisdiction.GUANGZHOU,
... )
>>> d.reasons[0].message_en, d.reasons[0].facts
('Made on 2026-01-05.', {'day': '2026-01-05'})
>>> Decision[Colour].model_validate_json(d.model_dump_json()) == d
True
>>> hash(d) == hash(Decision[Colour].model_validate_json(d.model_dump_json()))
True
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum, StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Generic, TypeVar, cast

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from medins_rules.core.errors import UnknownJurisdictionError
from medins_rules.core.inputs import PLAIN_DECIMAL, parse_day, parse_money
from medins_rules.core.labels import enum_label, enum_labels
from medins_rules.core.legal import Citation
from medins_rules.core.readonly import ReadOnlyDict

__all__ = [
    "FROZEN",
    "Day",
    "Decision",
    "FactValue",
    "Facts",
    "Jurisdiction",
    "ParameterUse",
    "ReadOnlyDict",
    "Reason",
    "ReasonTemplate",
    "RuleSpec",
    "Yuan",
    "build",
    "jurisdiction_chain",
    "parse_jurisdiction",
]


FROZEN: ConfigDict = cast(ConfigDict, MappingProxyType(ConfigDict(frozen=True, extra="forbid")))
"""The configuration of every input, option and decision model: immutable, no unknown fields.

Read-only itself: a model module imported later (the package imports rule modules on first use)
builds its models from it, so a change to it would reach them."""


class Jurisdiction(StrEnum):
    """Where a rule applies, by administrative division code (national level: ``CN``).

    Parameters are layered: a city's value overrides its province's, which overrides the national
    default.
    """

    NATIONAL = "CN"
    GUANGDONG = "440000"
    GUANGZHOU = "440100"


JURISDICTION_ZH = enum_labels(
    Jurisdiction,
    {
        Jurisdiction.NATIONAL: "全国",
        Jurisdiction.GUANGDONG: "广东省",
        Jurisdiction.GUANGZHOU: "广州市",
    },
)

_PARENT: Mapping[Jurisdiction, Jurisdiction | None] = MappingProxyType(
    {
        Jurisdiction.NATIONAL: None,
        Jurisdiction.GUANGDONG: Jurisdiction.NATIONAL,
        Jurisdiction.GUANGZHOU: Jurisdiction.GUANGDONG,
    }
)


def parse_jurisdiction(value: object) -> Jurisdiction:
    """Return the :class:`Jurisdiction` for a code, or raise :class:`UnknownJurisdictionError`.

    >>> parse_jurisdiction("440100")
    <Jurisdiction.GUANGZHOU: '440100'>
    >>> parse_jurisdiction("440300")
    Traceback (most recent call last):
    ...
    medins_rules.core.errors.UnknownJurisdictionError: jurisdiction: expected one of CN, 440000, 440100; got '440300' (the package encodes the national level, Guangdong and Guangzhou only)
    """
    if isinstance(value, Jurisdiction):
        return value
    try:
        return Jurisdiction(str(value))
    except ValueError:
        raise UnknownJurisdictionError(value, tuple(j.value for j in Jurisdiction)) from None


def jurisdiction_chain(jurisdiction: Jurisdiction) -> tuple[Jurisdiction, ...]:
    """The jurisdiction and its parents, most specific first.

    >>> [j.name for j in jurisdiction_chain(Jurisdiction.GUANGZHOU)]
    ['GUANGZHOU', 'GUANGDONG', 'NATIONAL']
    """
    chain: list[Jurisdiction] = []
    current: Jurisdiction | None = jurisdiction
    while current is not None:
        chain.append(current)
        current = _PARENT[current]
    return tuple(chain)


Yuan = Annotated[
    Decimal,
    BeforeValidator(parse_money),
    Field(decimal_places=2, allow_inf_nan=False, description="An amount in yuan, exact to the fen"),
    WithJsonSchema(
        {
            "anyOf": [{"type": "number"}, {"type": "string", "pattern": PLAIN_DECIMAL}],
            "description": "An amount in yuan, exact to the fen",
        },
        mode="validation",
    ),
]
"""Money: a finite ``Decimal`` in yuan with at most two decimal places (never a float).

A number, a ``Decimal`` or a text in one plain syntax: an optional minus, ASCII digits and optionally
a decimal point with more digits (``380``, ``380.50``). Underscores (``380_00``), exponents
(``1e3``), spaces and digits of other scripts (full-width ``３８０``, Arabic-Indic ``٣٨٠``), all
of which Python's ``Decimal`` reads, are refused (:func:`medins_rules.core.inputs.parse_money`).
"""


Day = Annotated[dt.date, BeforeValidator(parse_day)]
"""A day in an input model: a ``datetime.date`` or its ISO text ``YYYY-MM-DD``, nothing else.

Refused, each with its own message (:func:`medins_rules.core.inputs.parse_day`):

* a number, or a number in a text (pydantic would read ``1741564800`` or ``"1741564800"`` as a Unix
  timestamp, 10 March 2025): a number where a day is expected is a mistake in the data, not a day;
* a ``datetime`` (time zone or not, midnight or not) and a text with a time or a time zone
  (``2025-08-15T00:00:00+09:00``): the moment 00:00 at UTC+9 is 14 August in Beijing, so reading
  it as 15 August (as pydantic does) would be wrong, and converting it would guess at what the
  caller meant. A day is a day: the caller gives the day in China Standard Time (the choice is
  documented on ``docs/interpretive-choices.md``, "Days are days, not moments");
* any other text (``10/03/2025``, ``2025-W11-1``, a week or ordinal date, full-width digits).
"""

FactValue = bool | int | str | None
"""A fact's value: dates are ISO strings, money a decimal string, enums their value."""


class Facts(ReadOnlyDict[str, FactValue]):
    """A reason's facts: a ``dict`` that refuses changes.

    Decisions are frozen and a decision may be handed to many callers, so the facts inside must not
    change either (see :class:`ReadOnlyDict`).

    >>> facts = Facts({"payment_date": "2025-03-10"})
    >>> facts == {"payment_date": "2025-03-10"}, hash(facts) == hash(Facts(facts))
    (True, True)
    >>> facts["payment_date"] = "2025-03-11"
    Traceback (most recent call last):
    ...
    TypeError: a reason's facts are read-only; copy them with dict(facts) to change them
    """

    __slots__ = ()
    refusal = "a reason's facts are read-only; copy them with dict(facts) to change them"


_CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
ReasonCode = Annotated[str, Field(pattern=_CODE.pattern, description="A stable dotted code")]


class Reason(BaseModel):
    """Why a decision came out as it did: code, messages, citations and the facts behind it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: ReasonCode
    message_en: str = Field(min_length=1)
    message_zh: str = Field(min_length=1)
    citations: tuple[Citation, ...] = Field(min_length=1)
    facts: Annotated[dict[str, FactValue], AfterValidator(Facts)] = Field(default_factory=Facts)
    """Read-only (:class:`Facts`): a decision may be shared."""

    def __hash__(self) -> int:
        return hash((self.code, self.message_en, self.message_zh, self.citations, self.facts))

    def message(self, lang: str = "en") -> str:
        """The message in ``"en"`` or ``"zh"``."""
        return self.message_zh if lang == "zh" else self.message_en


_set = object.__setattr__
M = TypeVar("M", bound=BaseModel)


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


new_reason = fast_constructor(Reason)
"""Build a :class:`Reason` from its complete field values (a reason is built per decision)."""


class ParameterUse(BaseModel):
    """One parameter version a decision relied on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    jurisdiction: Jurisdiction
    value: str
    unit: str
    effective_from: dt.date
    effective_to: dt.date | None = None


OutcomeT = TypeVar("OutcomeT", bound=StrEnum)


class Decision(BaseModel, Generic[OutcomeT]):
    """A rule's answer: outcome, reasons (never empty), date, jurisdiction, parameters used."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    outcome: OutcomeT
    reasons: tuple[Reason, ...] = Field(min_length=1)
    evaluation_date: dt.date
    jurisdiction: Jurisdiction
    parameters: tuple[ParameterUse, ...] = ()
    provisional: bool = Field(
        default=False,
        description=(
            "True when a date relied on a day a provisional calendar guessed (an explicit opt-in; "
            "never by default)"
        ),
    )
    unpublished_years: tuple[int, ...] = Field(
        default=(),
        description=(
            "Years whose State Council holiday arrangement the decision needed but which is not "
            "published: their days were read from the national holiday regulations, and what the "
            "decision states holds under every arrangement those allow. Re-evaluate when the "
            "notice is out."
        ),
    )
    possible_outcomes: tuple[OutcomeT, ...] = Field(
        default=(),
        description=(
            "When the outcome is 'undetermined': the outcomes still possible, one of which the "
            "missing fact or notice will settle. Empty otherwise."
        ),
    )
    missing_facts: tuple[str, ...] = Field(
        default=(),
        description=(
            "When the outcome is 'undetermined' for want of facts: the input fields (dotted paths) "
            "whose values would settle it. Empty otherwise."
        ),
    )

    @property
    def reason_codes(self) -> tuple[str, ...]:
        """The reason codes, in order."""
        return tuple(r.code for r in self.reasons)

    def explain(self, lang: str = "en") -> str:
        """A readable summary: outcome, then each reason with its citations, in ``"en"`` or
        ``"zh"`` (the outcome by its Chinese label, :mod:`medins_rules.core.labels`)."""
        colon = "：" if lang == "zh" else ": "
        lines = [f"{self.rule}{colon}{enum_label(self.outcome, lang)}"]
        for reason in self.reasons:
            lines.append(f"- [{reason.code}] {reason.message(lang)}")
            for citation in reason.citations:
                lines.append(f"    {citation.label_zh if lang == 'zh' else citation.label}")
        return "\n".join(lines)


def build(cls: type[M], **values: Any) -> M:
    """A decision (or any frozen model) from values a rule has computed, without validating them
    again: the fields not given take their defaults, as the validating constructor gives them.

    Every rule builds its decision with it: the rule's values are valid by construction (its input
    was validated, its dates come from the period functions), and the property tests check that every
    decision survives a JSON round trip through full validation.
    """
    build_all, defaults, names = _builders(cls)
    unknown = values.keys() - names
    if unknown:
        raise TypeError(f"{cls.__name__}: no field {sorted(unknown)[0]!r}")
    full: dict[str, Any] = {}
    for name in names:
        if name in values:
            full[name] = values[name]
        elif name in defaults:
            full[name] = defaults[name]
        else:
            raise TypeError(f"{cls.__name__}: the field {name!r} is required")
    instance: M = build_all(full)
    object.__setattr__(instance, "__pydantic_fields_set__", set(values))
    return instance


@functools.cache
def _builders(
    cls: type[M],
) -> tuple[Callable[[dict[str, Any]], M], Mapping[str, Any], Mapping[str, None]]:
    """The model's constructor, its fields' defaults and its field names (in order, as the keys of
    a read-only mapping: a set for ``build``'s check, an order for its loop)."""
    defaults = {
        name: field.get_default(call_default_factory=True)
        for name, field in cls.model_fields.items()
        if not field.is_required()
    }
    names = MappingProxyType(dict.fromkeys(cls.model_fields))
    return fast_constructor(cls), MappingProxyType(defaults), names


def render_fact(value: object) -> FactValue:
    """Render a fact value into its JSON-stable form: dates as ISO text, money as decimal text,
    enums as their value, collections as comma-separated text.

    >>> render_fact(dt.date(2025, 3, 10)), render_fact(Decimal("12.50")), render_fact(Jurisdiction.GUANGZHOU)
    ('2025-03-10', '12.50', '440100')
    """
    renderer = _RENDERERS.get(type(value))  # the common exact types first: one look-up
    if renderer is not None:
        return renderer(value)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool | int | str):  # a subclass
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list | frozenset | set):
        return ", ".join(str(render_fact(v)) for v in value)
    return str(value)


def _same(value: Any) -> FactValue:
    return value  # type: ignore[no-any-return]


_RENDERERS: Mapping[type, Callable[[Any], FactValue]] = MappingProxyType(
    {
        type(None): _same,
        bool: _same,
        int: _same,
        str: _same,
        dt.date: dt.date.isoformat,
        Decimal: str,
    }
)


@dataclass(frozen=True, slots=True)
class ReasonTemplate:
    """A reason code with its bilingual message templates and citations.

    Calling the template with the facts formats both messages with them and returns the
    :class:`Reason`. Placeholders in the two messages must be the same set (checked here), so no
    language lacks a fact the other shows (a fact given in two languages is named ``x_en`` in the
    English message and ``x_zh`` in the Chinese one).
    """

    code: str
    en: str
    zh: str
    citations: tuple[Citation, ...]
    placeholders: tuple[str, ...] = field(init=False, compare=False)
    """The fact names the messages show (in either language), worked out once, in the order they
    first appear (the English message, then the Chinese one): a reason's facts are in this order
    wherever it is built, so its JSON is the same bytes in every process."""

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(f"reason code {self.code!r} is not a dotted lower-case code")
        if not self.citations:
            raise ValueError(f"reason {self.code}: at least one citation is required")
        if _facts_shown(self.en) != _facts_shown(self.zh):
            raise ValueError(f"reason {self.code}: English and Chinese placeholders differ")
        names = [*_ordered_placeholders(self.en), *_ordered_placeholders(self.zh)]
        object.__setattr__(self, "placeholders", tuple(dict.fromkeys(names)))

    def __call__(self, **facts: object) -> Reason:
        rendered = Facts({name: render_fact(value) for name, value in facts.items()})
        return new_reason(
            {
                "code": self.code,
                "message_en": self.en.format_map(rendered),
                "message_zh": self.zh.format_map(rendered),
                "citations": self.citations,
                "facts": rendered,
            }
        )


def _facts_shown(template: str) -> frozenset[str]:
    """Placeholders with a language suffix (``_en`` / ``_zh``) folded: ``x_en`` and ``x_zh`` are ``x``."""
    return frozenset(
        name.removesuffix("_en").removesuffix("_zh") for name in _placeholders(template)
    )


def _placeholders(template: str) -> frozenset[str]:
    return frozenset(_ordered_placeholders(template))


def _ordered_placeholders(template: str) -> list[str]:
    return [field for _, field, _, _ in string.Formatter().parse(template) if field is not None]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """How a rule presents itself to the catalogue, the CLI and the batch API.

    ``function`` takes the validated input model (keyword options keep their defaults) and returns
    the decision.
    """

    name: str
    function: Callable[..., Decision[Any]]
    input_model: type[BaseModel]
    decision_model: type[Decision[Any]]
    outcomes: type[StrEnum]
    summary_en: str
    summary_zh: str
    reasons: tuple[ReasonTemplate, ...]
