from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.campaign_budget_read_kind import CampaignBudgetReadKind

T = TypeVar("T", bound="CampaignBudgetRead")


@_attrs_define
class CampaignBudgetRead:
    """
    Attributes:
        kind (CampaignBudgetReadKind):
        amount (int):
        spent (int):
        exhausted_at (datetime.datetime | None): When a member was first refused for want of budget.
    """

    kind: CampaignBudgetReadKind
    amount: int
    spent: int
    exhausted_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        amount = self.amount

        spent = self.spent

        exhausted_at: None | str
        if isinstance(self.exhausted_at, datetime.datetime):
            exhausted_at = self.exhausted_at.isoformat()
        else:
            exhausted_at = self.exhausted_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "amount": amount,
                "spent": spent,
                "exhausted_at": exhausted_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = CampaignBudgetReadKind(d.pop("kind"))

        amount = d.pop("amount")

        spent = d.pop("spent")

        def _parse_exhausted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                exhausted_at_type_0 = datetime.datetime.fromisoformat(data)

                return exhausted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        exhausted_at = _parse_exhausted_at(d.pop("exhausted_at"))

        campaign_budget_read = cls(
            kind=kind,
            amount=amount,
            spent=spent,
            exhausted_at=exhausted_at,
        )

        campaign_budget_read.additional_properties = d
        return campaign_budget_read

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
