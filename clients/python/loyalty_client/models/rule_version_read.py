from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.rule_version_read_trigger import RuleVersionReadTrigger

if TYPE_CHECKING:
    from ..models.rule_version_read_condition_type_0 import RuleVersionReadConditionType0
    from ..models.rule_version_read_fixed_effect import RuleVersionReadFixedEffect
    from ..models.rule_version_read_multiplier_effect import RuleVersionReadMultiplierEffect
    from ..models.rule_version_read_per_amount_effect import RuleVersionReadPerAmountEffect
    from ..models.rule_version_read_per_item_effect import RuleVersionReadPerItemEffect
    from ..models.rule_version_read_percent_effect import RuleVersionReadPercentEffect


T = TypeVar("T", bound="RuleVersionRead")


@_attrs_define
class RuleVersionRead:
    """
    Attributes:
        version (int):
        name (str):
        description (None | str):
        trigger (RuleVersionReadTrigger):
        event_type (None | str):
        condition (None | RuleVersionReadConditionType0):
        effect (RuleVersionReadFixedEffect | RuleVersionReadMultiplierEffect | RuleVersionReadPerAmountEffect |
            RuleVersionReadPercentEffect | RuleVersionReadPerItemEffect): What the rule gives; `kind` says which effect.
        unit (str):
        priority (int):
        is_exclusive (bool):
        starts_at (datetime.datetime | None):
        ends_at (datetime.datetime | None):
        cap_per_member_per_day (int | None):
        cap_total (int | None):
        once_per (None | str):
        created_at (datetime.datetime):
        created_by (str):
    """

    version: int
    name: str
    description: None | str
    trigger: RuleVersionReadTrigger
    event_type: None | str
    condition: None | RuleVersionReadConditionType0
    effect: (
        RuleVersionReadFixedEffect
        | RuleVersionReadMultiplierEffect
        | RuleVersionReadPerAmountEffect
        | RuleVersionReadPercentEffect
        | RuleVersionReadPerItemEffect
    )
    unit: str
    priority: int
    is_exclusive: bool
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    cap_per_member_per_day: int | None
    cap_total: int | None
    once_per: None | str
    created_at: datetime.datetime
    created_by: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.rule_version_read_condition_type_0 import RuleVersionReadConditionType0  # noqa: PLC0415
        from ..models.rule_version_read_fixed_effect import RuleVersionReadFixedEffect  # noqa: PLC0415
        from ..models.rule_version_read_multiplier_effect import RuleVersionReadMultiplierEffect  # noqa: PLC0415
        from ..models.rule_version_read_per_amount_effect import RuleVersionReadPerAmountEffect  # noqa: PLC0415
        from ..models.rule_version_read_per_item_effect import RuleVersionReadPerItemEffect  # noqa: PLC0415

        version = self.version

        name = self.name

        description: None | str
        description = self.description

        trigger = self.trigger.value

        event_type: None | str
        event_type = self.event_type

        condition: dict[str, Any] | None
        if isinstance(self.condition, RuleVersionReadConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        effect: dict[str, Any]
        if isinstance(self.effect, RuleVersionReadFixedEffect):
            effect = self.effect.to_dict()
        elif isinstance(self.effect, RuleVersionReadPerAmountEffect):
            effect = self.effect.to_dict()
        elif isinstance(self.effect, RuleVersionReadPerItemEffect):
            effect = self.effect.to_dict()
        elif isinstance(self.effect, RuleVersionReadMultiplierEffect):
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

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "version": version,
                "name": name,
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
                "created_at": created_at,
                "created_by": created_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_version_read_condition_type_0 import RuleVersionReadConditionType0  # noqa: PLC0415
        from ..models.rule_version_read_fixed_effect import RuleVersionReadFixedEffect  # noqa: PLC0415
        from ..models.rule_version_read_multiplier_effect import RuleVersionReadMultiplierEffect  # noqa: PLC0415
        from ..models.rule_version_read_per_amount_effect import RuleVersionReadPerAmountEffect  # noqa: PLC0415
        from ..models.rule_version_read_per_item_effect import RuleVersionReadPerItemEffect  # noqa: PLC0415
        from ..models.rule_version_read_percent_effect import RuleVersionReadPercentEffect  # noqa: PLC0415

        d = dict(src_dict)
        version = d.pop("version")

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        trigger = RuleVersionReadTrigger(d.pop("trigger"))

        def _parse_event_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        event_type = _parse_event_type(d.pop("event_type"))

        def _parse_condition(data: object) -> None | RuleVersionReadConditionType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = RuleVersionReadConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RuleVersionReadConditionType0, data)

        condition = _parse_condition(d.pop("condition"))

        def _parse_effect(
            data: object,
        ) -> (
            RuleVersionReadFixedEffect
            | RuleVersionReadMultiplierEffect
            | RuleVersionReadPerAmountEffect
            | RuleVersionReadPercentEffect
            | RuleVersionReadPerItemEffect
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_fixed_effect = RuleVersionReadFixedEffect.from_dict(data)

                return effect_fixed_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_per_amount_effect = RuleVersionReadPerAmountEffect.from_dict(data)

                return effect_per_amount_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_per_item_effect = RuleVersionReadPerItemEffect.from_dict(data)

                return effect_per_item_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                effect_multiplier_effect = RuleVersionReadMultiplierEffect.from_dict(data)

                return effect_multiplier_effect
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            effect_percent_effect = RuleVersionReadPercentEffect.from_dict(data)

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

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        rule_version_read = cls(
            version=version,
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
            created_at=created_at,
            created_by=created_by,
        )

        rule_version_read.additional_properties = d
        return rule_version_read

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
