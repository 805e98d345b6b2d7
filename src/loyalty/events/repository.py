from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from loyalty.db import deferred
from loyalty.db.base import core_table
from loyalty.db.direct import DirectStatement
from loyalty.events.models import Event

# The Core table, built once: events are written on every change and never loaded back as objects here.
_INSERT_EVENTS = DirectStatement(insert(core_table(Event)), for_many=True, columns=[
    "program_id", "member_id", "type", "actor", "payload", "occurred_at", "recorded_at"])


def add_events_later(session: Session, rows: list[dict[str, Any]]) -> None:
    """Written with the unit of work's next statement or its COMMIT (db.deferred)."""
    deferred.write_later(session, _INSERT_EVENTS, rows)


def member_events(session: Session, *, program_id: int, member_id: int, before_id: int | None,
                  limit: int) -> Sequence[Event]:
    query = select(Event).where(Event.program_id == program_id, Event.member_id == member_id)
    if before_id is not None:
        query = query.where(Event.id < before_id)
    return session.scalars(query.order_by(Event.id.desc()).limit(limit)).all()
