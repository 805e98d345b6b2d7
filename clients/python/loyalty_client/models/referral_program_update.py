from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.qualifying_purchase import QualifyingPurchase
    from ..models.referral_cap import ReferralCap
    from ..models.reward_spec import RewardSpec


T = TypeVar("T", bound="ReferralProgramUpdate")


@_attrs_define
class ReferralProgramUpdate:
    """The whole referral programme; PUT replaces it.

    Attributes:
        active (bool):
        qualifying_purchase (QualifyingPurchase):
        referrer_reward (RewardSpec):
        referee_reward (RewardSpec):
        cap (None | ReferralCap | Unset): Null: no cap.
        signup_url (None | str | Unset): Where the referral link sends people; `referral_code` is added to its query.
            Null: the link answers with JSON.
    """

    active: bool
    qualifying_purchase: QualifyingPurchase
    referrer_reward: RewardSpec
    referee_reward: RewardSpec
    cap: None | ReferralCap | Unset = UNSET
    signup_url: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.referral_cap import ReferralCap  # noqa: PLC0415

        active = self.active

        qualifying_purchase = self.qualifying_purchase.to_dict()

        referrer_reward = self.referrer_reward.to_dict()

        referee_reward = self.referee_reward.to_dict()

        cap: dict[str, Any] | None | Unset
        if isinstance(self.cap, Unset):
            cap = UNSET
        elif isinstance(self.cap, ReferralCap):
            cap = self.cap.to_dict()
        else:
            cap = self.cap

        signup_url: None | str | Unset
        if isinstance(self.signup_url, Unset):
            signup_url = UNSET
        else:
            signup_url = self.signup_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "active": active,
                "qualifying_purchase": qualifying_purchase,
                "referrer_reward": referrer_reward,
                "referee_reward": referee_reward,
            }
        )
        if cap is not UNSET:
            field_dict["cap"] = cap
        if signup_url is not UNSET:
            field_dict["signup_url"] = signup_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.qualifying_purchase import QualifyingPurchase  # noqa: PLC0415
        from ..models.referral_cap import ReferralCap  # noqa: PLC0415
        from ..models.reward_spec import RewardSpec  # noqa: PLC0415

        d = dict(src_dict)
        active = d.pop("active")

        qualifying_purchase = QualifyingPurchase.from_dict(d.pop("qualifying_purchase"))

        referrer_reward = RewardSpec.from_dict(d.pop("referrer_reward"))

        referee_reward = RewardSpec.from_dict(d.pop("referee_reward"))

        def _parse_cap(data: object) -> None | ReferralCap | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cap_type_0 = ReferralCap.from_dict(data)

                return cap_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReferralCap | Unset, data)

        cap = _parse_cap(d.pop("cap", UNSET))

        def _parse_signup_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        signup_url = _parse_signup_url(d.pop("signup_url", UNSET))

        referral_program_update = cls(
            active=active,
            qualifying_purchase=qualifying_purchase,
            referrer_reward=referrer_reward,
            referee_reward=referee_reward,
            cap=cap,
            signup_url=signup_url,
        )

        return referral_program_update
