"""Leaderboards and contests for tests: boards and contests made through their services, and
the worker's subscribers pumped until they have caught up with the stream."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from loyalty.contests import service as contests
from loyalty.contests.schemas import ContestCreate, ContestRead
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.subscribers import Subscriber
from loyalty.kernel import clock
from loyalty.leaderboards import service as leaderboards
from loyalty.leaderboards.schemas import LeaderboardCreate, LeaderboardRead, StandingsRead
from loyalty.members import service as members
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, RefundCreate
from loyalty.rules import service as rules
from loyalty.worker import consumer, tasks_contests, tasks_leaderboards


def make_board(database: Database, program: Program, **fields: Any) -> LeaderboardRead:
    values: dict[str, Any] = {"name": f"Board {clock.now().timestamp()}", "measure": "points", "period": "month",
                              **fields}
    with unit_of_work(database) as session:
        return leaderboards.create(session=session, program=program, data=LeaderboardCreate.model_validate(values))


def make_contest(database: Database, program: Program, **fields: Any) -> ContestRead:
    now = clock.now()
    values: dict[str, Any] = {"name": "Spring draw", "prize": "A bicycle", "rules_text": "One entry per purchase.",
                              "entry_action": "purchase", "max_entries_per_member": 5, "winners_count": 2,
                              "opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=7), **fields}
    with unit_of_work(database) as session:
        return contests.create(session=session, program=program, data=ContestCreate.model_validate(values))


def start(database: Database, subscriber: Subscriber) -> None:
    """Make the subscriber's cursor (at the stream's end) before the test's events are recorded."""
    consumer.pump(database, subscriber)


def catch_up(database: Database, *subscribers: Subscriber) -> None:
    for subscriber in subscribers or (tasks_leaderboards.subscriber, tasks_contests.subscriber):
        while consumer.pump(database, subscriber).handled:
            pass


def buy(database: Database, program: Program, member_id: int, total: int, *, store: str | None = None,
        occurred_at: datetime | None = None) -> int:
    fields: dict[str, Any] = {"member": MemberRef(id=member_id), "total": total}
    if store is not None:
        fields["store"] = store
    if occurred_at is not None:
        fields["occurred_at"] = occurred_at
    with unit_of_work(database) as session:
        outcome = purchases.record_purchase(session=session, program=program, actor="test",
                                            data=PurchaseCreate(**fields))
    return int(outcome.body["purchase_id"])


def refund(database: Database, program: Program, purchase_id: int, amount: int) -> None:
    with unit_of_work(database) as session:
        purchases.refund_purchase(session=session, program=program, purchase_id=purchase_id,
                                  data=RefundCreate(amount=amount), actor="test")


def custom_event(database: Database, program: Program, member_id: int, event_type: str) -> None:
    with unit_of_work(database) as session:
        member = members.get_member(session=session, program_id=program.id, member_id=member_id)
        rules.record_custom_event(session=session, program=program, member=member, event_type=event_type,
                                  occurred_at=None, payload={}, actor="test")


def standings(database: Database, program: Program, board_id: int, **kwargs: Any) -> StandingsRead:
    with unit_of_work(database, read_only=True) as session:
        return leaderboards.standings(session=session, program=program, leaderboard_id=board_id, **kwargs)
