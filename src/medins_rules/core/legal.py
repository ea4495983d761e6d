"""The legal registry and citations.

Every article and source passage a rule may cite is held in ``data/legal.toml`` with its text. A
:class:`Citation` names an instrument and an article (with an optional paragraph) or a passage of a
source document; construction looks it up and fills in the title and the quoted text, and fails with a
validation error when the registry has no such article or passage, so a rule cannot cite something the
registry does not hold.

Beside the texts the registry records what is known of each instrument (:func:`instrument_details`):
its document number, issuer and dates, how a source document is dated, where its official text is
published and which public copies the project read (address, the date the copy bears, the day it was
seen). Statute texts are checked by the tests against copies of the official texts kept with them.

>>> c = cite(Instrument.CIVIL_CODE, 202)
>>> print(c.label)
Civil Code of the People's Republic of China, art. 202
>>> cite(Instrument.SOCIAL_INSURANCE_LAW, 29, paragraph=2).text_zh[:12]
'社会保险行政部门和卫生行'
>>> cite_passage(Instrument.SOURCE_002, "one_year_limit").text_en
'No payment will be made if it has not been processed for more than 1 year.'
>>> cite(Instrument.BASIC_MEDICAL_CARE_LAW, 82, paragraph=1).text_zh[:25]
'基本医疗服务费用主要由基本医疗保险基金和个人支付。'
>>> details = instrument_details(Instrument.SOURCE_000)
>>> details.shown_from, details.copies[0].dated
(datetime.date(2022, 9, 14), datetime.date(2022, 9, 14))
>>> instrument_details(Instrument.ENROLMENT_MECHANISM_OPINION).document_number
'国办发〔2024〕38号'
>>> cite(Instrument.SOCIAL_INSURANCE_LAW, 99)
Traceback (most recent call last):
...
medins_rules.core.errors.UnknownCitationError: citation: social_insurance_law has no article 99 in the registry (known: 2, 3, 4, 26, 27, 28, 29)
"""

from __future__ import annotations

import datetime as dt
import functools
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from medins_rules.core.datafiles import read_toml
from medins_rules.core.errors import UnknownCitationError
from medins_rules.core.readonly import ReadOnlyDict

__all__ = [
    "Citation",
    "Copy",
    "Instrument",
    "InstrumentDetails",
    "InstrumentKind",
    "cite",
    "cite_passage",
    "instrument_details",
    "instrument_info",
]


class Instrument(StrEnum):
    """An instrument a rule may cite: a statute, a notice, a standard or a source document."""

    SOCIAL_INSURANCE_LAW = "social_insurance_law"
    BASIC_MEDICAL_CARE_LAW = "basic_medical_care_law"
    CIVIL_CODE = "civil_code"
    RETIREMENT_AGE_DECISION = "retirement_age_decision"
    RETIREMENT_AGE_MEASURES = "retirement_age_measures"
    HOLIDAY_NOTICES = "holiday_notices"
    HOLIDAY_REGULATIONS_1999 = "holiday_regulations_1999"
    HOLIDAY_REGULATIONS_2007 = "holiday_regulations_2007"
    HOLIDAY_REGULATIONS_2013 = "holiday_regulations_2013"
    HOLIDAY_REGULATIONS_2024 = "holiday_regulations_2024"
    GB_11643 = "gb_11643"
    CROSS_PROVINCE_SETTLEMENT_NOTICE = "cross_province_settlement_notice"
    ENROLMENT_MECHANISM_OPINION = "enrolment_mechanism_opinion"
    SOURCE_000 = "source_000"
    SOURCE_001 = "source_001"
    SOURCE_002 = "source_002"
    SOURCE_003 = "source_003"
    SOURCE_004 = "source_004"


class InstrumentKind(StrEnum):
    """What kind of text an instrument is."""

    STATUTE = "statute"
    NOTICE = "notice"
    NORMATIVE_DOCUMENT = "normative_document"
    STANDARD = "standard"
    SOURCE = "source"


