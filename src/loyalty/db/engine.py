"""Engines and session factories for SQLite and PostgreSQL.

SQLite: WAL, synchronous=FULL by default, foreign keys on, and write transactions that
begin IMMEDIATE, so two writers queue on the busy timeout instead of failing with
"database is locked" when one upgrades its read lock. Read-only units of work begin
DEFERRED so readers never wait for writers (WAL). On PostgreSQL read-only units run in
autocommit, without the round trips of BEGIN and ROLLBACK.

Writers of one process also queue on a lock of their own before BEGIN IMMEDIATE: SQLite's
busy handler waits by sleeping in growing steps (up to 100 ms), so threads that polled the
file lock would leave the database idle between writes and serve them in no order; the lock
hands the database to the next writer the moment the last one commits. Writers in other
processes still meet on the busy timeout, so SQLite is best served by one process.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from loyalty.config import DatabaseSettings
from loyalty.db.transient_errors import invalidate_lost_connections

READ_ONLY = "loyalty_read_only"
_DATABASE_NAME = "loyalty.database"  # Session.info: the URL as text, set by the session factories


@dataclass(frozen=True)
class Database:
    engine: Engine
    read_engine: Engine
    sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()


def _configure_sqlite(engine: Engine, settings: DatabaseSettings) -> None:
    writer = threading.Lock()
    holders: set[Any] = set()  # DBAPI connections inside a write transaction (holding `writer`)

    def release(dbapi_connection: Any) -> None:
        if dbapi_connection in holders:
            holders.discard(dbapi_connection)
            writer.release()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={settings.sqlite_synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(settings.sqlite_busy_timeout_seconds * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN DEFERRED")
            return
        if not writer.acquire(timeout=settings.sqlite_busy_timeout_seconds):
            raise sqlite3.OperationalError("database is locked (another writer of this process held it too long)")
        dbapi_connection = connection.connection.dbapi_connection
        holders.add(dbapi_connection)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            release(dbapi_connection)
            raise

    # The lock is handed on once the COMMIT or ROLLBACK has run (the engine's own events fire
    # before it), and also when the pool takes back or closes a connection without either.
    dialect: Any = engine.dialect
    commit, rollback = dialect.do_commit, dialect.do_rollback

    def do_commit(dbapi_connection: Any) -> None:
        try:
            commit(dbapi_connection)
        finally:
            release(dbapi_connection)

    def do_rollback(dbapi_connection: Any) -> None:
        try:
            rollback(dbapi_connection)
        finally:
            release(dbapi_connection)

    dialect.do_commit, dialect.do_rollback = do_commit, do_rollback

    @event.listens_for(engine.pool, "checkin")
    def _on_checkin(dbapi_connection: Any, _record: Any) -> None:
        if dbapi_connection is not None:
            release(dbapi_connection)

    @event.listens_for(engine.pool, "close")
    def _on_close(dbapi_connection: Any, _record: Any) -> None:
        release(dbapi_connection)


def database_key(session: Session) -> Any:
    """Which database `session` works in, for caches kept per database in process memory. Set
    once per factory: hashing the engine's URL renders it as text on every call."""
    return session.info.get(_DATABASE_NAME) or session.get_bind().engine.url


def create_database(settings: DatabaseSettings) -> Database:
    url = settings.url
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            echo=settings.echo,
            connect_args={"check_same_thread": False, "timeout": settings.sqlite_busy_timeout_seconds},
            pool_size=settings.pool_size,
            max_overflow=settings.max_overflow,
        )
        _configure_sqlite(engine, settings)
    else:
        engine = create_engine(
            url,
            echo=settings.echo,
            pool_size=settings.pool_size,
            max_overflow=settings.max_overflow,
            pool_pre_ping=settings.pool_pre_ping,
            pool_recycle=1800,
        )
        invalidate_lost_connections(engine)
    read_options: dict[str, Any] = {READ_ONLY: True}
    if not url.startswith("sqlite"):
        # A read-only unit of work sends no BEGIN and no ROLLBACK: two round trips fewer. At READ
        # COMMITTED every statement takes its own snapshot anyway, so it reads the same.
        read_options["isolation_level"] = "AUTOCOMMIT"
    read_engine = engine.execution_options(**read_options)
    info = {_DATABASE_NAME: engine.url.render_as_string(hide_password=True)}
    sessions = sessionmaker(engine, expire_on_commit=False, autoflush=False, info=info)
    read_sessions = sessionmaker(read_engine, expire_on_commit=False, autoflush=False, info=info)
    return Database(engine=engine, read_engine=read_engine, sessions=sessions, read_sessions=read_sessions)
