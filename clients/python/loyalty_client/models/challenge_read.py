from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.challenge_read_channel_type_0 import ChallengeReadChannelType0
from ..models.challenge_read_measure import ChallengeReadMeasure

if TYPE_CHECKING:
    from ..models.challenge_read_condition_type_0 import ChallengeReadConditionType0


T = TypeVar("T", bound="ChallengeRead")


@_attrs_define
class ChallengeRead:
    """
    Attributes:
        id (int):
        name (str):
        description (None | str):
        measure (ChallengeReadMeasure):
        goal (int):
        channel (ChallengeReadChannelType0 | None):
        event_type (None | str):
        condition (ChallengeReadConditionType0 | None):
        starts_at (datetime.datetime):
        ends_at (datetime.datetime):
        segment_id (int | None):
        reward_points (int):
        reward_unit (None | str):
        voucher_campaign_id (int | None):
        is_active (bool):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    name: str
    description: None | str
    measure: ChallengeReadMeasure
    goal: int
    channel: ChallengeReadChannelType0 | None
    event_type: None | str
    condition: ChallengeReadConditionType0 | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    segment_id: int | None
    reward_points: int
    reward_unit: None | str
    voucher_campaign_id: int | None
    is_active: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.challenge_read_condition_type_0 import ChallengeReadConditionType0  # noqa: PLC0415

        id = self.id

        name = self.name

        description: None | str
        description = self.description

        measure = self.measure.value

        goal = self.goal

        channel: None | str
        if isinstance(self.channel, ChallengeReadChannelType0):
            channel = self.channel.value
        else:
            channel = self.channel

        event_type: None | str
        event_type = self.event_type

        condition: dict[str, Any] | None
        if isinstance(self.condition, ChallengeReadConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        segment_id: int | None
        segment_id = self.segment_id

        reward_points = self.reward_points

        reward_unit: None | str
        reward_unit = self.reward_unit

        voucher_campaign_id: int | None
        voucher_campaign_id = self.voucher_campaign_id

        is_active = self.is_active

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "measure": measure,
                "goal": goal,
                "channel": channel,
                "event_type": event_type,
                "condition": condition,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "segment_id": segment_id,
                "reward_points": reward_points,
                "reward_unit": reward_unit,
                "voucher_campaign_id": voucher_campaign_id,
                "is_active": is_active,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.challenge_read_condition_type_0 import ChallengeReadConditionType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        measure = ChallengeReadMeasure(d.pop("measure"))

        goal = d.pop("goal")

        def _parse_channel(data: object) -> ChallengeReadChannelType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                channel_type_0 = ChallengeReadChannelType0(data)

                return channel_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChallengeReadChannelType0 | None, data)

        channel = _parse_channel(d.pop("channel"))

        def _parse_event_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        event_type = _parse_event_type(d.pop("event_type"))

        def _parse_condition(data: object) -> ChallengeReadConditionType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = ChallengeReadConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChallengeReadConditionType0 | None, data)

        condition = _parse_condition(d.pop("condition"))

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))

        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        def _parse_segment_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        segment_id = _parse_segment_id(d.pop("segment_id"))

        reward_points = d.pop("reward_points")

        def _parse_reward_unit(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reward_unit = _parse_reward_unit(d.pop("reward_unit"))

        def _parse_voucher_campaign_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        voucher_campaign_id = _parse_voucher_campaign_id(d.pop("voucher_campaign_id"))

        is_active = d.pop("is_active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        challenge_read = cls(
            id=id,
            name=name,
            description=description,
            measure=measure,
            goal=goal,
            channel=channel,
            event_type=event_type,
            condition=condition,
            starts_at=starts_at,
            ends_at=ends_at,
            segment_id=segment_id,
            reward_points=reward_points,
            reward_unit=reward_unit,
            voucher_campaign_id=voucher_campaign_id,
            is_active=is_active,
            created_at=created_at,
            updated_at=updated_at,
        )

        challenge_read.additional_properties = d
        return challenge_read

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
