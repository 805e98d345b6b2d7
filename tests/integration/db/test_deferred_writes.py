"""db.deferred: queued writes are seen by every later statement of their unit of work, go
with its COMMIT otherwise, and fail the whole unit when they fail."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError

from loyalty.db import deferred
from loyalty.db.base import core_table
from loyalty.db.direct import DirectStatement
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.kernel import clock
from loyalty.members.models import Member
from loyalty.programs.models import Program
from tests.factories.members import make_member

_INSERT = DirectStatement(insert(core_table(Event)), for_many=True, columns=[
    "program_id", "member_id", "type", "actor", "payload", "occurred_at", "recorded_at"])
_COUNT = DirectStatement(select(func.count()).select_from(core_table(Event)).where(
    Event.program_id == bindparam("program_id"), Event.type == bindparam("type")))


def _row(program_id: int, type_: str) -> dict[str, object]:
    now = clock.now()
    return {"program_id": program_id, "member_id": None, "type": type_, "actor": "test", "payload": {},
            "occurred_at": now, "recorded_at": now}


def _count(database: Database, program: Program, type_: str) -> int:
    with unit_of_work(database, read_only=True) as session:
        return int(_COUNT.scalar(session, {"program_id": program.id, "type": type_}))


def test_a_later_statement_of_the_unit_sees_queued_rows(database: Database, program: Program) -> None:
    with unit_of_work(database) as session:
        deferred.write_later(session, _INSERT, [_row(program.id, "queued.one")])
        assert _COUNT.scalar(session, {"program_id": program.id, "type": "queued.one"}) == 1  # a direct read
        deferred.write_later(session, _INSERT, [_row(program.id, "queued.two")] * 2)
        assert session.scalar(select(func.count()).where(Event.program_id == program.id,  # through the Session
                                                         Event.type == "queued.two")) == 2
        deferred.write_later(session, _INSERT, [_row(program.id, "queued.three")])
        assert deferred.connection(session).execute(  # a Core statement on the session's connection
            select(func.count()).where(Event.program_id == program.id, Event.type == "queued.three")).scalar() == 1
        assert _count(database, program, "queued.one") == 0  # still inside the transaction
    assert (_count(database, program, "queued.one"), _count(database, program, "queued.two")) == (1, 2)


def test_rows_queued_for_the_commit_wait_for_it_whatever_runs_before(database: Database,
                                                                     program: Program) -> None:
    with unit_of_work(database) as session:
        deferred.write_at_commit(session, _INSERT, [_row(program.id, "at.commit")] * 2)
        deferred.write_later(session, _INSERT, [_row(program.id, "read.back")])
        assert _COUNT.scalar(session, {"program_id": program.id, "type": "read.back"}) == 1
        assert _COUNT.scalar(session, {"program_id": program.id, "type": "at.commit"}) == 0  # not sent yet
    assert (_count(database, program, "at.commit"), _count(database, program, "read.back")) == (2, 1)


def test_rows_still_queued_at_commit_go_with_it(database: Database, program: Program) -> None:
    member = make_member(database, program)
    with unit_of_work(database) as session:
        session.get(Member, member.id).first_name = "Zofia"  # type: ignore[union-attr]  # an ORM change, flushed first
        deferred.write_later(session, _INSERT, [_row(program.id, "with.commit")] * 3)
        assert session.info.get(deferred.QUEUE)
    assert _count(database, program, "with.commit") == 3
    with unit_of_work(database, read_only=True) as session:
        assert session.get(Member, member.id).first_name == "Zofia"  # type: ignore[union-attr]


def test_a_queued_row_that_fails_at_commit_undoes_the_whole_unit(database: Database, program: Program) -> None:
    # Direct statements raise the driver's own errors; SQLAlchemy's wrap any it ran itself.
    with pytest.raises((IntegrityError, sqlite3.IntegrityError, psycopg.IntegrityError)), \
            unit_of_work(database) as session:
        _INSERT.execute_many(session, [_row(program.id, "written.at.once")])
        deferred.write_later(session, _INSERT, [_row(program.id, "fine.but.queued")])
        deferred.write_later(session, _INSERT, [_row(program.id + 1_000_000, "no.such.program")])
    assert _count(database, program, "written.at.once") == 0
    assert _count(database, program, "fine.but.queued") == 0
    for _ in range(3):  # every pooled connection still works, in and out of pipeline mode
        with unit_of_work(database) as session:
            deferred.write_later(session, _INSERT, [_row(program.id, "after.failure")])
    assert _count(database, program, "after.failure") == 3


def test_a_rolled_back_unit_sends_nothing(database: Database, program: Program) -> None:
    with pytest.raises(RuntimeError), unit_of_work(database) as session:
        deferred.write_later(session, _INSERT, [_row(program.id, "never.sent")])
        raise RuntimeError("the request failed")
    with unit_of_work(database) as session:
        assert not session.info.get(deferred.QUEUE)
    assert _count(database, program, "never.sent") == 0
