from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("program_id", "email"),
        UniqueConstraint("program_id", "phone"),
        UniqueConstraint("program_id", "external_id"),
        UniqueConstraint("program_id", "referral_code"),
        Index("ix_members_program_birthday", "program_id", "birth_month_day"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    email: Mapped[str | None] = mapped_column(String(320), default=None)  # stored lower-cased
    phone: Mapped[str | None] = mapped_column(String(20), default=None)  # E.164
    external_id: Mapped[str | None] = mapped_column(String(128), default=None)
    first_name: Mapped[str | None] = mapped_column(String(100), default=None)
    last_name: Mapped[str | None] = mapped_column(String(100), default=None)
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    # "MM-DD" so the birthday job finds today's members with an index, not a scan.
    birth_month_day: Mapped[str | None] = mapped_column(String(5), default=None)
    address: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc, default=None)
    preferred_language: Mapped[str | None] = mapped_column(String(16), default=None)
    attributes: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | blocked
    enrolment_channel: Mapped[str] = mapped_column(String(32))
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    referral_code: Mapped[str] = mapped_column(String(16))
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None)


# The admin search finds members by the start of a name, ignoring case (members/repository.py,
# `members_by_name`): PostgreSQL's pattern ops let LIKE 'kow%' use the index whatever the collation.
for _name in ("first_name", "last_name"):
    Index(f"ix_members_program_lower_{_name}", Member.program_id,
          func.lower(getattr(Member, _name)).label(f"lower_{_name}"),
          postgresql_ops={f"lower_{_name}": "text_pattern_ops"})


class MemberConsent(Base):
    """One consent decision; the newest row per member and channel is in force."""

    __tablename__ = "member_consents"
    __table_args__ = (Index("ix_member_consents_member", "member_id", "channel", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    channel: Mapped[str] = mapped_column(String(16))  # email | sms | push | profiling (members/schemas.py)
    granted: Mapped[bool]
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    source: Mapped[str] = mapped_column(String(100))


class CardBatch(Base):
    """Card numbers generated for printing before anyone owns them."""

    __tablename__ = "card_batches"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    size: Mapped[int]
    note: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Card(Base):
    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("program_id", "number"),
        Index("ix_cards_member", "member_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    number: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), default=None)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("card_batches.id"), default=None)
    status: Mapped[str] = mapped_column(String(16))  # unassigned | active | blocked
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    assigned_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    blocked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id"), default=None)
