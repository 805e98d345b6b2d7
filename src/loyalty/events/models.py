from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class Event(Base):
    """Something that happened: the member's timeline and the automation outbox."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_program_member", "program_id", "member_id", "id"),
        Index("ix_events_stream", "tx", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int | None] = mapped_column(BigId, default=None)
    type: Mapped[str] = mapped_column(String(100))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    # The writing transaction (PostgreSQL: pg_current_xact_id(), set by the column's default; SQLite: 0).
    tx: Mapped[int] = mapped_column(BigInteger, server_default="0")


class EventCursor(Base):
    """How far one subscriber has read the event stream: it has handled every event up to here.

    On PostgreSQL the order is (tx, id): `tx` is the writing transaction's id, and every event
    of a transaction older than the oldest one still running is final (committed or gone), so a
    cursor over (tx, id) below that horizon never skips an event that commits late. On SQLite
    writers take turns, ids grow in commit order and `tx` stays 0.
    """

    __tablename__ = "event_cursors"

    subscriber: Mapped[str] = mapped_column(String(100), primary_key=True)
    tx: Mapped[int] = mapped_column(BigInteger)
    event_id: Mapped[int] = mapped_column(BigInteger)
    handled: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class EventFailure(Base):
    """An event a subscriber could not handle: retried with back-off, then parked (dead-letter list)."""

    __tablename__ = "event_failures"
    __table_args__ = (
        UniqueConstraint("subscriber", "event_id"),
        Index("ix_event_failures_status", "status", "job_deferred_at"),
        Index("ix_event_failures_program", "program_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    subscriber: Mapped[str] = mapped_column(String(100))
    event_id: Mapped[int] = mapped_column(BigInteger)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int | None] = mapped_column(BigId, default=None)
    event_type: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16))  # pending | dead | resolved
    attempts: Mapped[int] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(Text)
    first_failed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_failed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    job_deferred_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
