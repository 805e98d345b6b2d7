"""Badges' and challenges' queries, and the reads of a member's activity they measure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, exists, func, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from loyalty.db.dialects import for_update, insert_ignoring_conflict
from loyalty.events.catalogue import MEMBER_ACTIONS
from loyalty.events.models import Event
from loyalty.gamification.domain import EventFact, LineFact, PurchaseFact
from loyalty.gamification.models import Badge, BadgeAward, BadgeBackfill, Challenge, ChallengeParticipant
from loyalty.members.models import Member
from loyalty.purchases.models import Purchase, PurchaseLine
from loyalty.segment_membership.models import SegmentMember
from loyalty.vouchers.models import VoucherCode

# --- badges ----------------------------------------------------------------------------------


def get_badge(session: Session, *, program_id: int, badge_id: int) -> Badge | None:
    return session.scalar(select(Badge).where(Badge.program_id == program_id, Badge.id == badge_id))


def badge_named(session: Session, *, program_id: int, name: str) -> Badge | None:
    return session.scalar(select(Badge).where(Badge.program_id == program_id, Badge.name == name))


def list_badges(session: Session, *, program_id: int, after_id: int | None, limit: int,
                active_only: bool = False) -> Sequence[Badge]:
    query = select(Badge).where(Badge.program_id == program_id)
    if active_only:
        query = query.where(Badge.is_active.is_(True))
    if after_id is not None:
        query = query.where(Badge.id > after_id)
    return session.scalars(query.order_by(Badge.id).limit(limit)).all()


def active_badges(session: Session, *, program_id: int) -> Sequence[Badge]:
    return session.scalars(select(Badge).where(Badge.program_id == program_id, Badge.is_active.is_(True))
                           .order_by(Badge.id)).all()


def award_counts(session: Session, *, badge_ids: Sequence[int]) -> dict[int, int]:
    if not badge_ids:
        return {}
    return {badge_id: count for badge_id, count in session.execute(
        select(BadgeAward.badge_id, func.count()).where(BadgeAward.badge_id.in_(list(badge_ids)),
                                                        BadgeAward.revoked_at.is_(None))
        .group_by(BadgeAward.badge_id)).all()}


def member_awards(session: Session, *, program_id: int, member_id: int) -> dict[int, dict[int, datetime]]:
    """badge id -> level -> when the member earned it (levels they hold now)."""
    return {badge_id: {level: award.earned_at for level, award in held.items()}
            for badge_id, held in live_awards(session, program_id=program_id, member_id=member_id).items()}


def live_awards(session: Session, *, program_id: int, member_id: int) -> dict[int, dict[int, BadgeAward]]:
    """badge id -> level -> the award the member holds (not revoked)."""
    found: dict[int, dict[int, BadgeAward]] = defaultdict(dict)
    for award in session.scalars(select(BadgeAward).where(
            BadgeAward.program_id == program_id, BadgeAward.member_id == member_id,
            BadgeAward.revoked_at.is_(None))):
        found[award.badge_id][award.level] = award
    return dict(found)


def member_award_rows(session: Session, *, program_id: int, member_id: int) -> Sequence[tuple[BadgeAward, str]]:
    """Every badge level the member earned, with the badge's name, in the order earned."""
    rows = session.execute(select(BadgeAward, Badge.name).join(Badge, Badge.id == BadgeAward.badge_id).where(
        BadgeAward.program_id == program_id, BadgeAward.member_id == member_id)
        .order_by(BadgeAward.earned_at, BadgeAward.id)).all()
    return [(award, str(name)) for award, name in rows]


def revoke_award(session: Session, *, award_id: int, at: datetime) -> bool:
    """Revoke the award unless it already is: True only for the one caller whose UPDATE found it
    live (on PostgreSQL a second caller waits on the row, then finds it revoked)."""
    return session.execute(update(BadgeAward).where(BadgeAward.id == award_id, BadgeAward.revoked_at.is_(None))
                           .values(revoked_at=at).returning(BadgeAward.id)).scalar_one_or_none() is not None


