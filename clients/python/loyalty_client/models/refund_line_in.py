from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RefundLineIn")


@_attrs_define
class RefundLineIn:
    """
    Attributes:
        line_no (int):
        quantity (int | None | Unset): Units to refund; the rest of the line if omitted.
    """

    line_no: int
    quantity: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        line_no = self.line_no

        quantity: int | None | Unset
        if isinstance(self.quantity, Unset):
            quantity = UNSET
        else:
            quantity = self.quantity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "line_no": line_no,
            }
        )
        if quantity is not UNSET:
            field_dict["quantity"] = quantity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        line_no = d.pop("line_no")

        def _parse_quantity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        quantity = _parse_quantity(d.pop("quantity", UNSET))

        refund_line_in = cls(
            line_no=line_no,
            quantity=quantity,
        )

        return refund_line_in
