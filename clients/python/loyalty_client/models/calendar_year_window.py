from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="CalendarYearWindow")


@_attrs_define
class CalendarYearWindow:
    """
    Attributes:
        kind (Literal['calendar_year']):
    """

    kind: Literal["calendar_year"]

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["calendar_year"], d.pop("kind"))
        if kind != "calendar_year":
            raise ValueError(f"kind must match const 'calendar_year', got '{kind}'")

        calendar_year_window = cls(
            kind=kind,
        )

        return calendar_year_window
