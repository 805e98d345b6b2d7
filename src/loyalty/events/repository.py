from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, exists, func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from loyalty.db import deferred
from loyalty.db.base import core_table
from loyalty.db.direct import DirectStatement, JsonRowsStatement
from loyalty.events.models import Event, EventCursor, EventFailure

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


# --- The stream, for subscribers (loyalty.worker.consumer) ---

# The batch: the subscriber's types past its cursor, up to the horizon.
_NEXT_EVENTS_POSTGRESQL = text("""
SELECT id, tx, program_id, member_id, type, occurred_at, recorded_at, actor, payload FROM events
WHERE (tx, id) > (:tx, :event_id) AND (tx, id) <= (:horizon_tx, :horizon_id) AND type = ANY(:types)
ORDER BY tx, id LIMIT :limit""")
# The horizon: the newest event of a transaction below `final_below`. Everything up to it in (tx,
# id) order has committed or never will, so the batch read next, bounded by it, sees all of it.
_HORIZON_POSTGRESQL = text("""
SELECT tx, id FROM events WHERE (tx, id) > (:tx, :event_id) AND tx < :final_below
ORDER BY tx DESC, id DESC LIMIT 1""")
_WAITING_POSTGRESQL = text("""
SELECT count(*) FROM events WHERE (tx, id) > (:tx, :event_id) AND type = ANY(:types)
  AND (CAST(:program_id AS bigint) IS NULL OR program_id = :program_id)""")
# The oldest transaction of this database still running, as a 64-bit id (pg_stat_activity shows
# 32 bits: the epoch comes from the next id, one less when the counter wrapped in between).
# An id more than 2**31 above the next one's low bits is from the previous epoch; one a little
# above it began after the next id was read (min() with the next id then leaves it out).
# `:next` is cast to bigint: the driver sends an int below 2**31 as a 32-bit integer, whose
# shift by 32 shifts by nothing (PostgreSQL takes the count modulo 32), and every running
# transaction then came out 2**32 too small, as did any that began after the next id was read:
# the horizon was none at all whenever another transaction of this database had written,
# which under load is nearly always (the worker stalled).
_OLDEST_RUNNING_HERE = text("""
WITH epoch AS (SELECT CAST(:next AS bigint) AS next, (CAST(:next AS bigint) >> 32) << 32 AS base)
SELECT min(CASE WHEN epoch.base + backend_xid::text::bigint > epoch.next + 2147483648
                THEN epoch.base + backend_xid::text::bigint - 4294967296
                ELSE epoch.base + backend_xid::text::bigint END)
FROM pg_stat_activity, epoch
WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL""")


def final_below(session: Session) -> int:
    """PostgreSQL: every transaction with a smaller id has ended, so its events are final.

    Only this database's transactions count (only they write its events): a long transaction in
    another database of the cluster holds nothing back, which the cluster-wide snapshot xmin
    would. The next transaction id is read first; a transaction that begins after that gets a
    larger id, and one running then is still running when pg_stat_activity is read, or has ended.
    """
    following = int(session.execute(text("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint"))
                    .scalar_one())
    session.execute(text("SELECT pg_stat_clear_snapshot()"))  # pg_stat_activity as it is now, not as first read
    oldest = session.execute(_OLDEST_RUNNING_HERE, {"next": following}).scalar_one()
    return following if oldest is None else min(following, int(oldest))


def _sqlite_next(types: Sequence[str], limit: int) -> Any:
    return (select(Event).where(Event.id > bindparam("event_id"), Event.id <= bindparam("horizon_id"),
                                Event.type.in_(list(types)))
            .order_by(Event.id).limit(limit))


def stream_start(session: Session, *, beginning: bool) -> tuple[int, int]:
    """A new cursor's place: before every event, or after those already final."""
    if beginning:
        return (-1, 0)
    if session.get_bind().dialect.name == "postgresql":
        return (final_below(session) - 1, 2**62)
    return (0, int(session.scalar(select(func.coalesce(func.max(Event.id), 0))) or 0))


def lock_cursor(session: Session, subscriber: str, *, wait: bool) -> EventCursor | None:
    """The subscriber's cursor, locked until the unit of work ends; None when another worker holds it."""
    query = select(EventCursor).where(EventCursor.subscriber == subscriber)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=not wait)
    return session.scalars(query).one_or_none()


def create_cursor(session: Session, subscriber: str, place: tuple[int, int], now: datetime) -> None:
    insert_ignoring_conflict_without_id(session, EventCursor, {
        "subscriber": subscriber, "tx": place[0], "event_id": place[1], "handled": 0, "updated_at": now})


