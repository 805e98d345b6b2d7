from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.member_challenge_read_measure import MemberChallengeReadMeasure

T = TypeVar("T", bound="MemberChallengeRead")


@_attrs_define
class MemberChallengeRead:
    """
    Attributes:
        challenge_id (int):
        name (str):
        description (None | str):
        measure (MemberChallengeReadMeasure):
        goal (int):
        starts_at (datetime.datetime):
        ends_at (datetime.datetime):
        reward_points (int):
        has_coupon (bool):
        joined (bool):
        joined_at (datetime.datetime | None):
        progress (int):
        percent (int):
        completed_at (datetime.datetime | None):
        can_join (bool):
    """

    challenge_id: int
    name: str
    description: None | str
    measure: MemberChallengeReadMeasure
    goal: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    reward_points: int
    has_coupon: bool
    joined: bool
    joined_at: datetime.datetime | None
    progress: int
    percent: int
    completed_at: datetime.datetime | None
    can_join: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        challenge_id = self.challenge_id

        name = self.name

        description: None | str
        description = self.description

        measure = self.measure.value

        goal = self.goal

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        reward_points = self.reward_points

        has_coupon = self.has_coupon

        joined = self.joined

        joined_at: None | str
        if isinstance(self.joined_at, datetime.datetime):
            joined_at = self.joined_at.isoformat()
        else:
            joined_at = self.joined_at

        progress = self.progress

        percent = self.percent

        completed_at: None | str
        if isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        can_join = self.can_join

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "challenge_id": challenge_id,
                "name": name,
                "description": description,
                "measure": measure,
                "goal": goal,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "reward_points": reward_points,
                "has_coupon": has_coupon,
                "joined": joined,
                "joined_at": joined_at,
                "progress": progress,
                "percent": percent,
                "completed_at": completed_at,
                "can_join": can_join,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        challenge_id = d.pop("challenge_id")

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        measure = MemberChallengeReadMeasure(d.pop("measure"))

        goal = d.pop("goal")

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))

        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        reward_points = d.pop("reward_points")

        has_coupon = d.pop("has_coupon")

        joined = d.pop("joined")

        def _parse_joined_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                joined_at_type_0 = datetime.datetime.fromisoformat(data)

                return joined_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        joined_at = _parse_joined_at(d.pop("joined_at"))

        progress = d.pop("progress")

        percent = d.pop("percent")

        def _parse_completed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        completed_at = _parse_completed_at(d.pop("completed_at"))

        can_join = d.pop("can_join")

        member_challenge_read = cls(
            challenge_id=challenge_id,
            name=name,
            description=description,
            measure=measure,
            goal=goal,
            starts_at=starts_at,
            ends_at=ends_at,
            reward_points=reward_points,
            has_coupon=has_coupon,
            joined=joined,
            joined_at=joined_at,
            progress=progress,
            percent=percent,
            completed_at=completed_at,
            can_join=can_join,
        )

        member_challenge_read.additional_properties = d
        return member_challenge_read

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
