"""Tables of the rewards domain: the catalogue, code pools, causes, and redemptions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Numeric, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class Cause(Base):
    """A charity a program's members can give points to; `points_total` is the running total."""

    __tablename__ = "reward_causes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000), default=None)
    is_active: Mapped[bool] = mapped_column(default=True)
    # Raised in SQL by the statement that records each donation, never read-modify-write.
    points_total: Mapped[int] = mapped_column(BigInteger, default=0)
    donations_count: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CodePool(Base):
    """Partner codes imported for e-voucher rewards; each redemption takes the next unused one."""

    __tablename__ = "reward_code_pools"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Fewer unused codes than this and the pool is "low": one `code_pool.low` event per dip.
    low_threshold: Mapped[int] = mapped_column(default=10)
    codes_total: Mapped[int] = mapped_column(BigInteger, default=0)
    codes_used: Mapped[int] = mapped_column(BigInteger, default=0)
    low_warned_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PoolCode(Base):
    __tablename__ = "reward_pool_codes"
    __table_args__ = (
        UniqueConstraint("pool_id", "code"),
        # Only unused codes are looked for, so only they are indexed.
        Index("ix_reward_pool_codes_unused", "pool_id", "id",
              sqlite_where=text("assigned_at IS NULL"), postgresql_where=text("assigned_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    pool_id: Mapped[int] = mapped_column(ForeignKey("reward_code_pools.id"))
    code: Mapped[str] = mapped_column(String(200))
    assigned_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Reward(Base):
    """One catalogue entry. `kind` says what redeeming it does; the kind's own reference
    (code pool, voucher campaign, cause, cashback rate) is set for that kind only."""

    __tablename__ = "rewards"
    __table_args__ = (
        CheckConstraint("stock IS NULL OR stock >= 0", name="stock_not_negative"),
        CheckConstraint("redeemed_count >= 0", name="redeemed_count_not_negative"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    # physical | e_voucher | coupon | cashback | donation | stamp_card
    kind: Mapped[str] = mapped_column(String(16))
    # {"en": "Coffee mug", "pl": "Kubek"}: the program's locale is the fallback.
    names: Mapped[dict[str, str]] = mapped_column(JsonDoc)
    descriptions: Mapped[dict[str, str]] = mapped_column(JsonDoc, default=dict)
    image_urls: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    # {"pl": [...]}: pictures for the languages whose pictures differ (words on them); others see image_urls.
    images_by_language: Mapped[dict[str, list[str]]] = mapped_column(JsonDoc, default=dict)
    # The unit the price is paid in: points, or stamps for a stamp card (whose price is the card's size).
    unit: Mapped[str] = mapped_column(String(16))
    points_price: Mapped[int] = mapped_column(BigInteger)
    money_price_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    # NULL is unlimited; consumed and returned only by guarded SQL statements.
    stock: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # Redemptions not cancelled, for `limit_total`.
    redeemed_count: Mapped[int] = mapped_column(BigInteger, default=0)
    limit_per_member: Mapped[int | None] = mapped_column(default=None)
    limit_total: Mapped[int | None] = mapped_column(BigInteger, default=None)
    starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    # Tier codes allowed to redeem; empty means every member.
    eligible_tiers: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    # Only the members of this segment may redeem it (null: everyone).
    segment_id: Mapped[int | None] = mapped_column(BigId, default=None)
    code_pool_id: Mapped[int | None] = mapped_column(ForeignKey("reward_code_pools.id"), default=None)
    # The vouchers domain's campaign whose code a coupon or stamp card reward issues.
    voucher_campaign_id: Mapped[int | None] = mapped_column(ForeignKey("voucher_campaigns.id"), default=None)
    cause_id: Mapped[int | None] = mapped_column(ForeignKey("reward_causes.id"), default=None)
    # Cashback minor units credited per point.
    cashback_rate: Mapped[Decimal | None] = mapped_column(Numeric(18, 6), default=None)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RewardMemberUsage(Base):
    """How many of a reward a member holds (redemptions not cancelled), for `limit_per_member`."""

    __tablename__ = "reward_member_usage"
    __table_args__ = (UniqueConstraint("reward_id", "member_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    reward_id: Mapped[int] = mapped_column(ForeignKey("rewards.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    redeemed: Mapped[int] = mapped_column(default=0)


class Redemption(Base):
    """A member's redemption of a reward, with what it cost and what it gave.

    The reward's name, price and kind are copied at redemption time: the receipt says what
    the member got then, whatever the catalogue says later.
    """

    __tablename__ = "reward_redemptions"
    __table_args__ = (
        Index("ix_reward_redemptions_member", "program_id", "member_id", "id"),
        Index("ix_reward_redemptions_status", "program_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    reward_id: Mapped[int] = mapped_column(ForeignKey("rewards.id"))
    kind: Mapped[str] = mapped_column(String(16))
    # requested | confirmed | shipped | delivered | cancelled (physical items); completed (the rest)
    status: Mapped[str] = mapped_column(String(16))
    reward_name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(16))
    points: Mapped[int] = mapped_column(BigInteger)
    money_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    code: Mapped[str | None] = mapped_column(String(200), default=None)
    pool_code_id: Mapped[int | None] = mapped_column(BigId, default=None)
    voucher_code_id: Mapped[int | None] = mapped_column(ForeignKey("voucher_codes.id"), default=None)
    cause_id: Mapped[int | None] = mapped_column(BigId, default=None)
    cashback_minor: Mapped[int | None] = mapped_column(BigInteger, default=None)
    delivery_address: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc, default=None)
    spend_transaction_id: Mapped[int | None] = mapped_column(BigId, default=None)
    credit_transaction_id: Mapped[int | None] = mapped_column(BigId, default=None)
    return_transaction_id: Mapped[int | None] = mapped_column(BigId, default=None)
    # [{"status": "requested", "at": "...", "actor": "...", "note": null}, ...]
    status_history: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
