from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LinePoints")


@_attrs_define
class LinePoints:
    """
    Attributes:
        line_no (int | None): The receipt line (1-based); null for the receipt as a whole.
        points (int):
    """

    line_no: int | None
    points: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        line_no: int | None
        line_no = self.line_no

        points = self.points

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "line_no": line_no,
                "points": points,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_line_no(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        line_no = _parse_line_no(d.pop("line_no"))

        points = d.pop("points")

        line_points = cls(
            line_no=line_no,
            points=points,
        )

        line_points.additional_properties = d
        return line_points

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
