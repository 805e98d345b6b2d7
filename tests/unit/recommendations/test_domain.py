"""The recommender on hand-made purchase histories."""

from __future__ import annotations

import numpy as np

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
