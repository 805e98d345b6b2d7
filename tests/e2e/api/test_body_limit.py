from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.web.app import create_app

LIMIT = 4096


@pytest.fixture
def small(database: Database) -> Iterator[TestClient]:
    settings = Settings()
    settings.worker.in_process = "never"
    settings.server.max_body_bytes = LIMIT
    with TestClient(create_app(settings, database=database)) as client:
        yield client


def test_a_body_over_the_limit_is_413_before_anything_else(small: TestClient) -> None:
    declared = small.post("/api/v1/purchases", content=b"{" + b" " * LIMIT + b"}",
                          headers={"Content-Type": "application/json", "Authorization": "Bearer not-a-key"})
    streamed = small.post("/api/v1/purchases", content=(b" " * 1024 for _ in range(8)),
                          headers={"Content-Type": "application/json", "Authorization": "Bearer not-a-key"})
    streamed_elsewhere = small.post("/api/v1/members", content=(b" " * 1024 for _ in range(8)),
                                    headers={"Content-Type": "application/json", "Authorization": "Bearer not-a-key"})
    # A GET's body is read by no route, but by the NUL check (web/text_input.py): limited as well.
    streamed_get = small.request("GET", "/healthz", content=(b" " * 1024 for _ in range(8)))
    for response in (declared, streamed, streamed_elsewhere, streamed_get):
        assert response.status_code == 413
        assert response.json() == {"error": {"code": "body_too_large", "field": None,
                                             "message": "Request bodies are limited to 4,096 bytes."}}


def test_a_body_within_the_limit_is_served_declared_or_streamed(small: TestClient) -> None:
    declared = small.post("/api/v1/purchases", content=b"{" + b" " * (LIMIT - 2) + b"}",
                          headers={"Content-Type": "application/json", "Authorization": "Bearer not-a-key"})
    streamed = small.post("/api/v1/purchases", content=(part for part in (b"{", b" " * (LIMIT - 2), b"}")),
                          headers={"Content-Type": "application/json", "Authorization": "Bearer not-a-key"})
    for response in (declared, streamed):
        assert (response.status_code, response.json()["error"]["code"]) == (401, "invalid_api_key")
