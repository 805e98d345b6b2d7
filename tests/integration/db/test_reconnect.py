"""A connection the server ends (restart, failover, an administrator) fails the work it was
doing, and is never handed out again."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from loyalty.db.direct import DirectStatement
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work

ONE = DirectStatement(select(text("1")))


@pytest.fixture
def postgresql(database: Database) -> Database:
    if database.dialect != "postgresql":
        pytest.skip("connections are ended by the PostgreSQL server only")
    return database


def terminate(database: Database, pid: int) -> None:
    outsider = create_engine(database.engine.url, poolclass=NullPool)  # not one of the pool's connections
    with outsider.connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.commit()
    outsider.dispose()


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
