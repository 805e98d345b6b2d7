from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.tier_progress_measure import TierProgressMeasure

if TYPE_CHECKING:
    from ..models.keep_tier import KeepTier
    from ..models.next_tier import NextTier
    from ..models.tier_read import TierRead
    from ..models.window_read import WindowRead


T = TypeVar("T", bound="TierProgress")


@_attrs_define
class TierProgress:
    """
    Attributes:
        member_id (int):
        tier (TierRead):
        since (datetime.datetime | None): null for a member who has always been at the base level.
        manually_assigned (bool):
        measure (TierProgressMeasure):
        window (WindowRead):
        value (int): The measure in the current window.
        next_ (NextTier | None): null at the top level.
        keep (KeepTier | None): null at the base level (nothing to keep).
    """

    member_id: int
    tier: TierRead
    since: datetime.datetime | None
    manually_assigned: bool
    measure: TierProgressMeasure
    window: WindowRead
    value: int
    next_: NextTier | None
    keep: KeepTier | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.keep_tier import KeepTier  # noqa: PLC0415
        from ..models.next_tier import NextTier  # noqa: PLC0415

        member_id = self.member_id

        tier = self.tier.to_dict()

        since: None | str
        if isinstance(self.since, datetime.datetime):
            since = self.since.isoformat()
        else:
            since = self.since

        manually_assigned = self.manually_assigned

        measure = self.measure.value

        window = self.window.to_dict()

        value = self.value

        next_: dict[str, Any] | None
        if isinstance(self.next_, NextTier):
            next_ = self.next_.to_dict()
        else:
            next_ = self.next_

        keep: dict[str, Any] | None
        if isinstance(self.keep, KeepTier):
            keep = self.keep.to_dict()
        else:
            keep = self.keep

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "member_id": member_id,
                "tier": tier,
                "since": since,
                "manually_assigned": manually_assigned,
                "measure": measure,
                "window": window,
                "value": value,
                "next": next_,
                "keep": keep,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keep_tier import KeepTier  # noqa: PLC0415
        from ..models.next_tier import NextTier  # noqa: PLC0415
        from ..models.tier_read import TierRead  # noqa: PLC0415
        from ..models.window_read import WindowRead  # noqa: PLC0415

        d = dict(src_dict)
        member_id = d.pop("member_id")

        tier = TierRead.from_dict(d.pop("tier"))

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

        manually_assigned = d.pop("manually_assigned")

        measure = TierProgressMeasure(d.pop("measure"))

        window = WindowRead.from_dict(d.pop("window"))

        value = d.pop("value")

        def _parse_next_(data: object) -> NextTier | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                next_type_0 = NextTier.from_dict(data)

                return next_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NextTier | None, data)

        next_ = _parse_next_(d.pop("next"))

        def _parse_keep(data: object) -> KeepTier | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                keep_type_0 = KeepTier.from_dict(data)

                return keep_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KeepTier | None, data)

        keep = _parse_keep(d.pop("keep"))

        tier_progress = cls(
            member_id=member_id,
            tier=tier,
            since=since,
            manually_assigned=manually_assigned,
            measure=measure,
            window=window,
            value=value,
            next_=next_,
            keep=keep,
        )

        tier_progress.additional_properties = d
        return tier_progress

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