def add_award(session: Session, values: dict[str, Any]) -> int | None:
    """The new award's id, or None when the member already holds that level (a redelivered
    event, or another worker that got there first: on PostgreSQL this waits for it)."""
    return insert_ignoring_conflict(session, BadgeAward, values, ("member_id", "badge_id", "level"),
                                    conflict_where=BadgeAward.revoked_at.is_(None))


def highest_awarded_level(session: Session, *, badge_id: int) -> int:
    """The highest level of the badge any member holds (0 when nobody holds any)."""
    return int(session.scalar(select(func.max(BadgeAward.level)).where(BadgeAward.badge_id == badge_id,
                                                                       BadgeAward.revoked_at.is_(None))) or 0)


def set_award_reward(session: Session, *, award_id: int, points: int, voucher_code_id: int | None) -> None:
    session.execute(update(BadgeAward).where(BadgeAward.id == award_id)
                    .values(points_given=points, voucher_code_id=voucher_code_id))


def badge_holders(session: Session, *, badge_id: int, limit: int = 50) -> Sequence[Any]:
    return session.execute(select(BadgeAward.member_id, BadgeAward.level_name, BadgeAward.earned_at)
                           .where(BadgeAward.badge_id == badge_id, BadgeAward.revoked_at.is_(None))
                           .order_by(BadgeAward.earned_at.desc(), BadgeAward.id.desc()).limit(limit)).all()


# --- back-fills ------------------------------------------------------------------------------


def add_backfill(session: Session, *, program_id: int, badge_id: int, requested_by: str, at: datetime) -> None:
    session.add(BadgeBackfill(program_id=program_id, badge_id=badge_id, after_member_id=0, members_measured=0,
                              awarded=0, requested_by=requested_by, requested_at=at))
    session.flush()


def backfills_of(session: Session, *, badge_ids: Sequence[int]) -> dict[int, BadgeBackfill]:
    if not badge_ids:
        return {}
    return {row.badge_id: row for row in session.scalars(select(BadgeBackfill).where(
        BadgeBackfill.badge_id.in_(list(badge_ids))))}


def backfills_due(session: Session) -> list[tuple[int, int]]:
    return [(program_id, badge_id) for program_id, badge_id in session.execute(
        select(BadgeBackfill.program_id, BadgeBackfill.badge_id).where(BadgeBackfill.finished_at.is_(None))
        .order_by(BadgeBackfill.badge_id)).all()]


def lock_backfill(session: Session, *, badge_id: int) -> BadgeBackfill | None:
    """The back-fill's row, locked until the unit of work ends (on PostgreSQL a second worker
    waits, then reads the cursor the first one moved; SQLite's writers take turns)."""
    return session.scalars(for_update(select(BadgeBackfill).where(BadgeBackfill.badge_id == badge_id), session)
                           .execution_options(populate_existing=True)).one_or_none()


def advance_backfill(session: Session, *, badge_id: int, after_member_id: int | None, members: int, awarded: int,
                     finished_at: datetime | None) -> None:
    values: dict[str, Any] = {"members_measured": BadgeBackfill.members_measured + members,
                              "awarded": BadgeBackfill.awarded + awarded, "finished_at": finished_at}
    if after_member_id is not None:
        values["after_member_id"] = after_member_id
    session.execute(update(BadgeBackfill).where(BadgeBackfill.badge_id == badge_id).values(**values)
                    .execution_options(synchronize_session=False))


def members_after(session: Session, *, program_id: int, after_id: int, limit: int) -> list[tuple[int, str]]:
    """(member id, status) of the program's next `limit` members after `after_id`, by id."""
    return [(member_id, status) for member_id, status in session.execute(
        select(Member.id, Member.status).where(Member.program_id == program_id, Member.id > after_id)
        .order_by(Member.id).limit(limit)).all()]


# --- challenges ------------------------------------------------------------------------------


def get_challenge(session: Session, *, program_id: int, challenge_id: int) -> Challenge | None:
    return session.scalar(select(Challenge).where(Challenge.program_id == program_id, Challenge.id == challenge_id))


