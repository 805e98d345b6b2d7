"""Database fixtures: every database test runs on SQLite and on PostgreSQL.

Isolation: each xdist worker gets its own fresh database (migrated with Alembic, never
create_all), and each test gets its own program. Every row belongs to a program, so tests
never see each other's data even though they commit for real, which the concurrency tests
need.

PostgreSQL is found at LOYALTY_TEST_POSTGRES_URL (default: postgres on 127.0.0.1:5432). When
it cannot be reached its cases are skipped with the reason, unless CI=true, where that is a
failure. LOYALTY_TEST_BACKENDS=sqlite (or postgresql) runs one backend only.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from loyalty.config import DatabaseSettings, Settings
from loyalty.db.engine import Database, create_database
from loyalty.events import catalogue
from loyalty.events import repository as events_repository
from loyalty.kernel import clock
from loyalty.migrate import upgrade
from loyalty.programs.models import Program
from loyalty.web.app import create_app
from tests.declared_answers import AnswerRecorder, undeclared
from tests.factories.programs import ApiCredentials, make_api_key, make_program

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BACKENDS = [name.strip() for name in os.environ.get("LOYALTY_TEST_BACKENDS", "sqlite,postgresql").split(",")]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _postgres_admin_url() -> str:
    return os.environ.get("LOYALTY_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def _postgres_admin(sql: str) -> None:
    admin = create_engine(make_url(_postgres_admin_url()), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(sql))
    finally:
        admin.dispose()


def _postgres_unavailable_reason() -> str | None:
    try:
        engine = create_engine(_postgres_admin_url(), connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means we cannot run these tests
        return f"PostgreSQL not reachable at {_postgres_admin_url()}: {str(error).splitlines()[0]}"
    return None


_DATABASES_MADE = itertools.count(1)


@contextmanager
def fresh_database(backend: str, tmp_path_factory: pytest.TempPathFactory, worker_id: str,
                   label: str = "test", revision: str = "head") -> Iterator[Database]:
    """A database of its own on `backend`, migrated to `revision`, dropped afterwards (PostgreSQL).

    Skips with the reason when PostgreSQL cannot be reached, and fails instead when CI=true.
    """
    # The pid keeps two test runs on one machine (two checkouts, CI and a developer) apart; the
    # count keeps each setup of a fixture apart: a module's database made again in the same
    # process (xdist runs a module's tests on several workers, interleaved) under the same name
    # would meet the process-wide caches of the last one (ledger program account ids per URL).
    name = f"loyalty_{label}_{worker_id}_{os.getpid()}_{next(_DATABASES_MADE)}".replace("-", "_")
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp(label) / 'loyalty.db'}"
    elif backend == "postgresql":
        reason = _postgres_unavailable_reason()
        if reason:
            if IN_CI:
                pytest.fail(f"CI must run the PostgreSQL suite: {reason}")
            pytest.skip(reason)
        _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _postgres_admin(f'CREATE DATABASE "{name}"')
        url = make_url(_postgres_admin_url()).set(database=name).render_as_string(hide_password=False)
    else:
        raise ValueError(f"unknown backend {backend!r} in LOYALTY_TEST_BACKENDS")
    upgrade(url, revision)
    # SQLite in tests: synchronous=NORMAL keeps WAL durability semantics minus the fsync cost.
    db = create_database(DatabaseSettings(url=url, sqlite_synchronous="NORMAL", pool_size=60))
    try:
        yield db
    finally:
        db.dispose()
        if backend == "postgresql":
            _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
             worker_id: str) -> Iterator[Database]:
    with fresh_database(request.param, tmp_path_factory, worker_id) as db:
        yield db


@pytest.fixture
def program(database: Database) -> Program:
    return make_program(database)


@pytest.fixture
def admin(database: Database, program: Program) -> ApiCredentials:
    return make_api_key(database, program, scopes=["admin"])


@pytest.fixture
def client(database: Database) -> Iterator[TestClient]:
    settings = Settings()
    settings.worker.in_process = "never"
    app = create_app(settings, database=database)
    recorder = AnswerRecorder(app)
    with TestClient(recorder) as test_client:
        yield test_client
    problems = undeclared(recorder.answers, app.openapi())
    if problems:
        pytest.fail("Answers the API description does not declare (tests/declared_answers.py):\n"
                    + "\n".join(problems), pytrace=False)


@pytest.fixture
def api(client: TestClient, admin: ApiCredentials) -> TestClient:
    """A client that sends the admin key of this test's program."""
    client.headers["Authorization"] = f"Bearer {admin.token}"
    return client


_EVENT_PROBLEMS: list[str] = []


@pytest.fixture(scope="session", autouse=True)
def _events_checked_against_the_catalogue() -> Iterator[None]:
    """Every event recorded in any test has its payload validated against its catalogue model
    (loyalty/events/catalogue.py), as stored (JSON): a call site that drifts from the catalogue
    fails the test that reached it (see `_no_event_drift`). The write path itself validates
    nothing; the problems are collected rather than raised so the code under test runs as it would."""
    write = events_repository.add_events_at_commit

    def checked(session: Any, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            try:
                catalogue.validate(row["type"], row["payload"], member_id=row["member_id"])
            except ValueError as error:
                _EVENT_PROBLEMS.append(f"{row['type']} {row['payload']!r}:\n{error}")
        write(session, rows)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(events_repository, "add_events_at_commit", checked)
        yield


@pytest.fixture(autouse=True)
def _no_event_drift() -> Iterator[None]:
    """Fails the test (at its teardown) whose code, or whose fixtures, recorded a drifted event."""
    yield
    if _EVENT_PROBLEMS:
        problems, _EVENT_PROBLEMS[:] = list(_EVENT_PROBLEMS), []
        pytest.fail("Events recorded with a payload their catalogue type does not describe "
                    "(src/loyalty/events/catalogue.py):\n" + "\n".join(problems), pytrace=False)


@pytest.fixture(autouse=True)
def _real_clock() -> Iterator[None]:
    yield
    clock.set_clock(None)


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present on this machine")
    return SHARED_DATA
