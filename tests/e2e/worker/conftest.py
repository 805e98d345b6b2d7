"""Real `loyalty worker` (and `loyalty serve`) processes against a database of their own, a local
webhook receiver and a local SMTP server, and helpers to start, kill and read them.

Each test gets a fresh database (not the session's shared one): a worker process works for every
program in its database, and the other tests' programs would give it their work too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from loyalty.config import generate_secret_key
from loyalty.db.engine import Database
from tests.conftest import BACKENDS, fresh_database


@pytest.fixture(params=BACKENDS)
def own_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                 worker_id: str) -> Iterator[Database]:
    with fresh_database(request.param, tmp_path_factory, worker_id, label="worker_e2e") as database:
        yield database


def url_of(database: Database) -> str:
    return database.engine.url.render_as_string(hide_password=False)


@dataclass
class WebhookSink:
    """A webhook receiver on 127.0.0.1: answers every POST with 200 at once and notes each
    request's (path, webhook-id), duplicates included (a receiver dedupes by webhook-id)."""

    url: str = ""
    received: list[tuple[str, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def endpoint_url(self, name: str) -> str:
        return f"{self.url}/{name}"

    def count(self) -> int:
        with self._lock:
            return len(self.received)

    def by_path(self) -> dict[str, Counter[str]]:
        """For each path: how many requests carried each webhook-id."""
        with self._lock:
            result: dict[str, Counter[str]] = {}
            for path, webhook_id in self.received:
                result.setdefault(path, Counter())[webhook_id] += 1
            return result


@pytest.fixture
def webhook_sink() -> Iterator[WebhookSink]:
    sink = WebhookSink()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            self.rfile.read(int(self.headers.get("content-length", "0")))
            with sink._lock:
                sink.received.append((self.path, self.headers.get("webhook-id", "")))
            self.send_response(200)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sink.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield sink
    finally:
        server.shutdown()
        server.server_close()


def worker_environment(*, smtp_port: int | None = None) -> dict[str, str]:
    """What an operator would set for a worker: the private receiver allowed, SMTP without TLS."""
    env = {**os.environ, "LOYALTY_SECURITY__SECRET_KEY": generate_secret_key(), "LOYALTY_LOG_LEVEL": "INFO",
           "LOYALTY_WEBHOOKS__ALLOW_PRIVATE_NETWORKS": "true", "LOYALTY_WEBHOOKS__TIMEOUT_SECONDS": "5",
           "LOYALTY_PUBLIC_URL": "http://loyalty.test", "LOYALTY_MAIL__SENDER": "Shop <shop@loyalty.test>"}
    if smtp_port is not None:
        env.update({"LOYALTY_MAIL__SMTP_HOST": "127.0.0.1", "LOYALTY_MAIL__SMTP_PORT": str(smtp_port),
                    "LOYALTY_MAIL__SMTP_SECURITY": "none"})
    return env


# `loyalty …` as its script runs it (loyalty.cli.main:app), with this interpreter.
LOYALTY = [sys.executable, "-m", "loyalty.cli.main"]

# The same, with the clock `seconds` ahead: the final catch-up of a test that killed workers
# stands for an operator who comes back after the leases a dead worker left have run out
# (webhook claims: 60 s, then the sweep's 60 s grace; a message's job: 5 minutes).
LOYALTY_LATER = [sys.executable, "-c", (
    "import sys, datetime; from loyalty.kernel import clock; "
    "ahead = datetime.timedelta(seconds=float(sys.argv.pop(1))); "
    "clock.set_clock(lambda: datetime.datetime.now(datetime.UTC) + ahead); "
    "from loyalty.cli.main import app; sys.argv[0] = 'loyalty'; app()")]


@dataclass
class Process:
    popen: subprocess.Popen[bytes]
    log: Path
    name: str

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed or committed."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self, timeout: float = 20) -> None:
        if self.popen.poll() is not None:
            return
        self.popen.terminate()
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()


def start(args: list[str], env: dict[str, str], log: Path, name: str) -> Process:
    with log.open("ab") as output:
        popen = subprocess.Popen(args, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
    return Process(popen, log, name)


def run(args: list[str], env: dict[str, str], *, timeout: float = 120) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
    assert done.returncode == 0, f"{' '.join(args[2:])} exited with {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def wait_until(condition: Any, *, timeout: float, interval: float = 0.2, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"{what} did not hold within {timeout} s")
