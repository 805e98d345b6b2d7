from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.qualifying_purchase import QualifyingPurchase
    from ..models.referral_cap import ReferralCap
    from ..models.reward_spec import RewardSpec


T = TypeVar("T", bound="ReferralProgramRead")


@_attrs_define
class ReferralProgramRead:
    """
    Attributes:
        active (bool):
        configured (bool): False until the programme is first saved; the values are then defaults.
        qualifying_purchase (QualifyingPurchase):
        referrer_reward (RewardSpec):
        referee_reward (RewardSpec):
        cap (None | ReferralCap):
        signup_url (None | str):
        currency (str):
        updated_at (datetime.datetime | None):
        updated_by (None | str):
    """

    active: bool
    configured: bool
    qualifying_purchase: QualifyingPurchase
    referrer_reward: RewardSpec
    referee_reward: RewardSpec
    cap: None | ReferralCap
    signup_url: None | str
    currency: str
    updated_at: datetime.datetime | None
    updated_by: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.referral_cap import ReferralCap  # noqa: PLC0415

        active = self.active

        configured = self.configured

        qualifying_purchase = self.qualifying_purchase.to_dict()

        referrer_reward = self.referrer_reward.to_dict()

        referee_reward = self.referee_reward.to_dict()

        cap: dict[str, Any] | None
        if isinstance(self.cap, ReferralCap):
            cap = self.cap.to_dict()
        else:
            cap = self.cap

        signup_url: None | str
        signup_url = self.signup_url

        currency = self.currency

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        updated_by: None | str
        updated_by = self.updated_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "configured": configured,
                "qualifying_purchase": qualifying_purchase,
                "referrer_reward": referrer_reward,
                "referee_reward": referee_reward,
                "cap": cap,
                "signup_url": signup_url,
                "currency": currency,
                "updated_at": updated_at,
                "updated_by": updated_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.qualifying_purchase import QualifyingPurchase  # noqa: PLC0415
        from ..models.referral_cap import ReferralCap  # noqa: PLC0415
        from ..models.reward_spec import RewardSpec  # noqa: PLC0415

        d = dict(src_dict)
        active = d.pop("active")

        configured = d.pop("configured")

        qualifying_purchase = QualifyingPurchase.from_dict(d.pop("qualifying_purchase"))

        referrer_reward = RewardSpec.from_dict(d.pop("referrer_reward"))

        referee_reward = RewardSpec.from_dict(d.pop("referee_reward"))

        def _parse_cap(data: object) -> None | ReferralCap:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                cap_type_0 = ReferralCap.from_dict(data)

                return cap_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReferralCap, data)

        cap = _parse_cap(d.pop("cap"))

        def _parse_signup_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        signup_url = _parse_signup_url(d.pop("signup_url"))

        currency = d.pop("currency")

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        def _parse_updated_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        updated_by = _parse_updated_by(d.pop("updated_by"))

        referral_program_read = cls(
            active=active,
            configured=configured,
            qualifying_purchase=qualifying_purchase,
            referrer_reward=referrer_reward,
            referee_reward=referee_reward,
            cap=cap,
            signup_url=signup_url,
            currency=currency,
            updated_at=updated_at,
            updated_by=updated_by,
        )

        referral_program_read.additional_properties = d
        return referral_program_read

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
