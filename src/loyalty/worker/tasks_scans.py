"""The lifecycle's worker side: the scans on a schedule, and members' rhythms kept from purchases.

Each scan handles every program (worker/scans.py). `lock` keeps two workers from running the
same scan at once and `queueing_lock` from queueing it twice; the scans' marks make a run that
overlaps anyway (or repeats) announce nothing twice.
"""

from __future__ import annotations

from collections.abc import Sequence

import procrastinate
from sqlalchemy.orm import Session

from loyalty.events.subscribers import PublishedEvent, Subscriber
from loyalty.lifecycle import service as lifecycle
from loyalty.programs import service as programs
from loyalty.worker import scans
from loyalty.worker.runtime import current_database

blueprint = procrastinate.Blueprint()


# Birthdays and anniversaries begin at each program's local midnight, which passes at a
# different UTC time per program: every quarter of an hour finds them within 15 minutes (the
# scans read an index and are cheap when there is nothing new).
@blueprint.periodic(cron="*/15 * * * *")
@blueprint.task(name="daily_occasions", lock="scans:daily_occasions", queueing_lock="scans:daily_occasions",
                pass_context=False)
def daily_occasions(timestamp: int) -> None:
    scans.run_scans(current_database(), scans.DAILY_SCANS)


@blueprint.periodic(cron="*/5 * * * *")
@blueprint.task(name="frequent_occasions", lock="scans:frequent_occasions",
                queueing_lock="scans:frequent_occasions", pass_context=False)
def frequent_occasions(timestamp: int) -> None:
    scans.run_scans(current_database(), scans.FREQUENT_SCANS)


def refresh_rhythm(session: Session, event: PublishedEvent) -> None:
    """A purchase (or a claimed receipt) changes its member's rhythm: recomputed from their
    latest purchases, so a replayed event changes nothing."""
    if event.member_id is None:
        return
    program = programs.get_program(session=session, program_id=event.program_id)
    lifecycle.refresh_rhythm(session=session, program=program, member_id=event.member_id)


def refresh_rhythms(session: Session, events: Sequence[PublishedEvent]) -> None:
    """The batch's purchases: each member's rhythm recomputed once, per program one read and one
    upsert (what `refresh_rhythm` does for each event, the last one of a member winning)."""
    by_program: dict[int, set[int]] = {}
    for event in events:
        if event.member_id is not None:
            by_program.setdefault(event.program_id, set()).add(event.member_id)
    for program_id in sorted(by_program):
        program = programs.get_program(session=session, program_id=program_id)
        lifecycle.refresh_rhythms(session=session, program=program, member_ids=sorted(by_program[program_id]))


# From the beginning: a new installation's replay builds every member's rhythm from history
# (`lifecycle.service.rebuild_rhythms` does it in one statement where that replay is too long).
RHYTHM_SUBSCRIBER = Subscriber(name="lifecycle_rhythm", types=frozenset({"purchase.recorded", "purchase.claimed"}),
                               handle=refresh_rhythm, start="beginning", handle_batch=refresh_rhythms)
