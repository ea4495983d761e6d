"""The decision model: reasons, decisions, JSON round trips, hashing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

import pytest
from pydantic import BaseModel, ValidationError

from medins_rules.core.errors import UnknownJurisdictionError
from medins_rules.core.legal import Instrument, cite
from medins_rules.core.model import (
    Decision,
    Jurisdiction,
    Reason,
    ReasonTemplate,
    Yuan,
    jurisdiction_chain,
    parse_jurisdiction,
)

CITE = (cite(Instrument.CIVIL_CODE, 200),)


class Light(StrEnum):
    GREEN = "green"
    RED = "red"


STOP = ReasonTemplate("example.stop", "Stop on {day}.", "{day}停。", CITE)
BILINGUAL = ReasonTemplate("example.named", "Named {what_en}.", "名为{what_zh}。", CITE)


def _decision(**kw: object) -> Decision[Light]:
    base: dict[str, object] = {
        "rule": "example.rule",
        "outcome": Light.RED,
        "reasons": (STOP(day=dt.date(2026, 1, 5)),),
        "evaluation_date": dt.date(2026, 1, 5),
        "jurisdiction": Jurisdiction.GUANGZHOU,
    }
    return Decision[Light](**{**base, **kw})  # type: ignore[arg-type]


def test_a_reason_template_formats_both_languages_with_the_facts() -> None:
    reason = STOP(day=dt.date(2026, 1, 5))
    assert reason.message_en == "Stop on 2026-01-05."
    assert reason.message_zh == "2026-01-05停。"
    assert reason.facts == {"day": "2026-01-05"}
    assert reason.citations == CITE


def test_facts_are_rendered_to_json_stable_values() -> None:
    reason = STOP(day=1, amount=Decimal("12.30"), light=Light.GREEN, ok=True, none=None)
    assert reason.facts == {"day": 1, "amount": "12.30", "light": "green", "ok": True, "none": None}


def test_a_template_in_two_languages_takes_suffixed_facts() -> None:
    reason = BILINGUAL(what_en="the window", what_zh="期限")
    assert (reason.message_en, reason.message_zh) == ("Named the window.", "名为期限。")


def test_a_template_whose_languages_show_different_facts_is_refused() -> None:
    with pytest.raises(ValueError, match="placeholders differ"):
        ReasonTemplate("example.bad", "On {day}.", "在{date}。", CITE)


def test_a_template_needs_a_dotted_code_and_a_citation() -> None:
    with pytest.raises(ValueError, match="dotted"):
        ReasonTemplate("Bad Code", "x", "x", CITE)
    with pytest.raises(ValueError, match="citation"):
        ReasonTemplate("example.none", "x", "x", ())


def test_a_decision_round_trips_through_json_exactly_and_hashes_alike() -> None:
    d = _decision()
    again = Decision[Light].model_validate_json(d.model_dump_json())
    assert again == d
    assert hash(again) == hash(d)
    assert {d, again} == {d}


def test_a_decision_without_reasons_is_refused() -> None:
    with pytest.raises(ValidationError, match="reasons"):
        _decision(reasons=())


def test_a_reason_without_citations_is_refused() -> None:
    with pytest.raises(ValidationError, match="citations"):
        Reason(code="example.x", message_en="x", message_zh="x", citations=())


def test_decisions_are_frozen() -> None:
    d = _decision()
    with pytest.raises(ValidationError):
        d.outcome = Light.GREEN  # type: ignore[misc]


def test_explain_shows_outcome_reasons_and_citations_in_either_language() -> None:
    d = _decision()
    assert "example.rule: red" in d.explain()
    assert "Civil Code" in d.explain("en")
    assert "《民法典》第200条" in d.explain("zh")
    assert "2026-01-05停。" in d.explain("zh")


def test_jurisdictions_layer_city_over_province_over_nation() -> None:
    assert jurisdiction_chain(Jurisdiction.GUANGZHOU) == (
        Jurisdiction.GUANGZHOU,
        Jurisdiction.GUANGDONG,
        Jurisdiction.NATIONAL,
    )
    assert parse_jurisdiction("440000") is Jurisdiction.GUANGDONG
    with pytest.raises(UnknownJurisdictionError, match="440300"):
        parse_jurisdiction("440300")


class _Money(BaseModel):
    amount: Yuan


@pytest.mark.parametrize("bad", ["12.345", "NaN", "Infinity", "-Infinity", "abc"])
def test_money_refuses_fractional_fen_and_non_finite_values(bad: str) -> None:
    with pytest.raises(ValidationError, match="amount"):
        _Money.model_validate({"amount": bad})


def test_money_keeps_exact_decimals() -> None:
    assert _Money.model_validate({"amount": "0.10"}).amount == Decimal("0.10")
    assert _Money.model_validate_json('{"amount": 0.1}').amount == Decimal("0.1")


def test_facts_are_read_only_and_behave_as_a_dict_otherwise() -> None:
    import copy
    import pickle

    from medins_rules.core.model import Facts

    facts = Facts({"a": "1", "b": 2})
    for change in (
        lambda: facts.__setitem__("a", "2"),
        lambda: facts.__delitem__("a"),
        facts.clear,
        lambda: facts.pop("a"),
        facts.popitem,
        lambda: facts.setdefault("c", 3),
        lambda: facts.update(c=3),
    ):
        with pytest.raises(TypeError, match="read-only"):
            change()
    with pytest.raises(TypeError, match="read-only"):
        facts |= {"c": 3}
    assert facts == {"a": "1", "b": 2}
    assert dict(facts) == {"a": "1", "b": 2}
    assert pickle.loads(pickle.dumps(facts)) == facts
    assert type(pickle.loads(pickle.dumps(facts))) is Facts
    assert copy.deepcopy(facts) is facts
    assert hash(facts) == hash(Facts(dict(facts)))


def test_every_rule_gives_reasons_whose_facts_cannot_be_changed() -> None:
    """A rule may hand one decision to many callers (its memos do): nothing in it may change."""
    import json
    from pathlib import Path

    from medins_rules.engine import catalogue

    examples = Path(catalogue.__file__).parent.parent / "data" / "examples"
    for name in catalogue.rules():
        case = json.loads((examples / f"{name}.json").read_text("utf-8"))
        for decision in (catalogue.evaluate(name, case), catalogue.evaluate(name, case)):
            for reason in decision.reasons:
                with pytest.raises(TypeError):
                    reason.facts["changed"] = True  # type: ignore[index]
            round_trip = type(decision).model_validate_json(decision.model_dump_json())
            assert round_trip == decision
            assert all(type(r.facts).__name__ == "Facts" for r in round_trip.reasons)
