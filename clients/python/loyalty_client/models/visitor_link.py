from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="VisitorLink")


@_attrs_define
class VisitorLink:
    """
    Attributes:
        visitor_id (str):
    """

    visitor_id: str

    def to_dict(self) -> dict[str, Any]:
        visitor_id = self.visitor_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "visitor_id": visitor_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        visitor_id = d.pop("visitor_id")

        visitor_link = cls(
            visitor_id=visitor_id,
        )

        return visitor_link
