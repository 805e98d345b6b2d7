from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from loyalty.db.base import core_table
from loyalty.events.models import Event

# The Core table, built once: events are written on every change and never loaded back as objects here.
_INSERT_EVENTS = insert(core_table(Event))


def add_events(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(_INSERT_EVENTS, rows)


def member_events(session: Session, *, program_id: int, member_id: int, before_id: int | None,
                  limit: int) -> Sequence[Event]:
    query = select(Event).where(Event.program_id == program_id, Event.member_id == member_id)
    if before_id is not None:
        query = query.where(Event.id < before_id)
    return session.scalars(query.order_by(Event.id.desc()).limit(limit)).all()
