"""The recommender on hand-made purchase histories."""

from __future__ import annotations

import numpy as np
import pytest

from loyalty.recommendations import domain

# Items: 0 coffee, 1 croissant, 2 tea, 3 honey, 4 razor, 5 shampoo, 6 milk
COFFEE, CROISSANT, TEA, HONEY, RAZOR, SHAMPOO, MILK = range(7)


def _interactions(rows: list[tuple[int, int, int]], users: int, items: int = 7) -> domain.Interactions:
    array = np.array(rows, dtype=np.int64)
    return domain.Interactions(users=array[:, 0], items=array[:, 1], counts=array[:, 2].astype(np.float64),
                               n_users=users, n_items=items)


def _lists(model: domain.Model, users: list[int], limit: int = 3) -> dict[int, domain.UserList]:
    return {each.user: each for each in domain.recommend(model, users, limit=limit)}


def test_look_alike_customers_items_are_recommended() -> None:
    # Tea drinkers (users 0-3) buy honey; coffee drinkers (4-7) buy croissants; milk is bought by all.
    rows = []
    for user in range(4):
        rows += [(user, TEA, 2), (user, HONEY, 2), (user, MILK, 1)]
    for user in range(4, 8):
        rows += [(user, COFFEE, 3), (user, CROISSANT, 2), (user, MILK, 1)]
    rows += [(8, TEA, 1), (8, MILK, 1)]      # a new tea drinker: honey is what look-alikes bought
    rows += [(9, COFFEE, 1), (9, MILK, 1)]   # a new coffee drinker: croissants
    model = domain.fit(_interactions(rows, 10))
    lists = _lists(model, [8, 9], limit=1)
    assert lists[8].items == [HONEY] and lists[8].sources == ["similar"]
    assert lists[9].items == [CROISSANT] and lists[9].sources == ["similar"]


def test_a_newcomer_gets_the_popular_products() -> None:
    rows = [(user, MILK, 2) for user in range(5)] + [(user, COFFEE, 2) for user in range(3)] + [(0, TEA, 1)]
    rows += [(5, HONEY, 1)]  # one product only: too little history for a personal list
    model = domain.fit(_interactions(rows, 7))
    lists = _lists(model, [5, 6], limit=3)
    # Tea and honey have one buyer each: never shown to anyone else (it would tell what that one bought).
    assert lists[6].items == [MILK, COFFEE] and set(lists[6].sources) == {"popular"}
    assert lists[5].items == [MILK, COFFEE] and lists[5].sources == ["popular"] * 2


def test_a_just_bought_product_that_is_not_bought_again_is_never_recommended() -> None:
    # Nobody buys a razor twice; shampoo buyers (3) buy razors too.
    rows = [(user, RAZOR, 1) for user in range(3)] + [(user, SHAMPOO, 2) for user in range(3)]
    rows += [(3, SHAMPOO, 1), (3, RAZOR, 1), (3, MILK, 1)]
    rows += [(4, MILK, 2), (4, SHAMPOO, 1)]
    model = domain.fit(_interactions(rows, 5))
    assert not model.is_repeat[RAZOR]
    assert RAZOR not in _lists(model, [3], limit=7)[3].items
    assert RAZOR in _lists(model, [4], limit=7)[4].items  # who has not bought one may get it


def test_a_repeat_product_may_be_recommended_again() -> None:
    # Coffee is bought again by its buyers; user 4 bought it once and looks like the coffee drinkers.
    rows = [(user, COFFEE, 5) for user in range(4)] + [(user, CROISSANT, 2) for user in range(4)]
    rows += [(4, COFFEE, 1), (4, CROISSANT, 1)]
    model = domain.fit(_interactions(rows, 5))
    assert model.is_repeat[COFFEE]
    assert COFFEE in _lists(model, [4], limit=3)[4].items


