"""Contests on the worker: entries earned by members' events, and the draw of closed contests.

The "contests" subscriber gives each qualifying event's entries in the unit of work that moves
its cursor (entries are unique per contest and event, so a redelivery enters nothing twice); a
batch reads the contests open during it once and writes their entries set-based. It withdraws a
purchase's entries from contests not drawn yet when it is refunded in full (each entry once,
however often the refund is delivered).
Every minute the closed contests that draw automatically are drawn, each in its own unit
of work; a staff member's draw at the same moment finds the contest drawn and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import procrastinate
from sqlalchemy.orm import Session

from loyalty.contests import service as contests
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.subscribers import PublishedEvent, Subscriber
from loyalty.programs import service as programs
from loyalty.worker.runtime import current_database

log = logging.getLogger("loyalty.worker")
blueprint = procrastinate.Blueprint()


def handle(session: Session, event: PublishedEvent) -> None:
    if event.member_id is None:
        return
    program = programs.get_program(session=session, program_id=event.program_id)
    if event.type == "purchase.refunded":
        contests.withdraw_refunded(session=session, program=program, event=event)
    else:
        contests.count_event(session=session, program=program, event=event)


def handle_batch(session: Session, events: Sequence[PublishedEvent]) -> None:
    """`handle` for a batch, in the events' order: the runs of entry events between two refunds
    set-based per program (contests.service.count_events: the batch's open contests read once, so
    events no open contest counts cost nothing more), each refund on its own (rare)."""
    run: list[PublishedEvent] = []

    def count_run() -> None:
        by_program: dict[int, list[PublishedEvent]] = {}
        for event in run:
            if event.member_id is not None:
                by_program.setdefault(event.program_id, []).append(event)
        for program_id in sorted(by_program):
            contests.count_events(session=session, program_id=program_id, events=by_program[program_id])
        run.clear()

    for event in events:
        if event.type == "purchase.refunded":
            count_run()
            handle(session, event)
        else:
            run.append(event)
    count_run()


subscriber = Subscriber(name="contests", types=contests.HANDLED_TYPES, handle=handle, handle_batch=handle_batch,
                        chunk=200)


def draw_due(database: Database) -> int:
    """Draw every closed contest that draws automatically; how many were drawn."""
    with unit_of_work(database, read_only=True) as session:
        due = contests.due_for_draw(session=session)
    drawn = 0
    for program_id, contest_id in due:
        try:
            with unit_of_work(database) as session:
                program = programs.get_program(session=session, program_id=program_id)
                drawn += contests.draw_due(session=session, program=program, contest_id=contest_id)
        except Exception:  # noqa: BLE001 - the next run tries again; the other contests go on
            log.exception("contest %s of program %s failed to draw", contest_id, program_id)
    return drawn


@blueprint.periodic(cron="* * * * *")
@blueprint.task(name="draw_due", lock="contests:draw_due", queueing_lock="contests:draw_due", pass_context=False)
def draw_due_task(timestamp: int) -> None:
    draw_due(current_database())
