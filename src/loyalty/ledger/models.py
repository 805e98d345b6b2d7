from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime

# Member accounts: what the member can spend, and what waits for the return window.
WALLET = "wallet"
PENDING = "pending"
# Program accounts: the other side of every member movement.
ISSUED = "issued"
SPENT = "spent"
EXPIRED = "expired"
ADJUSTED = "adjusted"
MEMBER_ACCOUNT_KINDS = (WALLET, PENDING)
PROGRAM_ACCOUNT_KINDS = (ISSUED, SPENT, EXPIRED, ADJUSTED)


class Account(Base):
    """One unit's account: a member's wallet or pending account, or a program account.

    `balance` is a cache kept for member accounts only, written in the same transaction
    as the entries; program accounts are summed on demand so no single row becomes a
    lock every purchase in the program waits for.
    """

    __tablename__ = "accounts"
    __table_args__ = (
        UniqueConstraint("program_id", "member_id", "kind", "unit"),
        # NULLs are distinct in a unique constraint, so program accounts need their own index.
        Index("uq_accounts_program_account", "program_id", "kind", "unit", unique=True,
              sqlite_where=text("member_id IS NULL"), postgresql_where=text("member_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None)
    kind: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(16))
    balance: Mapped[int] = mapped_column(BigInteger, default=0)


class LedgerTransaction(Base):
    """A set of entries that sums to zero per unit. Append-only (a database trigger)."""

    __tablename__ = "ledger_transactions"
    __table_args__ = (Index("ix_ledger_transactions_member", "program_id", "member_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int | None] = mapped_column(BigId, default=None)
    # earn | spend | refund | adjust | transfer | release | expire | return | cashback | opening
    kind: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    purchase_id: Mapped[int | None] = mapped_column(BigId, default=None)
    reason: Mapped[str | None] = mapped_column(String(500), default=None)
    actor: Mapped[str] = mapped_column(String(200))
    details: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)


class LedgerEntry(Base):
    """One signed movement on one account. Append-only (a database trigger)."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        Index("ix_ledger_entries_transaction", "transaction_id"),
        Index("ix_ledger_entries_account", "account_id", "id"),
        # On PostgreSQL a foreign key check locks the referenced row (FOR KEY SHARE), and every
        # earning of a program references the same issued account: concurrent purchases queued
        # on that one row. There a statement trigger checks the accounts exist instead, and
        # accounts can never be deleted (migration 0010). SQLite's check locks nothing.
        ForeignKeyConstraint(["account_id"], ["accounts.id"]).ddl_if(dialect="sqlite"),
        # The program is the transaction's (checked there); on PostgreSQL a second check per
        # entry cost a sixth of posting an earning (migration 0011).
        ForeignKeyConstraint(["program_id"], ["programs.id"]).ddl_if(dialect="sqlite"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(BigId)
    transaction_id: Mapped[int] = mapped_column(ForeignKey("ledger_transactions.id"))
    account_id: Mapped[int] = mapped_column(BigId)
    member_id: Mapped[int | None] = mapped_column(BigId, default=None)
    unit: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(BigInteger)
    rule_id: Mapped[int | None] = mapped_column(BigId, default=None)
    rule_version: Mapped[int | None] = mapped_column(default=None)
    lot_id: Mapped[int | None] = mapped_column(BigId, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Lot(Base):
    """Points earned together: they become available and expire together.

    `remaining` is derived state (what the lot still holds), guarded by a CHECK so no lot
    ever goes negative; the entries remain the truth.
    """

    __tablename__ = "lots"
    __table_args__ = (
        CheckConstraint("remaining >= 0 AND remaining <= amount", name="remaining_within_amount"),
        Index("ix_lots_member_open", "member_id", "unit", "state", "expires_at"),
        Index("ix_lots_due", "state", "available_at"),
        Index("ix_lots_expiry", "state", "expires_at"),
        # The program is the transaction's (checked there); PostgreSQL skips the second check (0011).
        ForeignKeyConstraint(["program_id"], ["programs.id"]).ddl_if(dialect="sqlite"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(BigId)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    unit: Mapped[str] = mapped_column(String(16))
    transaction_id: Mapped[int] = mapped_column(ForeignKey("ledger_transactions.id"))
    amount: Mapped[int] = mapped_column(BigInteger)
    remaining: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16))  # pending | available | expired | closed
    available_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    purchase_id: Mapped[int | None] = mapped_column(BigId, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
