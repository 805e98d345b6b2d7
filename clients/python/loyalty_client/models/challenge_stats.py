from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ChallengeStats")


@_attrs_define
class ChallengeStats:
    """
    Attributes:
        participants (int):
        completed (int):
        average_percent (int): Mean progress of the participants, 0 to 100.
        points_given (int):
    """

    participants: int
    completed: int
    average_percent: int
    points_given: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        participants = self.participants

        completed = self.completed

        average_percent = self.average_percent

        points_given = self.points_given

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "participants": participants,
                "completed": completed,
                "average_percent": average_percent,
                "points_given": points_given,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        participants = d.pop("participants")

        completed = d.pop("completed")

        average_percent = d.pop("average_percent")

        points_given = d.pop("points_given")

        challenge_stats = cls(
            participants=participants,
            completed=completed,
            average_percent=average_percent,
            points_given=points_given,
        )

        challenge_stats.additional_properties = d
        return challenge_stats

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
