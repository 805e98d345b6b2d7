"""Read-only units of work on PostgreSQL run in autocommit: no BEGIN, no ROLLBACK round trips."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work


def test_a_read_only_unit_holds_no_transaction_between_its_statements(database: Database) -> None:
    if database.dialect != "postgresql":
        pytest.skip("SQLite read units begin DEFERRED, so readers never wait for writers")
    with unit_of_work(database, read_only=True) as session:
        session.execute(text("SELECT 1"))
        time.sleep(0.01)
        # Inside a transaction now() stays at its start; on its own each statement is one.
        assert session.execute(text("SELECT now() = statement_timestamp()")).scalar_one() is True
    with unit_of_work(database) as session:  # a writing unit still runs in one transaction
        session.execute(text("SELECT 1"))
        time.sleep(0.01)
        assert session.execute(text("SELECT now() = statement_timestamp()")).scalar_one() is False
