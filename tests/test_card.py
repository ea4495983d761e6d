"""The card application place: the agency of the registration's prefecture-level place (or, by the
county reading, of the very division), on the one division table; every refusal names its field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from pydantic import ValidationError

from medins_rules.processes.card import (
    REASONS,
    CardApplicationCase,
    CardApplicationDecision,
    CardApplicationOutcome,
    CardOptions,
    CardPlaceLevel,
    card_application,
)
from medins_rules.testing.strategies.eligibility import card_application_cases
from medins_rules.vocab import divisions

COUNTY = CardOptions(place_level="county")
DAY = dt.date(2026, 3, 2)


def card(registration: str = "440106", agency: str = "440106", **kw: Any) -> CardApplicationCase:
    """Registered in ``registration`` (Tianhe), applying at ``agency``, on 2 March 2026."""
    base: dict[str, Any] = {
        "household_registration_area": registration,
        "agency_area": agency,
        "evaluation_date": DAY,
    }
    return CardApplicationCase.model_validate({**base, **kw})


def outcome(registration: str, agency: str, **kw: Any) -> CardApplicationOutcome:
    return card_application(card(registration, agency), **kw).outcome


def error(**kw: Any) -> tuple[tuple[int | str, ...], str]:
    """The location and message of the one error a case with ``kw`` raises."""
    with pytest.raises(ValidationError) as caught:
        card(**kw)
    (first,) = caught.value.errors()
    return first["loc"], str(first["msg"]).removeprefix("Value error, ")


def _round_trips(d: CardApplicationDecision) -> None:
    assert CardApplicationDecision.model_validate_json(d.model_dump_json()) == d


# -- the registration's own prefecture-level place -----------------------------------------------------


def test_the_agency_of_the_registration_county_is_the_place_to_apply() -> None:
    d = card_application(card())
    assert d.outcome is CardApplicationOutcome.CORRECT_PLACE
    assert d.reason_codes == ("card.registration_place_agency",)
    passages = {c.passage for c in d.reasons[0].citations}
    assert passages == {"place", "materials", "form", "approval", "issue_card"}
    _round_trips(d)


def test_any_agency_of_the_registration_city_counts_by_default() -> None:
    assert outcome("440106", "440100") is CardApplicationOutcome.CORRECT_PLACE
    assert outcome("440106", "440103") is CardApplicationOutcome.CORRECT_PLACE
    assert outcome("440300", "440304") is CardApplicationOutcome.CORRECT_PLACE


def test_another_city_is_refused_with_the_place_to_go_named_in_both_languages() -> None:
    d = card_application(card(agency="440304"))
    assert d.outcome is CardApplicationOutcome.WRONG_PLACE
    assert d.reason_codes == ("card.not_registration_place",)
    assert d.apply_at == "440100"
    assert d.reasons[0].message_en == (
        "The agency is that of Futian District (440304), but the household registration is in "
        "Tianhe District (440106): the card is applied for at the social security agency where the "
        "household registration is located (any agency of the prefecture-level place of the "
        "registration counts). Apply at the agency of Guangzhou (440100) instead."
    )
    assert d.reasons[0].message_zh == (
        "经办机构为福田区（440304），但户籍所在地为天河区（440106）：医保卡须到户籍所在地的社会保障"
        "经办机构申请（户籍所在地级行政区的经办机构均可）。请改到广州市（440100）的经办机构申请。"
    )
    _round_trips(d)


def test_a_division_without_an_english_name_is_placed_in_its_city_in_english() -> None:
    d = card_application(card("445302", "440106"))
    assert d.apply_at == "445300"
    assert "household registration is in 445302 in Yunfu:" in d.reasons[0].message_en
    assert "Apply at the agency of Yunfu (445300) instead." in d.reasons[0].message_en
    assert "户籍所在地为云城区（445302）" in d.reasons[0].message_zh


def test_a_provincial_agency_is_not_the_registration_place() -> None:
    assert outcome("440106", "440000") is CardApplicationOutcome.WRONG_PLACE
    assert outcome("429004", "420000") is CardApplicationOutcome.WRONG_PLACE


# -- places that are no prefecture's part ----------------------------------------------------------------


def test_xiantao_and_tianmen_are_each_their_own_place() -> None:
    d = card_application(card("429004", "429006"))
    assert d.outcome is CardApplicationOutcome.WRONG_PLACE
    assert d.apply_at == "429004"
    assert "Apply at the agency of Xiantao (429004) instead." in d.reasons[0].message_en
    assert outcome("429004", "429004") is CardApplicationOutcome.CORRECT_PLACE
    assert outcome("429006", "429005") is CardApplicationOutcome.WRONG_PLACE


def test_a_county_level_city_under_a_province_is_not_part_of_the_provincial_capital() -> None:
    assert outcome("429004", "420100") is CardApplicationOutcome.WRONG_PLACE
    assert outcome("419001", "410100") is CardApplicationOutcome.WRONG_PLACE  # Jiyuan, Zhengzhou


def test_hainans_directly_administered_cities_and_counties_are_their_own_places() -> None:
    d = card_application(card("469001", "469002"))
    assert (d.outcome, d.apply_at) == (CardApplicationOutcome.WRONG_PLACE, "469001")
    assert outcome("469002", "469002") is CardApplicationOutcome.CORRECT_PLACE
    assert outcome("469021", "460100") is CardApplicationOutcome.WRONG_PLACE  # Ding'an, Haikou


def test_a_municipalitys_districts_belong_to_the_municipality() -> None:
    assert outcome("110105", "110108") is CardApplicationOutcome.CORRECT_PLACE
    assert outcome("110105", "110000") is CardApplicationOutcome.CORRECT_PLACE
    assert outcome("500229", "500103") is CardApplicationOutcome.CORRECT_PLACE  # Chongqing
    d = card_application(card("110105", "310115"))
    assert (d.outcome, d.apply_at) == (CardApplicationOutcome.WRONG_PLACE, "110000")
    assert "Apply at the agency of Beijing (110000) instead." in d.reasons[0].message_en


def test_a_registration_given_as_a_municipality_is_a_place() -> None:
    d = card_application(card("110000", "110108"))
    assert (d.outcome, d.apply_at) == (CardApplicationOutcome.CORRECT_PLACE, "110000")


# -- the county reading ------------------------------------------------------------------------------------


def test_under_the_county_reading_only_the_registration_county_counts() -> None:
    d = card_application(card(agency="440103"), options=COUNTY)
    assert d.outcome is CardApplicationOutcome.WRONG_PLACE
    assert (d.apply_at, d.place_level) == ("440106", CardPlaceLevel.COUNTY)
    assert "only the agency of the division of the registration counts" in d.reasons[0].message_en
    assert outcome("440106", "440106", options=COUNTY) is CardApplicationOutcome.CORRECT_PLACE
    assert outcome("440106", "440100", options=COUNTY) is CardApplicationOutcome.WRONG_PLACE


def test_under_the_county_reading_a_municipalitys_own_agency_is_not_its_districts() -> None:
    assert outcome("110105", "110000", options=COUNTY) is CardApplicationOutcome.WRONG_PLACE
    assert outcome("429004", "429004", options=COUNTY) is CardApplicationOutcome.CORRECT_PLACE


# -- codes the table does not hold, or not on the evaluation date ---------------------------------------


@pytest.mark.parametrize("field", ["household_registration_area", "agency_area"])
@pytest.mark.parametrize("code", ["449999", "429000", "441099", "440199"])
def test_a_code_in_no_list_is_refused_naming_the_field(field: str, code: str) -> None:
    loc, msg = error(**{field: code})
    assert loc == (field,)
    assert msg == (
        f"{field}: {code} is no administrative division: it is in none of the Ministry of Civil "
        "Affairs' code lists of 1981-2024"
    )


def test_a_municipalitys_grouping_code_is_refused_with_the_municipalitys_code() -> None:
    loc, msg = error(agency="110100")
    assert loc == ("agency_area",)
    assert msg.endswith(
        "; Beijing is a municipality: give 110000 or the code of one of its districts"
    )


@pytest.mark.parametrize(
    ("field", "code", "prefix"),
    [("agency_area", "990100", "99"), ("household_registration_area", "200106", "20")],
)
def test_a_code_of_no_province_is_refused_naming_its_first_two_digits(
    field: str, code: str, prefix: str
) -> None:
    loc, msg = error(**{field: code})
    assert loc == (field,)
    assert msg == (
        f"{field}: the first two digits of {code} ({prefix}) are no province-level division"
    )


def test_a_province_level_registration_is_refused_but_a_province_level_agency_is_not() -> None:
    loc, msg = error(registration="440000")
    assert loc == ("household_registration_area",)
    assert msg.startswith("household_registration_area: 440000 is a province-level code")
    assert card(agency="440000").agency_area == "440000"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"registration": "44010"}, "household_registration_area"),
        ({"agency": "9901001"}, "agency_area"),
        ({"agency": 440106}, "agency_area"),
        ({"registration": "Guangzhou"}, "household_registration_area"),
        ({"registration": "040106"}, "household_registration_area"),
    ],
)
def test_malformed_area_codes_are_refused_naming_the_field(
    overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        card(**overrides)
    assert caught.value.errors()[0]["loc"] == (field,)


def test_an_abolished_code_is_refused_on_a_later_day_naming_both_fields() -> None:
    loc, msg = error(registration="440183")  # 增城市, a district of Guangzhou since 2014
    assert loc == ("evaluation_date",)
    assert msg == (
        "evaluation_date: on 2026-03-02, household_registration_area 440183 (增城市) is not in use "
        "in 2026: it is last listed in 2013, and its area is now Zengcheng District (440118); give "
        "the code in use that day"
    )


def test_an_abolished_code_is_a_place_while_it_was_in_use() -> None:
    on = dt.date(2013, 6, 1)
    d = card_application(card("440183", "440106", evaluation_date=on))
    assert (d.outcome, d.apply_at) == (CardApplicationOutcome.CORRECT_PLACE, "440100")
    assert card("440183", evaluation_date=dt.date(2014, 12, 31)).household_registration_area
    with pytest.raises(ValidationError, match="household_registration_area 440183"):
        card("440183", evaluation_date=dt.date(2015, 1, 1))


def test_a_code_created_after_the_evaluation_date_is_refused() -> None:
    loc, msg = error(agency="440118", evaluation_date=dt.date(2012, 3, 2))
    assert loc == ("evaluation_date",)
    assert msg.startswith(
        "evaluation_date: on 2012-03-02, agency_area 440118 (增城区) is not in use in 2012: it is "
        "first listed in 2014"
    )


# -- properties ----------------------------------------------------------------------------------------


@given(card_application_cases())
def test_the_place_to_apply_is_a_real_place_and_applying_there_is_correct(
    case: CardApplicationCase,
) -> None:
    d = card_application(case)
    year = case.evaluation_date.year
    assert divisions.in_use(d.apply_at, year)
    assert divisions.prefecture_of(d.apply_at, year=year) == d.apply_at
    there = case.model_copy(update={"agency_area": d.apply_at})
    assert card_application(there).outcome is CardApplicationOutcome.CORRECT_PLACE


@given(card_application_cases())
def test_the_outcome_is_whether_the_two_codes_share_their_prefecture_level_place(
    case: CardApplicationCase,
) -> None:
    year = case.evaluation_date.year
    same = divisions.prefecture_of(case.agency_area, year=year) == divisions.prefecture_of(
        case.household_registration_area, year=year
    )
    d = card_application(case)
    assert (d.outcome is CardApplicationOutcome.CORRECT_PLACE) is same
    if d.outcome is CardApplicationOutcome.WRONG_PLACE:
        assert d.reason_codes == ("card.not_registration_place",)


@given(card_application_cases())
def test_the_county_reading_is_never_more_lenient_than_the_default(
    case: CardApplicationCase,
) -> None:
    strict = card_application(case, options=COUNTY)
    if strict.outcome is CardApplicationOutcome.CORRECT_PLACE:
        assert case.agency_area == case.household_registration_area
        assert card_application(case).outcome is CardApplicationOutcome.CORRECT_PLACE


def test_the_module_lists_both_reasons() -> None:
    assert [t.code for t in REASONS] == [
        "card.registration_place_agency",
        "card.not_registration_place",
    ]
