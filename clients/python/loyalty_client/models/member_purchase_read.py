from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.member_purchase_read_channel import MemberPurchaseReadChannel

T = TypeVar("T", bound="MemberPurchaseRead")


@_attrs_define
class MemberPurchaseRead:
    """A receipt in the member's list; `GET /purchases/{id}` has its lines and stored result.

    Attributes:
        id (int):
        external_id (None | str):
        occurred_at (datetime.datetime):
        channel (MemberPurchaseReadChannel):
        store (None | str):
        total (int): What was paid, in minor units of `currency`.
        refunded (int): Minor units refunded so far.
        currency (str):
        points (int): Points (the `points` unit) the receipt earned when recorded or claimed, before any refund.
    """

    id: int
    external_id: None | str
    occurred_at: datetime.datetime
    channel: MemberPurchaseReadChannel
    store: None | str
    total: int
    refunded: int
    currency: str
    points: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        external_id: None | str
        external_id = self.external_id

        occurred_at = self.occurred_at.isoformat()

        channel = self.channel.value

        store: None | str
        store = self.store

        total = self.total

        refunded = self.refunded

        currency = self.currency

        points = self.points

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "external_id": external_id,
                "occurred_at": occurred_at,
                "channel": channel,
                "store": store,
                "total": total,
                "refunded": refunded,
                "currency": currency,
                "points": points,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("external_id"))

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        channel = MemberPurchaseReadChannel(d.pop("channel"))

        def _parse_store(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        store = _parse_store(d.pop("store"))

        total = d.pop("total")

        refunded = d.pop("refunded")

        currency = d.pop("currency")

        points = d.pop("points")

        member_purchase_read = cls(
            id=id,
            external_id=external_id,
            occurred_at=occurred_at,
            channel=channel,
            store=store,
            total=total,
            refunded=refunded,
            currency=currency,
            points=points,
        )

        member_purchase_read.additional_properties = d
        return member_purchase_read

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
