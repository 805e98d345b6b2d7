"""SQLite writers of one process queue on a lock, handed on at COMMIT or ROLLBACK."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text

from loyalty.config import DatabaseSettings
from loyalty.db.engine import Database, create_database
from loyalty.db.uow import unit_of_work


def _database(tmp_path: Path, busy_timeout: float = 30) -> Database:
    database = create_database(DatabaseSettings(url=f"sqlite:///{tmp_path / 'shop.db'}",
                                                sqlite_busy_timeout_seconds=busy_timeout))
    with unit_of_work(database) as session:
        session.execute(text("CREATE TABLE tally (id INTEGER PRIMARY KEY, writer INTEGER)"))
    return database


def test_concurrent_writers_all_commit_one_after_another(tmp_path: Path) -> None:
    database = _database(tmp_path)

    def write(writer: int) -> None:
        for _ in range(10):
            with unit_of_work(database) as session:
                session.execute(text("INSERT INTO tally (writer) VALUES (:w)"), {"w": writer})

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(write, range(16)))
    with unit_of_work(database, read_only=True) as session:
        rows = session.execute(text("SELECT writer, count(*) FROM tally GROUP BY writer")).all()
    database.dispose()
    assert sorted(rows) == [(writer, 10) for writer in range(16)]


def test_a_failed_or_read_only_unit_hands_the_writer_lock_on(tmp_path: Path) -> None:
    database = _database(tmp_path, busy_timeout=2)
    with pytest.raises(RuntimeError), unit_of_work(database) as session:
        session.execute(text("INSERT INTO tally (writer) VALUES (1)"))
        raise RuntimeError("the request failed")
    with unit_of_work(database, read_only=True) as session:
        session.execute(text("SELECT count(*) FROM tally"))
    with ThreadPoolExecutor(max_workers=1) as pool:  # another thread: a lock still held would time out
        pool.submit(_insert, database, 2).result(timeout=10)
    with unit_of_work(database, read_only=True) as session:
        writers = session.scalars(text("SELECT writer FROM tally")).all()
    database.dispose()
    assert writers == [2]


def _insert(database: Database, writer: int) -> None:
    with unit_of_work(database) as session:
        session.execute(text("INSERT INTO tally (writer) VALUES (:w)"), {"w": writer})
