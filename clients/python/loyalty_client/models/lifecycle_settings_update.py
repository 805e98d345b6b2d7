from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LifecycleSettingsUpdate")


@_attrs_define
class LifecycleSettingsUpdate:
    """The thresholds to change; the others stay.

    Attributes:
        lapse_factor (float | None | str | Unset):
        default_gap_days (int | None | Unset):
        expiring_days (int | None | Unset):
        cart_hours (int | None | Unset):
    """

    lapse_factor: float | None | str | Unset = UNSET
    default_gap_days: int | None | Unset = UNSET
    expiring_days: int | None | Unset = UNSET
    cart_hours: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        lapse_factor: float | None | str | Unset
        if isinstance(self.lapse_factor, Unset):
            lapse_factor = UNSET
        else:
            lapse_factor = self.lapse_factor

        default_gap_days: int | None | Unset
        if isinstance(self.default_gap_days, Unset):
            default_gap_days = UNSET
        else:
            default_gap_days = self.default_gap_days

        expiring_days: int | None | Unset
        if isinstance(self.expiring_days, Unset):
            expiring_days = UNSET
        else:
            expiring_days = self.expiring_days

        cart_hours: int | None | Unset
        if isinstance(self.cart_hours, Unset):
            cart_hours = UNSET
        else:
            cart_hours = self.cart_hours

        field_dict: dict[str, Any] = {}

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

        def _parse_lapse_factor(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        lapse_factor = _parse_lapse_factor(d.pop("lapse_factor", UNSET))

        def _parse_default_gap_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        default_gap_days = _parse_default_gap_days(d.pop("default_gap_days", UNSET))

        def _parse_expiring_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        expiring_days = _parse_expiring_days(d.pop("expiring_days", UNSET))

        def _parse_cart_hours(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cart_hours = _parse_cart_hours(d.pop("cart_hours", UNSET))

        lifecycle_settings_update = cls(
            lapse_factor=lapse_factor,
            default_gap_days=default_gap_days,
            expiring_days=expiring_days,
            cart_hours=cart_hours,
        )

        return lifecycle_settings_update
