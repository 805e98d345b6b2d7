"""Journeys on the worker: the "journeys" subscriber and the periodic advance of waits.

The subscriber hands each member event to `journeys.service.handle_event` (goals convert,
waits for the event resume, entries enter) inside the unit of work that moves its cursor. In
batches (`handle_batch`) the members events enter are enrolled together, due at once, and the
advance task is woken to walk their first steps: the subscriber only enrols and wakes.
The periodic task moves, every 10 seconds, the enrolments whose wait or wait-for-event timeout
is over, a batch per unit of work (claimed with FOR UPDATE SKIP LOCKED on PostgreSQL, so
workers share them), and runs the daily schedule entries. The enrolment rows are the durable
truth: a lost job loses nothing, the next tick finds the same rows due.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import procrastinate
from sqlalchemy.orm import Session

from loyalty.db.uow import unit_of_work
from loyalty.events.subscribers import PublishedEvent, Subscriber
from loyalty.journeys import domain
from loyalty.journeys import service as journeys
from loyalty.programs import service as programs
from loyalty.worker.runtime import current_database, defer_after_commit

blueprint = procrastinate.Blueprint()
ADVANCE = "journeys:advance"

# Batches per tick: a tick does at most this many units of work, then leaves the rest to the next.
MAX_BATCHES_PER_TICK = 50


def handle(session: Session, event: PublishedEvent) -> None:
    program = programs.get_program(session=session, program_id=event.program_id)
    journeys.handle_event(session=session, program=program, event=journeys.EventInput(
        id=event.id, program_id=event.program_id, member_id=event.member_id, type=event.type,
        occurred_at=event.occurred_at, payload=event.payload))


def handle_batch(session: Session, events: Sequence[PublishedEvent]) -> None:
    """`handle` for a batch: each program's events in order, its journeys read once
    (journeys.service.handle_events). The members it enters are enrolled in one statement and
    due at once; the advance task, woken when the unit of work commits, walks their first steps
    (a welcome message is queued there, not here)."""
    by_program: dict[int, list[PublishedEvent]] = {}
    for event in events:
        by_program.setdefault(event.program_id, []).append(event)
    entered = 0
    for program_id in sorted(by_program):
        program = programs.get_program(session=session, program_id=program_id)
        entered += journeys.handle_events(session=session, program=program, events=[journeys.EventInput(
            id=event.id, program_id=event.program_id, member_id=event.member_id, type=event.type,
            occurred_at=event.occurred_at, payload=event.payload) for event in by_program[program_id]])
    if entered:  # a job waiting already takes them too (the task's queueing lock)
        defer_after_commit(session, ADVANCE, timestamp=int(time.time()))


# 200 events a call: handle_events' reads and writes are per batch, so under load (where each
# round trip costs tens of milliseconds) a chunk of 200 costs little more than one of 50.
subscriber = Subscriber(name="journeys", types=frozenset(domain.JOURNEY_EVENT_TYPES), handle=handle,
                        handle_batch=handle_batch, chunk=500)


def advance_journeys() -> int:
    """Move every enrolment whose wait is over, one batch per unit of work; how many moved."""
    database = current_database()
    moved = 0
    for _ in range(MAX_BATCHES_PER_TICK):
        with unit_of_work(database) as session:
            run = journeys.advance_due(session=session)
        moved += run.advanced
        if not run.more:
            break
    with unit_of_work(database) as session:
        journeys.run_schedules(session=session)
    return moved


@blueprint.periodic(cron="* * * * * */10")
@blueprint.task(name="advance", queueing_lock="journeys:advance", pass_context=False)
def advance(timestamp: int) -> None:
    advance_journeys()
