"""Badges and challenges on the worker: each event about a member's activity measures that
member against the program's badges and the challenges they are in, and earns, completes and
pays what is due, inside the unit of work that moves the subscriber's cursor.

Exactly once however events arrive: a badge level is a row with a unique live (member, badge,
level), a challenge's completion a guarded UPDATE (`gamification/service.py`); a redelivered
event measures the same activity and finds both already written. A `purchase.refunded` hands
its moment to the evaluation, which then also reverses what the refund took the member below
(each once, by guarded UPDATEs: a redelivered refund finds it reversed).

A program with a leaderboard ranked by a challenge's progress: each member measured here gets
their leaderboard pseudonym (if they have none yet), so the board names them at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from loyalty.events.catalogue import MEMBER_ACTIONS
from loyalty.events.subscribers import PublishedEvent, Subscriber
from loyalty.gamification import service as gamification
from loyalty.leaderboards import service as leaderboards
from loyalty.programs import service as programs

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
