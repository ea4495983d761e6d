"""The types of basic medical insurance, with their names in English and Chinese."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

__all__ = ["SCHEME_EN", "SCHEME_ZH", "Scheme"]


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
