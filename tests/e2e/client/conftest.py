"""A real `loyalty serve` on a free port, on each test database, and the generated client
(clients/python, on the path through pyproject's pytest `pythonpath`) holding an admin key."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from loyalty_client import AuthenticatedClient

from loyalty.config import generate_secret_key
from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.programs import make_api_key

STARTUP_SECONDS = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(database: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`loyalty serve` in a process of its own on this test database: its base URL."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    url = database.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "LOYALTY_SECURITY__SECRET_KEY": generate_secret_key(), "LOYALTY_WORKER__IN_PROCESS": "never",
           "LOYALTY_LOG_LEVEL": "WARNING"}
    with log.open("wb") as output:
        # What the `loyalty` script runs (loyalty.cli.main:app), with this interpreter.
        process = subprocess.Popen([sys.executable, "-m", "loyalty.cli.main", "serve", "--database-url", url,  # noqa: S603
                                    "--port", str(port)], env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base, process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"loyalty serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"loyalty serve did not answer /healthz within {STARTUP_SECONDS} s:\n{log.read_text()}")


@pytest.fixture
def loyalty(server: str, database: Database, program: Program) -> Iterator[AuthenticatedClient]:
    """The generated client with an admin key of this test's program; an answer with a status
    the description does not declare raises `UnexpectedStatus`."""
    key = make_api_key(database, program, scopes=["admin"])
    with AuthenticatedClient(base_url=server, token=key.token, raise_on_unexpected_status=True) as client:
        yield client
