from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.review_moderation_status import ReviewModerationStatus

T = TypeVar("T", bound="ReviewModeration")


@_attrs_define
class ReviewModeration:
    """
    Attributes:
        status (ReviewModerationStatus):
    """

    status: ReviewModerationStatus

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = ReviewModerationStatus(d.pop("status"))

        review_moderation = cls(
            status=status,
        )

        return review_moderation
