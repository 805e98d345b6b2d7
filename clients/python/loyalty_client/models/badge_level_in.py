from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="BadgeLevelIn")


@_attrs_define
class BadgeLevelIn:
    """
    Attributes:
        name (str): Bronze, Silver, Gold; or the badge's name.
        threshold (int): The measure's value that earns this level.
        points (int | Unset): Points given when earned (0: none). Default: 0.
        unit (None | str | Unset): The points' unit; the program's first.
        voucher_campaign_id (int | None | Unset): A voucher campaign whose next unpublished code is given when earned.
    """

    name: str
    threshold: int
    points: int | Unset = 0
    unit: None | str | Unset = UNSET
    voucher_campaign_id: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        threshold = self.threshold

        points = self.points

        unit: None | str | Unset
        if isinstance(self.unit, Unset):
            unit = UNSET
        else:
            unit = self.unit

        voucher_campaign_id: int | None | Unset
        if isinstance(self.voucher_campaign_id, Unset):
            voucher_campaign_id = UNSET
        else:
            voucher_campaign_id = self.voucher_campaign_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "threshold": threshold,
            }
        )
        if points is not UNSET:
            field_dict["points"] = points
        if unit is not UNSET:
            field_dict["unit"] = unit
        if voucher_campaign_id is not UNSET:
            field_dict["voucher_campaign_id"] = voucher_campaign_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        threshold = d.pop("threshold")

        points = d.pop("points", UNSET)

        def _parse_unit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unit = _parse_unit(d.pop("unit", UNSET))

        def _parse_voucher_campaign_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        voucher_campaign_id = _parse_voucher_campaign_id(d.pop("voucher_campaign_id", UNSET))

        badge_level_in = cls(
            name=name,
            threshold=threshold,
            points=points,
            unit=unit,
            voucher_campaign_id=voucher_campaign_id,
        )

        return badge_level_in
