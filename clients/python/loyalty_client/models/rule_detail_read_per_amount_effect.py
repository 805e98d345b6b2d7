from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.rule_detail_read_per_amount_effect_scope import RuleDetailReadPerAmountEffectScope
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rule_detail_read_per_amount_effect_line_condition_type_0 import (
        RuleDetailReadPerAmountEffectLineConditionType0,
    )


T = TypeVar("T", bound="RuleDetailReadPerAmountEffect")


@_attrs_define
class RuleDetailReadPerAmountEffect:
    """`points` for every whole `per_minor` spent (1 point per 1.00 EUR: points 1, per_minor 100).

    Attributes:
        kind (Literal['per_amount']):
        points (int):
        per_minor (int):
        scope (RuleDetailReadPerAmountEffectScope | Unset):  Default: RuleDetailReadPerAmountEffectScope.RECEIPT.
        line_condition (None | RuleDetailReadPerAmountEffectLineConditionType0 | Unset):
    """

    kind: Literal["per_amount"]
    points: int
    per_minor: int
    scope: RuleDetailReadPerAmountEffectScope | Unset = RuleDetailReadPerAmountEffectScope.RECEIPT
    line_condition: None | RuleDetailReadPerAmountEffectLineConditionType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.rule_detail_read_per_amount_effect_line_condition_type_0 import (
            RuleDetailReadPerAmountEffectLineConditionType0,  # noqa: PLC0415
        )

        kind = self.kind

        points = self.points

        per_minor = self.per_minor

        scope: str | Unset = UNSET
        if not isinstance(self.scope, Unset):
            scope = self.scope.value

        line_condition: dict[str, Any] | None | Unset
        if isinstance(self.line_condition, Unset):
            line_condition = UNSET
        elif isinstance(self.line_condition, RuleDetailReadPerAmountEffectLineConditionType0):
            line_condition = self.line_condition.to_dict()
        else:
            line_condition = self.line_condition

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "points": points,
                "per_minor": per_minor,
            }
        )
        if scope is not UNSET:
            field_dict["scope"] = scope
        if line_condition is not UNSET:
            field_dict["line_condition"] = line_condition

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_detail_read_per_amount_effect_line_condition_type_0 import (
            RuleDetailReadPerAmountEffectLineConditionType0,  # noqa: PLC0415
        )

        d = dict(src_dict)
        kind = cast(Literal["per_amount"], d.pop("kind"))
        if kind != "per_amount":
            raise ValueError(f"kind must match const 'per_amount', got '{kind}'")

        points = d.pop("points")

        per_minor = d.pop("per_minor")

        _scope = d.pop("scope", UNSET)
        scope: RuleDetailReadPerAmountEffectScope | Unset
        if isinstance(_scope, Unset):
            scope = UNSET
        else:
            scope = RuleDetailReadPerAmountEffectScope(_scope)

        def _parse_line_condition(data: object) -> None | RuleDetailReadPerAmountEffectLineConditionType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                line_condition_type_0 = RuleDetailReadPerAmountEffectLineConditionType0.from_dict(data)

                return line_condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RuleDetailReadPerAmountEffectLineConditionType0 | Unset, data)

        line_condition = _parse_line_condition(d.pop("line_condition", UNSET))

        rule_detail_read_per_amount_effect = cls(
            kind=kind,
            points=points,
            per_minor=per_minor,
            scope=scope,
            line_condition=line_condition,
        )

        return rule_detail_read_per_amount_effect
