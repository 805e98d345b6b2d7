from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MemberBadgeLevel")


@_attrs_define
class MemberBadgeLevel:
    """
    Attributes:
        level (int):
        name (str):
        threshold (int):
        earned_at (datetime.datetime | None):
    """

    level: int
    name: str
    threshold: int
    earned_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        level = self.level

        name = self.name

        threshold = self.threshold

        earned_at: None | str
        if isinstance(self.earned_at, datetime.datetime):
            earned_at = self.earned_at.isoformat()
        else:
            earned_at = self.earned_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "level": level,
                "name": name,
                "threshold": threshold,
                "earned_at": earned_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        level = d.pop("level")

        name = d.pop("name")

        threshold = d.pop("threshold")

        def _parse_earned_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                earned_at_type_0 = datetime.datetime.fromisoformat(data)

                return earned_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        earned_at = _parse_earned_at(d.pop("earned_at"))

        member_badge_level = cls(
            level=level,
            name=name,
            threshold=threshold,
            earned_at=earned_at,
        )

        member_badge_level.additional_properties = d
        return member_badge_level

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
