from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class AuditEntry(Base):
    """One change: append-only, newest last."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_program", "program_id", "id"),
                      Index("ix_audit_entries_subject", "program_id", "subject_type", "subject_id"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Who: "staff:7", "api_key:3", "cli", "system"; actor_name is what the log shows (kept if the user goes).
    actor: Mapped[str] = mapped_column(String(64))
    actor_name: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))  # rule.updated, member.blocked, points.adjusted, ...
    subject_type: Mapped[str] = mapped_column(String(32))  # rule, member, reward, staff_user, ...
    subject_id: Mapped[str | None] = mapped_column(String(64), default=None)
    before: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc, default=None)
