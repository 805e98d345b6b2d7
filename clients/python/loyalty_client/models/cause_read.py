from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CauseRead")


@_attrs_define
class CauseRead:
    """
    Attributes:
        id (int):
        name (str):
        description (None | str):
        is_active (bool):
        points_total (int): Points given to this cause so far.
        donations_count (int):
        created_at (datetime.datetime):
    """

    id: int
    name: str
    description: None | str
    is_active: bool
    points_total: int
    donations_count: int
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        description: None | str
        description = self.description

        is_active = self.is_active

        points_total = self.points_total

        donations_count = self.donations_count

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "is_active": is_active,
                "points_total": points_total,
                "donations_count": donations_count,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        is_active = d.pop("is_active")

        points_total = d.pop("points_total")

        donations_count = d.pop("donations_count")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        cause_read = cls(
            id=id,
            name=name,
            description=description,
            is_active=is_active,
            points_total=points_total,
            donations_count=donations_count,
            created_at=created_at,
        )

        cause_read.additional_properties = d
        return cause_read

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
