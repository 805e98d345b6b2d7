"""`loyalty rebuild-activity`: the members' purchase summaries remade from purchases, from the terminal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select, update
from typer.testing import CliRunner

from loyalty.cli.main import app
from loyalty.config import DatabaseSettings
from loyalty.db.engine import create_database
from loyalty.db.uow import unit_of_work
from loyalty.migrate import upgrade
from loyalty.purchases import activity
from loyalty.purchases.models import MemberActivity
from loyalty.segments import service as segments
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.scoring import add_purchases

LAPSED_REGULARS = {"all": [{"field": "behaviour.purchase_count", "op": "gte", "value": 2},
                           {"field": "behaviour.days_since_last_purchase", "op": "gte", "value": 60}]}


def test_rebuild_activity_repairs_a_programs_summaries_and_leaves_others_alone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'loyalty.db'}"
    upgrade(url)
    database = create_database(DatabaseSettings(url=url))
    program, other = make_program(database), make_program(database, name="Other shop")
    now = datetime.now(UTC)
    regular, recent = make_member(database, program).id, make_member(database, program).id
    stranger = make_member(database, other).id
    add_purchases(database, program.id, [(regular, now - timedelta(days=days), 1000) for days in (90, 70)]
                  + [(recent, now - timedelta(days=1), 500)])
    add_purchases(database, other.id, [(stranger, now - timedelta(days=80), 100)])
    with unit_of_work(database) as session:  # given: one summary lost, one wrong, another program's missing
        activity.rebuild(session)
        session.execute(delete(MemberActivity).where(MemberActivity.member_id == regular))
        session.execute(update(MemberActivity).where(MemberActivity.member_id == recent).values(purchase_count=7))
        session.execute(delete(MemberActivity).where(MemberActivity.member_id == stranger))

    result = CliRunner().invoke(app, ["rebuild-activity", "--program", str(program.id), "--database-url", url])

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Program {program.id}: member activity rebuilt."
    with unit_of_work(database, read_only=True) as session:
        rows = {row.member_id: (row.purchase_count, row.purchase_value)
                for row in session.scalars(select(MemberActivity)).all()}
        lapsed = segments.count(session=session, program=program, condition=LAPSED_REGULARS).size
    assert rows == {regular: (2, 2000), recent: (1, 500)}
    assert lapsed == 1
