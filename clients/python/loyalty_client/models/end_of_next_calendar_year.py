from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="EndOfNextCalendarYear")


@_attrs_define
class EndOfNextCalendarYear:
    """
    Attributes:
        kind (Literal['end_of_next_calendar_year'] | Unset):  Default: 'end_of_next_calendar_year'.
    """

    kind: Literal["end_of_next_calendar_year"] | Unset = "end_of_next_calendar_year"

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if kind is not UNSET:
            field_dict["kind"] = kind

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["end_of_next_calendar_year"] | Unset, d.pop("kind", UNSET))
        if kind != "end_of_next_calendar_year" and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'end_of_next_calendar_year', got '{kind}'")

        end_of_next_calendar_year = cls(
            kind=kind,
        )

        return end_of_next_calendar_year
