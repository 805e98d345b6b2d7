from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.rule_version_read_percent_effect_scope import RuleVersionReadPercentEffectScope
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rule_version_read_percent_effect_line_condition_type_0 import (
        RuleVersionReadPercentEffectLineConditionType0,
    )


T = TypeVar("T", bound="RuleVersionReadPercentEffect")


@_attrs_define
class RuleVersionReadPercentEffect:
    """A percentage of the amount: in the unit's minor units for cashback, or the points worth it.

    Attributes:
        kind (Literal['percent']):
        percent (float | str):
        scope (RuleVersionReadPercentEffectScope | Unset):  Default: RuleVersionReadPercentEffectScope.RECEIPT.
        line_condition (None | RuleVersionReadPercentEffectLineConditionType0 | Unset):
    """

    kind: Literal["percent"]
    percent: float | str
    scope: RuleVersionReadPercentEffectScope | Unset = RuleVersionReadPercentEffectScope.RECEIPT
    line_condition: None | RuleVersionReadPercentEffectLineConditionType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.rule_version_read_percent_effect_line_condition_type_0 import (
            RuleVersionReadPercentEffectLineConditionType0,  # noqa: PLC0415
        )

        kind = self.kind

        percent: float | str
        percent = self.percent

        scope: str | Unset = UNSET
        if not isinstance(self.scope, Unset):
            scope = self.scope.value

        line_condition: dict[str, Any] | None | Unset
        if isinstance(self.line_condition, Unset):
            line_condition = UNSET
        elif isinstance(self.line_condition, RuleVersionReadPercentEffectLineConditionType0):
            line_condition = self.line_condition.to_dict()
        else:
            line_condition = self.line_condition

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "percent": percent,
            }
        )
        if scope is not UNSET:
            field_dict["scope"] = scope
        if line_condition is not UNSET:
            field_dict["line_condition"] = line_condition

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rule_version_read_percent_effect_line_condition_type_0 import (
            RuleVersionReadPercentEffectLineConditionType0,  # noqa: PLC0415
        )

        d = dict(src_dict)
        kind = cast(Literal["percent"], d.pop("kind"))
        if kind != "percent":
            raise ValueError(f"kind must match const 'percent', got '{kind}'")

        def _parse_percent(data: object) -> float | str:
            return cast(float | str, data)

        percent = _parse_percent(d.pop("percent"))

        _scope = d.pop("scope", UNSET)
        scope: RuleVersionReadPercentEffectScope | Unset
        if isinstance(_scope, Unset):
            scope = UNSET
        else:
            scope = RuleVersionReadPercentEffectScope(_scope)

        def _parse_line_condition(data: object) -> None | RuleVersionReadPercentEffectLineConditionType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                line_condition_type_0 = RuleVersionReadPercentEffectLineConditionType0.from_dict(data)

                return line_condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RuleVersionReadPercentEffectLineConditionType0 | Unset, data)

        line_condition = _parse_line_condition(d.pop("line_condition", UNSET))

        rule_version_read_percent_effect = cls(
            kind=kind,
            percent=percent,
            scope=scope,
            line_condition=line_condition,
        )

        return rule_version_read_percent_effect
