from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from loyalty.input_types import DateTimeIn, InputModel
from loyalty.kernel import clock
from loyalty.members.schemas import MemberRef
from loyalty.referrals.schemas import ReferralStatus
from loyalty.rules.schemas import ReceiptLine
from loyalty.vouchers.schemas import Kind as VoucherKind

Channel = Literal["pos", "online", "partner"]
# A till's clock may run a little fast; anything further ahead is a client bug.
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_TOTAL_MINOR = 10**13  # 100 billion in a currency of cents: far beyond a receipt, far below BIGINT


# A receipt line is the same thing the rules' dry-run takes: one definition, one set of checks.
PurchaseLineIn = ReceiptLine


class PurchaseCreate(InputModel):
    """A receipt. `total` defaults to the sum of the lines; given with lines, it must equal it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "member": {"card_number": "2790000000000001"}, "external_id": "POS-7-2026-000123", "channel": "pos",
        "store": "WAW-01", "lines": [
            {"sku": "CAP-250", "name": "Cappuccino", "category": "coffee", "quantity": 2, "unit_price": 1400},
            {"sku": "CRO-01", "name": "Croissant", "category": "bakery", "quantity": 1, "unit_price": 900}],
    }]})

    member: MemberRef | None = None
    external_id: str | None = Field(default=None, min_length=1, max_length=128,
                                    description="The shop's id of the receipt: makes retries safe.")
    receipt_number: str | None = Field(default=None, min_length=1, max_length=128)
    channel: Channel = "pos"
    store: str | None = Field(default=None, min_length=1, max_length=64)
    occurred_at: DateTimeIn | None = None
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    total: int | None = Field(default=None, ge=0, le=MAX_TOTAL_MINOR)
    lines: list[PurchaseLineIn] = Field(default_factory=list, max_length=500)
    coupons: list[str] = Field(default_factory=list, max_length=10, description=(
        "Voucher codes used at checkout: redeemed with the purchase (atomically), and points are "
        "earned on the discounted amount. Line prices are before these vouchers."))

    @field_validator("occurred_at")
    @classmethod
    def _not_in_future(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        value = clock.as_utc(value)
        if value > clock.now() + FUTURE_TOLERANCE:
            raise ValueError("occurred_at is in the future")
        return value

    @model_validator(mode="after")
    def _total_matches_lines(self) -> PurchaseCreate:
        if not self.lines and self.total is None:
            raise ValueError("give the receipt's lines or its total")
        if self.lines and self.total is not None and self.total != sum(line.amount for line in self.lines):
            raise ValueError(f"total {self.total} differs from the sum of the lines "
                             f"{sum(line.amount for line in self.lines)}")
        if self.total_minor > MAX_TOTAL_MINOR:  # the same cap as a given total, for a total made of lines
            raise ValueError(f"the lines add up to {self.total_minor}, more than a receipt may hold "
                             f"({MAX_TOTAL_MINOR})")
        return self

    @property
    def total_minor(self) -> int:
        return self.total if self.total is not None else sum(line.amount for line in self.lines)


class RefundLineIn(InputModel):
    model_config = ConfigDict(extra="forbid")
    line_no: int = Field(ge=1)
    quantity: int | None = Field(default=None, ge=1, description="Units to refund; the rest of the line if omitted.")


class RefundCreate(InputModel):
    """Refund whole lines, some units of lines, or an amount spread over what is not yet refunded."""

    model_config = ConfigDict(extra="forbid")

    external_id: str | None = Field(default=None, min_length=1, max_length=128,
                                    description="The shop's id of the refund: makes retries safe.")
    lines: list[RefundLineIn] = Field(default_factory=list, max_length=500)
    amount: int | None = Field(default=None, ge=1, description="An amount in minor units, when not by line.")

    @model_validator(mode="after")
    def _lines_or_amount(self) -> RefundCreate:
        if bool(self.lines) == (self.amount is not None):
            raise ValueError("give either lines or amount")
        return self


class PurchaseClaim(InputModel):
    """A member claims a receipt recorded without them: by receipt number and total, or the shop's id."""

    model_config = ConfigDict(extra="forbid")

    member: MemberRef
    external_id: str | None = Field(default=None, min_length=1, max_length=128)
    receipt_number: str | None = Field(default=None, min_length=1, max_length=128)
    total: int | None = Field(default=None, ge=0, le=MAX_TOTAL_MINOR)

    @model_validator(mode="after")
    def _identifies_a_receipt(self) -> PurchaseClaim:
        if self.external_id is None and (self.receipt_number is None or self.total is None):
            raise ValueError("give external_id, or receipt_number together with total")
        return self



class PurchaseLineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    line_no: int
    sku: str
    name: str | None
    category: str | None
    quantity: int
    unit_price_minor: int
    amount_minor: int
    refunded_quantity: int
    refunded_minor: int


class PurchaseRead(BaseModel):
    id: int
    member_id: int | None
    external_id: str | None
    receipt_number: str | None
    channel: Channel
    store: str | None
    occurred_at: datetime
    currency: str
    total: int
    refunded: int
    claimed_at: datetime | None
    lines: list[PurchaseLineRead]
    result: dict[str, Any]


