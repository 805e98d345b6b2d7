from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebVisit")


@_attrs_define
class WebVisit:
    """A member's web event, as the single customer view lists it.

    Attributes:
        type_ (str):
        occurred_at (datetime.datetime):
        path (None | str):
        sku (None | str):
        product_name (None | str):
        source (str):
        medium (str):
        campaign (None | str):
    """

    type_: str
    occurred_at: datetime.datetime
    path: None | str
    sku: None | str
    product_name: None | str
    source: str
    medium: str
    campaign: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        occurred_at = self.occurred_at.isoformat()

        path: None | str
        path = self.path

        sku: None | str
        sku = self.sku

        product_name: None | str
        product_name = self.product_name

        source = self.source

        medium = self.medium

        campaign: None | str
        campaign = self.campaign

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "occurred_at": occurred_at,
                "path": path,
                "sku": sku,
                "product_name": product_name,
                "source": source,
                "medium": medium,
                "campaign": campaign,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = d.pop("type")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        def _parse_path(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        path = _parse_path(d.pop("path"))

        def _parse_sku(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sku = _parse_sku(d.pop("sku"))

        def _parse_product_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        product_name = _parse_product_name(d.pop("product_name"))

        source = d.pop("source")

        medium = d.pop("medium")

        def _parse_campaign(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        campaign = _parse_campaign(d.pop("campaign"))

        web_visit = cls(
            type_=type_,
            occurred_at=occurred_at,
            path=path,
            sku=sku,
            product_name=product_name,
            source=source,
            medium=medium,
            campaign=campaign,
        )

        web_visit.additional_properties = d
        return web_visit

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
