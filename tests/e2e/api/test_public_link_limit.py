from __future__ import annotations

from fastapi.testclient import TestClient

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.web.app import create_app


def test_referral_links_are_rate_limited_per_address(database: Database) -> None:
    settings = Settings()
    settings.worker.in_process = "never"
    settings.rate_limit.public_link_per_ip = "2/minute"
    with TestClient(create_app(settings, database=database)) as client:
        statuses = [client.get("/r/NOSUCHCODE", follow_redirects=False).status_code for _ in range(3)]
        over = client.get("/r/NOSUCHCODE", follow_redirects=False)
    assert statuses == [404, 404, 429]
    assert over.json()["error"]["code"] == "rate_limited" and int(over.headers["Retry-After"]) >= 1
