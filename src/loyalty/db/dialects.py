"""The few statements SQLite and PostgreSQL spell differently."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_ignoring_conflict(session: Session, table: Table | Any, values: dict[str, Any],
                             conflict_columns: Sequence[str], *,
                             conflict_where: ColumnElement[bool] | None = None) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id: the new id, or None when the row existed.

    On PostgreSQL a concurrent insert of the same key waits for the other transaction and
    then yields None, so the caller can read the committed row.
    """
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(table).values(**values).on_conflict_do_nothing(
        index_elements=list(conflict_columns), index_where=conflict_where
    ).returning(table.c.id if isinstance(table, Table) else table.id)
    return session.execute(statement).scalar_one_or_none()


def upsert_increment(session: Session, table: Any, values: dict[str, Any], conflict_columns: Sequence[str],
                     column: str, amount: int) -> None:
    """INSERT the row, or add `amount` to `column` of the existing one, in one statement."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(table).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=list(conflict_columns),
        set_={column: getattr(table, column) + amount},
    )
    session.execute(statement)


def for_update(query: Select[Any], session: Session) -> Select[Any]:
    """Row locks where the database has them; SQLite's BEGIN IMMEDIATE already serializes writers."""
    if session.get_bind().dialect.name == "postgresql":
        return query.with_for_update()
    return query


def transaction_lock(session: Session, name: str) -> None:
    """Hold the lock called `name` until the transaction ends: another transaction asking for it
    waits until then. PostgreSQL: an advisory lock, which blocks nothing else. SQLite: nothing to
    do, its writers take turns (BEGIN IMMEDIATE)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))"), {"name": name})
