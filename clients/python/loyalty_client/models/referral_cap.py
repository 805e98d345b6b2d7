from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ReferralCap")


@_attrs_define
class ReferralCap:
    """
    Attributes:
        count (int): Rewarded referrals a referrer may collect…
        period_days (int): …in any rolling period of this many days.
    """

    count: int
    period_days: int

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        period_days = self.period_days

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "count": count,
                "period_days": period_days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        period_days = d.pop("period_days")

        referral_cap = cls(
            count=count,
            period_days=period_days,
        )

        return referral_cap
