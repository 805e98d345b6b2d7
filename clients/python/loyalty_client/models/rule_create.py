from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.rule_create_trigger import RuleCreateTrigger
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rule_create_condition_type_0 import RuleCreateConditionType0
    from ..models.rule_create_fixed_effect import RuleCreateFixedEffect
    from ..models.rule_create_multiplier_effect import RuleCreateMultiplierEffect
    from ..models.rule_create_per_amount_effect import RuleCreatePerAmountEffect
    from ..models.rule_create_per_item_effect import RuleCreatePerItemEffect
    from ..models.rule_create_percent_effect import RuleCreatePercentEffect


T = TypeVar("T", bound="RuleCreate")


@_attrs_define
class RuleCreate:
    """
    Attributes:
        name (str):
        trigger (RuleCreateTrigger):
        effect (RuleCreateFixedEffect | RuleCreateMultiplierEffect | RuleCreatePerAmountEffect | RuleCreatePercentEffect
            | RuleCreatePerItemEffect): What the rule gives; `kind` says which effect.
        description (None | str | Unset):
        event_type (None | str | Unset): The custom event type it answers; only for custom_event rules.
        condition (None | RuleCreateConditionType0 | Unset):
        unit (str | Unset): One of the program's units. Default: 'points'.
        priority (int | Unset): Lower runs first. Default: 100.
        is_exclusive (bool | Unset): When it matches, later rules of its group are skipped. Default: False.
        starts_at (datetime.datetime | None | Unset): In force from (inclusive); naive means UTC.
        ends_at (datetime.datetime | None | Unset): In force until (exclusive); naive means UTC.
        cap_per_member_per_day (int | None | Unset):
        cap_total (int | None | Unset):
        once_per (None | str | Unset): A field path: the rule gives once per member and value of it.
    """

    name: str
    trigger: RuleCreateTrigger
    effect: (
        RuleCreateFixedEffect
        | RuleCreateMultiplierEffect
        | RuleCreatePerAmountEffect
        | RuleCreatePercentEffect
        | RuleCreatePerItemEffect
    )
    description: None | str | Unset = UNSET
    event_type: None | str | Unset = UNSET
    condition: None | RuleCreateConditionType0 | Unset = UNSET
    unit: str | Unset = "points"
    priority: int | Unset = 100
    is_exclusive: bool | Unset = False
    starts_at: datetime.datetime | None | Unset = UNSET
    ends_at: datetime.datetime | None | Unset = UNSET
    cap_per_member_per_day: int | None | Unset = UNSET
    cap_total: int | None | Unset = UNSET
    once_per: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.rule_create_condition_type_0 import RuleCreateConditionType0  # noqa: PLC0415
        from ..models.rule_create_fixed_effect import RuleCreateFixedEffect  # noqa: PLC0415
        from ..models.rule_create_multiplier_effect import RuleCreateMultiplierEffect  # noqa: PLC0415
        from ..models.rule_create_per_amount_effect import RuleCreatePerAmountEffect  # noqa: PLC0415
        from ..models.rule_create_per_item_effect import RuleCreatePerItemEffect  # noqa: PLC0415

        name = self.name

        trigger = self.trigger.value

        effect: dict[str, Any]
        if isinstance(self.effect, RuleCreateFixedEffect):
            effect = self.effect.to_dict()
        elif isinstance(self.effect, RuleCreatePerAmountEffect):
            effect = self.effect.to_dict()
        elif isinstance(self.effect, RuleCreatePerItemEffect):
            effect = self.effect.to_dict()
        elif isinstance(self.effect, RuleCreateMultiplierEffect):
            effect = self.effect.to_dict()
        else:
            effect = self.effect.to_dict()

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        event_type: None | str | Unset
        if isinstance(self.event_type, Unset):
            event_type = UNSET
        else:
            event_type = self.event_type

        condition: dict[str, Any] | None | Unset
        if isinstance(self.condition, Unset):
            condition = UNSET
        elif isinstance(self.condition, RuleCreateConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        unit = self.unit

        priority = self.priority

        is_exclusive = self.is_exclusive

        starts_at: None | str | Unset
        if isinstance(self.starts_at, Unset):
            starts_at = UNSET
        elif isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at

        ends_at: None | str | Unset
        if isinstance(self.ends_at, Unset):
            ends_at = UNSET
        elif isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        cap_per_member_per_day: int | None | Unset
        if isinstance(self.cap_per_member_per_day, Unset):
            cap_per_member_per_day = UNSET
        else:
            cap_per_member_per_day = self.cap_per_member_per_day

        cap_total: int | None | Unset
        if isinstance(self.cap_total, Unset):
            cap_total = UNSET
        else:
            cap_total = self.cap_total

        once_per: None | str | Unset
        if isinstance(self.once_per, Unset):
            once_per = UNSET
        else:
            once_per = self.once_per

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "trigger": trigger,
                "effect": effect,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if event_type is not UNSET:
            field_dict["event_type"] = event_type
        if condition is not UNSET:
            field_dict["condition"] = condition
        if unit is not UNSET:
            field_dict["unit"] = unit
        if priority is not UNSET:
            field_dict["priority"] = priority
        if is_exclusive is not UNSET:
            field_dict["is_exclusive"] = is_exclusive
        if starts_at is not UNSET:
            field_dict["starts_at"] = starts_at
        if ends_at is not UNSET:
            field_dict["ends_at"] = ends_at
        if cap_per_member_per_day is not UNSET:
            field_dict["cap_per_member_per_day"] = cap_per_member_per_day
        if cap_total is not UNSET:
            field_dict["cap_total"] = cap_total
        if once_per is not UNSET:
            field_dict["once_per"] = once_per

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_create_condition_type_0 import RuleCreateConditionType0  # noqa: PLC0415
        from ..models.rule_create_fixed_effect import RuleCreateFixedEffect  # noqa: PLC0415
        from ..models.rule_create_multiplier_effect import RuleCreateMultiplierEffect  # noqa: PLC0415
        from ..models.rule_create_per_amount_effect import RuleCreatePerAmountEffect  # noqa: PLC0415
        from ..models.rule_create_per_item_effect import RuleCreatePerItemEffect  # noqa: PLC0415
        from ..models.rule_create_percent_effect import RuleCreatePercentEffect  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        trigger = RuleCreateTrigger(d.pop("trigger"))

        def _parse_effect(
            data: object,
        ) -> (
            RuleCreateFixedEffect
            | RuleCreateMultiplierEffect
            | RuleCreatePerAmountEffect
            | RuleCreatePercentEffect
            | RuleCreatePerItemEffect
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_fixed_effect = RuleCreateFixedEffect.from_dict(data)

                return effect_fixed_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_per_amount_effect = RuleCreatePerAmountEffect.from_dict(data)

                return effect_per_amount_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_per_item_effect = RuleCreatePerItemEffect.from_dict(data)

                return effect_per_item_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_multiplier_effect = RuleCreateMultiplierEffect.from_dict(data)

                return effect_multiplier_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            effect_percent_effect = RuleCreatePercentEffect.from_dict(data)

            return effect_percent_effect

        effect = _parse_effect(d.pop("effect"))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_event_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        event_type = _parse_event_type(d.pop("event_type", UNSET))

        def _parse_condition(data: object) -> None | RuleCreateConditionType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = RuleCreateConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RuleCreateConditionType0 | Unset, data)

        condition = _parse_condition(d.pop("condition", UNSET))

        unit = d.pop("unit", UNSET)

        priority = d.pop("priority", UNSET)

        is_exclusive = d.pop("is_exclusive", UNSET)

        def _parse_starts_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_0 = datetime.datetime.fromisoformat(data)

                return starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        starts_at = _parse_starts_at(d.pop("starts_at", UNSET))

        def _parse_ends_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ends_at = _parse_ends_at(d.pop("ends_at", UNSET))

        def _parse_cap_per_member_per_day(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cap_per_member_per_day = _parse_cap_per_member_per_day(d.pop("cap_per_member_per_day", UNSET))

        def _parse_cap_total(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cap_total = _parse_cap_total(d.pop("cap_total", UNSET))

        def _parse_once_per(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        once_per = _parse_once_per(d.pop("once_per", UNSET))

        rule_create = cls(
            name=name,
            trigger=trigger,
            effect=effect,
            description=description,
            event_type=event_type,
            condition=condition,
            unit=unit,
            priority=priority,
            is_exclusive=is_exclusive,
            starts_at=starts_at,
            ends_at=ends_at,
            cap_per_member_per_day=cap_per_member_per_day,
            cap_total=cap_total,
            once_per=once_per,
        )

        return rule_create
