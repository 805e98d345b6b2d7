"""Offline ranking metrics at k, averaged over the users with something to find (pure)."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figures:
    precision: float
    recall: float
    ndcg: float
    users: int


def precision_at_k(recommended: Sequence[int], relevant: Collection[int], k: int) -> float:
    """Hits in the first k, over k (a list shorter than k is not rewarded for it)."""
    return sum(1 for item in recommended[:k] if item in relevant) / k


def recall_at_k(recommended: Sequence[int], relevant: Collection[int], k: int) -> float:
    """Hits in the first k, over the relevant items (0 when there are none)."""
    if not relevant:
        return 0.0
    return sum(1 for item in recommended[:k] if item in relevant) / len(relevant)


def ndcg_at_k(recommended: Sequence[int], relevant: Collection[int], k: int) -> float:
    """Binary-relevance discounted gain of the first k over the best possible (min(k, |relevant|) hits on top)."""
    if not relevant:
        return 0.0
    gain = sum(1.0 / math.log2(position + 2) for position, item in enumerate(recommended[:k]) if item in relevant)
    ideal = sum(1.0 / math.log2(position + 2) for position in range(min(k, len(relevant))))
    return gain / ideal


def evaluate(recommended: Mapping[int, Sequence[int]], relevant: Mapping[int, Collection[int]], k: int = 10
             ) -> Figures:
    """Mean precision, recall and NDCG at k over the users of `relevant` with at least one item
    (a user the model gave no list to counts as all misses)."""
    users = [user for user, items in relevant.items() if items]
    if not users:
        return Figures(0.0, 0.0, 0.0, 0)
    totals = [0.0, 0.0, 0.0]
    for user in users:
        found = recommended.get(user, [])
        truth = relevant[user]
        totals[0] += precision_at_k(found, truth, k)
        totals[1] += recall_at_k(found, truth, k)
        totals[2] += ndcg_at_k(found, truth, k)
    return Figures(totals[0] / len(users), totals[1] / len(users), totals[2] / len(users), len(users))
