"""Badges and challenges on the worker: each event about a member's activity measures that
member against the program's badges and the challenges they are in, and earns, completes and
pays what is due, inside the unit of work that moves the subscriber's cursor.

Exactly once however events arrive: a badge level is a row with a unique live (member, badge,
level), a challenge's completion a guarded UPDATE (`gamification/service.py`); a redelivered
event measures the same activity and finds both already written. A `purchase.refunded` hands
its moment to the evaluation, which then also reverses what the refund took the member below
(each once, by guarded UPDATEs: a redelivered refund finds it reversed).

A badge made with "award to members who already qualify" is back-filled by the periodic task
`gamification:backfill_badges`: a batch of members per unit of work, its cursor moved in the
same unit, so a stopped back-fill resumes where it was and nobody is paid twice.

A program with a leaderboard ranked by a challenge's progress: each member measured here gets
their leaderboard pseudonym (if they have none yet), so the board names them at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from datetime import datetime

import procrastinate
from sqlalchemy.orm import Session

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.catalogue import MEMBER_ACTIONS
from loyalty.events.subscribers import PublishedEvent, Subscriber
from loyalty.gamification import service as gamification
from loyalty.leaderboards import service as leaderboards
from loyalty.programs import service as programs
from loyalty.worker.runtime import current_database

log = logging.getLogger("loyalty.worker")
blueprint = procrastinate.Blueprint()
# Members measured per unit of work, and how long one run goes on before leaving the rest to
# the next (a back-fill over a million members spans many runs; each batch is committed).
BACKFILL_BATCH = 200
BACKFILL_BUDGET_SECONDS = 20.0

# The events that can move a badge's or a challenge's measure, or enrol a member in one.
TYPES = frozenset({
    "purchase.recorded", "purchase.claimed", "purchase.refunded", "custom_event.received", "segment.entered",
    "challenge.joined", *MEMBER_ACTIONS,
})


def handle(session: Session, event: PublishedEvent) -> None:
    if event.member_id is None or not gamification.has_anything_to_measure(session=session,
                                                                          program_id=event.program_id):
        return
    program = programs.get_program(session=session, program_id=event.program_id)
    gamification.evaluate_member(session=session, program=program, member_id=event.member_id,
                                 refunded_at=event.occurred_at if event.type == "purchase.refunded" else None)
    if leaderboards.has_challenge_boards(session=session, program_id=program.id):
        leaderboards.ensure_public_names(session=session, program=program, member_ids=[event.member_id])


def handle_batch(session: Session, events: Sequence[PublishedEvent]) -> None:
    """A member with several events in the batch is measured once, after the last of them:
    measuring reads the whole activity, so what the earlier ones would have earned is earned
    then (one evaluation per member instead of one per event), and a refund among them is
    handed on by its moment (the earliest, when there are several)."""
    seen: dict[tuple[int, int], None] = {}
    refunded_at: dict[tuple[int, int], datetime] = {}
    for event in events:
        if event.member_id is not None:
            key = (event.program_id, event.member_id)
            seen.pop(key, None)
            seen[key] = None
            if event.type == "purchase.refunded":
                refunded_at[key] = min(refunded_at.get(key, event.occurred_at), event.occurred_at)
    active: dict[int, bool] = {}
    ranked: dict[int, bool] = {}
    for program_id, member_id in seen:
        if program_id not in active:  # a program with no badge and no challenge costs one read a batch
            active[program_id] = gamification.has_anything_to_measure(session=session, program_id=program_id)
            ranked[program_id] = active[program_id] and leaderboards.has_challenge_boards(
                session=session, program_id=program_id)
        if active[program_id]:
            program = programs.get_program(session=session, program_id=program_id)
            gamification.evaluate_member(session=session, program=program, member_id=member_id,
                                         refunded_at=refunded_at.get((program_id, member_id)))
            if ranked[program_id]:
                leaderboards.ensure_public_names(session=session, program=program, member_ids=[member_id])


subscriber = Subscriber(name="gamification", types=TYPES, handle=handle, handle_batch=handle_batch)


def backfill_badges(database: Database, *, batch_size: int = BACKFILL_BATCH,
                    budget_seconds: float = BACKFILL_BUDGET_SECONDS) -> int:
    """Carry the unfinished back-fills on, a batch per unit of work, until they are done or the
    budget is spent; how many batches were committed."""
    with unit_of_work(database, read_only=True) as session:
        due = gamification.backfills_due(session=session)
    deadline = time.monotonic() + budget_seconds
    batches = 0
    for program_id, badge_id in due:
        finished = False
        while not finished and time.monotonic() < deadline:
            try:
                with unit_of_work(database) as session:
                    program = programs.get_program(session=session, program_id=program_id)
                    finished = gamification.backfill_batch(session=session, program=program, badge_id=badge_id,
                                                           batch_size=batch_size)
                batches += 1
            except Exception:  # noqa: BLE001 - the batch rolled back; the next run starts it again
                log.exception("back-fill of badge %s of program %s failed", badge_id, program_id)
                break
    return batches


@blueprint.periodic(cron="* * * * * */10")
@blueprint.task(name="backfill_badges", lock="gamification:backfill_badges",
                queueing_lock="gamification:backfill_badges", pass_context=False)
def backfill_badges_task(timestamp: int) -> None:
    backfill_badges(current_database())
