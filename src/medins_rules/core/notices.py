"""The State Council's yearly holiday notices the bundled calendar rests on, as data.

``data/holiday_notices.toml`` records, for each published year, the notice that arranged it (title,
document number, date issued, address) and the later notices that changed it, among them the
extraordinary arrangements outside the national holiday regulations (the 2015 commemoration of the
victory, the 2020 extension of the Spring Festival). The calendar's days come from ``chinesecalendar``;
this file names where they come from, so that a decision can cite the notice, and lists the days a
separate notice arranged outside the regulations' usual reach.

>>> notice = bundled_notices()[2026]
>>> notice.document, notice.issued.isoformat()
('国办发明电〔2025〕7号', '2025-11-04')
>>> sorted(d.isoformat() for d in bundled_notices()[2015].extraordinary_days)
['2015-09-03', '2015-09-04', '2015-09-06']
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from medins_rules.core.datafiles import read_toml
from medins_rules.core.errors import CalendarDataError

__all__ = ["Amendment", "Notice", "bundled_notices"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Amendment(BaseModel):
    """A later notice that changed a year's arrangement."""

    model_config = _FROZEN

    title: str
    document: str | None = None
    issued: dt.date | None = None
    url: str | None = None
    extraordinary: bool = False
    """Outside the national holiday regulations (a one-off holiday), not a re-arrangement of them."""
    rest_days: tuple[dt.date, ...] = ()
    working_days: tuple[dt.date, ...] = ()
    note: str | None = None


class Notice(BaseModel):
    """One year's holiday notice and the notices that changed it."""

    model_config = _FROZEN

    year: int
    title: str
    document: str | None = None
    issued: dt.date | None = None
    url: str | None = None
    amendments: tuple[Amendment, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _days_in_year(self) -> Notice:
        for amendment in self.amendments:
            for day in (*amendment.rest_days, *amendment.working_days):
                if day.year != self.year:
                    raise ValueError(f"amendments: {day.isoformat()} is not in {self.year}")
        return self

    @property
    def extraordinary_days(self) -> frozenset[dt.date]:
        """The days extraordinary amendments arranged."""
        return frozenset(
            day
            for amendment in self.amendments
            if amendment.extraordinary
            for day in (*amendment.rest_days, *amendment.working_days)
        )

    @property
    def citation_text(self) -> str:
        """The notice as a short reference: title, document number and date."""
        details = ", ".join(
            part
            for part in (self.document, self.issued.isoformat() if self.issued else None)
            if part
        )
        return f"{self.title} ({details})" if details else self.title


class _Data(BaseModel):
    model_config = _FROZEN

    notices: tuple[Notice, ...]


@functools.cache
def bundled_notices() -> Mapping[int, Notice]:
    """Every notice recorded in ``data/holiday_notices.toml``, by year."""
    try:
        data = _Data.model_validate(read_toml("holiday_notices.toml"))
    except ValidationError as exc:  # pragma: no cover - guarded by the tests on the shipped data
        raise CalendarDataError(f"data/holiday_notices.toml: {exc}") from None
    by_year = {notice.year: notice for notice in data.notices}
    if len(by_year) != len(data.notices):  # pragma: no cover
        raise CalendarDataError("data/holiday_notices.toml: a year is listed twice")
    return MappingProxyType(dict(sorted(by_year.items())))
