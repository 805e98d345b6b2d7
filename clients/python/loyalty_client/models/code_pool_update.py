from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CodePoolUpdate")


@_attrs_define
class CodePoolUpdate:
    """
    Attributes:
        name (None | str | Unset):
        low_threshold (int | None | Unset):
    """

    name: None | str | Unset = UNSET
    low_threshold: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        low_threshold: int | None | Unset
        if isinstance(self.low_threshold, Unset):
            low_threshold = UNSET
        else:
            low_threshold = self.low_threshold

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if low_threshold is not UNSET:
            field_dict["low_threshold"] = low_threshold

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_low_threshold(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        low_threshold = _parse_low_threshold(d.pop("low_threshold", UNSET))

        code_pool_update = cls(
            name=name,
            low_threshold=low_threshold,
        )

        return code_pool_update
