"""The demo gets a database of its own, on SQLite and on PostgreSQL, as `loyalty demo` does.

A whole program's history goes into it, and `ledger.verify` (which checks every account in
the database) then proves exactly the demo's ledger, whatever other tests on the shared test
database post, tamper with and restore meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from loyalty.db.engine import Database
from tests.conftest import BACKENDS, fresh_database


@pytest.fixture(scope="module", params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
             worker_id: str) -> Iterator[Database]:
    with fresh_database(request.param, tmp_path_factory, worker_id, label="demo_test") as db:
        yield db
