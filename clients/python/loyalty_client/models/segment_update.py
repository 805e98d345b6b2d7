from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.segment_update_condition_type_0 import SegmentUpdateConditionType0


T = TypeVar("T", bound="SegmentUpdate")


@_attrs_define
class SegmentUpdate:
    """
    Attributes:
        name (None | str | Unset):
        description (None | str | Unset):
        condition (None | SegmentUpdateConditionType0 | Unset):
    """

    name: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    condition: None | SegmentUpdateConditionType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.segment_update_condition_type_0 import SegmentUpdateConditionType0  # noqa: PLC0415

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

        condition: dict[str, Any] | None | Unset
        if isinstance(self.condition, Unset):
            condition = UNSET
        elif isinstance(self.condition, SegmentUpdateConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if condition is not UNSET:
            field_dict["condition"] = condition

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.segment_update_condition_type_0 import SegmentUpdateConditionType0  # noqa: PLC0415

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

        def _parse_condition(data: object) -> None | SegmentUpdateConditionType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = SegmentUpdateConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SegmentUpdateConditionType0 | Unset, data)

        condition = _parse_condition(d.pop("condition", UNSET))

        segment_update = cls(
            name=name,
            description=description,
            condition=condition,
        )

        return segment_update
