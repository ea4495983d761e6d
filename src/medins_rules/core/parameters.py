"""Dated, per-jurisdiction parameters: the numbers and dates policy sets.

The values live in ``data/parameters.toml`` inside the package, are read once and validated into frozen
models. :func:`parameters_for` returns the set in force for a jurisdiction on a date, taking each
parameter from the most specific jurisdiction that has a version in force (Guangzhou over Guangdong over
the national level). Asking for a parameter no version covers raises :class:`ParameterNotInForceError`;
a date before every parameter's first version, or an unknown jurisdiction, raises at once.

>>> import datetime as dt
>>> p = parameters_for("440100", on=dt.date(2026, 3, 1))
>>> p.int_value("reimbursement.on_time_window")
6
>>> p.version("enrolment.service_point_settlement").jurisdiction
<Jurisdiction.NATIONAL: 'CN'>
>>> p.optional_date("refunds.online_service_launch") is None  # not launched / unknown
True
>>> parameters_for("440100", on=dt.date(2001, 1, 1))
Traceback (most recent call last):
...
medins_rules.core.errors.ParameterNotInForceError: parameter '*' is not in force for jurisdiction 440100 on 2001-01-01: no parameter has a version in force before 2011-07-01
>>> parameters_for("CN", on=dt.date(2026, 3, 1)).int_value("reimbursement.on_time_window")
Traceback (most recent call last):
...
medins_rules.core.errors.ParameterNotInForceError: parameter 'reimbursement.on_time_window' is not in force for jurisdiction CN on 2026-03-01: no version for CN or its parents
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    ValidationError,
    model_validator,
)

from medins_rules.core.datafiles import read_toml
from medins_rules.core.errors import (
    ParameterDataError,
    ParameterNotInForceError,
    UnknownParameterError,
)
from medins_rules.core.legal import Citation
from medins_rules.core.model import (
    Jurisdiction,
    ParameterUse,
    jurisdiction_chain,
    parse_jurisdiction,
)
from medins_rules.core.readonly import ReadOnlyDict

__all__ = [
    "ParameterDefinition",
    "ParameterSet",
    "ParameterValue",
    "ParameterVersion",
    "Unit",
    "load_parameter_versions",
    "parameters_for",
]

NOT_LAUNCHED = "not_launched"


class Unit(StrEnum):
    """The unit of a parameter's value."""

    MONTHS = "months"
    YEARS = "years"
    WORKING_DAYS = "working_days"
    DATE = "date"
    CHOICE = "choice"
    CODES = "codes"


ParameterValue = StrictInt | dt.date | str | tuple[str, ...] | None
"""A parameter value; a strict integer, so that `true` in data is refused rather than read as 1."""


class ParameterDefinition(BaseModel):
    """What a parameter means and the unit of its values."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    unit: Unit
    description_en: str
    description_zh: str
    choices: tuple[str, ...] = ()


class ParameterVersion(BaseModel):
    """One value of a parameter for one jurisdiction, in force on ``[effective_from, effective_to)``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    jurisdiction: Jurisdiction
    unit: Unit
    value: ParameterValue
    effective_from: dt.date
    effective_to: dt.date | None = None
    citation: Citation
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> ParameterVersion:
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise ValueError("effective_to: must be after effective_from")
        check = _VALUE_CHECKS[self.unit]
        if not check(self.value):
            raise ValueError(f"value: {self.value!r} is not a valid {self.unit.value} value")
        return self

    def in_force(self, on: dt.date) -> bool:
        """Whether this version applies on ``on``."""
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)

    @property
    def number(self) -> int:
        """The value of an integer parameter (months, years, working days)."""
        if not isinstance(self.value, int):
            raise ParameterDataError(f"parameter {self.name!r}: {self.value!r} is not a number")
        return self.value

    def use(self) -> ParameterUse:
        """The record of this version that a decision keeps (built once per version, shared by
        every decision that relies on it: it is frozen)."""
        return self._record

    @functools.cached_property
    def _record(self) -> ParameterUse:
        return ParameterUse(
            name=self.name,
            jurisdiction=self.jurisdiction,
            value=_render(self.value),
            unit=self.unit.value,
            effective_from=self.effective_from,
            effective_to=self.effective_to,
        )


