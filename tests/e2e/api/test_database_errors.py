"""When the database fails for a moment (a restart, a writer holding SQLite too long) the API
answers 503 with a code and Retry-After, and the client's retry is applied exactly once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from loyalty.config import DatabaseSettings, Settings
from loyalty.db.engine import Database, create_database
from loyalty.programs.models import Program
from loyalty.web.app import create_app
from tests.factories.programs import ApiCredentials

RULE = {"name": "1 point per 1.00", "trigger": "purchase",
        "effect": {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"}}


def receipt(external_id: str, member_id: int) -> dict[str, Any]:
    return {"external_id": external_id, "member": {"id": member_id}, "channel": "pos", "store": "WAW-01",
            "lines": [{"sku": "CAP", "category": "coffee", "quantity": 2, "unit_price": 1450}]}


def assert_retry_later(response: Any, code: str) -> None:
    assert response.status_code == 503, response.text
    assert response.json()["error"]["code"] == code
    assert response.headers["Retry-After"] == "1"


def a_server(database: Database, admin: ApiCredentials) -> TestClient:
    settings = Settings()
    settings.worker.in_process = "never"
    return TestClient(create_app(settings, database=database), headers=admin.headers)


@pytest.fixture
def own_pool(database: Database) -> Iterator[Database]:
    """The test database behind an engine of its own: ending its connections spares the pool the
    other tests share."""
    if database.dialect != "postgresql":
        pytest.skip("connections are ended by the PostgreSQL server only")
    served = create_database(DatabaseSettings(url=database.engine.url.render_as_string(hide_password=False),
                                              pool_size=5))
    yield served
    served.dispose()


def restart(database: Database) -> None:
    """What a database restart does to a server's pool: it is full (5 idle connections) and the
    server ends every one of them."""
    held = [database.engine.connect() for _ in range(5)]
    pids = [connection.execute(text("SELECT pg_backend_pid()")).scalar_one() for connection in held]
    for connection in held:
        connection.rollback()
        connection.close()
    outsider = create_engine(database.engine.url, poolclass=NullPool)
    with outsider.connect() as admin:
        ended = admin.execute(text("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                                   "FROM unnest(CAST(:pids AS int[])) AS pid"), {"pids": pids}).scalar_one()
        admin.commit()
    outsider.dispose()
    assert ended == 5


def test_after_a_database_restart_one_request_is_503_and_its_retry_counts_once(
        own_pool: Database, program: Program, admin: ApiCredentials, served_by_lane: list[str]) -> None:
    with a_server(own_pool, admin) as api:
        assert api.post("/api/v1/rules", json=RULE).status_code == 201
        member_id = api.post("/api/v1/members", json={"email": "restart@example.com"}).json()["id"]
        assert api.post("/api/v1/purchases", json=receipt("R-0", member_id)).status_code == 201

        restart(own_pool)
        sales = [api.post("/api/v1/purchases", json=receipt(f"R-{n}", member_id)) for n in (1, 1, 2, 3, 4, 5)]
        restart(own_pool)
        reads = [api.get(f"/api/v1/members/{member_id}") for _ in range(6)]  # FastAPI's path, not the lane's
        restart(own_pool)
        followed = api.get("/r/NOSUCHCODE", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})

    assert served_by_lane == ["PurchaseCreate"] * 7
    assert_retry_later(sales[0], "database_unavailable")   # one request fails, not one per pooled connection
    assert [sale.status_code for sale in sales[1:]] == [201] * 5
    assert sales[1].json()["points"]["earned"] == 29        # R-1's retry
    assert sales[-1].json()["balance"]["points"]["available"] == 29 * 6  # each once
    assert_retry_later(reads[0], "database_unavailable")
    assert [read.status_code for read in reads[1:]] == [200] * 5
    assert followed.status_code == 503 and followed.headers["content-type"].startswith("text/html")
    assert "Please try again in a moment" in followed.text   # a person who followed a link reads a page


@pytest.fixture
def impatient(database: Database) -> Iterator[Database]:
    """The test's SQLite file, served by an engine that waits only 0.2 s for another writer."""
    settings = DatabaseSettings(url=database.engine.url.render_as_string(hide_password=False),
                                sqlite_busy_timeout_seconds=0.2)
    served = create_database(settings)
    yield served
    served.dispose()


def test_a_sqlite_writer_holding_the_database_too_long_is_503_busy(
        database: Database, impatient: Database, program: Program, admin: ApiCredentials) -> None:
    if database.dialect != "sqlite":
        pytest.skip("SQLite's writers queue on its file lock")
    path = make_url(str(database.engine.url)).database
    with a_server(impatient, admin) as client:
        assert client.post("/api/v1/rules", json=RULE).status_code == 201
        member_id = client.post("/api/v1/members", json={"email": "busy@example.com"}).json()["id"]
        other_writer = sqlite3.connect(str(path), isolation_level=None)
        other_writer.execute("BEGIN IMMEDIATE")
        try:
            busy = client.post("/api/v1/purchases", json=receipt("B-1", member_id))
            busy_member = client.post("/api/v1/members", json={"email": "busy2@example.com"})
        finally:
            other_writer.execute("ROLLBACK")
            other_writer.close()
        retried = client.post("/api/v1/purchases", json=receipt("B-1", member_id))
    assert_retry_later(busy, "database_busy")
    assert_retry_later(busy_member, "database_busy")
    assert retried.status_code == 201 and retried.json()["balance"]["points"]["available"] == 29
