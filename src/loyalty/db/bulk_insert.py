"""Many rows in one INSERT … ON CONFLICT DO NOTHING RETURNING, whose SQL text does not grow with the rows.

The worker's subscribers insert a few hundred rows at a time (webhook deliveries, journey
enrolments, messages). As SQLAlchemy's multi-row `VALUES` (insertmanyvalues) the statement
text holds a placeholder per value: under purchase load psycopg parsed that text anew for
every page (`_query2pg_nocache`: it caches only statements under 4 KiB) and the parse was a
quarter of the worker process's Python time, under the GIL its other threads wait for. On
PostgreSQL the rows now go as one JSON parameter read by `jsonb_to_recordset`
(`direct.JsonRowsStatement`, as the purchase path writes its lines): one statement text per
table and column set, parsed and planned once. SQLite keeps the executemany, where the driver
has no such parse.

Every row names the same columns. A column a row leaves out gets its Python-side default (a
constant, or a callable such as `dict`), as SQLAlchemy would give it; the RETURNING values
come as the driver gives them (ids, numbers and strings).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from loyalty.db.direct import JsonRowsStatement

_POSTGRESQL = postgresql.dialect()


def insert_ignoring_conflicts(session: Session, table: Table, rows: Sequence[Mapping[str, Any]], *,
                              conflict: Sequence[str], returning: Sequence[str]) -> list[tuple[Any, ...]]:
    """Insert `rows`, leaving out each whose `conflict` columns match a row there already (or an
    earlier row of `rows`); the `returning` columns of those inserted, in no particular order."""
    if not rows:
        return []
    columns, complete = _with_defaults(table, rows)
    if session.get_bind().dialect.name == "postgresql":
        cursor = _json_statement(table, columns, tuple(conflict), tuple(returning)).execute(session, complete)
        found = [tuple(row) for row in cursor.fetchall()]
        cursor.close()
        return found
    statement = sqlite.insert(table).on_conflict_do_nothing(index_elements=list(conflict)).returning(
        *(table.c[name] for name in returning))
    return [tuple(row) for row in session.execute(statement, complete)]


def _with_defaults(table: Table, rows: Sequence[Mapping[str, Any]]) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    given = tuple(rows[0])
    if any(set(row) != set(given) for row in rows):
        raise ValueError(f"every row inserted into {table.name} must name the same columns")
    defaults: dict[str, Any] = {}
    for column in table.columns:
        if column.name in given or column.default is None or column.primary_key:
            continue
        default: Any = column.default
        if default.is_scalar:
            defaults[column.name] = default.arg
        elif default.is_callable:
            defaults[column.name] = default.arg  # called per row below: a fresh dict each
        else:  # a SQL expression or a sequence: not something a JSON row can carry
            raise ValueError(f"{table.name}.{column.name} has a default this insert cannot give; name it in the rows")
    if not defaults:
        return given, [dict(row) for row in rows]
    complete = []
    for row in rows:
        filled = dict(row)
        for name, value in defaults.items():
            filled[name] = value(None) if callable(value) else value
        complete.append(filled)
    return given + tuple(defaults), complete


@lru_cache(maxsize=64)
def _json_statement(table: Table, columns: tuple[str, ...], conflict: tuple[str, ...],
                    returning: tuple[str, ...]) -> JsonRowsStatement:
    quote = _POSTGRESQL.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    shapes = ", ".join(f"{quote(name)} {table.c[name].type.compile(dialect=_POSTGRESQL)}" for name in columns)
    # Names from the table's own metadata, quoted; the rows are the one bound parameter.
    sql = (f"INSERT INTO {quote(table.name)} ({names}) "  # noqa: S608
           f"SELECT {names} FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS given({shapes}) "
           f"ON CONFLICT ({', '.join(quote(name) for name in conflict)}) DO NOTHING "
           f"RETURNING {', '.join(quote(name) for name in returning)}")
    return JsonRowsStatement(text(sql))
