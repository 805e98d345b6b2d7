from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CodePoolCreate")


@_attrs_define
class CodePoolCreate:
    """
    Attributes:
        name (str):
        low_threshold (int | Unset): Fewer unused codes than this and the pool is low (`is_low`, and one `code_pool.low`
            event). Default: 10.
    """

    name: str
    low_threshold: int | Unset = 10

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        low_threshold = self.low_threshold

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if low_threshold is not UNSET:
            field_dict["low_threshold"] = low_threshold

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        low_threshold = d.pop("low_threshold", UNSET)

        code_pool_create = cls(
            name=name,
            low_threshold=low_threshold,
        )

        return code_pool_create
