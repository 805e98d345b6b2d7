from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.segment_create_kind import SegmentCreateKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.segment_create_condition_type_0 import SegmentCreateConditionType0


T = TypeVar("T", bound="SegmentCreate")


@_attrs_define
class SegmentCreate:
    """
    Attributes:
        name (str):
        description (None | str | Unset):
        kind (SegmentCreateKind | Unset): dynamic: a condition kept current; static: an imported list. Default:
            SegmentCreateKind.DYNAMIC.
        condition (None | SegmentCreateConditionType0 | Unset): dynamic: the condition over members (see
            docs/segments.md for the fields).
    """

    name: str
    description: None | str | Unset = UNSET
    kind: SegmentCreateKind | Unset = SegmentCreateKind.DYNAMIC
    condition: None | SegmentCreateConditionType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.segment_create_condition_type_0 import SegmentCreateConditionType0  # noqa: PLC0415

        name = self.name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        condition: dict[str, Any] | None | Unset
        if isinstance(self.condition, Unset):
            condition = UNSET
        elif isinstance(self.condition, SegmentCreateConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if kind is not UNSET:
            field_dict["kind"] = kind
        if condition is not UNSET:
            field_dict["condition"] = condition

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.segment_create_condition_type_0 import SegmentCreateConditionType0  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        _kind = d.pop("kind", UNSET)
        kind: SegmentCreateKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = SegmentCreateKind(_kind)

        def _parse_condition(data: object) -> None | SegmentCreateConditionType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = SegmentCreateConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SegmentCreateConditionType0 | Unset, data)

        condition = _parse_condition(d.pop("condition", UNSET))

        segment_create = cls(
            name=name,
            description=description,
            kind=kind,
            condition=condition,
        )

        return segment_create
