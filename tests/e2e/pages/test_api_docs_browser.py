"""The interactive API docs as the demo tells a person to use them: open /docs, press
Authorize, paste the key, try an operation. In a real headless Chromium against the real
server, with every response the page receives recorded: nothing may come from another host."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from loyalty.config import DatabaseSettings, Settings
from loyalty.db.engine import Database, create_database
from loyalty.migrate import upgrade
from loyalty.web.app import create_app
from tests.e2e.pages.conftest import TIMEOUT_MS, serving
from tests.factories.programs import make_api_key, make_program
from tests.factories.rules import make_rule


@pytest.fixture
def docs_site(tmp_path: Path) -> Iterator[tuple[str, Database]]:
    """The real API server on a free port over a fresh SQLite database: (base URL, database)."""
    url = f"sqlite:///{tmp_path / 'loyalty.db'}"
    upgrade(url)
    database = create_database(DatabaseSettings(url=url, sqlite_synchronous="NORMAL"))
    settings = Settings()
    settings.worker.in_process = "never"
    try:
        with serving(create_app(settings, database=database)) as base:
            yield base, database
    finally:
        database.dispose()


def test_the_docs_load_from_this_server_and_send_the_pasted_key(chromium: Any,
                                                                 docs_site: tuple[str, Database]) -> None:
    base, database = docs_site
    program = make_program(database)
    make_rule(database, program, name="1 point per 1 PLN")
    key = make_api_key(database, program, scopes=["rules:read"]).token
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    received: list[str] = []
    page.on("response", lambda response: received.append(response.url))
    try:
        page.goto(f"{base}/docs")
        page.get_by_role("button", name="Authorize").first.click()
        page.get_by_label("auth-bearer-value").fill(key)
        page.get_by_role("button", name="Apply credentials").click()
        page.locator(".auth-btn-wrapper .btn-done").click()

        page.locator('.opblock-get .opblock-summary-path[data-path="/api/v1/rules"]').click()
        page.get_by_role("button", name="Try it out").click()
        page.get_by_role("button", name="Execute").click()

        status = page.locator(".live-responses-table .response .response-col_status").first
        assert status.inner_text().strip() == "200"
        assert "1 point per 1 PLN" in page.locator(".live-responses-table .highlight-code").first.inner_text()
        page.goto(f"{base}/redoc")
        page.get_by_text("The loyalty platform's REST API.").wait_for()
    finally:
        context.close()
    # data: and this page's own blob: URLs are made in the page; anything else was downloaded
    # (ReDoc asks its CDN for a logo: the page's Content-Security-Policy stops it).
    foreign = [url for url in received if not url.startswith((base, "data:", f"blob:{base}"))]
    assert foreign == []
