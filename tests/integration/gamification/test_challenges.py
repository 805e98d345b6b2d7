"""Challenges on both databases: only activity inside the window and after joining counts, the
reward is paid once, and 20 concurrent completions of one member's challenge pay once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.gamification import service as gamification
from loyalty.gamification.service import Evaluation
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict
from loyalty.programs.models import Program
from loyalty.segments import service as segments
from loyalty.segments.schemas import SegmentCreate
from tests.factories.gamification import buy, custom_event, evaluate, make_challenge
from tests.factories.members import make_member


def _completed_events(database: Database, program: Program, member_id: int) -> list[dict[str, object]]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(Event.payload).where(
            Event.program_id == program.id, Event.member_id == member_id, Event.type == "challenge.completed")))


def _badge_or_challenge_points(database: Database, program: Program, member_id: int, challenge_id: int) -> int:
    with unit_of_work(database, read_only=True) as session:
        return sum(sum(payload["available"].values()) for payload in session.scalars(select(Event.payload).where(
            Event.program_id == program.id, Event.member_id == member_id, Event.type == "points.earned"))
            if payload["reason"] == f"challenge:{challenge_id}")


def _join(database: Database, program: Program, member_id: int, challenge_id: int) -> None:
    with unit_of_work(database) as session:
        gamification.join_challenge(session=session, program=program, member_id=member_id,
                                    challenge_id=challenge_id, actor="test")


def _mine(database: Database, program: Program, member_id: int) -> dict[int, tuple[int, int, bool]]:
    with unit_of_work(database, read_only=True) as session:
        return {item.challenge_id: (item.progress, item.percent, item.completed_at is not None) for item in
                gamification.member_challenges(session=session, program=program, member_id=member_id).items
                if item.joined}


def _running(**fields: object) -> dict[str, object]:
    now = clock.now()
    return {"starts_at": now - timedelta(days=1), "ends_at": now + timedelta(days=30), **fields}


def test_three_purchases_after_joining_complete_it_and_pay_once(database: Database, program: Program) -> None:
    challenge = make_challenge(database, program, **_running(name="Three visits", measure="purchase_count", goal=3,
                                                             reward_points=100))
    member = make_member(database, program)
    buy(database, program, member.id)  # before joining: does not count
    _join(database, program, member.id, challenge.id)
    buy(database, program, member.id)
    buy(database, program, member.id)
    evaluate(database, program, member.id)
    assert _mine(database, program, member.id) == {challenge.id: (2, 66, False)}

    buy(database, program, member.id)
    runs = [evaluate(database, program, member.id) for _ in range(3)]

    assert [run.challenges_completed for run in runs] == [[challenge.id], [], []]
    assert _mine(database, program, member.id) == {challenge.id: (3, 100, True)}
    [completed] = _completed_events(database, program, member.id)
    assert completed["points"] == 100 and completed["goal"] == 3
    assert _badge_or_challenge_points(database, program, member.id, challenge.id) == 100


def test_spend_in_the_e_shop_counts_only_online_receipts(database: Database, program: Program) -> None:
    challenge = make_challenge(database, program, **_running(name="Spend 200 online", measure="spend", goal=20000,
                                                             channel="online", reward_points=200))
    member = make_member(database, program)
    _join(database, program, member.id, challenge.id)
    buy(database, program, member.id, price=15000, channel="pos")
    buy(database, program, member.id, price=12000, channel="online")
    assert evaluate(database, program, member.id).challenges_completed == []
    buy(database, program, member.id, price=8000, channel="online")
    assert evaluate(database, program, member.id).challenges_completed == [challenge.id]


def test_two_new_categories_not_bought_before_the_start(database: Database, program: Program) -> None:
    member = make_member(database, program)
    buy(database, program, member.id, categories=("bread",), at=clock.now() - timedelta(days=3))
    challenge = make_challenge(database, program, **_running(name="Try something new", measure="new_categories",
                                                             goal=2))
    _join(database, program, member.id, challenge.id)
    buy(database, program, member.id, categories=("bread", "wine"))
    assert evaluate(database, program, member.id).challenges_completed == []
    buy(database, program, member.id, categories=("cheese",))
    assert evaluate(database, program, member.id).challenges_completed == [challenge.id]


def test_custom_events_count_and_a_closed_challenge_cannot_be_joined(database: Database, program: Program) -> None:
    now = clock.now()
    challenge = make_challenge(database, program, **_running(name="Two reviews", measure="event_count",
                                                             event_type="review_submitted", goal=2))
    over = make_challenge(database, program, name="Last month", measure="purchase_count", goal=1,
                          starts_at=now - timedelta(days=40), ends_at=now - timedelta(days=10))
    member = make_member(database, program)
    _join(database, program, member.id, challenge.id)
    custom_event(database, program, member.id, "review_submitted")
    custom_event(database, program, member.id, "review_submitted")
    assert evaluate(database, program, member.id).challenges_completed == [challenge.id]
    with pytest.raises(Conflict) as refused:
        _join(database, program, member.id, over.id)
    assert refused.value.code == "challenge_closed"


def test_a_segments_members_are_enrolled_and_others_cannot_join(database: Database, program: Program) -> None:
    chosen = make_member(database, program)
    other = make_member(database, program)
    with unit_of_work(database) as session:
        segment = segments.create(session=session, program=program, actor="test",
                                  data=SegmentCreate(name="VIP", kind="static"))
        segments.import_static(session=session, program=program, segment_id=segment.id, actor="test",
                               data=f"{chosen.id}\n".encode())
    challenge = make_challenge(database, program, **_running(name="VIP week", measure="purchase_count", goal=1,
                                                             segment_id=segment.id, reward_points=5))
    assert _mine(database, program, chosen.id) == {challenge.id: (0, 0, False)}
    with pytest.raises(Conflict) as refused:
        _join(database, program, other.id, challenge.id)
    assert refused.value.code == "challenge_assigned"
    buy(database, program, chosen.id)
    assert evaluate(database, program, chosen.id).challenges_completed == [challenge.id]
    with unit_of_work(database, read_only=True) as session:
        stats = gamification.challenge_stats(session=session, program=program, challenge_id=challenge.id)
    assert (stats.participants, stats.completed, stats.average_percent, stats.points_given) == (1, 1, 100, 5)


def test_twenty_concurrent_completions_pay_once(database: Database, program: Program) -> None:
    challenge = make_challenge(database, program, **_running(name="One visit", measure="purchase_count", goal=1,
                                                             reward_points=70))
    member = make_member(database, program)
    _join(database, program, member.id, challenge.id)
    buy(database, program, member.id)

    def complete() -> Evaluation:
        return evaluate(database, program, member.id)

    with ThreadPoolExecutor(20) as pool:
        runs = list(pool.map(lambda _: complete(), range(20)))

    assert sum(len(run.challenges_completed) for run in runs) == 1
    assert len(_completed_events(database, program, member.id)) == 1
    assert _badge_or_challenge_points(database, program, member.id, challenge.id) == 70
    with unit_of_work(database, read_only=True) as session:
        assert gamification.progress(session=session, program=program, challenge_id=challenge.id,
                                     member_id=member.id) == 1
