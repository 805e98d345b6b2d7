"""`loyalty score`: rescoring from the terminal, what it prints and what it writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from loyalty.cli.main import app
from loyalty.config import DatabaseSettings
from loyalty.db.engine import Database, create_database
from loyalty.db.uow import unit_of_work
from loyalty.migrate import upgrade
from loyalty.scoring.models import MemberScore
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.scoring import add_purchases


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'loyalty.db'}"


@pytest.fixture
def fresh_database(sqlite_url: str) -> Database:
    upgrade(sqlite_url)
    return create_database(DatabaseSettings(url=sqlite_url))


def test_score_rescores_the_program_given_and_says_which_churn_model_it_uses(sqlite_url: str,
                                                                            fresh_database: Database) -> None:
    program = make_program(fresh_database)
    other = make_program(fresh_database)
    now = datetime.now(UTC)
    members = [make_member(fresh_database, program).id for _ in range(3)]
    add_purchases(fresh_database, program.id, [(member_id, now - timedelta(days=days), 2500)
                                               for member_id in members for days in (5, 30 * member_id, 200)])

    result = CliRunner().invoke(app, ["score", "--program", str(program.id), "--database-url", sqlite_url])

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Program {program.id}: 3 members scored; BG/NBD log-likelihood -")
    assert "churn from recency (the model does not beat it)" in result.stdout
    assert f"Program {other.id}" not in result.stdout
    with unit_of_work(fresh_database) as session:
        assert session.scalar(select(func.count()).select_from(MemberScore)
                              .where(MemberScore.program_id == program.id)) == 3


def test_score_without_programs_prints_nothing_and_succeeds(sqlite_url: str, fresh_database: Database) -> None:
    result = CliRunner().invoke(app, ["score", "--database-url", sqlite_url])
    assert result.exit_code == 0 and result.stdout == ""
