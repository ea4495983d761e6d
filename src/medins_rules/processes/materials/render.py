"""Checklists in words: what satisfies an item, in both languages, and a checklist as a Markdown table.

The check's reasons say what to submit with :func:`requirement_text`; the docs show each checklist as
the table :func:`render_checklist` renders (a test keeps ``docs/materials.md`` equal to it).

Limitations: English and Chinese only; the table is Markdown, its columns padded for a monospaced
font (a Chinese character counts two columns).

>>> print(requirement_text(checklist("offsite_filing").item("card")).zh)
医保卡，原件
>>> print(render_checklist("online_suspension").splitlines()[2])
| face_recognition | Face recognition of the insured person | 参保人本人人脸识别 | face recognition | 人脸识别     | source_000 `person_category` |
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from medins_rules.processes.materials.checklist_data import (
    Alternative,
    ChecklistItem,
    checklist,
    name_of,
)
from medins_rules.processes.materials.vocabulary import (
    NOT_PAPER,
    Business,
    Holder,
    ItemCondition,
    Name,
)

__all__ = ["accepted_issuers", "names_or_none", "render_checklist", "requirement_text"]


def _join(parts: Sequence[str], last_en: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {last_en} {parts[-1]}"


def _join_zh(parts: Sequence[str], last: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{'、'.join(parts[:-1])}{last}{parts[-1]}"


def _alternative_text(alt: Alternative) -> Name:
    kind = name_of(alt.kind)
    en, zh = [kind.en], [kind.zh]
    if alt.holder is Holder.AGENT:
        en, zh = [f"the agent's own {kind.en}"], [f"代办人本人的{kind.zh}"]
    if alt.kind not in NOT_PAPER:
        form = name_of(alt.form)
        en.append(form.en)
        zh.append(form.zh)
    if alt.both_sides:
        en.append("both sides copied")
        zh.append("正反两面复印")
    if alt.seals:
        seals = [name_of(s) for s in alt.seals]
        en.append("bearing " + _join([s.en for s in seals], "and"))
        zh.append("加盖" + _join_zh([s.zh for s in seals], "和"))
    if alt.issuers:
        issuers = [name_of(i) for i in alt.issuers]
        en.append("issued by " + _join([i.en for i in issuers], "or"))
        zh.append("由" + _join_zh([i.zh for i in issuers], "或") + "出具")
    return Name(en=", ".join(en), zh="，".join(zh))


def requirement_text(item: ChecklistItem) -> Name:
    """What satisfies ``item``, in words (its alternatives joined by "or").

    >>> print(requirement_text(checklist("offsite_reimbursement").item("discharge_summary")).en)
    discharge summary, copy, bearing the medical institution's special seal for medical records management
    """
    texts = [_alternative_text(a) for a in item.accepts]
    return Name(en="; or ".join(t.en for t in texts), zh="；或".join(t.zh for t in texts))


def accepted_issuers(alt: Alternative) -> Name:
    """The issuers ``alt`` accepts, joined by "or".

    >>> print(accepted_issuers(checklist("offsite_filing").item("residence_proof").accepts[0]).zh)
    当地派出所、街道办事处、居民委员会或村民委员会
    """
    names = [name_of(i) for i in alt.issuers]
    return Name(en=_join([n.en for n in names], "or"), zh=_join_zh([n.zh for n in names], "或"))


def names_or_none(names: Sequence[Name]) -> Name:
    """Names joined by semicolons, or "none" (无) when there are none.

    >>> names_or_none([]).en, names_or_none([Name(en="a", zh="甲"), Name(en="b", zh="乙")]).zh
    ('none', '甲；乙')
    """
    if not names:
        return Name(en="none", zh="无")
    return Name(en="; ".join(n.en for n in names), zh="；".join(n.zh for n in names))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def render_checklist(business: Business | str) -> str:
    """The checklist of ``business`` as a Markdown table (the docs show exactly this).

    Columns: the item's id, its English and Chinese names, what satisfies it in both languages, and the
    source passage. Items asked for only through an agent, and items the source hedges, say so.

    >>> print(render_checklist("batch_offsite_filing"))
    | id                | item                                                                                      | 材料                                               | accepted                                                        | 可接受的材料                     | source                    |
    | ----------------- | ----------------------------------------------------------------------------------------- | -------------------------------------------------- | --------------------------------------------------------------- | -------------------------------- | ------------------------- |
    | batch_import_form | Electronic import form for off-site treatment, from the municipal agency's service window | 异地就医电子导入表（在市医保经办机构服务窗口领取） | electronic import form for off-site treatment, original or copy | 异地就医电子导入表，原件或复印件 | source_002 `batch_import` |
    """
    found = checklist(business)
    header = ["id", "item", "材料", "accepted", "可接受的材料", "source"]
    rows = [header]
    for item in found.items:
        text = requirement_text(item)
        en, zh = text.en, text.zh
        if item.when is ItemCondition.THROUGH_AGENT:
            en, zh = f"only when an agent applies: {en}", f"仅代办时：{zh}"
        if item.hedged:
            en += " (the source says it may be needed; required by default)"
            zh += "（来源称可能需要；默认列为必备）"
        source = f"{item.source.instrument.value} `{item.source.passage}`"
        rows.append([item.id, item.name_en, item.name_zh, en, zh, source])
    widths = [max(_width(row[n]) for row in rows) for n in range(len(header))]
    lines = [
        "| " + " | ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines)
