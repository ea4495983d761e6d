"""What the eligibility rules share: the scheme types, the interpretive-choice options, labels."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict

__all__ = [
    "DEFAULT_CANCELLATION_OPTIONS",
    "DEFAULT_CARD_OPTIONS",
    "DEFAULT_RETIREMENT_OPTIONS",
    "DEFAULT_SUSPENSION_OPTIONS",
    "AgeReachedDay",
    "CancellationOptions",
    "CardOptions",
    "CardPlaceLevel",
    "RetirementOptions",
    "Scheme",
    "SuspensionOptions",
]

FROZEN = ConfigDict(frozen=True, extra="forbid")


class Scheme(StrEnum):
    """A type of basic medical insurance (source 004 names the first three "and other types")."""

    URBAN_RURAL_RESIDENT = "urban_rural_resident"
    URBAN_EMPLOYEE = "urban_employee"
    NEW_RURAL_COOPERATIVE = "new_rural_cooperative"
    OTHER = "other"


SCHEME_EN: Mapping[Scheme, str] = MappingProxyType(
    {
        Scheme.URBAN_RURAL_RESIDENT: "the urban and rural residents' basic medical insurance",
        Scheme.URBAN_EMPLOYEE: "the urban employees' basic medical insurance",
        Scheme.NEW_RURAL_COOPERATIVE: "the new rural cooperative medical care",
        Scheme.OTHER: "another type of medical insurance",
    }
)
SCHEME_ZH: Mapping[Scheme, str] = MappingProxyType(
    {
        Scheme.URBAN_RURAL_RESIDENT: "城乡居民基本医疗保险",
        Scheme.URBAN_EMPLOYEE: "城镇职工基本医疗保险",
        Scheme.NEW_RURAL_COOPERATIVE: "新型农村合作医疗",
        Scheme.OTHER: "其他类型的医疗保险",
    }
)


class CardPlaceLevel(StrEnum):
    """How closely the agency's area must match the household-registration place (card rule)."""

    PREFECTURE = "prefecture"
    """The agency of the prefecture-level city of the registration, or of any of its districts and
    counties (the first four digits of the division codes agree)."""
    COUNTY = "county"
    """Only the agency of the very county-level division of the registration (the codes agree)."""


class AgeReachedDay(StrEnum):
    """The day a person is taken to have reached an age of so many years and months (retirement)."""

    CORRESPONDING_DAY = "corresponding_day"
    """The corresponding day of the birth date in the final month (the month end where there is
    none): born 15 Jan 1965, 60 years 1 month are reached on 15 Feb 2025."""
    DAY_AFTER = "day_after"
    """The day after the corresponding day (an age is "full" only once the birthday has passed)."""


class SuspensionOptions(BaseModel):
    """Interpretive choices of the online suspension rule (``docs/interpretive-choices.md``).

    ``guardian_may_act_for_minor``: source 000 says the business "cannot be done on behalf of
    someone"; by default a guardian acting for a minor is refused like any agent (legal notes,
    reading 7). ``True`` lets a guardian act for a minor.
    """

    model_config = FROZEN

    guardian_may_act_for_minor: bool = False


class CancellationOptions(BaseModel):
    """Interpretive choices of the online cancellation rule (``docs/interpretive-choices.md``).

    ``identification_required``: source 001 says "You may need to provide some identification
    documents"; by default identification is required, and without it the application is not ready.
    ``False`` reads "may" as optional and only warns.
    """

    model_config = FROZEN

    identification_required: bool = True


class CardOptions(BaseModel):
    """Interpretive choices of the card application rule (``docs/interpretive-choices.md``).

    ``place_level``: which agencies are "the social security agency where their household
    registration is located"; by default any agency of the prefecture-level city of the
    registration (``prefecture``); ``county`` requires the very county-level division.
    """

    model_config = FROZEN

    place_level: CardPlaceLevel = CardPlaceLevel.PREFECTURE


class RetirementOptions(BaseModel):
    """Interpretive choices of the retirement rule (``docs/interpretive-choices.md``).

    ``age_reached_on``: the day an age of so many years and months is reached; by default the
    corresponding day of the birth date (``corresponding_day``); ``day_after`` takes the next day.
    """

    model_config = FROZEN

    age_reached_on: AgeReachedDay = AgeReachedDay.CORRESPONDING_DAY


DEFAULT_SUSPENSION_OPTIONS = SuspensionOptions()
DEFAULT_CANCELLATION_OPTIONS = CancellationOptions()
DEFAULT_CARD_OPTIONS = CardOptions()
DEFAULT_RETIREMENT_OPTIONS = RetirementOptions()


def years_and_months(months: int) -> tuple[int, int]:
    """Split a number of months into whole years and the months left over.

    >>> years_and_months(301)
    (25, 1)
    """
    return divmod(months, 12)
