from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ChannelSettingsRead")


@_attrs_define
class ChannelSettingsRead:
    """
    Attributes:
        channel (str):
        cap_count (int | None):
        cap_days (int):
        quiet_start (None | str):
        quiet_end (None | str):
    """

    channel: str
    cap_count: int | None
    cap_days: int
    quiet_start: None | str
    quiet_end: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        channel = self.channel

        cap_count: int | None
        cap_count = self.cap_count

        cap_days = self.cap_days

        quiet_start: None | str
        quiet_start = self.quiet_start

        quiet_end: None | str
        quiet_end = self.quiet_end

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "channel": channel,
                "cap_count": cap_count,
                "cap_days": cap_days,
                "quiet_start": quiet_start,
                "quiet_end": quiet_end,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel = d.pop("channel")

        def _parse_cap_count(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        cap_count = _parse_cap_count(d.pop("cap_count"))

        cap_days = d.pop("cap_days")

        def _parse_quiet_start(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        quiet_start = _parse_quiet_start(d.pop("quiet_start"))

        def _parse_quiet_end(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        quiet_end = _parse_quiet_end(d.pop("quiet_end"))

        channel_settings_read = cls(
            channel=channel,
            cap_count=cap_count,
            cap_days=cap_days,
            quiet_start=quiet_start,
            quiet_end=quiet_end,
        )

        channel_settings_read.additional_properties = d
        return channel_settings_read

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
