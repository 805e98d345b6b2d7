"""The offline metrics on a case small enough to work out by hand."""

from __future__ import annotations

import math

import pytest

from loyalty.recommendations.metrics import evaluate, ndcg_at_k, precision_at_k, recall_at_k


def test_precision_recall_and_ndcg_of_one_list() -> None:
    recommended = [5, 1, 7, 2]          # hits at positions 2 and 4 (1 and 2)
    relevant = {1, 2, 3}
    assert precision_at_k(recommended, relevant, 4) == 0.5
    assert recall_at_k(recommended, relevant, 4) == pytest.approx(2 / 3)
    gain = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at_k(recommended, relevant, 4) == pytest.approx(gain / ideal)


def test_only_the_first_k_count_and_a_short_list_is_not_rewarded() -> None:
    assert precision_at_k([1, 9, 9, 2], {1, 2}, 2) == 0.5
    assert precision_at_k([1], {1}, 10) == 0.1
    assert ndcg_at_k([1, 2], {1, 2}, 10) == pytest.approx(1.0)
    assert recall_at_k([1], set(), 10) == 0.0 and ndcg_at_k([1], set(), 10) == 0.0


def test_evaluate_averages_over_users_with_something_to_find() -> None:
    figures = evaluate({1: [10, 11], 2: [20]}, {1: {10}, 2: {99}, 3: set(), 4: {40}}, k=2)
    # users 1, 2 and 4 (4 got no list: all misses); user 3 has nothing to find
    assert figures.users == 3
    assert figures.precision == pytest.approx((0.5 + 0 + 0) / 3)
    assert figures.recall == pytest.approx((1 + 0 + 0) / 3)
    assert figures.ndcg == pytest.approx((1 + 0 + 0) / 3)
