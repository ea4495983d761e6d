"""The division table: its data as the Ministry's lists give it, history, places, read-only, and the
comparison with python-stdnum's table."""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

import pytest
import stdnum
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from medins_rules.core.errors import MedinsRulesError
from medins_rules.vocab import divisions
from medins_rules.vocab.divisions import (
    LAST_LIST_YEAR,
    Division,
    DivisionDataError,
    DivisionLevel,
    UnknownDivisionError,
)

DATA = resources.files("medins_rules").joinpath("data/divisions.csv").read_text("utf-8")
HEADER = "code,name_zh,name_en,parent,first_listed,last_listed,successors"
CODES = sorted(divisions.table())


# -- the data -------------------------------------------------------------------------------------------


def test_the_data_file_names_its_source_version_and_licence() -> None:
    head = DATA.split(HEADER)[0]
    assert "github.com/yescallop/areacodes" in head
    assert re.search(r"commit [0-9a-f]{40} \(\d{4}-\d{2}-\d{2}\)", head)
    assert "CC0 1.0" in head
    assert "中华人民共和国县以上行政区划代码" in head
    assert "python-stdnum" in head


def test_the_table_holds_every_list_from_1981_to_2024() -> None:
    records = [d for rs in divisions.table().values() for d in rs]
    assert min(d.first_listed for d in records) == divisions.FIRST_LIST_YEAR == 1981
    assert LAST_LIST_YEAR == 2024
    assert len(divisions.divisions_in_use(2024)) == 3213  # the Ministry's 2024 list
    assert len(divisions.divisions_in_use(2024, level=DivisionLevel.PROVINCE)) == 34
    assert len(divisions.divisions_in_use(2024, level=DivisionLevel.PREFECTURE)) == 333


def test_guangdong_has_twenty_one_prefecture_level_cities_and_guangzhou_eleven_districts() -> None:
    cities = divisions.divisions_in_use(level=DivisionLevel.PREFECTURE, within="440000")
    assert len(cities) == 21
    assert all(d.name_en for d in cities)
    assert [d.code for d in divisions.children("440100")] == [
        *("440103", "440104", "440105", "440106", "440111", "440112"),
        *("440113", "440114", "440115", "440117", "440118"),
    ]


def test_there_are_four_municipalities() -> None:
    assert [c for c in CODES if divisions.is_municipality(c)] == [
        "110000",
        "120000",
        "310000",
        "500000",
    ]


def test_every_county_level_division_directly_under_a_province_is_coded_xx90xx_today() -> None:
    direct = [
        d.code
        for d in divisions.divisions_in_use(level=DivisionLevel.COUNTY)
        if divisions.is_province_administered(d.code)
    ]
    assert len(direct) == 32
    assert all(code[2:4] == "90" for code in direct)
    assert {"419001", "429004", "429005", "429006", "469001", "469002", "659012"} <= set(direct)
    since_2001 = [
        d.code
        for rs in divisions.table().values()
        for d in rs
        if d.level is DivisionLevel.COUNTY
        and d.parent == d.province
        and not divisions.is_municipality(d.province)
        and (d.last_listed is None or d.last_listed >= 2001)
    ]
    assert all(code[2:4] == "90" for code in since_2001)


def test_in_earlier_lists_hainans_directly_administered_counties_were_coded_4600xx() -> None:
    assert divisions.is_province_administered("460001")  # 通什市, 1988-2000
    assert divisions.division("460001").successors == ("469001",)


# -- history --------------------------------------------------------------------------------------------


def test_a_code_renamed_keeps_each_name_with_its_years() -> None:
    first, second = divisions.records("440111")
    assert (first.name_zh, first.first_listed, first.last_listed) == ("郊区", 1983, 1986)
    assert (second.name_zh, second.first_listed, second.last_listed) == ("白云区", 1987, None)
    assert divisions.division("440111").name_zh == "白云区"
    assert divisions.division("440111", year=1986).name_zh == "郊区"


def test_a_code_used_twice_gives_the_record_of_the_year_asked() -> None:
    assert [d.name_zh for d in divisions.records("419001")] == ["义马市", "济源市"]
    assert divisions.division("419001", year=1988).name_zh == "义马市"
    assert divisions.division("419001", year=2000).name_zh == "济源市"
    with pytest.raises(UnknownDivisionError, match="419001 .济源市. was not in use in 1993"):
        divisions.division("419001", year=1993)