def test_offers_about_liked_products_come_first_and_audiences_are_kept() -> None:
    candidates = [
        domain.OfferCandidate(kind="reward", ref="1", name="Mug", popularity=50),
        domain.OfferCandidate(kind="coupon", ref="7", name="Free croissant", skus=frozenset({"BAK-CRO"}),
                              audience=frozenset({"holds:coupon:7"})),
        domain.OfferCandidate(kind="challenge", ref="3", name="Try our teas", categories=frozenset({"tea"})),
        domain.OfferCandidate(kind="reward", ref="2", name="Gold lounge", popularity=99,
                              audience=frozenset({"tier:gold"})),
    ]
    products = domain.offer_products(candidates, {"BAK-CRO": "bakery", "TEA-GRN": "tea", "TEA-BLK": "tea"})
    assert products[2] == frozenset({"TEA-GRN", "TEA-BLK"})
    affinity = {"TEA-BLK": 0.9, "BAK-CRO": 0.4}
    ranked = domain.rank_offers(candidates, products, affinity, tags=frozenset({"holds:coupon:7"}), limit=5)
    assert [(offer.kind, offer.ref, offer.source) for offer in ranked] == [
        ("challenge", "3", "similar"), ("coupon", "7", "similar"), ("reward", "1", "popular")]
    assert domain.rank_offers(candidates, products, affinity, limit=1)[0].ref == "3"
    segment_only = [domain.OfferCandidate(kind="reward", ref="9", name="Members of segment 3",
                                          required=frozenset({"segment:3"}))]
    assert domain.rank_offers(segment_only, [frozenset()], {}, tags=frozenset({"segment:4"}), limit=5) == []
    assert [offer.ref for offer in domain.rank_offers(segment_only, [frozenset()], {},
                                                      tags=frozenset({"segment:3"}), limit=5)] == ["9"]


def test_condition_products_reads_line_fields_but_not_under_not() -> None:
    condition = {"all": [{"field": "line.category", "op": "eq", "value": "coffee"},
                         {"any": [{"field": "line.sku", "op": "in", "value": ["A", "B"]}]},
                         {"not": {"field": "line.sku", "op": "eq", "value": "X"}},
                         {"field": "purchase.total", "op": "gt", "value": 100}]}
    assert domain.condition_products(condition) == (frozenset({"A", "B"}), frozenset({"coffee"}))
    assert domain.condition_products(None) == (frozenset(), frozenset())


def test_the_products_a_condition_names_are_read_inside_line_conditions_but_not_under_a_not() -> None:
    condition = {"all": [{"any_line": {"field": "line.category", "op": "in", "value": ["coffee", "tea"]}},
                         {"all_lines": {"field": "line.sku", "op": "eq", "value": "MUG-1"}},
                         {"not": {"any_line": {"field": "line.category", "op": "eq", "value": "razors"}}}]}
    assert domain.condition_products(condition) == (frozenset({"MUG-1"}), frozenset({"coffee", "tea"}))


# --- time: recent popularity and the blend chosen on the last weeks -------------------------------

NOW = 1_800_000_000.0


def _timed(rows: list[tuple[int, int, int, float]], users: int, items: int = 7) -> domain.Interactions:
    """(user, item, receipts, days before NOW of the latest receipt) rows."""
    return domain.Interactions(users=np.array([row[0] for row in rows], dtype=np.int64),
                               items=np.array([row[1] for row in rows], dtype=np.int64),
                               counts=np.array([row[2] for row in rows], dtype=np.float64), n_users=users,
                               n_items=items, last_at=np.array([NOW - row[3] * domain.DAY for row in rows]))


def _tea_shop_with_a_new_croissant() -> domain.Interactions:
    # Tea drinkers (0-3) bought honey months ago; this week five other customers (5-9) started on
    # the new croissant; user 4 is a tea newcomer.
    rows = []
    for user in range(4):
        rows += [(user, TEA, 2, 100.0), (user, HONEY, 2, 100.0)]
    rows += [(4, TEA, 1, 2.0), (4, MILK, 1, 2.0)]
    for user in range(5, 10):
        rows += [(user, CROISSANT, 1, 1.0 + user / 10), (user, MILK, 1, 30.0)]
    return _timed(rows, 10)


def test_recent_popularity_counts_recent_buyers_more() -> None:
    model = domain.fit(_tea_shop_with_a_new_croissant(), domain.Settings(trending_half_life_days=7.0), now=NOW)
    assert model.popularity[HONEY] == 4 and model.popularity[CROISSANT] == 5
    assert model.trending[CROISSANT] > 4 * model.trending[HONEY]      # five buyers this week against four long ago
    assert model.trending[HONEY] == 4 * 2 ** (-100 / 7)


