from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.issued_voucher_read import IssuedVoucherRead


T = TypeVar("T", bound="GiftVoucherBatchRead")


@_attrs_define
class GiftVoucherBatchRead:
    """
    Attributes:
        label (str):
        count (int):
        value (int):
        expires_at (datetime.datetime | None):
        vouchers (list[IssuedVoucherRead]):
    """

    label: str
    count: int
    value: int
    expires_at: datetime.datetime | None
    vouchers: list[IssuedVoucherRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        label = self.label

        count = self.count

        value = self.value

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        vouchers = []
        for vouchers_item_data in self.vouchers:
            vouchers_item = vouchers_item_data.to_dict()
            vouchers.append(vouchers_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "label": label,
                "count": count,
                "value": value,
                "expires_at": expires_at,
                "vouchers": vouchers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.issued_voucher_read import IssuedVoucherRead  # noqa: PLC0415

        d = dict(src_dict)
        label = d.pop("label")

        count = d.pop("count")

        value = d.pop("value")

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

        vouchers = []
        _vouchers = d.pop("vouchers")
        for vouchers_item_data in _vouchers:
            vouchers_item = IssuedVoucherRead.from_dict(vouchers_item_data)

            vouchers.append(vouchers_item)

        gift_voucher_batch_read = cls(
            label=label,
            count=count,
            value=value,
            expires_at=expires_at,
            vouchers=vouchers,
        )

        gift_voucher_batch_read.additional_properties = d
        return gift_voucher_batch_read

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
