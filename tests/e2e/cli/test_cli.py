"""The `loyalty` command as an operator uses it: exit codes, what is printed, what changes."""

from __future__ import annotations

import csv
import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from typer.testing import CliRunner, Result

from loyalty.auth.service import create_api_key
from loyalty.cli.main import app
from loyalty.cli.server import head_revision
from loyalty.config import DatabaseSettings, Settings
from loyalty.db.engine import Database, create_database
from loyalty.db.uow import unit_of_work
from loyalty.demo import loader as demo_loader
from loyalty.demo.generator import generate
from loyalty.kernel import clock, luhn
from loyalty.members.models import Member
from loyalty.migrate import upgrade
from loyalty.programs.models import Program
from loyalty.purchases.models import Purchase
from loyalty.web.app import create_app
from tests.factories.ledger import give_points
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.rules import make_rule

KEY_PATTERN = re.compile(r"^lk_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$")


def loyalty(*args: str | int | Path) -> Result:
    return CliRunner().invoke(app, [str(arg) for arg in args])


def url_of(database: Database) -> str:
    return database.engine.url.render_as_string(hide_password=False)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'loyalty.db'}"


@pytest.fixture
def fresh_database(sqlite_url: str) -> Database:
    upgrade(sqlite_url)
    return create_database(DatabaseSettings(url=sqlite_url))


def api_for(url: str) -> TestClient:
    settings = Settings()
    settings.worker.in_process = "never"
    return TestClient(create_app(settings, database=create_database(DatabaseSettings(url=url))))


def assert_user_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    for fragment in fragments:
        assert fragment in result.stderr


# --- migrate and serve ---------------------------------------------------------------------


def test_migrate_upgrades_an_empty_database_to_head_and_then_has_nothing_to_do(sqlite_url: str) -> None:
    head = head_revision(sqlite_url)

    first = loyalty("migrate", "--database-url", sqlite_url)
    second = loyalty("migrate", "--database-url", sqlite_url)

    assert first.exit_code == 0 and f"upgraded from (empty database) to revision {head}" in first.stdout
    assert second.exit_code == 0 and f"already at revision {head}" in second.stdout


def test_serve_refuses_a_missing_or_unmigrated_database(tmp_path: Path) -> None:
    missing = loyalty("serve", "--database-url", f"sqlite:///{tmp_path / 'missing.db'}", "--port", 1)
    sqlite3.connect(tmp_path / "empty.db").close()
    empty = loyalty("serve", "--database-url", f"sqlite:///{tmp_path / 'empty.db'}", "--port", 1)

    assert_user_error(missing, "missing.db", "run `loyalty migrate` first")
    assert_user_error(empty, "schema is at revision (none)", "run `loyalty migrate` first")


