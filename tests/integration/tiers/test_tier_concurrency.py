from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from threading import Barrier

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from loyalty.tiers import service as tiers
from loyalty.tiers.service import ReviewCounts
from tests.factories.members import make_member
from tests.factories.tiers import assign, freeze, make_levels, record, tier_events, tier_of

MARCH = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
AFTER_YEAR_END = datetime(2027, 1, 3, 6, 0, tzinfo=UTC)


def test_two_concurrent_review_runs_review_each_member_once(database: Database, program: Program) -> None:
    make_levels(database, program)
    freeze(MARCH)
    members = [make_member(database, program) for _ in range(12)]
    for member in members:
        assign(database, program, member.id, tier_code="gold")
    freeze(AFTER_YEAR_END)
    start = Barrier(2)

    def run(_: int) -> ReviewCounts:
        start.wait()
        with unit_of_work(database) as session:
            return tiers.review_tiers(session=session, program=program, now=AFTER_YEAR_END)

    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(run, range(2))

    assert first.reviewed + second.reviewed == 12
    assert first.downgraded + second.downgraded == 12
    for member in members:
        assert tier_of(database, program, member.id) == "silver"
        assert [payload["reason"] for _, payload in tier_events(database, program, member.id)] == \
            ["manual", "downgrade"]


def test_concurrent_purchases_that_cross_a_threshold_together_upgrade_once(
        database: Database, program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)
    start = Barrier(10)

    def purchase(index: int) -> str | None:
        start.wait()
        change = record(database, program, member.id, points=20, purchases=1, source=f"purchase:{index}")
        return None if change is None else change.to_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        changes = [code for code in pool.map(purchase, range(10)) if code is not None]

    # 10 × 20 = 200 points: silver (100) is crossed by exactly one of them, whichever came fifth.
    assert changes == ["silver"]
    assert tier_of(database, program, member.id) == "silver"
    assert [payload["value"] for _, payload in tier_events(database, program, member.id)] == [100]
