"""Leaderboards on the worker: each member event that counts on a board adds its delta to the
member's score, in the unit of work that moves the subscriber's cursor.

A batch reads each program and its active boards once (a program with no board costs nothing
more per event). The score rows are upserted (`score = score + delta`) and the event's id is noted beside them,
so a redelivered event adds nothing. Nothing here runs on the purchase path: a board shows a
new purchase's points as soon as the worker's pump hands this subscriber the event (well under
a second with the pump running; bench/leaderboard_live.py measures it).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from loyalty.events.subscribers import PublishedEvent, Subscriber
from loyalty.leaderboards import domain
from loyalty.leaderboards import service as leaderboards
from loyalty.leaderboards.models import Leaderboard
from loyalty.programs import service as programs
from loyalty.programs.models import Program


def handle(session: Session, event: PublishedEvent) -> None:
    if event.member_id is None:
        return
    program = programs.get_program(session=session, program_id=event.program_id)
    leaderboards.count_event(session=session, program=program, event=event)


def handle_batch(session: Session, events: Sequence[PublishedEvent]) -> None:
    """`handle` for each event in order, the program and its boards read once per batch."""
    programs_seen: dict[int, tuple[Program, list[Leaderboard]]] = {}
    for event in events:
        if event.member_id is None:
            continue
        if event.program_id not in programs_seen:
            program = programs.get_program(session=session, program_id=event.program_id)
            programs_seen[event.program_id] = (program, leaderboards.active_boards(session=session, program=program))
        program, active = programs_seen[event.program_id]
        if active:
            leaderboards.count_event(session=session, program=program, event=event, active=active)


subscriber = Subscriber(name="leaderboards", types=domain.COUNTED_TYPES, handle=handle, handle_batch=handle_batch)
