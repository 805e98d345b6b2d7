"""Running the worker: `loyalty worker` (any number, on PostgreSQL), one in-process beside
`loyalty serve` on SQLite, and `drain` for tests and `loyalty worker --until-idle`.

A worker does two things at once: it moves the event subscribers along the stream (a pump per
subscriber, each in a thread: the handlers are synchronous database work) and it runs procrastinate's jobs
(retries, deliveries, periodic scans).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import procrastinate
from procrastinate import utils
from procrastinate.testing import InMemoryConnector

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events import repository
from loyalty.worker import consumer, runtime

log = logging.getLogger("loyalty.worker")

# How long the pump sleeps when every subscriber is caught up.
IDLE_SLEEP = 0.2
# Succeeded jobs are deleted at once; failed ones stay for the operator.
DELETE_JOBS = "successful"


class QuickInMemoryConnector(InMemoryConnector):
    """procrastinate's in-memory connector, with a job fetch that reads the held locks once.

    procrastinate's `fetch_job_one` evaluates `current_locks` (a pass over every job) for each
    job it filters, so a fetch costs jobs² and working off a backlog jobs³: 3,000 webhook
    deliveries took minutes of pure CPU. This one is the same query at the cost of one pass.
    """

    async def fetch_job_one(self, queues: Iterable[str] | None, worker_id: int) -> dict[str, Any]:
        assert worker_id in self.workers, f"Worker {worker_id} not found"
        held = set(self.current_locks)
        now = utils.utcnow()
        best: dict[str, Any] | None = None
        for job in self.jobs.values():
            if (job["status"] == "todo" and (queues is None or job["queue_name"] in queues)
                    and (not job["scheduled_at"] or job["scheduled_at"] <= now) and job["lock"] not in held
                    and (best is None or (-job["priority"], job["id"]) < (-best["priority"], best["id"]))):
                best = job
        if best is None:
            return {"id": None}
        best["status"] = "doing"
        best["worker_id"] = worker_id
        self.events[best["id"]].append({"type": "started", "at": now})
        return best


class ProcessConnector(QuickInMemoryConnector):
    """procrastinate's in-memory connector for a long-running process: it keeps no log of its
    queries, no finished jobs and no job events (the test connector keeps them all, for ever)."""

    async def generic_execute(self, query: str, suffix: Any, **arguments: Any) -> Any:
        result = await super().generic_execute(query, suffix, **arguments)
        self.queries.clear()
        return result

    async def finish_job_run(self, job_id: int, status: str, delete_job: bool) -> None:
        await super().finish_job_run(job_id, status, delete_job=True)
        self.events.pop(job_id, None)


def periodic_task_names() -> list[str]:
    """Every periodic task (`loyalty worker --until-idle` runs each once)."""
    return sorted({task.task.name for task in runtime.job_app().periodic_registry.periodic_tasks.values()})


def subscribers() -> list[Any]:
    from loyalty.worker.registry import SUBSCRIBERS

    return list(SUBSCRIBERS)


class Pump:
    """The event pump's loop for some subscribers (every one by default), stopped by `stop()`."""

    def __init__(self, database: Database, chosen: list[Any] | None = None) -> None:
        self.database = database
        self.chosen = chosen
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        chosen = self.chosen if self.chosen is not None else subscribers()
        while not self._stop.is_set():
            try:
                handled = consumer.pump_all(self.database, chosen)
            except Exception:  # noqa: BLE001 - logged; the loop goes on
                log.exception("event pump round failed")
                handled = 0
            if not handled:
                self._stop.wait(IDLE_SLEEP)


def pumps(database: Database) -> list[Pump]:
    """PostgreSQL: one pump per subscriber, each in a thread of its own, so a slow subscriber (or
    one whose batch waits on a lock) holds no other back and one's database round trips overlap
    the others' work. SQLite writes one transaction at a time: one pump takes them in turn."""
    if database.dialect != "postgresql":
        return [Pump(database)]
    return [Pump(database, [each]) for each in subscribers()]


