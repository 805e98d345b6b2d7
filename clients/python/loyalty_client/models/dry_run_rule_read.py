from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.line_points import LinePoints


T = TypeVar("T", bound="DryRunRuleRead")


@_attrs_define
class DryRunRuleRead:
    """
    Attributes:
        rule_id (int):
        rule_version (int):
        name (str):
        unit (str):
        matched (bool):
        why (list[str]): The condition trace and how the effect was computed.
        points (int): What the rule computes, before caps.
        awarded (int): What it would give now, after caps.
        capped_by (list[str]): The caps that cut it, and what was left of them.
        lines (list[LinePoints]):
    """

    rule_id: int
    rule_version: int
    name: str
    unit: str
    matched: bool
    why: list[str]
    points: int
    awarded: int
    capped_by: list[str]
    lines: list[LinePoints]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rule_id = self.rule_id

        rule_version = self.rule_version

        name = self.name

        unit = self.unit

        matched = self.matched

        why = self.why

        points = self.points

        awarded = self.awarded

        capped_by = self.capped_by

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rule_id": rule_id,
                "rule_version": rule_version,
                "name": name,
                "unit": unit,
                "matched": matched,
                "why": why,
                "points": points,
                "awarded": awarded,
                "capped_by": capped_by,
                "lines": lines,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.line_points import LinePoints  # noqa: PLC0415

        d = dict(src_dict)
        rule_id = d.pop("rule_id")

        rule_version = d.pop("rule_version")

        name = d.pop("name")

        unit = d.pop("unit")

        matched = d.pop("matched")

        why = cast(list[str], d.pop("why"))

        points = d.pop("points")

        awarded = d.pop("awarded")

        capped_by = cast(list[str], d.pop("capped_by"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = LinePoints.from_dict(lines_item_data)

            lines.append(lines_item)

        dry_run_rule_read = cls(
            rule_id=rule_id,
            rule_version=rule_version,
            name=name,
            unit=unit,
            matched=matched,
            why=why,
            points=points,
            awarded=awarded,
            capped_by=capped_by,
            lines=lines,
        )

        dry_run_rule_read.additional_properties = d
        return dry_run_rule_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
