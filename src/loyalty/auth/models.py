from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class ApiKey(Base):
    """A key for one program and a set of scopes; only its SHA-256 is kept."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(JsonDoc)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class StaffUser(Base):
    """A person who signs in to the admin panel or the POS screen, with one role in one program.

    The e-mail is unique across the server: it is what a person types to sign in, before any
    program is known. Only the Argon2id hash of the password is kept.
    """

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"), index=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # stored lower-cased
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # owner | manager | marketer | analyst | agent | cashier
    password_hash: Mapped[str] = mapped_column(String(200))
    # The most points an agent may add or take in one adjustment (None: no adjustments); the owner sets it.
    adjustment_limit: Mapped[int | None] = mapped_column(default=None)
    preferred_language: Mapped[str | None] = mapped_column(String(16), default=None)
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class PageSession(Base):
    """A signed-in browser: staff in the admin panel or at the POS, a member in the app.

    The cookie carries a random token; only its SHA-256 is kept, so a copy of the table signs
    nobody in. Signing out ends the row, and a cookie whose row has ended or expired is refused.
    """

    __tablename__ = "page_sessions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    face: Mapped[str] = mapped_column(String(16))  # staff | member
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True, default=None)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True, default=None)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class StaffAdjustmentKey(Base):
    """The one-time key of a point adjustment form in the panel. The same key posted again (a
    double click, a reload, a retry after a lost answer) finds the first adjustment instead of
    adjusting a second time; it is written in the adjustment's own transaction."""

    __tablename__ = "staff_adjustment_keys"
    __table_args__ = (UniqueConstraint("staff_user_id", "request_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    request_key: Mapped[str] = mapped_column(String(64))
    transaction_id: Mapped[int] = mapped_column(ForeignKey("ledger_transactions.id"))
    points: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
