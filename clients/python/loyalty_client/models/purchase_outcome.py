from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.applied_voucher_outcome import AppliedVoucherOutcome
    from ..models.earned_award import EarnedAward
    from ..models.points_outcome import PointsOutcome
    from ..models.purchase_outcome_balance_type_0 import PurchaseOutcomeBalanceType0
    from ..models.purchase_outcome_earned_by_unit import PurchaseOutcomeEarnedByUnit
    from ..models.purchase_outcome_pending_by_unit import PurchaseOutcomePendingByUnit
    from ..models.referral_outcome import ReferralOutcome
    from ..models.stamp_card_reward import StampCardReward
    from ..models.tier_change_outcome import TierChangeOutcome


T = TypeVar("T", bound="PurchaseOutcome")


@_attrs_define
class PurchaseOutcome:
    """What recording a purchase answers (and a retry replays): the receipt, the vouchers it
    used and everything it earned.

        Attributes:
            purchase_id (int):
            external_id (None | str):
            member_id (int | None):
            total (int): What was paid, after vouchers (gift cards count as payment).
            total_before_vouchers (int):
            currency (str):
            occurred_at (str):
            vouchers (list[AppliedVoucherOutcome]):
            points (PointsOutcome):
            earned_by_unit (PurchaseOutcomeEarnedByUnit):
            pending_by_unit (PurchaseOutcomePendingByUnit):
            awards (list[EarnedAward]):
            balance (None | PurchaseOutcomeBalanceType0): The member's balances after it, per unit; null without a member.
            claimable_until (None | str): Without a member: until when a member may claim it.
            tier_change (None | TierChangeOutcome | Unset):
            referral (None | ReferralOutcome | Unset):
            stamp_card_rewards (list[StampCardReward] | Unset):
    """

    purchase_id: int
    external_id: None | str
    member_id: int | None
    total: int
    total_before_vouchers: int
    currency: str
    occurred_at: str
    vouchers: list[AppliedVoucherOutcome]
    points: PointsOutcome
    earned_by_unit: PurchaseOutcomeEarnedByUnit
    pending_by_unit: PurchaseOutcomePendingByUnit
    awards: list[EarnedAward]
    balance: None | PurchaseOutcomeBalanceType0
    claimable_until: None | str
    tier_change: None | TierChangeOutcome | Unset = UNSET
    referral: None | ReferralOutcome | Unset = UNSET
    stamp_card_rewards: list[StampCardReward] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.purchase_outcome_balance_type_0 import PurchaseOutcomeBalanceType0  # noqa: PLC0415
        from ..models.referral_outcome import ReferralOutcome  # noqa: PLC0415
        from ..models.tier_change_outcome import TierChangeOutcome  # noqa: PLC0415

        purchase_id = self.purchase_id

        external_id: None | str
        external_id = self.external_id

        member_id: int | None
        member_id = self.member_id

        total = self.total

        total_before_vouchers = self.total_before_vouchers

        currency = self.currency

        occurred_at = self.occurred_at

        vouchers = []
        for vouchers_item_data in self.vouchers:
            vouchers_item = vouchers_item_data.to_dict()
            vouchers.append(vouchers_item)

        points = self.points.to_dict()

        earned_by_unit = self.earned_by_unit.to_dict()

        pending_by_unit = self.pending_by_unit.to_dict()

        awards = []
        for awards_item_data in self.awards:
            awards_item = awards_item_data.to_dict()
            awards.append(awards_item)

        balance: dict[str, Any] | None
        if isinstance(self.balance, PurchaseOutcomeBalanceType0):
            balance = self.balance.to_dict()
        else:
            balance = self.balance

        claimable_until: None | str
        claimable_until = self.claimable_until

        tier_change: dict[str, Any] | None | Unset
        if isinstance(self.tier_change, Unset):
            tier_change = UNSET
        elif isinstance(self.tier_change, TierChangeOutcome):
            tier_change = self.tier_change.to_dict()
        else:
            tier_change = self.tier_change

        referral: dict[str, Any] | None | Unset
        if isinstance(self.referral, Unset):
            referral = UNSET
        elif isinstance(self.referral, ReferralOutcome):
            referral = self.referral.to_dict()
        else:
            referral = self.referral

        stamp_card_rewards: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.stamp_card_rewards, Unset):
            stamp_card_rewards = []
            for stamp_card_rewards_item_data in self.stamp_card_rewards:
                stamp_card_rewards_item = stamp_card_rewards_item_data.to_dict()
                stamp_card_rewards.append(stamp_card_rewards_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "purchase_id": purchase_id,
                "external_id": external_id,
                "member_id": member_id,
                "total": total,
                "total_before_vouchers": total_before_vouchers,
                "currency": currency,
                "occurred_at": occurred_at,
                "vouchers": vouchers,
                "points": points,
                "earned_by_unit": earned_by_unit,
                "pending_by_unit": pending_by_unit,
                "awards": awards,
                "balance": balance,
                "claimable_until": claimable_until,
            }
        )
        if tier_change is not UNSET:
            field_dict["tier_change"] = tier_change
        if referral is not UNSET:
            field_dict["referral"] = referral
        if stamp_card_rewards is not UNSET:
            field_dict["stamp_card_rewards"] = stamp_card_rewards

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.applied_voucher_outcome import AppliedVoucherOutcome  # noqa: PLC0415
        from ..models.earned_award import EarnedAward  # noqa: PLC0415
        from ..models.points_outcome import PointsOutcome  # noqa: PLC0415
        from ..models.purchase_outcome_balance_type_0 import PurchaseOutcomeBalanceType0  # noqa: PLC0415
        from ..models.purchase_outcome_earned_by_unit import PurchaseOutcomeEarnedByUnit  # noqa: PLC0415
        from ..models.purchase_outcome_pending_by_unit import PurchaseOutcomePendingByUnit  # noqa: PLC0415
        from ..models.referral_outcome import ReferralOutcome  # noqa: PLC0415
        from ..models.stamp_card_reward import StampCardReward  # noqa: PLC0415
        from ..models.tier_change_outcome import TierChangeOutcome  # noqa: PLC0415

        d = dict(src_dict)
        purchase_id = d.pop("purchase_id")

        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("external_id"))

        def _parse_member_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        member_id = _parse_member_id(d.pop("member_id"))

        total = d.pop("total")

        total_before_vouchers = d.pop("total_before_vouchers")

        currency = d.pop("currency")

        occurred_at = d.pop("occurred_at")

        vouchers = []
        _vouchers = d.pop("vouchers")
        for vouchers_item_data in _vouchers:
            vouchers_item = AppliedVoucherOutcome.from_dict(vouchers_item_data)

            vouchers.append(vouchers_item)

        points = PointsOutcome.from_dict(d.pop("points"))

        earned_by_unit = PurchaseOutcomeEarnedByUnit.from_dict(d.pop("earned_by_unit"))

        pending_by_unit = PurchaseOutcomePendingByUnit.from_dict(d.pop("pending_by_unit"))

        awards = []
        _awards = d.pop("awards")
        for awards_item_data in _awards:
            awards_item = EarnedAward.from_dict(awards_item_data)

            awards.append(awards_item)

        def _parse_balance(data: object) -> None | PurchaseOutcomeBalanceType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                balance_type_0 = PurchaseOutcomeBalanceType0.from_dict(data)

                return balance_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PurchaseOutcomeBalanceType0, data)

        balance = _parse_balance(d.pop("balance"))

        def _parse_claimable_until(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        claimable_until = _parse_claimable_until(d.pop("claimable_until"))

        def _parse_tier_change(data: object) -> None | TierChangeOutcome | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tier_change_type_0 = TierChangeOutcome.from_dict(data)

                return tier_change_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TierChangeOutcome | Unset, data)

        tier_change = _parse_tier_change(d.pop("tier_change", UNSET))

        def _parse_referral(data: object) -> None | ReferralOutcome | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                referral_type_0 = ReferralOutcome.from_dict(data)

                return referral_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReferralOutcome | Unset, data)

        referral = _parse_referral(d.pop("referral", UNSET))

        _stamp_card_rewards = d.pop("stamp_card_rewards", UNSET)
        stamp_card_rewards: list[StampCardReward] | Unset = UNSET
        if _stamp_card_rewards is not UNSET:
            stamp_card_rewards = []
            for stamp_card_rewards_item_data in _stamp_card_rewards:
                stamp_card_rewards_item = StampCardReward.from_dict(stamp_card_rewards_item_data)

                stamp_card_rewards.append(stamp_card_rewards_item)

        purchase_outcome = cls(
            purchase_id=purchase_id,
            external_id=external_id,
            member_id=member_id,
            total=total,
            total_before_vouchers=total_before_vouchers,
            currency=currency,
            occurred_at=occurred_at,
            vouchers=vouchers,
            points=points,
            earned_by_unit=earned_by_unit,
            pending_by_unit=pending_by_unit,
            awards=awards,
            balance=balance,
            claimable_until=claimable_until,
            tier_change=tier_change,
            referral=referral,
            stamp_card_rewards=stamp_card_rewards,
        )

        purchase_outcome.additional_properties = d
        return purchase_outcome

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
