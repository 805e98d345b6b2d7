from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AccessWindow")


@_attrs_define
class AccessWindow:
    """From `opens_at`, members of one of `tiers` (codes) or `segments` (ids) may buy; a window naming
    neither is everyone's.

        Attributes:
            opens_at (datetime.datetime):
            tiers (list[str] | Unset):
            segments (list[int] | Unset):
    """

    opens_at: datetime.datetime
    tiers: list[str] | Unset = UNSET
    segments: list[int] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        opens_at = self.opens_at.isoformat()

        tiers: list[str] | Unset = UNSET
        if not isinstance(self.tiers, Unset):
            tiers = self.tiers

        segments: list[int] | Unset = UNSET
        if not isinstance(self.segments, Unset):
            segments = self.segments

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "opens_at": opens_at,
            }
        )
        if tiers is not UNSET:
            field_dict["tiers"] = tiers
        if segments is not UNSET:
            field_dict["segments"] = segments

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        opens_at = datetime.datetime.fromisoformat(d.pop("opens_at"))

        tiers = cast(list[str], d.pop("tiers", UNSET))

        segments = cast(list[int], d.pop("segments", UNSET))

        access_window = cls(
            opens_at=opens_at,
            tiers=tiers,
            segments=segments,
        )

        return access_window
