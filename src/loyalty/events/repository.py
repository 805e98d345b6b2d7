from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import exists, insert, select, text
from sqlalchemy.orm import Session

from loyalty.db import deferred
from loyalty.db.base import core_table
from loyalty.db.direct import DirectStatement, JsonRowsStatement
from loyalty.events.models import Event

# The Core table, built once: events are written on every change and never loaded back as objects here.
_INSERT_EVENTS = DirectStatement(insert(core_table(Event)), for_many=True, columns=[
    "program_id", "member_id", "type", "actor", "payload", "occurred_at", "recorded_at"])


# PostgreSQL: the unit's events in one statement.
_INSERT_EVENTS_POSTGRESQL = JsonRowsStatement(text("""
INSERT INTO events (program_id, member_id, type, actor, payload, occurred_at, recorded_at)
SELECT e.program_id, e.member_id, e.type, e.actor, e.payload, e.occurred_at, e.recorded_at
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS e(program_id bigint, member_id bigint, type varchar, actor varchar,
                                                  payload jsonb, occurred_at timestamptz, recorded_at timestamptz)
"""))


def add_events_at_commit(session: Session, rows: list[dict[str, Any]]) -> None:
    """Written with the unit of work's COMMIT (db.deferred): the unit never reads them back."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    deferred.write_at_commit(session, _INSERT_EVENTS_POSTGRESQL if postgresql else _INSERT_EVENTS, rows)


def member_events(session: Session, *, program_id: int, member_id: int, before_id: int | None,
                  limit: int) -> Sequence[Event]:
    query = select(Event).where(Event.program_id == program_id, Event.member_id == member_id)
    if before_id is not None:
        query = query.where(Event.id < before_id)
    return session.scalars(query.order_by(Event.id.desc()).limit(limit)).all()


def has_program_event(session: Session, *, program_id: int, type: str) -> bool:
    """Whether the program itself (no member) has an event of `type`: ix_events_program_member
    with member_id NULL reads the program's own events (anonymous receipts among them), not its
    members' whole history."""
    return bool(session.scalar(select(exists().where(
        Event.program_id == program_id, Event.member_id.is_(None), Event.type == type))))
