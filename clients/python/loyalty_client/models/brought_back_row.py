from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BroughtBackRow")


@_attrs_define
class BroughtBackRow:
    """
    Attributes:
        campaign (str): The visit's utm_campaign
        visitors (int): Visitors who came through it (members and anonymous)
        members (int): Members who came back through it
        buyers (int): Of them, members whose purchase it was the last visit before
        revenue (int): Those purchases' totals, in the currency's minor unit
        campaign_id (int | None | Unset): The campaign it names (`campaign-<id>`), if any
        campaign_name (None | str | Unset):
        template_key (None | str | Unset): The message template it names, if any
    """

    campaign: str
    visitors: int
    members: int
    buyers: int
    revenue: int
    campaign_id: int | None | Unset = UNSET
    campaign_name: None | str | Unset = UNSET
    template_key: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        campaign = self.campaign

        visitors = self.visitors

        members = self.members

        buyers = self.buyers

        revenue = self.revenue

        campaign_id: int | None | Unset
        if isinstance(self.campaign_id, Unset):
            campaign_id = UNSET
        else:
            campaign_id = self.campaign_id

        campaign_name: None | str | Unset
        if isinstance(self.campaign_name, Unset):
            campaign_name = UNSET
        else:
            campaign_name = self.campaign_name

        template_key: None | str | Unset
        if isinstance(self.template_key, Unset):
            template_key = UNSET
        else:
            template_key = self.template_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "campaign": campaign,
                "visitors": visitors,
                "members": members,
                "buyers": buyers,
                "revenue": revenue,
            }
        )
        if campaign_id is not UNSET:
            field_dict["campaign_id"] = campaign_id
        if campaign_name is not UNSET:
            field_dict["campaign_name"] = campaign_name
        if template_key is not UNSET:
            field_dict["template_key"] = template_key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        campaign = d.pop("campaign")

        visitors = d.pop("visitors")

        members = d.pop("members")

        buyers = d.pop("buyers")

        revenue = d.pop("revenue")

        def _parse_campaign_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        campaign_id = _parse_campaign_id(d.pop("campaign_id", UNSET))

        def _parse_campaign_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        campaign_name = _parse_campaign_name(d.pop("campaign_name", UNSET))

        def _parse_template_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        template_key = _parse_template_key(d.pop("template_key", UNSET))

        brought_back_row = cls(
            campaign=campaign,
            visitors=visitors,
            members=members,
            buyers=buyers,
            revenue=revenue,
            campaign_id=campaign_id,
            campaign_name=campaign_name,
            template_key=template_key,
        )

        brought_back_row.additional_properties = d
        return brought_back_row

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
