from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FunnelRow")


@_attrs_define
class FunnelRow:
    """
    Attributes:
        key (str): The product's SKU, the category or the source
        viewers (int): Visitors who viewed (members and anonymous)
        carted (int): Visitors who added to the cart
        purchasers (int): Members who bought within the attribution window after a view
        view_to_cart (float | None):
        view_to_purchase (float | None):
        label (None | str | Unset): The product's name, when known
    """

    key: str
    viewers: int
    carted: int
    purchasers: int
    view_to_cart: float | None
    view_to_purchase: float | None
    label: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        viewers = self.viewers

        carted = self.carted

        purchasers = self.purchasers

        view_to_cart: float | None
        view_to_cart = self.view_to_cart

        view_to_purchase: float | None
        view_to_purchase = self.view_to_purchase

        label: None | str | Unset
        if isinstance(self.label, Unset):
            label = UNSET
        else:
            label = self.label

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "viewers": viewers,
                "carted": carted,
                "purchasers": purchasers,
                "view_to_cart": view_to_cart,
                "view_to_purchase": view_to_purchase,
            }
        )
        if label is not UNSET:
            field_dict["label"] = label

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        viewers = d.pop("viewers")

        carted = d.pop("carted")

        purchasers = d.pop("purchasers")

        def _parse_view_to_cart(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        view_to_cart = _parse_view_to_cart(d.pop("view_to_cart"))

        def _parse_view_to_purchase(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        view_to_purchase = _parse_view_to_purchase(d.pop("view_to_purchase"))

        def _parse_label(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        label = _parse_label(d.pop("label", UNSET))

        funnel_row = cls(
            key=key,
            viewers=viewers,
            carted=carted,
            purchasers=purchasers,
            view_to_cart=view_to_cart,
            view_to_purchase=view_to_purchase,
            label=label,
        )

        funnel_row.additional_properties = d
        return funnel_row

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
