from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.rolled_back_voucher_kind import RolledBackVoucherKind

T = TypeVar("T", bound="RolledBackVoucher")


@_attrs_define
class RolledBackVoucher:
    """
    Attributes:
        code (str):
        redemption_id (int):
        kind (RolledBackVoucherKind):
        gift_card_returned (int):
    """

    code: str
    redemption_id: int
    kind: RolledBackVoucherKind
    gift_card_returned: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        redemption_id = self.redemption_id

        kind = self.kind.value

        gift_card_returned = self.gift_card_returned

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "redemption_id": redemption_id,
                "kind": kind,
                "gift_card_returned": gift_card_returned,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        redemption_id = d.pop("redemption_id")

        kind = RolledBackVoucherKind(d.pop("kind"))

        gift_card_returned = d.pop("gift_card_returned")

        rolled_back_voucher = cls(
            code=code,
            redemption_id=redemption_id,
            kind=kind,
            gift_card_returned=gift_card_returned,
        )

        rolled_back_voucher.additional_properties = d
        return rolled_back_voucher

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
