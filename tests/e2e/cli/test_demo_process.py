"""`loyalty demo` as a real process, on SQLite and on PostgreSQL: what it logs to a file.

The command runs as `python -m loyalty.cli.main` with its stderr on a pipe or a file, as under
a service manager or CI, so nothing here is a terminal.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

import loyalty
from tests.conftest import BACKENDS, fresh_database

# Two batches of the loader's 500 operations or so (members, receipts, refunds, reviews...).
MEMBERS, PURCHASES = 60, 800
LOADING = re.compile(r"^Loading the demo history (\d+)/(\d+) \((\d+)%\)$")


@pytest.fixture(params=BACKENDS)
def demo_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
             worker_id: str) -> Iterator[str]:
    """An empty (migrated) database of the test's own, named on the command line."""
    with fresh_database(request.param, tmp_path_factory, worker_id, label="demo_process") as database:
        yield database.engine.url.render_as_string(hide_password=False)


def start_demo(url: str, *, stderr: int | IO[Any] = subprocess.PIPE) -> subprocess.Popen[str]:
    # The loyalty package the tests import, not whatever another checkout installed.
    source = str(Path(loyalty.__file__).resolve().parents[1])
    environment = {name: value for name, value in os.environ.items() if not name.startswith("LOYALTY_")}
    environment["PYTHONPATH"] = os.pathsep.join([source, *filter(None, [os.environ.get("PYTHONPATH")])])
    return subprocess.Popen(
        [sys.executable, "-m", "loyalty.cli.main", "demo", "--no-serve", "--members", str(MEMBERS),
         "--purchases", str(PURCHASES), "--database-url", url],
        stdout=subprocess.PIPE, stderr=stderr, text=True, env=environment)


def test_logged_to_a_file_the_demo_prints_plain_progress_lines(demo_url: str, tmp_path: Path) -> None:
    log = tmp_path / "demo.log"
    with log.open("w") as stderr:
        demo = start_demo(demo_url, stderr=stderr)
        demo.communicate(timeout=300)

    lines = log.read_text().splitlines()
    assert demo.returncode == 0, lines
    assert lines[0] == "Generating the demo data..."
    progress = [LOADING.match(line) for line in lines if line.startswith("Loading")]
    done = [(int(match[1]), int(match[2]), int(match[3])) for match in progress if match is not None]
    assert len(done) == len(progress) >= 2
    total = done[-1][1]
    assert done[-1] == (total, total, 100)
    assert [count for count, _, _ in done] == sorted({count for count, _, _ in done}) and done[0][0] < total
    assert all(of == total and percent == 100 * count // total for count, of, percent in done)
    assert "━" not in log.read_text()  # no bar drawn once at the end
