"""The legal registry: every citation resolves, and every quoted text is faithful to its source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from medins_rules.core.errors import UnknownCitationError
from medins_rules.core.legal import (
    Citation,
    Instrument,
    InstrumentKind,
    cite,
    cite_passage,
    instrument_details,
    instrument_info,
    registry_entries,
)
from medins_rules.engine.catalogue import all_reasons


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_instrument_has_a_registry_entry() -> None:
    for instrument in Instrument:
        title_zh, title_en, _, _ = instrument_info(instrument)
        assert title_zh
        assert title_en


def test_a_citation_fills_in_title_and_text_from_the_registry() -> None:
    c = Citation(instrument=Instrument.SOCIAL_INSURANCE_LAW, article=27)
    assert c.title_zh == "中华人民共和国社会保险法"
    assert c.text_zh is not None
    assert c.text_zh.startswith("参加职工基本医疗保险的个人")


def test_a_paragraph_citation_quotes_only_that_paragraph() -> None:
    c = cite(Instrument.SOCIAL_INSURANCE_LAW, 29, paragraph=2)
    assert c.text_zh is not None
    assert "异地就医" in c.text_zh
    assert "直接结算" not in c.text_zh


def test_citing_an_unknown_article_fails_at_construction() -> None:
    with pytest.raises(ValidationError, match="no article 30"):
        Citation(instrument=Instrument.SOCIAL_INSURANCE_LAW, article=30)
    with pytest.raises(UnknownCitationError, match="no article 30"):
        cite(Instrument.SOCIAL_INSURANCE_LAW, 30)


def test_citing_an_unknown_passage_or_paragraph_fails() -> None:
    with pytest.raises(UnknownCitationError, match="no passage"):
        cite_passage(Instrument.SOURCE_002, "no_such_passage")
    with pytest.raises(UnknownCitationError, match="no paragraph 3"):
        cite(Instrument.SOCIAL_INSURANCE_LAW, 29, paragraph=3)


def test_a_statute_cannot_be_cited_without_an_article() -> None:
    with pytest.raises(UnknownCitationError, match="must be cited by article"):
        cite(Instrument.CIVIL_CODE)


def test_an_unknown_instrument_is_a_validation_error_naming_the_field() -> None:
    with pytest.raises(ValidationError, match="instrument"):
        Citation.model_validate({"instrument": "treaty_of_nowhere", "article": 1})


def test_a_citation_with_altered_text_is_refused() -> None:
    with pytest.raises(ValidationError, match="text_en"):
        Citation(instrument=Instrument.CIVIL_CODE, article=202, text_en="Something else.")


def test_citations_round_trip_through_json() -> None:
    for citation, _ in registry_entries():
        assert Citation.model_validate_json(citation.model_dump_json()) == citation


def test_the_social_insurance_law_texts_match_the_legal_notes(legal_notes: str) -> None:
    for article in (2, 3, 4, 26, 27, 28, 29):
        c = cite(Instrument.SOCIAL_INSURANCE_LAW, article)
        assert c.text_zh is not None
        for paragraph in c.text_zh.split("\n"):
            assert paragraph in legal_notes, f"art. {article}"
    c84 = cite(Instrument.BASIC_MEDICAL_CARE_LAW, 84)
    assert c84.text_zh is not None
    assert c84.text_zh in legal_notes


def test_the_refund_sentence_in_chinese_matches_the_legal_notes(legal_notes: str) -> None:
    c = cite_passage(Instrument.SOURCE_000, "refund_grounds")
    assert c.text_zh is not None
    assert c.text_zh in legal_notes


def test_every_source_passage_is_quoted_verbatim_from_its_source(sources_dir: Path) -> None:
    checked = 0
    for citation, _ in registry_entries():
        _, _, file_name, _ = instrument_info(citation.instrument)
        if file_name is None or citation.passage is None:
            continue
        text = _normalise((sources_dir / file_name).read_text("utf-8"))
        assert citation.text_en is not None
        assert _normalise(citation.text_en) in text, (citation.instrument, citation.passage)
        checked += 1
    assert checked >= 30


def test_source_003s_mislabel_is_recorded_and_rules_never_cite_it_as_article_29() -> None:
    _, _, _, note = instrument_info(Instrument.SOURCE_003)
    assert note is not None
    assert "art. 28" in note
    # Article 29 in the registry is direct settlement, not the payable-expenses text.
    art29 = cite(Instrument.SOCIAL_INSURANCE_LAW, 29)
    assert art29.text_zh is not None
    assert "药品目录" not in art29.text_zh
    for template in all_reasons().values():
        for citation in template.citations:
            if citation.instrument is Instrument.SOCIAL_INSURANCE_LAW and citation.article == 29:
                assert citation.paragraph == 2 or "settle" in template.en.lower()


def test_every_citation_a_rule_uses_resolves_in_the_registry() -> None:
    known = {(c.instrument, c.article, c.paragraph, c.passage) for c, _ in registry_entries()}
    for template in all_reasons().values():
        for c in template.citations:
            whole = c.article is None and c.passage is None
            key = (c.instrument, c.article, None, c.passage)
            assert whole or key in known or (c.instrument, c.article, None, None) in known
            # Re-validating from its JSON proves the registry still holds it.
            assert Citation.model_validate_json(c.model_dump_json()) == c


def test_the_legal_basis_page_is_generated_from_the_registry() -> None:
    from medins_rules.core.legal import render_legal_basis

    page = Path(__file__).resolve().parent.parent / "docs" / "legal-basis.md"
    assert page.read_text("utf-8") == render_legal_basis(), (
        "docs/legal-basis.md is out of date; regenerate it (see render_legal_basis)"
    )


# -- The statute texts against copies of the official texts (tests/data/legal/) ----------------------

DATA = Path(__file__).resolve().parent / "data" / "legal"
STATUTES = [i for i in Instrument if instrument_details(i).kind is InstrumentKind.STATUTE]
_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_ARTICLE = re.compile(r"^第([零〇一二三四五六七八九十百千]+)条[ 　]+(.+)$")
_ITEM = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_HEADING = re.compile(r"^第[零〇一二三四五六七八九十百千]+[编分章节]")


def _number(numeral: str) -> int:
    """A Chinese numeral as written in article numbers (二百零一 -> 201, 一千二百五十九 -> 1259)."""
    total, digit = 0, 0
    for ch in numeral:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
    return total + digit


def _header(path: Path) -> str:
    """The comment lines at the head of a copy, joined into one text."""
    lines = path.read_text("utf-8").splitlines()
    return " ".join(line.removeprefix("#").strip() for line in lines if line.startswith("#"))


def _articles(path: Path) -> dict[int, list[str]]:
    """The articles of a copy: 第N条 (or a decision's N、) starts one; each further line is a paragraph."""
    articles: dict[int, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        start = _ARTICLE.match(line) or _ITEM.match(line)
        if start:
            number = _number(start.group(1))
            assert number not in articles, f"{path.name}: article {number} twice"
            current = articles[number] = [start.group(2)]
        elif _HEADING.match(line) or current is None:
            current = None  # a chapter heading, or a title or preamble before the first article
        else:
            current.append(line)
    return articles


def test_chinese_numerals_are_read_as_article_numbers() -> None:
    assert [
        _number(n) for n in ("二", "十", "十二", "二十六", "二百", "二百零一", "一千二百五十九")
    ] == [
        2,
        10,
        12,
        26,
        200,
        201,
        1259,
    ]


@pytest.mark.parametrize("instrument", STATUTES, ids=str)
def test_every_paragraph_of_every_statute_article_is_the_official_text(
    instrument: Instrument,
) -> None:
    copy = _articles(DATA / f"{instrument.value}.txt")
    for citation, _ in registry_entries():
        if citation.instrument is not instrument or citation.article is None:
            continue
        assert citation.text_zh is not None, f"{instrument} art. {citation.article} has no Chinese"
        assert citation.text_zh.split("\n") == copy[citation.article], (
            f"{instrument} art. {citation.article} differs from the official text"
        )


@pytest.mark.parametrize("instrument", STATUTES, ids=str)
def test_every_statute_paragraph_has_its_english_beside_it(instrument: Instrument) -> None:
    for citation, _ in registry_entries():
        if citation.instrument is instrument and citation.article is not None:
            assert citation.text_zh is not None
            assert citation.text_en is not None
            assert len(citation.text_en.split("\n")) == len(citation.text_zh.split("\n"))


@pytest.mark.parametrize("instrument", STATUTES, ids=str)
def test_every_copy_of_an_official_text_says_where_it_came_from(instrument: Instrument) -> None:
    header = _header(DATA / f"{instrument.value}.txt")
    assert re.search(r"Official publication: .*(npc\.gov\.cn|www\.gov\.cn)", header)
    assert re.search(r"This copy\b", header)
    assert re.search(r"seen \d{4}-\d{2}-\d{2}", header)
    details = instrument_details(instrument)
    assert details.official_publication is not None
    assert details.copies, f"{instrument}: the registry names no copy read"


def test_a_copy_with_a_paragraph_changed_fails_the_comparison(tmp_path: Path) -> None:
    official = DATA / "civil_code.txt"
    altered = tmp_path / "civil_code.txt"
    altered.write_text(official.read_text("utf-8").replace("月末日", "次月首日"), "utf-8")
    assert _articles(official)[202] != _articles(altered)[202]
    dropped = tmp_path / "dropped.txt"
    dropped.write_text(
        official.read_text("utf-8").replace(
            "按照小时计算期间的，自法律规定或者当事人约定的时间开始计算。\n", ""
        ),
        "utf-8",
    )
    held = cite(Instrument.CIVIL_CODE, 201).text_zh
    assert held is not None
    assert _articles(official)[201] == held.split("\n")
    assert _articles(dropped)[201] != held.split("\n")  # a paragraph left out is caught


def test_art_82_is_funding_and_participation_and_art_83_the_multi_level_system() -> None:
    art82 = cite(Instrument.BASIC_MEDICAL_CARE_LAW, 82, paragraph=1)
    assert art82.text_zh is not None
    assert art82.text_zh.startswith("基本医疗服务费用主要由基本医疗保险基金和个人支付。")
    para2 = cite(Instrument.BASIC_MEDICAL_CARE_LAW, 82, paragraph=2)
    assert para2.text_zh is not None
    assert para2.text_zh.startswith("公民有依法参加基本医疗保险的权利和义务。")
    assert "城乡居民按照规定缴纳城乡居民基本医疗保险费" in para2.text_zh
    assert para2.text_en is not None
    assert para2.text_en.startswith("Citizens have the right and the duty to participate")
    whole82 = cite(Instrument.BASIC_MEDICAL_CARE_LAW, 82)
    assert whole82.text_zh is not None
    assert whole82.text_en is not None
    assert "多层次" not in whole82.text_zh
    assert "multi-level" not in whole82.text_en
    art83 = cite(Instrument.BASIC_MEDICAL_CARE_LAW, 83, paragraph=1)
    assert art83.text_zh is not None
    assert art83.text_en is not None
    assert "多层次的医疗保障体系" in art83.text_zh
    assert "multi-level medical security system" in art83.text_en
    with pytest.raises(UnknownCitationError, match="no paragraph 4"):
        cite(Instrument.BASIC_MEDICAL_CARE_LAW, 83, paragraph=4)


def test_the_retirement_schedule_quotes_the_decision_and_the_measures_word_for_word() -> None:
    schedule = cite_passage(Instrument.RETIREMENT_AGE_DECISION, "schedule")
    assert schedule.text_zh is not None
    assert schedule.text_en is not None
    item1, measures1 = schedule.text_zh.split("\n")
    assert [item1] == _articles(DATA / "retirement_age_decision.txt")[1]
    assert [measures1] == _articles(DATA / "retirement_age_measures.txt")[1]
    assert len(schedule.text_en.split("\n")) == 2
    assert cite(Instrument.RETIREMENT_AGE_MEASURES, 1).text_zh == measures1


def test_the_legal_notes_agree_with_the_opening_of_art_82(legal_notes: str) -> None:
    notes = re.sub(r"\s+", "", legal_notes)
    para1 = cite(Instrument.BASIC_MEDICAL_CARE_LAW, 82, paragraph=1).text_zh
    assert para1 is not None
    opening = para1.split("。")[0] + "。"
    assert f"「{opening}」" in notes


# -- The legal-basis page --------------------------------------------------------------------------


def test_the_legal_basis_page_shows_the_dates_and_the_copies() -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "legal-basis.md").read_text("utf-8")
    assert "### Article 83" in page
    assert (
        "Dates: adopted or issued 2010-10-28; amended 2018-12-29; in force from 2011-07-01" in page
    )
    assert "Copies read:" in page
