from __future__ import annotations

import numpy as np

from loyalty.scoring import rfm


def test_ten_distinct_values_make_two_per_quintile() -> None:
    assert rfm.quintile_scores([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert rfm.quintile_scores([5, 1, 4, 2, 3], higher_is_better=False).tolist() == [1, 5, 2, 4, 3]


def test_equal_values_share_a_score_whatever_their_order() -> None:
    values = [1, 1, 1, 1, 1, 1, 2, 3, 3, 9]  # six one-off buyers
    scores = rfm.quintile_scores(values)
    assert scores.tolist() == [1, 1, 1, 1, 1, 1, 4, 4, 4, 5]
    shuffled = np.random.default_rng(0).permutation(10)
    assert rfm.quintile_scores(np.array(values)[shuffled]).tolist() == scores[shuffled].tolist()


def test_recency_frequency_and_spend_point_the_right_way() -> None:
    r, f, m = rfm.rfm_scores(days_since_last=[2, 300], purchases=[12, 1], spend=[90000, 1500])
    assert (r.tolist(), f.tolist(), m.tolist()) == ([3, 1], [3, 1], [3, 1])


def test_cells_follow_the_documented_grid() -> None:
    pairs = {(5, 5): "champions", (5, 4): "champions", (4, 4): "loyal", (3, 5): "loyal", (5, 1): "new",
             (4, 1): "promising", (5, 2): "potential_loyal", (4, 3): "potential_loyal", (3, 3): "need_attention",
             (3, 1): "about_to_sleep", (2, 3): "at_risk", (1, 4): "at_risk", (1, 5): "cannot_lose",
             (2, 2): "hibernating", (1, 1): "hibernating"}
    r, f = zip(*pairs, strict=True)
    assert rfm.rfm_cells(r, f).tolist() == list(pairs.values())
    every = rfm.rfm_cells(np.repeat(np.arange(1, 6), 5), np.tile(np.arange(1, 6), 5))
    assert set(every.tolist()) == set(rfm.CELLS)
