from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.count_request_condition import CountRequestCondition


T = TypeVar("T", bound="CountRequest")


@_attrs_define
class CountRequest:
    """
    Attributes:
        condition (CountRequestCondition): A condition tree as for earning rules: {"all": [...]}, {"any": [...]},
            {"not": {...}}, {"any_line": {...}}, {"all_lines": {...}} or {"field": "purchase.total", "op": "gte", "value":
            5000}. See docs/vouchers.md for the fields.
    """

    condition: CountRequestCondition

    def to_dict(self) -> dict[str, Any]:
        condition = self.condition.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "condition": condition,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.count_request_condition import CountRequestCondition  # noqa: PLC0415

        d = dict(src_dict)
        condition = CountRequestCondition.from_dict(d.pop("condition"))

        count_request = cls(
            condition=condition,
        )

        return count_request
