from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TierAssign")


@_attrs_define
class TierAssign:
    """
    Attributes:
        tier_code (str):
        reason (str): Why, for the audit trail (mandatory).
        review_at (datetime.datetime | None | Unset): When the review first looks at the member (default: the policy's
            schedule).
    """

    tier_code: str
    reason: str
    review_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        tier_code = self.tier_code

        reason = self.reason

        review_at: None | str | Unset
        if isinstance(self.review_at, Unset):
            review_at = UNSET
        elif isinstance(self.review_at, datetime.datetime):
            review_at = self.review_at.isoformat()
        else:
            review_at = self.review_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "tier_code": tier_code,
                "reason": reason,
            }
        )
        if review_at is not UNSET:
            field_dict["review_at"] = review_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        tier_code = d.pop("tier_code")

        reason = d.pop("reason")

        def _parse_review_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                review_at_type_0 = datetime.datetime.fromisoformat(data)

                return review_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        review_at = _parse_review_at(d.pop("review_at", UNSET))

        tier_assign = cls(
            tier_code=tier_code,
            reason=reason,
            review_at=review_at,
        )

        return tier_assign
