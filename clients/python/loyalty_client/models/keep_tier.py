from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="KeepTier")


@_attrs_define
class KeepTier:
    """
    Attributes:
        threshold (int):
        value (int): The measure counted so far in the window the review will judge.
        needed (int): How much more of the measure keeps the tier at the review.
        by (datetime.datetime): The review date (the end of the grace period while in grace).
        grace_until (datetime.datetime | None):
    """

    threshold: int
    value: int
    needed: int
    by: datetime.datetime
    grace_until: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        threshold = self.threshold

        value = self.value

        needed = self.needed

        by = self.by.isoformat()

        grace_until: None | str
        if isinstance(self.grace_until, datetime.datetime):
            grace_until = self.grace_until.isoformat()
        else:
            grace_until = self.grace_until

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "threshold": threshold,
                "value": value,
                "needed": needed,
                "by": by,
                "grace_until": grace_until,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        threshold = d.pop("threshold")

        value = d.pop("value")

        needed = d.pop("needed")

        by = datetime.datetime.fromisoformat(d.pop("by"))

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

        keep_tier = cls(
            threshold=threshold,
            value=value,
            needed=needed,
            by=by,
            grace_until=grace_until,
        )

        keep_tier.additional_properties = d
        return keep_tier

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
