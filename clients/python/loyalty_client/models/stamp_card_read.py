from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StampCardRead")


@_attrs_define
class StampCardRead:
    """
    Attributes:
        reward_id (int):
        name (str):
        card_size (int):
        stamps (int): Stamps the member has now.
        stamps_to_go (int): Stamps still needed to fill the card.
        voucher_campaign_id (int | None):
    """

    reward_id: int
    name: str
    card_size: int
    stamps: int
    stamps_to_go: int
    voucher_campaign_id: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reward_id = self.reward_id

        name = self.name

        card_size = self.card_size

        stamps = self.stamps

        stamps_to_go = self.stamps_to_go

        voucher_campaign_id: int | None
        voucher_campaign_id = self.voucher_campaign_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reward_id": reward_id,
                "name": name,
                "card_size": card_size,
                "stamps": stamps,
                "stamps_to_go": stamps_to_go,
                "voucher_campaign_id": voucher_campaign_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reward_id = d.pop("reward_id")

        name = d.pop("name")

        card_size = d.pop("card_size")

        stamps = d.pop("stamps")

        stamps_to_go = d.pop("stamps_to_go")

        def _parse_voucher_campaign_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        voucher_campaign_id = _parse_voucher_campaign_id(d.pop("voucher_campaign_id"))

        stamp_card_read = cls(
            reward_id=reward_id,
            name=name,
            card_size=card_size,
            stamps=stamps,
            stamps_to_go=stamps_to_go,
            voucher_campaign_id=voucher_campaign_id,
        )

        stamp_card_read.additional_properties = d
        return stamp_card_read

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
