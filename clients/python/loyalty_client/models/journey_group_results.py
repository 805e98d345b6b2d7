from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="JourneyGroupResults")


@_attrs_define
class JourneyGroupResults:
    """
    Attributes:
        entered (int): Enrolments in the group (a member entering again counts again).
        delivered (int): Members with a message of this journey delivered.
        opened (int):
        clicked (int):
        converted (int): Enrolments the goal converted.
        conversion_rate (float):
        revenue_minor (int): Conversion revenue (the goal events' amounts), minor units.
        revenue_per_member (float): revenue_minor / entered.
        points_cost (int): Points the journey's award_points steps posted (0 for the control group).
        coupons_issued (int): Coupon codes its issue_coupon steps published.
        cost_minor (int): The points at the program's point value, plus the coupons' face value (fixed-amount and gift-
            card voucher campaigns), minor units.
    """

    entered: int
    delivered: int
    opened: int
    clicked: int
    converted: int
    conversion_rate: float
    revenue_minor: int
    revenue_per_member: float
    points_cost: int
    coupons_issued: int
    cost_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        entered = self.entered

        delivered = self.delivered

        opened = self.opened

        clicked = self.clicked

        converted = self.converted

        conversion_rate = self.conversion_rate

        revenue_minor = self.revenue_minor

        revenue_per_member = self.revenue_per_member

        points_cost = self.points_cost

        coupons_issued = self.coupons_issued

        cost_minor = self.cost_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "entered": entered,
                "delivered": delivered,
                "opened": opened,
                "clicked": clicked,
                "converted": converted,
                "conversion_rate": conversion_rate,
                "revenue_minor": revenue_minor,
                "revenue_per_member": revenue_per_member,
                "points_cost": points_cost,
                "coupons_issued": coupons_issued,
                "cost_minor": cost_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        entered = d.pop("entered")

        delivered = d.pop("delivered")

        opened = d.pop("opened")

        clicked = d.pop("clicked")

        converted = d.pop("converted")

        conversion_rate = d.pop("conversion_rate")

        revenue_minor = d.pop("revenue_minor")

        revenue_per_member = d.pop("revenue_per_member")

        points_cost = d.pop("points_cost")

        coupons_issued = d.pop("coupons_issued")

        cost_minor = d.pop("cost_minor")

        journey_group_results = cls(
            entered=entered,
            delivered=delivered,
            opened=opened,
            clicked=clicked,
            converted=converted,
            conversion_rate=conversion_rate,
            revenue_minor=revenue_minor,
            revenue_per_member=revenue_per_member,
            points_cost=points_cost,
            coupons_issued=coupons_issued,
            cost_minor=cost_minor,
        )

        journey_group_results.additional_properties = d
        return journey_group_results

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
