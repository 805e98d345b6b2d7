"""Segments on the worker: membership kept current as members' events arrive, and recomputed
in full every hour.

The "segments" subscriber re-evaluates only the members events are about, against every
dynamic segment of the program, inside the unit of work that moves its cursor: a redelivered
event finds the membership already right and announces nothing again. A batch (`handle_batch`)
takes its distinct members per program and re-evaluates them together (one SELECT for them
all, one read of their membership, the differences written set-based); event by event (the
retry after a failed batch) each member is evaluated alone. A purchase, claim or refund first
recomputes the member's activity row (purchases/activity.py) in the same unit of work, so the
summary is never ahead of or behind the cursor, and the re-evaluation reads it current. The
hourly recompute catches what no event announces (time passing: "no purchase for 60 days", a
window sliding past a purchase), one segment per unit of work.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import procrastinate
from sqlalchemy.orm import Session

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.subscribers import PublishedEvent, Subscriber
from loyalty.programs import service as programs
from loyalty.purchases import activity
from loyalty.segments import repository as segment_repository
from loyalty.segments import service as segments
from loyalty.worker.runtime import current_database

log = logging.getLogger("loyalty.worker")
blueprint = procrastinate.Blueprint()

# The member events that can change what a segment's condition sees.
MEMBER_CHANGING_TYPES = frozenset({
    "member.enrolled", "member.updated", "member.blocked", "member.unblocked", "consent.changed",
    "purchase.recorded", "purchase.claimed", "purchase.refunded", "points.earned", "points.spent",
    "points.adjusted", "points.returned", "points.expired", "points.reversed", "points.released",
    "points.transferred_in", "points.transferred_out", "tier.changed", "custom_event.received",
    "journey.entered", "journey.exited", "journey.converted", "reward.redeemed",
})


# The events after which a member's purchases differ: their activity row is recomputed first.
PURCHASE_TYPES = frozenset({"purchase.recorded", "purchase.claimed", "purchase.refunded"})


def handle(session: Session, event: PublishedEvent) -> None:
    if event.member_id is None:
        return
    if event.type in PURCHASE_TYPES:
        activity.refresh_members(session, program_id=event.program_id, member_ids=[event.member_id])
    program = programs.get_program(session=session, program_id=event.program_id)
    segments.reevaluate_member(session=session, program=program, member_id=event.member_id)


def handle_batch(session: Session, events: Sequence[PublishedEvent]) -> None:
    """`handle` for a batch: each program's distinct members, in the order of their first
    event, re-evaluated at once (a member with several events in the batch is evaluated once)."""
    by_program: dict[int, dict[int, None]] = {}
    bought: dict[int, set[int]] = {}
    for event in events:
        if event.member_id is not None:
            by_program.setdefault(event.program_id, {})[event.member_id] = None
            if event.type in PURCHASE_TYPES:
                bought.setdefault(event.program_id, set()).add(event.member_id)
    for program_id in sorted(by_program):
        if program_id in bought:
            activity.refresh_members(session, program_id=program_id, member_ids=sorted(bought[program_id]))
        program = programs.get_program(session=session, program_id=program_id)
        segments.reevaluate_members(session=session, program=program, member_ids=list(by_program[program_id]))


subscriber = Subscriber(name="segments", types=MEMBER_CHANGING_TYPES, handle=handle, handle_batch=handle_batch,
                        chunk=200)


def recompute_all(database: Database) -> int:
    """Every program's dynamic segments, each in its own unit of work; how many were recomputed.
    One segment's failure is logged and the others go on."""
    with unit_of_work(database, read_only=True) as session:
        work = [(program.id, segment.id) for program in programs.list_programs(session=session)
                for segment in segment_repository.dynamic(session, program_id=program.id)]
    done = 0
    for program_id, segment_id in work:
        try:
            with unit_of_work(database) as session:
                program = programs.get_program(session=session, program_id=program_id)
                segments.recompute(session=session, program=program, segment_id=segment_id)
            done += 1
        except Exception:  # noqa: BLE001 - the next run tries again; the other segments go on
            log.exception("segment %s of program %s failed to recompute", segment_id, program_id)
    return done


@blueprint.periodic(cron="7 * * * *")
@blueprint.task(name="recompute", lock="segments:recompute", queueing_lock="segments:recompute", pass_context=False)
def recompute(timestamp: int) -> None:
    recompute_all(current_database())
