from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PublicReviewRead")


@_attrs_define
class PublicReviewRead:
    """An approved review as a shop shows it: the author by first name only.

    Attributes:
        id (int):
        sku (str):
        rating (int):
        text (None | str):
        author (str):
        submitted_at (datetime.datetime):
    """

    id: int
    sku: str
    rating: int
    text: None | str
    author: str
    submitted_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        sku = self.sku

        rating = self.rating

        text: None | str
        text = self.text

        author = self.author

        submitted_at = self.submitted_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "sku": sku,
                "rating": rating,
                "text": text,
                "author": author,
                "submitted_at": submitted_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        sku = d.pop("sku")

        rating = d.pop("rating")

        def _parse_text(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        text = _parse_text(d.pop("text"))

        author = d.pop("author")

        submitted_at = datetime.datetime.fromisoformat(d.pop("submitted_at"))

        public_review_read = cls(
            id=id,
            sku=sku,
            rating=rating,
            text=text,
            author=author,
            submitted_at=submitted_at,
        )

        public_review_read.additional_properties = d
        return public_review_read

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
