from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.tier_policy_read_measure import TierPolicyReadMeasure

if TYPE_CHECKING:
    from ..models.calendar_year_window import CalendarYearWindow
    from ..models.rolling_window import RollingWindow


T = TypeVar("T", bound="TierPolicyRead")


@_attrs_define
class TierPolicyRead:
    """
    Attributes:
        measure (TierPolicyReadMeasure):
        window (CalendarYearWindow | RollingWindow):
        review_every_days (int | None):
        grace_days (int):
        one_level_at_a_time (bool):
        updated_at (datetime.datetime | None): null while the program has neither levels nor a policy.
    """

    measure: TierPolicyReadMeasure
    window: CalendarYearWindow | RollingWindow
    review_every_days: int | None
    grace_days: int
    one_level_at_a_time: bool
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.rolling_window import RollingWindow  # noqa: PLC0415

        measure = self.measure.value

        window: dict[str, Any]
        if isinstance(self.window, RollingWindow):
            window = self.window.to_dict()
        else:
            window = self.window.to_dict()

        review_every_days: int | None
        review_every_days = self.review_every_days

        grace_days = self.grace_days

        one_level_at_a_time = self.one_level_at_a_time

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "measure": measure,
                "window": window,
                "review_every_days": review_every_days,
                "grace_days": grace_days,
                "one_level_at_a_time": one_level_at_a_time,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.calendar_year_window import CalendarYearWindow  # noqa: PLC0415
        from ..models.rolling_window import RollingWindow  # noqa: PLC0415

        d = dict(src_dict)
        measure = TierPolicyReadMeasure(d.pop("measure"))

        def _parse_window(data: object) -> CalendarYearWindow | RollingWindow:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                window_type_0 = RollingWindow.from_dict(data)

                return window_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            window_type_1 = CalendarYearWindow.from_dict(data)

            return window_type_1

        window = _parse_window(d.pop("window"))

        def _parse_review_every_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        review_every_days = _parse_review_every_days(d.pop("review_every_days"))

        grace_days = d.pop("grace_days")

        one_level_at_a_time = d.pop("one_level_at_a_time")

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        tier_policy_read = cls(
            measure=measure,
            window=window,
            review_every_days=review_every_days,
            grace_days=grace_days,
            one_level_at_a_time=one_level_at_a_time,
            updated_at=updated_at,
        )

        tier_policy_read.additional_properties = d
        return tier_policy_read

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
