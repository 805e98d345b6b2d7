"""Gift redemptions racing each other, each thread its own unit of work committed for real: a
balance never goes below zero, a form token pays once, the last item goes to one gift."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from loyalty.db.engine import Database
from loyalty.kernel.errors import Conflict
from loyalty.programs.models import Program
from tests.factories import gift_vouchers as g
from tests.factories import rewards as r


def race(times: int, attempt: Callable[[int], Any]) -> list[Any]:
    """Run `attempt(i)` for i in range(times) on as many threads; a Conflict comes back as its code."""
    def guarded(index: int) -> Any:
        try:
            return attempt(index)
        except Conflict as refused:
            return refused.code

    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(guarded, range(times)))


def test_ten_redemptions_of_one_voucher_never_take_its_balance_below_zero(database: Database,
                                                                          program: Program) -> None:
    issued = g.issue_voucher(database, program, value=500)
    mug = r.make_reward(database, program, points_price=150)

    results = race(10, lambda _: g.gift_redeem(database, issued.id, mug.id, **g.physical()).points)

    assert Counter(results) == {150: 3, "insufficient_points": 7}
    assert g.voucher(database, program, issued.id).balance == 50
    movements = g.movements(database, program, issued.id)
    assert sum(m.amount for m in movements) == 50
    assert sorted(m.balance_after for m in movements if m.kind == "spend") == [50, 200, 350]
    assert r.reward(database, program, mug.id).redeemed_count == 3
    assert g.gift_problems(database) == []


def test_one_form_token_submitted_ten_times_at_once_pays_once(database: Database, program: Program) -> None:
    issued = g.issue_voucher(database, program, value=500)
    mug = r.make_reward(database, program, points_price=100, stock=5)

    results = race(10, lambda _: g.gift_redeem(database, issued.id, mug.id, request_key="double-click-0001",
                                               **g.physical()).id)

    assert len(set(results)) == 1 and isinstance(results[0], int)
    assert g.voucher(database, program, issued.id).balance == 400
    assert r.reward(database, program, mug.id).stock == 4
    assert g.gift_problems(database) == []


def test_ten_gifts_racing_for_the_last_item_one_gets_it(database: Database, program: Program) -> None:
    gifts = g.issue_vouchers(database, program, count=10, value=100)
    last = r.make_reward(database, program, points_price=100, stock=1)

    results = race(10, lambda i: g.gift_redeem(database, gifts[i].id, last.id, **g.physical()).points)

    assert Counter(results) == {100: 1, "out_of_stock": 9}
    assert sorted(g.voucher(database, program, v.id).balance for v in gifts) == [0] + [100] * 9
    assert r.reward(database, program, last.id).stock == 0
    assert g.gift_problems(database) == []
