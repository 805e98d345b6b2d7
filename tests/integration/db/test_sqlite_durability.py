from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from loyalty.config import DatabaseSettings
from loyalty.db.engine import create_database
from loyalty.db.uow import unit_of_work


def test_sqlite_defaults_survive_a_power_cut(tmp_path: Path) -> None:
    database = create_database(DatabaseSettings(url=f"sqlite:///{tmp_path / 'shop.db'}"))
    with unit_of_work(database) as session:
        journal = session.execute(text("PRAGMA journal_mode")).scalar()
        synchronous = session.execute(text("PRAGMA synchronous")).scalar()
        foreign_keys = session.execute(text("PRAGMA foreign_keys")).scalar()
    database.dispose()
    assert (journal, synchronous, foreign_keys) == ("wal", 2, 1)  # 2 = FULL


def test_sqlite_writers_begin_immediate_and_readers_deferred(tmp_path: Path) -> None:
    database = create_database(DatabaseSettings(url=f"sqlite:///{tmp_path / 'shop.db'}"))
    statements: list[str] = []
    from sqlalchemy import event

    @event.listens_for(database.engine, "before_cursor_execute")
    def _record(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    with unit_of_work(database) as session:
        session.execute(text("SELECT 1"))
    with unit_of_work(database, read_only=True) as session:
        session.execute(text("SELECT 2"))
    database.dispose()
    assert [s for s in statements if s.startswith("BEGIN")] == ["BEGIN IMMEDIATE", "BEGIN DEFERRED"]
