from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from tests.factories.gift_vouchers import create_gift_app, gift_settings
from tests.factories.programs import ApiCredentials


@pytest.fixture
def gift_client(database: Database) -> Iterator[TestClient]:
    """A client of the real app with the gift API and pages, its own secret key and rate limits."""
    app = create_gift_app(gift_settings(gift_sign_in_per_ip="1000/minute", gift_sign_in_per_code="1000/minute"),
                          database)
    with TestClient(app) as client:
        yield client


@pytest.fixture
def gift_api(gift_client: TestClient, admin: ApiCredentials) -> TestClient:
    """The same client sending this test's program's admin key."""
    gift_client.headers["Authorization"] = f"Bearer {admin.token}"
    return gift_client
