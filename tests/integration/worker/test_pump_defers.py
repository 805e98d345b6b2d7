"""A job a subscriber defers from the event pump goes through the worker's own event loop.

The worker's job engine owns one connection pool, bound to the worker's event loop. The pump
runs in a thread; a handler's `defer_after_commit` defers synchronously from there. From a plain
thread (asyncio.to_thread) procrastinate ran that query in an event loop of its own, waiting on
the worker's pool across loops: when the pool was busy the wake-up never came, each job waited
the pool's 30 s timeout and was then dropped to its sweep (a webhook subscriber fell to about 20
events/s with purchases running, bench/worker_lag.py).
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from contextlib import suppress
from typing import Any

from sqlalchemy.orm import Session

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events import service as events
from loyalty.events.subscribers import PublishedEvent, Subscriber
from loyalty.worker import registry
from loyalty.worker.runner import ProcessConnector, work
from loyalty.worker.runtime import defer_after_commit
from tests.factories.programs import make_program


class LoopNotingConnector(ProcessConnector):
    """The in-memory engine, noting on which event loop each job was deferred."""

    def __init__(self) -> None:
        super().__init__()
        self.defer_loops: list[asyncio.AbstractEventLoop] = []

    async def execute_query_all_async(self, query: str, **arguments: Any) -> Any:
        if "defer_jobs" in query:
            self.defer_loops.append(asyncio.get_running_loop())
        return await super().execute_query_all_async(query, **arguments)


def test_jobs_deferred_by_a_subscriber_are_deferred_on_the_workers_loop(database: Database) -> None:
    program = make_program(database)
    settings = Settings()
    settings.database.url = database.engine.url.render_as_string(hide_password=False)
    settings.worker.in_process = "never"
    handled: list[int] = []

    def handle(session: Session, event: PublishedEvent) -> None:
        if event.program_id == program.id:
            # A wake-up for nothing: the sweep's job, which finds nothing to retry.
            defer_after_commit(session, "core:sweep_failures", timestamp=event.id)
            handled.append(event.id)

    subscriber = Subscriber(name=f"defers-{uuid.uuid4().hex[:8]}", types=frozenset({"program.updated"}),
                            handle=handle)
    connector = LoopNotingConnector()
    loop = asyncio.new_event_loop()
    running = loop.create_task(work(database, settings, connector, concurrency=2, install_signal_handlers=False))

    def run() -> None:
        with suppress(asyncio.CancelledError):
            loop.run_until_complete(running)

    thread = threading.Thread(target=run, daemon=True)
    registry.SUBSCRIBERS.append(subscriber)
    try:
        thread.start()
        time.sleep(0.5)  # the subscriber's cursor starts now
        with unit_of_work(database) as session:
            for _ in range(3):
                events.record(session=session, program_id=program.id, type="program.updated", actor="test",
                              payload={"fields": ["name"]})
        deadline = time.monotonic() + 30
        while len(handled) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
    finally:
        loop.call_soon_threadsafe(running.cancel)
        thread.join(timeout=30)
        registry.SUBSCRIBERS.remove(subscriber)
        loop.close()

    assert len(handled) == 3
    assert len(connector.defer_loops) >= 3
    assert all(each is loop for each in connector.defer_loops)