def test_a_record_is_in_use_until_the_year_after_its_last_list() -> None:
    assert divisions.division("440183").last_listed == 2013
    assert divisions.in_use("440183", 1993)
    assert not divisions.in_use("440183", 1992)
    assert divisions.in_use("440183", 2014)  # abolished during 2014
    assert not divisions.in_use("440183", 2015)
    assert divisions.in_use("440118", 2014)
    assert not divisions.in_use("440118", 2013)


def test_a_code_still_listed_is_in_use_after_the_last_list() -> None:
    assert divisions.in_use("440106", 2030)
    assert divisions.division("440106", year=2030).listed


@pytest.mark.parametrize(
    ("code", "first", "last", "used"),
    [
        ("440106", 1980, 2026, True),  # born before Tianhe was created, number issued later
        ("440106", 1950, 1984, False),
        ("440183", 2015, 2026, False),  # abolished before the birth
        ("440183", 2014, 2026, True),
        ("440183", 1960, 1992, False),
        ("449999", 1950, 2026, False),
        ("440106", 2026, 2020, False),
    ],
)
def test_an_address_code_was_in_use_between_two_years(
    code: str, first: int, last: int, used: bool
) -> None:
    assert divisions.in_use_between(code, first, last) is used


def test_an_abolished_code_says_where_its_area_went() -> None:
    assert divisions.why_not_in_use("440183", 2020) == (
        "440183 (增城市) is not in use in 2020: it is last listed in 2013, and its area is now "
        "Zengcheng District (440118)"
    )
    assert divisions.why_not_in_use("371200", 2020) == (
        "371200 (莱芜市) is not in use in 2020: it is last listed in 2017"
    )


# -- places --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "place"),
    [
        ("440106", "440100"),
        ("440100", "440100"),
        ("440000", None),
        ("429004", "429004"),
        ("429006", "429006"),
        ("469001", "469001"),
        ("469021", "469021"),
        ("419001", "419001"),
        ("659001", "659001"),
        ("110105", "110000"),
        ("110000", "110000"),
        ("500229", "500000"),
        ("810000", None),
    ],
)
def test_the_prefecture_level_place_of_a_code(code: str, place: str | None) -> None:
    assert divisions.prefecture_of(code) == place


def test_parents_levels_and_provinces() -> None:
    assert divisions.parent("440106") == "440100"
    assert divisions.parent("440100") == "440000"
    assert divisions.parent("440000") is None
    assert divisions.parent("429004") == "420000"
    assert divisions.parent("110105") == "110000"
    assert divisions.level("440106") is DivisionLevel.COUNTY
    assert divisions.level("440100") is DivisionLevel.PREFECTURE
    assert divisions.level("440000") is DivisionLevel.PROVINCE
    assert divisions.province_of("429004") == "420000"


def test_names_for_messages_in_each_language() -> None:
    assert divisions.describe_en("429004") == "Xiantao (429004)"
    assert divisions.describe_en("440304") == "Futian District (440304)"
    assert divisions.describe_en("445302") == "445302 in Yunfu"
    assert divisions.describe_en("510104") == "510104 in Chengdu"
    assert divisions.describe_en("510700") == "510700 in Sichuan"
    assert divisions.describe_zh("429004") == "仙桃市（429004）"


def test_unknown_codes_are_refused_by_every_lookup() -> None:
    for lookup in (divisions.division, divisions.level, divisions.parent, divisions.prefecture_of):
        with pytest.raises(UnknownDivisionError, match="449999 is in no administrative division"):
            lookup("449999")
    assert issubclass(UnknownDivisionError, MedinsRulesError)
    assert issubclass(UnknownDivisionError, LookupError)
    assert not divisions.is_known("429000")  # a grouping, no place
    assert not divisions.is_known("110100")
    assert divisions.records("449999") == ()


# -- read-only ------------------------------------------------------------------------------------------


def test_the_table_cannot_be_changed() -> None:
    table = divisions.table()
    with pytest.raises(TypeError):
        table["449999"] = ()  # type: ignore[index]
    assert isinstance(table["440100"], tuple)
    with pytest.raises(ValidationError):
        table["440100"][0].name_zh = "x"  # type: ignore[misc]
    assert divisions.table() is table


# -- validation of the data -----------------------------------------------------------------------------


