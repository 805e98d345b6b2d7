from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TierMemberRead")


@_attrs_define
class TierMemberRead:
    """
    Attributes:
        member_id (int):
        since (datetime.datetime | None):
        review_at (datetime.datetime | None):
        grace_until (datetime.datetime | None):
        manually_assigned (bool):
    """

    member_id: int
    since: datetime.datetime | None
    review_at: datetime.datetime | None
    grace_until: datetime.datetime | None
    manually_assigned: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        member_id = self.member_id

        since: None | str
        if isinstance(self.since, datetime.datetime):
            since = self.since.isoformat()
        else:
            since = self.since

        review_at: None | str
        if isinstance(self.review_at, datetime.datetime):
            review_at = self.review_at.isoformat()
        else:
            review_at = self.review_at

        grace_until: None | str
        if isinstance(self.grace_until, datetime.datetime):
            grace_until = self.grace_until.isoformat()
        else:
            grace_until = self.grace_until

        manually_assigned = self.manually_assigned

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "member_id": member_id,
                "since": since,
                "review_at": review_at,
                "grace_until": grace_until,
                "manually_assigned": manually_assigned,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_id = d.pop("member_id")

        def _parse_since(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                since_type_0 = datetime.datetime.fromisoformat(data)

                return since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        since = _parse_since(d.pop("since"))

        def _parse_review_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                review_at_type_0 = datetime.datetime.fromisoformat(data)

                return review_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        review_at = _parse_review_at(d.pop("review_at"))

        def _parse_grace_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                grace_until_type_0 = datetime.datetime.fromisoformat(data)

                return grace_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        grace_until = _parse_grace_until(d.pop("grace_until"))

        manually_assigned = d.pop("manually_assigned")

        tier_member_read = cls(
            member_id=member_id,
            since=since,
            review_at=review_at,
            grace_until=grace_until,
            manually_assigned=manually_assigned,
        )

        tier_member_read.additional_properties = d
        return tier_member_read

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
