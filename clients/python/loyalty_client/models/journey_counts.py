from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="JourneyCounts")


@_attrs_define
class JourneyCounts:
    """
    Attributes:
        entered (int):
        in_progress (int):
        completed (int):
        exited (int):
        converted (int):
        revenue (int): Conversion revenue, minor units.
    """

    entered: int
    in_progress: int
    completed: int
    exited: int
    converted: int
    revenue: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        entered = self.entered

        in_progress = self.in_progress

        completed = self.completed

        exited = self.exited

        converted = self.converted

        revenue = self.revenue

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "entered": entered,
                "in_progress": in_progress,
                "completed": completed,
                "exited": exited,
                "converted": converted,
                "revenue": revenue,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        entered = d.pop("entered")

        in_progress = d.pop("in_progress")

        completed = d.pop("completed")

        exited = d.pop("exited")

        converted = d.pop("converted")

        revenue = d.pop("revenue")

        journey_counts = cls(
            entered=entered,
            in_progress=in_progress,
            completed=completed,
            exited=exited,
            converted=converted,
            revenue=revenue,
        )

        journey_counts.additional_properties = d
        return journey_counts

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
