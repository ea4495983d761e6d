"""The compiled copies of the TOML data files: up to date, the same documents, never read stale."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

from medins_rules.core import datafiles

DATA = Path(__file__).resolve().parent.parent / "src" / "medins_rules" / "data"
SOURCES = sorted(DATA.glob("*.toml"))


def test_every_data_file_the_package_reads_as_toml_has_a_compiled_copy() -> None:
    names = {p.stem for p in SOURCES}
    assert {"legal", "parameters", "holiday_notices", "holiday_regulations", "festivals"} <= names
    assert {p.stem for p in (DATA / "compiled").glob("*.json")} == names


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_the_compiled_copy_is_up_to_date(source: Path) -> None:
    shipped = (DATA / "compiled" / f"{source.stem}.json").read_text("utf-8")
    assert shipped == datafiles.compile_toml(source.read_text("utf-8")) + "\n", (
        f"data/compiled/{source.stem}.json is out of date: run scripts/compile-data"
    )


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_the_package_reads_the_same_document_as_tomllib(source: Path) -> None:
    assert datafiles.read_toml(source.name) == tomllib.loads(source.read_text("utf-8"))


def test_a_copy_compiled_from_another_text_is_not_read() -> None:
    compiled = datafiles.compile_toml("limit = 6\n")
    assert datafiles.load("limit = 6\n", compiled) == {"limit": 6}
    assert datafiles.load("limit = 12\n", compiled) == {"limit": 12}


def test_a_damaged_or_missing_copy_is_not_read() -> None:
    compiled = datafiles.compile_toml("limit = 6\n")
    assert datafiles.load("limit = 6\n", compiled[:-5]) == {"limit": 6}
    assert datafiles.load("limit = 6\n", None) == {"limit": 6}


def test_line_ends_do_not_change_the_digest() -> None:
    compiled = datafiles.compile_toml("a = 1\nb = 2\n")
    assert compiled == datafiles.compile_toml("a = 1\r\nb = 2\r\n")


def test_dates_read_back_as_dates_everywhere_in_the_document() -> None:
    text = 'day = 2025-03-10\n[[versions]]\ndays = [2024-02-29, 2025-01-01]\nname = "x"\n'
    document = datafiles.load(text, datafiles.compile_toml(text))
    assert document == tomllib.loads(text)
    assert document["versions"][0]["days"][0] == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("at = 2025-03-10T08:00:00\n", "at: a datetime"),
        ("at = 08:00:00\n", "at: a time"),
        ("[t]\nrate = 0.5\n", "t.rate: a float"),
        ('[t]\n"$date" = "2025-03-10"\n', "t: a table whose only key is '$date'"),
    ],
)
def test_a_value_the_copy_cannot_hold_exactly_is_refused(text: str, where: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(where)}"):
        datafiles.compile_toml(text)
