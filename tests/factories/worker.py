"""A subscriber of one test's own: it sees only its program's events and notes what it got."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import event as sqlalchemy_event
from sqlalchemy.orm import Session

from loyalty.events.subscribers import PublishedEvent, Subscriber
from loyalty.worker import registry


@dataclass
class Probe:
    program_id: int
    seen: list[int] = field(default_factory=list)
    fail_on: Callable[[PublishedEvent], bool] = lambda _event: False
    subscriber: Subscriber | None = None

    def handle(self, session: Session, event: PublishedEvent) -> None:
        if event.program_id != self.program_id:
            return
        if self.fail_on(event):
            raise RuntimeError(f"probe refuses event {event.id}")
        # Seen only once the unit of work commits, as a database write would be (a handler that raised
        # in its savepoint added nothing).
        key = f"probe:{id(self)}"
        if key not in session.info:
            pending: list[int] = []
            session.info[key] = pending

            def committed(done: Session) -> None:
                if not done.in_nested_transaction():
                    self.seen.extend(pending)

            def rolled_back(_session: Session, previous: Any) -> None:
                if not previous.nested:
                    pending.clear()

            sqlalchemy_event.listen(session, "after_commit", committed)
            sqlalchemy_event.listen(session, "after_soft_rollback", rolled_back)
        session.info[key].append(event.id)


@contextmanager
def probe_subscriber(program_id: int, types: set[str], *, start: Literal["now", "beginning"] = "now",
                     fail_on: Callable[[PublishedEvent], bool] | None = None) -> Iterator[Probe]:
    """A subscriber registered for the block (its own cursor name, so tests never share one)."""
    probe = Probe(program_id)
    if fail_on is not None:
        probe.fail_on = fail_on
    probe.subscriber = Subscriber(name=f"probe-{uuid.uuid4().hex[:12]}", types=frozenset(types),
                                  handle=probe.handle, start=start)
    registry.SUBSCRIBERS.append(probe.subscriber)
    try:
        yield probe
    finally:
        registry.SUBSCRIBERS.remove(probe.subscriber)
