from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.ledger_entry_read_details import LedgerEntryReadDetails


T = TypeVar("T", bound="LedgerEntryRead")


@_attrs_define
class LedgerEntryRead:
    """
    Attributes:
        id (int):
        transaction_id (int):
        kind (str):
        account (str):
        unit (str):
        amount (int):
        occurred_at (datetime.datetime):
        created_at (datetime.datetime):
        purchase_id (int | None):
        rule_id (int | None):
        rule_version (int | None):
        reason (None | str):
        actor (str):
        details (LedgerEntryReadDetails):
    """

    id: int
    transaction_id: int
    kind: str
    account: str
    unit: str
    amount: int
    occurred_at: datetime.datetime
    created_at: datetime.datetime
    purchase_id: int | None
    rule_id: int | None
    rule_version: int | None
    reason: None | str
    actor: str
    details: LedgerEntryReadDetails
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        transaction_id = self.transaction_id

        kind = self.kind

        account = self.account

        unit = self.unit

        amount = self.amount

        occurred_at = self.occurred_at.isoformat()

        created_at = self.created_at.isoformat()

        purchase_id: int | None
        purchase_id = self.purchase_id

        rule_id: int | None
        rule_id = self.rule_id

        rule_version: int | None
        rule_version = self.rule_version

        reason: None | str
        reason = self.reason

        actor = self.actor

        details = self.details.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "transaction_id": transaction_id,
                "kind": kind,
                "account": account,
                "unit": unit,
                "amount": amount,
                "occurred_at": occurred_at,
                "created_at": created_at,
                "purchase_id": purchase_id,
                "rule_id": rule_id,
                "rule_version": rule_version,
                "reason": reason,
                "actor": actor,
                "details": details,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ledger_entry_read_details import LedgerEntryReadDetails  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        transaction_id = d.pop("transaction_id")

        kind = d.pop("kind")

        account = d.pop("account")

        unit = d.pop("unit")

        amount = d.pop("amount")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_purchase_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        purchase_id = _parse_purchase_id(d.pop("purchase_id"))

        def _parse_rule_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rule_id = _parse_rule_id(d.pop("rule_id"))

        def _parse_rule_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rule_version = _parse_rule_version(d.pop("rule_version"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        actor = d.pop("actor")

        details = LedgerEntryReadDetails.from_dict(d.pop("details"))

        ledger_entry_read = cls(
            id=id,
            transaction_id=transaction_id,
            kind=kind,
            account=account,
            unit=unit,
            amount=amount,
            occurred_at=occurred_at,
            created_at=created_at,
            purchase_id=purchase_id,
            rule_id=rule_id,
            rule_version=rule_version,
            reason=reason,
            actor=actor,
            details=details,
        )

        ledger_entry_read.additional_properties = d
        return ledger_entry_read

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
