"""Journeys for tests: made, activated and fed events in their own units of work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events import service as event_service
from loyalty.journeys import service as journeys
from loyalty.journeys.models import Journey
from loyalty.journeys.schemas import EnrolmentRead, JourneyCreate, JourneyRead, JourneyUpdate
from loyalty.kernel import clock
from loyalty.programs.models import Program


def make_journey(database: Database, program: Program, graph: dict[str, Any], *, name: str = "Test journey",
                 active: bool = True) -> Journey:
    with unit_of_work(database) as session:
        journey = journeys.create_journey(session=session, program=program,
                                          data=JourneyCreate(name=name, graph=graph), actor="test")
        if active:
            journeys.set_status(session=session, program=program, journey_id=journey.id, status="active",
                                actor="test")
        return journey


def edit_graph(database: Database, program: Program, journey_id: int, graph: dict[str, Any]) -> Journey:
    with unit_of_work(database) as session:
        return journeys.update_journey(session=session, program=program, journey_id=journey_id,
                                       data=JourneyUpdate(graph=graph), actor="test")


def happen(database: Database, program: Program, member_id: int, type: str, payload: dict[str, Any],
           *, event_id: int | None = None) -> None:
    """An event reaches the journeys, as the worker's subscriber hands it over."""
    with unit_of_work(database) as session:
        journeys.handle_event(session=session, program=program, event=journeys.EventInput(
            id=event_id, program_id=program.id, member_id=member_id, type=type, occurred_at=clock.now(),
            payload=payload))


def record(database: Database, program: Program, member_id: int, type: str, payload: dict[str, Any]) -> None:
    """An event on the member's timeline (a message click, as messaging records it)."""
    with unit_of_work(database) as session:
        event_service.record(session=session, program_id=program.id, member_id=member_id, type=type, actor="test",
                             payload=payload)


def advance_due(database: Database, *, now: datetime | None = None) -> int:
    moved = 0
    while True:
        with unit_of_work(database) as session:
            run = journeys.advance_due(session=session, now=now)
        moved += run.advanced
        if not run.more:
            return moved


def enrolments(database: Database, program: Program, member_id: int) -> list[EnrolmentRead]:
    with unit_of_work(database, read_only=True) as session:
        rows = journeys.member_enrolments(session=session, program_id=program.id, member_id=member_id, limit=200)
        return journeys.enrolment_reads(session=session, enrolments=rows.items)


def journey_read(database: Database, program: Program, journey_id: int) -> JourneyRead:
    with unit_of_work(database, read_only=True) as session:
        journey = journeys.get_journey(session=session, program_id=program.id, journey_id=journey_id)
        return journeys.journey_reads(session=session, journeys=[journey])[0]
