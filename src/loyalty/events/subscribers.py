"""What the worker hands to subscribers: committed events, in the order they became final.

A subscriber (journeys, messages, webhooks, segments, …) names the event types it wants and a
handler, and may offer a batch handler that does the same for many events with a few
statements. Either runs inside the unit of work that also moves the subscriber's cursor past the
events, so what it writes to the database happens exactly once; it must not talk to the outside
world (SMTP, HTTP): it writes rows, and jobs deliver them after the commit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class PublishedEvent:
    """One committed event row, as a subscriber sees it."""

    id: int
    program_id: int
    member_id: int | None
    type: str
    occurred_at: datetime
    recorded_at: datetime
    actor: str
    payload: dict[str, Any]


Handler = Callable[[Session, PublishedEvent], None]
BatchHandler = Callable[[Session, Sequence[PublishedEvent]], None]


@dataclass(frozen=True)
class Subscriber:
    name: str  # its durable cursor's name
    types: frozenset[str]
    handle: Handler
    # Where a new subscriber's cursor starts: at the events committed from now on, or at the first event.
    start: Literal["now", "beginning"] = "now"
    # The whole batch at once (its reads and writes set-based), doing what `handle` would do for
    # each event in order. The worker tries it first; when it raises, the batch is rolled back and
    # handed to `handle` event by event, each in a savepoint, and the failing ones are parked.
    handle_batch: BatchHandler | None = None
    # Events per `handle_batch` call (the worker's default, consumer.CHUNK, when None). A handler
    # whose statements are per batch, not per event, costs about the same round trips for 200
    # events as for 50, and under load a round trip is what costs (docs/architecture.md).
    chunk: int | None = None

    def handle_all(self, session: Session, events: Sequence[PublishedEvent]) -> None:
        """The batch, with `handle_batch` if there is one, else event by event."""
        if self.handle_batch is not None:
            self.handle_batch(session, events)
            return
        for event in events:
            self.handle(session, event)
