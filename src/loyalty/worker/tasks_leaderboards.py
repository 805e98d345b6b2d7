"""Leaderboards on the worker: each member event that counts on a board adds its delta to the
member's score, in the unit of work that moves the subscriber's cursor.

The score rows are upserted (`score = score + delta`) and the event's id is noted beside them,
so a redelivered event adds nothing. Nothing here runs on the purchase path: a board shows a
new purchase's points as soon as the worker's pump hands this subscriber the event (well under
a second with the pump running; bench/leaderboard_live.py measures it).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from loyalty.events.subscribers import PublishedEvent, Subscriber
from loyalty.leaderboards import domain
from loyalty.leaderboards import service as leaderboards
from loyalty.programs import service as programs


def handle(session: Session, event: PublishedEvent) -> None:
    if event.member_id is None:
        return
    program = programs.get_program(session=session, program_id=event.program_id)
    leaderboards.count_event(session=session, program=program, event=event)


subscriber = Subscriber(name="leaderboards", types=domain.COUNTED_TYPES, handle=handle)
