"""Identity numbers: whether an 18-character number is valid per GB 11643, and for which document.

GB 11643-1999 *Citizen identification number*: 18 characters, a six-digit address code, the birth
date (YYYYMMDD), a three-digit order code and a check digit (0-9 or X, ISO 7064 MOD 11-2). The
residence permits for Hong Kong, Macao and Taiwan residents use the same layout and check digit with
the address code 810000, 820000 or 830000. The check digit is computed with python-stdnum
(``stdnum.cn.ric``); the address code is looked up in the package's one table of administrative
divisions (:mod:`medins_rules.vocab.divisions`, the Ministry of Civil Affairs' code lists of
1981-2024, each code with the years it was listed).

The birth date is bounded. GB 11643 writes it per GB/T 7408 and sets no earliest year, so this check
sets one, :data:`EARLIEST_BIRTH_DATE` (1 January 1900), and refuses a birth date after the
evaluation date. Why 1900: the 15-digit numbers the 18-digit ones replaced wrote the year in two
digits, and converting one to 18 digits inserts "19", so no converted number has an earlier year;
and a person born before 1900 is over 122 from 2023 on, older than anyone has been verified to live.
A year 0001 or 1800 behind a correct check digit is not a person's number.

Limitations: the address code is checked against the province-level divisions by default (the
six-digit code, in use between the birth year and the evaluation year, on request:
:class:`AddressCodeCheck`); a code abolished before the first list (1981) is not known, and one
created after the last (2024) is not known until the table is rebuilt; for an evaluation before
1981 the first list stands. The order code (odd for
men, even for women) is checked against nothing; a number is normalised as python-stdnum does
(blanks around it dropped, full-width digits read as digits, ``x`` as ``X``). A number issued
directly in 18 digits to someone born in the 1890s (aged 99 or more in 1999) would be refused by
the bound.

>>> check_id_number("11010519491231002X").valid
True
>>> check_id_number("110105180001010010").problem_en
'the birth date 1800-01-01 is before 1900-01-01, the earliest birth date this check accepts'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent
from stdnum.exceptions import ValidationError as NumberValidationError
from stdnum.util import isdigits

from medins_rules.processes.materials.vocabulary import IDENTITY_KINDS, ItemKind, Name
from medins_rules.vocab import divisions

__all__ = [
    "DOCUMENT_NAMES",
    "EARLIEST_BIRTH_DATE",
    "PERMIT_PREFIXES",
    "AddressCodeCheck",
    "IdDocument",
    "IdNumberCheck",
    "IdProblem",
    "check_id_number",
    "same_number",
]

EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)
"""The earliest birth date an identity number may carry (see the module docstring for why)."""


class IdDocument(StrEnum):
    """What an 18-character identity number is, by its first six characters."""

    RESIDENT_IDENTITY_CARD = "resident_identity_card"
    HONG_KONG_RESIDENCE_PERMIT = "hong_kong_residence_permit"
    MACAO_RESIDENCE_PERMIT = "macao_residence_permit"
    TAIWAN_RESIDENCE_PERMIT = "taiwan_residence_permit"


PERMIT_PREFIXES: Mapping[str, IdDocument] = MappingProxyType(
    {
        "810000": IdDocument.HONG_KONG_RESIDENCE_PERMIT,
        "820000": IdDocument.MACAO_RESIDENCE_PERMIT,
        "830000": IdDocument.TAIWAN_RESIDENCE_PERMIT,
    }
)
"""The number prefixes of residence permits for Hong Kong, Macao and Taiwan residents."""

DOCUMENT_NAMES: Mapping[IdDocument, Name] = MappingProxyType(
    {
        IdDocument.RESIDENT_IDENTITY_CARD: Name(en="Resident Identity Card", zh="居民身份证"),
        IdDocument.HONG_KONG_RESIDENCE_PERMIT: Name(
            en="residence permit for Hong Kong residents", zh="港澳台居民居住证（香港）"
        ),
        IdDocument.MACAO_RESIDENCE_PERMIT: Name(
            en="residence permit for Macao residents", zh="港澳台居民居住证（澳门）"
        ),
        IdDocument.TAIWAN_RESIDENCE_PERMIT: Name(
            en="residence permit for Taiwan residents", zh="港澳台居民居住证（台湾）"
        ),
    }
)
"""The bilingual name of each document an identity number can be the number of."""


class IdProblem(StrEnum):
    """Why an identity number is not valid."""

    LENGTH = "length"
    FORMAT = "format"
    CHECK_DIGIT = "check_digit"
    BIRTH_DATE = "birth_date"
    BIRTH_DATE_TOO_EARLY = "birth_date_too_early"
    BIRTH_DATE_AFTER_EVALUATION = "birth_date_after_evaluation"
    ADDRESS_CODE = "address_code"
    PERMIT_NUMBER_ON_IDENTITY_CARD = "permit_number_on_identity_card"
    NOT_A_PERMIT_NUMBER = "not_a_permit_number"


class AddressCodeCheck(StrEnum):
    """How the address code (the first six digits) of a Resident Identity Card number is checked.

    Both look the code up in :mod:`medins_rules.vocab.divisions` (the Ministry of Civil Affairs'
    code lists of 1981-2024). ``province``: the first two digits name a province-level division
    that any list holds. ``county_at_birth``: the six digits are a code that was in use at some
    time from the birth year to the evaluation year (:func:`~medins_rules.vocab.divisions.in_use_between`):
    a number is issued after the birth, under the code of the registration place at the time, and
    keeps it after the division is abolished or renamed. So someone born in 1980 with a Tianhe
    district code (440106, created in 1985) passes, and a code abolished before the birth year
    (440183, Zengcheng city until 2014, for someone born in 2016), created after the evaluation
    year, or in no list (449999) does not. The name is that of the earlier check, which wanted the
    code to exist in the birth year itself and so refused the Tianhe number.
    """

    PROVINCE = "province"
    COUNTY_AT_BIRTH = "county_at_birth"


@dataclass(frozen=True, slots=True)
class IdNumberCheck:
    """The result of checking an identity number: what it is, and the problem if it is not valid."""

    number: str
    document: IdDocument | None
    problem: IdProblem | None
    birth_date: dt.date | None
    problem_en: str | None = None
    problem_zh: str | None = None

    @property
    def valid(self) -> bool:
        """Whether the number is valid."""
        return self.problem is None


def _compact(number: str) -> str:
    try:
        return ric.compact(number)
    except NumberValidationError:  # pragma: no cover - a str always cleans
        return number


def same_number(first: str, second: str) -> bool:
    """Whether two identity numbers are the same number once written alike (blanks, ``x``).

    >>> same_number("11010519491231002x", " 11010519491231002X ")
    True
    >>> same_number("11010519491231002X", "440106199003070028")
    False
    """
    return _compact(first) == _compact(second)


def _invalid(
    number: str,
    document: IdDocument | None,
    problem: IdProblem,
    en: str,
    zh: str,
    birth: dt.date | None = None,
) -> IdNumberCheck:
    return IdNumberCheck(number, document, problem, birth, en, zh)


def check_id_number(
    number: str,
    *,
    kind: ItemKind | str = ItemKind.RESIDENT_IDENTITY_CARD,
    on: dt.date | None = None,
    address_check: AddressCodeCheck | str = AddressCodeCheck.PROVINCE,
) -> IdNumberCheck:
    """Check an identity number per GB 11643 (check digit: ``stdnum.cn.ric``; address code: the
    division table).

    A Resident Identity Card number has 18 characters: a six-digit address code, the birth date
    (YYYYMMDD), a three-digit order code and a check digit (0-9 or X, ISO 7064 MOD 11-2). A residence
    permit for Hong Kong, Macao or Taiwan residents has the same layout and check digit with the
    address code 810000, 820000 or 830000; it is recognised by that prefix. ``kind`` is the document
    the number is on (a permit number on an identity card, or the reverse, is a problem); ``on`` is the
    evaluation date (a birth date after it is a problem). A birth date before
    :data:`EARLIEST_BIRTH_DATE` is a problem whatever ``on`` is. ``address_check`` chooses how the
    address code is checked (:class:`AddressCodeCheck`; ``county_at_birth`` reads the code's years
    in the division table up to ``on``, or up to the last list without it).

    >>> check_id_number("11010519491231002X").valid
    True
    >>> check_id_number("110105194912310021").problem
    <IdProblem.CHECK_DIGIT: 'check_digit'>
    >>> c = check_id_number("810000199408230021", kind=ItemKind.HMT_RESIDENCE_PERMIT)
    >>> c.valid, c.document.value, c.birth_date
    (True, 'hong_kong_residence_permit', datetime.date(1994, 8, 23))
    >>> check_id_number("810000199408230021").problem_en
    'the prefix 810000 is that of a residence permit for Hong Kong residents, not of a Resident Identity Card'
    >>> check_id_number("11010519491231002X", on=dt.date(1949, 12, 30)).problem.value
    'birth_date_after_evaluation'
    >>> check_id_number("440106198001010019", address_check="county_at_birth").valid  # Tianhe, 1985
    True
    >>> check_id_number("440183201501010012", on=dt.date(2026, 3, 2),
    ...                 address_check="county_at_birth").problem_en
    'the address code 440183 was not in use between the birth year 2015 and 2026 (it is last listed in 2013)'
    """
    kind, address_check = _read_options(kind, address_check)
    compact = _compact(number)
    if len(compact) != 18:
        return _invalid(
            compact,
            None,
            IdProblem.LENGTH,
            f"it has {len(compact)} characters; an identity number has 18",
            f"号码为{len(compact)}位，应为18位",
        )
    if not isdigits(compact[:-1]) or compact[-1] not in "0123456789X":
        return _invalid(
            compact,
            None,
            IdProblem.FORMAT,
            "the first 17 characters must be digits and the last a digit or X",
            "前17位须为数字，最后一位须为数字或X",
        )
    document = PERMIT_PREFIXES.get(compact[:6], IdDocument.RESIDENT_IDENTITY_CARD)
    name = DOCUMENT_NAMES[document]
    if (
        kind is ItemKind.RESIDENT_IDENTITY_CARD
        and document is not IdDocument.RESIDENT_IDENTITY_CARD
    ):
        return _invalid(
            compact,
            document,
            IdProblem.PERMIT_NUMBER_ON_IDENTITY_CARD,
            f"the prefix {compact[:6]} is that of a {name.en}, not of a Resident Identity Card",
            f"前六位{compact[:6]}是{name.zh}的号码前缀，不是居民身份证号码",
        )
    if kind is ItemKind.HMT_RESIDENCE_PERMIT and document is IdDocument.RESIDENT_IDENTITY_CARD:
        return _invalid(
            compact,
            document,
            IdProblem.NOT_A_PERMIT_NUMBER,
            f"a residence permit number for Hong Kong, Macao or Taiwan residents starts with "
            f"810000, 820000 or 830000, not {compact[:6]}",
            f"港澳台居民居住证号码以810000、820000或830000开头，而非{compact[:6]}",
        )
    if compact[-1] != ric.calc_check_digit(compact):
        return _invalid(
            compact,
            document,
            IdProblem.CHECK_DIGIT,
            f"the check digit is {compact[-1]}; the first 17 digits give {ric.calc_check_digit(compact)}",
            f"校验码为{compact[-1]}，按前17位应为{ric.calc_check_digit(compact)}",
        )
    try:
        birth = ric.get_birth_date(compact)
    except InvalidComponent:
        return _invalid(
            compact,
            document,
            IdProblem.BIRTH_DATE,
            f"the birth date part {compact[6:14]} is not a calendar date",
            f"出生日期码{compact[6:14]}不是有效日期",
        )
    if birth < EARLIEST_BIRTH_DATE:
        return _invalid(
            compact,
            document,
            IdProblem.BIRTH_DATE_TOO_EARLY,
            f"the birth date {birth.isoformat()} is before {EARLIEST_BIRTH_DATE.isoformat()}, "
            "the earliest birth date this check accepts",
            f"出生日期{birth.isoformat()}早于本核验可接受的最早出生日期"
            f"{EARLIEST_BIRTH_DATE.isoformat()}",
            birth,
        )
    if on is not None and birth > on:
        return _invalid(
            compact,
            document,
            IdProblem.BIRTH_DATE_AFTER_EVALUATION,
            f"the birth date {birth.isoformat()} is after {on.isoformat()}",
            f"出生日期{birth.isoformat()}晚于{on.isoformat()}",
            birth,
        )
    if document is IdDocument.RESIDENT_IDENTITY_CARD and not _address_known(
        compact, address_check, birth, on
    ):
        return _address_problem(compact, document, address_check, birth, on)
    return IdNumberCheck(compact, document, None, birth)


def _read_options(
    kind: ItemKind | str, address_check: AddressCodeCheck | str
) -> tuple[ItemKind, AddressCodeCheck]:
    """The document kind and the address check as members (their values are accepted too, so that
    a value never silently selects another check); a kind that is no identity document, or an
    unknown check, raises naming the argument."""
    try:
        address_check = AddressCodeCheck(address_check)
    except ValueError:
        known = ", ".join(c.value for c in AddressCodeCheck)
        raise ValueError(f"address_check: expected one of {known}; got {address_check!r}") from None
    if kind not in IDENTITY_KINDS:
        raise ValueError(f"kind: {kind} is not an identity document")
    return ItemKind(kind), address_check


def _last_year(birth: dt.date, on: dt.date | None) -> int:
    """The last year the number may have been issued in, as the table can tell it."""
    evaluation = on.year if on is not None else divisions.LAST_LIST_YEAR
    return max(birth.year, evaluation, divisions.FIRST_LIST_YEAR)


def _address_problem(
    compact: str,
    document: IdDocument,
    address_check: AddressCodeCheck,
    birth: dt.date,
    on: dt.date | None,
) -> IdNumberCheck:
    """The address-code problem, saying which check failed and, for a known code, when it was in
    use."""
    code = compact[:6]
    if address_check is AddressCodeCheck.PROVINCE:
        return _invalid(
            compact,
            document,
            IdProblem.ADDRESS_CODE,
            f"the address code {code} is not a known administrative division",
            f"地址码{code}不是已知的行政区划",
            birth,
        )
    last = _last_year(birth, on)
    found = divisions.records(code)
    if not found:
        en = f"the address code {code} is in no administrative division code list"
        zh = f"地址码{code}不在任何一年的行政区划代码表中"
    else:
        if found[0].first_listed > birth.year:
            listed_en = f"it is first listed in {found[0].first_listed}"
            listed_zh = f"{found[0].first_listed}年首次列入代码表"
        else:
            ended = [d for d in found if d.first_listed <= birth.year][-1].last_listed
            listed_en = f"it is last listed in {ended}"
            listed_zh = f"最后列入代码表为{ended}年"
        en = (
            f"the address code {code} was not in use between the birth year {birth.year} and "
            f"{last} ({listed_en})"
        )
        zh = f"地址码{code}在出生年份{birth.year}年至{last}年之间未被使用（{listed_zh}）"
    return _invalid(compact, document, IdProblem.ADDRESS_CODE, en, zh, birth)


def _address_known(
    compact: str, address_check: AddressCodeCheck, birth: dt.date, on: dt.date | None
) -> bool:
    """Whether the address code is known: its province (any list), or the code itself in use at
    some time from the birth year to the evaluation year (the last list's year without one; the
    first list's year before it: the table knows no earlier codes)."""
    code = compact[:6]
    if address_check is AddressCodeCheck.COUNTY_AT_BIRTH:
        return divisions.in_use_between(code, birth.year, _last_year(birth, on))
    return divisions.is_known(code[:2] + "0000")
