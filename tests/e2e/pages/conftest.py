"""Real headless Chromium for the page tests, and the real server on a free port: `serving(app)`,
or the `site` fixture, one server per test module over a fresh SQLite database (the browser
tests run on SQLite only; the HTTP tests cover PostgreSQL).

Needs Debian's chromium and the Python `playwright` package (never `playwright install`).
Without them the browser tests are skipped with the reason, except in CI (CI=true), where that
is a failure: CI must prove the pages work.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from loyalty.config import DatabaseSettings, Settings
from loyalty.db.engine import Database, create_database
from loyalty.migrate import upgrade
from loyalty.web.app import create_app
from tests.factories.staff import page_settings

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("LOYALTY_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
TIMEOUT_MS = 20_000


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI must run the browser tests: {reason}")
    print(f"\nSkipping the browser tests: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def _screenshots_go_to_a_tmp_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Screenshots (tests/e2e/pages/accessibility.py) go to LOYALTY_SCREENSHOTS, else here."""
    from tests.e2e.pages.accessibility import use_default_folder

    use_default_folder(tmp_path_factory.getbasetemp() / "screenshots")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package 'playwright' is not installed (pip install -e '.[test]')")
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """`app` in uvicorn on a free port, in a thread: its base URL, until the block ends."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, name=f"test-server-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A fresh SQLite database, migrated, for one test module's server."""
    url = f"sqlite:///{tmp_path_factory.mktemp('site') / 'loyalty.db'}"
    upgrade(url)
    database = create_database(DatabaseSettings(url=url, sqlite_synchronous="NORMAL"))
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture(scope="module")
def site_settings() -> Settings:
    """The settings `site` serves with: the pages' (a test module may override this fixture)."""
    return page_settings()


@pytest.fixture(scope="module")
def site(sqlite_database: Database, site_settings: Settings) -> Iterator[tuple[str, Database]]:
    """The real server (every face) on a free port over `sqlite_database`: (base URL, database)."""
    with serving(create_app(site_settings, database=sqlite_database)) as base:
        yield base, sqlite_database
