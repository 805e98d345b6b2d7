"""Redemptions racing each other: limits hold, codes are never handed out twice, nothing is
returned twice. Each thread is its own unit of work, committed for real."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import func, select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.kernel.errors import Conflict
from loyalty.programs.models import Program
from loyalty.rewards import service
from loyalty.rewards.schemas import RedemptionCreate, StatusChange
from tests.factories import rewards as f
from tests.factories.ledger import balance, give_points, verify_ok
from tests.factories.members import make_member


def race(times: int, attempt: Callable[[int], Any]) -> list[Any]:
    """Run `attempt(i)` for i in range(times) on as many threads; a Conflict comes back as its code."""
    def guarded(index: int) -> Any:
        try:
            return attempt(index)
        except Conflict as refused:
            return refused.code

    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(guarded, range(times)))


def redeem_in_own_unit(database: Database, program: Program, member_id: int, reward_id: int) -> str | None:
    with unit_of_work(database) as session:
        return service.redeem(session=session, program=program, member_id=member_id, actor="test",
                              data=RedemptionCreate.model_validate({"reward_id": reward_id,
                                                                    "delivery_address": f.HOME})).code


def test_twenty_members_racing_for_the_last_item_one_gets_it(database: Database, program: Program) -> None:
    last = f.make_reward(database, program, points_price=100, stock=1)
    racers = [make_member(database, program) for _ in range(20)]
    for member in racers:
        give_points(database, program, member.id, 100)

    results = race(20, lambda i: redeem_in_own_unit(database, program, racers[i].id, last.id))

    assert Counter(results) == {None: 1, "out_of_stock": 19}  # the winner's physical item has no code
    assert sorted(balance(database, program, m.id).available for m in racers) == [0] + [100] * 19
    assert (f.reward(database, program, last.id).stock, f.reward(database, program, last.id).redeemed_count) == (0, 1)
    assert verify_ok(database) == []


def test_one_member_racing_a_limit_of_one_redeems_once(database: Database, program: Program) -> None:
    once = f.make_reward(database, program, kind="donation", cause_id=f.make_cause(database, program).id,
                         points_price=10, limit_per_member=1)
    member = make_member(database, program)
    give_points(database, program, member.id, 1000)

    def donate(_: int) -> str:
        with unit_of_work(database) as session:
            service.redeem(session=session, program=program, member_id=member.id, actor="test",
                           data=RedemptionCreate(reward_id=once.id))
        return "ok"

    assert Counter(race(10, donate)) == {"ok": 1, "member_limit_reached": 9}
    assert balance(database, program, member.id).available == 990
    assert f.cause(database, program, once.cause_id or 0).points_total == 10


def test_a_pool_hands_out_distinct_codes_under_concurrency_and_warns_once(database: Database,
                                                                         program: Program) -> None:
    codes = [f"PARTNER-{n:04d}" for n in range(25)]
    pool = f.make_code_pool(database, program, codes=codes, low_threshold=10)
    voucher = f.make_reward(database, program, kind="e_voucher", code_pool_id=pool.id, points_price=10)
    racers = [make_member(database, program) for _ in range(20)]
    for member in racers:
        give_points(database, program, member.id, 10)

    def take(i: int) -> str | None:
        with unit_of_work(database) as session:
            return service.redeem(session=session, program=program, member_id=racers[i].id, actor="test",
                                  data=RedemptionCreate(reward_id=voucher.id)).code

    handed = race(20, take)

    assert len(set(handed)) == 20 and set(handed) <= set(codes)
    assert f.code_pool(database, program, pool.id).codes_used == 20
    assert f.reward(database, program, voucher.id).redeemed_count == 20
    with unit_of_work(database, read_only=True) as session:
        warnings = session.scalar(select(func.count()).select_from(Event).where(
            Event.program_id == program.id, Event.type == "code_pool.low"))
    assert warnings == 1
    assert verify_ok(database) == []


def test_members_racing_for_a_coupon_campaigns_last_code_are_told_it_is_out_of_stock(
        database: Database, program: Program) -> None:
    campaign = f.make_coupon_campaign(database, program, codes=1)
    coupon = f.make_reward(database, program, kind="coupon", voucher_campaign_id=campaign.id, points_price=50)
    racers = [make_member(database, program) for _ in range(10)]
    for member in racers:
        give_points(database, program, member.id, 50)

    def take(i: int) -> str | None:
        with unit_of_work(database) as session:
            return service.redeem(session=session, program=program, member_id=racers[i].id, actor="test",
                                  data=RedemptionCreate(reward_id=coupon.id)).code

    results = race(10, take)

    winners = [code for code in results if code != "out_of_stock"]
    assert len(winners) == 1 and winners[0] is not None and winners[0].startswith("FREE-")
    assert Counter(results)["out_of_stock"] == 9
    assert sorted(balance(database, program, m.id).available for m in racers) == [0] + [50] * 9
    assert f.reward(database, program, coupon.id).redeemed_count == 1
    assert verify_ok(database) == []


def test_a_cancellation_raced_by_itself_returns_the_points_once(database: Database, program: Program) -> None:
    member = make_member(database, program, address=f.HOME)
    give_points(database, program, member.id, 300)
    mug = f.make_reward(database, program, points_price=300, stock=3)
    redemption = f.redeem(database, program, member.id, mug.id)

    def cancel(_: int) -> str:
        with unit_of_work(database) as session:
            return service.change_status(session=session, program=program, redemption_id=redemption.id,
                                         data=StatusChange(status="cancelled"), actor="test").status

    results = race(8, cancel)

    assert Counter(results) == {"cancelled": 1, "transition_not_allowed": 7}
    assert balance(database, program, member.id).available == 300
    assert f.reward(database, program, mug.id).stock == 3
    assert verify_ok(database) == []
