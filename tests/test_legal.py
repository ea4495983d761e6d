"""The legal registry: every citation resolves, and every quoted text is faithful to its source."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from medins_rules.core.errors import ParameterNotInForceError, UnknownCitationError
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
from medins_rules.core.parameters import parameters_for, shipped_versions
from medins_rules.engine.catalogue import all_reasons
from medins_rules.processes.refunds import RefundCase, RefundOutcome, refund


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
NORMATIVE = [
    i for i in Instrument if instrument_details(i).kind is InstrumentKind.NORMATIVE_DOCUMENT
]
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


# -- Normative documents known from excerpts -------------------------------------------------------


def _blocks(path: Path) -> dict[str, tuple[bool, str]]:
    """The excerpt blocks of a copy file: address -> (abridged, text)."""
    blocks: dict[str, tuple[bool, list[str]]] = {}
    current: list[str] | None = None
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        head = re.match(r"^\[(\S+)\](.*)$", line)
        if head:
            current = []
            blocks[head.group(1)] = ("abridged" in head.group(2), current)
        else:
            assert current is not None, f"{path.name}: text before the first address"
            current.append(line)
    return {where: (abridged, "\n".join(lines)) for where, (abridged, lines) in blocks.items()}


@pytest.mark.parametrize("instrument", NORMATIVE, ids=str)
def test_every_sentence_of_a_normative_document_is_quoted_from_the_copies_it_names(
    instrument: Instrument,
) -> None:
    blocks = _blocks(DATA / f"{instrument.value}.txt")
    details = instrument_details(instrument)
    assert details.document_number
    assert details.document_number in (DATA / f"{instrument.value}.txt").read_text("utf-8")
    passages = [c for c, _ in registry_entries() if c.instrument is instrument and c.passage]
    assert passages
    for citation in passages:
        assert citation.text_zh, citation.passage
        assert citation.text_en, citation.passage
        entry = next(p for name, p in _passages(instrument).items() if name == citation.passage)
        assert entry.found_in, f"{citation.passage}: no copy named"
        for where in entry.found_in:
            abridged, text = blocks[where]
            assert not abridged, f"{citation.passage}: {where} only restates the text"
            assert citation.text_zh in text.replace("\n", ""), (citation.passage, where)


@pytest.mark.parametrize("instrument", NORMATIVE, ids=str)
def test_a_normative_document_records_its_number_issuer_and_official_publication(
    instrument: Instrument,
) -> None:
    details = instrument_details(instrument)
    assert re.fullmatch(r"\S+〔20\d\d〕\d+号", details.document_number or "")
    assert details.issuer_zh
    assert details.issuer_en
    assert details.official_publication
    assert "gov.cn" in details.official_publication
    assert details.dating
    assert all(copy.seen and copy.where.startswith("http") for copy in details.copies)


def test_the_waiting_periods_and_the_late_filing_can_be_cited() -> None:
    waiting = cite_passage(Instrument.ENROLMENT_MECHANISM_OPINION, "waiting_periods")
    assert waiting.text_zh is not None
    assert waiting.text_en is not None
    assert waiting.text_zh.startswith("自2025年起")
    assert "固定待遇等待期3个月" in waiting.text_zh
    assert "增加变动待遇等待期1个月" in waiting.text_zh
    assert "3 months" in waiting.text_en
    assert "1 month" in waiting.text_en
    late = cite_passage(Instrument.CROSS_PROVINCE_SETTLEMENT_NOTICE, "filing_after_treatment")
    assert late.text_zh is not None
    assert "补办" in late.text_zh
    assert late.label_zh.startswith("《国家医保局 财政部关于进一步做好")
    online = cite_passage(Instrument.CROSS_PROVINCE_SETTLEMENT_NOTICE, "online_filing")
    assert online.text_zh is not None
    assert "线上线下途径" in online.text_zh
    temporary = cite_passage(Instrument.CROSS_PROVINCE_SETTLEMENT_NOTICE, "temporary_validity")
    assert temporary.text_zh is not None
    assert "不少于6个月" in temporary.text_zh
    assert instrument_details(Instrument.CROSS_PROVINCE_SETTLEMENT_NOTICE).in_force == dt.date(
        2023, 1, 1
    )


def test_the_unverified_personal_commitment_is_said_to_be_unverified_not_quoted() -> None:
    details = instrument_details(Instrument.CROSS_PROVINCE_SETTLEMENT_NOTICE)
    assert details.note is not None
    assert "个人承诺" in details.note
    assert "Not verified" in details.note
    for name, passage in _passages(Instrument.CROSS_PROVINCE_SETTLEMENT_NOTICE).items():
        assert "承诺" not in (passage.text_zh or ""), name


def _passages(instrument: Instrument) -> dict[str, Any]:
    from medins_rules.core.legal import _registry

    return dict(_registry()[instrument].passages)


# -- Dating the sources ---------------------------------------------------------------------------


def test_source_000_is_held_from_the_earliest_date_a_public_copy_bears() -> None:
    details = instrument_details(Instrument.SOURCE_000)
    dated = [copy.dated for copy in details.copies if copy.dated is not None]
    assert details.shown_from == min(dated) == dt.date(2022, 9, 14)
    assert details.dating is not None
    assert "2011" in details.dating
    assert all(copy.seen >= copy.dated for copy in details.copies if copy.dated)


def test_source_000_copies_carry_its_chinese_and_the_dates_the_registry_gives() -> None:
    blocks = _blocks(DATA / "source_000_copies.txt")
    registry = {copy.where: copy for copy in instrument_details(Instrument.SOURCE_000).copies}
    assert set(blocks) == set(registry)
    header_dates = {
        where: dt.date.fromisoformat(m.group(1))
        for where, m in (
            (line[1:].split("]")[0], re.search(r"updated (\d{4}-\d{2}-\d{2})", line))
            for line in (DATA / "source_000_copies.txt").read_text("utf-8").splitlines()
            if line.startswith("[")
        )
        if m
    }
    assert header_dates == {w: c.dated for w, c in registry.items() if c.dated}
    grounds = cite_passage(Instrument.SOURCE_000, "refund_grounds").text_zh
    channel = cite_passage(Instrument.SOURCE_000, "refund_channel").text_zh
    assert grounds is not None
    assert channel is not None
    meizhou = blocks["http://8jk.a899.cn/html/95e599343.html"][1]
    assert grounds.removeprefix("参保人按规定办理停保手续，") in meizhou
    assert channel in meizhou
    assert "线上退费申请功能将于近期开通" in meizhou  # "will be launched in the near future"


def _versions_citing(instrument: Instrument) -> list[Any]:
    return [v for v in shipped_versions() if v.citation.instrument is instrument]


def test_no_parameter_starts_before_its_source_can_be_shown_to_hold() -> None:
    checked = 0
    for instrument in Instrument:
        details = instrument_details(instrument)
        for bound in (details.shown_from, details.not_before):
            if bound is None:
                continue
            for version in _versions_citing(instrument):
                assert version.effective_from >= bound, (version.name, version.jurisdiction)
                checked += 1
    assert checked >= 7


def test_source_000_s_parameters_start_on_the_day_it_is_shown_to_hold() -> None:
    starts = {v.name: v.effective_from for v in _versions_citing(Instrument.SOURCE_000)}
    assert set(starts) == {
        "refunds.online_service_launch",
        "refunds.benefit_period",
        "refunds.channels_unable_to_refund",
        "suspension.online_applet",
    }
    assert set(starts.values()) == {instrument_details(Instrument.SOURCE_000).shown_from}


def test_every_source_records_how_it_is_dated() -> None:
    for instrument in Instrument:
        details = instrument_details(instrument)
        if details.kind is InstrumentKind.SOURCE:
            assert details.dating, instrument
            assert details.shown_from or details.not_before, instrument


_PAID = {"amount": "380.00", "scheme_year": 2023, "city": "440100", "channel": "wechat"}


def _refund_case(evaluation: dt.date) -> RefundCase:
    return RefundCase(
        payments=[
            {**_PAID, "payment_date": dt.date(2022, 8, 1)},
            {**_PAID, "payment_date": dt.date(2022, 8, 2)},
        ],
        terminates_participation=True,
        evaluation_date=evaluation,
    )


def test_a_refund_the_day_before_source_000_is_shown_is_refused_naming_the_date() -> None:
    with pytest.raises(ParameterNotInForceError, match=r"^evaluation_date: .*2022-09-13"):
        refund(_refund_case(dt.date(2022, 9, 13)))


def test_a_refund_applied_for_on_the_day_source_000_is_shown_is_decided() -> None:
    decision = refund(_refund_case(dt.date(2022, 9, 14)))
    assert decision.outcome is RefundOutcome.PARTLY_REFUNDABLE
    assert {u.effective_from for u in decision.parameters} == {dt.date(2022, 9, 14)}


def test_a_caller_who_reads_the_source_as_older_passes_the_parameters_explicitly() -> None:
    early = dt.date(2020, 12, 31)
    case = RefundCase(
        payments=[
            {**_PAID, "scheme_year": 2021, "payment_date": dt.date(2020, 10, 8)},
            {**_PAID, "scheme_year": 2021, "payment_date": dt.date(2020, 10, 9)},
        ],
        terminates_participation=True,
        evaluation_date=early,
    )
    with pytest.raises(ParameterNotInForceError, match="^evaluation_date: "):
        refund(case)
    chosen = (
        parameters_for("440100", on=early)
        .with_value("refunds.benefit_period", "calendar_year")
        .with_value("refunds.channels_unable_to_refund", [])
        .with_value("refunds.online_service_launch", "not_launched")
    )
    assert refund(case, parameters=chosen).outcome is RefundOutcome.PARTLY_REFUNDABLE


@settings(max_examples=60)
@given(st.dates(dt.date(2011, 7, 1), dt.date(2022, 9, 13)))
def test_no_refund_before_source_000_is_shown_is_ever_decided(evaluation: dt.date) -> None:
    case = RefundCase(
        payments=[{**_PAID, "scheme_year": evaluation.year + 1, "payment_date": evaluation}],
        terminates_participation=True,
        evaluation_date=evaluation,
    )
    with pytest.raises(ParameterNotInForceError, match="^evaluation_date: "):
        refund(case)


# -- The legal-basis page --------------------------------------------------------------------------


def test_the_legal_basis_page_shows_the_dating_and_the_copies() -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "legal-basis.md").read_text("utf-8")
    assert "shown to be published by 2022-09-14" in page
    assert "Document number: 国办发〔2024〕38号" in page
    assert "Document number: 医保发〔2022〕22号" in page
    assert "### Article 83" in page
    assert "http://www.yzzsnet.com/techan/179860.html (dated 2022-09-14; seen 2026-12-01)" in page
