"""Hot-path statements run straight on the driver's cursor.

A purchase runs about ten statements. Through `Session.execute` each costs some 150 µs of
CPU in SQLAlchemy's execution machinery (result objects, execution contexts, events) on top
of what the driver and the database spend; on a two-core machine shared with PostgreSQL
that, not the database, caps the purchases per second. A `DirectStatement` is compiled once
per dialect by SQLAlchemy (so the SQL and the column types' bind processors are exactly what
`Session.execute` would use) and then handed with its parameters to the DBAPI cursor of the
session's connection, inside the session's transaction (`Session.connection()` begins it,
with BEGIN IMMEDIATE on SQLite).

Results come back as the driver's plain tuples, without SQLAlchemy's result processing: use
it for statements whose results are ids, integers and strings, or ask for `typed_row`, which
applies the columns' types as SQLAlchemy would. SQLAlchemy's cursor events
(`before_cursor_execute`) do not see these statements. Writes queued with
`deferred.write_later` are sent before any of them runs. The driver's errors come out as
SQLAlchemy's (`IntegrityError`, `OperationalError`), as from `Session.execute`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement

from loyalty.db import deferred
from loyalty.db.transient_errors import is_connection_lost


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positions: tuple[str, ...] | None  # parameter order for positional drivers (sqlite3); None: by name
    processors: dict[str, Callable[[Any], Any]]
    defaults: dict[str, Any]  # the statement's literals and the columns' scalar defaults, for values not given
    result_types: tuple[Any, ...]  # the result columns' SQLAlchemy types, for typed_row

    def bind(self, params: Mapping[str, Any]) -> Any:
        if self.defaults:
            params = {**self.defaults, **params}
        values = {name: processor(params[name]) if (processor := self.processors.get(name)) else params[name]
                  for name in params} if self.processors else params
        if self.positions is None:
            return values
        return tuple(values[name] for name in self.positions)


def _scalar_defaults(compiled: Any) -> dict[str, Any]:
    """What the execution context would fill in: the values of the statement's own literals
    (`uses + 1`), and the defaults of columns left out of an INSERT or UPDATE."""
    defaults = {name: bind.effective_value for name, bind in compiled.binds.items()
                if not bind.required and bind.effective_value is not None}
    prefetched = [(column, column.default) for column in getattr(compiled, "insert_prefetch", ())]
    prefetched += [(column, column.onupdate) for column in getattr(compiled, "update_prefetch", ())]
    for column, default in prefetched:
        if default is None or not default.is_scalar:
            raise ValueError(f"DirectStatement cannot compute the default of {column}; pass a value")
        defaults[column.key] = default.arg
    return defaults


class DirectStatement:
    """A Core statement (or `text()`) compiled once per dialect and run on the DBAPI cursor."""

    def __init__(self, statement: ClauseElement, *, columns: Sequence[str] | None = None,
                 for_many: bool = False) -> None:
        self._statement = statement
        self._columns = list(columns) if columns is not None else None
        self._for_many = for_many
        self._compiled: dict[str, _Compiled] = {}
        # Per dialect, what SQLAlchemy would make of each result column's value (None: nothing);
        # built from the first result's description, as SQLAlchemy builds them (the driver's
        # type codes matter, e.g. for numerics).
        self._results: dict[str, tuple[Callable[[Any], Any] | None, ...]] = {}
        self._lock = threading.Lock()

    def _for(self, session: Session) -> _Compiled:
        dialect = session.get_bind().dialect
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            with self._lock:
                result: Any = self._statement.compile(dialect=dialect, column_keys=self._columns,
                                                      for_executemany=self._for_many)
                positions = tuple(result.positiontup) if result.positional and result.positiontup else None
                compiled = _Compiled(sql=result.string, positions=positions,
                                     processors=dict(result._bind_processors),  # noqa: SLF001 - see module doc
                                     defaults=_scalar_defaults(result),
                                     result_types=tuple(column.type for column in
                                                        getattr(result, "_result_columns", ())))
                self._compiled[dialect.name] = compiled
        return compiled

    def execute(self, session: Session, params: Mapping[str, Any]) -> Any:
        """Run with `params`; the DBAPI cursor, to fetch RETURNING or SELECT rows from."""
        if session.info.get(deferred.READ_BACK):
            deferred.write_pending(session)
        compiled = self._for(session)
        connection = session.connection()
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(compiled.sql, compiled.bind(params))
        except connection.dialect.loaded_dbapi.Error as error:
            raise _as_sqlalchemy_error(connection, compiled.sql, params, error) from error
        return cursor

    def execute_many(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run once per row (the driver batches them: a pipeline on psycopg)."""
        if not rows:
            return
        if session.info.get(deferred.READ_BACK):
            deferred.write_pending(session)
        compiled = self._for(session)
        connection = session.connection()
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany(compiled.sql, [compiled.bind(row) for row in rows])
        except connection.dialect.loaded_dbapi.Error as error:
            raise _as_sqlalchemy_error(connection, compiled.sql, rows, error) from error
        cursor.close()

    def typed_row(self, session: Session, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The first row with each value as SQLAlchemy would give it (its column's type applied:
        UTC datetimes, dates and JSON on SQLite too), or None without a row."""
        cursor = self.execute(session, params)
        row = cursor.fetchone()
        dialect = session.get_bind().dialect
        processors = self._results.get(dialect.name)
        if processors is None:
            types = self._for(session).result_types
            processors = tuple(type_.dialect_impl(dialect).result_processor(dialect, column[1])
                               for type_, column in zip(types, cursor.description, strict=True))
            self._results[dialect.name] = processors
        cursor.close()
        if row is None:
            return None
        return tuple(value if processor is None or value is None else processor(value)
                     for processor, value in zip(processors, row, strict=True))

    def row(self, session: Session, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The first row as the driver gives it (plain numbers and strings need nothing more), or None."""
        cursor = self.execute(session, params)
        row = cursor.fetchone()
        cursor.close()
        return None if row is None else tuple(row)

    def scalar(self, session: Session, params: Mapping[str, Any]) -> Any:
        """The first column of the first row, or None without a row."""
        row = self.row(session, params)
        return None if row is None else row[0]


def _as_sqlalchemy_error(connection: Connection, sql: str, params: Any, error: Exception) -> StatementError:
    """The error `Session.execute` would raise (IntegrityError, OperationalError, …), so callers
    and the web layer handle one family. A lost connection is invalidated as SQLAlchemy does it:
    with every other connection the pool opened before it, which the same restart or failover
    ended too, so one request per process fails rather than one per pooled connection."""
    lost = is_connection_lost(error)
    if lost:
        connection.engine.pool._invalidate(connection.connection, error, _checkin=False)  # noqa: SLF001
        connection.invalidate(error)
    return DBAPIError.instance(sql, params, error, connection.dialect.loaded_dbapi.Error,
                               hide_parameters=True, connection_invalidated=lost, dialect=connection.dialect)


class JsonRowsStatement:
    """Many rows in one statement: `statement` (a PostgreSQL `text()` reading the rows with
    jsonb_to_recordset from its one parameter, `:rows`) gets them as one JSON array. The C
    JSON encoder is far cheaper than the driver adapting each value, and one statement than
    one per row. Datetimes go as ISO 8601, with their offset."""

    def __init__(self, statement: ClauseElement) -> None:
        self._direct = DirectStatement(statement)

    def execute_many(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            self.execute(session, rows).close()

    def execute(self, session: Session, rows: Sequence[Mapping[str, Any]], **params: Any) -> Any:
        """Run with the rows and any other named `params`; the cursor, to fetch RETURNING rows from."""
        return self._direct.execute(session, {**params, "rows": as_json(rows)})


def as_json(value: Any) -> str:
    """`value` as JSON text for a json/jsonb parameter, datetimes as ISO 8601 with their offset."""
    return json.dumps(value, default=_iso)


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # as UtcDateTime refuses them
            raise ValueError("naive datetime given to a UTC column")
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