def test_serve_refuses_to_start_without_a_secret_key(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOYALTY_SECURITY__SECRET_KEY", raising=False)
    loyalty("migrate", "--database-url", sqlite_url)

    result = loyalty("serve", "--database-url", sqlite_url, "--port", 1)

    assert_user_error(result, "Set LOYALTY_SECURITY__SECRET_KEY")


def test_commands_on_a_missing_sqlite_file_say_to_migrate_and_create_nothing(tmp_path: Path) -> None:
    result = loyalty("programs", "list", "--database-url", f"sqlite:///{tmp_path / 'nothing.db'}")

    assert_user_error(result, "No database at", "run `loyalty migrate` first")
    assert not (tmp_path / "nothing.db").exists()


def test_an_unreachable_postgresql_is_one_line_not_a_traceback() -> None:
    result = loyalty("programs", "list", "--database-url", "postgresql+psycopg://nobody@127.0.0.1:1/nothing")

    assert_user_error(result, "Cannot use the database")


# --- programs --------------------------------------------------------------------------------


def test_programs_create_then_list(database: Database) -> None:
    created = loyalty("programs", "create", "--name", "Kawiarnia", "--currency", "PLN", "--timezone",
                      "Europe/Warsaw", "--units", "points,stamps", "--expiry", "never", "--pending-days", 14,
                      "--database-url", url_of(database))
    listed = loyalty("programs", "list", "--database-url", url_of(database))

    assert created.exit_code == 0, created.output
    program_id = int(re.search(r"Created program (\d+): Kawiarnia", created.stdout).group(1))  # type: ignore[union-attr]
    with unit_of_work(database, read_only=True) as session:
        program = session.get(Program, program_id)
        assert program is not None
        assert (program.currency, program.timezone, program.units, program.expiry_policy, program.pending_days) == (
            "PLN", "Europe/Warsaw", ["points", "stamps"], {"kind": "never"}, 14)
    assert listed.exit_code == 0 and "Kawiarnia" in listed.stdout


def test_programs_create_names_the_bad_option(database: Database) -> None:
    bad_timezone = loyalty("programs", "create", "--name", "X", "--timezone", "Mars/Olympus",
                           "--database-url", url_of(database))
    bad_expiry = loyalty("programs", "create", "--name", "X", "--expiry", "sometimes",
                         "--database-url", url_of(database))

    unknown_currency = loyalty("programs", "create", "--name", "X", "--currency", "XXQ",
                               "--database-url", url_of(database))

    assert_user_error(bad_timezone, "--timezone", "Mars/Olympus")
    assert_user_error(bad_expiry, "--expiry", "sometimes")
    assert_user_error(unknown_currency, "--currency", "XXQ")


# --- api keys --------------------------------------------------------------------------------


def test_api_keys_create_prints_the_key_alone_on_the_last_line_and_it_works(
        database: Database, program: Program, client: TestClient) -> None:
    result = loyalty("api-keys", "create", "--name", "pos", "--scopes", "members:read,purchases:write",
                     "--program", program.id, "--database-url", url_of(database))

    assert result.exit_code == 0, result.output
    key = result.stdout.splitlines()[-1]
    assert KEY_PATTERN.match(key)
    assert "members:read, purchases:write" in result.stdout
    response = client.get("/api/v1/program", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200 and response.json()["id"] == program.id


def test_api_keys_create_with_an_unknown_scope_fails_naming_it(database: Database, program: Program) -> None:
    result = loyalty("api-keys", "create", "--name", "pos", "--scopes", "members:read,members:delete",
                     "--program", program.id, "--database-url", url_of(database))

    assert_user_error(result, "Unknown scope(s): members:delete", "--scopes")
    assert result.stdout == ""


def test_api_keys_need_program_when_there_are_several(database: Database, program: Program) -> None:
    make_program(database, name="Another shop")

    result = loyalty("api-keys", "create", "--name", "pos", "--scopes", "admin", "--database-url", url_of(database))

    assert_user_error(result, "choose one with --program ID")


def test_api_keys_default_to_the_only_program(fresh_database: Database, sqlite_url: str) -> None:
    only = make_program(fresh_database, name="Only shop")

    result = loyalty("api-keys", "create", "--name", "web", "--scopes", "admin", "--database-url", sqlite_url)

    assert result.exit_code == 0 and f"for program {only.id} (Only shop)" in result.stdout


def test_api_keys_list_never_shows_secrets_and_revoke_locks_the_key_out(
        database: Database, program: Program, client: TestClient) -> None:
    created = loyalty("api-keys", "create", "--name", "till-7", "--scopes", "members:read", "--program", program.id,
                      "--database-url", url_of(database))
    key = created.stdout.splitlines()[-1]
    key_id = int(re.search(r"Created API key (\d+)", created.stdout).group(1))  # type: ignore[union-attr]

    listed = loyalty("api-keys", "list", "--program", program.id, "--database-url", url_of(database))
    revoked = loyalty("api-keys", "revoke", key_id, "--program", program.id, "--database-url", url_of(database))

    prefix, secret = key.split("_", 2)[1:]  # the secret itself may contain "_"
    assert listed.exit_code == 0 and "till-7" in listed.stdout and prefix in listed.stdout
    assert secret not in listed.stdout
    assert revoked.exit_code == 0 and f"Revoked API key {key_id}" in revoked.stdout
    assert client.get("/api/v1/program", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_revoking_another_programs_key_is_not_found(database: Database, program: Program) -> None:
    other = make_program(database, name="Other shop")
    created = loyalty("api-keys", "create", "--name", "x", "--scopes", "admin", "--program", other.id,
                      "--database-url", url_of(database))
    key_id = re.search(r"Created API key (\d+)", created.stdout).group(1)  # type: ignore[union-attr]

    result = loyalty("api-keys", "revoke", key_id, "--program", program.id, "--database-url", url_of(database))

    assert_user_error(result, f"API key {key_id} does not exist")


# --- jobs, ledger, cards ---------------------------------------------------------------------


def test_jobs_run_releases_due_points_and_awards_todays_birthdays(database: Database) -> None:
    program = make_program(database, pending_days=14, units=["points"])
    make_rule(database, program, trigger="birthday", effect={"kind": "fixed", "points": 200})
    today = clock.local_date(clock.now(), program.timezone)
    member = make_member(database, program, birth_date=today.replace(year=today.year - 30))
    earned_at = clock.now() - timedelta(days=20)
    clock.set_clock(lambda: earned_at)  # earned back then, so pending until six days ago
    give_points(database, program, member.id, 120, occurred_at=earned_at, purchase_id=1)
    clock.set_clock(None)

    first = loyalty("jobs", "run", "--program", program.id, "--database-url", url_of(database))
    second = loyalty("jobs", "run", "--program", program.id, "--database-url", url_of(database))

    assert first.exit_code == 0, first.output
    counts = job_counts(first, program.id)
    assert (counts["points released"], counts["lots expired"], counts["birthday awards"]) == (1, 0, 1)
    assert {name: count for name, count in job_counts(second, program.id).items() if count} == {}


def job_counts(result: Result, program_id: int) -> dict[str, int]:
    """The counts in the program's row of the `jobs run` table, by column name."""
    rows = [[cell.strip() for cell in re.split(r"[┃│]", line)[1:-1]] for line in result.stdout.splitlines()
            if line.startswith(("┃", "│"))]
    header, values = rows[0], next(row for row in rows[1:] if row[0] == str(program_id))
    return {name: int(value) for name, value in zip(header[1:], values[1:], strict=True)}


def test_ledger_verify_passes_on_a_fresh_database(sqlite_url: str, fresh_database: Database) -> None:
    result = loyalty("ledger", "verify", "--database-url", sqlite_url)

    assert result.exit_code == 0
    assert result.stdout.strip() == ("Ledger OK: 0 ledger transactions and 0 member accounts checked; "
                                     "gift voucher and bonus card balances match their movements.")


def test_ledger_verify_fails_naming_the_account_whose_cache_drifted(sqlite_url: str,
                                                                      fresh_database: Database) -> None:
    program = make_program(fresh_database)
    member = make_member(fresh_database, program)
    give_points(fresh_database, program, member.id, 100)
    with unit_of_work(fresh_database) as session:
        session.execute(text("UPDATE accounts SET balance = balance + 7 WHERE member_id = :id AND kind = 'wallet'"),
                        {"id": member.id})

    result = loyalty("ledger", "verify", "--database-url", sqlite_url)

    assert result.exit_code == 1
    assert "Ledger verification FAILED" in result.stdout
    assert f"(member {member.id} wallet points) caches 107 but its entries sum to 100" in result.stdout


def test_cards_generate_writes_a_csv_of_unique_valid_numbers_and_never_overwrites(
        database: Database, program: Program, tmp_path: Path) -> None:
    output = tmp_path / "cards.csv"

    result = loyalty("cards", "generate", "--count", 25, "--note", "Warsaw opening", "--output", output,
                     "--program", program.id, "--database-url", url_of(database))
    again = loyalty("cards", "generate", "--count", 25, "--output", output, "--program", program.id,
                    "--database-url", url_of(database))

    assert result.exit_code == 0, result.output
    rows = list(csv.reader(output.open()))
    numbers = [row[0] for row in rows[1:]]
    assert rows[0] == ["card_number"] and len(numbers) == 25 == len(set(numbers))
    assert all(luhn.is_valid(number) and number.startswith(program.card_prefix) for number in numbers)
    assert_user_error(again, "already exists")


# --- demo --------------------------------------------------------------------------------------


def test_demo_seeds_once_and_every_start_prints_a_working_admin_key(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"

    first = loyalty("demo", "--members", 50, "--purchases", 300, "--no-serve", "--database-url", url)
    second = loyalty("demo", "--members", 50, "--purchases", 300, "--no-serve", "--database-url", url)

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert "http://127.0.0.1:8000/docs" in first.stdout
    assert "not seeding again" in second.stderr
    keys = [first.stdout.splitlines()[-1], second.stdout.splitlines()[-1]]
    assert all(KEY_PATTERN.match(key) for key in keys) and keys[0] != keys[1]
    demo_database = create_database(DatabaseSettings(url=url))
    with unit_of_work(demo_database, read_only=True) as session:
        assert session.scalar(select(func.count()).select_from(Program)) == 1
        assert session.scalar(select(func.count()).select_from(Member)) == 50
        assert session.scalar(select(func.count()).select_from(Purchase)) == 300
    with api_for(url) as api:
        for key in keys:
            program = api.get("/api/v1/program", headers={"Authorization": f"Bearer {key}"})
            assert program.status_code == 200 and program.json()["name"] == "Demo Coffee & Grocery"
    assert loyalty("ledger", "verify", "--database-url", url).exit_code == 0


def test_demo_reset_starts_afresh_with_another_seed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    loyalty("migrate", "--database-url", url)
    loyalty("programs", "create", "--name", "Left over", "--database-url", url)

    reset = loyalty("demo", "--members", 12, "--purchases", 30, "--seed", 2, "--reset", "--no-serve",
                    "--database-url", url)

    assert reset.exit_code == 0, reset.output
    with unit_of_work(create_database(DatabaseSettings(url=url)), read_only=True) as session:
        assert session.scalars(select(Program.name)).all() == ["Demo Coffee & Grocery"]
        assert session.scalar(select(func.count()).select_from(Member)) == 12
        assert session.scalar(select(func.count()).select_from(Purchase)) == 30


def test_demo_interrupted_while_seeding_leaves_no_half_filled_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def power_cut(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(demo_loader, "load", power_cut)

    result = loyalty("demo", "--members", 5, "--purchases", 5, "--no-serve", "--database-url",
                     f"sqlite:///{tmp_path / 'demo.db'}")

    assert result.exit_code != 0
    assert "removed the half-filled" in result.stderr
    assert not (tmp_path / "demo.db").exists()


def test_demo_uses_the_environments_database_but_never_another_programs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("LOYALTY_DATABASE_URL", url)

    seeded = loyalty("demo", "--members", 5, "--purchases", 20, "--no-serve")
    reset = loyalty("demo", "--reset", "--no-serve")

    assert seeded.exit_code == 0, seeded.output
    assert (tmp_path / "env.db").exists()
    assert_user_error(reset, "name it with --database-url")
    shop = f"sqlite:///{tmp_path / 'shop.db'}"
    loyalty("migrate", "--database-url", shop)
    loyalty("programs", "create", "--name", "Kawiarnia", "--database-url", shop)
    monkeypatch.setenv("LOYALTY_DATABASE_URL", shop)
    refused = loyalty("demo", "--members", 5, "--purchases", 20, "--no-serve")
    assert_user_error(refused, "holds program 1 (Kawiarnia), not the demo's")
    with unit_of_work(create_database(DatabaseSettings(url=shop)), read_only=True) as session:
        assert session.scalars(select(Program.name)).all() == ["Kawiarnia"]
        assert session.scalar(select(func.count()).select_from(Member)) == 0


def test_demo_refuses_a_half_loaded_demo_in_the_environments_database_and_names_the_way_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    upgrade(url)
    database = create_database(DatabaseSettings(url=url))

    def killed(_done: int) -> None:
        raise KeyboardInterrupt  # what is left is what a SIGKILL after the first batch leaves

    with pytest.raises(KeyboardInterrupt):
        demo_loader.load(database, generate(members=20, purchases=100, seed=1, now=clock.now()), batch_size=50,
                         on_progress=killed)
    monkeypatch.setenv("LOYALTY_DATABASE_URL", url)

    refused = loyalty("demo", "--members", 20, "--purchases", 100, "--no-serve")

    assert_user_error(refused, "holds demo program 1, whose load did not finish (it was stopped part way): start "
                               f"afresh with `loyalty demo --reset --database-url {url}`.")
    with unit_of_work(database, read_only=True) as session:
        assert session.scalar(select(func.count()).select_from(Program)) == 1
        assert (session.scalar(select(func.count()).select_from(Member)) or 0) > 0
    database.dispose()


def test_demo_serves_a_demo_loaded_before_the_finished_mark_existed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Demos loaded by earlier versions have no mark, but the admin key made after their load."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url)
    database = create_database(DatabaseSettings(url=url))

    def killed(_done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        demo_loader.load(database, generate(members=20, purchases=100, seed=1, now=clock.now()), batch_size=50,
                         on_progress=killed)
    with unit_of_work(database) as session:
        create_api_key(session=session, program_id=1, name="demo-admin", scopes=["admin"])
    monkeypatch.setenv("LOYALTY_DATABASE_URL", url)

    result = loyalty("demo", "--members", 20, "--purchases", 100, "--no-serve")

    assert result.exit_code == 0, result.output
    assert "already holds program 1" in result.output and "not seeding again" in result.output
    database.dispose()


def test_demo_reset_refuses_postgresql() -> None:
    result = loyalty("demo", "--reset", "--no-serve", "--database-url", "postgresql+psycopg://u@127.0.0.1:1/x")

    assert_user_error(result, "--reset only deletes a SQLite demo database")
