"""A connection the server ends (restart, failover, an administrator) fails the work it was
doing, and is never handed out again."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from loyalty.config import DatabaseSettings
from loyalty.db.direct import DirectStatement
from loyalty.db.engine import Database, create_database
from loyalty.db.uow import unit_of_work

ONE = DirectStatement(select(text("1")))


@pytest.fixture
def postgresql(database: Database) -> Database:
    if database.dialect != "postgresql":
        pytest.skip("connections are ended by the PostgreSQL server only")
    return database


def terminate(database: Database, *pids: int) -> None:
    outsider = create_engine(database.engine.url, poolclass=NullPool)  # not one of the pool's connections
    with outsider.connect() as admin:
        for pid in pids:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.commit()
    outsider.dispose()


@pytest.fixture
def own_pool(postgresql: Database) -> Iterator[Database]:
    """An engine of its own on the test database: killing its connections spares the shared pool."""
    database = create_database(DatabaseSettings(url=postgresql.engine.url.render_as_string(hide_password=False),
                                                pool_size=6))
    yield database
    database.dispose()


def idle_pool_of(database: Database, size: int) -> list[int]:
    """Fill the pool with `size` idle connections; their server pids."""
    connections = [database.engine.connect() for _ in range(size)]
    pids = [connection.execute(text("SELECT pg_backend_pid()")).scalar_one() for connection in connections]
    for connection in connections:
        connection.rollback()
        connection.close()
    return pids


@pytest.mark.parametrize("through", ["session", "direct statement"])
def test_a_restart_fails_one_unit_of_work_not_one_per_pooled_connection(own_pool: Database, through: str) -> None:
    terminate(own_pool, *idle_pool_of(own_pool, 6))                           # the server restarted
    outcomes = []
    for _ in range(6):                                                        # six requests, one after another
        try:
            with unit_of_work(own_pool) as session:
                if through == "session":
                    session.execute(text("SELECT 1"))
                else:
                    ONE.scalar(session, {})
            outcomes.append("ok")
        except DBAPIError as error:
            outcomes.append("invalidated" if error.connection_invalidated else str(error))
    assert outcomes == ["invalidated"] + ["ok"] * 5


def test_a_killed_connection_fails_one_unit_of_work_and_the_pool_recovers(postgresql: Database) -> None:
    with unit_of_work(postgresql) as session:
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    terminate(postgresql, pid)
    # The pool hands out its idle connections in turn, the killed one among them.
    failures = []
    for _ in range(postgresql.engine.pool.checkedin() + 1):  # type: ignore[attr-defined]
        try:
            with unit_of_work(postgresql) as session:
                session.execute(text("SELECT 1"))
        except DBAPIError as error:
            failures.append(error)
    assert len(failures) <= 1 and all(error.connection_invalidated for error in failures)
    with unit_of_work(postgresql) as session:
        assert session.execute(text("SELECT 1")).scalar_one() == 1


@pytest.mark.parametrize("through", ["session", "direct statement"])
def test_whenever_the_server_ends_it_the_error_says_so_and_the_connection_is_dropped(
        postgresql: Database, through: str) -> None:
    # Sent right after the kill, a statement can meet a socket psycopg has not yet seen closed
    # ("connection socket closed", "sending query failed"): every round must still be a
    # disconnect, whatever the timing.
    for attempt in range(12):
        with pytest.raises(DBAPIError) as raised, unit_of_work(postgresql) as session:
            pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
            terminate(postgresql, pid)
            time.sleep(attempt * 0.0002)
            if through == "session":
                session.execute(text("SELECT 1"))
            else:
                ONE.scalar(session, {})
        assert raised.value.connection_invalidated, str(raised.value)
        with unit_of_work(postgresql) as session:
            assert session.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid
