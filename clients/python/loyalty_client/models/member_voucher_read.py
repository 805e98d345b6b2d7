from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.member_voucher_read_kind import MemberVoucherReadKind
from ..models.member_voucher_read_status import MemberVoucherReadStatus

T = TypeVar("T", bound="MemberVoucherRead")


@_attrs_define
class MemberVoucherRead:
    """
    Attributes:
        code (str):
        campaign_id (int):
        name (str):
        description (None | str):
        kind (MemberVoucherReadKind):
        status (MemberVoucherReadStatus):
        currency (str):
        amount (int | None):
        percent (None | str):
        max_discount (int | None):
        sku (None | str):
        factor (None | str):
        uses (int):
        max_uses (int | None):
        balance (int | None): A gift card's balance left, in minor units.
        starts_at (datetime.datetime | None):
        ends_at (datetime.datetime | None):
        published_at (datetime.datetime | None):
    """

    code: str
    campaign_id: int
    name: str
    description: None | str
    kind: MemberVoucherReadKind
    status: MemberVoucherReadStatus
    currency: str
    amount: int | None
    percent: None | str
    max_discount: int | None
    sku: None | str
    factor: None | str
    uses: int
    max_uses: int | None
    balance: int | None
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    published_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        campaign_id = self.campaign_id

        name = self.name

        description: None | str
        description = self.description

        kind = self.kind.value

        status = self.status.value

        currency = self.currency

        amount: int | None
        amount = self.amount

        percent: None | str
        percent = self.percent

        max_discount: int | None
        max_discount = self.max_discount

        sku: None | str
        sku = self.sku

        factor: None | str
        factor = self.factor

        uses = self.uses

        max_uses: int | None
        max_uses = self.max_uses

        balance: int | None
        balance = self.balance

        starts_at: None | str
        if isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at

        ends_at: None | str
        if isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        published_at: None | str
        if isinstance(self.published_at, datetime.datetime):
            published_at = self.published_at.isoformat()
        else:
            published_at = self.published_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "campaign_id": campaign_id,
                "name": name,
                "description": description,
                "kind": kind,
                "status": status,
                "currency": currency,
                "amount": amount,
                "percent": percent,
                "max_discount": max_discount,
                "sku": sku,
                "factor": factor,
                "uses": uses,
                "max_uses": max_uses,
                "balance": balance,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "published_at": published_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        campaign_id = d.pop("campaign_id")

        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        kind = MemberVoucherReadKind(d.pop("kind"))

        status = MemberVoucherReadStatus(d.pop("status"))

        currency = d.pop("currency")

        def _parse_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount = _parse_amount(d.pop("amount"))

        def _parse_percent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        percent = _parse_percent(d.pop("percent"))

        def _parse_max_discount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_discount = _parse_max_discount(d.pop("max_discount"))

        def _parse_sku(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sku = _parse_sku(d.pop("sku"))

        def _parse_factor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        factor = _parse_factor(d.pop("factor"))

        uses = d.pop("uses")

        def _parse_max_uses(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_uses = _parse_max_uses(d.pop("max_uses"))

        def _parse_balance(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        balance = _parse_balance(d.pop("balance"))

        def _parse_starts_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_0 = datetime.datetime.fromisoformat(data)

                return starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        starts_at = _parse_starts_at(d.pop("starts_at"))

        def _parse_ends_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ends_at = _parse_ends_at(d.pop("ends_at"))

        def _parse_published_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                published_at_type_0 = datetime.datetime.fromisoformat(data)

                return published_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        published_at = _parse_published_at(d.pop("published_at"))

        member_voucher_read = cls(
            code=code,
            campaign_id=campaign_id,
            name=name,
            description=description,
            kind=kind,
            status=status,
            currency=currency,
            amount=amount,
            percent=percent,
            max_discount=max_discount,
            sku=sku,
            factor=factor,
            uses=uses,
            max_uses=max_uses,
            balance=balance,
            starts_at=starts_at,
            ends_at=ends_at,
            published_at=published_at,
        )

        member_voucher_read.additional_properties = d
        return member_voucher_read

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
