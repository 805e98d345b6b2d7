from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BadgeLevelRead")


@_attrs_define
class BadgeLevelRead:
    """
    Attributes:
        level (int):
        name (str):
        threshold (int):
        points (int):
        unit (None | str):
        voucher_campaign_id (int | None):
    """

    level: int
    name: str
    threshold: int
    points: int
    unit: None | str
    voucher_campaign_id: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        level = self.level

        name = self.name

        threshold = self.threshold

        points = self.points

        unit: None | str
        unit = self.unit

        voucher_campaign_id: int | None
        voucher_campaign_id = self.voucher_campaign_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "level": level,
                "name": name,
                "threshold": threshold,
                "points": points,
                "unit": unit,
                "voucher_campaign_id": voucher_campaign_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        level = d.pop("level")

        name = d.pop("name")

        threshold = d.pop("threshold")

        points = d.pop("points")

        def _parse_unit(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        unit = _parse_unit(d.pop("unit"))

        def _parse_voucher_campaign_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        voucher_campaign_id = _parse_voucher_campaign_id(d.pop("voucher_campaign_id"))

        badge_level_read = cls(
            level=level,
            name=name,
            threshold=threshold,
            points=points,
            unit=unit,
            voucher_campaign_id=voucher_campaign_id,
        )

        badge_level_read.additional_properties = d
        return badge_level_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
