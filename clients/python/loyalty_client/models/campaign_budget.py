from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.campaign_budget_kind import CampaignBudgetKind

T = TypeVar("T", bound="CampaignBudget")


@_attrs_define
class CampaignBudget:
    """The most the campaign may give: counted in points (a points offer) or money (minor units).

    Attributes:
        kind (CampaignBudgetKind):
        amount (int):
    """

    kind: CampaignBudgetKind
    amount: int

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        amount = self.amount

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "amount": amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = CampaignBudgetKind(d.pop("kind"))

        amount = d.pop("amount")

        campaign_budget = cls(
            kind=kind,
            amount=amount,
        )

        return campaign_budget
