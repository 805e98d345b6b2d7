from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from loyalty.ledger.domain import LotDebit, OpenLot, consume_lots, debt_cover, reversal_due, split_proportionally

JAN = datetime(2026, 1, 31, tzinfo=UTC)
MAR = datetime(2026, 3, 31, tzinfo=UTC)


def test_spending_takes_earliest_expiry_first_and_never_expiring_last() -> None:
    lots = [OpenLot(1, 50, None), OpenLot(2, 30, MAR), OpenLot(3, 20, JAN)]
    assert consume_lots(lots, 60) == [LotDebit(3, 20, JAN), LotDebit(2, 30, MAR), LotDebit(1, 10, None)]


def test_consumption_stops_at_what_the_lots_hold() -> None:
    assert sum(d.points for d in consume_lots([OpenLot(1, 5, None)], 9)) == 5


def test_split_sums_exactly_and_follows_weights() -> None:
    assert split_proportionally(10, {"a": 1, "b": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    assert split_proportionally(7, {1: 300, 2: 100}) == {1: 5, 2: 2}
    assert split_proportionally(5, {1: 0, 2: 10}) == {1: 0, 2: 5}


@given(st.integers(0, 10_000), st.dictionaries(st.integers(0, 20), st.integers(1, 10_000), min_size=1))
def test_split_is_exact_for_any_weights(total: int, weights: dict[int, int]) -> None:
    shares = split_proportionally(total, weights)
    assert sum(shares.values()) == total and all(share >= 0 for share in shares.values())


def test_reversal_is_cumulative_so_partial_refunds_add_up_to_all() -> None:
    assert reversal_due(100, 3333, 10000) == 33
    assert reversal_due(100, 6666, 10000) == 66
    assert reversal_due(100, 10000, 10000) == 100
    assert reversal_due(100, 12000, 10000) == 100


def test_debt_is_paid_first_from_new_points() -> None:
    assert debt_cover(50, -20) == 20
    assert debt_cover(10, -20) == 10
    assert debt_cover(10, 5) == 0
