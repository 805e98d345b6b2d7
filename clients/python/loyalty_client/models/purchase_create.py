from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.purchase_create_channel import PurchaseCreateChannel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.member_ref import MemberRef
    from ..models.receipt_line import ReceiptLine


T = TypeVar("T", bound="PurchaseCreate")


@_attrs_define
class PurchaseCreate:
    """A receipt. `total` defaults to the sum of the lines; given with lines, it must equal it.

    Attributes:
        member (MemberRef | None | Unset):
        external_id (None | str | Unset): The shop's id of the receipt: makes retries safe.
        receipt_number (None | str | Unset):
        channel (PurchaseCreateChannel | Unset):  Default: PurchaseCreateChannel.POS.
        store (None | str | Unset):
        occurred_at (datetime.datetime | None | Unset):
        currency (None | str | Unset):
        total (int | None | Unset):
        lines (list[ReceiptLine] | Unset):
        coupons (list[str] | Unset): Voucher codes used at checkout: redeemed with the purchase (atomically), and points
            are earned on the discounted amount. Line prices are before these vouchers.
    """

    member: MemberRef | None | Unset = UNSET
    external_id: None | str | Unset = UNSET
    receipt_number: None | str | Unset = UNSET
    channel: PurchaseCreateChannel | Unset = PurchaseCreateChannel.POS
    store: None | str | Unset = UNSET
    occurred_at: datetime.datetime | None | Unset = UNSET
    currency: None | str | Unset = UNSET
    total: int | None | Unset = UNSET
    lines: list[ReceiptLine] | Unset = UNSET
    coupons: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.member_ref import MemberRef  # noqa: PLC0415

        member: dict[str, Any] | None | Unset
        if isinstance(self.member, Unset):
            member = UNSET
        elif isinstance(self.member, MemberRef):
            member = self.member.to_dict()
        else:
            member = self.member

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        receipt_number: None | str | Unset
        if isinstance(self.receipt_number, Unset):
            receipt_number = UNSET
        else:
            receipt_number = self.receipt_number

        channel: str | Unset = UNSET
        if not isinstance(self.channel, Unset):
            channel = self.channel.value

        store: None | str | Unset
        if isinstance(self.store, Unset):
            store = UNSET
        else:
            store = self.store

        occurred_at: None | str | Unset
        if isinstance(self.occurred_at, Unset):
            occurred_at = UNSET
        elif isinstance(self.occurred_at, datetime.datetime):
            occurred_at = self.occurred_at.isoformat()
        else:
            occurred_at = self.occurred_at

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        total: int | None | Unset
        if isinstance(self.total, Unset):
            total = UNSET
        else:
            total = self.total

        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)

        coupons: list[str] | Unset = UNSET
        if not isinstance(self.coupons, Unset):
            coupons = self.coupons

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if member is not UNSET:
            field_dict["member"] = member
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if receipt_number is not UNSET:
            field_dict["receipt_number"] = receipt_number
        if channel is not UNSET:
            field_dict["channel"] = channel
        if store is not UNSET:
            field_dict["store"] = store
        if occurred_at is not UNSET:
            field_dict["occurred_at"] = occurred_at
        if currency is not UNSET:
            field_dict["currency"] = currency
        if total is not UNSET:
            field_dict["total"] = total
        if lines is not UNSET:
            field_dict["lines"] = lines
        if coupons is not UNSET:
            field_dict["coupons"] = coupons

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_ref import MemberRef  # noqa: PLC0415
        from ..models.receipt_line import ReceiptLine  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_member(data: object) -> MemberRef | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                member_type_0 = MemberRef.from_dict(data)

                return member_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MemberRef | None | Unset, data)

        member = _parse_member(d.pop("member", UNSET))

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_receipt_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        receipt_number = _parse_receipt_number(d.pop("receipt_number", UNSET))

        _channel = d.pop("channel", UNSET)
        channel: PurchaseCreateChannel | Unset
        if isinstance(_channel, Unset):
            channel = UNSET
        else:
            channel = PurchaseCreateChannel(_channel)

        def _parse_store(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        store = _parse_store(d.pop("store", UNSET))

        def _parse_occurred_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                occurred_at_type_0 = datetime.datetime.fromisoformat(data)

                return occurred_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        occurred_at = _parse_occurred_at(d.pop("occurred_at", UNSET))

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_total(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total = _parse_total(d.pop("total", UNSET))

        _lines = d.pop("lines", UNSET)
        lines: list[ReceiptLine] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = ReceiptLine.from_dict(lines_item_data)

                lines.append(lines_item)

        coupons = cast(list[str], d.pop("coupons", UNSET))

        purchase_create = cls(
            member=member,
            external_id=external_id,
            receipt_number=receipt_number,
            channel=channel,
            store=store,
            occurred_at=occurred_at,
            currency=currency,
            total=total,
            lines=lines,
            coupons=coupons,
        )

        return purchase_create
