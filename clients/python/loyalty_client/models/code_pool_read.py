from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CodePoolRead")


@_attrs_define
class CodePoolRead:
    """
    Attributes:
        id (int):
        name (str):
        low_threshold (int):
        codes_total (int):
        codes_used (int):
        codes_available (int):
        is_low (bool):
        low_warned_at (datetime.datetime | None):
        created_at (datetime.datetime):
    """

    id: int
    name: str
    low_threshold: int
    codes_total: int
    codes_used: int
    codes_available: int
    is_low: bool
    low_warned_at: datetime.datetime | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        low_threshold = self.low_threshold

        codes_total = self.codes_total

        codes_used = self.codes_used

        codes_available = self.codes_available

        is_low = self.is_low

        low_warned_at: None | str
        if isinstance(self.low_warned_at, datetime.datetime):
            low_warned_at = self.low_warned_at.isoformat()
        else:
            low_warned_at = self.low_warned_at

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "low_threshold": low_threshold,
                "codes_total": codes_total,
                "codes_used": codes_used,
                "codes_available": codes_available,
                "is_low": is_low,
                "low_warned_at": low_warned_at,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        low_threshold = d.pop("low_threshold")

        codes_total = d.pop("codes_total")

        codes_used = d.pop("codes_used")

        codes_available = d.pop("codes_available")

        is_low = d.pop("is_low")

        def _parse_low_warned_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                low_warned_at_type_0 = datetime.datetime.fromisoformat(data)

                return low_warned_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        low_warned_at = _parse_low_warned_at(d.pop("low_warned_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        code_pool_read = cls(
            id=id,
            name=name,
            low_threshold=low_threshold,
            codes_total=codes_total,
            codes_used=codes_used,
            codes_available=codes_available,
            is_low=is_low,
            low_warned_at=low_warned_at,
            created_at=created_at,
        )

        code_pool_read.additional_properties = d
        return code_pool_read

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
