"""Identity numbers: whether an 18-character number is valid per GB 11643, and for which document.

GB 11643-1999 *Citizen identification number*: 18 characters, a six-digit address code, the birth
date (YYYYMMDD), a three-digit order code and a check digit (0-9 or X, ISO 7064 MOD 11-2). The
residence permits for Hong Kong, Macao and Taiwan residents use the same layout and check digit with
the address code 810000, 820000 or 830000. The check digit and the address table are python-stdnum's
(``stdnum.cn.ric``; its table lists the GB/T 2260 codes with the years each was in use, from 1980).

The birth date is bounded. GB 11643 writes it per GB/T 7408 and sets no earliest year, so this check
sets one, :data:`EARLIEST_BIRTH_DATE` (1 January 1900), and refuses a birth date after the
evaluation date. Why 1900: the 15-digit numbers the 18-digit ones replaced wrote the year in two
digits, and converting one to 18 digits inserts "19", so no converted number has an earlier year;
and a person born before 1900 is over 122 from 2023 on, older than anyone has been verified to live.
A year 0001 or 1800 behind a correct check digit is not a person's number.

Limitations: the address code is checked against the province-level divisions by default (the
county in the birth year on request, :class:`AddressCodeCheck`); the order code (odd for men, even
for women) is checked against nothing; a number is normalised as python-stdnum does (blanks around
it dropped, full-width digits read as digits, ``x`` as ``X``). A number issued directly in 18 digits
to someone born in the 1890s (aged 99 or more in 1999) would be refused by the bound.

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

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent
from stdnum.exceptions import ValidationError as NumberValidationError
from stdnum.util import isdigits

from medins_rules.processes.materials.vocabulary import IDENTITY_KINDS, ItemKind, Name

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

    ``province``: the first two digits name a province-level division (GB/T 2260, as python-stdnum
    ships it). ``county_at_birth``: python-stdnum's full check, which also wants the county code to
    have existed in the birth year; it refuses real numbers of people born before their district was
    created (someone born in 1980 with a Tianhe district code, 440106, created in 1985).
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
    kind: ItemKind = ItemKind.RESIDENT_IDENTITY_CARD,
    on: dt.date | None = None,
    address_check: AddressCodeCheck = AddressCodeCheck.PROVINCE,
) -> IdNumberCheck:
    """Check an identity number per GB 11643 with ``stdnum.cn.ric``.

    A Resident Identity Card number has 18 characters: a six-digit address code, the birth date
    (YYYYMMDD), a three-digit order code and a check digit (0-9 or X, ISO 7064 MOD 11-2). A residence
    permit for Hong Kong, Macao or Taiwan residents has the same layout and check digit with the
    address code 810000, 820000 or 830000; it is recognised by that prefix. ``kind`` is the document
    the number is on (a permit number on an identity card, or the reverse, is a problem); ``on`` is the
    evaluation date (a birth date after it is a problem). A birth date before
    :data:`EARLIEST_BIRTH_DATE` is a problem whatever ``on`` is.

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
    """
    if kind not in IDENTITY_KINDS:
        raise ValueError(f"kind: {kind} is not an identity document")
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
    if document is IdDocument.RESIDENT_IDENTITY_CARD and not _address_known(compact, address_check):
        return _invalid(
            compact,
            document,
            IdProblem.ADDRESS_CODE,
            f"the address code {compact[:6]} is not a known administrative division"
            + (" in the birth year" if address_check is AddressCodeCheck.COUNTY_AT_BIRTH else ""),
            f"地址码{compact[:6]}不是已知的行政区划"
            + ("（按出生年份）" if address_check is AddressCodeCheck.COUNTY_AT_BIRTH else ""),
            birth,
        )
    return IdNumberCheck(compact, document, None, birth)


def _address_known(compact: str, address_check: AddressCodeCheck) -> bool:
    if address_check is AddressCodeCheck.COUNTY_AT_BIRTH:
        try:
            ric.validate(compact)
        except NumberValidationError:
            return False
        return True
    parts = numdb.get("cn/loc").info(compact[:6])
    return any("province" in props for _, props in parts)
