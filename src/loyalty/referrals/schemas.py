"""Referral I/O: the programme's settings, a member's referrals, the public link."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from loyalty.input_types import InputModel
from loyalty.referrals import domain

ReferralStatus = Literal["pending", "rewarded", "rejected", "reversed"]


class RewardSpec(InputModel):
    model_config = ConfigDict(extra="forbid")

    points: int = Field(ge=0, le=10**9, description="Whole points of `unit`; 0 gives nothing to this side.")
    unit: str = Field(default="points", min_length=1, max_length=16,
                      description="One of the program's units (points, stamps, cashback).")


class QualifyingPurchase(InputModel):
    model_config = ConfigDict(extra="forbid")

    min_total: int = Field(ge=0, le=10**13,
                           description="The smallest receipt total that qualifies, in minor units (cents).")
    within_days: int = Field(ge=1, le=3650, description="Days after the referee signs up in which it must happen.")


class ReferralCap(InputModel):
    model_config = ConfigDict(extra="forbid")

    count: int = Field(ge=1, le=1_000_000, description="Rewarded referrals a referrer may collect…")
    period_days: int = Field(ge=1, le=3650, description="…in any rolling period of this many days.")


class ReferralProgramUpdate(InputModel):
    """The whole referral programme; PUT replaces it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "active": True, "qualifying_purchase": {"min_total": 5000, "within_days": 30},
        "referrer_reward": {"points": 500, "unit": "points"}, "referee_reward": {"points": 250, "unit": "points"},
        "cap": {"count": 10, "period_days": 30}, "signup_url": "https://shop.example.com/join",
    }]})

    active: bool
    qualifying_purchase: QualifyingPurchase
    referrer_reward: RewardSpec
    referee_reward: RewardSpec
    cap: ReferralCap | None = Field(default=None, description="Null: no cap.")
    signup_url: str | None = Field(default=None, max_length=2000,
                                   description="Where the referral link sends people; `referral_code` is added "
                                               "to its query. Null: the link answers with JSON.")

    @field_validator("signup_url")
    @classmethod
    def _absolute_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return domain.check_signup_url(value)


class ReferralProgramRead(BaseModel):
    active: bool
    configured: bool = Field(description="False until the programme is first saved; the values are then defaults.")
    qualifying_purchase: QualifyingPurchase
    referrer_reward: RewardSpec
    referee_reward: RewardSpec
    cap: ReferralCap | None
    signup_url: str | None
    currency: str
    updated_at: datetime | None
    updated_by: str | None


class SideReward(BaseModel):
    unit: str | None
    points: int


class ReferralRead(BaseModel):
    id: int
    referrer_id: int
    referee_id: int
    code: str
    status: ReferralStatus
    reason: str | None = Field(description="Why it was rejected or reversed (`self_referral_email`, "
                                           "`referral_cap_reached`, `qualifying_purchase_refunded`, …).")
    signed_up_at: datetime
    linked_at: datetime
    qualifies_until: datetime | None = Field(description="While pending: the last moment a qualifying purchase "
                                                         "counts (under the current terms).")
    qualifying_purchase_id: int | None
    qualified_at: datetime | None
    rewarded_at: datetime | None
    reversed_at: datetime | None
    referrer_reward: SideReward
    referee_reward: SideReward


class ReferralLinkRead(BaseModel):
    """What a referral link resolves to when the program has no signup page configured."""

    referral_code: str
    program_id: int
    program_name: str
    active: bool
    signup_url: str | None
