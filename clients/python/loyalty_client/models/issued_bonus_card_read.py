from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.gift_voucher_read import GiftVoucherRead


T = TypeVar("T", bound="IssuedBonusCardRead")


@_attrs_define
class IssuedBonusCardRead:
    """
    Attributes:
        card (GiftVoucherRead):
        pin (None | str): The generated PIN, shown this once; null when the PIN was given.
    """

    card: GiftVoucherRead
    pin: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        card = self.card.to_dict()

        pin: None | str
        pin = self.pin

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "card": card,
                "pin": pin,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gift_voucher_read import GiftVoucherRead  # noqa: PLC0415

        d = dict(src_dict)
        card = GiftVoucherRead.from_dict(d.pop("card"))

        def _parse_pin(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pin = _parse_pin(d.pop("pin"))

        issued_bonus_card_read = cls(
            card=card,
            pin=pin,
        )

        issued_bonus_card_read.additional_properties = d
        return issued_bonus_card_read

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
