from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AdjustmentRead")


@_attrs_define
class AdjustmentRead:
    """
    Attributes:
        member_id (int):
        transaction_id (int):
        unit (str):
        points (int): Taken (spend) or added, negative when taken (adjustment).
        balance_after (int): The member's available balance of the unit after it.
        reason (str):
        actor (str): Who made it: the API key's name.
    """

    member_id: int
    transaction_id: int
    unit: str
    points: int
    balance_after: int
    reason: str
    actor: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        member_id = self.member_id

        transaction_id = self.transaction_id

        unit = self.unit

        points = self.points

        balance_after = self.balance_after

        reason = self.reason

        actor = self.actor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "member_id": member_id,
                "transaction_id": transaction_id,
                "unit": unit,
                "points": points,
                "balance_after": balance_after,
                "reason": reason,
                "actor": actor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_id = d.pop("member_id")

        transaction_id = d.pop("transaction_id")

        unit = d.pop("unit")

        points = d.pop("points")

        balance_after = d.pop("balance_after")

        reason = d.pop("reason")

        actor = d.pop("actor")

        adjustment_read = cls(
            member_id=member_id,
            transaction_id=transaction_id,
            unit=unit,
            points=points,
            balance_after=balance_after,
            reason=reason,
            actor=actor,
        )

        adjustment_read.additional_properties = d
        return adjustment_read

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
