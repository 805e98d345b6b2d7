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
    # The pool hands out its idle connections in turn, the killed one among them: go round
    # them all, so no later test of this database meets it.
    for _ in range(database.engine.pool.checkedin() + 1):  # type: ignore[attr-defined]
        try:
            with unit_of_work(database) as session:
                session.execute(text("SELECT 1"))
        except DBAPIError as error:
            assert error.connection_invalidated
            break
    with unit_of_work(database) as session:
        assert session.execute(text("SELECT 1")).scalar_one() == 1
