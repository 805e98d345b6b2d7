from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="BasketLineIn")


@_attrs_define
class BasketLineIn:
    """
    Attributes:
        sku (str):
        quantity (int):
        unit_price (int): Price of one unit in minor units (cents).
        line_no (int | None | Unset): The line's number in the shop's order; its position (1-based) if omitted.
        name (None | str | Unset):
        category (None | str | Unset):
    """

    sku: str
    quantity: int
    unit_price: int
    line_no: int | None | Unset = UNSET
    name: None | str | Unset = UNSET
    category: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        sku = self.sku

        quantity = self.quantity

        unit_price = self.unit_price

        line_no: int | None | Unset
        if isinstance(self.line_no, Unset):
            line_no = UNSET
        else:
            line_no = self.line_no

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sku": sku,
                "quantity": quantity,
                "unit_price": unit_price,
            }
        )
        if line_no is not UNSET:
            field_dict["line_no"] = line_no
        if name is not UNSET:
            field_dict["name"] = name
        if category is not UNSET:
            field_dict["category"] = category

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sku = d.pop("sku")

        quantity = d.pop("quantity")

        unit_price = d.pop("unit_price")

        def _parse_line_no(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        line_no = _parse_line_no(d.pop("line_no", UNSET))

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

        basket_line_in = cls(
            sku=sku,
            quantity=quantity,
            unit_price=unit_price,
            line_no=line_no,
            name=name,
            category=category,
        )

        return basket_line_in
