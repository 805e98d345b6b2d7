"""Fixtures the API tests share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.web import checkout_lane
from loyalty.web.app import create_app


@pytest.fixture
def strict_client(database: Database) -> Iterator[TestClient]:
    """A server allowing 3 voucher attempts a minute per member and 5 per API key."""
    settings = Settings()
    settings.worker.in_process = "never"
    settings.rate_limit.voucher_validation_per_member = "3/minute"
    settings.rate_limit.voucher_validation_per_key = "5/minute"
    with TestClient(create_app(settings, database=database)) as test_client:
        yield test_client


@pytest.fixture
def served_by_lane(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The request models the checkout lane validated a body for (it then serves the request itself)."""
    served: list[str] = []
    validated = checkout_lane._validated

    def spy(model: Any, body: bytes) -> Any:
        data = validated(model, body)
        if data is not None:
            served.append(model.__name__)
        return data

    monkeypatch.setattr(checkout_lane, "_validated", spy)
    yield served
