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
import time
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
# A batch is handed over in chunks; after BUDGET_SECONDS no further chunk is started and the
# cursor stops after the last one handled. The unit of work then stays short: while it runs, its
# transaction holds the stream's horizon (events.repository.final_below) for every subscriber,
# so a heavy subscriber's 500-event batch taking a minute under load stalled all of them.
CHUNK = 50
BUDGET_SECONDS = 1.0


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


def pump(database: Database, subscriber: Subscriber, *, batch: int = BATCH, wait: bool = False,
         budget: float = BUDGET_SECONDS) -> Pumped:
    """Hand the subscriber its next batch; NOTHING when another worker holds its cursor or it is
    caught up. The batch goes in chunks (the subscriber's `chunk`, else CHUNK) and stops taking
    more once `budget` seconds have passed: the cursor then stops after the last chunk handled."""
    try:
        with unit_of_work(database) as session:
            return _pump(session, subscriber, batch=batch, wait=wait, budget=budget)
    except _HandlerFailed as failed:
        attempted = failed.attempted
    # Some handler failed: the events it was given again, each in a savepoint of its own.
    with unit_of_work(database) as session:
        return _pump(session, subscriber, batch=attempted, wait=wait, budget=None)


class _HandlerFailed(Exception):
    def __init__(self, attempted: int) -> None:
        super().__init__(f"a handler failed within the first {attempted} events")
        self.attempted = attempted


def _pump(session: Session, subscriber: Subscriber, *, batch: int, wait: bool, budget: float | None) -> Pumped:
    """budget None: one by one, each event in a savepoint, the failing ones parked."""
    started = time.monotonic()
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
    handled = len(events)
    if budget is not None:
        handled = 0
        size = subscriber.chunk or CHUNK
        while handled < len(events):
            chunk = events[handled:handled + size]
            try:
                subscriber.handle_all(session, chunk)
            except Exception as error:
                log.info("subscriber %s failed on a batch of %s events; retrying it one by one", subscriber.name,
                         len(chunk))
                raise _HandlerFailed(handled + len(chunk)) from error
            handled += len(chunk)
            if time.monotonic() - started > budget:
                break
    else:
        for event in events:
            try:
                with session.begin_nested():
                    subscriber.handle(session, event)
            except Exception as error:  # noqa: BLE001 - parked in the dead-letter list with its error
                failed += 1
                _park(session, subscriber, event, error)
    if handled < len(rows) or len(rows) == batch:
        end = (int(rows[handled - 1].tx), int(rows[handled - 1].id))
    else:
        end = horizon
    cursor.tx, cursor.event_id = end
    cursor.handled += handled
    cursor.updated_at = clock.now()
    return Pumped(handled, failed, True)


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
