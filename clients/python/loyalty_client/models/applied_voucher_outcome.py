from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.applied_voucher_outcome_kind import AppliedVoucherOutcomeKind

T = TypeVar("T", bound="AppliedVoucherOutcome")


@_attrs_define
class AppliedVoucherOutcome:
    """
    Attributes:
        code (str):
        kind (AppliedVoucherOutcomeKind):
        redemption_id (int):
        discount (int): Minor units it took off (0 for a gift card, which pays instead).
        factor (None | str): A points multiplier's factor, as a decimal string.
        gift_card_paid (int):
        gift_card_balance_after (int | None):
    """

    code: str
    kind: AppliedVoucherOutcomeKind
    redemption_id: int
    discount: int
    factor: None | str
    gift_card_paid: int
    gift_card_balance_after: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        kind = self.kind.value

        redemption_id = self.redemption_id

        discount = self.discount

        factor: None | str
        factor = self.factor

        gift_card_paid = self.gift_card_paid

        gift_card_balance_after: int | None
        gift_card_balance_after = self.gift_card_balance_after

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "kind": kind,
                "redemption_id": redemption_id,
                "discount": discount,
                "factor": factor,
                "gift_card_paid": gift_card_paid,
                "gift_card_balance_after": gift_card_balance_after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        kind = AppliedVoucherOutcomeKind(d.pop("kind"))

        redemption_id = d.pop("redemption_id")

        discount = d.pop("discount")

        def _parse_factor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        factor = _parse_factor(d.pop("factor"))

        gift_card_paid = d.pop("gift_card_paid")

        def _parse_gift_card_balance_after(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        gift_card_balance_after = _parse_gift_card_balance_after(d.pop("gift_card_balance_after"))

        applied_voucher_outcome = cls(
            code=code,
            kind=kind,
            redemption_id=redemption_id,
            discount=discount,
            factor=factor,
            gift_card_paid=gift_card_paid,
            gift_card_balance_after=gift_card_balance_after,
        )

        applied_voucher_outcome.additional_properties = d
        return applied_voucher_outcome

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
