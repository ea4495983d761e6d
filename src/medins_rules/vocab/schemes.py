"""The types of basic medical insurance, with their names in English and Chinese.

One enum for every process: the scheme a person is suspended from or enrols in, and the scheme of a
participation in another city (refunds). The refund rule's inputs once named the last two
``resident`` and ``employee`` (its ``OtherScheme``); those values are still accepted, as aliases of
``urban_rural_resident`` and ``urban_employee``, wherever a scheme is read, and a decision always
gives the canonical value.

>>> Scheme("resident"), Scheme("employee")
(<Scheme.URBAN_RURAL_RESIDENT: 'urban_rural_resident'>, <Scheme.URBAN_EMPLOYEE: 'urban_employee'>)
>>> Scheme.RESIDENT is Scheme.URBAN_RURAL_RESIDENT
True
>>> [s.value for s in Scheme]
['urban_rural_resident', 'urban_employee', 'new_rural_cooperative', 'other']
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from pydantic import GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from medins_rules.core.labels import enum_labels

__all__ = ["SCHEME_ALIASES", "SCHEME_EN", "SCHEME_ZH", "Scheme"]


class Scheme(StrEnum):
    """A type of basic medical insurance (source 004 names the first three "and other types").

    ``RESIDENT`` and ``EMPLOYEE`` are aliases of ``URBAN_RURAL_RESIDENT`` and ``URBAN_EMPLOYEE``
    (the same members), and the values ``"resident"`` and ``"employee"`` are read as them.
    """

    URBAN_RURAL_RESIDENT = "urban_rural_resident"
    URBAN_EMPLOYEE = "urban_employee"
    NEW_RURAL_COOPERATIVE = "new_rural_cooperative"
    OTHER = "other"
    RESIDENT = "urban_rural_resident"
    EMPLOYEE = "urban_employee"

    @classmethod
    def _missing_(cls, value: object) -> Scheme | None:
        return SCHEME_ALIASES.get(value) if isinstance(value, str) else None

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema: dict[str, Any] = handler.resolve_ref_schema(handler(core_schema))
        schema["enum"] = [*(s.value for s in cls), *SCHEME_ALIASES]
        schema["description"] = (
            "A type of basic medical insurance; 'resident' and 'employee' are read as "
            "'urban_rural_resident' and 'urban_employee'"
        )
        return schema


SCHEME_ALIASES: Mapping[str, Scheme] = MappingProxyType(
    {"resident": Scheme.URBAN_RURAL_RESIDENT, "employee": Scheme.URBAN_EMPLOYEE}
)
"""Earlier values of the refund rule's participation scheme, read as these members."""

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
enum_labels(Scheme, SCHEME_ZH)  # the labels of a Chinese rendering (medins_rules.core.labels)
