"""Badges on both databases: earned once when the condition is met, however many times the
member's events are measured again; levels; rewards paid in the award's unit of work."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.gamification import service as gamification
from loyalty.gamification.models import BadgeAward
from loyalty.kernel import clock
from loyalty.ledger import service as ledger
from loyalty.programs.models import Program
from loyalty.worker.runner import drain
from tests.factories.gamification import buy, custom_event, evaluate, make_badge
from tests.factories.members import make_member
from tests.factories.vouchers import make_campaign, make_codes


def _events(database: Database, program: Program, type: str, member_id: int) -> list[dict[str, object]]:
    with unit_of_work(database, read_only=True) as session:
        return [row for row in session.scalars(select(Event.payload).where(
            Event.program_id == program.id, Event.member_id == member_id, Event.type == type).order_by(Event.id))]


def _awards(database: Database, member_id: int) -> int:
    with unit_of_work(database, read_only=True) as session:
        return int(session.scalar(select(func.count()).select_from(BadgeAward).where(
            BadgeAward.member_id == member_id)) or 0)


def _available(database: Database, program: Program, member_id: int) -> int:
    with unit_of_work(database, read_only=True) as session:
        [balance] = ledger.balances(session=session, program=program, member_id=member_id)
        return balance.available


def test_the_tenth_purchase_badge_is_earned_once_however_often_it_is_measured(database: Database,
                                                                               program: Program) -> None:
    badge = make_badge(database, program, name="Regular", measure="purchase_count",
                       levels=[{"name": "Tenth purchase", "threshold": 10, "points": 50}])
    member = make_member(database, program)
    for _ in range(9):
        buy(database, program, member.id)
    assert evaluate(database, program, member.id).badges_earned == []
    before = _available(database, program, member.id)

    buy(database, program, member.id)
    first = evaluate(database, program, member.id)
    again = [evaluate(database, program, member.id) for _ in range(3)]

    assert first.badges_earned == [(badge.id, 1)]
    assert [each.badges_earned for each in again] == [[], [], []]
    assert _awards(database, member.id) == 1
    [earned] = _events(database, program, "badge.earned", member.id)
    assert earned["level_name"] == "Tenth purchase" and earned["points"] == 50 and earned["value"] == 10
    # The tenth purchase's own points are pending (return window); the badge's 50 are available at once.
    assert _available(database, program, member.id) == before + 50


def test_levels_bronze_silver_gold_and_the_progress_toward_the_next(database: Database, program: Program) -> None:
    badge = make_badge(database, program, name="Collector", measure="purchase_count", levels=[
        {"name": "Bronze", "threshold": 5}, {"name": "Silver", "threshold": 10}, {"name": "Gold", "threshold": 25}])
    member = make_member(database, program)
    for _ in range(10):
        buy(database, program, member.id)

    assert evaluate(database, program, member.id).badges_earned == [(badge.id, 1), (badge.id, 2)]
    with unit_of_work(database, read_only=True) as session:
        [shown] = gamification.member_badges(session=session, program=program, member_id=member.id).items
    assert (shown.value, shown.earned_level, shown.next_threshold, shown.percent) == (10, "Silver", 25, 40)
    assert [level.earned_at is not None for level in shown.levels] == [True, True, False]


def test_first_review_gives_a_coupon_once(database: Database, program: Program) -> None:
    campaign = make_campaign(database, program, name="Thanks for the review")
    make_codes(database, program, campaign.id, count=3)
    make_badge(database, program, name="First review", measure="event_count", event_type="review_submitted",
               levels=[{"name": "First review", "threshold": 1, "voucher_campaign_id": campaign.id}])
    member = make_member(database, program)
    custom_event(database, program, member.id, "newsletter_opened")
    assert evaluate(database, program, member.id).badges_earned == []

    custom_event(database, program, member.id, "review_submitted", {"rating": 5})
    evaluate(database, program, member.id)
    evaluate(database, program, member.id)

    [earned] = _events(database, program, "badge.earned", member.id)
    assert isinstance(earned["coupon_code"], str)
    assert len(_events(database, program, "voucher.published", member.id)) == 1


def test_a_condition_over_the_event_payload(database: Database, program: Program) -> None:
    make_badge(database, program, name="Five stars", measure="event_count", event_type="review_submitted",
               condition={"field": "event.payload.rating", "op": "gte", "value": 5},
               levels=[{"name": "Five stars", "threshold": 2}])
    member = make_member(database, program)
    custom_event(database, program, member.id, "review_submitted", {"rating": 5})
    custom_event(database, program, member.id, "review_submitted", {"rating": 3})
    assert evaluate(database, program, member.id).badges_earned == []
    custom_event(database, program, member.id, "review_submitted", {"rating": 5})
    assert len(evaluate(database, program, member.id).badges_earned) == 1


def test_five_categories_tried(database: Database, program: Program) -> None:
    badge = make_badge(database, program, name="Explorer", measure="distinct_categories",
                       levels=[{"name": "Explorer", "threshold": 5}])
    member = make_member(database, program)
    buy(database, program, member.id, categories=("bread", "milk", "cheese"))
    buy(database, program, member.id, categories=("bread", "milk"))
    assert evaluate(database, program, member.id).badges_earned == []
    buy(database, program, member.id, categories=("wine", "fruit"))
    assert evaluate(database, program, member.id).badges_earned == [(badge.id, 1)]


def test_a_streak_of_four_weeks_with_a_purchase(database: Database, program: Program) -> None:
    badge = make_badge(database, program, name="Every week", measure="week_streak",
                       levels=[{"name": "Four weeks", "threshold": 4}])
    member = make_member(database, program)
    now = clock.now()
    for weeks_ago in (5, 3, 2, 1):  # a gap before the last three weeks
        buy(database, program, member.id, at=now - timedelta(weeks=weeks_ago))
    assert evaluate(database, program, member.id).badges_earned == []
    buy(database, program, member.id, at=now)
    assert evaluate(database, program, member.id).badges_earned == [(badge.id, 1)]


def test_the_worker_earns_the_badge_from_the_purchase_event(database: Database, program: Program) -> None:
    settings = Settings()
    settings.worker.in_process = "never"
    drain(database, settings)
    make_badge(database, program, name="First purchase", measure="purchase_count",
               levels=[{"name": "Welcome", "threshold": 1, "points": 10}])
    member = make_member(database, program)
    buy(database, program, member.id)
    drain(database, settings)
    drain(database, settings)
    assert _awards(database, member.id) == 1
    assert len(_events(database, program, "badge.earned", member.id)) == 1


def test_another_programs_member_sees_no_badge_of_this_one(database: Database, program: Program) -> None:
    from tests.factories.programs import make_program

    make_badge(database, program, name="Ours", measure="purchase_count", levels=[{"name": "One", "threshold": 1}])
    other = make_program(database)
    stranger = make_member(database, other)
    buy(database, other, stranger.id)
    assert evaluate(database, other, stranger.id).badges_earned == []
    with unit_of_work(database, read_only=True) as session:
        assert gamification.member_badges(session=session, program=other, member_id=stranger.id).items == []


def test_a_redelivered_purchase_event_earns_and_pays_nothing_twice(database: Database, program: Program) -> None:
    from loyalty.events.subscribers import PublishedEvent
    from loyalty.worker import tasks_gamification

    make_badge(database, program, name="First purchase", measure="purchase_count",
               levels=[{"name": "Welcome", "threshold": 1, "points": 10}])
    member = make_member(database, program)
    purchase_id = buy(database, program, member.id)
    event = PublishedEvent(id=1, program_id=program.id, member_id=member.id, type="purchase.recorded",
                           occurred_at=clock.now(), recorded_at=clock.now(), actor="test",
                           payload={"purchase_id": purchase_id})
    before = _available(database, program, member.id)

    for _ in range(3):
        with unit_of_work(database) as session:
            tasks_gamification.handle(session, event)
    with unit_of_work(database) as session:
        tasks_gamification.subscriber.handle_all(session, [event, event, event])

    assert _awards(database, member.id) == 1
    assert len(_events(database, program, "badge.earned", member.id)) == 1
    assert _available(database, program, member.id) == before + 10


def test_a_review_in_the_app_earns_the_first_review_badge_once(database: Database, program: Program) -> None:
    from tests.factories.surveys import buy as buy_product
    from tests.factories.surveys import submit_review

    make_badge(database, program, name="First review", measure="event_count", event_type="review.submitted",
               levels=[{"name": "First review", "threshold": 1, "points": 20}])
    member = make_member(database, program)
    buy_product(database, program, member.id, "BEANS-1")
    buy_product(database, program, member.id, "BEANS-2")
    assert evaluate(database, program, member.id).badges_earned == []

    submit_review(database, program, member.id, "BEANS-1", rating=5)
    submit_review(database, program, member.id, "BEANS-2", rating=4)
    evaluate(database, program, member.id)
    evaluate(database, program, member.id)

    [earned] = _events(database, program, "badge.earned", member.id)
    assert earned["badge_name"] == "First review" and earned["points"] == 20
