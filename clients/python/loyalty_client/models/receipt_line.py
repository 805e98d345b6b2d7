from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReceiptLine")


@_attrs_define
class ReceiptLine:
    """One line of a receipt, as purchases record it and the dry-run evaluates it.

    Attributes:
        sku (str):
        quantity (int):
        unit_price (int): Price of one unit in minor units (cents).
        name (None | str | Unset):
        category (None | str | Unset):
        discount (int | Unset): Discount on the whole line in minor units. Default: 0.
    """

    sku: str
    quantity: int
    unit_price: int
    name: None | str | Unset = UNSET
    category: None | str | Unset = UNSET
    discount: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        sku = self.sku

        quantity = self.quantity

        unit_price = self.unit_price

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        category: None | str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        else:
            category = self.category

        discount = self.discount

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sku": sku,
                "quantity": quantity,
                "unit_price": unit_price,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if category is not UNSET:
            field_dict["category"] = category
        if discount is not UNSET:
            field_dict["discount"] = discount

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku = d.pop("sku")

        quantity = d.pop("quantity")

        unit_price = d.pop("unit_price")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_category(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        discount = d.pop("discount", UNSET)

        receipt_line = cls(
            sku=sku,
            quantity=quantity,
            unit_price=unit_price,
            name=name,
            category=category,
            discount=discount,
        )

        return receipt_line
