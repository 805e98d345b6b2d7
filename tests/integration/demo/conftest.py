"""The demo gets a database of its own, on SQLite and on PostgreSQL, as `loyalty demo` does.

A whole program's history goes into it, and `ledger.verify` (which checks every account in
the database) then proves exactly the demo's ledger, whatever other tests on the shared test
database post, tamper with and restore meanwhile.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from loyalty.config import DatabaseSettings
from loyalty.db.engine import Database, create_database
from loyalty.migrate import upgrade
from tests.conftest import BACKENDS, IN_CI, _postgres_admin, _postgres_admin_url, _postgres_unavailable_reason


def _demo_database_name(worker_id: str) -> str:
    return f"loyalty_demo_test_{worker_id}_{os.getpid()}".replace("-", "_")


@pytest.fixture(scope="module", params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
             worker_id: str) -> Iterator[Database]:
    backend = request.param
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    elif backend == "postgresql":
        reason = _postgres_unavailable_reason()
        if reason:
            if IN_CI:
                pytest.fail(f"CI must run the PostgreSQL suite: {reason}")
            pytest.skip(reason)
        name = _demo_database_name(worker_id)
        _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _postgres_admin(f'CREATE DATABASE "{name}"')
        url = make_url(_postgres_admin_url()).set(database=name).render_as_string(hide_password=False)
    else:
        raise ValueError(f"unknown backend {backend!r} in LOYALTY_TEST_BACKENDS")
    upgrade(url)
    db = create_database(DatabaseSettings(url=url, sqlite_synchronous="NORMAL"))
    yield db
    db.dispose()
    if backend == "postgresql":
        _postgres_admin(f'DROP DATABASE IF EXISTS "{_demo_database_name(worker_id)}" WITH (FORCE)')
