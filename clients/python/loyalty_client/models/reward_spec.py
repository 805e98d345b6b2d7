from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RewardSpec")


@_attrs_define
class RewardSpec:
    """
    Attributes:
        points (int): Whole points of `unit`; 0 gives nothing to this side.
        unit (str | Unset): One of the program's units (points, stamps, cashback). Default: 'points'.
    """

    points: int
    unit: str | Unset = "points"

    def to_dict(self) -> dict[str, Any]:
        points = self.points

        unit = self.unit

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "points": points,
            }
        )
        if unit is not UNSET:
            field_dict["unit"] = unit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        points = d.pop("points")

        unit = d.pop("unit", UNSET)

        reward_spec = cls(
            points=points,
            unit=unit,
        )

        return reward_spec
