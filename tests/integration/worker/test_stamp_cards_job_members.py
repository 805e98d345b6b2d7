"""Which members the points job fills stamp cards for: exactly those whose stamps its release
made available (the ledger reports them per unit), and never one whose accounts a request
holds, which it leaves to the next run without waiting for it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.ledger import repository as ledger_repository
from loyalty.ledger import service as ledger
from loyalty.ledger.models import PENDING, WALLET, Account
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, PurchaseLineIn
from loyalty.rewards import repository as rewards_repository
from loyalty.rewards import service as rewards
from loyalty.rewards.models import Redemption
from loyalty.vouchers import service as vouchers
from loyalty.worker.scheduled import run_program_jobs
from tests.factories import rewards as reward_factories
from tests.factories.clock import at
from tests.factories.ledger import balance, give_points, verify_ok
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.rules import make_rule

CARD_SIZE = 10


def _three_weeks_ago() -> datetime:
    return clock.now() - timedelta(days=21)


def stamp_card_program(database: Database) -> Program:
    """Stamps pending for a 14-day return window; ten fill a card worth a free coffee."""
    program = make_program(database, units=["points", "stamps"], pending_days=14)
    campaign = reward_factories.make_coupon_campaign(database, program, codes=5)
    reward_factories.make_reward(database, program, kind="stamp_card", voucher_campaign_id=campaign.id,
                                 points_price=CARD_SIZE)
    return program


def coupons_of(database: Database, program: Program, member_id: int) -> int:
    with unit_of_work(database, read_only=True) as session:
        return len(vouchers.member_vouchers(session=session, program=program, member_id=member_id).items)


def stamp_account(database: Database, program: Program, member_id: int, kind: str) -> int:
    with unit_of_work(database) as session:
        return ledger_repository.member_account_ids(session, program.id, member_id, "stamps")[kind]


def hold(session: Session, account_id: int) -> None:
    """What a request that changes the account does: lock it until its unit of work ends."""
    session.execute(select(Account.id).where(Account.id == account_id).with_for_update())


def is_free(database: Database, account_id: int) -> bool:
    """Whether no other transaction holds the account (asked without waiting)."""
    with unit_of_work(database) as probe:
        return probe.scalars(select(Account.id).where(Account.id == account_id)
                             .with_for_update(skip_locked=True)).first() is not None


def test_the_release_reports_per_unit_the_members_whose_lots_it_released(database: Database) -> None:
    program = stamp_card_program(database)
    stamps_only, points_only, both, not_yet, at_once = (make_member(database, program).id for _ in range(5))
    with at(_three_weeks_ago()):
        give_points(database, program, stamps_only, 3, unit="stamps", purchase_id=1)
        give_points(database, program, points_only, 30, purchase_id=2)
        give_points(database, program, both, 3, unit="stamps", purchase_id=3)
        give_points(database, program, both, 30, purchase_id=3)
        give_points(database, program, at_once, 3, unit="stamps")  # available at once: nothing to release
    give_points(database, program, not_yet, 3, unit="stamps", purchase_id=4)  # pending two more weeks

    with unit_of_work(database) as session:
        counts = ledger.run_due_jobs(session=session, program=program)

    assert counts.released == 4
    assert counts.released_members == {"points": {points_only, both}, "stamps": {stamps_only, both}}


def test_a_job_run_fills_the_cards_of_exactly_the_members_whose_stamps_it_released(
        database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    program = stamp_card_program(database)
    filling, short, already_available, not_yet = (make_member(database, program).id for _ in range(4))
    with at(_three_weeks_ago()):
        give_points(database, program, filling, CARD_SIZE, unit="stamps", purchase_id=1)
        give_points(database, program, short, 4, unit="stamps", purchase_id=2)
        give_points(database, program, already_available, CARD_SIZE, unit="stamps")  # its card waits for a purchase
    give_points(database, program, not_yet, CARD_SIZE, unit="stamps", purchase_id=3)
    looked_at: list[int] = []
    lock = ledger.lock_member_unless_busy

    def recording(**arguments: Any) -> bool:
        looked_at.append(arguments["member_id"])
        return lock(**arguments)

    monkeypatch.setattr(ledger, "lock_member_unless_busy", recording)

    counts = run_program_jobs(database, program.id)

    assert (counts["points_released"], counts["stamp_cards_filled"]) == (2, 1)
    assert looked_at == [filling, short]
    assert [coupons_of(database, program, m) for m in (filling, short, already_available, not_yet)] == [1, 0, 0, 0]
    assert verify_ok(database) == []


@pytest.mark.parametrize("held", [WALLET, PENDING])
def test_a_job_run_leaves_a_member_whose_stamps_a_transaction_holds_to_the_next_run_without_waiting(
        database: Database, held: str) -> None:
    if database.dialect == "sqlite":
        pytest.skip("SQLite runs one writer at a time: a job waits for the request to end")
    program = stamp_card_program(database)
    busy, idle = make_member(database, program).id, make_member(database, program).id
    with at(_three_weeks_ago()):
        for member_id in (busy, idle):
            give_points(database, program, member_id, CARD_SIZE, unit="stamps", purchase_id=member_id)
    busy_account = stamp_account(database, program, busy, held)

    # The request's unit ends first (committed, or rolled back if the job timed out), so a job
    # that waited would never hang the test: it fails with the timeout instead.
    with ThreadPoolExecutor(max_workers=1) as pool, unit_of_work(database) as request:
        hold(request, busy_account)
        during = pool.submit(run_program_jobs, database, program.id).result(timeout=20)
        busy_during = balance(database, program, busy, unit="stamps")
    after = run_program_jobs(database, program.id)

    assert (during["points_released"], during["stamp_cards_filled"]) == (1, 1)
    assert [coupons_of(database, program, m) for m in (busy, idle)] == [1, 1]
    assert (busy_during.available, busy_during.pending) == (0, CARD_SIZE)
    assert (after["points_released"], after["stamp_cards_filled"]) == (1, 1)
    stamps = balance(database, program, busy, unit="stamps")
    assert (stamps.available, stamps.pending, stamps.spent) == (0, 0, CARD_SIZE)
    assert verify_ok(database) == []


def test_filling_cards_skips_a_member_a_transaction_holds_and_keeps_no_lock_of_theirs(database: Database) -> None:
    if database.dialect == "sqlite":
        pytest.skip("SQLite runs one writer at a time: a filler waits for the request to end")
    program = stamp_card_program(database)
    busy, idle = make_member(database, program).id, make_member(database, program).id
    for member_id in (busy, idle):
        give_points(database, program, member_id, CARD_SIZE, unit="stamps")
    busy_pending, busy_wallet = (stamp_account(database, program, busy, kind) for kind in (PENDING, WALLET))

    def fill() -> tuple[int, bool]:
        with unit_of_work(database) as session:
            issued = rewards.fill_stamp_cards(session=session, program=program, member_ids=[busy, idle],
                                              actor="job:stamp_cards")
            return len(issued), is_free(database, busy_wallet)  # asked while the filler's unit is open

    with ThreadPoolExecutor(max_workers=1) as pool, unit_of_work(database) as request:
        hold(request, busy_pending)
        filled, wallet_left_free = pool.submit(fill).result(timeout=20)
    with unit_of_work(database) as session:
        later = [redemption.member_id for redemption in rewards.fill_stamp_cards(
            session=session, program=program, member_ids=[busy, idle], actor="job:stamp_cards")]

    assert (filled, wallet_left_free) == (1, True)
    assert later == [busy]
    assert [coupons_of(database, program, m) for m in (busy, idle)] == [1, 1]
    assert verify_ok(database) == []


def test_purchases_and_job_runs_racing_fill_every_card_once_and_never_deadlock(database: Database) -> None:
    """Purchases that fill their member's cards (their accounts, then each card's reward row in
    id order) race job runs filling the cards of the members they release, over two cards: no
    unit of work fails, and each member's stamps fill cards exactly as far as they reach."""
    program = make_program(database, units=["points", "stamps"], pending_days=14)
    make_rule(database, program, unit="stamps",
              effect={"kind": "per_item", "points": 1,
                      "line_condition": {"field": "line.category", "op": "eq", "value": "coffee"}})
    sizes = {}
    for size in (7, 5):
        campaign = reward_factories.make_coupon_campaign(database, program, codes=40)
        card = reward_factories.make_reward(database, program, kind="stamp_card", voucher_campaign_id=campaign.id,
                                            points_price=size)
        sizes[card.id] = size
    members = [make_member(database, program).id for _ in range(12)]
    then = _three_weeks_ago()
    with at(then):
        for lot in range(3):
            for member_id in members:
                give_points(database, program, member_id, 3, unit="stamps", purchase_id=100 * lot + member_id)

    def buy(member_id: int) -> object:
        receipt = PurchaseCreate(member=MemberRef(id=member_id), occurred_at=then,  # its stamps available at once
                                 lines=[PurchaseLineIn(sku="CAP", category="coffee", quantity=3, unit_price=1200)])
        with unit_of_work(database) as session:
            return purchases.record_purchase(session=session, program=program, actor="test", data=receipt)

    tasks: list[Callable[[], object]] = []
    for member_id in members:
        tasks += [partial(buy, member_id), partial(buy, member_id)]
        if member_id % 3 == 0:
            tasks.append(partial(run_program_jobs, database, program.id))
    start = threading.Barrier(8)

    def worker(index: int) -> list[object]:
        start.wait()
        outcomes: list[object] = []
        for task in tasks[index::8]:
            try:
                outcomes.append(task())
            except Exception as error:  # noqa: BLE001 - the test reports every failure
                outcomes.append(error)
        return outcomes

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = [outcome for outcomes in pool.map(worker, range(8)) for outcome in outcomes]

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    with unit_of_work(database, read_only=True) as session:
        redeemed = session.execute(select(Redemption.member_id, Redemption.reward_id)
                                   .where(Redemption.program_id == program.id)).all()
    for member_id in members:
        stamps = balance(database, program, member_id, unit="stamps")
        cards = [sizes[reward_id] for holder, reward_id in redeemed if holder == member_id]
        assert (stamps.pending, stamps.available + stamps.spent, stamps.spent) == (0, 15, sum(cards)), member_id
        assert stamps.available < min(sizes.values()), member_id
        assert coupons_of(database, program, member_id) == len(cards)
    assert verify_ok(database) == []


