from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="RuleVersionReadMultiplierEffect")


@_attrs_define
class RuleVersionReadMultiplierEffect:
    """Multiplies what the non-multiplier rules of the same unit gave this event ("2" doubles it).

    Attributes:
        kind (Literal['multiplier']):
        factor (float | str):
    """

    kind: Literal["multiplier"]
    factor: float | str

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        factor: float | str
        factor = self.factor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "factor": factor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = cast(Literal["multiplier"], d.pop("kind"))
        if kind != "multiplier":
            raise ValueError(f"kind must match const 'multiplier', got '{kind}'")

        def _parse_factor(data: object) -> float | str:
            return cast(float | str, data)

        factor = _parse_factor(d.pop("factor"))

        rule_version_read_multiplier_effect = cls(
            kind=kind,
            factor=factor,
        )

        return rule_version_read_multiplier_effect
