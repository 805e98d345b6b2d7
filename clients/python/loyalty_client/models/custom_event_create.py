from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_event_create_payload import CustomEventCreatePayload
    from ..models.member_ref import MemberRef


T = TypeVar("T", bound="CustomEventCreate")


@_attrs_define
class CustomEventCreate:
    """Something a member did that earning rules may reward (a review, a referral, a check-in).

    Attributes:
        type_ (str):
        member (MemberRef): Which member: exactly one of id, email, phone, card_number or external_id.
        occurred_at (datetime.datetime | None | Unset): Defaults to now; never in the future.
        payload (CustomEventCreatePayload | Unset): Any JSON object, up to 16 KB; rules see it as event.payload.*
    """

    type_: str
    member: MemberRef
    occurred_at: datetime.datetime | None | Unset = UNSET
    payload: CustomEventCreatePayload | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        member = self.member.to_dict()

        occurred_at: None | str | Unset
        if isinstance(self.occurred_at, Unset):
            occurred_at = UNSET
        elif isinstance(self.occurred_at, datetime.datetime):
            occurred_at = self.occurred_at.isoformat()
        else:
            occurred_at = self.occurred_at

        payload: dict[str, Any] | Unset = UNSET
        if not isinstance(self.payload, Unset):
            payload = self.payload.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "member": member,
            }
        )
        if occurred_at is not UNSET:
            field_dict["occurred_at"] = occurred_at
        if payload is not UNSET:
            field_dict["payload"] = payload

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.custom_event_create_payload import CustomEventCreatePayload  # noqa: PLC0415
        from ..models.member_ref import MemberRef  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        member = MemberRef.from_dict(d.pop("member"))

        def _parse_occurred_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                occurred_at_type_0 = datetime.datetime.fromisoformat(data)

                return occurred_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        occurred_at = _parse_occurred_at(d.pop("occurred_at", UNSET))

        _payload = d.pop("payload", UNSET)
        payload: CustomEventCreatePayload | Unset
        if isinstance(_payload, Unset):
            payload = UNSET
        else:
            payload = CustomEventCreatePayload.from_dict(_payload)

        custom_event_create = cls(
            type_=type_,
            member=member,
            occurred_at=occurred_at,
            payload=payload,
        )

        return custom_event_create
