"""Administrative divisions: one table of every county-level and higher code since 1981.

Every process that takes a place takes its six-digit administrative division code (GB/T 2260):
two digits of the province, two of the prefecture-level division, two of the county-level one. This
module is the package's one table of those codes, with each code's names (Chinese, and English
where the project gives one), its level, its parent, and the years it was listed.

Source
    ``data/divisions.csv``, built by ``scripts/build-divisions`` from the areacodes project's
    ``result.csv`` (CC0 1.0): the Ministry of Civil Affairs' yearly code lists
    (中华人民共和国县以上行政区划代码) from 1981 to 2024, each as of 31 December, checked by that
    project against the State Council's approvals and the Ministry's change notices. The file's
    header names the version read and what the script changes.
Why this source
    python-stdnum's ``stdnum/cn/loc.dat`` (a dependency already, used for identity numbers) was
    compared and not chosen: it is transcribed from Chinese Wikipedia and gives no level or
    parent; of its open codes 298 are groupings that are no place (``110100`` 市辖区, ``429000``
    省直辖县级行政单位: the "429000" the card rule once suggested), 5 are in no Ministry list and
    2 were closed long ago; it lacks two of Hangzhou's districts of 2021. The Ministry's lists
    are the official source of the codes; ``tests/test_divisions.py`` compares the two tables.
History
    A code that was listed once stays in the table with the years it was listed: an identity
    number keeps the address code it was issued with after its district is abolished or renamed,
    and a person born before a district existed may hold its code (numbers are issued after
    birth). A code may have several records, each with its own name and years (440111 was 郊区 from
    1983 to 1986, then 白云区). :func:`division` gives the latest record, or the one in use in a
    given year; :func:`in_use_between` answers the question an identity number asks (was the code
    in use at some time between the birth year and the evaluation year?).
Years
    ``first_listed`` and ``last_listed`` are the years of the first and the last list that hold a
    record. A change takes effect during the year after the last list that shows the old record,
    on a day the lists do not give; so a record counts as *in use in* every year from
    ``first_listed`` to ``last_listed + 1``, and in every year from ``first_listed`` on while it is
    still listed. For years after 2024 the 2024 list stands: a code created or abolished since is
    not known until the data file is rebuilt.
Places
    A *prefecture-level place* (:func:`prefecture_of`) is what a city agency serves: a
    prefecture-level division; a municipality directly under the central government (北京市
    110000, and each of its districts belongs to it); or a county-level division directly
    administered by a province that is not a municipality (仙桃市 429004, 天门市 429006,
    五指山市 469001, 琼海市 469002, ...; coded xx90xx in the lists since 2001), which is its
    own place. A province that is not a municipality is no such place.
Limitations
    Only the Chinese names are official; English names are given for the provinces, the
    provincial capitals, Guangdong's prefecture-level cities, Guangzhou's and Shenzhen's districts
    and the county-level divisions directly under a province. The lists have no township level.

>>> division("429004").name_zh, prefecture_of("429004"), prefecture_of("440106")
('仙桃市', '429004', '440100')
>>> prefecture_of("110105"), is_known("429000"), is_known("449999")
('110000', False, False)
>>> [(d.name_zh, d.first_listed, d.last_listed) for d in records("440111")]
[('郊区', 1983, 1986), ('白云区', 1987, None)]
>>> division("440183").successors, in_use("440183", 2014), in_use("440183", 2015)
(('440118',), True, False)
>>> in_use_between("440106", 1980, 2026)   # born 1980, Tianhe district created in 1985
True
"""

from __future__ import annotations

import csv
import functools
import itertools
from collections.abc import Mapping
from enum import StrEnum
from importlib import resources
from types import MappingProxyType
from typing import Annotated, Self

from pydantic import BaseModel, Field, TypeAdapter, ValidationError, model_validator

from medins_rules.core.errors import MedinsRulesError
from medins_rules.core.model import FROZEN

__all__ = [
    "FIRST_LIST_YEAR",
    "LAST_LIST_YEAR",
    "Division",
    "DivisionCode",
    "DivisionDataError",
    "DivisionLevel",
    "UnknownDivisionError",
    "children",
    "describe_en",
    "describe_zh",
    "division",
    "divisions_in_use",
    "has_subdivisions",
    "in_use",
    "in_use_between",
    "is_known",
    "is_municipality",
    "is_province_administered",
    "level",
    "parent",
    "prefecture_of",
    "province_of",
    "records",
    "table",
    "why_not_in_use",
]

FIRST_LIST_YEAR = 1981
"""The year of the first code list in the table (the lists before 1982 used other codes)."""
LAST_LIST_YEAR = 2024
"""The year of the last code list in the table (as of its 31 December); later years use it."""

