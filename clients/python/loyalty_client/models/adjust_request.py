from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AdjustRequest")


@_attrs_define
class AdjustRequest:
    """
    Attributes:
        points (int): Positive to credit, negative to debit; never zero.
        reason (str):
        unit (str | Unset):  Default: 'points'.
    """

    points: int
    reason: str
    unit: str | Unset = "points"

    def to_dict(self) -> dict[str, Any]:
        points = self.points

        reason = self.reason

        unit = self.unit

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "points": points,
                "reason": reason,
            }
        )
        if unit is not UNSET:
            field_dict["unit"] = unit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        points = d.pop("points")

        reason = d.pop("reason")

        unit = d.pop("unit", UNSET)

        adjust_request = cls(
            points=points,
            reason=reason,
            unit=unit,
        )

        return adjust_request
