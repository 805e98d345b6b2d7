"""A new badge given to the members who already qualify, on both databases: the worker's
back-fill measures every member in batches, resumes from its cursor, and pays each qualifying
member once however often it runs, also beside the subscriber."""

from __future__ import annotations

from sqlalchemy import select, update

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.gamification import service as gamification
from loyalty.gamification.models import BadgeBackfill
from loyalty.programs.models import Program
from loyalty.worker import tasks_gamification
from tests.factories.gamification import buy, evaluate, make_badge
from tests.factories.members import make_member


def _earned(database: Database, program: Program, badge_id: int) -> list[tuple[int | None, int]]:
    with unit_of_work(database, read_only=True) as session:
        return sorted((event.member_id, event.payload["level"]) for event in session.scalars(select(Event).where(
            Event.program_id == program.id, Event.type == "badge.earned"))
            if event.payload["badge_id"] == badge_id)


def _points_earned(database: Database, program: Program, reason: str) -> int:
    with unit_of_work(database, read_only=True) as session:
        return sum(sum(payload["available"].values()) for payload in session.scalars(select(Event.payload).where(
            Event.program_id == program.id, Event.type == "points.earned")) if payload["reason"] == reason)


def test_a_badge_made_to_award_existing_members_pays_each_qualifying_member_once(database: Database,
                                                                                 program: Program) -> None:
    regulars = [make_member(database, program) for _ in range(3)]
    newcomer = make_member(database, program)
    for member in regulars:
        buy(database, program, member.id)
        buy(database, program, member.id)
    buy(database, program, newcomer.id)
    badge = make_badge(database, program, name="Two visits already", measure="purchase_count",
                       award_existing=True, levels=[{"name": "Regular", "threshold": 2, "points": 25}])
    assert badge.backfill is not None and badge.backfill.finished_at is None

    assert tasks_gamification.backfill_badges(database, batch_size=2, budget_seconds=0) == 0    # no time: nothing
    first_runs = tasks_gamification.backfill_badges(database, batch_size=2)
    evaluate(database, program, regulars[0].id)                                        # the subscriber, beside it
    with unit_of_work(database) as session:                                            # run again from the start
        session.execute(update(BadgeBackfill).where(BadgeBackfill.badge_id == badge.id)
                        .values(after_member_id=0, finished_at=None))
    tasks_gamification.backfill_badges(database, batch_size=2)
    tasks_gamification.backfill_badges(database, batch_size=2)

    assert first_runs >= 3                                                             # in batches, resumed
    assert _earned(database, program, badge.id) == sorted((member.id, 1) for member in regulars)
    assert _points_earned(database, program, f"badge:{badge.id}") == 75
    with unit_of_work(database, read_only=True) as session:
        read = gamification.get_badge(session=session, program=program, badge_id=badge.id)
    assert read.earned == 3 and read.backfill is not None and read.backfill.finished_at is not None


def test_a_badge_made_without_the_option_waits_for_each_members_next_event(database: Database,
                                                                          program: Program) -> None:
    member = make_member(database, program)
    buy(database, program, member.id)
    badge = make_badge(database, program, name="First visit", measure="purchase_count",
                       levels=[{"name": "Welcome", "threshold": 1}])

    tasks_gamification.backfill_badges(database)

    assert badge.backfill is None and _earned(database, program, badge.id) == []
