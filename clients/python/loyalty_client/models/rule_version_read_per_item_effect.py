from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rule_version_read_per_item_effect_line_condition_type_0 import (
        RuleVersionReadPerItemEffectLineConditionType0,
    )


T = TypeVar("T", bound="RuleVersionReadPerItemEffect")


@_attrs_define
class RuleVersionReadPerItemEffect:
    """`points` per unit bought on the matching lines (a stamp per coffee).

    Attributes:
        kind (Literal['per_item']):
        points (int):
        line_condition (None | RuleVersionReadPerItemEffectLineConditionType0 | Unset):
    """

    kind: Literal["per_item"]
    points: int
    line_condition: None | RuleVersionReadPerItemEffectLineConditionType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.rule_version_read_per_item_effect_line_condition_type_0 import (
            RuleVersionReadPerItemEffectLineConditionType0,  # noqa: PLC0415
        )

        kind = self.kind

        points = self.points

        line_condition: dict[str, Any] | None | Unset
        if isinstance(self.line_condition, Unset):
            line_condition = UNSET
        elif isinstance(self.line_condition, RuleVersionReadPerItemEffectLineConditionType0):
            line_condition = self.line_condition.to_dict()
        else:
            line_condition = self.line_condition

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "points": points,
            }
        )
        if line_condition is not UNSET:
            field_dict["line_condition"] = line_condition

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_version_read_per_item_effect_line_condition_type_0 import (
            RuleVersionReadPerItemEffectLineConditionType0,  # noqa: PLC0415
        )

        d = dict(src_dict)
        kind = cast(Literal["per_item"], d.pop("kind"))
        if kind != "per_item":
            raise ValueError(f"kind must match const 'per_item', got '{kind}'")

        points = d.pop("points")

        def _parse_line_condition(data: object) -> None | RuleVersionReadPerItemEffectLineConditionType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                line_condition_type_0 = RuleVersionReadPerItemEffectLineConditionType0.from_dict(data)

                return line_condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RuleVersionReadPerItemEffectLineConditionType0 | Unset, data)

        line_condition = _parse_line_condition(d.pop("line_condition", UNSET))

        rule_version_read_per_item_effect = cls(
            kind=kind,
            points=points,
            line_condition=line_condition,
        )

        return rule_version_read_per_item_effect
