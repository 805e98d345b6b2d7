"""The periodic points jobs run by several workers at once (cron on every host, several server
processes), each with its own clock: every due lot is released or expired exactly once, no
run fails (PostgreSQL once found deadlocks here), stamp cards fill once, and the ledger stays
sound. Each thread is its own unit of work, committed for real, on both databases."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.ledger import service as ledger
from loyalty.ledger.models import LedgerEntry, LedgerTransaction, Lot
from loyalty.ledger.service import EarnAward
from loyalty.programs.models import Program
from loyalty.worker.scheduled import run_program_jobs
from tests.factories import rewards as reward_factories
from tests.factories.clock import at
from tests.factories.ledger import balance, give_points, verify_ok
from tests.factories.members import make_member
from tests.factories.programs import make_program

START = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)  # old lots, expiring from 5 February 10:00
BOUGHT = START + timedelta(days=20)  # purchases' lots: pending until 8 February 10:00 on, expiring 25 February
NOW = datetime(2026, 2, 10, 12, 0, tzinfo=UTC)  # everything above is due
MEMBERS = 24
WORKERS = 8


def moments(worker: int) -> list[datetime]:
    """The `now` of each of a worker's runs: workers on different hosts see different times, so
    they find different lots due. First some of the old lots have expired, then all of them and
    some of the purchases' lots are due, then everything."""
    step = timedelta(minutes=2 * MEMBERS // WORKERS * worker)
    return [START + timedelta(days=31) + step, BOUGHT + timedelta(days=14) + step, NOW]


@dataclass
class Expected:
    available: int = 0
    expired: int = 0
    lots_released: set[int] = field(default_factory=set)
    lots_expired: set[int] = field(default_factory=set)


def _lot_ids(database: Database, member_id: int) -> list[int]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(Lot.id).where(Lot.member_id == member_id).order_by(Lot.id)))


def _members_with_due_lots(database: Database, program: Program) -> dict[int, Expected]:
    """Members whose lots fall due in an interleaved order (member 1, 2, …, 1, 2, …), so that
    workers walking the due lots move from wallet to wallet and back: each has two old lots,
    partly spent, expiring before NOW, and two purchases' lots whose return window ends before
    NOW. One more member owes points from a refund, which their released points pay first."""
    members = [make_member(database, program).id for _ in range(MEMBERS)]
    expected = {member_id: Expected() for member_id in members}
    for round_ in range(2):
        for index, member_id in enumerate(members):
            with at(START + timedelta(minutes=round_ * MEMBERS + index)):
                give_points(database, program, member_id, 100)
    for index, member_id in enumerate(members):
        with at(START + timedelta(days=1)):
            _spend(database, program, member_id, 10 + index)
        expected[member_id].expired = 200 - (10 + index)
        expected[member_id].lots_expired = set(_lot_ids(database, member_id))
    for round_ in range(2):
        for index, member_id in enumerate(members):
            points = 20 + index + round_
            with at(BOUGHT + timedelta(minutes=round_ * MEMBERS + index)):
                give_points(database, program, member_id, points, purchase_id=1000 * round_ + index + 1)
            expected[member_id].available += points
    for member_id in members:
        expected[member_id].lots_released = set(_lot_ids(database, member_id)) - expected[member_id].lots_expired

    debtor = make_member(database, program).id
    with unit_of_work(database) as session:
        ledger.reverse_earned(session=session, program=program, member_id=debtor, purchase_id=None,
                              reversals=[EarnAward("points", 30, None, None)], actor="test", reason="refund")
    with at(BOUGHT):
        give_points(database, program, debtor, 50, purchase_id=5000)
    expected[debtor] = Expected(available=20, lots_released=set(_lot_ids(database, debtor)))
    return expected


def _spend(database: Database, program: Program, member_id: int, points: int) -> None:
    with unit_of_work(database) as session:
        ledger.spend(session=session, program=program, member_id=member_id, unit="points", points=points,
                     actor="test")


def _all_at_once(job: Callable[[datetime], Any]) -> list[Any]:
    """Run `job(now)` at each of its `moments` on each of WORKERS threads released together;
    what each call gave back, or the exception it raised."""
    start = threading.Barrier(WORKERS)

    def worker(index: int) -> list[Any]:
        start.wait()
        outcomes: list[Any] = []
        for now in moments(index):
            try:
                outcomes.append(job(now))
            except Exception as error:  # noqa: BLE001 - the test reports every failure
                outcomes.append(error)
        return outcomes

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return [outcome for outcomes in pool.map(worker, range(WORKERS)) for outcome in outcomes]


def _entries_per_lot(database: Database, program: Program, kind: str) -> Counter[int]:
    """How many ledger entries transactions of `kind` wrote on each lot (two per release or expiry)."""
    with unit_of_work(database, read_only=True) as session:
        rows = session.execute(
            select(LedgerEntry.lot_id, func.count())
            .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
            .where(LedgerTransaction.program_id == program.id, LedgerTransaction.kind == kind)
            .group_by(LedgerEntry.lot_id)
        ).all()
    return Counter({lot_id: int(count) for lot_id, count in rows if lot_id is not None})


