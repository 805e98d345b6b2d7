from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.journey_group_results import JourneyGroupResults
    from ..models.journey_results_window_type_0 import JourneyResultsWindowType0
    from ..models.uplift_interval import UpliftInterval


T = TypeVar("T", bound="JourneyResults")


@_attrs_define
class JourneyResults:
    """
    Attributes:
        journey_id (int):
        currency (str):
        control_share (float): The current version's holdout share.
        window (JourneyResultsWindowType0 | None): The current version's attribution window (goal.window).
        target (JourneyGroupResults):
        control (JourneyGroupResults):
        uplift_per_member (None | UpliftInterval): Revenue per entrant, target minus control, in minor units, with its
            95 % confidence interval (Welch); null until both groups have two enrolments.
        conversion_uplift (None | UpliftInterval): Conversion rate, target minus control.
        incremental_revenue_minor (float | None): uplift_per_member × target entrants.
        cost_minor (int): What the target group was given, in money (minor units).
        roi (float | None): (incremental revenue − cost) / cost; null without a cost or an uplift.
    """

    journey_id: int
    currency: str
    control_share: float
    window: JourneyResultsWindowType0 | None
    target: JourneyGroupResults
    control: JourneyGroupResults
    uplift_per_member: None | UpliftInterval
    conversion_uplift: None | UpliftInterval
    incremental_revenue_minor: float | None
    cost_minor: int
    roi: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.journey_results_window_type_0 import JourneyResultsWindowType0  # noqa: PLC0415
        from ..models.uplift_interval import UpliftInterval  # noqa: PLC0415

        journey_id = self.journey_id

        currency = self.currency

        control_share = self.control_share

        window: dict[str, Any] | None
        if isinstance(self.window, JourneyResultsWindowType0):
            window = self.window.to_dict()
        else:
            window = self.window

        target = self.target.to_dict()

        control = self.control.to_dict()

        uplift_per_member: dict[str, Any] | None
        if isinstance(self.uplift_per_member, UpliftInterval):
            uplift_per_member = self.uplift_per_member.to_dict()
        else:
            uplift_per_member = self.uplift_per_member

        conversion_uplift: dict[str, Any] | None
        if isinstance(self.conversion_uplift, UpliftInterval):
            conversion_uplift = self.conversion_uplift.to_dict()
        else:
            conversion_uplift = self.conversion_uplift

        incremental_revenue_minor: float | None
        incremental_revenue_minor = self.incremental_revenue_minor

        cost_minor = self.cost_minor

        roi: float | None
        roi = self.roi

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "journey_id": journey_id,
                "currency": currency,
                "control_share": control_share,
                "window": window,
                "target": target,
                "control": control,
                "uplift_per_member": uplift_per_member,
                "conversion_uplift": conversion_uplift,
                "incremental_revenue_minor": incremental_revenue_minor,
                "cost_minor": cost_minor,
                "roi": roi,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.journey_group_results import JourneyGroupResults  # noqa: PLC0415
        from ..models.journey_results_window_type_0 import JourneyResultsWindowType0  # noqa: PLC0415
        from ..models.uplift_interval import UpliftInterval  # noqa: PLC0415

        d = dict(src_dict)
        journey_id = d.pop("journey_id")

        currency = d.pop("currency")

        control_share = d.pop("control_share")

        def _parse_window(data: object) -> JourneyResultsWindowType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                window_type_0 = JourneyResultsWindowType0.from_dict(data)

                return window_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JourneyResultsWindowType0 | None, data)

        window = _parse_window(d.pop("window"))

        target = JourneyGroupResults.from_dict(d.pop("target"))

        control = JourneyGroupResults.from_dict(d.pop("control"))

        def _parse_uplift_per_member(data: object) -> None | UpliftInterval:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                uplift_per_member_type_0 = UpliftInterval.from_dict(data)

                return uplift_per_member_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UpliftInterval, data)

        uplift_per_member = _parse_uplift_per_member(d.pop("uplift_per_member"))

        def _parse_conversion_uplift(data: object) -> None | UpliftInterval:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                conversion_uplift_type_0 = UpliftInterval.from_dict(data)

                return conversion_uplift_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UpliftInterval, data)

        conversion_uplift = _parse_conversion_uplift(d.pop("conversion_uplift"))

        def _parse_incremental_revenue_minor(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        incremental_revenue_minor = _parse_incremental_revenue_minor(d.pop("incremental_revenue_minor"))

        cost_minor = d.pop("cost_minor")

        def _parse_roi(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        roi = _parse_roi(d.pop("roi"))

        journey_results = cls(
            journey_id=journey_id,
            currency=currency,
            control_share=control_share,
            window=window,
            target=target,
            control=control,
            uplift_per_member=uplift_per_member,
            conversion_uplift=conversion_uplift,
            incremental_revenue_minor=incremental_revenue_minor,
            cost_minor=cost_minor,
            roi=roi,
        )

        journey_results.additional_properties = d
        return journey_results

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
