"""Tables of the tiers domain: levels, the program's policy, qualifying activity, members' tiers."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class TierLevel(Base):
    """One level of a program (Silver, Gold…). Rank 0 is the base level every member starts in."""

    __tablename__ = "tier_levels"
    __table_args__ = (
        UniqueConstraint("program_id", "code"),
        UniqueConstraint("program_id", "rank"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    # Stable: earning rules and voucher conditions name levels by code (`member.tier`).
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(1000), default=None)
    rank: Mapped[int]
    # The qualifying measure needed in the window, in the policy's measure (points, minor units, purchases).
    threshold: Mapped[int] = mapped_column(BigInteger)
    earn_multiplier: Mapped[Decimal] = mapped_column(Numeric(8, 4))
    free_shipping: Mapped[bool] = mapped_column(default=False)
    exclusive_rewards: Mapped[bool] = mapped_column(default=False)
    # {"pl": {"name": "Złoty", "description": "…"}}
    translations: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TierPolicy(Base):
    """How a program's members qualify and when they are reviewed; one row per program.

    The row also serializes changes to the program's levels (it is locked first), so the
    thresholds-increase-with-rank check cannot be beaten by two concurrent edits.
    """

    __tablename__ = "tier_policies"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), unique=True)
    measure: Mapped[str] = mapped_column(String(16))  # points_earned | amount_spent | purchase_count
    window_kind: Mapped[str] = mapped_column(String(16))  # rolling | calendar_year
    window_days: Mapped[int | None] = mapped_column(default=None)  # rolling only
    review_every_days: Mapped[int | None] = mapped_column(default=None)  # rolling only
    grace_days: Mapped[int] = mapped_column(default=0)
    one_level_at_a_time: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TierActivity(Base):
    """Qualifying activity, appended per purchase (positive) and refund (negative).

    The measure over a window is a SUM over these rows, so a refund simply reverses the
    progress its purchase made.
    """

    __tablename__ = "tier_activity"
    __table_args__ = (Index("ix_tier_activity_member", "member_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    points: Mapped[int] = mapped_column(BigInteger)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    purchases: Mapped[int]
    source: Mapped[str] = mapped_column(String(64))  # "purchase:123", "refund:45"
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class MemberTier(Base):
    """The tier a member is in. No row means the base level (a member who never qualified)."""

    __tablename__ = "member_tiers"
    __table_args__ = (
        Index("ix_member_tiers_review", "program_id", "review_at"),
        Index("ix_member_tiers_level", "tier_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), unique=True)
    tier_id: Mapped[int] = mapped_column(ForeignKey("tier_levels.id"))
    since: Mapped[datetime] = mapped_column(UtcDateTime)
    # When the scheduled review next looks at this member; None at the base level (nothing to lose).
    review_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    grace_until: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    manually_assigned: Mapped[bool] = mapped_column(default=False)
    # An upgrade stays provisional for the program's return window (pending_days): a refund in
    # that window may take it back, never below the level held before (`previous_tier_id`).
    provisional_until: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    previous_tier_id: Mapped[int | None] = mapped_column(ForeignKey("tier_levels.id"), default=None)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
