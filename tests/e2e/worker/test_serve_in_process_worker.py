"""`loyalty serve` on SQLite runs the worker in its own process: a purchase recorded over the
REST API reaches a webhook receiver with no `loyalty worker` running (issue 12, "Done means")."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from loyalty.db.engine import Database
from tests.conftest import fresh_database
from tests.e2e.worker.conftest import LOYALTY, WebhookSink, start, url_of, wait_until, worker_environment
from tests.factories.members import make_member
from tests.factories.programs import make_api_key, make_program


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def sqlite_database(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Database]:
    with fresh_database("sqlite", tmp_path_factory, worker_id, label="serve_worker") as database:
        yield database


def test_serve_on_sqlite_delivers_a_webhook_without_a_worker_process(
        sqlite_database: Database, webhook_sink: WebhookSink, tmp_path: Path) -> None:
    database = sqlite_database
    program = make_program(database)
    member = make_member(database, program, email="ala@example.com")
    key = make_api_key(database, program, scopes=["admin"])
    port = _free_port()
    env = {**worker_environment(), "LOYALTY_WORKER__IN_PROCESS": "auto"}
    server = start([*LOYALTY, "serve", "--database-url", url_of(database), "--port", str(port)], env,
                   tmp_path / "serve.log", "loyalty serve")
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _healthy(base), timeout=30, what=f"loyalty serve answering:\n{server.output()}")
        with httpx.Client(base_url=f"{base}/api/v1", headers={"Authorization": f"Bearer {key.token}"},
                          timeout=10) as api:
            made = api.post("/webhooks/endpoints", json={"url": webhook_sink.endpoint_url("crm"),
                                                         "event_types": ["purchase.recorded"]})
            assert made.status_code == 201, made.text
            recorded = api.post("/purchases", json={"member": {"id": member.id}, "external_id": "R-1",
                                                    "total": 2500})
            assert recorded.status_code == 201, recorded.text
            log = f"/webhooks/endpoints/{made.json()['id']}/deliveries"
            wait_until(lambda: [d["status"] for d in api.get(log).json()["items"]] == ["succeeded"], timeout=30,
                       what=f"the webhook delivered:\n{server.output()}")
            deliveries = api.get(log).json()
    finally:
        server.stop()

    assert list(webhook_sink.by_path()) == ["/crm"]
    [delivery] = deliveries["items"]
    assert delivery["status"] == "succeeded" and delivery["event_type"] == "purchase.recorded"
    assert webhook_sink.by_path()["/crm"] == {delivery["webhook_id"]: 1}


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
