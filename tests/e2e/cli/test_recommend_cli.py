"""`loyalty recommend`: refreshing the personal lists from the terminal, and the worker's nightly job."""

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
from loyalty.recommendations.models import MemberRecommendation
from loyalty.worker.tasks_recommendations import refresh_all_programs
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.recommendations import add_baskets


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'loyalty.db'}"


@pytest.fixture
def fresh_database(sqlite_url: str) -> Database:
    upgrade(sqlite_url)
    return create_database(DatabaseSettings(url=sqlite_url))


def _stored(database: Database, program_id: int) -> int:
    with unit_of_work(database, read_only=True) as session:
        return int(session.scalar(select(func.count()).select_from(MemberRecommendation)
                                  .where(MemberRecommendation.program_id == program_id)) or 0)


def test_recommend_refreshes_the_program_given(sqlite_url: str, fresh_database: Database) -> None:
    program = make_program(fresh_database)
    other = make_program(fresh_database)
    now = datetime.now(UTC)
    members = [make_member(fresh_database, program).id for _ in range(3)]
    basket = [("TEA", "tea"), ("MILK", "dairy")]
    add_baskets(fresh_database, program.id, [(member_id, now - timedelta(days=days), basket)
                                             for member_id in members for days in (3, 10)])
    add_baskets(fresh_database, program.id, [(members[0], now - timedelta(days=1), [("HONEY", "pantry")])])

    result = CliRunner().invoke(app, ["recommend", "--program", str(program.id), "--database-url", sqlite_url])

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Program {program.id}: 3 members with history, 3 with a personal list")
    assert f"Program {other.id}" not in result.stdout
    assert _stored(fresh_database, program.id) > 0 and _stored(fresh_database, other.id) == 0


def test_the_nightly_job_refreshes_every_program(fresh_database: Database) -> None:
    programs = [make_program(fresh_database) for _ in range(2)]
    now = datetime.now(UTC)
    for program in programs:
        # Tea has three buyers, so the milk buyer may be shown it (a product fewer members bought
        # is shown to nobody else).
        tea_drinkers = [make_member(fresh_database, program).id for _ in range(3)]
        milk_buyer = make_member(fresh_database, program).id
        add_baskets(fresh_database, program.id,
                    [(member, now - timedelta(days=1), [("TEA", "tea")]) for member in tea_drinkers]
                    + [(milk_buyer, now - timedelta(days=1), [("MILK", "dairy")])])
    assert refresh_all_programs(fresh_database) >= 2
    assert all(_stored(fresh_database, program.id) > 0 for program in programs)
