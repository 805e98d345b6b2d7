from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, UtcDateTime


class SignInCode(Base):
    """A one-time code (typed) and link token (followed) sent to a member; only hashes are kept,
    each is good once, for minutes, and for a few wrong guesses."""

    __tablename__ = "member_sign_in_codes"
    __table_args__ = (Index("ix_member_sign_in_codes_member", "member_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    code_hash: Mapped[str] = mapped_column(String(64))
    link_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    failed_attempts: Mapped[int] = mapped_column(default=0)


class MemberPassword(Base):
    """A password a member chose in the app (optional: the e-mailed code always works)."""

    __tablename__ = "member_passwords"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    password_hash: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class AppRedemptionKey(Base):
    """The one-time key of a "redeem" button in the member app. The same key posted again (a
    double tap, a reload, a retry after a lost answer) finds the first redemption instead of
    redeeming a second time."""

    __tablename__ = "member_app_redemption_keys"
    __table_args__ = (UniqueConstraint("member_id", "request_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    request_key: Mapped[str] = mapped_column(String(64))
    redemption_id: Mapped[int] = mapped_column(ForeignKey("reward_redemptions.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