def _positive_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v > 0


def _optional_date(v: object) -> bool:
    return v is None or isinstance(v, dt.date)


def _choice(v: object) -> bool:
    return isinstance(v, str) and bool(v)


def _codes(v: object) -> bool:
    return isinstance(v, tuple) and all(isinstance(c, str) and c for c in v)


_VALUE_CHECKS: Mapping[Unit, Callable[[object], bool]] = MappingProxyType(
    {
        Unit.MONTHS: _positive_int,
        Unit.YEARS: _positive_int,
        Unit.WORKING_DAYS: _positive_int,
        Unit.DATE: _optional_date,
        Unit.CHOICE: _choice,
        Unit.CODES: _codes,
    }
)


def _render(value: ParameterValue) -> str:
    if value is None:
        return NOT_LAUNCHED
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)


class _Versions(ReadOnlyDict[str, "ParameterVersion"]):
    """A parameter set's versions by name: a ``dict`` that refuses changes.

    Parameter sets are shared (``parameters_for`` returns the same set to every caller asking for
    the same jurisdiction and day), so a change to one would change every later decision.
    """

    __slots__ = ()
    refusal = (
        "a parameter set's versions are read-only; use ParameterSet.with_value for a what-if set"
    )


def _read_only_versions(versions: Mapping[str, ParameterVersion]) -> Mapping[str, ParameterVersion]:
    return versions if type(versions) is _Versions else _Versions(versions)


class ParameterSet(BaseModel):
    """The parameters in force for one jurisdiction on one date.

    Read values with the typed accessors; each raises :class:`UnknownParameterError` for a name that
    does not exist and :class:`ParameterNotInForceError` for one that has no version in force.
    ``versions`` is read-only: a set is shared by every decision made with it.

    >>> import datetime as dt
    >>> p = parameters_for("440100", on=dt.date(2026, 3, 1))
    >>> p.versions["reimbursement.on_time_window"] = p.versions["reimbursement.payable_limit"]
    Traceback (most recent call last):
    ...
    TypeError: a parameter set's versions are read-only; use ParameterSet.with_value for a what-if set
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    jurisdiction: Jurisdiction
    on: dt.date
    versions: Annotated[Mapping[str, ParameterVersion], AfterValidator(_read_only_versions)] = (
        Field(default_factory=_Versions)
    )

    def __hash__(self) -> int:
        return hash((self.jurisdiction, self.on, tuple(sorted(self.versions.items()))))

    def version(self, name: str) -> ParameterVersion:
        """The version of ``name`` in force."""
        found = self.versions.get(name)
        if found is not None:
            return found
        if name not in _definitions():
            raise UnknownParameterError(name)
        chain = jurisdiction_chain(self.jurisdiction)
        raise ParameterNotInForceError(
            name,
            self.jurisdiction.value,
            self.on,
            f"no version for {self.jurisdiction.value} or its parents",
            never_for_jurisdiction=not any(
                v.name == name and v.jurisdiction in chain for v in _shipped_versions()
            ),
        )

    def int_value(self, name: str) -> int:
        """An integer parameter (months, years, working days)."""
        value = self.version(name).value
        assert isinstance(value, int)
        return value

    def optional_date(self, name: str) -> dt.date | None:
        """A date parameter; ``None`` means not launched or unknown."""
        value = self.version(name).value
        assert value is None or isinstance(value, dt.date)
        return value

    def text(self, name: str) -> str:
        """A choice parameter."""
        value = self.version(name).value
        assert isinstance(value, str)
        return value

    def codes(self, name: str) -> tuple[str, ...]:
        """A set-of-codes parameter."""
        value = self.version(name).value
        assert isinstance(value, tuple)
        return value

    def with_value(self, name: str, value: ParameterValue) -> ParameterSet:
        """A copy with ``name`` set to ``value`` (for what-if analysis and tests).

        What-if sets are kept by content: asking twice for the same value on the same set gives the
        same version object (and the same set), so the rules' memos, which key on the versions they
        read, share their entries between equal what-if sets instead of growing with each one.

        >>> import datetime as dt
        >>> p = parameters_for("440100", on=dt.date(2026, 3, 1))
        >>> three = p.with_value("reimbursement.on_time_window", 3)
        >>> three.int_value("reimbursement.on_time_window")
        3
        >>> three is p.with_value("reimbursement.on_time_window", 3)
        True
        """
        definition = _definitions().get(name)
        if definition is None:
            raise UnknownParameterError(name)
        base = self.versions.get(name)
        citation = base.citation if base else next(iter(self.versions.values())).citation
        new = _validate_version(
            {
                "name": name,
                "jurisdiction": self.jurisdiction,
                "unit": definition.unit,
                "value": _coerce(definition, value),
                "effective_from": self.on,
                "citation": citation,
                "note": "set by the caller",
            }
        )
        return _canonical_set(self.jurisdiction, self.on, {**self.versions, name: _canonical(new)})


_KEPT_WHAT_IF = 256
"""How many what-if versions and sets are kept by content (each about a kilobyte)."""


@functools.lru_cache(maxsize=_KEPT_WHAT_IF)
def _version_slot(key: tuple[object, ...]) -> list[ParameterVersion]:
    return []  # filled by _canonical with the first version of this content


def _canonical(version: ParameterVersion) -> ParameterVersion:
    """The one version kept for ``version``'s content (``version`` itself the first time)."""
    key = (
        version.name,
        version.jurisdiction,
        version.unit,
        type(version.value),
        version.value,
        version.effective_from,
        version.effective_to,
        version.citation,
        version.note,
    )
    slot = _version_slot(key)
    if not slot:
        slot.append(version)
    return slot[0]


