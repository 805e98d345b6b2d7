from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.referral_outcome import ReferralOutcome
    from ..models.refund_outcome_balance_type_0 import RefundOutcomeBalanceType0
    from ..models.refund_outcome_reversed_by_unit import RefundOutcomeReversedByUnit
    from ..models.rolled_back_voucher import RolledBackVoucher
    from ..models.tier_change_outcome import TierChangeOutcome


T = TypeVar("T", bound="RefundOutcome")


@_attrs_define
class RefundOutcome:
    """
    Attributes:
        refund_id (int):
        purchase_id (int):
        external_id (None | str):
        amount (int): Minor units refunded now.
        currency (str):
        purchase_refunded_total (int):
        points_reversed (int):
        reversed_by_unit (RefundOutcomeReversedByUnit):
        balance (None | RefundOutcomeBalanceType0):
        tier_change (None | TierChangeOutcome):
        referral (None | ReferralOutcome):
        vouchers_rolled_back (list[RolledBackVoucher]):
    """

    refund_id: int
    purchase_id: int
    external_id: None | str
    amount: int
    currency: str
    purchase_refunded_total: int
    points_reversed: int
    reversed_by_unit: RefundOutcomeReversedByUnit
    balance: None | RefundOutcomeBalanceType0
    tier_change: None | TierChangeOutcome
    referral: None | ReferralOutcome
    vouchers_rolled_back: list[RolledBackVoucher]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.referral_outcome import ReferralOutcome  # noqa: PLC0415
        from ..models.refund_outcome_balance_type_0 import RefundOutcomeBalanceType0  # noqa: PLC0415
        from ..models.tier_change_outcome import TierChangeOutcome  # noqa: PLC0415

        refund_id = self.refund_id

        purchase_id = self.purchase_id

        external_id: None | str
        external_id = self.external_id

        amount = self.amount

        currency = self.currency

        purchase_refunded_total = self.purchase_refunded_total

        points_reversed = self.points_reversed

        reversed_by_unit = self.reversed_by_unit.to_dict()

        balance: dict[str, Any] | None
        if isinstance(self.balance, RefundOutcomeBalanceType0):
            balance = self.balance.to_dict()
        else:
            balance = self.balance

        tier_change: dict[str, Any] | None
        if isinstance(self.tier_change, TierChangeOutcome):
            tier_change = self.tier_change.to_dict()
        else:
            tier_change = self.tier_change

        referral: dict[str, Any] | None
        if isinstance(self.referral, ReferralOutcome):
            referral = self.referral.to_dict()
        else:
            referral = self.referral

        vouchers_rolled_back = []
        for vouchers_rolled_back_item_data in self.vouchers_rolled_back:
            vouchers_rolled_back_item = vouchers_rolled_back_item_data.to_dict()
            vouchers_rolled_back.append(vouchers_rolled_back_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "refund_id": refund_id,
                "purchase_id": purchase_id,
                "external_id": external_id,
                "amount": amount,
                "currency": currency,
                "purchase_refunded_total": purchase_refunded_total,
                "points_reversed": points_reversed,
                "reversed_by_unit": reversed_by_unit,
                "balance": balance,
                "tier_change": tier_change,
                "referral": referral,
                "vouchers_rolled_back": vouchers_rolled_back,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.referral_outcome import ReferralOutcome  # noqa: PLC0415
        from ..models.refund_outcome_balance_type_0 import RefundOutcomeBalanceType0  # noqa: PLC0415
        from ..models.refund_outcome_reversed_by_unit import RefundOutcomeReversedByUnit  # noqa: PLC0415
        from ..models.rolled_back_voucher import RolledBackVoucher  # noqa: PLC0415
        from ..models.tier_change_outcome import TierChangeOutcome  # noqa: PLC0415

        d = dict(src_dict)
        refund_id = d.pop("refund_id")

        purchase_id = d.pop("purchase_id")

        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("external_id"))

        amount = d.pop("amount")

        currency = d.pop("currency")

        purchase_refunded_total = d.pop("purchase_refunded_total")

        points_reversed = d.pop("points_reversed")

        reversed_by_unit = RefundOutcomeReversedByUnit.from_dict(d.pop("reversed_by_unit"))

        def _parse_balance(data: object) -> None | RefundOutcomeBalanceType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                balance_type_0 = RefundOutcomeBalanceType0.from_dict(data)

                return balance_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RefundOutcomeBalanceType0, data)

        balance = _parse_balance(d.pop("balance"))

        def _parse_tier_change(data: object) -> None | TierChangeOutcome:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tier_change_type_0 = TierChangeOutcome.from_dict(data)

                return tier_change_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TierChangeOutcome, data)

        tier_change = _parse_tier_change(d.pop("tier_change"))

        def _parse_referral(data: object) -> None | ReferralOutcome:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                referral_type_0 = ReferralOutcome.from_dict(data)

                return referral_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReferralOutcome, data)

        referral = _parse_referral(d.pop("referral"))

        vouchers_rolled_back = []
        _vouchers_rolled_back = d.pop("vouchers_rolled_back")
        for vouchers_rolled_back_item_data in _vouchers_rolled_back:
            vouchers_rolled_back_item = RolledBackVoucher.from_dict(vouchers_rolled_back_item_data)

            vouchers_rolled_back.append(vouchers_rolled_back_item)

        refund_outcome = cls(
            refund_id=refund_id,
            purchase_id=purchase_id,
            external_id=external_id,
            amount=amount,
            currency=currency,
            purchase_refunded_total=purchase_refunded_total,
            points_reversed=points_reversed,
            reversed_by_unit=reversed_by_unit,
            balance=balance,
            tier_change=tier_change,
            referral=referral,
            vouchers_rolled_back=vouchers_rolled_back,
        )

        refund_outcome.additional_properties = d
        return refund_outcome

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
