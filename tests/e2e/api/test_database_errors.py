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


def end_the_pools_connections(database: Database) -> None:
    """What a database restart does to the server's pool: every connection it holds is ended."""
    outsider = create_engine(database.engine.url, poolclass=NullPool)
    with outsider.connect() as admin:
        ended = admin.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                   "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar_one()
        admin.commit()
    outsider.dispose()
    assert ended > 0


def assert_retry_later(response: Any, code: str) -> None:
    assert response.status_code == 503, response.text
    assert response.json()["error"]["code"] == code
    assert response.headers["Retry-After"] == "1"


def test_after_a_database_restart_one_request_is_503_and_its_retry_counts_once(
        database: Database, api: TestClient, served_by_lane: list[str]) -> None:
    if database.dialect != "postgresql":
        pytest.skip("connections are ended by the PostgreSQL server only")
    assert api.post("/api/v1/rules", json=RULE).status_code == 201
    member_id = api.post("/api/v1/members", json={"email": "restart@example.com"}).json()["id"]
    assert api.post("/api/v1/purchases", json=receipt("R-0", member_id)).status_code == 201

    end_the_pools_connections(database)
    lost = api.post("/api/v1/purchases", json=receipt("R-1", member_id))  # the till's sale
    retried = api.post("/api/v1/purchases", json=receipt("R-1", member_id))
    end_the_pools_connections(database)
    lost_read = api.get(f"/api/v1/members/{member_id}")  # FastAPI's path, not the checkout lane's
    read = api.get(f"/api/v1/members/{member_id}")

    assert served_by_lane == ["PurchaseCreate"] * 3
    assert_retry_later(lost, "database_unavailable")
    assert retried.status_code == 201 and retried.json()["points"]["earned"] == 29
    assert retried.json()["balance"]["points"]["available"] == 58  # once each
    assert_retry_later(lost_read, "database_unavailable")
    assert read.status_code == 200


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
    settings = Settings()
    settings.jobs.interval_seconds = 0
    path = make_url(str(database.engine.url)).database
    with TestClient(create_app(settings, database=impatient), headers=admin.headers) as client:
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
