from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CartRead")


@_attrs_define
class CartRead:
    """
    Attributes:
        cart_id (str):
        member_id (int):
        value (int):
        currency (str):
        items (int): How many lines the cart holds
        updated_at (datetime.datetime):
    """

    cart_id: str
    member_id: int
    value: int
    currency: str
    items: int
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cart_id = self.cart_id

        member_id = self.member_id

        value = self.value

        currency = self.currency

        items = self.items

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cart_id": cart_id,
                "member_id": member_id,
                "value": value,
                "currency": currency,
                "items": items,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cart_id = d.pop("cart_id")

        member_id = d.pop("member_id")

        value = d.pop("value")

        currency = d.pop("currency")

        items = d.pop("items")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        cart_read = cls(
            cart_id=cart_id,
            member_id=member_id,
            value=value,
            currency=currency,
            items=items,
            updated_at=updated_at,
        )

        cart_read.additional_properties = d
        return cart_read

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
