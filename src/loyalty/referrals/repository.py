"""Queries on referral programmes and referrals, and the few member lookups referrals need."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, func, select, update
from sqlalchemy.orm import Session

from loyalty.db.dialects import for_update, insert_ignoring_conflict
from loyalty.members.models import Member
from loyalty.referrals.models import REWARDED, Referral, ReferralProgram

# Programme settings


def get_settings(session: Session, *, program_id: int) -> ReferralProgram | None:
    return session.scalars(select(ReferralProgram).where(ReferralProgram.program_id == program_id)).one_or_none()


def locked_settings(session: Session, *, program_id: int, defaults: dict[str, Any]) -> ReferralProgram:
    """The programme's row, created from `defaults` on first use, locked for a change.

    Two first saves racing insert once (ON CONFLICT DO NOTHING) and then queue on the lock.
    """
    insert_ignoring_conflict(session, ReferralProgram, {"program_id": program_id, **defaults}, ["program_id"])
    query = for_update(select(ReferralProgram).where(ReferralProgram.program_id == program_id), session)
    return session.scalars(query.execution_options(populate_existing=True)).one()


def save_settings(session: Session, row: ReferralProgram, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()


# Members, read by their referral code


def member_by_code(session: Session, *, program_id: int, code: str) -> Member | None:
    return session.scalars(select(Member).where(Member.program_id == program_id,
                                                Member.referral_code == code)).one_or_none()


def programs_with_code(session: Session, *, code: str, program_ids: Sequence[int]) -> list[int]:
    """The programs (among `program_ids`) whose members include one with `code`.

    Codes are unique per program only; naming the programs lets the (program_id,
    referral_code) unique index answer instead of a scan of every member.
    """
    if not program_ids:
        return []
    query = select(Member.program_id).where(Member.program_id.in_(list(program_ids)), Member.referral_code == code)
    return sorted(session.scalars(query).all())


def set_referred_by(session: Session, *, member_id: int, referrer_id: int) -> None:
    # members.referred_by_id mirrors the referral for readers of the members table (segments).
    session.execute(update(Member).where(Member.id == member_id).values(referred_by_id=referrer_id)
                    .execution_options(synchronize_session="fetch"))


# Referrals


def add_referral(session: Session, referral: Referral) -> None:
    session.add(referral)
    session.flush()


_REFERRAL_OF_REFEREE = select(Referral).where(Referral.program_id == bindparam("program_id"),
                                              Referral.referee_id == bindparam("referee_id"))


def referral_of_referee(session: Session, *, program_id: int, referee_id: int) -> Referral | None:
    return session.scalars(_REFERRAL_OF_REFEREE, {"program_id": program_id, "referee_id": referee_id}).one_or_none()


def lock_referrer(session: Session, *, referrer_id: int) -> None:
    """Serialize the settling of one referrer's referrals (the cap is counted, then consumed).

    The referrer's oldest referral row is the lock: every referral of theirs has it, it never
    goes away, and it is the lowest id the transaction will touch (primary-key order).
    SQLite's BEGIN IMMEDIATE serializes writers already.
    """
    query = select(Referral.id).where(Referral.referrer_id == referrer_id).order_by(Referral.id).limit(1)
    session.execute(for_update(query, session)).first()


def count_rewarded_since(session: Session, *, referrer_id: int, since: datetime) -> int:
    """Referrals that rewarded this referrer at or after `since` and still stand."""
    query = select(func.count()).select_from(Referral).where(
        Referral.referrer_id == referrer_id, Referral.status == REWARDED, Referral.referrer_points > 0,
        Referral.rewarded_at >= since,
    )
    return int(session.scalar(query) or 0)


def settle(session: Session, *, referral_id: int, from_statuses: Sequence[str], values: dict[str, Any]) -> bool:
    """Move a referral on only if it is still in one of `from_statuses`; False when another
    request moved it first (the guarded UPDATE is the decision, so it happens once)."""
    result = cast(CursorResult[Any], session.execute(
        update(Referral).where(Referral.id == referral_id, Referral.status.in_(list(from_statuses)))
        .values(**values).execution_options(synchronize_session="fetch")
    ))
    return result.rowcount == 1


def set_transactions(session: Session, *, referral_id: int, values: dict[str, Any]) -> None:
    session.execute(update(Referral).where(Referral.id == referral_id).values(**values)
                    .execution_options(synchronize_session="fetch"))


def rewarded_by_purchase(session: Session, *, program_id: int, purchase_id: int) -> Referral | None:
    """The referral this purchase qualified that gave someone points (what a refund may take back)."""
    query = select(Referral).where(
        Referral.program_id == program_id, Referral.qualifying_purchase_id == purchase_id,
        (Referral.referrer_points > 0) | (Referral.referee_points > 0),
    )
    return session.scalars(query.order_by(Referral.id).limit(1)).first()


def referees_of(session: Session, *, program_id: int, referrer_id: int, before_id: int | None,
                limit: int) -> Sequence[Referral]:
    query = select(Referral).where(Referral.program_id == program_id, Referral.referrer_id == referrer_id)
    if before_id is not None:
        query = query.where(Referral.id < before_id)
    return session.scalars(query.order_by(Referral.id.desc()).limit(limit)).all()


def counts_by_status(session: Session, *, program_id: int, referrer_id: int) -> dict[str, int]:
    query = (select(Referral.status, func.count()).where(Referral.program_id == program_id,
                                                         Referral.referrer_id == referrer_id)
             .group_by(Referral.status))
    return {status: int(count) for status, count in session.execute(query)}


def member_referral_rows(session: Session, *, program_id: int, member_id: int) -> Sequence[Referral]:
    """The referrals where the member is the referrer or the referee, oldest first."""
    return session.scalars(select(Referral).where(
        Referral.program_id == program_id, (Referral.referrer_id == member_id) | (Referral.referee_id == member_id))
        .order_by(Referral.linked_at, Referral.id)).all()