DivisionCode = Annotated[str, Field(pattern=r"^[0-9]{6}$")]
"""Six digits: the form of every administrative division code."""


class UnknownDivisionError(MedinsRulesError, LookupError):
    """A code that is in no code list of the table (or not in use in the year asked about)."""


class DivisionDataError(MedinsRulesError):
    """The shipped division table is malformed (a packaging error, never bad input)."""


class DivisionLevel(StrEnum):
    """The level of a division, which its code's form gives (xx0000, xxxx00, the rest)."""

    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"


def _level_of(code: str) -> DivisionLevel:
    if code.endswith("0000"):
        return DivisionLevel.PROVINCE
    if code.endswith("00"):
        return DivisionLevel.PREFECTURE
    return DivisionLevel.COUNTY


class Division(BaseModel):
    """One record of a code: its names, parent and the years the code lists hold it."""

    model_config = FROZEN

    code: DivisionCode
    name_zh: str = Field(min_length=1)
    name_en: str | None = None
    parent: DivisionCode | None
    first_listed: int = Field(ge=FIRST_LIST_YEAR, le=LAST_LIST_YEAR)
    last_listed: int | None = Field(default=None, ge=FIRST_LIST_YEAR, le=LAST_LIST_YEAR - 1)
    successors: tuple[DivisionCode, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Self:
        code, parent = self.code, self.parent
        if code.endswith("0000"):
            fits = parent is None
        elif code.endswith("00"):
            fits = parent == code[:2] + "0000"
        else:
            fits = parent == code[:4] + "00" or parent == code[:2] + "0000"
        if not fits:
            raise ValueError(f"parent: {parent} cannot be the parent of {code}")
        if self.last_listed is not None and self.last_listed < self.first_listed:
            raise ValueError(f"last_listed: {code} is last listed before it is first listed")
        if self.last_listed is None and self.successors:
            raise ValueError(f"successors: {code} is still listed and has no successors")
        return self

    @property
    def level(self) -> DivisionLevel:
        """Province, prefecture or county level (the code's form)."""
        return _level_of(self.code)

    @property
    def province(self) -> str:
        """The code of the province-level division the record is in."""
        return self.code[:2] + "0000"

    @property
    def listed(self) -> bool:
        """Whether the record is in the last list (the code is in use today, as far as known)."""
        return self.last_listed is None

    def listed_in(self, year: int) -> bool:
        """Whether the list of ``year`` (as of 31 December) holds the record (after 2024: the
        2024 list)."""
        if year < self.first_listed:
            return False
        return self.last_listed is None or year <= self.last_listed

    def in_use_in(self, year: int) -> bool:
        """Whether the record was in use at some time in ``year`` (see the module's Years)."""
        if year < self.first_listed:
            return False
        return self.last_listed is None or year <= self.last_listed + 1


_COLUMNS = ("code", "name_zh", "name_en", "parent", "first_listed", "last_listed", "successors")


def _rows(text: str) -> list[dict[str, object]]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    reader = csv.reader(lines)
    if tuple(next(reader, ())) != _COLUMNS:
        raise DivisionDataError(f"data/divisions.csv: the columns are not {', '.join(_COLUMNS)}")
    rows: list[dict[str, object]] = []
    for number, row in enumerate(reader, start=2):
        if len(row) != len(_COLUMNS):
            raise DivisionDataError(
                f"data/divisions.csv: record {number} has {len(row)} fields, not {len(_COLUMNS)}"
            )
        code, name_zh, name_en, parent, first, last, successors = row
        rows.append(
            {
                "code": code,
                "name_zh": name_zh,
                "name_en": name_en or None,
                "parent": parent or None,
                "first_listed": first,
                "last_listed": last or None,
                "successors": tuple(successors.split(";")) if successors else (),
            }
        )
    return rows


_RECORDS = TypeAdapter(tuple[Division, ...])


def _spans(rs: tuple[Division, ...]) -> list[tuple[int, int]]:
    """The years a code is listed, as runs of consecutive years (its records are in order)."""
    spans: list[tuple[int, int]] = []
    for d in rs:
        last = LAST_LIST_YEAR if d.last_listed is None else d.last_listed
        if spans and spans[-1][1] + 1 == d.first_listed:
            spans[-1] = (spans[-1][0], last)
        else:
            spans.append((d.first_listed, last))
    return spans


def _check_table(by_code: Mapping[str, tuple[Division, ...]]) -> None:
    """Each code's records in order without overlap; each parent listed whenever its child is."""
    if not any(d.listed for rs in by_code.values() for d in rs):
        raise DivisionDataError(f"data/divisions.csv: no code is in the {LAST_LIST_YEAR} list")
    spans = {code: _spans(rs) for code, rs in by_code.items()}
    for code, rs in by_code.items():
        for before, after in itertools.pairwise(rs):
            if before.last_listed is None or before.last_listed >= after.first_listed:
                raise DivisionDataError(f"data/divisions.csv: {code}'s records overlap")
        for d in rs:
            if d.parent is not None:
                last = LAST_LIST_YEAR if d.last_listed is None else d.last_listed
                if not any(a <= d.first_listed and last <= b for a, b in spans.get(d.parent, ())):
                    raise DivisionDataError(
                        f"data/divisions.csv: {code}'s parent {d.parent} is not listed "
                        "whenever it is"
                    )
            for successor in d.successors:
                if successor not in by_code:
                    raise DivisionDataError(
                        f"data/divisions.csv: {code}'s successor {successor} is not in the table"
                    )


def _load(text: str) -> Mapping[str, tuple[Division, ...]]:
    """The table from the data file's text, validated; :class:`DivisionDataError` if malformed."""
    rows = _rows(text)
    try:
        loaded = _RECORDS.validate_python(rows)
    except ValidationError as exc:
        raise DivisionDataError(f"data/divisions.csv: {exc}") from None
    grouped: dict[str, list[Division]] = {}
    for d in loaded:
        grouped.setdefault(d.code, []).append(d)
    by_code = MappingProxyType(
        {code: tuple(sorted(rs, key=lambda d: d.first_listed)) for code, rs in grouped.items()}
    )
    _check_table(by_code)
    return by_code


@functools.cache
def _data() -> tuple[Mapping[str, tuple[Division, ...]], Mapping[str, tuple[Division, ...]]]:
    """The table by code, and every record by its parent's code, read once."""
    by_code = _load(
        resources.files("medins_rules").joinpath("data/divisions.csv").read_text("utf-8")
    )
    by_parent: dict[str, list[Division]] = {}
    for rs in by_code.values():
        for d in rs:
            if d.parent is not None:
                by_parent.setdefault(d.parent, []).append(d)
    return by_code, MappingProxyType({code: tuple(rs) for code, rs in by_parent.items()})


def _table() -> Mapping[str, tuple[Division, ...]]:
    return _data()[0]


def table() -> Mapping[str, tuple[Division, ...]]:
    """The whole table, read-only: each code and its records, oldest first.

    >>> len(table()) > 6000, isinstance(table()["440100"], tuple)
    (True, True)
    """
    return _table()


def records(code: str) -> tuple[Division, ...]:
    """Every record of ``code``, oldest first; empty when no list holds it."""
    return _table().get(code, ())


def is_known(code: str) -> bool:
    """Whether any code list since 1981 holds ``code`` (history included)."""
    return code in _table()


def in_use(code: str, year: int) -> bool:
    """Whether ``code`` was in use at some time in ``year`` (see the module's Years)."""
    return any(d.in_use_in(year) for d in records(code))


def in_use_between(code: str, first_year: int, last_year: int) -> bool:
    """Whether ``code`` was in use at some time from ``first_year`` to ``last_year``, inclusive.

    The question an identity number's address code asks: the number is issued after the birth and
    by the evaluation date, under a code in use at the time of issue.

    >>> in_use_between("440183", 2016, 2026), in_use_between("440183", 1990, 2026)
    (False, True)
    """
    return first_year <= last_year and any(
        d.first_listed <= last_year and (d.last_listed is None or first_year <= d.last_listed + 1)
        for d in records(code)
    )


def division(code: str, *, year: int | None = None) -> Division:
    """The record of ``code``: the latest, or the one in use in ``year``.

    In a year of change two records may be in use (the old one until the change, the new one
    after): the one the list of that year holds is given.

    >>> division("440111", year=1986).name_zh, division("440111", year=1987).name_zh
    ('郊区', '白云区')
    >>> division("449999")
    Traceback (most recent call last):
    ...
    medins_rules.vocab.divisions.UnknownDivisionError: 449999 is in no administrative division code list of 1981-2024
    """
    found = records(code)
    if not found:
        raise UnknownDivisionError(
            f"{code} is in no administrative division code list of "
            f"{FIRST_LIST_YEAR}-{LAST_LIST_YEAR}"
        )
    if year is None:
        return found[-1]
    for d in found:
        if d.listed_in(year):
            return d
    for d in found:
        if d.in_use_in(year):
            return d
    raise UnknownDivisionError(f"{code} ({found[-1].name_zh}) was not in use in {year}")


def level(code: str) -> DivisionLevel:
    """The level of a known code."""
    return division(code).level


def parent(code: str, *, year: int | None = None) -> str | None:
    """The code of the division ``code`` belonged to (latest, or in ``year``); ``None`` for a province."""
    return division(code, year=year).parent


def province_of(code: str) -> str:
    """The code of the province-level division of a known code."""
    return division(code).province


def is_municipality(code: str) -> bool:
    """Whether ``code`` is a municipality directly under the central government (北京市, ...)."""
    found = records(code)
    return (
        bool(found)
        and found[-1].level is DivisionLevel.PROVINCE
        and (found[-1].name_zh.endswith("市"))
    )


def is_province_administered(code: str, *, year: int | None = None) -> bool:
    """Whether ``code`` is a county-level division directly under a province (not a municipality).

    >>> is_province_administered("429006"), is_province_administered("110105")
    (True, False)
    """
    d = division(code, year=year)
    return (
        d.level is DivisionLevel.COUNTY
        and d.parent == d.province
        and not is_municipality(d.province)
    )


def prefecture_of(code: str, *, year: int | None = None) -> str | None:
    """The prefecture-level place of ``code`` (see the module's Places), or ``None`` for a province.

    >>> prefecture_of("440100"), prefecture_of("469002"), prefecture_of("440000")
    ('440100', '469002', None)
    """
    d = division(code, year=year)
    if d.level is DivisionLevel.PREFECTURE:
        return d.code
    if d.level is DivisionLevel.PROVINCE:
        return d.code if is_municipality(d.code) else None
    if d.parent != d.province:
        return d.parent
    return d.province if is_municipality(d.province) else d.code


def children(code: str, *, year: int = LAST_LIST_YEAR) -> tuple[Division, ...]:
    """The records whose parent is ``code`` in the list of ``year`` (the 2024 list by default).

    >>> [d.code for d in children("420000")][-4:]
    ['429004', '429005', '429006', '429021']
    >>> children("810000")
    ()
    """
    return tuple(d for d in _data()[1].get(code, ()) if d.listed_in(year))


def has_subdivisions(code: str) -> bool:
    """Whether any record in the table has ``code`` as its parent (in any year).

    >>> has_subdivisions("440000"), has_subdivisions("810000"), has_subdivisions("440106")
    (True, False, False)
    """
    return code in _data()[1]


def why_not_in_use(code: str, year: int) -> str:
    """Why a known code was not in use in ``year``: not yet listed, or no longer (its successors).

    >>> why_not_in_use("440183", 2026)
    '440183 (增城市) is not in use in 2026: it is last listed in 2013, and its area is now Zengcheng District (440118)'
    >>> why_not_in_use("440118", 2012)
    '440118 (增城区) is not in use in 2012: it is first listed in 2014'
    """
    found = records(code)
    if year < found[0].first_listed:
        return (
            f"{code} ({found[0].name_zh}) is not in use in {year}: it is first listed in "
            f"{found[0].first_listed}"
        )
    before = [d for d in found if d.first_listed <= year][-1]
    now = ", ".join(describe_en(s) for s in before.successors)
    return (
        f"{code} ({before.name_zh}) is not in use in {year}: it is last listed in "
        f"{before.last_listed}" + (f", and its area is now {now}" if now else "")
    )


def divisions_in_use(
    year: int = LAST_LIST_YEAR,
    *,
    level: DivisionLevel | None = None,
    within: str | None = None,
) -> tuple[Division, ...]:
    """The records in the list of ``year``, of one level and within one province if given.

    >>> [d.code for d in divisions_in_use(level=DivisionLevel.PREFECTURE, within="440000")][:3]
    ['440100', '440200', '440300']
    """
    return tuple(
        d
        for rs in _table().values()
        for d in rs
        if d.listed_in(year)
        and (level is None or d.level is level)
        and (within is None or d.province == within)
    )


def describe_en(code: str, *, year: int | None = None) -> str:
    """A code for English messages: with its English name, or else placed in the nearest division
    above it that has one (English messages carry no Chinese).

    >>> describe_en("440100"), describe_en("445302"), describe_en("510700")
    ('Guangzhou (440100)', '445302 in Yunfu', '510700 in Sichuan')
    """
    d = division(code, year=year)
    if d.name_en:
        return f"{d.name_en} ({code})"
    above = d.parent
    while above is not None:
        up = (
            division(above, year=year)
            if year is not None and in_use(above, year)
            else (division(above))
        )
        if up.name_en:
            return f"{code} in {up.name_en}"
        above = up.parent
    return code  # pragma: no cover - every province has an English name


def describe_zh(code: str, *, year: int | None = None) -> str:
    """A code with its name, for Chinese messages: ``广州市（440100）``."""
    return f"{division(code, year=year).name_zh}（{code}）"
