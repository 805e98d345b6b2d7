from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CodeImportRead")


@_attrs_define
class CodeImportRead:
    """
    Attributes:
        pool_id (int):
        imported (int):
        codes_available (int):
        is_low (bool):
    """

    pool_id: int
    imported: int
    codes_available: int
    is_low: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pool_id = self.pool_id

        imported = self.imported

        codes_available = self.codes_available

        is_low = self.is_low

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "pool_id": pool_id,
                "imported": imported,
                "codes_available": codes_available,
                "is_low": is_low,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pool_id = d.pop("pool_id")

        imported = d.pop("imported")

        codes_available = d.pop("codes_available")

        is_low = d.pop("is_low")

        code_import_read = cls(
            pool_id=pool_id,
            imported=imported,
            codes_available=codes_available,
            is_low=is_low,
        )

        code_import_read.additional_properties = d
        return code_import_read

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
