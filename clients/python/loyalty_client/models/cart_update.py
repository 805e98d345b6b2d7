from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.cart_item_in import CartItemIn


T = TypeVar("T", bound="CartUpdate")


@_attrs_define
class CartUpdate:
    """The member's cart as it is now in the e-shop (the whole cart, not a change).

    Attributes:
        cart_id (str): The e-shop's id of the cart
        items (list[CartItemIn]):
        value (int): The cart's total in the currency's minor unit
    """

    cart_id: str
    items: list[CartItemIn]
    value: int

    def to_dict(self) -> dict[str, Any]:
        cart_id = self.cart_id

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "cart_id": cart_id,
                "items": items,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cart_item_in import CartItemIn  # noqa: PLC0415

        d = dict(src_dict)
        cart_id = d.pop("cart_id")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = CartItemIn.from_dict(items_item_data)

            items.append(items_item)

        value = d.pop("value")

        cart_update = cls(
            cart_id=cart_id,
            items=items,
            value=value,
        )

        return cart_update
