from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.earned_award_source import EarnedAwardSource

T = TypeVar("T", bound="EarnedAward")


@_attrs_define
class EarnedAward:
    """
    Attributes:
        rule_id (int | None): The earning rule; null for a tier's or a voucher's bonus.
        rule_version (int | None):
        rule_name (str):
        source (EarnedAwardSource):
        unit (str):
        points (int):
    """

    rule_id: int | None
    rule_version: int | None
    rule_name: str
    source: EarnedAwardSource
    unit: str
    points: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rule_id: int | None
        rule_id = self.rule_id

        rule_version: int | None
        rule_version = self.rule_version

        rule_name = self.rule_name

        source = self.source.value

        unit = self.unit

        points = self.points

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rule_id": rule_id,
                "rule_version": rule_version,
                "rule_name": rule_name,
                "source": source,
                "unit": unit,
                "points": points,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_rule_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rule_id = _parse_rule_id(d.pop("rule_id"))

        def _parse_rule_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rule_version = _parse_rule_version(d.pop("rule_version"))

        rule_name = d.pop("rule_name")

        source = EarnedAwardSource(d.pop("source"))

        unit = d.pop("unit")

        points = d.pop("points")

        earned_award = cls(
            rule_id=rule_id,
            rule_version=rule_version,
            rule_name=rule_name,
            source=source,
            unit=unit,
            points=points,
        )

        earned_award.additional_properties = d
        return earned_award

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
