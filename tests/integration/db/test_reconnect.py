from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work


def test_a_killed_connection_fails_one_unit_of_work_and_the_pool_recovers(database: Database) -> None:
    if database.dialect != "postgresql":
        pytest.skip("connections are killed on the PostgreSQL server only")
    with unit_of_work(database) as session:
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    outsider = create_engine(database.engine.url, poolclass=NullPool)  # not one of the pool's connections
    with outsider.connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.commit()
    outsider.dispose()
    for _ in range(3):  # the killed connection may sit anywhere in the pool's queue
        try:
            with unit_of_work(database) as session:
                session.execute(text("SELECT 1"))
            break
        except DBAPIError as error:
            assert error.connection_invalidated
    with unit_of_work(database) as session:
        assert session.execute(text("SELECT 1")).scalar_one() == 1