async def work(database: Database, settings: Settings, connector: procrastinate.BaseConnector, *,
               concurrency: int, install_signal_handlers: bool, name: str = "worker") -> None:
    """Run the pump and the job worker until the job worker stops (a signal, or cancellation)."""
    app = runtime.install(database, settings, connector)
    if database.dialect == "sqlite":
        # A fresh in-memory engine: every parked event needs its retry job again.
        with unit_of_work(database) as session:
            repository.forget_deferred_jobs(session)
    running = pumps(database)
    # Each pump holds a thread of the loop's default executor for as long as it runs, and
    # procrastinate runs each sync job in one too: room for all of them and some to spare (the
    # default, cores + 4, is 6 on 2 cores; a full executor would leave jobs, and anything this
    # loop hands to a thread, waiting behind the pumps).
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(max_workers=len(running) + concurrency + 4,
                                                 thread_name_prefix="loyalty-worker"))
    try:
        async with app.open_async():
            # The pumps run while the job engine is open (a batch's jobs are deferred as it
            # commits), in procrastinate's thread helper rather than asyncio.to_thread: a job
            # deferred from a pump's thread then runs its query on this loop, whose connection
            # pool it is. From a plain thread, procrastinate's sync defer starts an event loop of
            # its own and waits on this loop's pool from there, for a wake-up it never gets while
            # the pool is busy: up to the pool's 30 s timeout per job, and then the job was left
            # to its sweep (a webhook subscriber fell to 20 events/s under load).
            pumping = [asyncio.create_task(utils.sync_to_async(pump.run)) for pump in running]
            try:
                await app.run_worker_async(concurrency=concurrency, wait=True, delete_jobs=DELETE_JOBS,
                                           install_signal_handlers=install_signal_handlers, name=name,
                                           listen_notify=database.dialect == "postgresql")
            finally:
                for pump in running:
                    pump.stop()
                await asyncio.gather(*pumping)
    finally:
        runtime.uninstall()


def run(database: Database, settings: Settings, *, concurrency: int = 4, name: str = "worker") -> None:
    """`loyalty worker`: until SIGINT or SIGTERM."""
    connector = ProcessConnector() if database.dialect == "sqlite" else runtime.connector_for(settings, for_worker=True)
    asyncio.run(work(database, settings, connector, concurrency=concurrency, install_signal_handlers=True,
                     name=name))


class InProcessWorker:
    """One worker in a thread of this process (`loyalty serve` on SQLite)."""

    def __init__(self, database: Database, settings: Settings, *, concurrency: int = 2) -> None:
        self.database, self.settings, self.concurrency = database, settings, concurrency
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._thread = threading.Thread(target=self._run, name="loyalty-worker", daemon=True)
        self._started = threading.Event()

    def start(self) -> None:
        self._thread.start()
        self._started.wait(10)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._task = loop.create_task(work(self.database, self.settings, ProcessConnector(),
                                           concurrency=self.concurrency,
                                           install_signal_handlers=False, name="in-process"))
        self._started.set()
        try:
            loop.run_until_complete(self._task)
        except asyncio.CancelledError:
            pass
        finally:
            loop.close()

    def stop(self) -> None:
        if self._loop is not None and self._task is not None:
            self._loop.call_soon_threadsafe(self._task.cancel)
        self._thread.join(timeout=30)


def drain(database: Database, settings: Settings, *, periodic: Sequence[str] = (), timeout: float = 60.0) -> int:
    """Handle every pending event and run every job that is due, until nothing is left; the
    number of events handled. `periodic` names periodic tasks to run once first (such as a
    journey's timers after the test moved the clock). For tests and `loyalty worker --until-idle`."""
    from loyalty.worker.registry import SWEEPS

    own = not runtime.installed()
    if own:
        runtime.install(database, settings, QuickInMemoryConnector())
    app = runtime.current_app()
    deadline = time.monotonic() + timeout
    handled_in_all = 0
    try:
        for name in periodic:
            runtime.defer(name, timestamp=int(time.time()))
        while True:
            handled = consumer.pump_all(database, subscribers())
            handled_in_all += handled
            for name in SWEEPS:
                runtime.defer(name, timestamp=int(time.time()))
            ran = _run_due_jobs(app, ignoring=SWEEPS)
            if not handled and not ran and not _events_waiting(database):
                return handled_in_all
            if time.monotonic() > deadline:
                raise TimeoutError("the worker did not become idle: events or jobs keep coming")
            if not handled and not ran:
                time.sleep(0.05)  # events not yet final (PostgreSQL: an older transaction still runs)
    finally:
        if own:
            runtime.uninstall()


def _run_due_jobs(app: procrastinate.App, *, ignoring: Sequence[str]) -> int:
    """Run the jobs that are due; how many ran, sweeps not counted (they run every round)."""
    connector = app.connector
    if not isinstance(connector, InMemoryConnector):
        raise TypeError("drain runs jobs with the in-memory engine only")
    before = _finished(connector, ignoring)
    asyncio.run(app.run_worker_async(wait=False, install_signal_handlers=False, listen_notify=False))
    return _finished(connector, ignoring) - before


def _finished(connector: InMemoryConnector, ignoring: Sequence[str]) -> int:
    return sum(1 for job_id, job in connector.jobs.items() if job["task_name"] not in ignoring
               for event in connector.events.get(job_id, []) if event["type"] in ("succeeded", "failed"))


def _events_waiting(database: Database) -> bool:
    with unit_of_work(database, read_only=True) as session:
        cursors = {cursor.subscriber: cursor for cursor in repository.list_cursors(session)}
        for subscriber in subscribers():
            cursor = cursors.get(subscriber.name)
            if cursor is not None and repository.events_waiting(session, cursor, sorted(subscriber.types)):
                return True
    return False
