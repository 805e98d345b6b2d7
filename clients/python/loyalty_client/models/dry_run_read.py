from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.dry_run_read_totals import DryRunReadTotals
    from ..models.dry_run_rule_read import DryRunRuleRead


T = TypeVar("T", bound="DryRunRead")


@_attrs_define
class DryRunRead:
    """
    Attributes:
        rules (list[DryRunRuleRead]):
        totals (DryRunReadTotals): Awarded per unit.
    """

    rules: list[DryRunRuleRead]
    totals: DryRunReadTotals
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)

        totals = self.totals.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rules": rules,
                "totals": totals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dry_run_read_totals import DryRunReadTotals  # noqa: PLC0415
        from ..models.dry_run_rule_read import DryRunRuleRead  # noqa: PLC0415

        d = dict(src_dict)
        rules = []
        _rules = d.pop("rules")
        for rules_item_data in _rules:
            rules_item = DryRunRuleRead.from_dict(rules_item_data)

            rules.append(rules_item)

        totals = DryRunReadTotals.from_dict(d.pop("totals"))

        dry_run_read = cls(
            rules=rules,
            totals=totals,
        )

        dry_run_read.additional_properties = d
        return dry_run_read

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
