"""Badges and what members earned of them; challenges and their participants."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, JsonDoc, UtcDateTime


class Badge(Base):
    """An achievement: a measure over the member's activity (`measure`, counted over what
    `condition` lets through) and its levels, each a threshold with an optional reward."""

    __tablename__ = "badges"
    __table_args__ = (UniqueConstraint("program_id", "name"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(1000), default=None)
    measure: Mapped[str] = mapped_column(String(32))
    event_type: Mapped[str | None] = mapped_column(String(100), default=None)  # custom event type counted
    condition: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc, default=None)
    # [{"level": 1, "name": "Bronze", "threshold": 5, "points": 0, "unit": null, "voucher_campaign_id": null}]
    levels: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BadgeAward(Base):
    """A level of a badge a member earned. One live award (not revoked) per member, badge and
    level (a unique partial index) makes a level earned once however often its events come:
    the reward is paid only by the insert that wrote the row, in the same unit of work. A
    refund that takes the member back below the level revokes the row (`revoked_at`, once, by
    a guarded UPDATE) and takes its reward back; earned again later, a new row pays again."""

    __tablename__ = "badge_awards"
    __table_args__ = (
        Index("uq_badge_awards_live", "member_id", "badge_id", "level", unique=True,
              sqlite_where=text("revoked_at IS NULL"), postgresql_where=text("revoked_at IS NULL")),
        Index("ix_badge_awards_member", "program_id", "member_id"),
        Index("ix_badge_awards_badge", "badge_id", "level"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    badge_id: Mapped[int] = mapped_column(ForeignKey("badges.id"))
    level: Mapped[int]
    level_name: Mapped[str] = mapped_column(String(100))
    earned_at: Mapped[datetime] = mapped_column(UtcDateTime)
    points_given: Mapped[int] = mapped_column(BigInteger, default=0)
    voucher_code_id: Mapped[int | None] = mapped_column(BigId, default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class BadgeBackfill(Base):
    """A badge given to the members who already qualify when it was made: the worker measures
    the program's members in id order, a batch per unit of work, and `after_member_id` (moved in
    the same unit) is where the next batch starts, so a stopped back-fill resumes there."""

    __tablename__ = "badge_backfills"

    badge_id: Mapped[int] = mapped_column(ForeignKey("badges.id"), primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    after_member_id: Mapped[int] = mapped_column(BigInteger, default=0)
    members_measured: Mapped[int] = mapped_column(BigInteger, default=0)
    awarded: Mapped[int] = mapped_column(BigInteger, default=0)
    requested_by: Mapped[str] = mapped_column(String(200))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class Challenge(Base):
    """A time-bound goal: `measure` reaching `goal` between `starts_at` and `ends_at`, counted
    from when each participant joined. With `segment_id`, the segment's members are enrolled."""

    __tablename__ = "challenges"
    __table_args__ = (UniqueConstraint("program_id", "name"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(1000), default=None)
    measure: Mapped[str] = mapped_column(String(32))
    goal: Mapped[int] = mapped_column(BigInteger)
    channel: Mapped[str | None] = mapped_column(String(16), default=None)
    event_type: Mapped[str | None] = mapped_column(String(100), default=None)
    condition: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc, default=None)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("segments.id"), default=None)
    reward_points: Mapped[int] = mapped_column(BigInteger, default=0)
    reward_unit: Mapped[str | None] = mapped_column(String(16), default=None)
    voucher_campaign_id: Mapped[int | None] = mapped_column(ForeignKey("voucher_campaigns.id"), default=None)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ChallengeParticipant(Base):
    """A member in a challenge: their progress as last computed, and `completed_at`, set once by
    a guarded UPDATE (… WHERE completed_at IS NULL) in the unit of work that pays the reward.
    A refund that takes the measure back below the goal clears it again, once (… WHERE
    completed_at = the completion read), and takes the reward back (`reversals` counts them)."""

    __tablename__ = "challenge_participants"
    __table_args__ = (
        UniqueConstraint("challenge_id", "member_id"),
        Index("ix_challenge_participants_member", "program_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime)
    source: Mapped[str] = mapped_column(String(16))  # joined | segment | api
    progress: Mapped[int] = mapped_column(BigInteger, default=0)
    progress_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    points_given: Mapped[int] = mapped_column(BigInteger, default=0)
    voucher_code_id: Mapped[int | None] = mapped_column(BigId, default=None)
    reversals: Mapped[int] = mapped_column(default=0, server_default="0")
