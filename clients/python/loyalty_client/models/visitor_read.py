from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="VisitorRead")


@_attrs_define
class VisitorRead:
    """
    Attributes:
        visitor_id (str):
        member_id (int | None):
        first_seen_at (datetime.datetime):
        last_seen_at (datetime.datetime):
        first_source (str):
        first_medium (str):
        first_campaign (None | str):
        identified_at (datetime.datetime | None):
        events_joined (int | Unset):  Default: 0.
    """

    visitor_id: str
    member_id: int | None
    first_seen_at: datetime.datetime
    last_seen_at: datetime.datetime
    first_source: str
    first_medium: str
    first_campaign: None | str
    identified_at: datetime.datetime | None
    events_joined: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        visitor_id = self.visitor_id

        member_id: int | None
        member_id = self.member_id

        first_seen_at = self.first_seen_at.isoformat()

        last_seen_at = self.last_seen_at.isoformat()

        first_source = self.first_source

        first_medium = self.first_medium

        first_campaign: None | str
        first_campaign = self.first_campaign

        identified_at: None | str
        if isinstance(self.identified_at, datetime.datetime):
            identified_at = self.identified_at.isoformat()
        else:
            identified_at = self.identified_at

        events_joined = self.events_joined

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "visitor_id": visitor_id,
                "member_id": member_id,
                "first_seen_at": first_seen_at,
                "last_seen_at": last_seen_at,
                "first_source": first_source,
                "first_medium": first_medium,
                "first_campaign": first_campaign,
                "identified_at": identified_at,
            }
        )
        if events_joined is not UNSET:
            field_dict["events_joined"] = events_joined

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        visitor_id = d.pop("visitor_id")

        def _parse_member_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        member_id = _parse_member_id(d.pop("member_id"))

        first_seen_at = datetime.datetime.fromisoformat(d.pop("first_seen_at"))

        last_seen_at = datetime.datetime.fromisoformat(d.pop("last_seen_at"))

        first_source = d.pop("first_source")

        first_medium = d.pop("first_medium")

        def _parse_first_campaign(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        first_campaign = _parse_first_campaign(d.pop("first_campaign"))

        def _parse_identified_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                identified_at_type_0 = datetime.datetime.fromisoformat(data)

                return identified_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        identified_at = _parse_identified_at(d.pop("identified_at"))

        events_joined = d.pop("events_joined", UNSET)

        visitor_read = cls(
            visitor_id=visitor_id,
            member_id=member_id,
            first_seen_at=first_seen_at,
            last_seen_at=last_seen_at,
            first_source=first_source,
            first_medium=first_medium,
            first_campaign=first_campaign,
            identified_at=identified_at,
            events_joined=events_joined,
        )

        visitor_read.additional_properties = d
        return visitor_read

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
