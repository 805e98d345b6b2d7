from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CartItemIn")


@_attrs_define
class CartItemIn:
    """
    Attributes:
        sku (str):
        quantity (int):
        name (None | str | Unset):
        unit_price (int | None | Unset): In the currency's minor unit
    """

    sku: str
    quantity: int
    name: None | str | Unset = UNSET
    unit_price: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        sku = self.sku

        quantity = self.quantity

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        unit_price: int | None | Unset
        if isinstance(self.unit_price, Unset):
            unit_price = UNSET
        else:
            unit_price = self.unit_price

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sku": sku,
                "quantity": quantity,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if unit_price is not UNSET:
            field_dict["unit_price"] = unit_price

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku = d.pop("sku")

        quantity = d.pop("quantity")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_unit_price(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        unit_price = _parse_unit_price(d.pop("unit_price", UNSET))

        cart_item_in = cls(
            sku=sku,
            quantity=quantity,
            name=name,
            unit_price=unit_price,
        )

        return cart_item_in
