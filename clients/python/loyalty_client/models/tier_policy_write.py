from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.tier_policy_write_measure import TierPolicyWriteMeasure
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.calendar_year_window import CalendarYearWindow
    from ..models.rolling_window import RollingWindow


T = TypeVar("T", bound="TierPolicyWrite")


@_attrs_define
class TierPolicyWrite:
    """
    Attributes:
        measure (TierPolicyWriteMeasure | Unset):  Default: TierPolicyWriteMeasure.POINTS_EARNED.
        window (CalendarYearWindow | RollingWindow | Unset):
        review_every_days (int | None | Unset): Rolling windows: days between reviews after a tier is reached (default:
            the window's days). Calendar-year windows are reviewed at each year's end.
        grace_days (int | Unset): Days a member keeps a tier after failing a review, to requalify. Default: 0.
        one_level_at_a_time (bool | Unset): A review never takes a member down more than one level. Default: True.
    """

    measure: TierPolicyWriteMeasure | Unset = TierPolicyWriteMeasure.POINTS_EARNED
    window: CalendarYearWindow | RollingWindow | Unset = UNSET
    review_every_days: int | None | Unset = UNSET
    grace_days: int | Unset = 0
    one_level_at_a_time: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        from ..models.rolling_window import RollingWindow  # noqa: PLC0415

        measure: str | Unset = UNSET
        if not isinstance(self.measure, Unset):
            measure = self.measure.value

        window: dict[str, Any] | Unset
        if isinstance(self.window, Unset):
            window = UNSET
        elif isinstance(self.window, RollingWindow):
            window = self.window.to_dict()
        else:
            window = self.window.to_dict()

        review_every_days: int | None | Unset
        if isinstance(self.review_every_days, Unset):
            review_every_days = UNSET
        else:
            review_every_days = self.review_every_days

        grace_days = self.grace_days

        one_level_at_a_time = self.one_level_at_a_time

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if measure is not UNSET:
            field_dict["measure"] = measure
        if window is not UNSET:
            field_dict["window"] = window
        if review_every_days is not UNSET:
            field_dict["review_every_days"] = review_every_days
        if grace_days is not UNSET:
            field_dict["grace_days"] = grace_days
        if one_level_at_a_time is not UNSET:
            field_dict["one_level_at_a_time"] = one_level_at_a_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.calendar_year_window import CalendarYearWindow  # noqa: PLC0415
        from ..models.rolling_window import RollingWindow  # noqa: PLC0415

        d = dict(src_dict)
        _measure = d.pop("measure", UNSET)
        measure: TierPolicyWriteMeasure | Unset
        if isinstance(_measure, Unset):
            measure = UNSET
        else:
            measure = TierPolicyWriteMeasure(_measure)

        def _parse_window(data: object) -> CalendarYearWindow | RollingWindow | Unset:
            if isinstance(data, Unset):
                return data
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

        window = _parse_window(d.pop("window", UNSET))

        def _parse_review_every_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        review_every_days = _parse_review_every_days(d.pop("review_every_days", UNSET))

        grace_days = d.pop("grace_days", UNSET)

        one_level_at_a_time = d.pop("one_level_at_a_time", UNSET)

        tier_policy_write = cls(
            measure=measure,
            window=window,
            review_every_days=review_every_days,
            grace_days=grace_days,
            one_level_at_a_time=one_level_at_a_time,
        )

        return tier_policy_write
