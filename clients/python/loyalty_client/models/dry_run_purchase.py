from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.dry_run_purchase_channel import DryRunPurchaseChannel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.receipt_line import ReceiptLine


T = TypeVar("T", bound="DryRunPurchase")


@_attrs_define
class DryRunPurchase:
    """
    Attributes:
        lines (list[ReceiptLine] | Unset):
        total (int | None | Unset): Defaults to the sum of the lines.
        channel (DryRunPurchaseChannel | Unset):  Default: DryRunPurchaseChannel.POS.
        store (None | str | Unset):
        occurred_at (datetime.datetime | None | Unset): Defaults to now; decides rule windows.
        is_first_purchase (bool | Unset):  Default: False.
    """

    lines: list[ReceiptLine] | Unset = UNSET
    total: int | None | Unset = UNSET
    channel: DryRunPurchaseChannel | Unset = DryRunPurchaseChannel.POS
    store: None | str | Unset = UNSET
    occurred_at: datetime.datetime | None | Unset = UNSET
    is_first_purchase: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)

        total: int | None | Unset
        if isinstance(self.total, Unset):
            total = UNSET
        else:
            total = self.total

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

        is_first_purchase = self.is_first_purchase

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if lines is not UNSET:
            field_dict["lines"] = lines
        if total is not UNSET:
            field_dict["total"] = total
        if channel is not UNSET:
            field_dict["channel"] = channel
        if store is not UNSET:
            field_dict["store"] = store
        if occurred_at is not UNSET:
            field_dict["occurred_at"] = occurred_at
        if is_first_purchase is not UNSET:
            field_dict["is_first_purchase"] = is_first_purchase

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.receipt_line import ReceiptLine  # noqa: PLC0415

        d = dict(src_dict)
        _lines = d.pop("lines", UNSET)
        lines: list[ReceiptLine] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = ReceiptLine.from_dict(lines_item_data)

                lines.append(lines_item)

        def _parse_total(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total = _parse_total(d.pop("total", UNSET))

        _channel = d.pop("channel", UNSET)
        channel: DryRunPurchaseChannel | Unset
        if isinstance(_channel, Unset):
            channel = UNSET
        else:
            channel = DryRunPurchaseChannel(_channel)

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

        is_first_purchase = d.pop("is_first_purchase", UNSET)

        dry_run_purchase = cls(
            lines=lines,
            total=total,
            channel=channel,
            store=store,
            occurred_at=occurred_at,
            is_first_purchase=is_first_purchase,
        )

        return dry_run_purchase
