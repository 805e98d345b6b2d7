from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.expiry_read import ExpiryRead


T = TypeVar("T", bound="UnitBalanceRead")


@_attrs_define
class UnitBalanceRead:
    """
    Attributes:
        available (int):
        pending (int):
        earned (int):
        reversed_ (int):
        spent (int):
        returned (int): Points given back by cancelled redemptions (`spent` counts them as spent).
        expired (int):
        adjusted (int):
        transferred_in (int):
        transferred_out (int):
        is_in_debt (bool):
        expiring (list[ExpiryRead]):
        releasing (list[ExpiryRead]):
    """

    available: int
    pending: int
    earned: int
    reversed_: int
    spent: int
    returned: int
    expired: int
    adjusted: int
    transferred_in: int
    transferred_out: int
    is_in_debt: bool
    expiring: list[ExpiryRead]
    releasing: list[ExpiryRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available = self.available

        pending = self.pending

        earned = self.earned

        reversed_ = self.reversed_

        spent = self.spent

        returned = self.returned

        expired = self.expired

        adjusted = self.adjusted

        transferred_in = self.transferred_in

        transferred_out = self.transferred_out

        is_in_debt = self.is_in_debt

        expiring = []
        for expiring_item_data in self.expiring:
            expiring_item = expiring_item_data.to_dict()
            expiring.append(expiring_item)

        releasing = []
        for releasing_item_data in self.releasing:
            releasing_item = releasing_item_data.to_dict()
            releasing.append(releasing_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available": available,
                "pending": pending,
                "earned": earned,
                "reversed": reversed_,
                "spent": spent,
                "returned": returned,
                "expired": expired,
                "adjusted": adjusted,
                "transferred_in": transferred_in,
                "transferred_out": transferred_out,
                "is_in_debt": is_in_debt,
                "expiring": expiring,
                "releasing": releasing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.expiry_read import ExpiryRead  # noqa: PLC0415

        d = dict(src_dict)
        available = d.pop("available")

        pending = d.pop("pending")

        earned = d.pop("earned")

        reversed_ = d.pop("reversed")

        spent = d.pop("spent")

        returned = d.pop("returned")

        expired = d.pop("expired")

        adjusted = d.pop("adjusted")

        transferred_in = d.pop("transferred_in")

        transferred_out = d.pop("transferred_out")

        is_in_debt = d.pop("is_in_debt")

        expiring = []
        _expiring = d.pop("expiring")
        for expiring_item_data in _expiring:
            expiring_item = ExpiryRead.from_dict(expiring_item_data)

            expiring.append(expiring_item)

        releasing = []
        _releasing = d.pop("releasing")
        for releasing_item_data in _releasing:
            releasing_item = ExpiryRead.from_dict(releasing_item_data)

            releasing.append(releasing_item)

        unit_balance_read = cls(
            available=available,
            pending=pending,
            earned=earned,
            reversed_=reversed_,
            spent=spent,
            returned=returned,
            expired=expired,
            adjusted=adjusted,
            transferred_in=transferred_in,
            transferred_out=transferred_out,
            is_in_debt=is_in_debt,
            expiring=expiring,
            releasing=releasing,
        )

        unit_balance_read.additional_properties = d
        return unit_balance_read

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
