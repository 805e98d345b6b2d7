"""Moving each subscriber along the event stream: one batch per unit of work.

The batch's handlers and the cursor's move commit together, so a worker killed at any moment
leaves the cursor where the last committed batch put it: the next run handles the rest, nothing
twice. The batch goes to the subscriber's batch handler when it has one (a few set-based
statements for the whole batch), else to its handler event by event. When that raises, the unit
of work rolls back and the batch is handed over again event by event, each in a savepoint; the event then goes to the
dead-letter list (`event_failures`, retried with back-off by `core:retry_failure`) and the
cursor moves on, so one bad event holds back neither its subscriber nor any other.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events import repository
from loyalty.events.subscribers import PublishedEvent, Subscriber
from loyalty.kernel import clock

log = logging.getLogger("loyalty.worker")

BATCH = 500


@dataclass(frozen=True)
class Pumped:
    handled: int  # events given to the handler
    failed: int  # of those, parked in the dead-letter list
    moved: bool  # the cursor moved (events handled or skipped)


NOTHING = Pumped(0, 0, False)


def published(row: Any) -> PublishedEvent:
    return PublishedEvent(id=row.id, program_id=row.program_id, member_id=row.member_id, type=row.type,
                          occurred_at=row.occurred_at, recorded_at=row.recorded_at, actor=row.actor,
                          payload=dict(row.payload or {}))


def ensure_cursor(session: Session, subscriber: Subscriber) -> None:
    place = repository.stream_start(session, beginning=subscriber.start == "beginning")
    repository.create_cursor(session, subscriber.name, place, clock.now())


def pump(database: Database, subscriber: Subscriber, *, batch: int = BATCH, wait: bool = False) -> Pumped:
    """Hand the subscriber its next batch; NOTHING when another worker holds its cursor or it is
    caught up."""
    try:
        with unit_of_work(database) as session:
            return _pump(session, subscriber, batch=batch, wait=wait, one_by_one=False)
    except _HandlerFailed:
        pass
    # Some handler failed: the batch again, each event in a savepoint of its own.
    with unit_of_work(database) as session:
        return _pump(session, subscriber, batch=batch, wait=wait, one_by_one=True)


class _HandlerFailed(Exception):
    pass


def _pump(session: Session, subscriber: Subscriber, *, batch: int, wait: bool, one_by_one: bool) -> Pumped:
    cursor = repository.lock_cursor(session, subscriber.name, wait=wait)
    if cursor is None:
        if wait or not _created(session, subscriber):
            return NOTHING
        cursor = repository.lock_cursor(session, subscriber.name, wait=wait)
        if cursor is None:
            return NOTHING
    horizon = repository.stream_horizon(session, cursor)
    if horizon is None:
        return NOTHING
    rows = repository.next_events(session, cursor, horizon, sorted(subscriber.types), batch)
    events = [published(row) for row in rows]
    failed = 0
    if not one_by_one:
        try:
            subscriber.handle_all(session, events)
        except Exception as error:
            log.info("subscriber %s failed on a batch of %s events; retrying it one by one", subscriber.name,
                     len(events))
            raise _HandlerFailed from error
    else:
        for event in events:
            try:
                with session.begin_nested():
                    subscriber.handle(session, event)
            except Exception as error:  # noqa: BLE001 - parked in the dead-letter list with its error
                failed += 1
                _park(session, subscriber, event, error)
    end = (int(rows[-1].tx), int(rows[-1].id)) if len(rows) == batch else horizon
    cursor.tx, cursor.event_id = end
    cursor.handled += len(rows)
    cursor.updated_at = clock.now()
    return Pumped(len(rows), failed, True)


def _created(session: Session, subscriber: Subscriber) -> bool:
    ensure_cursor(session, subscriber)
    return True


def _park(session: Session, subscriber: Subscriber, event: PublishedEvent, error: Exception) -> None:
    now = clock.now()
    log.warning("subscriber %s could not handle event %s (%s): %s", subscriber.name, event.id, event.type, error)
    repository.add_failure(session, {
        "subscriber": subscriber.name, "event_id": event.id, "program_id": event.program_id,
        "member_id": event.member_id, "event_type": event.type, "status": "pending", "attempts": 1,
        "error": describe(error), "first_failed_at": now, "last_failed_at": now,
    })


def describe(error: BaseException) -> str:
    """The error and where it happened, short enough for the dead-letter list."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__, limit=6))
    return text[-4000:]


def pump_all(database: Database, subscribers: list[Subscriber], *, batch: int = BATCH) -> int:
    """One batch for each subscriber; how many events were handled in all."""
    handled = 0
    for subscriber in subscribers:
        try:
            handled += pump(database, subscriber, batch=batch).handled
        except Exception:  # noqa: BLE001 - the next round tries again; the others go on
            log.exception("pumping events to %s failed", subscriber.name)
    return handled
