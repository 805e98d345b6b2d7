from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.challenge_create_channel_type_0 import ChallengeCreateChannelType0
from ..models.challenge_create_measure import ChallengeCreateMeasure
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.challenge_create_condition_type_0 import ChallengeCreateConditionType0


T = TypeVar("T", bound="ChallengeCreate")


@_attrs_define
class ChallengeCreate:
    """
    Attributes:
        name (str):
        measure (ChallengeCreateMeasure): purchase_count: purchases not refunded in full; spend: their totals less
            refunds (minor units); distinct_categories / new_categories: categories bought (new: never bought before the
            window); week_streak: the longest run of consecutive weeks with a purchase; event_count: custom events of
            `event_type`.
        goal (int): The value that completes the challenge.
        starts_at (datetime.datetime):
        ends_at (datetime.datetime):
        description (None | str | Unset):
        channel (ChallengeCreateChannelType0 | None | Unset): Count only purchases of this channel.
        event_type (None | str | Unset):
        condition (ChallengeCreateConditionType0 | None | Unset): Optional: only what passes counts. Purchase measures:
            purchase.total, purchase.channel, purchase.store, purchase.categories and line.* inside any_line/all_lines;
            event_count: event.type and event.payload.<key>.
        segment_id (int | None | Unset): Assign to a segment: its members are enrolled (and members who enter it later);
            others cannot join.
        reward_points (int | Unset):  Default: 0.
        reward_unit (None | str | Unset):
        voucher_campaign_id (int | None | Unset):
        is_active (bool | Unset):  Default: True.
    """

    name: str
    measure: ChallengeCreateMeasure
    goal: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    description: None | str | Unset = UNSET
    channel: ChallengeCreateChannelType0 | None | Unset = UNSET
    event_type: None | str | Unset = UNSET
    condition: ChallengeCreateConditionType0 | None | Unset = UNSET
    segment_id: int | None | Unset = UNSET
    reward_points: int | Unset = 0
    reward_unit: None | str | Unset = UNSET
    voucher_campaign_id: int | None | Unset = UNSET
    is_active: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        from ..models.challenge_create_condition_type_0 import ChallengeCreateConditionType0  # noqa: PLC0415

        name = self.name

        measure = self.measure.value

        goal = self.goal

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        channel: None | str | Unset
        if isinstance(self.channel, Unset):
            channel = UNSET
        elif isinstance(self.channel, ChallengeCreateChannelType0):
            channel = self.channel.value
        else:
            channel = self.channel

        event_type: None | str | Unset
        if isinstance(self.event_type, Unset):
            event_type = UNSET
        else:
            event_type = self.event_type

        condition: dict[str, Any] | None | Unset
        if isinstance(self.condition, Unset):
            condition = UNSET
        elif isinstance(self.condition, ChallengeCreateConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        segment_id: int | None | Unset
        if isinstance(self.segment_id, Unset):
            segment_id = UNSET
        else:
            segment_id = self.segment_id

        reward_points = self.reward_points

        reward_unit: None | str | Unset
        if isinstance(self.reward_unit, Unset):
            reward_unit = UNSET
        else:
            reward_unit = self.reward_unit

        voucher_campaign_id: int | None | Unset
        if isinstance(self.voucher_campaign_id, Unset):
            voucher_campaign_id = UNSET
        else:
            voucher_campaign_id = self.voucher_campaign_id

        is_active = self.is_active

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "measure": measure,
                "goal": goal,
                "starts_at": starts_at,
                "ends_at": ends_at,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if channel is not UNSET:
            field_dict["channel"] = channel
        if event_type is not UNSET:
            field_dict["event_type"] = event_type
        if condition is not UNSET:
            field_dict["condition"] = condition
        if segment_id is not UNSET:
            field_dict["segment_id"] = segment_id
        if reward_points is not UNSET:
            field_dict["reward_points"] = reward_points
        if reward_unit is not UNSET:
            field_dict["reward_unit"] = reward_unit
        if voucher_campaign_id is not UNSET:
            field_dict["voucher_campaign_id"] = voucher_campaign_id
        if is_active is not UNSET:
            field_dict["is_active"] = is_active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.challenge_create_condition_type_0 import ChallengeCreateConditionType0  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        measure = ChallengeCreateMeasure(d.pop("measure"))

        goal = d.pop("goal")

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))

        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_channel(data: object) -> ChallengeCreateChannelType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                channel_type_0 = ChallengeCreateChannelType0(data)

                return channel_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChallengeCreateChannelType0 | None | Unset, data)

        channel = _parse_channel(d.pop("channel", UNSET))

        def _parse_event_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        event_type = _parse_event_type(d.pop("event_type", UNSET))

        def _parse_condition(data: object) -> ChallengeCreateConditionType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = ChallengeCreateConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChallengeCreateConditionType0 | None | Unset, data)

        condition = _parse_condition(d.pop("condition", UNSET))

        def _parse_segment_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        segment_id = _parse_segment_id(d.pop("segment_id", UNSET))

        reward_points = d.pop("reward_points", UNSET)

        def _parse_reward_unit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reward_unit = _parse_reward_unit(d.pop("reward_unit", UNSET))

        def _parse_voucher_campaign_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        voucher_campaign_id = _parse_voucher_campaign_id(d.pop("voucher_campaign_id", UNSET))

        is_active = d.pop("is_active", UNSET)

        challenge_create = cls(
            name=name,
            measure=measure,
            goal=goal,
            starts_at=starts_at,
            ends_at=ends_at,
            description=description,
            channel=channel,
            event_type=event_type,
            condition=condition,
            segment_id=segment_id,
            reward_points=reward_points,
            reward_unit=reward_unit,
            voucher_campaign_id=voucher_campaign_id,
            is_active=is_active,
        )

        return challenge_create