def _load(lines: list[str]) -> object:
    return divisions._load("\n".join(["# comment", HEADER, *lines]))


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["440000,广东省,,,1981,1990,"], "no code is in the 2024 list"),
        (["440000,广东省,Guangdong,,1981,,", "440100,广州市,,440000,1981"], "record 3 has 5"),
        (["440000,广东省,,,1981,,", "440100,广州市,,430000,1981,,"], "parent"),
        (["440000,广东省,,,1981,,", "440100,广州市,,440000,1990,1985,440200"], "last_listed"),
        (["440000,广东省,,,1981,,", "440100,广州市,,440000,1981,,440200"], "successors"),
        (["440000,广东省,,,1981,,", "440100,,,440000,1981,,"], "name_zh"),
        (["440000,广东省,,,1981,,", "44010,广州市,,440000,1981,,"], "code"),
        (["440000,广东省,,,1990,,", "440100,广州市,,440000,1981,,"], "not listed whenever"),
        (
            ["440000,广东省,,,1981,,", "440100,甲,,440000,1981,1990,", "440100,乙,,440000,1985,,"],
            "overlap",
        ),
        (["440000,广东省,,,1981,,", "440100,甲,,440000,1981,1990,440300"], "not in the table"),
    ],
)
def test_malformed_data_is_refused_when_loaded(lines: list[str], message: str) -> None:
    with pytest.raises(DivisionDataError, match=message):
        _load(lines)


def test_a_file_with_other_columns_is_refused() -> None:
    with pytest.raises(DivisionDataError, match="the columns are not"):
        divisions._load("code,name\n440000,广东省\n")


def test_a_division_record_checks_its_own_fields() -> None:
    with pytest.raises(ValidationError, match="parent"):
        Division(code="440106", name_zh="天河区", parent="450100", first_listed=1985)
    d = Division(code="440106", name_zh="天河区", parent="440100", first_listed=1985)
    assert (d.level, d.province, d.listed) == (DivisionLevel.COUNTY, "440000", True)


# -- against python-stdnum's table ----------------------------------------------------------------------


@functools.cache
def _stdnum_codes() -> dict[str, str]:
    """Each code of python-stdnum's cn/loc.dat and its names (with their year ranges)."""
    path = Path(stdnum.__file__).parent / "cn" / "loc.dat"
    codes: dict[str, str] = {}
    province = ""
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line[:2]
            continue
        found = re.search(r'county="([^"]*)"', line)
        assert found
        codes[province + line.split()[0]] = found.group(1)
    return codes


def _open(names: str) -> bool:
    last = re.match(r"\[(\d*)-(\d*)\]", names.split(",")[-1])
    return last is None or last.group(2) == ""


GROUPINGS = {"市辖区", "县", "市", "省直辖县级行政单位", "自治区直辖县级行政单位", "林区"}


def _grouping(names: str) -> bool:
    return {re.sub(r"^\[\d*-\d*\]", "", name) for name in names.split(",")} <= GROUPINGS


@pytest.mark.skipif(
    stdnum.__version__ != "2.2", reason="the data file's comparison is with python-stdnum 2.2"
)
def test_the_codes_in_use_agree_with_python_stdnum_but_for_the_documented_differences() -> None:
    theirs = {c for c, names in _stdnum_codes().items() if _open(names)}
    ours = {d.code for d in divisions.divisions_in_use(LAST_LIST_YEAR)}
    only_theirs = theirs - ours
    groupings = {c for c in only_theirs if _grouping(_stdnum_codes()[c])}
    assert len(groupings) == 298
    assert {"110100", "429000", "422900"} <= groupings
    others = only_theirs - groupings
    assert others == {"232761", "232762", "232763", "232764", "500157", "422921", "429001"}
    assert sorted(c for c in others if divisions.is_known(c)) == ["422921", "429001"]
    assert ours - theirs == {"330113", "330114", "500105", "500112"}


# -- properties ----------------------------------------------------------------------------------------


@given(st.sampled_from(CODES), st.integers(1981, 2030))
def test_a_code_in_use_in_a_year_has_a_record_and_a_place_for_that_year(
    code: str, year: int
) -> None:
    if not divisions.in_use(code, year):
        with pytest.raises(UnknownDivisionError):
            divisions.division(code, year=year)
        return
    d = divisions.division(code, year=year)
    assert d.in_use_in(year)
    place = divisions.prefecture_of(code, year=year)
    if place is None:
        assert d.level is DivisionLevel.PROVINCE
        assert not divisions.is_municipality(code)
        return
    assert divisions.in_use(place, year)
    assert divisions.prefecture_of(place, year=year) == place
    if d.parent is not None:
        assert divisions.in_use(d.parent, year)


@given(st.sampled_from(CODES), st.integers(1981, 2030), st.integers(0, 40))
def test_in_use_between_is_whether_the_code_is_in_use_in_some_year_of_the_span(
    code: str, first: int, length: int
) -> None:
    last = first + length
    expected = any(divisions.in_use(code, year) for year in range(first, last + 1))
    assert divisions.in_use_between(code, first, last) is expected
