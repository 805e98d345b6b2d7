"""Queries on the VAPID key and the push subscriptions: the only SQL of this domain."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from loyalty.push.models import PushKey, PushSubscription

KEY_ID = 1


def key(session: Session) -> PushKey | None:
    return session.get(PushKey, KEY_ID)


def add_key_once(session: Session, *, private_key: str, public_key: str, now: datetime) -> None:
    """Inserts the key pair unless one is there: two processes making their first key at once
    both end up with the one that was inserted first."""
    module: Any = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(module.insert(PushKey).values(id=KEY_ID, private_key=private_key, public_key=public_key,
                                                  created_at=now).on_conflict_do_nothing(index_elements=["id"]))


def upsert_subscription(session: Session, *, program_id: int, member_id: int, endpoint: str, p256dh: str,
                        auth: str, user_agent: str | None, now: datetime) -> int:
    """One row per program and endpoint: a browser subscribing again (or another member of the
    same program on the same browser) takes the program's row over, with fresh keys, and revives
    it if it was gone. Another program's row with the same endpoint is never touched."""
    module: Any = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = module.insert(PushSubscription).values(
        program_id=program_id, member_id=member_id, endpoint=endpoint, p256dh=p256dh, auth=auth,
        user_agent=user_agent, created_at=now)
    statement = statement.on_conflict_do_update(index_elements=["program_id", "endpoint"], set_={
        "member_id": member_id, "p256dh": p256dh, "auth": auth,
        "user_agent": user_agent, "created_at": now, "gone_at": None, "last_success_at": None,
    }).returning(PushSubscription.id)
    return cast(int, session.execute(statement).scalar_one())


def mark_gone(session: Session, *, subscription_ids: Sequence[int], now: datetime,
              member_id: int | None = None, endpoint: str | None = None) -> int:
    statement = update(PushSubscription).where(PushSubscription.gone_at.is_(None))
    if subscription_ids:
        statement = statement.where(PushSubscription.id.in_(list(subscription_ids)))
    if member_id is not None:
        statement = statement.where(PushSubscription.member_id == member_id)
    if endpoint is not None:
        statement = statement.where(PushSubscription.endpoint == endpoint)
    result = cast(CursorResult[Any], session.execute(statement.values(gone_at=now)))
    return result.rowcount


def mark_success(session: Session, *, subscription_ids: Sequence[int], now: datetime) -> None:
    if subscription_ids:
        session.execute(update(PushSubscription).where(PushSubscription.id.in_(list(subscription_ids)))
                        .values(last_success_at=now))


def subscriptions(session: Session, *, program_id: int, member_id: int, live_only: bool) -> Sequence[PushSubscription]:
    query = (select(PushSubscription).where(PushSubscription.program_id == program_id,
                                            PushSubscription.member_id == member_id)
             .order_by(PushSubscription.id))
    if live_only:
        query = query.where(PushSubscription.gone_at.is_(None))
    return session.scalars(query).all()


def count_live(session: Session, *, program_id: int, member_id: int) -> int:
    return cast(int, session.scalar(select(func.count()).select_from(PushSubscription).where(
        PushSubscription.program_id == program_id, PushSubscription.member_id == member_id,
        PushSubscription.gone_at.is_(None))))


def mark_oldest_gone(session: Session, *, program_id: int, member_id: int, keep: int, newest_id: int,
                     now: datetime) -> int:
    """Marks gone the member's live subscriptions beyond the `keep` newest (`newest_id`, the one
    just subscribed, then by when each was last subscribed); how many it marked."""
    others = session.scalars(select(PushSubscription.id).where(
        PushSubscription.program_id == program_id, PushSubscription.member_id == member_id,
        PushSubscription.gone_at.is_(None), PushSubscription.id != newest_id)
        .order_by(PushSubscription.created_at.desc(), PushSubscription.id.desc())).all()
    extra = list(others[max(keep - 1, 0):])
    return mark_gone(session, subscription_ids=extra, now=now) if extra else 0
