from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.review_read_status import ReviewReadStatus

T = TypeVar("T", bound="ReviewRead")


@_attrs_define
class ReviewRead:
    """
    Attributes:
        id (int):
        member_id (int):
        sku (str):
        product_name (None | str):
        rating (int):
        text (None | str):
        status (ReviewReadStatus):
        submitted_at (datetime.datetime):
        moderated_at (datetime.datetime | None):
    """

    id: int
    member_id: int
    sku: str
    product_name: None | str
    rating: int
    text: None | str
    status: ReviewReadStatus
    submitted_at: datetime.datetime
    moderated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        member_id = self.member_id

        sku = self.sku

        product_name: None | str
        product_name = self.product_name

        rating = self.rating

        text: None | str
        text = self.text

        status = self.status.value

        submitted_at = self.submitted_at.isoformat()

        moderated_at: None | str
        if isinstance(self.moderated_at, datetime.datetime):
            moderated_at = self.moderated_at.isoformat()
        else:
            moderated_at = self.moderated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "member_id": member_id,
                "sku": sku,
                "product_name": product_name,
                "rating": rating,
                "text": text,
                "status": status,
                "submitted_at": submitted_at,
                "moderated_at": moderated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        member_id = d.pop("member_id")

        sku = d.pop("sku")

        def _parse_product_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        product_name = _parse_product_name(d.pop("product_name"))

        rating = d.pop("rating")

        def _parse_text(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        text = _parse_text(d.pop("text"))

        status = ReviewReadStatus(d.pop("status"))

        submitted_at = datetime.datetime.fromisoformat(d.pop("submitted_at"))

        def _parse_moderated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                moderated_at_type_0 = datetime.datetime.fromisoformat(data)

                return moderated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        moderated_at = _parse_moderated_at(d.pop("moderated_at"))

        review_read = cls(
            id=id,
            member_id=member_id,
            sku=sku,
            product_name=product_name,
            rating=rating,
            text=text,
            status=status,
            submitted_at=submitted_at,
            moderated_at=moderated_at,
        )

        review_read.additional_properties = d
        return review_read

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
