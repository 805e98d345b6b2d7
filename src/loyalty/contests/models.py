"""Contests, the entries members earned, each member's entry count (the guard of the rules'
maximum), the recorded draw and its winners."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loyalty.db.base import Base, BigId, UtcDateTime


class Contest(Base):
    """A prize draw open from `opens_at` to `closes_at`. Entries are earned by a purchase
    (`entries_per_action`, or one per `amount_per_entry` spent) or by a custom event of
    `custom_event_type`, at most `max_entries_per_member` each; `winners_count` members win."""

    __tablename__ = "contests"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    name: Mapped[str] = mapped_column(String(100))
    rules_text: Mapped[str] = mapped_column(Text)
    prize: Mapped[str] = mapped_column(String(200))
    entry_action: Mapped[str] = mapped_column(String(16))  # purchase | custom_event | best_score
    entries_per_action: Mapped[int] = mapped_column(default=1)
    amount_per_entry: Mapped[int | None] = mapped_column(default=None)  # minor units
    custom_event_type: Mapped[str | None] = mapped_column(String(100), default=None)
    # best_score: the board whose best scores at closing win (no entries are earned).
    leaderboard_id: Mapped[int | None] = mapped_column(ForeignKey("leaderboards.id"), default=None)
    max_entries_per_member: Mapped[int]
    winners_count: Mapped[int]
    opens_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime)
    draws_automatically: Mapped[bool] = mapped_column(default=True)
    drawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ContestEntry(Base):
    """Entries a member earned by one action (`source`: `event:<id>`); unique per contest and
    source, so a redelivered event enters once. A best-score contest's draw writes each
    contender's score here (`source`: `score`), the standings it was drawn from."""

    __tablename__ = "contest_entries"
    __table_args__ = (UniqueConstraint("contest_id", "source"),
                      Index("ix_contest_entries_member", "contest_id", "member_id"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id"))
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    source: Mapped[str] = mapped_column(String(64))
    entries: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Set when the purchase that earned them was refunded in full before the draw: the row
    # stays (a redelivered purchase event still finds its source entered) but counts no more.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class ContestTally(Base):
    """A member's entries in a contest: the row locked while entries are added, so no two
    additions together pass the rules' maximum."""

    __tablename__ = "contest_tallies"

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    entries: Mapped[int] = mapped_column(default=0)


class ContestDraw(Base):
    """A draw's inputs, kept so anyone can repeat it: the seed, the digest of the ordered
    entries, the number of winners and the algorithm's version give the same winners again."""

    __tablename__ = "contest_draws"

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id"), primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
    seed_hex: Mapped[str] = mapped_column(String(64))
    entries_digest: Mapped[str] = mapped_column(String(64))
    entrants: Mapped[int]
    entries_total: Mapped[int]
    winners_count: Mapped[int]
    algorithm: Mapped[str] = mapped_column(String(40))
    drawn_by: Mapped[str] = mapped_column(String(200))
    drawn_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ContestWinner(Base):
    __tablename__ = "contest_winners"
    __table_args__ = (UniqueConstraint("contest_id", "member_id"),)

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id"))
