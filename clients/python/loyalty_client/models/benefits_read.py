from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BenefitsRead")


@_attrs_define
class BenefitsRead:
    """
    Attributes:
        earn_multiplier (str):
        free_shipping (bool):
        exclusive_rewards (bool):
    """

    earn_multiplier: str
    free_shipping: bool
    exclusive_rewards: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        earn_multiplier = self.earn_multiplier

        free_shipping = self.free_shipping

        exclusive_rewards = self.exclusive_rewards

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "earn_multiplier": earn_multiplier,
                "free_shipping": free_shipping,
                "exclusive_rewards": exclusive_rewards,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        earn_multiplier = d.pop("earn_multiplier")

        free_shipping = d.pop("free_shipping")

        exclusive_rewards = d.pop("exclusive_rewards")

        benefits_read = cls(
            earn_multiplier=earn_multiplier,
            free_shipping=free_shipping,
            exclusive_rewards=exclusive_rewards,
        )

        benefits_read.additional_properties = d
        return benefits_read

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
