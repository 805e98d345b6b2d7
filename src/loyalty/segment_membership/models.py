"""Segments, their current members and their size day by day."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class Segment(Base):
    """A named group of members: `dynamic` ones hold a condition tree compiled to SQL, `static`
    ones an imported list."""

    __tablename__ = "segments"
    __table_args__ = (UniqueConstraint("program_id", "name"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(1000), default=None)
    kind: Mapped[str] = mapped_column(String(16))  # dynamic | static
    condition: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc, default=None)
    size: Mapped[int] = mapped_column(default=0)
    archived: Mapped[bool] = mapped_column(default=False)
    recomputed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SegmentMember(Base):
    """A member in a segment since `entered_at`. The primary key (segment, member) makes an
    entry written twice (a redelivered event) insert nothing; the member index serves
    `member.segments` on the purchase path and the single customer view."""

    __tablename__ = "segment_members"
    __table_args__ = (Index("ix_segment_members_member", "program_id", "member_id", "segment_id"),)

    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SegmentSize(Base):
    """The segment's size as it stood at the end of `day` (UTC), written by each recompute."""

    __tablename__ = "segment_sizes"

    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    size: Mapped[int]
