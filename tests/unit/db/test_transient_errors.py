"""Which database errors a client may retry, and which mean the connection is gone."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from psycopg import errors as pg
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from loyalty.db.transient_errors import is_connection_lost, is_database_busy


def wrapped(error: Exception, *, invalidated: bool = False) -> OperationalError:
    return OperationalError("SELECT 1", {}, error, connection_invalidated=invalidated)


@pytest.mark.parametrize("error", [
    # libpq's own words when the server's socket closed before psycopg marked the connection broken
    psycopg.OperationalError("connection socket closed"),
    psycopg.OperationalError("sending query failed: terminating connection due to administrator command"),
    psycopg.OperationalError("consuming input failed: server closed the connection unexpectedly"),
    pg.AdminShutdown("terminating connection due to administrator command"),
    pg.CannotConnectNow("the database system is starting up"),
    pg.TooManyConnections("sorry, too many clients already"),
    wrapped(psycopg.OperationalError("connection socket closed")),
    wrapped(sqlite3.OperationalError("whatever"), invalidated=True),
], ids=repr)
def test_a_lost_connection_is_recognised(error: Exception) -> None:
    assert is_connection_lost(error)


@pytest.mark.parametrize("error", [
    pg.QueryCanceled("canceling statement due to statement timeout"),
    pg.DeadlockDetected("deadlock detected"),
    pg.UniqueViolation("duplicate key value"),
    sqlite3.OperationalError("database is locked"),
    sqlite3.OperationalError("no such table: members"),
    IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed")),
    ValueError("not a database error"),
], ids=repr)
def test_errors_of_the_statement_are_not_a_lost_connection(error: Exception) -> None:
    assert not is_connection_lost(error)


@pytest.mark.parametrize(("error", "busy"), [
    (sqlite3.OperationalError("database is locked"), True),
    (sqlite3.OperationalError("database is locked (another writer of this process held it too long)"), True),
    (wrapped(sqlite3.OperationalError("database is locked")), True),
    (pg.DeadlockDetected("deadlock detected"), True),
    (pg.SerializationFailure("could not serialize access"), True),
    (pg.LockNotAvailable("could not obtain lock"), True),
    (PoolTimeout("QueuePool limit of size 5 overflow 10 reached"), True),
    (sqlite3.OperationalError("no such table: members"), False),
    (pg.UniqueViolation("duplicate key value"), False),
    (pg.AdminShutdown("terminating connection"), False),
], ids=repr)
def test_a_busy_database_is_worth_a_retry(error: Exception, busy: bool) -> None:
    assert is_database_busy(error) is busy
