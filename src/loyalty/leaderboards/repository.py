"""Leaderboard queries: the boards, the score upsert, the ranked reads and public names."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from loyalty.db.base import core_table
from loyalty.events.models import Event
from loyalty.events.subscribers import PublishedEvent
from loyalty.gamification.models import ChallengeParticipant
from loyalty.leaderboards.models import Leaderboard, LeaderboardCountedEvent, LeaderboardScore, PublicName
from loyalty.purchases.models import Purchase


def _insert(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def get(session: Session, *, program_id: int, leaderboard_id: int) -> Leaderboard | None:
    return session.scalar(select(Leaderboard).where(Leaderboard.program_id == program_id,
                                                    Leaderboard.id == leaderboard_id))


def page(session: Session, *, program_id: int, after: int | None, limit: int,
         active_only: bool = False) -> Sequence[Leaderboard]:
    query = select(Leaderboard).where(Leaderboard.program_id == program_id)
    if after is not None:
        query = query.where(Leaderboard.id > after)
    if active_only:
        query = query.where(Leaderboard.is_active.is_(True))
    return session.scalars(query.order_by(Leaderboard.id).limit(limit + 1)).all()


def active(session: Session, *, program_id: int) -> Sequence[Leaderboard]:
    return session.scalars(select(Leaderboard).where(Leaderboard.program_id == program_id,
                                                     Leaderboard.is_active.is_(True))
                           .order_by(Leaderboard.id)).all()


def mark_counted(session: Session, *, program_id: int, event_id: int, now: datetime) -> bool:
    """Note the event as counted; False when it already was (a redelivery)."""
    statement = _insert(session)(core_table(LeaderboardCountedEvent)).values(
        event_id=event_id, program_id=program_id, counted_at=now).on_conflict_do_nothing(
        index_elements=["event_id"]).returning(core_table(LeaderboardCountedEvent).c.event_id)
    return session.execute(statement).scalar_one_or_none() is not None


def add_score(session: Session, *, leaderboard_id: int, period_start: date, program_id: int, member_id: int,
              amount: int, now: datetime) -> None:
    """score = score + amount in one statement: two workers adding at once both count."""
    table = core_table(LeaderboardScore)
    statement = _insert(session)(table).values(
        leaderboard_id=leaderboard_id, period_start=period_start, member_id=member_id, program_id=program_id,
        score=amount, updated_at=now)
    session.execute(statement.on_conflict_do_update(
        index_elements=["leaderboard_id", "period_start", "member_id"],
        set_={"score": table.c.score + amount, "updated_at": now}))


def ensure_public_names(session: Session, *, program_id: int, member_ids: Sequence[int], now: datetime) -> None:
    """A pseudonym for each member who has none yet (random, so it says nothing about the member)."""
    if not member_ids:
        return
    rows = [{"member_id": member_id, "program_id": program_id, "pseudonym": secrets.token_hex(4).upper(),
             "display_name": None, "shows_name": False, "updated_at": now} for member_id in sorted(set(member_ids))]
    session.execute(_insert(session)(core_table(PublicName)).values(rows).on_conflict_do_nothing(
        index_elements=["member_id"]))


def public_name(session: Session, *, program_id: int, member_id: int) -> PublicName | None:
    return session.scalar(select(PublicName).where(PublicName.program_id == program_id,
                                                   PublicName.member_id == member_id))


def public_names(session: Session, *, program_id: int, member_ids: Sequence[int]) -> dict[int, PublicName]:
    if not member_ids:
        return {}
    return {row.member_id: row for row in session.scalars(select(PublicName).where(
        PublicName.program_id == program_id, PublicName.member_id.in_(list(set(member_ids)))))}


def standings(session: Session, *, leaderboard_id: int, period_start: date, position: int,
              limit: int) -> list[tuple[int, int, PublicName | None]]:
    """(member id, score, public name) from `position` on, best first (ties by member id); the
    rank index serves it."""
    rows = session.execute(
        select(LeaderboardScore.member_id, LeaderboardScore.score, PublicName)
        .outerjoin(PublicName, PublicName.member_id == LeaderboardScore.member_id)
        .where(LeaderboardScore.leaderboard_id == leaderboard_id, LeaderboardScore.period_start == period_start)
        .order_by(LeaderboardScore.score.desc(), LeaderboardScore.member_id)
        .offset(position).limit(limit + 1)).all()
    return [(member_id, score, name) for member_id, score, name in rows]


def above(session: Session, *, leaderboard_id: int, period_start: date, score: int) -> int:
    """How many members score more than `score` (a member's rank is one more)."""
    return int(session.scalar(select(func.count()).select_from(LeaderboardScore).where(
        LeaderboardScore.leaderboard_id == leaderboard_id, LeaderboardScore.period_start == period_start,
        LeaderboardScore.score > score)) or 0)


def member_score(session: Session, *, leaderboard_id: int, period_start: date, member_id: int) -> int | None:
    return session.scalar(select(LeaderboardScore.score).where(
        LeaderboardScore.leaderboard_id == leaderboard_id, LeaderboardScore.period_start == period_start,
        LeaderboardScore.member_id == member_id))


def purchase_store(session: Session, *, program_id: int, purchase_id: int) -> str | None:
    return session.scalar(select(Purchase.store_code).where(Purchase.program_id == program_id,
                                                            Purchase.id == purchase_id))


def recorded_events(session: Session, *, program_id: int, types: Sequence[str], occurred_from: datetime,
                    recorded_before: datetime) -> list[PublishedEvent]:
    """The program's member events of `types` that occurred from `occurred_from` and were recorded
    before `recorded_before`, oldest first (a one-off read of the program's events: a back-fill)."""
    rows = session.scalars(select(Event).where(
        Event.program_id == program_id, Event.member_id.is_not(None), Event.type.in_(list(types)),
        Event.occurred_at >= occurred_from, Event.recorded_at < recorded_before).order_by(Event.id)).all()
    return [PublishedEvent(id=row.id, program_id=row.program_id, member_id=row.member_id, type=row.type,
                           occurred_at=row.occurred_at, recorded_at=row.recorded_at, actor=row.actor,
                           payload=dict(row.payload or {})) for row in rows]


def member_scores(session: Session, *, program_id: int, member_id: int) -> list[tuple[int, date, int]]:
    """(board id, period start, score) of every score the member has."""
    return [(board_id, start, score) for board_id, start, score in session.execute(
        select(LeaderboardScore.leaderboard_id, LeaderboardScore.period_start, LeaderboardScore.score).where(
            LeaderboardScore.program_id == program_id, LeaderboardScore.member_id == member_id)
        .order_by(LeaderboardScore.leaderboard_id, LeaderboardScore.period_start)).all()]


def scores_at_least(session: Session, *, leaderboard_id: int, period_start: date, score: int) -> list[tuple[int, int]]:
    """(member id, score) of everyone scoring `score` or more, best first."""
    return [(member_id, value) for member_id, value in session.execute(
        select(LeaderboardScore.member_id, LeaderboardScore.score).where(
            LeaderboardScore.leaderboard_id == leaderboard_id, LeaderboardScore.period_start == period_start,
            LeaderboardScore.score >= score)
        .order_by(LeaderboardScore.score.desc(), LeaderboardScore.member_id)).all()]


# --- a challenge board: the challenge's participants' progress, read where gamification keeps it --


def challenge_standings(session: Session, *, challenge_id: int, position: int,
                        limit: int) -> list[tuple[int, int, PublicName | None]]:
    """(member id, progress, public name) of the challenge's participants with some progress, from
    `position` on, best first (ties by member id)."""
    rows = session.execute(
        select(ChallengeParticipant.member_id, ChallengeParticipant.progress, PublicName)
        .outerjoin(PublicName, PublicName.member_id == ChallengeParticipant.member_id)
        .where(ChallengeParticipant.challenge_id == challenge_id, ChallengeParticipant.progress > 0)
        .order_by(ChallengeParticipant.progress.desc(), ChallengeParticipant.member_id)
        .offset(position).limit(limit + 1)).all()
    return [(member_id, progress, name) for member_id, progress, name in rows]


def challenge_above(session: Session, *, challenge_id: int, score: int) -> int:
    """How many participants have more progress than `score`."""
    return int(session.scalar(select(func.count()).select_from(ChallengeParticipant).where(
        ChallengeParticipant.challenge_id == challenge_id, ChallengeParticipant.progress > score)) or 0)


def challenge_progress(session: Session, *, challenge_id: int, member_id: int) -> int | None:
    """The member's progress in the challenge; None when they are not in it or have none yet."""
    progress = session.scalar(select(ChallengeParticipant.progress).where(
        ChallengeParticipant.challenge_id == challenge_id, ChallengeParticipant.member_id == member_id))
    return progress if progress else None


def challenge_at_least(session: Session, *, challenge_id: int, score: int) -> list[tuple[int, int]]:
    return [(member_id, value) for member_id, value in session.execute(
        select(ChallengeParticipant.member_id, ChallengeParticipant.progress).where(
            ChallengeParticipant.challenge_id == challenge_id, ChallengeParticipant.progress >= score)
        .order_by(ChallengeParticipant.progress.desc(), ChallengeParticipant.member_id)).all()]


def challenge_member_ids(session: Session, *, challenge_id: int) -> list[int]:
    return list(session.scalars(select(ChallengeParticipant.member_id).where(
        ChallengeParticipant.challenge_id == challenge_id)))


def has_challenge_boards(session: Session, *, program_id: int) -> bool:
    return session.scalar(select(Leaderboard.id).where(
        Leaderboard.program_id == program_id, Leaderboard.is_active.is_(True),
        Leaderboard.challenge_id.is_not(None)).limit(1)) is not None
