from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.campaign_group_results import CampaignGroupResults
    from ..models.uplift_interval import UpliftInterval


T = TypeVar("T", bound="MarketingCampaignResults")


@_attrs_define
class MarketingCampaignResults:
    """
    Attributes:
        campaign_id (int):
        currency (str):
        window_start (datetime.datetime | None):
        window_end (datetime.datetime | None):
        target (CampaignGroupResults):
        control (CampaignGroupResults):
        uplift_per_member (None | UpliftInterval): Revenue per member, target minus control, in minor units, with its
            confidence interval (Welch); null until both groups have two members.
        conversion_uplift (None | UpliftInterval): Conversion rate, target minus control.
        incremental_revenue_minor (float | None): uplift_per_member × target members.
        cost_minor (int):
        roi (float | None): (incremental revenue − cost) / cost; null without a cost.
    """

    campaign_id: int
    currency: str
    window_start: datetime.datetime | None
    window_end: datetime.datetime | None
    target: CampaignGroupResults
    control: CampaignGroupResults
    uplift_per_member: None | UpliftInterval
    conversion_uplift: None | UpliftInterval
    incremental_revenue_minor: float | None
    cost_minor: int
    roi: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.uplift_interval import UpliftInterval  # noqa: PLC0415

        campaign_id = self.campaign_id

        currency = self.currency

        window_start: None | str
        if isinstance(self.window_start, datetime.datetime):
            window_start = self.window_start.isoformat()
        else:
            window_start = self.window_start

        window_end: None | str
        if isinstance(self.window_end, datetime.datetime):
            window_end = self.window_end.isoformat()
        else:
            window_end = self.window_end

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
                "campaign_id": campaign_id,
                "currency": currency,
                "window_start": window_start,
                "window_end": window_end,
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
        from ..models.campaign_group_results import CampaignGroupResults  # noqa: PLC0415
        from ..models.uplift_interval import UpliftInterval  # noqa: PLC0415

        d = dict(src_dict)
        campaign_id = d.pop("campaign_id")

        currency = d.pop("currency")

        def _parse_window_start(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                window_start_type_0 = datetime.datetime.fromisoformat(data)

                return window_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        window_start = _parse_window_start(d.pop("window_start"))

        def _parse_window_end(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                window_end_type_0 = datetime.datetime.fromisoformat(data)

                return window_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        window_end = _parse_window_end(d.pop("window_end"))

        target = CampaignGroupResults.from_dict(d.pop("target"))

        control = CampaignGroupResults.from_dict(d.pop("control"))

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

        marketing_campaign_results = cls(
            campaign_id=campaign_id,
            currency=currency,
            window_start=window_start,
            window_end=window_end,
            target=target,
            control=control,
            uplift_per_member=uplift_per_member,
            conversion_uplift=conversion_uplift,
            incremental_revenue_minor=incremental_revenue_minor,
            cost_minor=cost_minor,
            roi=roi,
        )

        marketing_campaign_results.additional_properties = d
        return marketing_campaign_results

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
