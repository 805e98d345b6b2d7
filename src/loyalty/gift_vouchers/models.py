"""Tables of gift vouchers and prepaid bonus cards: the vouchers, their movements and redemptions.

Money-like balances of people who are not members: kept out of the members' ledger, changed
only by guarded statements, and every change is one append-only movement, so the movements
of a voucher always sum to its balance (gift_vouchers.service.verify_gift_balances proves it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class GiftVoucher(Base):
    """A balance in points that a non-member spends on catalogue rewards on the gift page.

    kind "voucher": a B2B gift of a set value, signed in with a high-entropy code of which
    only the SHA-256 and a short visible prefix are stored. kind "bonus_card": a prepaid card
    the program funds and tops up, signed in with its 16-digit number and a PIN (Argon2).
    """

    __tablename__ = "gift_vouchers"
    __table_args__ = (
        CheckConstraint("balance >= 0", name="balance_not_negative"),
        Index("ix_gift_vouchers_program", "program_id", "kind", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    # voucher | bonus_card
    kind: Mapped[str] = mapped_column(String(16))
    # The batch's or company's label, e.g. "ACME Christmas 2026".
    label: Mapped[str] = mapped_column(String(200))
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    code_prefix: Mapped[str | None] = mapped_column(String(16), default=None)
    card_number: Mapped[str | None] = mapped_column(String(19), unique=True, default=None)
    pin_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    # Everything ever put on it (issue and top-ups); raised in SQL with the balance.
    funded_total: Mapped[int] = mapped_column(BigInteger, default=0)
    # Changed only by guarded UPDATEs; each change writes one movement in the same transaction.
    balance: Mapped[int] = mapped_column(BigInteger, default=0)
    # active | cancelled (vouchers) | blocked (bonus cards)
    status: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class GiftMovement(Base):
    """One change of a gift balance (issue, top_up, spend, return, cancel); never updated or
    deleted (the database refuses it). `amount` is signed; `balance_after` is the balance the
    guarded statement left."""

    __tablename__ = "gift_movements"
    __table_args__ = (Index("ix_gift_movements_voucher", "voucher_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    voucher_id: Mapped[int] = mapped_column(ForeignKey("gift_vouchers.id"))
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(BigInteger)
    balance_after: Mapped[int] = mapped_column(BigInteger)
    redemption_id: Mapped[int | None] = mapped_column(ForeignKey("gift_redemptions.id"), default=None)
    actor: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(500), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class GiftRedemption(Base):
    """A reward taken with a gift voucher or bonus card; like a member's Redemption, the
    reward's name and price are copied so the receipt says what was got then."""

    __tablename__ = "gift_redemptions"
    __table_args__ = (
        # The gift page's one-time form token: a double submit or a retry gets the first redemption.
        UniqueConstraint("voucher_id", "request_key"),
        Index("ix_gift_redemptions_status", "program_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    voucher_id: Mapped[int] = mapped_column(ForeignKey("gift_vouchers.id"))
    reward_id: Mapped[int] = mapped_column(ForeignKey("rewards.id"))
    request_key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    # requested | confirmed | shipped | delivered | cancelled (physical items); completed (the rest)
    status: Mapped[str] = mapped_column(String(16))
    reward_name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(16))
    points: Mapped[int] = mapped_column(BigInteger)
    code: Mapped[str | None] = mapped_column(String(200), default=None)
    pool_code_id: Mapped[int | None] = mapped_column(BigId, default=None)
    cause_id: Mapped[int | None] = mapped_column(BigId, default=None)
    recipient_name: Mapped[str | None] = mapped_column(String(200), default=None)
    delivery_address: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc, default=None)
    # [{"status": "requested", "at": "...", "actor": "...", "note": null}, ...]
    status_history: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
