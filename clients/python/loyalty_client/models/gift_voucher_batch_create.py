from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="GiftVoucherBatchCreate")


@_attrs_define
class GiftVoucherBatchCreate:
    """
    Attributes:
        label (str): The batch's or company's label, e.g. "ACME Christmas 2026"; lists filter by it.
        count (int): How many vouchers (each with its own code).
        value (int): Each voucher's value, in the catalogue's points.
        expires_at (datetime.datetime | None | Unset): After this instant the codes no longer sign in.
    """

    label: str
    count: int
    value: int
    expires_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        label = self.label

        count = self.count

        value = self.value

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "label": label,
                "count": count,
                "value": value,
            }
        )
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        label = d.pop("label")

        count = d.pop("count")

        value = d.pop("value")

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        gift_voucher_batch_create = cls(
            label=label,
            count=count,
            value=value,
            expires_at=expires_at,
        )

        return gift_voucher_batch_create
