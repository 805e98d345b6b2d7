from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BadgeBackfillRead")


@_attrs_define
class BadgeBackfillRead:
    """
    Attributes:
        members_measured (int): Members measured so far.
        awarded (int): Levels the back-fill awarded (each paid once).
        requested_at (datetime.datetime):
        finished_at (datetime.datetime | None): When every member had been measured (null: still running).
    """

    members_measured: int
    awarded: int
    requested_at: datetime.datetime
    finished_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        members_measured = self.members_measured

        awarded = self.awarded

        requested_at = self.requested_at.isoformat()

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "members_measured": members_measured,
                "awarded": awarded,
                "requested_at": requested_at,
                "finished_at": finished_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        members_measured = d.pop("members_measured")

        awarded = d.pop("awarded")

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        badge_backfill_read = cls(
            members_measured=members_measured,
            awarded=awarded,
            requested_at=requested_at,
            finished_at=finished_at,
        )

        badge_backfill_read.additional_properties = d
        return badge_backfill_read

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