def test_a_job_run_takes_the_cards_in_the_order_a_purchase_does(database: Database) -> None:
    """A purchase fills its member's cards in id order. A run that filled a later card for one
    member and then waited for an earlier card a purchase holds, while the purchase went on to
    the later card, would deadlock: the run goes card by card instead."""
    if database.dialect == "sqlite":
        pytest.skip("SQLite runs one writer at a time: a job waits for the request to end")
    program = make_program(database, units=["points", "stamps"], pending_days=14)
    first, second = (reward_factories.make_reward(
        database, program, kind="stamp_card", points_price=5, limit_per_member=limit,
        voucher_campaign_id=reward_factories.make_coupon_campaign(database, program, codes=5).id).id
        for limit in (1, None))
    used_up, filling = make_member(database, program).id, make_member(database, program).id
    give_points(database, program, used_up, 5, unit="stamps")
    with unit_of_work(database) as session:  # the first card once, as far as it allows
        assert len(rewards.check_stamp_cards(session=session, program=program, member_id=used_up,
                                             actor="test").issued) == 1
    with at(_three_weeks_ago()):
        for member_id in (used_up, filling):
            give_points(database, program, member_id, 5, unit="stamps", purchase_id=member_id)

    # A purchase filling both cards for a third member takes their rows as its redemptions do.
    with ThreadPoolExecutor(max_workers=1) as pool, rolled_back(database) as purchase:
        assert rewards_repository.consume_reward(purchase, reward_id=first)
        run = pool.submit(run_program_jobs, database, program.id)
        wait_until_someone_waits_for_a_lock(database, run)
        assert rewards_repository.consume_reward(purchase, reward_id=second)
    counts = run.result(timeout=20)

    assert (counts["points_released"], counts["stamp_cards_filled"]) == (2, 2)
    with unit_of_work(database, read_only=True) as session:
        filled = session.execute(select(Redemption.member_id, Redemption.reward_id)
                                 .where(Redemption.program_id == program.id).order_by(Redemption.id)).all()
    assert [tuple(row) for row in filled] == [(used_up, first), (filling, first), (used_up, second)]
    assert verify_ok(database) == []


@contextmanager
def rolled_back(database: Database) -> Iterator[Session]:
    """A unit of work that ends in a rollback, whatever happens in it."""
    session = database.sessions()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def wait_until_someone_waits_for_a_lock(database: Database, run: Future[Any]) -> None:
    """Until a session of this database waits for a lock (the job reached the purchase's row),
    or the job has ended."""
    for _ in range(400):
        if run.done():
            return
        with unit_of_work(database, read_only=True) as session:
            if session.scalar(text("SELECT count(*) FROM pg_stat_activity "
                                   "WHERE datname = current_database() AND wait_event_type = 'Lock'")):
                return
        threading.Event().wait(0.05)
    raise AssertionError("the job neither ended nor waited for a lock")
