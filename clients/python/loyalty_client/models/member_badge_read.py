from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.member_badge_read_measure import MemberBadgeReadMeasure

if TYPE_CHECKING:
    from ..models.member_badge_level import MemberBadgeLevel


T = TypeVar("T", bound="MemberBadgeRead")


@_attrs_define
class MemberBadgeRead:
    """
    Attributes:
        badge_id (int):
        name (str):
        description (None | str):
        measure (MemberBadgeReadMeasure):
        value (int): The measure's value for the member now.
        levels (list[MemberBadgeLevel]):
        earned_level (None | str): The highest level earned, null when none yet.
        next_threshold (int | None): The next level's threshold; null when every level is earned.
        percent (int): Progress toward the next level (100 when all are earned).
    """

    badge_id: int
    name: str
    description: None | str
    measure: MemberBadgeReadMeasure
    value: int
    levels: list[MemberBadgeLevel]
    earned_level: None | str
    next_threshold: int | None
    percent: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        badge_id = self.badge_id

        name = self.name

        description: None | str
        description = self.description

        measure = self.measure.value

        value = self.value

        levels = []
        for levels_item_data in self.levels:
            levels_item = levels_item_data.to_dict()
            levels.append(levels_item)

        earned_level: None | str
        earned_level = self.earned_level

        next_threshold: int | None
        next_threshold = self.next_threshold

        percent = self.percent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "badge_id": badge_id,
                "name": name,
                "description": description,
                "measure": measure,
                "value": value,
                "levels": levels,
                "earned_level": earned_level,
                "next_threshold": next_threshold,
                "percent": percent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_badge_level import MemberBadgeLevel  # noqa: PLC0415

        d = dict(src_dict)
        badge_id = d.pop("badge_id")

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        measure = MemberBadgeReadMeasure(d.pop("measure"))

        value = d.pop("value")

        levels = []
        _levels = d.pop("levels")
        for levels_item_data in _levels:
            levels_item = MemberBadgeLevel.from_dict(levels_item_data)

            levels.append(levels_item)

        def _parse_earned_level(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        earned_level = _parse_earned_level(d.pop("earned_level"))

        def _parse_next_threshold(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        next_threshold = _parse_next_threshold(d.pop("next_threshold"))

        percent = d.pop("percent")

        member_badge_read = cls(
            badge_id=badge_id,
            name=name,
            description=description,
            measure=measure,
            value=value,
            levels=levels,
            earned_level=earned_level,
            next_threshold=next_threshold,
            percent=percent,
        )

        member_badge_read.additional_properties = d
        return member_badge_read

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
