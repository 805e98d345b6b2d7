"""Leaderboards, their members' scores per period, the events already counted, and how each
member is named on a board (a display name they chose, else a pseudonym)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, UtcDateTime


class Leaderboard(Base):
    """A ranking of members by a measure (`points`, `purchases`, `spend`) over a period (a
    calendar `week` or `month` in the program's time zone, or a `season` from `starts_on` to
    `ends_on`), over the whole program, one store or one segment; or (`challenge`) by the
    progress of `challenge_id`'s participants, over the challenge's own window."""

    __tablename__ = "leaderboards"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(1000), default=None)
    measure: Mapped[str] = mapped_column(String(16))  # points | purchases | spend | challenge
    period: Mapped[str] = mapped_column(String(16))  # week | month | season
    starts_on: Mapped[date | None] = mapped_column(Date, default=None)  # a season's first day
    ends_on: Mapped[date | None] = mapped_column(Date, default=None)  # a season's last day
    scope: Mapped[str] = mapped_column(String(16))  # program | store | segment
    store_code: Mapped[str | None] = mapped_column(String(64), default=None)
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("segments.id"), default=None)
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id"), default=None)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LeaderboardScore(Base):
    """A member's score on a board in one period (the period's first day). Written only as
    `score = score + delta` by the worker; the index serves the top-N and a member's rank."""

    __tablename__ = "leaderboard_scores"
    __table_args__ = (Index("ix_leaderboard_scores_rank", "leaderboard_id", "period_start", "score", "member_id"),)

    leaderboard_id: Mapped[int] = mapped_column(ForeignKey("leaderboards.id"), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    score: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LeaderboardCountedEvent(Base):
    """An event already added to the program's boards: its primary key makes a redelivered
    event count once."""

    __tablename__ = "leaderboard_counted_events"

    event_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    counted_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PublicName(Base):
    """How a member appears on leaderboards and among contest winners: the display name they
    chose when `shows_name` is on, else `Member #<pseudonym>`. Never the e-mail or real name."""

    __tablename__ = "member_public_names"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    pseudonym: Mapped[str] = mapped_column(String(8))
    display_name: Mapped[str | None] = mapped_column(String(40), default=None)
    shows_name: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
