"""Writes sent later in their unit of work: with its COMMIT, in one round trip on PostgreSQL.

Some rows are written only to be read by later units of work: a purchase's events, the
awards behind its points, the outcome stored for retries. Each statement of a unit costs a
round trip to the database, about 90 µs of CPU on both sides. Queued here, such rows are
sent together: those still queued at commit go in one psycopg pipeline with the COMMIT
itself (SQLite has no round trips and runs them just before its COMMIT).

Rows queued with `write_later` are sent before the unit's next statement, whatever runs it
(a `DirectStatement`, `Session.execute`, an ORM flush, a Core statement on `connection()`),
so the unit reads its own writes.
Rows queued with `write_at_commit` (events: the unit never reads them back) wait for the
COMMIT even when statements follow. Rows of one statement go in one batch, statements in
the order first queued: queue only writes that do not depend on each other's order.

A savepoint that rolls back drops the rows queued inside it, exactly as if they had been
written there and rolled back with it; a unit of work that rolls back drops them all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import Connection, event
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

QUEUE = "loyalty.deferred.queue"
READ_BACK = "loyalty.deferred.queued_rows_the_unit_may_read"  # set while write_later rows wait
_ROLLED_BACK = "loyalty.deferred.rolled_back_savepoints"


class Batched(Protocol):
    """What can be queued: `DirectStatement`, or `JsonRowsStatement` (one statement for many rows)."""

    def execute_many(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> None: ...


def write_later(session: Session, statement: Batched, rows: Sequence[Mapping[str, Any]]) -> None:
    """Queue `rows` for `statement` (an INSERT or UPDATE whose results nobody needs); sent
    before the unit's next statement, or with its COMMIT."""
    _queue(session, statement, rows, at_commit=False)


def write_at_commit(session: Session, statement: Batched, rows: Sequence[Mapping[str, Any]]) -> None:
    """Queue `rows` that this unit of work never reads back; sent with its COMMIT."""
    _queue(session, statement, rows, at_commit=True)


def _queue(session: Session, statement: Batched, rows: Sequence[Mapping[str, Any]], *, at_commit: bool) -> None:
    # The innermost savepoint (None outside any) decides whether the rows survive its rollback.
    savepoint = session.get_nested_transaction()
    queue = session.info.setdefault(QUEUE, [])
    queue.extend((savepoint, statement, row, at_commit) for row in rows)
    if not at_commit:
        session.info[READ_BACK] = True


def write_pending(session: Session) -> None:
    """Send now what the unit may read back (rows queued with `write_later`)."""
    for statement, rows in _take(session, everything=False):
        statement.execute_many(session, rows)


def connection(session: Session) -> Connection:
    """The session's connection, for Core statements run on it directly (no event sees those):
    what the unit may read back is sent first."""
    if session.info.get(READ_BACK):
        write_pending(session)
    return session.connection()


def _take(session: Session, *, everything: bool) -> list[tuple[Batched, list[Mapping[str, Any]]]]:
    queue: list[tuple[SessionTransaction | None, Batched, Mapping[str, Any], bool]] = session.info.pop(QUEUE, [])
    session.info.pop(READ_BACK, None)
    rolled_back: list[SessionTransaction] = session.info.get(_ROLLED_BACK, [])
    batches: dict[int, tuple[Batched, list[Mapping[str, Any]]]] = {}
    waiting = []
    for item in queue:
        savepoint, statement, row, at_commit = item
        if _inside(savepoint, rolled_back):
            continue
        if at_commit and not everything:
            waiting.append(item)
            continue
        batches.setdefault(id(statement), (statement, []))[1].append(row)
    if waiting:
        session.info[QUEUE] = waiting
    return list(batches.values())


def _inside(savepoint: SessionTransaction | None, rolled_back: list[SessionTransaction]) -> bool:
    while savepoint is not None and savepoint.nested:
        if any(savepoint is gone for gone in rolled_back):
            return True
        savepoint = savepoint.parent
    return False


@event.listens_for(Session, "do_orm_execute")
def _before_session_execute(state: ORMExecuteState) -> None:
    if state.session.info.get(READ_BACK):
        write_pending(state.session)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(READ_BACK):
        write_pending(session)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    # Also fired when a savepoint is released; the rows wait for the outermost commit.
    if session.in_nested_transaction() or not session.info.get(QUEUE):
        return
    session.flush()  # the ORM's own changes first, in their usual order
    batches = _take(session, everything=True)
    if not batches:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        for statement, rows in batches:
            statement.execute_many(session, rows)
        return
    # One pipeline: the queued statements and the COMMIT go together, and psycopg raises the
    # first error (the transaction then rolls back). SQLAlchemy's own COMMIT that follows
    # finds no transaction open and sends nothing; nothing may write after this listener.
    dbapi_connection: Any = connection.connection.dbapi_connection
    with dbapi_connection.pipeline():
        for statement, rows in batches:
            statement.execute_many(session, rows)
        dbapi_connection.commit()


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.nested:
        session.info.setdefault(_ROLLED_BACK, []).append(previous_transaction)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the unit of work is over: committed (written) or rolled back (dropped)
        session.info.pop(QUEUE, None)
        session.info.pop(READ_BACK, None)
        session.info.pop(_ROLLED_BACK, None)
