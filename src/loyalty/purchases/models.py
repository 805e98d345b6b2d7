from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, ForeignKeyConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class Purchase(Base):
    """A receipt, with or without a member (kept for analytics; claimable later)."""

    __tablename__ = "purchases"
    __table_args__ = (
        UniqueConstraint("program_id", "external_id"),
        Index("ix_purchases_receipt", "program_id", "receipt_number"),
        Index("ix_purchases_member", "program_id", "member_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None)
    external_id: Mapped[str | None] = mapped_column(String(128), default=None)
    receipt_number: Mapped[str | None] = mapped_column(String(128), default=None)
    channel: Mapped[str] = mapped_column(String(16))  # pos | online | partner
    store_code: Mapped[str | None] = mapped_column(String(64), default=None)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    currency: Mapped[str] = mapped_column(String(3))
    total_minor: Mapped[int] = mapped_column(BigInteger)
    refunded_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    request_hash: Mapped[str] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    # The response given when it was recorded, so a retry gets exactly the same answer.
    result: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)


class PurchaseLine(Base):
    __tablename__ = "purchase_lines"
    __table_args__ = (
        UniqueConstraint("purchase_id", "line_no"),
        # The program is the purchase's (checked there); PostgreSQL skips a second check per
        # line (migration 0011; SQLite's checks cost next to nothing).
        ForeignKeyConstraint(["program_id"], ["programs.id"]).ddl_if(dialect="sqlite"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(BigId)
    purchase_id: Mapped[int] = mapped_column(ForeignKey("purchases.id"))
    line_no: Mapped[int]
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(200), default=None)
    category: Mapped[str | None] = mapped_column(String(100), default=None)
    quantity: Mapped[int]
    unit_price_minor: Mapped[int] = mapped_column(BigInteger)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    refunded_quantity: Mapped[int] = mapped_column(default=0)
    refunded_minor: Mapped[int] = mapped_column(BigInteger, default=0)


class PurchaseAward(Base):
    """Points one source gave for one line (or the whole receipt), and how many were reversed.

    The source is an earning rule version, or a bonus outside the rules: the member's tier
    multiplier or a points-multiplier voucher (then `rule_id` is empty and `source` says which).
    """

    __tablename__ = "purchase_awards"
    __table_args__ = (
        Index("ix_purchase_awards_purchase", "purchase_id"),
        # The program is the purchase's (checked there); PostgreSQL skips the second check (0011).
        ForeignKeyConstraint(["program_id"], ["programs.id"]).ddl_if(dialect="sqlite"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(BigId)
    purchase_id: Mapped[int] = mapped_column(ForeignKey("purchases.id"))
    line_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_lines.id"), default=None)
    unit: Mapped[str] = mapped_column(String(16))
    rule_id: Mapped[int | None] = mapped_column(BigId, default=None)
    rule_version: Mapped[int | None] = mapped_column(default=None)
    source: Mapped[str] = mapped_column(String(16), default="rule", server_default="rule")  # rule | tier | voucher
    points: Mapped[int] = mapped_column(BigInteger)
    reversed: Mapped[int] = mapped_column(BigInteger, default=0)


class Refund(Base):
    __tablename__ = "refunds"
    __table_args__ = (UniqueConstraint("program_id", "external_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    purchase_id: Mapped[int] = mapped_column(ForeignKey("purchases.id"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(128), default=None)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    request_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    result: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)


class MemberActivity(Base):
    """A member's purchases summed up: what segment conditions read instead of scanning purchases.

    Derived, never the truth: every row is recomputed from `purchases` (purchases/activity.py),
    by the segments subscriber for the members of each purchase, claim and refund event, and
    set-based for a whole program by `loyalty segments rebuild-activity`. No row: no purchase.
    """

    __tablename__ = "member_activity"

    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    purchase_count: Mapped[int] = mapped_column(BigInteger)
    # Money spent less refunds (minor units), as behaviour.purchase_value counts it.
    purchase_value: Mapped[int] = mapped_column(BigInteger)
    first_purchase_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_purchase_at: Mapped[datetime] = mapped_column(UtcDateTime)
