from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.badge_read_measure import BadgeReadMeasure
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.badge_backfill_read import BadgeBackfillRead
    from ..models.badge_level_read import BadgeLevelRead
    from ..models.badge_read_condition_type_0 import BadgeReadConditionType0


T = TypeVar("T", bound="BadgeRead")


@_attrs_define
class BadgeRead:
    """
    Attributes:
        id (int):
        name (str):
        description (None | str):
        measure (BadgeReadMeasure):
        event_type (None | str):
        condition (BadgeReadConditionType0 | None):
        levels (list[BadgeLevelRead]):
        is_active (bool):
        earned (int): Awards of any level held now.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        backfill (BadgeBackfillRead | None | Unset): The back-fill asked for with award_existing, and how far it is
            (null: none was asked for).
    """

    id: int
    name: str
    description: None | str
    measure: BadgeReadMeasure
    event_type: None | str
    condition: BadgeReadConditionType0 | None
    levels: list[BadgeLevelRead]
    is_active: bool
    earned: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    backfill: BadgeBackfillRead | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.badge_backfill_read import BadgeBackfillRead  # noqa: PLC0415
        from ..models.badge_read_condition_type_0 import BadgeReadConditionType0  # noqa: PLC0415

        id = self.id

        name = self.name

        description: None | str
        description = self.description

        measure = self.measure.value

        event_type: None | str
        event_type = self.event_type

        condition: dict[str, Any] | None
        if isinstance(self.condition, BadgeReadConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        levels = []
        for levels_item_data in self.levels:
            levels_item = levels_item_data.to_dict()
            levels.append(levels_item)

        is_active = self.is_active

        earned = self.earned

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        backfill: dict[str, Any] | None | Unset
        if isinstance(self.backfill, Unset):
            backfill = UNSET
        elif isinstance(self.backfill, BadgeBackfillRead):
            backfill = self.backfill.to_dict()
        else:
            backfill = self.backfill

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "measure": measure,
                "event_type": event_type,
                "condition": condition,
                "levels": levels,
                "is_active": is_active,
                "earned": earned,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if backfill is not UNSET:
            field_dict["backfill"] = backfill

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.badge_backfill_read import BadgeBackfillRead  # noqa: PLC0415
        from ..models.badge_level_read import BadgeLevelRead  # noqa: PLC0415
        from ..models.badge_read_condition_type_0 import BadgeReadConditionType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        measure = BadgeReadMeasure(d.pop("measure"))

        def _parse_event_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        event_type = _parse_event_type(d.pop("event_type"))

        def _parse_condition(data: object) -> BadgeReadConditionType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = BadgeReadConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BadgeReadConditionType0 | None, data)

        condition = _parse_condition(d.pop("condition"))

        levels = []
        _levels = d.pop("levels")
        for levels_item_data in _levels:
            levels_item = BadgeLevelRead.from_dict(levels_item_data)

            levels.append(levels_item)

        is_active = d.pop("is_active")

        earned = d.pop("earned")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_backfill(data: object) -> BadgeBackfillRead | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                backfill_type_0 = BadgeBackfillRead.from_dict(data)

                return backfill_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BadgeBackfillRead | None | Unset, data)

        backfill = _parse_backfill(d.pop("backfill", UNSET))

        badge_read = cls(
            id=id,
            name=name,
            description=description,
            measure=measure,
            event_type=event_type,
            condition=condition,
            levels=levels,
            is_active=is_active,
            earned=earned,
            created_at=created_at,
            updated_at=updated_at,
            backfill=backfill,
        )

        badge_read.additional_properties = d
        return badge_read

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
