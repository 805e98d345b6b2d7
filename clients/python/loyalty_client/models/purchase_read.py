from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.purchase_read_channel import PurchaseReadChannel

if TYPE_CHECKING:
    from ..models.purchase_line_read import PurchaseLineRead
    from ..models.purchase_read_result import PurchaseReadResult


T = TypeVar("T", bound="PurchaseRead")


@_attrs_define
class PurchaseRead:
    """
    Attributes:
        id (int):
        member_id (int | None):
        external_id (None | str):
        receipt_number (None | str):
        channel (PurchaseReadChannel):
        store (None | str):
        occurred_at (datetime.datetime):
        currency (str):
        total (int):
        refunded (int):
        claimed_at (datetime.datetime | None):
        lines (list[PurchaseLineRead]):
        result (PurchaseReadResult):
    """

    id: int
    member_id: int | None
    external_id: None | str
    receipt_number: None | str
    channel: PurchaseReadChannel
    store: None | str
    occurred_at: datetime.datetime
    currency: str
    total: int
    refunded: int
    claimed_at: datetime.datetime | None
    lines: list[PurchaseLineRead]
    result: PurchaseReadResult
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        member_id: int | None
        member_id = self.member_id

        external_id: None | str
        external_id = self.external_id

        receipt_number: None | str
        receipt_number = self.receipt_number

        channel = self.channel.value

        store: None | str
        store = self.store

        occurred_at = self.occurred_at.isoformat()

        currency = self.currency

        total = self.total

        refunded = self.refunded

        claimed_at: None | str
        if isinstance(self.claimed_at, datetime.datetime):
            claimed_at = self.claimed_at.isoformat()
        else:
            claimed_at = self.claimed_at

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        result = self.result.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "member_id": member_id,
                "external_id": external_id,
                "receipt_number": receipt_number,
                "channel": channel,
                "store": store,
                "occurred_at": occurred_at,
                "currency": currency,
                "total": total,
                "refunded": refunded,
                "claimed_at": claimed_at,
                "lines": lines,
                "result": result,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.purchase_line_read import PurchaseLineRead  # noqa: PLC0415
        from ..models.purchase_read_result import PurchaseReadResult  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_member_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        member_id = _parse_member_id(d.pop("member_id"))

        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("external_id"))

        def _parse_receipt_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        receipt_number = _parse_receipt_number(d.pop("receipt_number"))

        channel = PurchaseReadChannel(d.pop("channel"))

        def _parse_store(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        store = _parse_store(d.pop("store"))

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        currency = d.pop("currency")

        total = d.pop("total")

        refunded = d.pop("refunded")

        def _parse_claimed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                claimed_at_type_0 = datetime.datetime.fromisoformat(data)

                return claimed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        claimed_at = _parse_claimed_at(d.pop("claimed_at"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = PurchaseLineRead.from_dict(lines_item_data)

            lines.append(lines_item)

        result = PurchaseReadResult.from_dict(d.pop("result"))

        purchase_read = cls(
            id=id,
            member_id=member_id,
            external_id=external_id,
            receipt_number=receipt_number,
            channel=channel,
            store=store,
            occurred_at=occurred_at,
            currency=currency,
            total=total,
            refunded=refunded,
            claimed_at=claimed_at,
            lines=lines,
            result=result,
        )

        purchase_read.additional_properties = d
        return purchase_read

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
