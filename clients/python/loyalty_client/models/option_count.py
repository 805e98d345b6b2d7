from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OptionCount")


@_attrs_define
class OptionCount:
    """
    Attributes:
        option (int):
        label (str):
        count (int):
        is_correct (bool | None):
    """

    option: int
    label: str
    count: int
    is_correct: bool | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        option = self.option

        label = self.label

        count = self.count

        is_correct: bool | None
        is_correct = self.is_correct

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "option": option,
                "label": label,
                "count": count,
                "is_correct": is_correct,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        option = d.pop("option")

        label = d.pop("label")

        count = d.pop("count")

        def _parse_is_correct(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        is_correct = _parse_is_correct(d.pop("is_correct"))

        option_count = cls(
            option=option,
            label=label,
            count=count,
            is_correct=is_correct,
        )

        option_count.additional_properties = d
        return option_count

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