def next_events(session: Session, cursor: EventCursor, horizon: tuple[int, int], types: Sequence[str],
                limit: int) -> list[Any]:
    """The subscriber's next events past its cursor, up to `horizon` (from `stream_horizon`)."""
    if session.get_bind().dialect.name == "postgresql":
        return list(session.execute(_NEXT_EVENTS_POSTGRESQL, {
            "tx": cursor.tx, "event_id": cursor.event_id, "horizon_tx": horizon[0], "horizon_id": horizon[1],
            "types": list(types), "limit": limit}).all())
    rows = session.scalars(_sqlite_next(types, limit), {"event_id": cursor.event_id, "horizon_id": horizon[1]}).all()
    return list(rows)


def stream_horizon(session: Session, cursor: EventCursor) -> tuple[int, int] | None:
    """The last final event past the cursor, of any type (PostgreSQL); SQLite: the newest event."""
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(_HORIZON_POSTGRESQL, {"tx": cursor.tx, "event_id": cursor.event_id,
                                                    "final_below": final_below(session)}).first()
        return (int(row.tx), int(row.id)) if row else None
    newest = session.scalar(select(func.max(Event.id)).where(Event.id > cursor.event_id))
    return (0, int(newest)) if newest is not None else None


def events_waiting(session: Session, cursor: EventCursor, types: Sequence[str], *,
                   program_id: int | None = None) -> int:
    """Events of the subscriber's types past its cursor, final or not yet (of one program, if given)."""
    if session.get_bind().dialect.name == "postgresql":
        return int(session.execute(_WAITING_POSTGRESQL, {
            "tx": cursor.tx, "event_id": cursor.event_id, "types": list(types), "program_id": program_id}).scalar_one())
    query = select(func.count()).select_from(Event).where(Event.id > cursor.event_id, Event.type.in_(list(types)))
    if program_id is not None:
        query = query.where(Event.program_id == program_id)
    return int(session.scalar(query) or 0)


def list_cursors(session: Session) -> Sequence[EventCursor]:
    return session.scalars(select(EventCursor).order_by(EventCursor.subscriber)).all()


def newest_event(session: Session) -> Any:
    return session.execute(select(Event.id, Event.recorded_at).order_by(Event.id.desc()).limit(1)).first()


def event_by_id(session: Session, event_id: int) -> Event | None:
    return session.get(Event, event_id)


# --- The dead-letter list ---

def add_failure(session: Session, values: dict[str, Any]) -> None:
    insert_ignoring_conflict_without_id(session, EventFailure, values, conflict=("subscriber", "event_id"))


def lock_failure(session: Session, failure_id: int) -> EventFailure | None:
    query = select(EventFailure).where(EventFailure.id == failure_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def claim_failures_to_retry(session: Session, *, now: datetime, lost_before: datetime, limit: int) -> list[int]:
    """Pending failures without a retry job (or whose job was lost): marked as deferred now."""
    due = select(EventFailure.id).where(
        EventFailure.status == "pending",
        (EventFailure.job_deferred_at.is_(None)) | (EventFailure.job_deferred_at < lost_before),
    ).order_by(EventFailure.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = list(session.scalars(due).all())
    if ids:
        session.execute(update(EventFailure).where(EventFailure.id.in_(ids)).values(job_deferred_at=now))
    return ids


def forget_deferred_jobs(session: Session) -> None:
    """Every pending failure needs a new retry job (the in-memory job engine started afresh)."""
    session.execute(update(EventFailure).where(EventFailure.status == "pending").values(job_deferred_at=None))


def list_failures(session: Session, *, program_id: int, status: str | None, before_id: int | None,
                  limit: int) -> Sequence[EventFailure]:
    query = select(EventFailure).where(EventFailure.program_id == program_id)
    if status is not None:
        query = query.where(EventFailure.status == status)
    if before_id is not None:
        query = query.where(EventFailure.id < before_id)
    return session.scalars(query.order_by(EventFailure.id.desc()).limit(limit)).all()


def count_failures(session: Session, *, program_id: int) -> dict[str, int]:
    rows = session.execute(select(EventFailure.status, func.count()).where(
        EventFailure.program_id == program_id).group_by(EventFailure.status)).all()
    return {status: int(count) for status, count in rows}


def insert_ignoring_conflict_without_id(session: Session, model: Any, values: dict[str, Any],
                                        conflict: Sequence[str] | None = None) -> None:
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(model).values(**values).on_conflict_do_nothing(
        index_elements=list(conflict) if conflict else None)
    session.execute(statement)


def oldest_waiting(session: Session, cursor: EventCursor, types: Sequence[str], *,
                   program_id: int | None = None) -> datetime | None:
    query = select(func.min(Event.recorded_at)).where(Event.type.in_(list(types)))
    if program_id is not None:
        query = query.where(Event.program_id == program_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.where(func.row(Event.tx, Event.id) > func.row(cursor.tx, cursor.event_id))
    else:
        query = query.where(Event.id > cursor.event_id)
    return session.scalar(query)
