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
    cite,
    cite_passage,
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
