"""The test suite's own check (tests/conftest.py): every recorded payload against its model."""

from __future__ import annotations

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events import service as events
from loyalty.programs.models import Program
from tests import conftest


def test_an_event_recorded_with_a_drifted_payload_is_reported(database: Database, program: Program) -> None:
    with unit_of_work(database) as session:
        events.record(session=session, program_id=program.id, type="program.updated", actor="test",
                      payload={"fields": ["name"]})
        events.record(session=session, program_id=program.id, type="program.updated", actor="test",
                      payload={"fields": "name"})
    reported, conftest._EVENT_PROBLEMS[:] = list(conftest._EVENT_PROBLEMS), []  # this test's own, not a failure
    assert len(reported) == 1
    assert reported[0].startswith("program.updated {'fields': 'name'}:") and "Input should be a valid array" \
        in reported[0]
