"""The job engine (procrastinate) as this process uses it, and what tasks read from it.

On PostgreSQL jobs live in the database (procrastinate's tables, migration 0020): any number of
`loyalty worker` processes on any number of hosts take them, each job by one worker. On SQLite
the engine runs in memory inside `loyalty serve` (one worker in-process): jobs there are only
wake-ups, and every area keeps its durable state in its own rows and re-defers lost work from a
periodic sweep.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.testing import InMemoryConnector
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from loyalty.config import Settings
from loyalty.db.engine import Database

log = logging.getLogger("loyalty.worker")

_state: dict[str, Any] = {}
_lock = threading.Lock()


def conninfo(database_url: str) -> str:
    """libpq's connection string for the database SQLAlchemy's URL names."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def job_app() -> procrastinate.App:
    """This process's one job engine with every area's tasks (procrastinate binds a blueprint's
    tasks to a single app, so there is one per process); `install` gives it its connector."""
    with _lock:
        if "job_app" not in _state:
            from loyalty.worker.registry import BLUEPRINTS

            app = procrastinate.App(connector=InMemoryConnector())
            for namespace, blueprint in BLUEPRINTS.items():
                app.add_tasks_from(blueprint, namespace=namespace)
            _state["job_app"] = app
        return _state["job_app"]


def connector_for(settings: Settings, *, for_worker: bool) -> procrastinate.BaseConnector:
    """PostgreSQL: an async connector for a worker, a sync one to defer from elsewhere (web
    processes, the CLI). SQLite: in memory."""
    url = settings.database.url
    if url.startswith("sqlite"):
        return InMemoryConnector()
    if for_worker:
        return procrastinate.PsycopgConnector(conninfo=conninfo(url))
    return procrastinate.SyncPsycopgConnector(conninfo=conninfo(url))


def install(database: Database, settings: Settings, connector: procrastinate.BaseConnector) -> procrastinate.App:
    """Make `database`, `settings` and the job engine over `connector` the ones this process's
    tasks and deferrals use."""
    app = job_app()
    with _lock:
        app.connector = connector
        app.job_manager.connector = connector
        _state.update(database=database, settings=settings, installed=True)
    return app


def uninstall() -> None:
    with _lock:
        for name in ("database", "settings", "installed"):
            _state.pop(name, None)


def installed() -> bool:
    return "installed" in _state


def current_database() -> Database:
    return _state["database"]


def current_settings() -> Settings:
    return _state["settings"]


def current_app() -> procrastinate.App:
    return job_app()


def defer(task_name: str, **kwargs: Any) -> None:
    """Defer a job now; logged and dropped when no job engine runs in this process (a sweep
    re-defers the work from its rows)."""
    if not installed():
        log.debug("no job engine in this process: %s left to its sweep", task_name)
        return
    try:
        current_app().configure_task(task_name).defer(**kwargs)
    except AlreadyEnqueued:
        pass  # its queueing lock: the same job waits already
    except Exception:  # noqa: BLE001 - the row stays; the area's sweep defers it again
        log.exception("could not defer %s; its sweep will", task_name)


def defer_in(seconds: float, task_name: str, **kwargs: Any) -> None:
    """Defer a job to run `seconds` from now (a retry's time); logged and dropped as `defer`."""
    if not installed():
        log.debug("no job engine in this process: %s left to its sweep", task_name)
        return
    try:
        current_app().configure_task(task_name, schedule_in={"seconds": round(seconds, 3)}).defer(**kwargs)
    except Exception:  # noqa: BLE001 - the rows stay; the area's sweep defers them again
        log.exception("could not defer %s; its sweep will", task_name)


def defer_after_commit(session: Session, task_name: str, **kwargs: Any) -> None:
    """Defer a job once the unit of work commits (never when it rolls back)."""
    pending: list[tuple[str, dict[str, Any]]] = session.info.setdefault(_AFTER_COMMIT, [])
    pending.append((task_name, kwargs))


_AFTER_COMMIT = "loyalty.worker.defer_after_commit"


# SQLAlchemy 2.1 fires after_commit when a savepoint is released too: only the outermost counts.
@event.listens_for(Session, "after_commit")
def _defer_committed(session: Session) -> None:
    if session.in_nested_transaction():
        return
    by_task: dict[str, list[dict[str, Any]]] = {}
    for task_name, kwargs in session.info.pop(_AFTER_COMMIT, []):
        by_task.setdefault(task_name, []).append(kwargs)
    for task_name, many in by_task.items():
        if len(many) == 1:
            defer(task_name, **many[0])
        else:
            defer_many(task_name, many)


def defer_many(task_name: str, many: list[dict[str, Any]]) -> None:
    """Several jobs of one task in one round trip (a subscriber's batch defers hundreds at once)."""
    if not installed():
        log.debug("no job engine in this process: %s left to its sweep", task_name)
        return
    try:
        current_app().configure_task(task_name).batch_defer(*many)
    except AlreadyEnqueued:
        for kwargs in many:  # one of them waits already: the others one by one
            defer(task_name, **kwargs)
    except Exception:  # noqa: BLE001 - the rows stay; the area's sweep defers them again
        log.exception("could not defer %s jobs of %s; its sweep will", len(many), task_name)


# A rolled-back savepoint keeps its deferrals: jobs are wake-ups that find nothing to do then.
@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous_transaction: Any) -> None:
    if not previous_transaction.nested:
        session.info.pop(_AFTER_COMMIT, None)
