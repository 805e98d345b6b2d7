"""The event stream as operators see it: how far each subscriber is, and the dead-letter list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from loyalty.events import repository
from loyalty.events.models import EventFailure
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict, NotFound


@dataclass(frozen=True)
class SubscriberPosition:
    subscriber: str
    handled: int  # events handed to it since its cursor was made
    waiting: int  # events of its types past its cursor
    updated_at: datetime
    lag_seconds: float | None  # how old the oldest waiting event is; None when none waits


def positions(session: Session, types_by_subscriber: dict[str, Sequence[str]], *,
              program_id: int | None = None) -> list[SubscriberPosition]:
    """Each subscriber's cursor; what waits counts one program's events when `program_id` is given
    (staff of one program see nothing of another's), the whole installation's otherwise (operators)."""
    now = clock.now()
    result = []
    for cursor in repository.list_cursors(session):
        types = types_by_subscriber.get(cursor.subscriber)
        if types is None:
            continue
        waiting = repository.events_waiting(session, cursor, sorted(types), program_id=program_id)
        oldest = repository.oldest_waiting(session, cursor, sorted(types), program_id=program_id) if waiting else None
        result.append(SubscriberPosition(
            subscriber=cursor.subscriber, handled=cursor.handled, waiting=waiting, updated_at=cursor.updated_at,
            lag_seconds=(now - oldest).total_seconds() if oldest else None))
    return result


def failures(session: Session, *, program_id: int, status: str | None = None, before_id: int | None = None,
             limit: int = 50) -> Sequence[EventFailure]:
    return repository.list_failures(session, program_id=program_id, status=status, before_id=before_id, limit=limit)


def failure_counts(session: Session, *, program_id: int) -> dict[str, int]:
    return repository.count_failures(session, program_id=program_id)


def locked_failure(session: Session, *, program_id: int, failure_id: int) -> EventFailure:
    """The program's failure, locked until the unit of work ends (what a retry changes, as it was)."""
    failure = repository.lock_failure(session, failure_id)
    if failure is None or failure.program_id != program_id:
        raise NotFound(f"No failed event {failure_id} in this program.", code="event_failure_not_found")
    return failure


def retry_failure(session: Session, *, program_id: int, failure_id: int) -> EventFailure:
    """Send a parked event to its subscriber again (the worker's sweep defers it within seconds)."""
    failure = locked_failure(session, program_id=program_id, failure_id=failure_id)
    if failure.status == "resolved":
        raise Conflict("This event has been handled since; there is nothing to retry.",
                       code="event_failure_resolved")
    failure.status, failure.job_deferred_at, failure.attempts = "pending", None, 0
    return failure
