from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.gift_movement_read_kind import GiftMovementReadKind

T = TypeVar("T", bound="GiftMovementRead")


@_attrs_define
class GiftMovementRead:
    """
    Attributes:
        id (int):
        kind (GiftMovementReadKind):
        amount (int): Signed: what this movement added to (or took from) the balance.
        balance_after (int):
        redemption_id (int | None):
        actor (str):
        note (None | str):
        created_at (datetime.datetime):
    """

    id: int
    kind: GiftMovementReadKind
    amount: int
    balance_after: int
    redemption_id: int | None
    actor: str
    note: None | str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind.value

        amount = self.amount

        balance_after = self.balance_after

        redemption_id: int | None
        redemption_id = self.redemption_id

        actor = self.actor

        note: None | str
        note = self.note

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "amount": amount,
                "balance_after": balance_after,
                "redemption_id": redemption_id,
                "actor": actor,
                "note": note,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = GiftMovementReadKind(d.pop("kind"))

        amount = d.pop("amount")

        balance_after = d.pop("balance_after")

        def _parse_redemption_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        redemption_id = _parse_redemption_id(d.pop("redemption_id"))

        actor = d.pop("actor")

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        gift_movement_read = cls(
            id=id,
            kind=kind,
            amount=amount,
            balance_after=balance_after,
            redemption_id=redemption_id,
            actor=actor,
            note=note,
            created_at=created_at,
        )

        gift_movement_read.additional_properties = d
        return gift_movement_read

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
