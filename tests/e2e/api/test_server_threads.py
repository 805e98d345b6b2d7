"""LOYALTY_SERVER__THREADS sets how many threads run the request handlers of a process."""

from __future__ import annotations

import anyio.to_thread
from fastapi.testclient import TestClient

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.web.app import create_app


def test_the_handler_thread_pool_has_the_configured_size(database: Database) -> None:
    settings = Settings()
    settings.worker.in_process = "never"
    settings.server.threads = 3
    app = create_app(settings, database=database)
    seen: list[float] = []

    @app.get("/_threads")
    async def threads() -> dict[str, float]:
        seen.append(anyio.to_thread.current_default_thread_limiter().total_tokens)
        return {}

    with TestClient(app) as client:
        assert client.get("/_threads").status_code == 200
    assert seen == [3]
