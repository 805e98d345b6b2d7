"""The worker's in-memory job engine fetches what procrastinate's would, reading the held locks
once per fetch (procrastinate's reads them once per job: a backlog of thousands took minutes)."""

from __future__ import annotations

import asyncio
import time

import procrastinate
from procrastinate.testing import InMemoryConnector

from loyalty.worker.runner import QuickInMemoryConnector


def _jobs(connector: InMemoryConnector, count: int, *, lock_every: int = 0) -> None:
    app = procrastinate.App(connector=connector)

    @app.task(name="t")
    def t(n: int) -> None:
        pass

    for number in range(count):
        app.configure_task("t", priority=number % 3,
                           lock=f"lock{number % lock_every}" if lock_every else None).defer(n=number)


def _fetch_all(connector: InMemoryConnector) -> list[int]:
    worker_id = 1
    connector.workers.setdefault(worker_id, None)  # type: ignore[arg-type]
    order: list[int] = []
    while True:
        job = asyncio.run(connector.fetch_job_one(queues=None, worker_id=worker_id))
        if job["id"] is None:
            return order
        order.append(job["id"])


def test_it_fetches_in_procrastinates_order_and_respects_held_locks() -> None:
    theirs, ours = InMemoryConnector(), QuickInMemoryConnector()
    for connector in (theirs, ours):
        _jobs(connector, 30, lock_every=4)
    assert _fetch_all(ours) == _fetch_all(theirs)  # locked jobs wait while their lock is held (doing)
    assert len(_fetch_all(ours)) == 0


def test_a_backlog_of_thousands_is_fetched_in_linear_time() -> None:
    ours = QuickInMemoryConnector()
    _jobs(ours, 2000)
    started = time.monotonic()
    fetched = _fetch_all(ours)
    assert len(fetched) == 2000 and time.monotonic() - started < 20  # procrastinate's: minutes
