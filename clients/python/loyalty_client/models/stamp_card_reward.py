from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StampCardReward")


@_attrs_define
class StampCardReward:
    """
    Attributes:
        redemption_id (int):
        reward_id (int):
        code (None | str): The free-product coupon's code.
    """

    redemption_id: int
    reward_id: int
    code: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        redemption_id = self.redemption_id

        reward_id = self.reward_id

        code: None | str
        code = self.code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "redemption_id": redemption_id,
                "reward_id": reward_id,
                "code": code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        redemption_id = d.pop("redemption_id")

        reward_id = d.pop("reward_id")

        def _parse_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        code = _parse_code(d.pop("code"))

        stamp_card_reward = cls(
            redemption_id=redemption_id,
            reward_id=reward_id,
            code=code,
        )

        stamp_card_reward.additional_properties = d
        return stamp_card_reward

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
