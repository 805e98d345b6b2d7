from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="RollingWindow")


@_attrs_define
class RollingWindow:
    """
    Attributes:
        kind (Literal['rolling']):
        days (int): The last N days, up to now.
    """

    kind: Literal["rolling"]
    days: int

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        days = self.days

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "days": days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["rolling"], d.pop("kind"))
        if kind != "rolling":
            raise ValueError(f"kind must match const 'rolling', got '{kind}'")

        days = d.pop("days")

        rolling_window = cls(
            kind=kind,
            days=days,
        )

        return rolling_window
