"""Every reason code has an English and a Chinese message showing the same facts, and a citation.

Each template is rendered with a distinct marker for every fact: both languages must show every
marker (a fact given in two languages, ``x_en`` / ``x_zh``, shows its own language's marker), the
English message must be English and the Chinese message Chinese.
"""

from __future__ import annotations

import re
import string

import pytest

from medins_rules.core.model import ReasonTemplate
from medins_rules.engine import catalogue

TEMPLATES = catalogue.all_reasons()
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _markers(template: ReasonTemplate) -> dict[str, str]:
    names = sorted(_placeholders(template.en) | _placeholders(template.zh))
    return {name: f"<<{index}>>" for index, name in enumerate(names)}


def _facts(template: ReasonTemplate, lang: str) -> dict[str, str]:
    """The markers one language's message must show (its own ``_en``/``_zh`` variants)."""
    other = "_zh" if lang == "en" else "_en"
    return {k: v for k, v in _markers(template).items() if not k.endswith(other)}


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_both_messages_are_non_empty_and_in_their_language(code: str) -> None:
    template = TEMPLATES[code]
    assert _CODE.match(code)
    assert template.en.strip()
    assert template.zh.strip()
    assert _CJK.search(template.zh), "the Chinese message has no Chinese text"
    assert not _CJK.search(template.en), "the English message contains Chinese text"


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_both_messages_show_the_same_facts(code: str) -> None:
    template = TEMPLATES[code]
    reason = template(**_markers(template))
    assert {n.removesuffix("_en") for n in _placeholders(template.en)} == {
        n.removesuffix("_zh") for n in _placeholders(template.zh)
    }
    for lang, message in (("en", reason.message_en), ("zh", reason.message_zh)):
        missing = [name for name, marker in _facts(template, lang).items() if marker not in message]
        assert not missing, f"the {lang} message does not show {missing}"


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_every_reason_cites_the_law_or_a_source_passage(code: str) -> None:
    template = TEMPLATES[code]
    assert template.citations
    for citation in template.citations:
        assert citation.title_en
        assert citation.title_zh
        assert (
            citation.article is not None or citation.passage is not None or citation.text_en is None
        )


def test_every_rule_declares_its_reasons_and_outcomes() -> None:
    for spec in catalogue.rules().values():
        assert spec.reasons, spec.name
        assert list(spec.outcomes), spec.name
        assert spec.summary_en.strip(), spec.name
        assert _CJK.search(spec.summary_zh), spec.name
        for template in spec.reasons:
            assert TEMPLATES[template.code] == template
