from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SourceRow")


@_attrs_define
class SourceRow:
    """
    Attributes:
        source (str):
        medium (str):
        visitors (int):
        events (int):
    """

    source: str
    medium: str
    visitors: int
    events: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source = self.source

        medium = self.medium

        visitors = self.visitors

        events = self.events

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "source": source,
                "medium": medium,
                "visitors": visitors,
                "events": events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source = d.pop("source")

        medium = d.pop("medium")

        visitors = d.pop("visitors")

        events = d.pop("events")

        source_row = cls(
            source=source,
            medium=medium,
            visitors=visitors,
            events=events,
        )

        source_row.additional_properties = d
        return source_row

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
