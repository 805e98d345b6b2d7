from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChannelSettingsWrite")


@_attrs_define
class ChannelSettingsWrite:
    """At most `cap_count` messages per member in `cap_days` rolling days (null: no cap); no
    sending from `quiet_start` to `quiet_end` ("21:00", "08:00"; null: none) in the member's time.

        Attributes:
            cap_count (int | None | Unset):
            cap_days (int | Unset):  Default: 7.
            quiet_start (None | str | Unset):
            quiet_end (None | str | Unset):
    """

    cap_count: int | None | Unset = UNSET
    cap_days: int | Unset = 7
    quiet_start: None | str | Unset = UNSET
    quiet_end: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        cap_count: int | None | Unset
        if isinstance(self.cap_count, Unset):
            cap_count = UNSET
        else:
            cap_count = self.cap_count

        cap_days = self.cap_days

        quiet_start: None | str | Unset
        if isinstance(self.quiet_start, Unset):
            quiet_start = UNSET
        else:
            quiet_start = self.quiet_start

        quiet_end: None | str | Unset
        if isinstance(self.quiet_end, Unset):
            quiet_end = UNSET
        else:
            quiet_end = self.quiet_end

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if cap_count is not UNSET:
            field_dict["cap_count"] = cap_count
        if cap_days is not UNSET:
            field_dict["cap_days"] = cap_days
        if quiet_start is not UNSET:
            field_dict["quiet_start"] = quiet_start
        if quiet_end is not UNSET:
            field_dict["quiet_end"] = quiet_end

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_cap_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cap_count = _parse_cap_count(d.pop("cap_count", UNSET))

        cap_days = d.pop("cap_days", UNSET)

        def _parse_quiet_start(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        quiet_start = _parse_quiet_start(d.pop("quiet_start", UNSET))

        def _parse_quiet_end(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        quiet_end = _parse_quiet_end(d.pop("quiet_end", UNSET))

        channel_settings_write = cls(
            cap_count=cap_count,
            cap_days=cap_days,
            quiet_start=quiet_start,
            quiet_end=quiet_end,
        )

        return channel_settings_write
