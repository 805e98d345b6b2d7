"""Appending events: every change of state writes one, in the same transaction.

Events are queued on the unit of work and written by one INSERT just before it commits: a
purchase that records four events costs one statement, not four. A rolled-back unit of
work, or a rolled-back savepoint, drops the events recorded inside it, exactly as if they
had been written there and rolled back with it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from loyalty.events import repository
from loyalty.kernel import clock

_QUEUE = "loyalty.events.queue"
_ROLLED_BACK = "loyalty.events.rolled_back_savepoints"


def record(*, session: Session, program_id: int, type: str, actor: str, member_id: int | None = None,
           payload: dict[str, Any] | None = None, occurred_at: datetime | None = None) -> None:
    """Queue an event row; it is written with the unit of work (or not at all)."""
    now = clock.now()
    _enqueue(session, [{
        "program_id": program_id, "member_id": member_id, "type": type, "actor": actor,
        "payload": payload or {}, "occurred_at": occurred_at or now, "recorded_at": now,
    }])


def record_many(*, session: Session, rows: list[dict[str, Any]]) -> None:
    """Several events at once; each row as for `record`."""
    now = clock.now()
    _enqueue(session, [
        {"member_id": None, "payload": {}, "occurred_at": now, **row, "recorded_at": now} for row in rows
    ])


def _enqueue(session: Session, rows: list[dict[str, Any]]) -> None:
    # The innermost savepoint (None outside any) decides whether the rows survive its rollback.
    savepoint = session.get_nested_transaction()
    session.info.setdefault(_QUEUE, []).extend((savepoint, row) for row in rows)


def _inside(savepoint: SessionTransaction | None, rolled_back: list[SessionTransaction]) -> bool:
    while savepoint is not None and savepoint.nested:
        if any(savepoint is gone for gone in rolled_back):
            return True
        savepoint = savepoint.parent
    return False


def _write_queued(session: Session) -> None:
    queue: list[tuple[SessionTransaction | None, dict[str, Any]]] = session.info.pop(_QUEUE, [])
    rolled_back: list[SessionTransaction] = session.info.pop(_ROLLED_BACK, [])
    rows = [row for savepoint, row in queue if not _inside(savepoint, rolled_back)]
    if rows:
        repository.add_events(session, rows)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    # Also fired when a savepoint is released; the rows wait for the outermost commit.
    if not session.in_nested_transaction():
        _write_queued(session)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.nested:
        session.info.setdefault(_ROLLED_BACK, []).append(previous_transaction)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the unit of work is over: committed (written) or rolled back (dropped)
        session.info.pop(_QUEUE, None)
        session.info.pop(_ROLLED_BACK, None)


def timeline(*, session: Session, program_id: int, member_id: int, before_id: int | None,
             limit: int) -> list[Any]:
    return list(repository.member_events(session, program_id=program_id, member_id=member_id,
                                         before_id=before_id, limit=limit))