def challenge_named(session: Session, *, program_id: int, name: str) -> Challenge | None:
    return session.scalar(select(Challenge).where(Challenge.program_id == program_id, Challenge.name == name))


def list_challenges(session: Session, *, program_id: int, after_id: int | None, limit: int) -> Sequence[Challenge]:
    query = select(Challenge).where(Challenge.program_id == program_id)
    if after_id is not None:
        query = query.where(Challenge.id > after_id)
    return session.scalars(query.order_by(Challenge.id).limit(limit)).all()


def current_challenges(session: Session, *, program_id: int, now: datetime) -> Sequence[Challenge]:
    """Active challenges that have not ended, soonest end first."""
    return session.scalars(select(Challenge).where(
        Challenge.program_id == program_id, Challenge.is_active.is_(True), Challenge.ends_at > now)
        .order_by(Challenge.ends_at, Challenge.id)).all()


def challenges_open_to(session: Session, *, program_id: int, member_id: int, challenge_ids: Sequence[int],
                       now: datetime) -> set[int]:
    """Of these challenges, those still open to the member now: active, started, not ended, not
    completed by them, and a segment's challenge only while they are in it or already in the
    challenge (as the challenges screen shows it). One statement; the member's participation is
    found by its unique key."""
    if not challenge_ids:
        return set()
    participation = (ChallengeParticipant.challenge_id == Challenge.id, ChallengeParticipant.member_id == member_id)
    completed = exists().where(*participation, ChallengeParticipant.completed_at.is_not(None))
    in_challenge = exists().where(*participation)
    in_segment = exists().where(SegmentMember.program_id == program_id, SegmentMember.member_id == member_id,
                                SegmentMember.segment_id == Challenge.segment_id)
    return {int(challenge_id) for challenge_id in session.scalars(select(Challenge.id).where(
        Challenge.program_id == program_id, Challenge.id.in_(sorted(challenge_ids)), Challenge.is_active.is_(True),
        Challenge.starts_at <= now, Challenge.ends_at > now, ~completed,
        Challenge.segment_id.is_(None) | in_segment | in_challenge))}


def segment_challenges(session: Session, *, program_id: int, segment_ids: Sequence[int],
                       now: datetime) -> Sequence[Challenge]:
    if not segment_ids:
        return []
    return session.scalars(select(Challenge).where(
        Challenge.program_id == program_id, Challenge.is_active.is_(True), Challenge.ends_at > now,
        Challenge.segment_id.in_(list(segment_ids)))).all()


def has_anything_active(session: Session, *, program_id: int, ended_after: datetime) -> bool:
    """Whether the program has an active badge or an active challenge ended after `ended_after`."""
    return bool(session.scalar(select(
        exists().where(Badge.program_id == program_id, Badge.is_active.is_(True))
        | exists().where(Challenge.program_id == program_id, Challenge.is_active.is_(True),
                         Challenge.ends_at > ended_after))))


def add_participant(session: Session, values: dict[str, Any]) -> int | None:
    return insert_ignoring_conflict(session, ChallengeParticipant, values, ("challenge_id", "member_id"))


def enrol_segment(session: Session, *, challenge: Challenge, joined_at: datetime) -> int:
    """Every member of the challenge's segment not yet in it, in one INSERT … SELECT; how many."""
    assert challenge.segment_id is not None
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    chosen = select(literal(challenge.program_id), literal(challenge.id), SegmentMember.member_id,
                    literal(joined_at, ChallengeParticipant.joined_at.type), literal("segment"), literal(0),
                    literal(0)).where(SegmentMember.segment_id == challenge.segment_id)
    statement = module.insert(ChallengeParticipant).from_select(
        ["program_id", "challenge_id", "member_id", "joined_at", "source", "progress", "points_given"], chosen,
    ).on_conflict_do_nothing(index_elements=["challenge_id", "member_id"])
    return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]


