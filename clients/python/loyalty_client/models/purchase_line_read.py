from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PurchaseLineRead")


@_attrs_define
class PurchaseLineRead:
    """
    Attributes:
        line_no (int):
        sku (str):
        name (None | str):
        category (None | str):
        quantity (int):
        unit_price_minor (int):
        amount_minor (int):
        refunded_quantity (int):
        refunded_minor (int):
    """

    line_no: int
    sku: str
    name: None | str
    category: None | str
    quantity: int
    unit_price_minor: int
    amount_minor: int
    refunded_quantity: int
    refunded_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        line_no = self.line_no

        sku = self.sku

        name: None | str
        name = self.name

        category: None | str
        category = self.category

        quantity = self.quantity

        unit_price_minor = self.unit_price_minor

        amount_minor = self.amount_minor

        refunded_quantity = self.refunded_quantity

        refunded_minor = self.refunded_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "line_no": line_no,
                "sku": sku,
                "name": name,
                "category": category,
                "quantity": quantity,
                "unit_price_minor": unit_price_minor,
                "amount_minor": amount_minor,
                "refunded_quantity": refunded_quantity,
                "refunded_minor": refunded_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        line_no = d.pop("line_no")

        sku = d.pop("sku")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        def _parse_category(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        category = _parse_category(d.pop("category"))

        quantity = d.pop("quantity")

        unit_price_minor = d.pop("unit_price_minor")

        amount_minor = d.pop("amount_minor")

        refunded_quantity = d.pop("refunded_quantity")

        refunded_minor = d.pop("refunded_minor")

        purchase_line_read = cls(
            line_no=line_no,
            sku=sku,
            name=name,
            category=category,
            quantity=quantity,
            unit_price_minor=unit_price_minor,
            amount_minor=amount_minor,
            refunded_quantity=refunded_quantity,
            refunded_minor=refunded_minor,
        )

        purchase_line_read.additional_properties = d
        return purchase_line_read

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
