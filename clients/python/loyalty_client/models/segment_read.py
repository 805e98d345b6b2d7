from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.segment_read_kind import SegmentReadKind

if TYPE_CHECKING:
    from ..models.segment_read_condition_type_0 import SegmentReadConditionType0


T = TypeVar("T", bound="SegmentRead")


@_attrs_define
class SegmentRead:
    """
    Attributes:
        id (int):
        name (str):
        description (None | str):
        kind (SegmentReadKind):
        condition (None | SegmentReadConditionType0):
        size (int):
        archived (bool):
        recomputed_at (datetime.datetime | None):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    name: str
    description: None | str
    kind: SegmentReadKind
    condition: None | SegmentReadConditionType0
    size: int
    archived: bool
    recomputed_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.segment_read_condition_type_0 import SegmentReadConditionType0  # noqa: PLC0415

        id = self.id

        name = self.name

        description: None | str
        description = self.description

        kind = self.kind.value

        condition: dict[str, Any] | None
        if isinstance(self.condition, SegmentReadConditionType0):
            condition = self.condition.to_dict()
        else:
            condition = self.condition

        size = self.size

        archived = self.archived

        recomputed_at: None | str
        if isinstance(self.recomputed_at, datetime.datetime):
            recomputed_at = self.recomputed_at.isoformat()
        else:
            recomputed_at = self.recomputed_at

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "kind": kind,
                "condition": condition,
                "size": size,
                "archived": archived,
                "recomputed_at": recomputed_at,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.segment_read_condition_type_0 import SegmentReadConditionType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        kind = SegmentReadKind(d.pop("kind"))

        def _parse_condition(data: object) -> None | SegmentReadConditionType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                condition_type_0 = SegmentReadConditionType0.from_dict(data)

                return condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SegmentReadConditionType0, data)

        condition = _parse_condition(d.pop("condition"))

        size = d.pop("size")

        archived = d.pop("archived")

        def _parse_recomputed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                recomputed_at_type_0 = datetime.datetime.fromisoformat(data)

                return recomputed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        recomputed_at = _parse_recomputed_at(d.pop("recomputed_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        segment_read = cls(
            id=id,
            name=name,
            description=description,
            kind=kind,
            condition=condition,
            size=size,
            archived=archived,
            recomputed_at=recomputed_at,
            created_at=created_at,
            updated_at=updated_at,
        )

        segment_read.additional_properties = d
        return segment_read

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