def member_participations(session: Session, *, program_id: int, member_id: int) -> dict[int, ChallengeParticipant]:
    return {row.challenge_id: row for row in session.scalars(select(ChallengeParticipant).where(
        ChallengeParticipant.program_id == program_id, ChallengeParticipant.member_id == member_id))}


def member_participation_rows(session: Session, *, program_id: int, member_id: int
                              ) -> Sequence[tuple[ChallengeParticipant, str, str | None]]:
    """Every challenge the member is or was in, with its name and the code of any coupon it gave
    them, in the order joined."""
    rows = session.execute(
        select(ChallengeParticipant, Challenge.name, VoucherCode.code)
        .join(Challenge, Challenge.id == ChallengeParticipant.challenge_id)
        .outerjoin(VoucherCode, VoucherCode.id == ChallengeParticipant.voucher_code_id)
        .where(ChallengeParticipant.program_id == program_id, ChallengeParticipant.member_id == member_id)
        .order_by(ChallengeParticipant.joined_at, ChallengeParticipant.id)).all()
    return [(participant, str(name), code) for participant, name, code in rows]


def open_participations(session: Session, *, program_id: int, member_id: int,
                        ended_after: datetime) -> Sequence[tuple[ChallengeParticipant, Challenge]]:
    """The member's challenges not completed yet, active and ended after `ended_after` (a late
    event about activity inside the window still counts for a while)."""
    rows = session.execute(select(ChallengeParticipant, Challenge).join(
        Challenge, Challenge.id == ChallengeParticipant.challenge_id).where(
        ChallengeParticipant.program_id == program_id, ChallengeParticipant.member_id == member_id,
        ChallengeParticipant.completed_at.is_(None), Challenge.is_active.is_(True),
        Challenge.ends_at > ended_after).order_by(Challenge.id)).all()
    return [(participant, challenge) for participant, challenge in rows]


def completed_participations(session: Session, *, program_id: int, member_id: int,
                             ended_after: datetime) -> Sequence[tuple[ChallengeParticipant, Challenge]]:
    """The member's completed challenges that ended after `ended_after` (a refund made then)."""
    rows = session.execute(select(ChallengeParticipant, Challenge).join(
        Challenge, Challenge.id == ChallengeParticipant.challenge_id).where(
        ChallengeParticipant.program_id == program_id, ChallengeParticipant.member_id == member_id,
        ChallengeParticipant.completed_at.is_not(None), Challenge.ends_at > ended_after)
        .order_by(Challenge.id)).all()
    return [(participant, challenge) for participant, challenge in rows]


def reverse_completion(session: Session, *, participant_id: int, reversals: int, progress: int,
                       at: datetime) -> bool:
    """Put a completed participation back in progress, once per completion: True only for the
    caller whose UPDATE found it still completed with the `reversals` count it read (a
    completion is the k-th after k-1 reversals, so no later completion is reversed by mistake)."""
    return session.execute(update(ChallengeParticipant).where(
        ChallengeParticipant.id == participant_id, ChallengeParticipant.completed_at.is_not(None),
        ChallengeParticipant.reversals == reversals)
        .values(completed_at=None, progress=progress, progress_at=at, points_given=0, voucher_code_id=None,
                reversals=ChallengeParticipant.reversals + 1)
        .returning(ChallengeParticipant.id)).scalar_one_or_none() is not None


def set_progress(session: Session, *, participant_id: int, progress: int, at: datetime) -> None:
    session.execute(update(ChallengeParticipant).where(ChallengeParticipant.id == participant_id,
                                                       ChallengeParticipant.completed_at.is_(None))
                    .values(progress=progress, progress_at=at))


def complete(session: Session, *, participant_id: int, progress: int, at: datetime) -> bool:
    """Mark the participation completed, unless it already is: True only for the one caller
    whose UPDATE found `completed_at` empty. On PostgreSQL a second caller waits on the row
    until the first commits, then finds it set; on SQLite writers take turns."""
    done = session.execute(update(ChallengeParticipant).where(
        ChallengeParticipant.id == participant_id, ChallengeParticipant.completed_at.is_(None))
        .values(completed_at=at, progress=progress, progress_at=at)
        .returning(ChallengeParticipant.id)).scalar_one_or_none()
    return done is not None


