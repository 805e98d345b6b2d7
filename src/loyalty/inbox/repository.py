"""Queries on the inbox: the only SQL of this domain."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from loyalty.inbox.models import InboxMessage


def add_once(session: Session, values: dict[str, Any]) -> None:
    """Keeps the message unless it is kept already (a delivery retried after a passing failure)."""
    module: Any = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(module.insert(InboxMessage).values(**values).on_conflict_do_nothing(
        index_elements=["message_id"]))


def member_items(session: Session, *, program_id: int, member_id: int, before_message_id: int | None,
                 limit: int) -> Sequence[InboxMessage]:
    query = select(InboxMessage).where(InboxMessage.program_id == program_id, InboxMessage.member_id == member_id)
    if before_message_id is not None:
        query = query.where(InboxMessage.message_id < before_message_id)
    return session.scalars(query.order_by(InboxMessage.message_id.desc()).limit(limit)).all()


def member_item(session: Session, *, program_id: int, member_id: int, message_id: int) -> InboxMessage | None:
    return session.scalar(select(InboxMessage).where(
        InboxMessage.program_id == program_id, InboxMessage.member_id == member_id,
        InboxMessage.message_id == message_id))


def unread_count(session: Session, *, program_id: int, member_id: int) -> int:
    return int(session.scalar(select(func.count()).select_from(InboxMessage).where(
        InboxMessage.member_id == member_id, InboxMessage.program_id == program_id,
        InboxMessage.read_at.is_(None))) or 0)


def mark_read(session: Session, *, item_id: int, now: datetime) -> bool:
    """Whether this was the first reading (two taps at once: one of them is)."""
    result = cast(CursorResult[Any], session.execute(
        update(InboxMessage).where(InboxMessage.id == item_id, InboxMessage.read_at.is_(None))
        .values(read_at=now).execution_options(synchronize_session=False)))
    return bool(result.rowcount)
