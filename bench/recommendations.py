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
The trending blend is chosen as the nightly run chooses it (domain.tune_trending), on the last
28 days of the training data only; the test period is never looked at.
Every list runs through loyalty.recommendations.domain with the same rule (no item the user
took before unless it is bought again), so the only difference is how the list is chosen.
Prints precision@10, recall@10 and NDCG@10 for the model (with its chosen blend), the item-item
model alone, recent popularity alone, the popularity baseline (all-time buyers in training), and
the ratio of the model to popularity.
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from loyalty.recommendations import domain
from loyalty.recommendations.metrics import Figures, evaluate

K = 10


Events = list[tuple[int, int, float]]


@dataclass(frozen=True)
class Split:
    """The training history (each pair's receipts and latest receipt), per user the items first
    taken after their cut-off, the moment the model is fitted at, and each pair's receipts and
    latest receipt before the validation cut-off (`now` minus the validation days)."""

    interactions: domain.Interactions
    truth: dict[int, set[int]]
    now: float
    validation_cutoff: float
    counts_before: np.ndarray
    last_before: np.ndarray


def global_split(events: Events, settings: domain.Settings, quantile: float = 0.8) -> Split:
    """(user, item, time) events: the training triples before one cut-off for all, and per user
    the items first taken after it."""
    cutoff = float(np.quantile(np.array([moment for _user, _item, moment in events]), quantile))
    return _split(events, lambda _user: cutoff, settings, now=cutoff)


def per_user_split(events: Events, settings: domain.Settings, held_out: float = 0.2) -> Split:
    """Each user's own cut-off: the time of their first event among their latest `held_out` share.
    The model is fitted as a nightly run after the last training event would be."""
    times: dict[int, list[float]] = defaultdict(list)
    for user, _item, moment in events:
        times[user].append(moment)
    cutoffs = {}
    for user, moments in times.items():
        moments.sort()
        cutoffs[user] = moments[min(len(moments) - 1, int(round(len(moments) * (1 - held_out))))]
    return _split(events, cutoffs.__getitem__, settings, now=None)


def _split(events: Events, cutoff_of: Callable[[int], float], settings: domain.Settings, now: float | None
           ) -> Split:
    training = [(user, item, moment) for user, item, moment in events if moment < cutoff_of(user)]
    moment_now = max(moment for _user, _item, moment in training) if now is None else now
    validation_cutoff = moment_now - settings.validation_days * domain.DAY
    counts: dict[tuple[int, int], float] = defaultdict(float)
    last: dict[tuple[int, int], float] = {}
    counts_before: dict[tuple[int, int], float] = defaultdict(float)
    last_before: dict[tuple[int, int], float] = {}
    for user, item, moment in training:
        counts[(user, item)] += 1
        last[(user, item)] = max(last.get((user, item), moment), moment)
        if moment < validation_cutoff:
            counts_before[(user, item)] += 1
            last_before[(user, item)] = max(last_before.get((user, item), moment), moment)
    later: dict[int, set[int]] = defaultdict(set)
    trained = {user for user, _item in counts}
    for user, item, moment in events:
        if moment >= cutoff_of(user) and user in trained and (user, item) not in counts:
            later[user].add(item)
    users = max(user for user, _item, _moment in events) + 1
    items = max(item for _user, item, _moment in events) + 1
    keys = np.array(list(counts), dtype=np.int64).reshape(-1, 2)
    pairs = list(counts)
    interactions = domain.Interactions(users=keys[:, 0], items=keys[:, 1], counts=np.array(list(counts.values())),
                                       n_users=users, n_items=items, last_at=np.array([last[key] for key in pairs]))
    return Split(interactions=interactions, truth=dict(later), now=moment_now, validation_cutoff=validation_cutoff,
                 counts_before=np.array([counts_before.get(key, 0.0) for key in pairs]),
                 last_before=np.array([last_before.get(key, 0.0) for key in pairs]))


def _measure(name: str, events: Events, settings: domain.Settings) -> None:
    for label, split in (("global time cut-off", global_split), ("per-user time split", per_user_split)):
        _measure_split(f"{name}, {label}", split(events, settings), settings)


def _measure_split(name: str, split: Split, settings: domain.Settings) -> None:
    started = time.perf_counter()
    interactions, truth = split.interactions, split.truth
    # The blend is chosen on the training data's own last weeks, as the nightly run does.
    history, later = domain.validation_split(interactions, split.counts_before, split.last_before)
    choice = domain.tune_trending(history, later, settings, cutoff=split.validation_cutoff)
    tuned = replace(settings, trending_weight=choice.weight, trending_half_life_days=choice.half_life_days)
    model = domain.fit(interactions, tuned, now=split.now)
    users = sorted(truth)

    def lists(candidate: domain.Model, popular_only: bool = False) -> dict[int, list[int]]:
        return {each.user: each.items for each in domain.recommend(candidate, users, limit=K,
                                                                    popular_only=popular_only)}

    blended = evaluate(lists(model), truth, K)
    plain = evaluate(lists(domain.with_trending(model, weight=0.0, half_life_days=choice.half_life_days)), truth, K)
    trending = evaluate(lists(domain.with_trending(model, weight=1.0, half_life_days=choice.half_life_days)), truth, K)
    baseline = evaluate(lists(model, popular_only=True), truth, K)
    print(f"\n{name}: {interactions.counts.size:,} training pairs, {interactions.n_items:,} items, "
          f"{blended.users:,} users scored ({time.perf_counter() - started:.1f} s)")
    validation = (f"{choice.validation_users} users judged on the last {settings.validation_days:g} days of training"
                  if choice.validation_users >= settings.tuning_min_users else
                  f"only {choice.validation_users} users to judge on the last {settings.validation_days:g} days: "
                  "no blend")
    if choice.weight:
        validation += (f": precision@{K} {choice.precision:.4f} against {choice.plain_precision:.4f} alone, so "
                       f"weight {choice.weight:g}, half-life {choice.half_life_days:g} days")
    elif choice.validation_users >= settings.tuning_min_users:
        validation += f": no blend beat the model alone ({choice.plain_precision:.4f}) by {settings.tuning_margin:.0%}"
    print(f"  trending blend chosen on validation: {validation}")
    _row("the model", blended)
    _row("item-item CF", plain)
    _row(f"trending {choice.half_life_days:g} d", trending)
    _row("popularity", baseline)
    ratio = blended.precision / baseline.precision if baseline.precision else float("inf")
    print(f"  precision@{K} ratio model / popularity: {ratio:.2f}x")


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
