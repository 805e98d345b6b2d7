from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.gift_voucher_read_kind import GiftVoucherReadKind
from ..models.gift_voucher_read_status import GiftVoucherReadStatus

T = TypeVar("T", bound="GiftVoucherRead")


@_attrs_define
class GiftVoucherRead:
    """
    Attributes:
        id (int):
        kind (GiftVoucherReadKind):
        label (str):
        code_prefix (None | str): The visible start of a voucher's code (vouchers only).
        card_number (None | str): A bonus card's number (cards only).
        funded_total (int): Everything ever put on it: the issue and every top-up.
        balance (int):
        status (GiftVoucherReadStatus):
        expires_at (datetime.datetime | None):
        is_expired (bool):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    kind: GiftVoucherReadKind
    label: str
    code_prefix: None | str
    card_number: None | str
    funded_total: int
    balance: int
    status: GiftVoucherReadStatus
    expires_at: datetime.datetime | None
    is_expired: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind.value

        label = self.label

        code_prefix: None | str
        code_prefix = self.code_prefix

        card_number: None | str
        card_number = self.card_number

        funded_total = self.funded_total

        balance = self.balance

        status = self.status.value

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        is_expired = self.is_expired

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "label": label,
                "code_prefix": code_prefix,
                "card_number": card_number,
                "funded_total": funded_total,
                "balance": balance,
                "status": status,
                "expires_at": expires_at,
                "is_expired": is_expired,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = GiftVoucherReadKind(d.pop("kind"))

        label = d.pop("label")

        def _parse_code_prefix(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        code_prefix = _parse_code_prefix(d.pop("code_prefix"))

        def _parse_card_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        card_number = _parse_card_number(d.pop("card_number"))

        funded_total = d.pop("funded_total")

        balance = d.pop("balance")

        status = GiftVoucherReadStatus(d.pop("status"))

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        is_expired = d.pop("is_expired")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        gift_voucher_read = cls(
            id=id,
            kind=kind,
            label=label,
            code_prefix=code_prefix,
            card_number=card_number,
            funded_total=funded_total,
            balance=balance,
            status=status,
            expires_at=expires_at,
            is_expired=is_expired,
            created_at=created_at,
            updated_at=updated_at,
        )

        gift_voucher_read.additional_properties = d
        return gift_voucher_read

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
