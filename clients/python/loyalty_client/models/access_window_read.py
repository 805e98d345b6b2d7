from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AccessWindowRead")


@_attrs_define
class AccessWindowRead:
    """
    Attributes:
        opens_at (datetime.datetime):
        tiers (list[str]):
        segments (list[int]):
    """

    opens_at: datetime.datetime
    tiers: list[str]
    segments: list[int]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        opens_at = self.opens_at.isoformat()

        tiers = self.tiers

        segments = self.segments

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "opens_at": opens_at,
                "tiers": tiers,
                "segments": segments,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        opens_at = datetime.datetime.fromisoformat(d.pop("opens_at"))

        tiers = cast(list[str], d.pop("tiers"))

        segments = cast(list[int], d.pop("segments"))

        access_window_read = cls(
            opens_at=opens_at,
            tiers=tiers,
            segments=segments,
        )

        access_window_read.additional_properties = d
        return access_window_read

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