@functools.lru_cache(maxsize=_KEPT_WHAT_IF)
def _set_slot(key: tuple[object, ...]) -> list[ParameterSet]:
    return []  # filled by _canonical_set; the set holds its versions, so their ids stay theirs


def _canonical_set(
    jurisdiction: Jurisdiction, on: dt.date, versions: Mapping[str, ParameterVersion]
) -> ParameterSet:
    """The one set kept for these versions (by identity: versions are kept by content)."""
    key = (jurisdiction, on, tuple(sorted((name, id(v)) for name, v in versions.items())))
    slot = _set_slot(key)
    if not slot:
        slot.append(ParameterSet(jurisdiction=jurisdiction, on=on, versions=versions))
    return slot[0]


def _coerce(definition: ParameterDefinition, value: Any) -> Any:
    if definition.unit is Unit.DATE and value == NOT_LAUNCHED:
        return None
    if definition.unit is Unit.CODES and isinstance(value, list | tuple):
        return tuple(value)
    if definition.unit is Unit.CHOICE and definition.choices and value not in definition.choices:
        raise ParameterDataError(
            f"parameter {definition.name!r}: value must be one of {', '.join(definition.choices)}; "
            f"got {value!r}"
        )
    return value


def _validate_version(raw: Mapping[str, Any]) -> ParameterVersion:
    try:
        return ParameterVersion.model_validate(raw)
    except ValidationError as exc:
        raise ParameterDataError(f"parameter {raw.get('name')!r}: {exc}") from None


@functools.cache
def _raw_data() -> Mapping[str, Any]:
    frozen: Mapping[str, Any] = _read_only(read_toml("parameters.toml"))
    return frozen