def set_participant_reward(session: Session, *, participant_id: int, points: int,
                           voucher_code_id: int | None) -> None:
    session.execute(update(ChallengeParticipant).where(ChallengeParticipant.id == participant_id)
                    .values(points_given=points, voucher_code_id=voucher_code_id))


def challenge_stats(session: Session, *, challenge_id: int, goal: int) -> tuple[int, int, int, int]:
    """(participants, completed, mean percent, points given)."""
    capped = case((ChallengeParticipant.progress >= goal, goal), else_=ChallengeParticipant.progress)
    row = session.execute(select(
        func.count(), func.count(ChallengeParticipant.completed_at),
        func.coalesce(func.avg(capped * 100 / goal), 0), func.coalesce(func.sum(ChallengeParticipant.points_given), 0))
        .where(ChallengeParticipant.challenge_id == challenge_id)).one()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def participants(session: Session, *, challenge_id: int, limit: int = 50) -> Sequence[ChallengeParticipant]:
    return session.scalars(select(ChallengeParticipant).where(ChallengeParticipant.challenge_id == challenge_id)
                           .order_by(ChallengeParticipant.progress.desc(), ChallengeParticipant.id)
                           .limit(limit)).all()


# --- a member's activity ---------------------------------------------------------------------


def member_purchases(session: Session, *, program_id: int, member_id: int) -> list[PurchaseFact]:
    """The member's purchases with their lines, oldest first (two index reads)."""
    purchases = session.execute(select(
        Purchase.id, Purchase.occurred_at, Purchase.channel, Purchase.store_code, Purchase.total_minor,
        Purchase.refunded_minor).where(Purchase.program_id == program_id, Purchase.member_id == member_id)
        .order_by(Purchase.occurred_at, Purchase.id)).all()
    if not purchases:
        return []
    lines: dict[int, list[LineFact]] = defaultdict(list)
    ids = [row.id for row in purchases]
    for start in range(0, len(ids), 500):
        for purchase_id, sku, category, amount, refunded_quantity, quantity in session.execute(select(
                PurchaseLine.purchase_id, PurchaseLine.sku, PurchaseLine.category, PurchaseLine.amount_minor,
                PurchaseLine.refunded_quantity, PurchaseLine.quantity)
                .where(PurchaseLine.purchase_id.in_(ids[start:start + 500]))
                .order_by(PurchaseLine.purchase_id, PurchaseLine.line_no)).all():
            if refunded_quantity < quantity:
                lines[purchase_id].append(LineFact(sku=sku, category=category, amount=amount))
    return [PurchaseFact(id=row.id, occurred_at=row.occurred_at, channel=row.channel, store=row.store_code,
                         total=row.total_minor - row.refunded_minor,
                         is_refunded=row.refunded_minor >= row.total_minor > 0,
                         lines=tuple(lines.get(row.id, ()))) for row in purchases]


def member_custom_events(session: Session, *, program_id: int, member_id: int) -> list[EventFact]:
    """The member's custom events (by their `type`) and their actions of MEMBER_ACTIONS (by the
    event's own type: `survey.answered`, `review.submitted`…), oldest first."""
    found = []
    for kind, occurred_at, payload in session.execute(select(Event.type, Event.occurred_at, Event.payload).where(
            Event.program_id == program_id, Event.member_id == member_id,
            Event.type.in_(["custom_event.received", *sorted(MEMBER_ACTIONS)])).order_by(Event.id)).all():
        if kind in MEMBER_ACTIONS:
            found.append(EventFact(occurred_at=occurred_at, type=kind, payload=payload if isinstance(payload, dict)
                                   else {}))
        elif isinstance(payload, dict) and isinstance(payload.get("type"), str):
            inner = payload.get("payload")
            found.append(EventFact(occurred_at=occurred_at, type=payload["type"],
                                   payload=inner if isinstance(inner, dict) else {}))
    return found
