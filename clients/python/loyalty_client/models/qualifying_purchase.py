from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="QualifyingPurchase")


@_attrs_define
class QualifyingPurchase:
    """
    Attributes:
        min_total (int): The smallest receipt total that qualifies, in minor units (cents).
        within_days (int): Days after the referee signs up in which it must happen.
    """

    min_total: int
    within_days: int

    def to_dict(self) -> dict[str, Any]:
        min_total = self.min_total

        within_days = self.within_days

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "min_total": min_total,
                "within_days": within_days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        min_total = d.pop("min_total")

        within_days = d.pop("within_days")

        qualifying_purchase = cls(
            min_total=min_total,
            within_days=within_days,
        )

        return qualifying_purchase
