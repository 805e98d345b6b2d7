from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TransferRead")


@_attrs_define
class TransferRead:
    """
    Attributes:
        transaction_id (int):
        unit (str):
        points (int):
        from_member_id (int):
        to_member_id (int):
        sender_balance_after (int):
        recipient_balance_after (int):
    """

    transaction_id: int
    unit: str
    points: int
    from_member_id: int
    to_member_id: int
    sender_balance_after: int
    recipient_balance_after: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        transaction_id = self.transaction_id

        unit = self.unit

        points = self.points

        from_member_id = self.from_member_id

        to_member_id = self.to_member_id

        sender_balance_after = self.sender_balance_after

        recipient_balance_after = self.recipient_balance_after

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "transaction_id": transaction_id,
                "unit": unit,
                "points": points,
                "from_member_id": from_member_id,
                "to_member_id": to_member_id,
                "sender_balance_after": sender_balance_after,
                "recipient_balance_after": recipient_balance_after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        transaction_id = d.pop("transaction_id")

        unit = d.pop("unit")

        points = d.pop("points")

        from_member_id = d.pop("from_member_id")

        to_member_id = d.pop("to_member_id")

        sender_balance_after = d.pop("sender_balance_after")

        recipient_balance_after = d.pop("recipient_balance_after")

        transfer_read = cls(
            transaction_id=transaction_id,
            unit=unit,
            points=points,
            from_member_id=from_member_id,
            to_member_id=to_member_id,
            sender_balance_after=sender_balance_after,
            recipient_balance_after=recipient_balance_after,
        )

        transfer_read.additional_properties = d
        return transfer_read

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
