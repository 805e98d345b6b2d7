from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.badge_create_measure import BadgeCreateMeasure
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.badge_create_condition_type_0 import BadgeCreateConditionType0
    from ..models.badge_level_in import BadgeLevelIn


T = TypeVar("T", bound="BadgeCreate")


@_attrs_define
class BadgeCreate:
    """
    Attributes:
        name (str):
        measure (BadgeCreateMeasure): purchase_count: purchases not refunded in full; spend: their totals less refunds
            (minor units); distinct_categories / new_categories: categories bought (new: never bought before the window);
            week_streak: the longest run of consecutive weeks with a purchase; event_count: custom events of `event_type`.
        levels (list[BadgeLevelIn]): One level (earned once) or several with rising thresholds (bronze 5, silver 10,
            gold 25).
        description (None | str | Unset):
        event_type (None | str | Unset): event_count: the custom event's type (as posted to /api/v1/events), e.g.
            review_submitted.
        condition (BadgeCreateConditionType0 | None | Unset): Optional: only what passes counts. Purchase measures:
            purchase.total, purchase.channel, purchase.store, purchase.categories and line.* inside any_line/all_lines;
            event_count: event.type and event.payload.<key>.
        is_active (bool | Unset):  Default: True.
        award_existing (bool | Unset): Also give the badge to the members who already qualify: the worker measures every
            member in batches (see `backfill`), each paid once. Otherwise members earn it at their next event. Default:
            False.
    """

    name: str
    measure: BadgeCreateMeasure
    levels: list[BadgeLevelIn]
    description: None | str | Unset = UNSET
    event_type: None | str | Unset = UNSET
    condition: BadgeCreateConditionType0 | None | Unset = UNSET
    is_active: bool | Unset = True
    award_existing: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        from ..models.badge_create_condition_type_0 import BadgeCreateConditionType0  # noqa: PLC0415

        name = self.name

        measure = self.measure.value

        levels = []
        for levels_item_data in self.levels:
            levels_item = levels_item_data.to_dict()
            levels.append(levels_item)

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
        elif isinstance(self.condition, BadgeCreateConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        is_active = self.is_active

        award_existing = self.award_existing

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "measure": measure,
                "levels": levels,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if event_type is not UNSET:
            field_dict["event_type"] = event_type
        if condition is not UNSET:
            field_dict["condition"] = condition
        if is_active is not UNSET:
            field_dict["is_active"] = is_active
        if award_existing is not UNSET:
            field_dict["award_existing"] = award_existing

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.badge_create_condition_type_0 import BadgeCreateConditionType0  # noqa: PLC0415
        from ..models.badge_level_in import BadgeLevelIn  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        measure = BadgeCreateMeasure(d.pop("measure"))

        levels = []
        _levels = d.pop("levels")
        for levels_item_data in _levels:
            levels_item = BadgeLevelIn.from_dict(levels_item_data)

            levels.append(levels_item)

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

        def _parse_condition(data: object) -> BadgeCreateConditionType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = BadgeCreateConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BadgeCreateConditionType0 | None | Unset, data)

        condition = _parse_condition(d.pop("condition", UNSET))

        is_active = d.pop("is_active", UNSET)

        award_existing = d.pop("award_existing", UNSET)

        badge_create = cls(
            name=name,
            measure=measure,
            levels=levels,
            description=description,
            event_type=event_type,
            condition=condition,
            is_active=is_active,
            award_existing=award_existing,
        )

        return badge_create
