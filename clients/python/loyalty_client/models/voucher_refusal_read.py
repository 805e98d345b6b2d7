from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="VoucherRefusalRead")


@_attrs_define
class VoucherRefusalRead:
    """
    Attributes:
        code (str): voucher_not_found, voucher_inactive, voucher_not_yet_valid, voucher_expired, voucher_used_up,
            voucher_member_limit_reached, voucher_not_for_member or voucher_not_applicable.
        message (str):
        why (list[str] | Unset): For voucher_not_applicable: the condition's trace.
    """

    code: str
    message: str
    why: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        why: list[str] | Unset = UNSET
        if not isinstance(self.why, Unset):
            why = self.why

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if why is not UNSET:
            field_dict["why"] = why

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        why = cast(list[str], d.pop("why", UNSET))

        voucher_refusal_read = cls(
            code=code,
            message=message,
            why=why,
        )

        voucher_refusal_read.additional_properties = d
        return voucher_refusal_read

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
