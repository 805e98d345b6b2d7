from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.balance_read_units import BalanceReadUnits


T = TypeVar("T", bound="BalanceRead")


@_attrs_define
class BalanceRead:
    """
    Attributes:
        member_id (int):
        units (BalanceReadUnits):
        available_value_minor (int): What the available points are worth, in the currency's minor units.
        currency (str):
    """

    member_id: int
    units: BalanceReadUnits
    available_value_minor: int
    currency: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        member_id = self.member_id

        units = self.units.to_dict()

        available_value_minor = self.available_value_minor

        currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "member_id": member_id,
                "units": units,
                "available_value_minor": available_value_minor,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.balance_read_units import BalanceReadUnits  # noqa: PLC0415

        d = dict(src_dict)
        member_id = d.pop("member_id")

        units = BalanceReadUnits.from_dict(d.pop("units"))

        available_value_minor = d.pop("available_value_minor")

        currency = d.pop("currency")

        balance_read = cls(
            member_id=member_id,
            units=units,
            available_value_minor=available_value_minor,
            currency=currency,
        )

        balance_read.additional_properties = d
        return balance_read

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
