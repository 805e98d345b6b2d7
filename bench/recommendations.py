"""Personal recommendations measured offline: item-item CF against the popularity baseline.

    pip install --no-deps recbole        # for its MovieLens 100k files only; not a project dependency
    python bench/recommendations.py      # the demo data and MovieLens 100k
    python bench/recommendations.py --movielens /path/to/ml-100k.inter

Two time-based splits, both printed:
- global: everything before one cut-off (the 80th percentile of the timestamps) trains, and the
  items each user first takes after it are what the model should have found; the strictest
  (nothing from the future trains), as the nightly run is used, but on MovieLens 100k only about
  a hundred users rated both before and after such a cut-off;
- per user: each user's latest 20 % of events (by time) are held out, the rest train; every user
  is scored, but other users' later events are in the training set.
Only users with history before their cut-off and something new after it are scored.
Both models run through loyalty.recommendations.domain with the same rule (no item the user
took before unless it is bought again), so the only difference is how the list is chosen.
Prints precision@10, recall@10 and NDCG@10 for both and the ratio.
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from loyalty.recommendations import domain
from loyalty.recommendations.metrics import Figures, evaluate

K = 10


Events = list[tuple[int, int, float]]
Split = tuple[domain.Interactions, dict[int, set[int]]]


def global_split(events: Events, quantile: float = 0.8) -> Split:
    """(user, item, time) events: the training triples before one cut-off for all, and per user
    the items first taken after it."""
    cutoff = float(np.quantile(np.array([moment for _user, _item, moment in events]), quantile))
    return _split(events, lambda _user: cutoff)


def per_user_split(events: Events, held_out: float = 0.2) -> Split:
    """Each user's own cut-off: the time of their first event among their latest `held_out` share."""
    times: dict[int, list[float]] = defaultdict(list)
    for user, _item, moment in events:
        times[user].append(moment)
    cutoffs = {}
    for user, moments in times.items():
        moments.sort()
        cutoffs[user] = moments[min(len(moments) - 1, int(round(len(moments) * (1 - held_out))))]
    return _split(events, cutoffs.__getitem__)


def _split(events: Events, cutoff_of: Callable[[int], float]) -> Split:
    counts: dict[tuple[int, int], float] = defaultdict(float)
    later: dict[int, set[int]] = defaultdict(set)
    for user, item, moment in events:
        if moment < cutoff_of(user):
            counts[(user, item)] += 1
    trained = {user for user, _item in counts}
    for user, item, moment in events:
        if moment >= cutoff_of(user) and user in trained and (user, item) not in counts:
            later[user].add(item)
    users = max(user for user, _item, _moment in events) + 1
    items = max(item for _user, item, _moment in events) + 1
    keys = np.array(list(counts), dtype=np.int64).reshape(-1, 2)
    interactions = domain.Interactions(users=keys[:, 0], items=keys[:, 1],
                                       counts=np.array(list(counts.values())), n_users=users, n_items=items)
    return interactions, dict(later)


def _measure(name: str, events: Events, settings: domain.Settings) -> None:
    for label, split in (("global time cut-off", global_split), ("per-user time split", per_user_split)):
        _measure_split(f"{name}, {label}", split(events), settings)


def _measure_split(name: str, split: Split, settings: domain.Settings) -> None:
    started = time.perf_counter()
    interactions, truth = split
    model = domain.fit(interactions, settings)
    users = sorted(truth)
    personal = {each.user: each.items for each in domain.recommend(model, users, limit=K)}
    popular = {each.user: each.items for each in domain.recommend(model, users, limit=K, popular_only=True)}
    cf, baseline = evaluate(personal, truth, K), evaluate(popular, truth, K)
    print(f"\n{name}: {interactions.counts.size:,} training pairs, {interactions.n_items:,} items, "
          f"{cf.users:,} users scored ({time.perf_counter() - started:.1f} s)")
    _row("item-item CF", cf)
    _row("popularity", baseline)
    ratio = cf.precision / baseline.precision if baseline.precision else float("inf")
    print(f"  precision@{K} ratio CF / popularity: {ratio:.2f}x")


def _row(label: str, figures: Figures) -> None:
    print(f"  {label:<14} precision@{K} {figures.precision:.4f}  recall@{K} {figures.recall:.4f}  "
          f"NDCG@{K} {figures.ndcg:.4f}")


def _movielens_path(given: str | None) -> Path | None:
    if given:
        return Path(given)
    spec = importlib.util.find_spec("recbole")  # finds the package without importing it (and torch)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "dataset_example" / "ml-100k" / "ml-100k.inter"


def movielens_events(path: Path) -> Events:
    """RecBole's atomic file: user_id, item_id, rating, timestamp (tab-separated, a header line);
    every rating is one implicit 'took it' event."""
    users: dict[str, int] = {}
    items: dict[str, int] = {}
    events = []
    with path.open(encoding="utf-8") as lines:
        next(lines)
        for line in lines:
            user, item, _rating, moment = line.rstrip("\n").split("\t")
            events.append((users.setdefault(user, len(users)), items.setdefault(item, len(items)), float(moment)))
    return events


def demo_events(members: int, purchases: int) -> Events:
    """The demo generator's receipts (members only): each line one (member, SKU, time) event."""
    from loyalty.demo.generator import generate

    data = generate(members=members, purchases=purchases, now=datetime(2026, 6, 1, tzinfo=UTC))
    skus: dict[str, int] = {}
    return [(purchase.member_index, skus.setdefault(line.sku, len(skus)), purchase.occurred_at.timestamp())
            for purchase in data.purchases if purchase.member_index is not None for line in purchase.lines]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--movielens", help="ml-100k.inter (default: the one inside the installed recbole)")
    parser.add_argument("--demo-members", type=int, default=2_000)
    parser.add_argument("--demo-purchases", type=int, default=30_000)
    args = parser.parse_args()
    settings = domain.Settings()
    _measure(f"Demo data ({args.demo_members:,} members, {args.demo_purchases:,} receipts)",
             demo_events(args.demo_members, args.demo_purchases), settings)
    path = _movielens_path(args.movielens)
    if path is None or not path.exists():
        print("\nMovieLens 100k: not found (pip install --no-deps recbole, or --movielens PATH)")
        return
    _measure("MovieLens 100k (recbole's dataset_example)", movielens_events(path), settings)


if __name__ == "__main__":
    main()