def _assert_each_lot_moved_once(database: Database, program: Program, expected: dict[int, Expected],
                                released: int, expired: int) -> None:
    to_release = set().union(*(e.lots_released for e in expected.values()))
    to_expire = set().union(*(e.lots_expired for e in expected.values()))
    assert (released, expired) == (len(to_release), len(to_expire))
    assert _entries_per_lot(database, program, "release") == Counter({lot_id: 2 for lot_id in to_release})
    assert _entries_per_lot(database, program, "expire") == Counter({lot_id: 2 for lot_id in to_expire})
    for member_id, wanted in expected.items():
        after = balance(database, program, member_id)
        assert (after.available, after.pending, after.expired) == (wanted.available, 0, wanted.expired), member_id
    assert verify_ok(database) == []


def test_workers_running_the_ledger_jobs_at_once_move_each_lot_once(database: Database) -> None:
    program = make_program(database, pending_days=14, expiry_policy={"kind": "months_after_earning", "months": 1})
    expected = _members_with_due_lots(database, program)

    def run(now: datetime) -> ledger.JobCounts:
        with unit_of_work(database) as session:
            return ledger.run_due_jobs(session=session, program=program, now=now)

    outcomes = _all_at_once(run)

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    _assert_each_lot_moved_once(database, program, expected, released=sum(o.released for o in outcomes),
                                expired=sum(o.expired for o in outcomes))


def test_workers_running_every_job_at_once_move_each_lot_once(database: Database) -> None:
    """The same through the jobs' entry point (`loyalty jobs run`, the server's scheduler)."""
    program = make_program(database, pending_days=14, expiry_policy={"kind": "months_after_earning", "months": 1})
    expected = _members_with_due_lots(database, program)

    outcomes = _all_at_once(lambda now: run_program_jobs(database, program.id, now=now))

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    _assert_each_lot_moved_once(database, program, expected,
                                released=sum(o["points_released"] for o in outcomes),
                                expired=sum(o["lots_expired"] for o in outcomes))


def test_workers_running_every_job_at_once_fill_each_stamp_card_once(database: Database) -> None:
    """Releasing stamps fills stamp cards in the same unit of work (the worker's points job)."""
    program = make_program(database, units=["points", "stamps"], pending_days=14)
    campaign = reward_factories.make_coupon_campaign(database, program, codes=MEMBERS)
    reward_factories.make_reward(database, program, kind="stamp_card", voucher_campaign_id=campaign.id,
                                 points_price=10)
    members = [make_member(database, program).id for _ in range(MEMBERS)]
    available_at_once: set[int] = set()
    for round_ in range(2):
        for index, member_id in enumerate(members):
            with at(BOUGHT + timedelta(minutes=round_ * MEMBERS + index)):
                give_points(database, program, member_id, 1 + round_ * 5, unit="stamps")  # a wallet, at once
                available_at_once.add(max(_lot_ids(database, member_id)))
                give_points(database, program, member_id, 5, unit="stamps", purchase_id=1000 * round_ + index + 1)

    outcomes = _all_at_once(lambda now: run_program_jobs(database, program.id, now=now))

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    assert sum(o["stamp_cards_filled"] for o in outcomes) == MEMBERS
    # Filling a card first releases the member's stamps due by the wall clock, so the jobs'
    # count is not every release: the lots say it instead.
    pending_lots = {lot_id for member_id in members for lot_id in _lot_ids(database, member_id)} - available_at_once
    assert _entries_per_lot(database, program, "release") == Counter({lot_id: 2 for lot_id in pending_lots})
    stamps = [balance(database, program, member_id, unit="stamps") for member_id in members]
    assert {(b.available, b.pending, b.spent) for b in stamps} == {(7, 0, 10)}
    assert verify_ok(database) == []


def test_a_job_leaves_a_member_whose_wallet_a_request_holds_and_waits_for_nobody(database: Database) -> None:
    if database.dialect == "sqlite":
        pytest.skip("SQLite runs one writer at a time: a job waits for the request to end")
    program = make_program(database, pending_days=14)
    busy, idle = make_member(database, program), make_member(database, program)
    for member in (busy, idle):
        with at(BOUGHT):
            give_points(database, program, member.id, 10)  # a welcome bonus: each has a wallet
            give_points(database, program, member.id, 40, purchase_id=member.id)

    def run() -> ledger.JobCounts:
        with unit_of_work(database) as session:
            return ledger.run_due_jobs(session=session, program=program, now=NOW)

    # The request's unit ends first (rolled back if the job timed out), so a waiting job never hangs the test.
    with ThreadPoolExecutor(max_workers=1) as pool, unit_of_work(database) as request:
        ledger.adjust(session=request, program=program, member_id=busy.id, unit="points", points=5,
                      reason="goodwill", actor="agent")  # holds the busy member's wallet until it commits
        during = pool.submit(run).result(timeout=30)
    after = run()

    assert (during.released, after.released) == (1, 1)
    assert [balance(database, program, m.id).available for m in (busy, idle)] == [55, 50]
    assert verify_ok(database) == []