def test_the_trending_blend_ranks_the_recently_bought_product_first() -> None:
    interactions = _tea_shop_with_a_new_croissant()
    alone = domain.fit(interactions, domain.Settings(), now=NOW)
    blended = domain.fit(interactions, domain.Settings(trending_weight=0.8), now=NOW)
    assert _lists(alone, [4], limit=1)[4].items == [HONEY]
    newcomer = _lists(blended, [4], limit=2)[4]
    assert newcomer.items == [CROISSANT, HONEY] and newcomer.sources == ["popular", "similar"]
    assert domain.with_trending(blended, weight=0.0, half_life_days=7.0).trending.tolist() == \
        blended.trending.tolist()
    assert _lists(domain.with_trending(blended, weight=0.0, half_life_days=7.0), [4], limit=1)[4].items == [HONEY]


def test_the_validation_split_keeps_the_history_before_the_cut_off_and_the_first_buys_after() -> None:
    interactions = _timed([(0, TEA, 3, 1.0), (0, HONEY, 1, 2.0), (1, MILK, 1, 1.0), (2, TEA, 1, 40.0)], 3)
    counts_before = np.array([2.0, 0.0, 0.0, 1.0])           # user 0's honey and user 1's milk: after the cut-off
    last_before = np.array([NOW - 35 * domain.DAY, 0.0, 0.0, NOW - 40 * domain.DAY])
    history, later = domain.validation_split(interactions, counts_before, last_before)
    assert history.users.tolist() == [0, 2] and history.counts.tolist() == [2.0, 1.0]
    assert history.last_at is not None and history.last_at.tolist() == [last_before[0], last_before[3]]
    assert later == {0: {HONEY}}                              # user 1 had nothing before: not judged


def _shop_where_the_new_product_catches_on(later_buyers: int) -> tuple[domain.Interactions, dict[int, set[int]]]:
    """Item 0 is new: users 0-19 (who buy only items 25-29) took it in the days before the cut-off;
    `later_buyers` others (items 1-24, bought two months ago) first took it after the cut-off."""
    rng = np.random.default_rng(7)
    rows = []
    for user in range(20):
        rows.append((user, 0, 1, 2.0 + user / 10))
        rows += [(user, int(item), 1, 60.0) for item in rng.choice(np.arange(25, 30), 3, replace=False)]
    for user in range(20, 20 + later_buyers):
        rows += [(user, int(item), 1, 60.0) for item in rng.choice(np.arange(1, 25), 5, replace=False)]
    return _timed(rows, 20 + later_buyers, items=30), {user: {0} for user in range(20, 20 + later_buyers)}


def test_the_blend_is_taken_when_the_last_weeks_show_it_predicts() -> None:
    history, later = _shop_where_the_new_product_catches_on(later_buyers=60)
    choice = domain.tune_trending(history, later, domain.Settings(), cutoff=NOW)
    assert choice.validation_users == 60 and choice.plain_precision == 0.0
    assert choice.weight > 0 and choice.precision == pytest.approx(0.1)  # the new product in every list: a hit


def test_no_blend_when_too_few_members_can_be_judged_or_it_does_not_predict() -> None:
    history, later = _shop_where_the_new_product_catches_on(later_buyers=30)
    assert domain.tune_trending(history, later, domain.Settings(), cutoff=NOW).weight == 0.0    # 30 < 50
    enough = domain.Settings(tuning_min_users=20)
    assert domain.tune_trending(history, later, enough, cutoff=NOW).weight > 0
    # What the 30 first bought after the cut-off is what look-alikes bought, not the new product.
    look_alike = {user: set(range(1, 25)) - set(history.items[history.users == user].tolist())
                  for user in range(20, 50)}
    assert domain.tune_trending(history, look_alike, enough, cutoff=NOW).weight == 0.0
    given = domain.Settings(trending_weights=(), trending_weight=0.3)
    assert domain.tune_trending(history, later, given, cutoff=NOW).weight == 0.3              # no grid: as given