def _read_only(value: Any) -> Any:
    """Parsed data with every table read-only (``MappingProxyType``) and every array a tuple."""
    if isinstance(value, dict):
        return MappingProxyType({k: _read_only(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_read_only(v) for v in value)
    return value


def _plain(value: Any) -> Any:
    """A plain copy of read-only data (tables as ``dict``), as the validators expect it."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


@functools.cache
def _definitions() -> Mapping[str, ParameterDefinition]:
    return MappingProxyType(
        {
            name: ParameterDefinition.model_validate({"name": name, **_plain(spec)})
            for name, spec in _raw_data()["definitions"].items()
        }
    )


def load_parameter_versions(
    raw_versions: Iterable[Mapping[str, Any]],
) -> tuple[ParameterVersion, ...]:
    """Validate raw version records (as in ``parameters.toml``) into :class:`ParameterVersion`.

    Checks each value against its definition's unit and choices, and that no two versions of one
    parameter for one jurisdiction overlap. Raises :class:`ParameterDataError` naming the parameter.
    """
    definitions = _definitions()
    out: list[ParameterVersion] = []
    for raw in raw_versions:
        name = raw.get("name")
        definition = definitions.get(str(name))
        if definition is None:
            raise ParameterDataError(f"parameter version names an undefined parameter {name!r}")
        record = {**raw, "unit": definition.unit, "value": _coerce(definition, raw.get("value"))}
        out.append(_validate_version(record))
    _check_no_overlap(out)
    return tuple(out)


def _check_no_overlap(versions: Iterable[ParameterVersion]) -> None:
    by_key: dict[tuple[str, Jurisdiction], list[ParameterVersion]] = {}
    for v in versions:
        by_key.setdefault((v.name, v.jurisdiction), []).append(v)
    for (name, jurisdiction), group in by_key.items():
        group.sort(key=lambda v: v.effective_from)
        for earlier, later in itertools.pairwise(group):
            if earlier.effective_to is None or earlier.effective_to > later.effective_from:
                raise ParameterDataError(
                    f"parameter {name!r} for {jurisdiction.value}: versions from "
                    f"{earlier.effective_from} and {later.effective_from} overlap"
                )


@functools.cache
def _shipped_versions() -> tuple[ParameterVersion, ...]:
    return load_parameter_versions(_plain(_raw_data()["versions"]))


@functools.lru_cache(maxsize=4096)
def _parameters_for(jurisdiction: Jurisdiction, on: dt.date) -> ParameterSet:
    chain = jurisdiction_chain(jurisdiction)
    applicable = [v for v in _shipped_versions() if v.jurisdiction in chain]
    earliest = min(v.effective_from for v in applicable)
    if on < earliest:
        raise ParameterNotInForceError(
            "*",
            jurisdiction.value,
            on,
            f"no parameter has a version in force before {earliest.isoformat()}",
        )
    chosen: dict[str, ParameterVersion] = {}
    for level in reversed(chain):  # national first, so more specific levels override
        for v in applicable:
            if v.jurisdiction is level and v.in_force(on):
                chosen[v.name] = v
    return ParameterSet(jurisdiction=jurisdiction, on=on, versions=chosen)


def parameters_for(jurisdiction: Jurisdiction | str, *, on: dt.date) -> ParameterSet:
    """The parameter set in force for ``jurisdiction`` on ``on``.

    Raises :class:`~medins_rules.core.errors.UnknownJurisdictionError` for a code the package does not
    encode, and :class:`~medins_rules.core.errors.ParameterNotInForceError` for a date before every version.
    """
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise TypeError(f"on: expected a datetime.date; got {type(on).__name__}")
    return _parameters_for(parse_jurisdiction(jurisdiction), on)


def definitions() -> tuple[ParameterDefinition, ...]:
    """Every parameter's definition (for docs)."""
    return tuple(_definitions().values())


def shipped_versions() -> tuple[ParameterVersion, ...]:
    """Every shipped parameter version, superseded ones included (for docs)."""
    return _shipped_versions()