MEMBER_PURCHASE_EXAMPLES: list[dict[str, Any]] = [
    {"id": 58231, "external_id": "POS-7-2026-000123", "occurred_at": "2026-03-14T09:41:07Z", "channel": "pos",
     "store": "WAW-01", "total": 3140, "refunded": 0, "currency": "PLN", "points": 31},
    {"id": 57904, "external_id": "WEB-2026-000098", "occurred_at": "2026-03-02T18:12:55Z", "channel": "online",
     "store": None, "total": 12900, "refunded": 4300, "currency": "PLN", "points": 129},
]


class MemberPurchaseRead(BaseModel):
    """A receipt in the member's list; `GET /purchases/{id}` has its lines and stored result."""

    model_config = ConfigDict(json_schema_extra={"examples": [MEMBER_PURCHASE_EXAMPLES[0]]})

    id: int
    external_id: str | None
    occurred_at: datetime
    channel: Channel
    store: str | None
    total: int = Field(description="What was paid, in minor units of `currency`.")
    refunded: int = Field(description="Minor units refunded so far.")
    currency: str
    points: int = Field(description="Points (the `points` unit) the receipt earned when recorded or claimed, "
                                    "before any refund.")


# --- what recording, claiming and refunding answer (documentation of the stored result) -------


class PointsOutcome(BaseModel):
    earned: int = Field(description="Points (the `points` unit) this receipt earned.")
    pending: int = Field(description="Of them, waiting for the return window.")
    available: int = Field(description="Of them, spendable now.")


class EarnedAward(BaseModel):
    rule_id: int | None = Field(description="The earning rule; null for a tier's or a voucher's bonus.")
    rule_version: int | None
    rule_name: str
    source: Literal["rule", "tier", "voucher"]
    unit: str
    points: int


class AppliedVoucherOutcome(BaseModel):
    code: str
    kind: VoucherKind
    redemption_id: int
    discount: int = Field(description="Minor units it took off (0 for a gift card, which pays instead).")
    factor: str | None = Field(description="A points multiplier's factor, as a decimal string.")
    gift_card_paid: int
    gift_card_balance_after: int | None


class UnitBalanceOutcome(BaseModel):
    available: int
    pending: int


class TierChangeOutcome(BaseModel):
    from_: str | None = Field(alias="from")
    to: str
    reason: str
    review_at: str | None
    grace_until: str | None


class ReferralOutcome(BaseModel):
    referral_id: int
    status: ReferralStatus
    reason: str | None


class StampCardReward(BaseModel):
    redemption_id: int
    reward_id: int
    code: str | None = Field(description="The free-product coupon's code.")


class PurchaseOutcome(BaseModel):
    """What recording a purchase answers (and a retry replays): the receipt, the vouchers it
    used and everything it earned."""

    # The request example's receipt, with a coupon of the Christmas campaign taking 20% off the coffee.
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "purchase_id": 58231, "external_id": "POS-7-2026-000123", "member_id": 1042, "total": 3140,
        "total_before_vouchers": 3700, "currency": "PLN", "occurred_at": "2026-03-14T09:41:07+00:00",
        "vouchers": [{"code": "XMAS-7KQ2-M9TD", "kind": "percent", "redemption_id": 7731, "discount": 560,
                      "factor": None, "gift_card_paid": 0, "gift_card_balance_after": None}],
        "points": {"earned": 31, "pending": 31, "available": 0}, "earned_by_unit": {"points": 31},
        "pending_by_unit": {"points": 31},
        "awards": [{"rule_id": 3, "rule_version": 2, "rule_name": "1 point per 1.00 spent", "source": "rule",
                    "unit": "points", "points": 31}],
        "balance": {"points": {"available": 1287, "pending": 151}},
        "tier_change": None, "referral": None, "stamp_card_rewards": [], "claimable_until": None,
    }]})

    purchase_id: int
    external_id: str | None
    member_id: int | None
    total: int = Field(description="What was paid, after vouchers (gift cards count as payment).")
    total_before_vouchers: int
    currency: str
    occurred_at: str
    vouchers: list[AppliedVoucherOutcome]
    points: PointsOutcome
    earned_by_unit: dict[str, int]
    pending_by_unit: dict[str, int]
    awards: list[EarnedAward]
    balance: dict[str, UnitBalanceOutcome] | None = Field(
        description="The member's balances after it, per unit; null without a member.")
    tier_change: TierChangeOutcome | None = None
    referral: ReferralOutcome | None = None
    stamp_card_rewards: list[StampCardReward] = Field(default_factory=list)
    claimable_until: str | None = Field(description="Without a member: until when a member may claim it.")


class ClaimOutcome(PurchaseOutcome):
    claimed_at: str
    refunded_before_claim: dict[str, Any] = Field(
        description="What was refunded before the claim (`total`, and per `lines` by line number): the claim "
                    "earned on the rest.")


class RolledBackVoucher(BaseModel):
    code: str
    redemption_id: int
    kind: VoucherKind
    gift_card_returned: int


class RefundOutcome(BaseModel):
    refund_id: int
    purchase_id: int
    external_id: str | None
    amount: int = Field(description="Minor units refunded now.")
    currency: str
    purchase_refunded_total: int
    points_reversed: int
    reversed_by_unit: dict[str, int]
    balance: dict[str, UnitBalanceOutcome] | None
    tier_change: TierChangeOutcome | None
    referral: ReferralOutcome | None
    vouchers_rolled_back: list[RolledBackVoucher]
