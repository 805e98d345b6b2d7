from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Benefits")


@_attrs_define
class Benefits:
    """
    Attributes:
        earn_multiplier (float | str | Unset): Points earned on purchases are multiplied by this, e.g. "1.25"; at least
            1. Default: 1.0.
        free_shipping (bool | Unset): Shown to the shop, which waives shipping. Default: False.
        exclusive_rewards (bool | Unset): A flag for the shop and the member app (e.g. a members-only badge); a reward
            is reserved for levels by its own `eligible_tiers`. Default: False.
    """

    earn_multiplier: float | str | Unset = 1.0
    free_shipping: bool | Unset = False
    exclusive_rewards: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        earn_multiplier: float | str | Unset
        if isinstance(self.earn_multiplier, Unset):
            earn_multiplier = UNSET
        else:
            earn_multiplier = self.earn_multiplier

        free_shipping = self.free_shipping

        exclusive_rewards = self.exclusive_rewards

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if earn_multiplier is not UNSET:
            field_dict["earn_multiplier"] = earn_multiplier
        if free_shipping is not UNSET:
            field_dict["free_shipping"] = free_shipping
        if exclusive_rewards is not UNSET:
            field_dict["exclusive_rewards"] = exclusive_rewards

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_earn_multiplier(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        earn_multiplier = _parse_earn_multiplier(d.pop("earn_multiplier", UNSET))

        free_shipping = d.pop("free_shipping", UNSET)

        exclusive_rewards = d.pop("exclusive_rewards", UNSET)

        benefits = cls(
            earn_multiplier=earn_multiplier,
            free_shipping=free_shipping,
            exclusive_rewards=exclusive_rewards,
        )

        return benefits
