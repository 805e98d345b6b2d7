from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.enrol_request_payload import EnrolRequestPayload


T = TypeVar("T", bound="EnrolRequest")


@_attrs_define
class EnrolRequest:
    """
    Attributes:
        member_id (int):
        payload (EnrolRequestPayload | Unset): Facts the journey's branches see as entry.payload.*
    """

    member_id: int
    payload: EnrolRequestPayload | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        member_id = self.member_id

        payload: dict[str, Any] | Unset = UNSET
        if not isinstance(self.payload, Unset):
            payload = self.payload.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "member_id": member_id,
            }
        )
        if payload is not UNSET:
            field_dict["payload"] = payload

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.enrol_request_payload import EnrolRequestPayload  # noqa: PLC0415

        d = dict(src_dict)
        member_id = d.pop("member_id")

        _payload = d.pop("payload", UNSET)
        payload: EnrolRequestPayload | Unset
        if isinstance(_payload, Unset):
            payload = UNSET
        else:
            payload = EnrolRequestPayload.from_dict(_payload)

        enrol_request = cls(
            member_id=member_id,
            payload=payload,
        )

        return enrol_request
