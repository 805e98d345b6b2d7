"""Which database errors pass: a lost connection, a database busy for a moment. The client
may retry (every write here is idempotent), and a lost connection must leave the pool.

SQLAlchemy asks psycopg whether its connection is closed or broken, and psycopg only knows
once it has noticed: a connection the server ended (restart, failover, pg_terminate_backend)
between two statements can fail the next one with "connection socket closed" or "sending
query failed" while it still looks open. SQLAlchemy then treats the error as an ordinary one
and would hand the dead connection out again. A driver error without a server SQLSTATE is
libpq failing to talk to the server; class 08, 57P01-57P03 and 53300 are the server saying
it is ending the connection or not taking one.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg
from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# admin / crash shutdown, cannot connect now, too many connections
_SERVER_ENDING_CONNECTIONS = frozenset({"57P01", "57P02", "57P03", "53300"})
_TRY_AGAIN = frozenset({"40001", "40P01", "55P03"})  # serialization failure, deadlock, lock not available

# What the database layer may raise: SQLAlchemy's errors, and the drivers' own where they
# escape it (an engine event's, e.g. SQLite's writer queue timing out before BEGIN).
DATABASE_ERRORS: tuple[type[Exception], ...] = (DBAPIError, PoolTimeout, sqlite3.Error, psycopg.Error)


def is_connection_lost(error: BaseException) -> bool:
    """True when `error` (the driver's, or SQLAlchemy's wrapping one) says the database
    connection failed rather than the statement."""
    if isinstance(error, DBAPIError):
        return error.connection_invalidated or (error.orig is not None and is_connection_lost(error.orig))
    if not isinstance(error, psycopg.OperationalError):
        return False  # SQLite is a file, not a connection: its errors are the statement's or the disk's
    sqlstate = error.sqlstate
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in _SERVER_ENDING_CONNECTIONS


def is_database_busy(error: BaseException) -> bool:
    """True when the transaction lost to others and may succeed if tried again: SQLite gave up
    waiting for another writer, PostgreSQL broke a deadlock or a lock wait timed out, or every
    connection of the pool stayed busy past its timeout."""
    if isinstance(error, PoolTimeout):
        return True
    original = error.orig if isinstance(error, DBAPIError) else error
    if isinstance(original, sqlite3.OperationalError):
        return str(original).startswith("database is locked")
    return isinstance(original, psycopg.Error) and original.sqlstate in _TRY_AGAIN


def invalidate_lost_connections(engine: Engine) -> None:
    """Have SQLAlchemy treat the lost connections psycopg has not noticed yet as disconnects:
    it invalidates the connection (and the pool's older ones) instead of reusing it."""

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> Any:
        if not context.is_disconnect and is_connection_lost(context.original_exception):
            context.is_disconnect = True
