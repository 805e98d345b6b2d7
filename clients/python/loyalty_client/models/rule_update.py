from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.rule_update_trigger_type_0 import RuleUpdateTriggerType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rule_update_condition_type_0 import RuleUpdateConditionType0
    from ..models.rule_update_fixed_effect import RuleUpdateFixedEffect
    from ..models.rule_update_multiplier_effect import RuleUpdateMultiplierEffect
    from ..models.rule_update_per_amount_effect import RuleUpdatePerAmountEffect
    from ..models.rule_update_per_item_effect import RuleUpdatePerItemEffect
    from ..models.rule_update_percent_effect import RuleUpdatePercentEffect


T = TypeVar("T", bound="RuleUpdate")


@_attrs_define
class RuleUpdate:
    """Any subset of a rule's fields; saving writes a new version. null clears an optional field.

    Attributes:
        name (None | str | Unset):
        description (None | str | Unset):
        trigger (None | RuleUpdateTriggerType0 | Unset):
        event_type (None | str | Unset):
        condition (None | RuleUpdateConditionType0 | Unset):
        effect (None | RuleUpdateFixedEffect | RuleUpdateMultiplierEffect | RuleUpdatePerAmountEffect |
            RuleUpdatePercentEffect | RuleUpdatePerItemEffect | Unset):
        unit (None | str | Unset):
        priority (int | None | Unset):
        is_exclusive (bool | None | Unset):
        starts_at (datetime.datetime | None | Unset):
        ends_at (datetime.datetime | None | Unset):
        cap_per_member_per_day (int | None | Unset):
        cap_total (int | None | Unset):
        once_per (None | str | Unset):
    """

    name: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    trigger: None | RuleUpdateTriggerType0 | Unset = UNSET
    event_type: None | str | Unset = UNSET
    condition: None | RuleUpdateConditionType0 | Unset = UNSET
    effect: (
        None
        | RuleUpdateFixedEffect
        | RuleUpdateMultiplierEffect
        | RuleUpdatePerAmountEffect
        | RuleUpdatePercentEffect
        | RuleUpdatePerItemEffect
        | Unset
    ) = UNSET
    unit: None | str | Unset = UNSET
    priority: int | None | Unset = UNSET
    is_exclusive: bool | None | Unset = UNSET
    starts_at: datetime.datetime | None | Unset = UNSET
    ends_at: datetime.datetime | None | Unset = UNSET
    cap_per_member_per_day: int | None | Unset = UNSET
    cap_total: int | None | Unset = UNSET
    once_per: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.rule_update_condition_type_0 import RuleUpdateConditionType0  # noqa: PLC0415
        from ..models.rule_update_fixed_effect import RuleUpdateFixedEffect  # noqa: PLC0415
        from ..models.rule_update_multiplier_effect import RuleUpdateMultiplierEffect  # noqa: PLC0415
        from ..models.rule_update_per_amount_effect import RuleUpdatePerAmountEffect  # noqa: PLC0415
        from ..models.rule_update_per_item_effect import RuleUpdatePerItemEffect  # noqa: PLC0415
        from ..models.rule_update_percent_effect import RuleUpdatePercentEffect  # noqa: PLC0415

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        trigger: None | str | Unset
        if isinstance(self.trigger, Unset):
            trigger = UNSET
        elif isinstance(self.trigger, RuleUpdateTriggerType0):
            trigger = self.trigger.value
        else:
            trigger = self.trigger

        event_type: None | str | Unset
        if isinstance(self.event_type, Unset):
            event_type = UNSET
        else:
            event_type = self.event_type

        condition: dict[str, Any] | None | Unset
        if isinstance(self.condition, Unset):
            condition = UNSET
        elif isinstance(self.condition, RuleUpdateConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        effect: dict[str, Any] | None | Unset
        if isinstance(self.effect, Unset):
            effect = UNSET
        elif isinstance(self.effect, RuleUpdateFixedEffect):
            effect = self.effect.to_dict()
        elif isinstance(self.effect, RuleUpdatePerAmountEffect):
            effect = self.effect.to_dict()
        elif isinstance(self.effect, RuleUpdatePerItemEffect):
            effect = self.effect.to_dict()
        elif isinstance(self.effect, RuleUpdateMultiplierEffect):
            effect = self.effect.to_dict()
        elif isinstance(self.effect, RuleUpdatePercentEffect):
            effect = self.effect.to_dict()
        else:
            effect = self.effect

        unit: None | str | Unset
        if isinstance(self.unit, Unset):
            unit = UNSET
        else:
            unit = self.unit

        priority: int | None | Unset
        if isinstance(self.priority, Unset):
            priority = UNSET
        else:
            priority = self.priority

        is_exclusive: bool | None | Unset
        if isinstance(self.is_exclusive, Unset):
            is_exclusive = UNSET
        else:
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

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if trigger is not UNSET:
            field_dict["trigger"] = trigger
        if event_type is not UNSET:
            field_dict["event_type"] = event_type
        if condition is not UNSET:
            field_dict["condition"] = condition
        if effect is not UNSET:
            field_dict["effect"] = effect
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
        from ..models.rule_update_condition_type_0 import RuleUpdateConditionType0  # noqa: PLC0415
        from ..models.rule_update_fixed_effect import RuleUpdateFixedEffect  # noqa: PLC0415
        from ..models.rule_update_multiplier_effect import RuleUpdateMultiplierEffect  # noqa: PLC0415
        from ..models.rule_update_per_amount_effect import RuleUpdatePerAmountEffect  # noqa: PLC0415
        from ..models.rule_update_per_item_effect import RuleUpdatePerItemEffect  # noqa: PLC0415
        from ..models.rule_update_percent_effect import RuleUpdatePercentEffect  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_trigger(data: object) -> None | RuleUpdateTriggerType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trigger_type_0 = RuleUpdateTriggerType0(data)

                return trigger_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RuleUpdateTriggerType0 | Unset, data)

        trigger = _parse_trigger(d.pop("trigger", UNSET))

        def _parse_event_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        event_type = _parse_event_type(d.pop("event_type", UNSET))

        def _parse_condition(data: object) -> None | RuleUpdateConditionType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = RuleUpdateConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RuleUpdateConditionType0 | Unset, data)

        condition = _parse_condition(d.pop("condition", UNSET))

        def _parse_effect(
            data: object,
        ) -> (
            None
            | RuleUpdateFixedEffect
            | RuleUpdateMultiplierEffect
            | RuleUpdatePerAmountEffect
            | RuleUpdatePercentEffect
            | RuleUpdatePerItemEffect
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_type_0_fixed_effect = RuleUpdateFixedEffect.from_dict(data)

                return effect_type_0_fixed_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_type_0_per_amount_effect = RuleUpdatePerAmountEffect.from_dict(data)

                return effect_type_0_per_amount_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_type_0_per_item_effect = RuleUpdatePerItemEffect.from_dict(data)

                return effect_type_0_per_item_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_type_0_multiplier_effect = RuleUpdateMultiplierEffect.from_dict(data)

                return effect_type_0_multiplier_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_type_0_percent_effect = RuleUpdatePercentEffect.from_dict(data)

                return effect_type_0_percent_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | RuleUpdateFixedEffect
                | RuleUpdateMultiplierEffect
                | RuleUpdatePerAmountEffect
                | RuleUpdatePercentEffect
                | RuleUpdatePerItemEffect
                | Unset,
                data,
            )

        effect = _parse_effect(d.pop("effect", UNSET))

        def _parse_unit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unit = _parse_unit(d.pop("unit", UNSET))

        def _parse_priority(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        priority = _parse_priority(d.pop("priority", UNSET))

        def _parse_is_exclusive(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_exclusive = _parse_is_exclusive(d.pop("is_exclusive", UNSET))

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

        rule_update = cls(
            name=name,
            description=description,
            trigger=trigger,
            event_type=event_type,
            condition=condition,
            effect=effect,
            unit=unit,
            priority=priority,
            is_exclusive=is_exclusive,
            starts_at=starts_at,
            ends_at=ends_at,
            cap_per_member_per_day=cap_per_member_per_day,
            cap_total=cap_total,
            once_per=once_per,
        )

        return rule_update
