from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.rule_read_trigger import RuleReadTrigger

if TYPE_CHECKING:
    from ..models.rule_read_condition_type_0 import RuleReadConditionType0
    from ..models.rule_read_fixed_effect import RuleReadFixedEffect
    from ..models.rule_read_multiplier_effect import RuleReadMultiplierEffect
    from ..models.rule_read_per_amount_effect import RuleReadPerAmountEffect
    from ..models.rule_read_per_item_effect import RuleReadPerItemEffect
    from ..models.rule_read_percent_effect import RuleReadPercentEffect


T = TypeVar("T", bound="RuleRead")


@_attrs_define
class RuleRead:
    """A rule with the fields of its current version.

    Attributes:
        id (int):
        name (str):
        is_active (bool):
        current_version (int):
        description (None | str):
        trigger (RuleReadTrigger):
        event_type (None | str):
        condition (None | RuleReadConditionType0):
        effect (RuleReadFixedEffect | RuleReadMultiplierEffect | RuleReadPerAmountEffect | RuleReadPercentEffect |
            RuleReadPerItemEffect): What the rule gives; `kind` says which effect.
        unit (str):
        priority (int):
        is_exclusive (bool):
        starts_at (datetime.datetime | None):
        ends_at (datetime.datetime | None):
        cap_per_member_per_day (int | None):
        cap_total (int | None):
        once_per (None | str):
        awarded_total (int): Points given while the rule has a total cap (what the cap counts).
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    name: str
    is_active: bool
    current_version: int
    description: None | str
    trigger: RuleReadTrigger
    event_type: None | str
    condition: None | RuleReadConditionType0
    effect: (
        RuleReadFixedEffect
        | RuleReadMultiplierEffect
        | RuleReadPerAmountEffect
        | RuleReadPercentEffect
        | RuleReadPerItemEffect
    )
    unit: str
    priority: int
    is_exclusive: bool
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    cap_per_member_per_day: int | None
    cap_total: int | None
    once_per: None | str
    awarded_total: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.rule_read_condition_type_0 import RuleReadConditionType0  # noqa: PLC0415
        from ..models.rule_read_fixed_effect import RuleReadFixedEffect  # noqa: PLC0415
        from ..models.rule_read_multiplier_effect import RuleReadMultiplierEffect  # noqa: PLC0415
        from ..models.rule_read_per_amount_effect import RuleReadPerAmountEffect  # noqa: PLC0415
        from ..models.rule_read_per_item_effect import RuleReadPerItemEffect  # noqa: PLC0415

        id = self.id

        name = self.name

        is_active = self.is_active

        current_version = self.current_version

        description: None | str
        description = self.description

        trigger = self.trigger.value

        event_type: None | str
        event_type = self.event_type

        condition: dict[str, Any] | None
        if isinstance(self.condition, RuleReadConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        effect: dict[str, Any]
        if isinstance(self.effect, RuleReadFixedEffect):
            effect = self.effect.to_dict()
        elif isinstance(self.effect, RuleReadPerAmountEffect):
            effect = self.effect.to_dict()
        elif isinstance(self.effect, RuleReadPerItemEffect):
            effect = self.effect.to_dict()
        elif isinstance(self.effect, RuleReadMultiplierEffect):
            effect = self.effect.to_dict()
        else:
            effect = self.effect.to_dict()

        unit = self.unit

        priority = self.priority

        is_exclusive = self.is_exclusive

        starts_at: None | str
        if isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at

        ends_at: None | str
        if isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        cap_per_member_per_day: int | None
        cap_per_member_per_day = self.cap_per_member_per_day

        cap_total: int | None
        cap_total = self.cap_total

        once_per: None | str
        once_per = self.once_per

        awarded_total = self.awarded_total

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "is_active": is_active,
                "current_version": current_version,
                "description": description,
                "trigger": trigger,
                "event_type": event_type,
                "condition": condition,
                "effect": effect,
                "unit": unit,
                "priority": priority,
                "is_exclusive": is_exclusive,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "cap_per_member_per_day": cap_per_member_per_day,
                "cap_total": cap_total,
                "once_per": once_per,
                "awarded_total": awarded_total,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_read_condition_type_0 import RuleReadConditionType0  # noqa: PLC0415
        from ..models.rule_read_fixed_effect import RuleReadFixedEffect  # noqa: PLC0415
        from ..models.rule_read_multiplier_effect import RuleReadMultiplierEffect  # noqa: PLC0415
        from ..models.rule_read_per_amount_effect import RuleReadPerAmountEffect  # noqa: PLC0415
        from ..models.rule_read_per_item_effect import RuleReadPerItemEffect  # noqa: PLC0415
        from ..models.rule_read_percent_effect import RuleReadPercentEffect  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        is_active = d.pop("is_active")

        current_version = d.pop("current_version")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        trigger = RuleReadTrigger(d.pop("trigger"))

        def _parse_event_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        event_type = _parse_event_type(d.pop("event_type"))

        def _parse_condition(data: object) -> None | RuleReadConditionType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = RuleReadConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RuleReadConditionType0, data)

        condition = _parse_condition(d.pop("condition"))

        def _parse_effect(
            data: object,
        ) -> (
            RuleReadFixedEffect
            | RuleReadMultiplierEffect
            | RuleReadPerAmountEffect
            | RuleReadPercentEffect
            | RuleReadPerItemEffect
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_fixed_effect = RuleReadFixedEffect.from_dict(data)

                return effect_fixed_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_per_amount_effect = RuleReadPerAmountEffect.from_dict(data)

                return effect_per_amount_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_per_item_effect = RuleReadPerItemEffect.from_dict(data)

                return effect_per_item_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_multiplier_effect = RuleReadMultiplierEffect.from_dict(data)

                return effect_multiplier_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            effect_percent_effect = RuleReadPercentEffect.from_dict(data)

            return effect_percent_effect

        effect = _parse_effect(d.pop("effect"))

        unit = d.pop("unit")

        priority = d.pop("priority")

        is_exclusive = d.pop("is_exclusive")

        def _parse_starts_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_0 = datetime.datetime.fromisoformat(data)

                return starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        starts_at = _parse_starts_at(d.pop("starts_at"))

        def _parse_ends_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ends_at = _parse_ends_at(d.pop("ends_at"))

        def _parse_cap_per_member_per_day(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        cap_per_member_per_day = _parse_cap_per_member_per_day(d.pop("cap_per_member_per_day"))

        def _parse_cap_total(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        cap_total = _parse_cap_total(d.pop("cap_total"))

        def _parse_once_per(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        once_per = _parse_once_per(d.pop("once_per"))

        awarded_total = d.pop("awarded_total")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        rule_read = cls(
            id=id,
            name=name,
            is_active=is_active,
            current_version=current_version,
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
            awarded_total=awarded_total,
            created_at=created_at,
            updated_at=updated_at,
        )

        rule_read.additional_properties = d
        return rule_read

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
