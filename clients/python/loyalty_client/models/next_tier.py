from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.leaving_activity import LeavingActivity
    from ..models.tier_read import TierRead


T = TypeVar("T", bound="NextTier")


@_attrs_define
class NextTier:
    """
    Attributes:
        tier (TierRead):
        threshold (int):
        needed (int): How much more of the measure reaches it now.
        by (datetime.datetime | None): Until when `needed` is enough. Calendar year: the year's end. Rolling window:
            when the earliest activity still counted leaves the window (`leaving[0].at`), after which more is needed; null
            while the window holds no activity (nothing can leave it).
        leaving (list[LeavingActivity]): Rolling window: the next moments the measure drops as old activity leaves the
            window, earliest first, at most 5: after each `at` the measure is lower by its `value`, and `needed` higher
            accordingly unless new activity makes up for it. Empty for a calendar year, whose activity all counts until
            `by`.
    """

    tier: TierRead
    threshold: int
    needed: int
    by: datetime.datetime | None
    leaving: list[LeavingActivity]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tier = self.tier.to_dict()

        threshold = self.threshold

        needed = self.needed

        by: None | str
        if isinstance(self.by, datetime.datetime):
            by = self.by.isoformat()
        else:
            by = self.by

        leaving = []
        for leaving_item_data in self.leaving:
            leaving_item = leaving_item_data.to_dict()
            leaving.append(leaving_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tier": tier,
                "threshold": threshold,
                "needed": needed,
                "by": by,
                "leaving": leaving,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.leaving_activity import LeavingActivity  # noqa: PLC0415
        from ..models.tier_read import TierRead  # noqa: PLC0415

        d = dict(src_dict)
        tier = TierRead.from_dict(d.pop("tier"))

        threshold = d.pop("threshold")

        needed = d.pop("needed")

        def _parse_by(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                by_type_0 = datetime.datetime.fromisoformat(data)

                return by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        by = _parse_by(d.pop("by"))

        leaving = []
        _leaving = d.pop("leaving")
        for leaving_item_data in _leaving:
            leaving_item = LeavingActivity.from_dict(leaving_item_data)

            leaving.append(leaving_item)

        next_tier = cls(
            tier=tier,
            threshold=threshold,
            needed=needed,
            by=by,
            leaving=leaving,
        )

        next_tier.additional_properties = d
        return next_tier

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