class _Article(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    article: int
    paragraphs_zh: tuple[str, ...] = ()
    paragraphs_en: tuple[str, ...] = ()


class _Passage(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    text_en: str | None = None
    text_zh: str | None = None
    found_in: tuple[str, ...] = ()
    """Addresses of the public copies the Chinese text was read in (for texts not held whole)."""


class Copy(BaseModel):
    """A public copy of an instrument's text that the project read.

    ``where`` is an address (a web page, or a repository, commit and file); ``dated`` the date the copy
    itself bears, when it bears one; ``seen`` the day the project read it; ``note`` what it is and
    what it shows.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    where: str
    seen: dt.date
    dated: dt.date | None = None
    note: str


class InstrumentDetails(BaseModel):
    """What the registry records about an instrument, beside its texts.

    * ``document_number``: the official document number (文号), where it has one.
    * ``adopted``: the day a statute was adopted or a document signed or issued; ``amended``: the days
      of later amendments; ``in_force``: the day it entered into force.
    * ``shown_from``: for an undated source document, the earliest day its text can be shown to have
      been published (the earliest date a public copy bears); parameters resting on it start no
      earlier. ``not_before``: a day the text's own content shows it cannot predate (a law it cites).
    * ``dating``: how the dates were established, and what could not be.
    * ``official_publication``: where the official text is published; ``copies``: the public copies
      read, each with its address, date and the day it was seen.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: InstrumentKind
    title_zh: str
    title_en: str
    whole: bool
    file: str | None = None
    note: str | None = None
    document_number: str | None = None
    issuer_zh: str | None = None
    issuer_en: str | None = None
    adopted: dt.date | None = None
    amended: tuple[dt.date, ...] = ()
    in_force: dt.date | None = None
    shown_from: dt.date | None = None
    not_before: dt.date | None = None
    dating: str | None = None
    official_publication: str | None = None
    copies: tuple[Copy, ...] = ()


class _InstrumentEntry(InstrumentDetails):
    articles: tuple[_Article, ...] = ()
    passages: Annotated[dict[str, _Passage], AfterValidator(ReadOnlyDict)] = Field(
        default_factory=ReadOnlyDict
    )

    def article(self, number: int) -> _Article | None:
        return next((a for a in self.articles if a.article == number), None)

    def details(self) -> InstrumentDetails:
        return InstrumentDetails.model_validate(self.model_dump(exclude={"articles", "passages"}))


@functools.cache
def _registry() -> ReadOnlyDict[Instrument, _InstrumentEntry]:
    raw = read_toml("legal.toml")
    entries = {
        Instrument(k): _InstrumentEntry.model_validate(v) for k, v in raw["instruments"].items()
    }
    missing = set(Instrument) - set(entries)
    if missing:  # pragma: no cover - guarded by tests on the shipped data
        raise UnknownCitationError(f"legal registry: no entry for {sorted(missing)}")
    return ReadOnlyDict(entries)


def instrument_info(instrument: Instrument) -> tuple[str, str, str | None, str | None]:
    """Return ``(title_zh, title_en, source file name, note)`` for an instrument."""
    entry = _registry()[Instrument(instrument)]
    return entry.title_zh, entry.title_en, entry.file, entry.note


def instrument_details(instrument: Instrument) -> InstrumentDetails:
    """What the registry records about an instrument: number, issuer, dates, dating and copies."""
    return _registry()[Instrument(instrument)].details()


class Citation(BaseModel):
    """A reference to an article (optionally a paragraph) or a source passage, with its text.

    Only ``instrument`` and one of ``article`` / ``passage`` need be given; the titles and texts are
    filled from the registry. Given texts must equal the registry's, so a citation read back from JSON
    is the same citation.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    instrument: Instrument
    article: int | None = None
    paragraph: int | None = None
    passage: str | None = None
    title_zh: str = ""
    title_en: str = ""
    text_zh: str | None = None
    text_en: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _fill_from_registry(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        try:
            instrument = Instrument(str(data.get("instrument")))
        except ValueError:
            return data  # pydantic reports the bad enum value with its field path
        entry = _registry()[instrument]
        article, paragraph, passage = (
            data.get("article"),
            data.get("paragraph"),
            data.get("passage"),
        )
        text_zh, text_en = _resolve_text(instrument, entry, article, paragraph, passage)
        filled = {
            "title_zh": entry.title_zh,
            "title_en": entry.title_en,
            "text_zh": text_zh,
            "text_en": text_en,
        }
        for key, value in filled.items():
            given = data.get(key)
            if given not in (None, "") and given != value:
                raise ValueError(f"{key}: does not match the registry text for this citation")
        return {**data, **filled}

    @property
    def label(self) -> str:
        """A short English label: title and article, paragraph or passage."""
        parts = [self.title_en]
        if self.article is not None:
            parts.append(f"art. {self.article}")
        if self.paragraph is not None:
            parts.append(f"para. {self.paragraph}")
        if self.passage is not None:
            parts.append(f"passage {self.passage!r}")
        return ", ".join(parts)

    @property
    def label_zh(self) -> str:
        """A short Chinese label: title and article or paragraph."""
        label = f"《{self.title_zh.removeprefix('中华人民共和国')}》"
        if self.article is not None:
            label += f"第{self.article}条"
        if self.paragraph is not None:
            label += f"第{self.paragraph}款"
        return label


def _resolve_text(
    instrument: Instrument,
    entry: _InstrumentEntry,
    article: Any,
    paragraph: Any,
    passage: Any,
) -> tuple[str | None, str | None]:
    if article is not None and passage is not None:
        raise UnknownCitationError(
            f"citation: {instrument} takes an article or a passage, not both"
        )
    if paragraph is not None and article is None:
        raise UnknownCitationError(f"citation: {instrument} paragraph {paragraph} needs an article")
    if passage is not None:
        found = entry.passages.get(str(passage))
        if found is None:
            known = ", ".join(sorted(entry.passages)) or "none"
            raise UnknownCitationError(
                f"citation: {instrument} has no passage {passage!r} in the registry (known: {known})"
            )
        return found.text_zh, found.text_en
    if article is None:
        if not entry.whole:
            raise UnknownCitationError(f"citation: {instrument} must be cited by article")
        return None, None
    art = entry.article(int(article))
    if art is None:
        known = ", ".join(str(a.article) for a in entry.articles) or "none"
        raise UnknownCitationError(
            f"citation: {instrument} has no article {article} in the registry (known: {known})"
        )
    if paragraph is None:
        return _join(art.paragraphs_zh), _join(art.paragraphs_en)
    index = int(paragraph) - 1
    count = max(len(art.paragraphs_zh), len(art.paragraphs_en))
    if not 0 <= index < count:
        raise UnknownCitationError(
            f"citation: {instrument} art. {article} has no paragraph {paragraph} (it has {count})"
        )
    zh = art.paragraphs_zh[index] if index < len(art.paragraphs_zh) else None
    en = art.paragraphs_en[index] if index < len(art.paragraphs_en) else None
    return zh, en


def _join(paragraphs: tuple[str, ...]) -> str | None:
    return "\n".join(paragraphs) if paragraphs else None


@functools.cache
def cite(
    instrument: Instrument, article: int | None = None, *, paragraph: int | None = None
) -> Citation:
    """Cite an article (optionally one paragraph) of an instrument; raises for unknown ones."""
    entry = _registry()[Instrument(instrument)]
    _resolve_text(Instrument(instrument), entry, article, paragraph, None)  # raises the plain error
    return Citation(instrument=instrument, article=article, paragraph=paragraph)


@functools.cache
def cite_passage(instrument: Instrument, passage: str) -> Citation:
    """Cite a named passage of a source document or notice; raises for unknown ones."""
    entry = _registry()[Instrument(instrument)]
    _resolve_text(Instrument(instrument), entry, None, None, passage)
    return Citation(instrument=instrument, passage=passage)


def registry_entries() -> list[tuple[Citation, str | None]]:
    """Every citable article and passage with the instrument's note (for docs and tests)."""
    out: list[tuple[Citation, str | None]] = []
    for instrument, entry in _registry().items():
        for art in entry.articles:
            out.append((cite(instrument, art.article), entry.note))
        for name in entry.passages:
            out.append((cite_passage(instrument, name), entry.note))
    return out


def render_legal_basis() -> str:
    """The ``docs/legal-basis.md`` page, generated from the registry (a test keeps them equal).

    Regenerate with ``python -c "from medins_rules.core.legal import render_legal_basis as r;
    print(r(), end='')" > docs/legal-basis.md``.
    """
    lines = [
        "# Legal basis",
        "",
        "<!-- Generated from the legal registry (data/legal.toml): do not edit by hand. A test fails",
        "     when this page is out of date; see render_legal_basis in core/legal.py. -->",
        "",
        "Every article and source passage the rules may cite, as held in the package's legal",
        "registry (`data/legal.toml`), with what the registry records of each instrument: its number,",
        "issuer and dates, how an undated source is dated, where the official text is published and",
        "the public copies the project read. Statute English texts are the project's translation unless",
        "a source quotes them; the Chinese texts of the statutes are checked by the tests against copies",
        "of the official texts kept with them (`tests/data/legal/`).",
        "",
    ]
    for instrument, entry in _registry().items():
        lines += [f"## {entry.title_zh}", "", f"*{entry.title_en}* (`{instrument.value}`)", ""]
        lines += _facts(entry)
        if entry.file:
            lines += [f"Source document `{entry.file}`.", ""]
        if entry.note:
            lines += [f"Note: {entry.note}", ""]
        for art in entry.articles:
            lines += [f"### Article {art.article}", ""]
            count = max(len(art.paragraphs_zh), len(art.paragraphs_en))
            for i in range(count):
                label = f"Para. {i + 1}: " if count > 1 else ""
                if i < len(art.paragraphs_zh):
                    lines += [f"> {label}{art.paragraphs_zh[i]}", ">"]
                if i < len(art.paragraphs_en):
                    lines += [f"> {label}{art.paragraphs_en[i]}", ""]
                elif lines[-1] == ">":
                    lines[-1] = ""
        for name, passage in entry.passages.items():
            lines += [f"- `{name}`: {_one_line(passage.text_en or '')}"]
            if passage.text_zh:
                lines += [f"  （{_one_line(passage.text_zh)}）"]
            if passage.found_in:
                lines += [f"  Read in: {', '.join(passage.found_in)}."]
        if entry.passages:
            lines.append("")
        if entry.copies:
            lines += ["Copies read:", ""]
            for copy in entry.copies:
                dated = f"dated {copy.dated}; " if copy.dated else ""
                lines += [f"- {copy.where} ({dated}seen {copy.seen}): {copy.note}"]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split("\n"))


def _facts(entry: _InstrumentEntry) -> list[str]:
    """The instrument's number, issuer, dates, dating and official publication, as a list."""
    facts: list[str] = []
    if entry.document_number:
        facts.append(f"Document number: {entry.document_number}")
    if entry.issuer_zh or entry.issuer_en:
        both = " / ".join(x for x in (entry.issuer_zh, entry.issuer_en) if x)
        facts.append(f"Issued by: {both}")
    dates = []
    if entry.adopted:
        dates.append(f"adopted or issued {entry.adopted}")
    if entry.amended:
        dates.append("amended " + ", ".join(str(d) for d in entry.amended))
    if entry.in_force:
        dates.append(f"in force from {entry.in_force}")
    if entry.shown_from:
        dates.append(f"shown to be published by {entry.shown_from}")
    if entry.not_before:
        dates.append(f"not older than {entry.not_before}")
    if dates:
        facts.append("Dates: " + "; ".join(dates))
    if entry.dating:
        facts.append(f"Dating: {entry.dating}")
    if entry.official_publication:
        facts.append(f"Official publication: {entry.official_publication}")
    return [*(f"- {f}" for f in facts), ""] if facts else []
