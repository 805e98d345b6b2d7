from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="RuleDetailReadFixedEffect")


@_attrs_define
class RuleDetailReadFixedEffect:
    """A fixed number of points.

    Attributes:
        kind (Literal['fixed']):
        points (int):
    """

    kind: Literal["fixed"]
    points: int

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        points = self.points

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "points": points,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["fixed"], d.pop("kind"))
        if kind != "fixed":
            raise ValueError(f"kind must match const 'fixed', got '{kind}'")

        points = d.pop("points")

        rule_detail_read_fixed_effect = cls(
            kind=kind,
            points=points,
        )

        return rule_detail_read_fixed_effect
