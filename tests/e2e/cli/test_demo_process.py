"""`loyalty demo` as a real process, on SQLite and on PostgreSQL: killed or stopped with
SIGTERM while loading, and what it logs to a file.

The command runs as `python -m loyalty.cli.main` with its stderr on a pipe or a file, as under
a service manager or CI, so nothing here is a terminal.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

import loyalty
from loyalty.auth.models import ApiKey
from loyalty.config import DatabaseSettings
from loyalty.db.engine import create_database
from loyalty.db.uow import unit_of_work
from loyalty.demo.loader import is_loaded
from loyalty.members.models import Member
from loyalty.programs.models import Program
from loyalty.purchases.models import Purchase
from tests.conftest import BACKENDS, fresh_database

# Two batches of the loader's 500 operations or so (members, receipts, refunds, reviews...).
MEMBERS, PURCHASES = 60, 800
LOADING = re.compile(r"^Loading the demo history (\d+)/(\d+) \((\d+)%\)$")
KEY_PATTERN = re.compile(r"^lk_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$")


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


def wait_until_loading(demo: subprocess.Popen[str]) -> None:
    """Until the first progress line short of the end: a batch is committed and more are coming."""
    assert demo.stderr is not None
    seen = []
    for line in demo.stderr:
        seen.append(line.rstrip("\n"))
        match = LOADING.match(seen[-1])
        if match is not None and int(match[1]) < int(match[2]):
            return
    raise AssertionError(f"the demo ended before it had loaded part of the history: {seen}")


@dataclass(frozen=True)
class Held:
    programs: int
    members: int
    purchases: int
    api_keys: int
    is_loaded: bool


def held(url: str) -> Held:
    database = create_database(DatabaseSettings(url=url))
    try:
        with unit_of_work(database, read_only=True) as session:
            program_ids = session.scalars(select(Program.id)).all()
            return Held(
                programs=len(program_ids),
                members=session.scalar(select(func.count()).select_from(Member)) or 0,
                purchases=session.scalar(select(func.count()).select_from(Purchase)) or 0,
                api_keys=session.scalar(select(func.count()).select_from(ApiKey)) or 0,
                is_loaded=all(is_loaded(session, program_id=program_id) for program_id in program_ids))
    finally:
        database.dispose()


def test_a_demo_killed_while_loading_is_not_served_half_loaded_by_the_next_start(demo_url: str) -> None:
    killed = start_demo(demo_url)
    wait_until_loading(killed)
    killed.kill()  # SIGKILL: no clean-up runs, as after an out-of-memory kill or a power cut
    killed.communicate(timeout=60)
    half = held(demo_url)
    assert (half.programs, half.api_keys, half.is_loaded) == (1, 0, False) and half.purchases < PURCHASES

    again = start_demo(demo_url)
    stdout, stderr = again.communicate(timeout=300)

    stopped = "holds demo program 1, whose load did not finish (it was stopped part way)"
    if demo_url.startswith("sqlite"):
        assert again.returncode == 0, stderr
        assert f"{stopped}: starting afresh." in stderr
        assert KEY_PATTERN.match(stdout.splitlines()[-1])
        assert held(demo_url) == Held(programs=1, members=MEMBERS, purchases=PURCHASES, api_keys=1, is_loaded=True)
    else:
        assert again.returncode == 1
        shown = make_url(demo_url).render_as_string(hide_password=True)
        assert stderr.strip().splitlines() == [
            f"Error: {shown} {stopped}: drop the database and create it empty (or give --database-url an empty one), "
            "then start again."]
        assert stdout == ""
        assert held(demo_url) == half


def test_sigterm_while_loading_stops_the_demo_as_ctrl_c_does(demo_url: str) -> None:
    demo = start_demo(demo_url)
    wait_until_loading(demo)

    demo.terminate()
    stdout, stderr = demo.communicate(timeout=60)

    assert demo.returncode == 143  # 128 + SIGTERM, as a shell reports a process SIGTERM ended
    assert stdout == ""
    said = [line for line in stderr.splitlines() if LOADING.match(line) is None]
    path = make_url(demo_url).database
    if demo_url.startswith("sqlite"):
        assert said == [f"Seeding stopped: removed the half-filled {path}; the next start seeds afresh."]
        assert path is not None and not Path(path).exists()
    else:
        assert said == ["Seeding stopped: the database holds part of the demo, which the next start refuses; drop it "
                        "and start again on an empty one."]
        stopped = held(demo_url)
        assert (stopped.programs, stopped.api_keys, stopped.is_loaded) == (1, 0, False)


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
