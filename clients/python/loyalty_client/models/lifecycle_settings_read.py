from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LifecycleSettingsRead")


@_attrs_define
class LifecycleSettingsRead:
    """A program's scan thresholds.

    Attributes:
        lapse_factor (str | Unset): A member is lapsed when the time since their last purchase exceeds this many times
            their typical gap Default: '2'.
        default_gap_days (int | Unset): The typical gap of a member with fewer than 3 purchases Default: 90.
        expiring_days (int | Unset): points.expiring_soon announces points this many days before they expire Default:
            14.
        cart_hours (int | Unset): A cart is abandoned when no purchase followed its last update within this many hours
            Default: 4.
    """

    lapse_factor: str | Unset = "2"
    default_gap_days: int | Unset = 90
    expiring_days: int | Unset = 14
    cart_hours: int | Unset = 4
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        lapse_factor = self.lapse_factor

        default_gap_days = self.default_gap_days

        expiring_days = self.expiring_days

        cart_hours = self.cart_hours

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if lapse_factor is not UNSET:
            field_dict["lapse_factor"] = lapse_factor
        if default_gap_days is not UNSET:
            field_dict["default_gap_days"] = default_gap_days
        if expiring_days is not UNSET:
            field_dict["expiring_days"] = expiring_days
        if cart_hours is not UNSET:
            field_dict["cart_hours"] = cart_hours

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        lapse_factor = d.pop("lapse_factor", UNSET)

        default_gap_days = d.pop("default_gap_days", UNSET)

        expiring_days = d.pop("expiring_days", UNSET)

        cart_hours = d.pop("cart_hours", UNSET)

        lifecycle_settings_read = cls(
            lapse_factor=lapse_factor,
            default_gap_days=default_gap_days,
            expiring_days=expiring_days,
            cart_hours=cart_hours,
        )

        lifecycle_settings_read.additional_properties = d
        return lifecycle_settings_read

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
