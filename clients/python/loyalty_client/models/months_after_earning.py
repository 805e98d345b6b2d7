from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MonthsAfterEarning")


@_attrs_define
class MonthsAfterEarning:
    """
    Attributes:
        months (int):
        kind (Literal['months_after_earning'] | Unset):  Default: 'months_after_earning'.
    """

    months: int
    kind: Literal["months_after_earning"] | Unset = "months_after_earning"

    def to_dict(self) -> dict[str, Any]:
        months = self.months

        kind = self.kind

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "months": months,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        months = d.pop("months")

        kind = cast(Literal["months_after_earning"] | Unset, d.pop("kind", UNSET))
        if kind != "months_after_earning" and not isinstance(kind, Unset):
            raise ValueError(f"kind must match const 'months_after_earning', got '{kind}'")

        months_after_earning = cls(
            months=months,
            kind=kind,
        )

        return months_after_earning
