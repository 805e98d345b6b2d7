"""Campaign I/O: what a campaign is made of, how far its launch got, and its results."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, field_validator

from loyalty.input_types import DateTimeIn, DecimalIn, InputModel
from loyalty.kernel import clock
from loyalty.members.schemas import MAX_ID, MemberRef
from loyalty.vouchers.schemas import ConditionTree

Status = Literal["draft", "scheduled", "running", "completed", "stopped"]
Target = Literal["list", "condition"]
Channel = Literal["email", "sms", "push", "inbox"]
MAX_MINOR = 10**12
MAX_LIST = 100_000
PlainDecimal = Annotated[Decimal, PlainSerializer(lambda value: format(value.normalize(), "f"), return_type=str)]


class CampaignMessage(InputModel):
    """The message every reached member gets (through messaging's consent, caps and quiet hours)."""

    channel: Channel = Field(description="email, sms, push or inbox.")
    template_key: str = Field(min_length=1, max_length=100, description="The message template's key.")


class CampaignOffer(InputModel):
    """What every reached member is given: bonus points, or a coupon (a code of a voucher campaign)."""

    kind: Literal["points", "coupon"]
    points: int | None = Field(default=None, ge=1, le=10**9, description="points: how many.")
    unit: str | None = Field(default=None, min_length=1, max_length=32,
                             description="points: the unit (default: the program's first unit).")
    voucher_campaign_id: int | None = Field(default=None, ge=1, le=MAX_ID,
                                            description="coupon: the voucher campaign whose codes are given.")
    value: int | None = Field(default=None, ge=0, le=MAX_MINOR, description=(
        "What one offer is worth in minor units (the money cost). Defaults to the coupon's amount for "
        "fixed-amount and gift-card voucher campaigns, and to the points at the program's point value."))


class CampaignBudget(InputModel):
    """The most the campaign may give: counted in points (a points offer) or money (minor units)."""

    kind: Literal["points", "money"]
    amount: int = Field(ge=1, le=10**15)


class CampaignFields(InputModel):
    @field_validator("starts_at", "ends_at", check_fields=False)
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return None if value is None else clock.as_utc(value)


_EXAMPLE: dict[str, Any] = {
    "name": "Spring win-back: 200 points", "target": "condition",
    "condition": {"field": "member.days_since_enrolment", "op": "gte", "value": 90},
    "starts_at": "2026-04-01T09:00:00+02:00", "message": {"channel": "email", "template_key": "win-back"},
    "offer": {"kind": "points", "points": 200}, "budget": {"kind": "points", "amount": 100000},
    "control_share": "0.1", "attribution_days": 14,
}


class MarketingCampaignCreate(CampaignFields):
    """A campaign. Without `starts_at` it is a draft (launched by hand); with it, the worker
    launches it when it falls due."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    name: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    target: Target = Field(default="condition", description=(
        "list: the members named in `members`; condition: the active members `condition` picks "
        "(every active member without one)."))
    members: list[MemberRef] | None = Field(default=None, max_length=MAX_LIST,
                                            description="list: the members, each by id, e-mail, card number, …")
    condition: ConditionTree | None = Field(default=None, description=(
        "condition: a condition tree over member.* fields, as for enrolment rules."))
    starts_at: DateTimeIn | None = Field(default=None, description="When the worker launches it; null: a draft.")
    ends_at: DateTimeIn | None = Field(default=None, description="Not launched after this moment.")
    message: CampaignMessage | None = None
    offer: CampaignOffer | None = None
    budget: CampaignBudget | None = None
    control_share: DecimalIn = Field(default=Decimal(0), ge=0, le=Decimal("0.9"), max_digits=5, decimal_places=4,
                                     description="The share held out as the control group (0 … 0.9).")
    attribution_days: int = Field(default=14, ge=1, le=365,
                                  description="A purchase within this many days after the launch converts.")


class MarketingCampaignUpdate(CampaignFields):
    """Any subset of a draft or scheduled campaign's fields; null clears message, offer, budget,
    condition, starts_at (back to a draft) or ends_at. `members` replaces the list."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    target: Target | None = None
    members: list[MemberRef] | None = Field(default=None, max_length=MAX_LIST)
    condition: ConditionTree | None = None
    starts_at: DateTimeIn | None = None
    ends_at: DateTimeIn | None = None
    message: CampaignMessage | None = None
    offer: CampaignOffer | None = None
    budget: CampaignBudget | None = None
    control_share: DecimalIn | None = Field(default=None, ge=0, le=Decimal("0.9"), max_digits=5, decimal_places=4)
    attribution_days: int | None = Field(default=None, ge=1, le=365)

    @field_validator("name", "target", "control_share", "attribution_days")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("cannot be null; leave it out to keep the current value")
        return value


class CampaignOfferRead(BaseModel):
    kind: Literal["points", "coupon"]
    points: int | None
    unit: str | None
    voucher_campaign_id: int | None
    value: int


class CampaignBudgetRead(BaseModel):
    kind: Literal["points", "money"]
    amount: int
    spent: int
    exhausted_at: datetime | None = Field(description="When a member was first refused for want of budget.")


class MarketingCampaignRead(BaseModel):
    id: int
    name: str
    description: str | None
    status: Status
    target: Target
    list_size: int
    condition: ConditionTree | None
    starts_at: datetime | None
    ends_at: datetime | None
    message: CampaignMessage | None
    offer: CampaignOfferRead | None
    budget: CampaignBudgetRead | None
    control_share: PlainDecimal
    attribution_days: int
    cost_per_member: int = Field(description="What one reached member takes from the budget (its unit).")
    chunks_total: int
    chunks_done: int
    launched_at: datetime | None
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class UpliftInterval(BaseModel):
    estimate: float
    standard_error: float
    low: float
    high: float
    confidence: float
    excludes_zero: bool = Field(description="The interval lies wholly above or below zero.")


class CampaignGroupResults(BaseModel):
    members: int = Field(description="Members in the group (targeted, or held out).")
    reached: int = Field(description="Members given the offer and/or the message (0 in the control group).")
    not_reached: int = Field(description="Targeted members the budget or the coupon codes did not reach.")
    delivered: int
    opened: int
    clicked: int
    converted: int = Field(description="Members with a purchase in the attribution window.")
    conversion_rate: float
    revenue_minor: int = Field(description="Their purchases in the window, less refunds, in minor units.")
    revenue_per_member: float
    points_cost: int
    cost_minor: int = Field(description="What the group was given, in money (minor units).")


class MarketingCampaignResults(BaseModel):
    campaign_id: int
    currency: str
    window_start: datetime | None
    window_end: datetime | None
    target: CampaignGroupResults
    control: CampaignGroupResults
    uplift_per_member: UpliftInterval | None = Field(description=(
        "Revenue per member, target minus control, in minor units, with its confidence interval "
        "(Welch); null until both groups have two members."))
    conversion_uplift: UpliftInterval | None = Field(description="Conversion rate, target minus control.")
    incremental_revenue_minor: float | None = Field(description="uplift_per_member × target members.")
    cost_minor: int
    roi: float | None = Field(description="(incremental revenue − cost) / cost; null without a cost.")
