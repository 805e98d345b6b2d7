"""DirectStatement: SQLAlchemy's SQL and bind processing, run on the driver's cursor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, bindparam, func, insert, select, update

from loyalty.db.base import core_table
from loyalty.db.direct import DirectStatement
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.programs.models import Program

_INSERT = DirectStatement(insert(core_table(Event)), for_many=True, columns=[
    "program_id", "member_id", "type", "actor", "payload", "occurred_at", "recorded_at"])
_COUNT = DirectStatement(select(func.count()).select_from(core_table(Event)).where(
    Event.program_id == bindparam("program_id"), Event.type == bindparam("type")))


def test_rows_written_directly_read_back_as_the_orm_wrote_them(database: Database, program: Program) -> None:
    warsaw = timezone(timedelta(hours=1))
    at = datetime(2026, 11, 29, 9, 30, tzinfo=warsaw)
    with unit_of_work(database) as session:
        _INSERT.execute_many(session, [
            {"program_id": program.id, "member_id": None, "type": "direct.written", "actor": "test",
             "payload": {"points": 5, "note": "Łódź"}, "occurred_at": at, "recorded_at": at},
            {"program_id": program.id, "member_id": 7, "type": "direct.written", "actor": "test",
             "payload": {}, "occurred_at": at, "recorded_at": at},
        ])
        assert _COUNT.scalar(session, {"program_id": program.id, "type": "direct.written"}) == 2  # same transaction
    with unit_of_work(database, read_only=True) as session:
        rows = session.scalars(select(Event).where(Event.program_id == program.id, Event.type == "direct.written")
                               .order_by(Event.id)).all()
    assert [(row.member_id, row.payload, row.occurred_at) for row in rows] == [
        (None, {"points": 5, "note": "Łódź"}, datetime(2026, 11, 29, 8, 30, tzinfo=UTC)),
        (7, {}, datetime(2026, 11, 29, 8, 30, tzinfo=UTC)),
    ]


def test_a_rolled_back_unit_of_work_takes_direct_writes_with_it(database: Database, program: Program) -> None:
    now = datetime.now(UTC)
    with pytest.raises(RuntimeError), unit_of_work(database) as session:
        _INSERT.execute_many(session, [{"program_id": program.id, "member_id": None, "type": "direct.undone",
                                        "actor": "test", "payload": {}, "occurred_at": now, "recorded_at": now}])
        raise RuntimeError("the request failed")
    with unit_of_work(database, read_only=True) as session:
        assert _COUNT.scalar(session, {"program_id": program.id, "type": "direct.undone"}) == 0


def test_a_default_it_cannot_compute_is_refused_when_compiled(database: Database) -> None:
    table = Table("clocked", MetaData(), Column("id", Integer, primary_key=True),
                  Column("at", DateTime, default=datetime.now))
    statement = DirectStatement(insert(table), columns=["id"])
    with unit_of_work(database, read_only=True) as session, pytest.raises(ValueError, match="default"):
        statement.execute(session, {"id": 1})


def test_literals_of_the_statement_are_bound_with_it(database: Database, program: Program) -> None:
    # `config_version + 2` carries its 2 as a bind parameter of the statement itself.
    programs = core_table(Program)
    bump = DirectStatement(update(programs).where(programs.c.id == bindparam("program_id"))
                           .values(config_version=programs.c.config_version + 2).returning(programs.c.config_version))
    with unit_of_work(database) as session:
        before = session.scalar(select(programs.c.config_version).where(programs.c.id == program.id))
        assert before is not None
        assert bump.scalar(session, {"program_id": program.id}) == before + 2
