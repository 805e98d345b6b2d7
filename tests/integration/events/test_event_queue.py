"""Events are queued on the unit of work and written with its commit, savepoints respected."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events import catalogue
from loyalty.events import service as events
from loyalty.events.models import Event
from loyalty.programs.models import Program


@pytest.fixture(autouse=True)
def _test_types(monkeypatch: pytest.MonkeyPatch) -> None:
    """This module's made-up types, in a copy of the catalogue that ends with the test."""
    monkeypatch.setattr(catalogue, "_TYPES", dict(catalogue._TYPES))
    for name in ("first.happened", "second.happened", "third.happened", "never.happened", "later.happened",
                 "before.savepoint", "inside.rolled_back", "released.inside.rolled_back", "inside.released",
                 "after.savepoints"):
        catalogue.define(name, payload=catalogue.NoPayload, description="A test's event.", about_member=False)


def _types(database: Database, program: Program) -> list[str]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(Event.type).where(Event.program_id == program.id,
                                                             Event.type != "program.created").order_by(Event.id)))


def _record(session: object, program: Program, type_: str) -> None:
    events.record(session=session, program_id=program.id, type=type_, actor="test")  # type: ignore[arg-type]


def test_events_are_written_in_order_with_the_commit(database: Database, program: Program) -> None:
    with unit_of_work(database) as session:
        _record(session, program, "first.happened")
        events.record_many(session=session, rows=[
            {"program_id": program.id, "type": "second.happened", "actor": "test"},
            {"program_id": program.id, "type": "third.happened", "actor": "test"},
        ])
        assert _types(database, program) == []  # nothing is visible before the commit
    assert _types(database, program) == ["first.happened", "second.happened", "third.happened"]


def test_a_rolled_back_unit_of_work_writes_no_event(database: Database, program: Program) -> None:
    with pytest.raises(RuntimeError), unit_of_work(database) as session:
        _record(session, program, "never.happened")
        raise RuntimeError("the request failed")
    with unit_of_work(database) as session:
        _record(session, program, "later.happened")
    assert _types(database, program) == ["later.happened"]


def test_a_rolled_back_savepoint_drops_its_events_and_keeps_the_others(database: Database,
                                                                        program: Program) -> None:
    with unit_of_work(database) as session:
        _record(session, program, "before.savepoint")
        with pytest.raises(RuntimeError), session.begin_nested():
            _record(session, program, "inside.rolled_back")
            with session.begin_nested():
                _record(session, program, "released.inside.rolled_back")
            raise RuntimeError("a duplicate, say")
        with session.begin_nested():
            _record(session, program, "inside.released")
        _record(session, program, "after.savepoints")
    assert _types(database, program) == ["before.savepoint", "inside.released", "after.savepoints"]
