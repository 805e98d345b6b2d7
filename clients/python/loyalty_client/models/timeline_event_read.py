from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timeline_event_read_payload import TimelineEventReadPayload


T = TypeVar("T", bound="TimelineEventRead")


@_attrs_define
class TimelineEventRead:
    """
    Attributes:
        id (int):
        type_ (str):
        occurred_at (datetime.datetime):
        actor (str):
        payload (TimelineEventReadPayload):
    """

    id: int
    type_: str
    occurred_at: datetime.datetime
    actor: str
    payload: TimelineEventReadPayload
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        occurred_at = self.occurred_at.isoformat()

        actor = self.actor

        payload = self.payload.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "occurred_at": occurred_at,
                "actor": actor,
                "payload": payload,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_event_read_payload import TimelineEventReadPayload  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        actor = d.pop("actor")

        payload = TimelineEventReadPayload.from_dict(d.pop("payload"))

        timeline_event_read = cls(
            id=id,
            type_=type_,
            occurred_at=occurred_at,
            actor=actor,
            payload=payload,
        )

        timeline_event_read.additional_properties = d
        return timeline_event_read

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
