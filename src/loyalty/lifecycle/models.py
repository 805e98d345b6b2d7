from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime
from loyalty.members.models import Member


class LifecycleMark(Base):
    """One occasion announced for one member: the unique key makes every scan idempotent.

    A scan inserts its marks with ON CONFLICT DO NOTHING and records an event only for the rows
    really inserted, so two workers running it at once, or one running it twice, announce each
    occasion once. `occasion` is the year (birthday, anniversary), the last purchase's date
    (lapsed), the expiry date (points expiring) or the cart id (abandoned cart).
    """

    __tablename__ = "lifecycle_marks"
    # Occasion before member: the scans' anti-joins find a mark by all four, and the expiry scan
    # lists the marks of a few occasions.
    __table_args__ = (UniqueConstraint("program_id", "kind", "occasion", "member_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[str] = mapped_column(String(32))  # birthday | lapsed | points_expiring | anniversary | cart_abandoned
    occasion: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LifecycleSettings(Base):
    """A program's thresholds for the scans; a program without a row uses the defaults
    (`schemas.LifecycleSettingsRead`)."""

    __tablename__ = "lifecycle_settings"

    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), primary_key=True)
    lapse_factor: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    default_gap_days: Mapped[int]
    expiring_days: Mapped[int]
    cart_hours: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class MemberRhythm(Base):
    """A member's buying rhythm, kept by the worker from purchase.recorded (never summed up:
    recomputed from the member's latest purchases, so a replayed event changes nothing).

    `typical_gap_seconds` is the median gap between the latest purchases, empty while the
    member has fewer than `domain.MIN_PURCHASES_FOR_RHYTHM` (the program's default gap applies).
    """

    __tablename__ = "member_rhythm"
    __table_args__ = (Index("ix_member_rhythm_program_last", "program_id", "last_purchase_at"),)

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    purchase_count: Mapped[int]  # among the latest `domain.RHYTHM_WINDOW`
    last_purchase_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Its date in the program's timezone: the occasion of the lapse it may start.
    last_purchase_on: Mapped[date] = mapped_column(Date)
    typical_gap_seconds: Mapped[int | None] = mapped_column(BigInteger, default=None)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Cart(Base):
    """A member's e-shop cart as last reported (`POST /api/v1/members/{id}/cart`)."""

    __tablename__ = "lifecycle_carts"
    __table_args__ = (
        UniqueConstraint("program_id", "member_id", "cart_id"),
        Index("ix_lifecycle_carts_program_updated", "program_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    cart_id: Mapped[str] = mapped_column(String(128))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc)
    value_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


# The anniversary scan reads the members enrolled on one local day of each past year: a range
# of enrolled_at per year, each an index range scan instead of a pass over every member.
Index("ix_members_program_enrolled", Member.program_id, Member.enrolled_at)
