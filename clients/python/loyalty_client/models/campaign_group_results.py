from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CampaignGroupResults")


@_attrs_define
class CampaignGroupResults:
    """
    Attributes:
        members (int): Members in the group (targeted, or held out).
        reached (int): Members given the offer and/or the message (0 in the control group).
        not_reached (int): Targeted members the budget or the coupon codes did not reach.
        delivered (int):
        opened (int):
        clicked (int):
        converted (int): Members with a purchase in the attribution window.
        conversion_rate (float):
        revenue_minor (int): Their purchases in the window, less refunds, in minor units.
        revenue_per_member (float):
        points_cost (int):
        cost_minor (int): What the group was given, in money (minor units).
    """

    members: int
    reached: int
    not_reached: int
    delivered: int
    opened: int
    clicked: int
    converted: int
    conversion_rate: float
    revenue_minor: int
    revenue_per_member: float
    points_cost: int
    cost_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        members = self.members

        reached = self.reached

        not_reached = self.not_reached

        delivered = self.delivered

        opened = self.opened

        clicked = self.clicked

        converted = self.converted

        conversion_rate = self.conversion_rate

        revenue_minor = self.revenue_minor

        revenue_per_member = self.revenue_per_member

        points_cost = self.points_cost

        cost_minor = self.cost_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "members": members,
                "reached": reached,
                "not_reached": not_reached,
                "delivered": delivered,
                "opened": opened,
                "clicked": clicked,
                "converted": converted,
                "conversion_rate": conversion_rate,
                "revenue_minor": revenue_minor,
                "revenue_per_member": revenue_per_member,
                "points_cost": points_cost,
                "cost_minor": cost_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        members = d.pop("members")

        reached = d.pop("reached")

        not_reached = d.pop("not_reached")

        delivered = d.pop("delivered")

        opened = d.pop("opened")

        clicked = d.pop("clicked")

        converted = d.pop("converted")

        conversion_rate = d.pop("conversion_rate")

        revenue_minor = d.pop("revenue_minor")

        revenue_per_member = d.pop("revenue_per_member")

        points_cost = d.pop("points_cost")

        cost_minor = d.pop("cost_minor")

        campaign_group_results = cls(
            members=members,
            reached=reached,
            not_reached=not_reached,
            delivered=delivered,
            opened=opened,
            clicked=clicked,
            converted=converted,
            conversion_rate=conversion_rate,
            revenue_minor=revenue_minor,
            revenue_per_member=revenue_per_member,
            points_cost=points_cost,
            cost_minor=cost_minor,
        )

        campaign_group_results.additional_properties = d
        return campaign_group_results

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
