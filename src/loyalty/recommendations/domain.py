"""Personal recommendations, pure: item-item collaborative filtering on purchase history, the
popularity fallback, the repeat-purchase rule, and the ranking of the program's offers.

The model (docs/recommendations.md): each member's row of "how many receipts had this SKU" is
weighted with BM25 (a product everybody buys says little about a member; a member who buys
everything says little about a product), the columns are normalised, and two products are as
similar as the cosine of their columns: bought by the same people. A member's score for a
product is the sum of its similarities to what the member bought, each neighbour list cut to
the `neighbours` most similar products. Everything here takes and returns numpy / scipy
arrays or plain values: no database, unit-tested alone, and the benchmark runs the very same
functions on a public data set.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

SIMILAR = "similar"
POPULAR = "popular"


@dataclass(frozen=True)
class Settings:
    products: int = 20              # products kept per member
    offers: int = 10                # offers kept per member
    neighbours: int = 50            # similar products kept per product
    min_history: int = 2            # distinct products a member must have bought to get a personal list
    repeat_threshold: float = 0.2   # a product is "bought again" when this share of its buyers bought it twice
    # A product fewer members than this bought is never shown to anyone else: "customers like you
    # buy it" would tell what those one or two customers bought (a test kit, a pharmacy item).
    min_buyers: int = 3
    bm25_k1: float = 1.2
    bm25_b: float = 0.75


@dataclass(frozen=True)
class Interactions:
    """(user, item, receipts) triples over users 0..n_users-1 and items 0..n_items-1."""

    users: NDArray[np.int64]
    items: NDArray[np.int64]
    counts: NDArray[np.float64]
    n_users: int
    n_items: int

    def matrix(self) -> sparse.csr_matrix:
        return sparse.csr_matrix((self.counts, (self.users, self.items)), shape=(self.n_users, self.n_items),
                                 dtype=np.float64)


def bm25_weight(matrix: sparse.csr_matrix, *, k1: float = 1.2, b: float = 0.75) -> sparse.csr_matrix:
    """Rows are users, columns items: each count saturates (k1), long rows are discounted (b),
    and each item is weighted by its inverse document frequency over the users."""
    coo = matrix.tocoo()
    users = max(matrix.shape[0], 1)
    buyers = np.bincount(coo.col, minlength=matrix.shape[1])
    idf = np.log(users) - np.log1p(buyers)
    idf = np.maximum(idf, 0.0) + 1e-3  # an item everybody bought still counts a little
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    mean = row_sums.mean() if row_sums.size and row_sums.mean() > 0 else 1.0
    length_norm = (1.0 - b) + b * row_sums / mean
    data = coo.data * (k1 + 1.0) / (k1 * length_norm[coo.row] + coo.data) * idf[coo.col]
    return sparse.csr_matrix((data, (coo.row, coo.col)), shape=matrix.shape)


def item_similarity(weighted: sparse.csr_matrix, *, neighbours: int) -> sparse.csr_matrix:
    """Cosine similarity of the items' columns, each item's row cut to its `neighbours` best, no
    item similar to itself."""
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=0)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    columns = weighted @ sparse.diags(scale)
    similarity = (columns.T @ columns).tocsr()
    similarity.setdiag(0.0)
    similarity.eliminate_zeros()
    rows, cols, values = [], [], []
    for item in range(similarity.shape[0]):
        start, end = similarity.indptr[item], similarity.indptr[item + 1]
        if start == end:
            continue
        data = similarity.data[start:end]
        index = similarity.indices[start:end]
        if data.size > neighbours:
            keep = np.argpartition(-data, neighbours - 1)[:neighbours]
            data, index = data[keep], index[keep]
        rows.append(np.full(data.size, item))
        cols.append(index)
        values.append(data)
    if not rows:
        return sparse.csr_matrix(similarity.shape)
    return sparse.csr_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))),
                             shape=similarity.shape)


def repeat_rates(matrix: sparse.csr_matrix) -> NDArray[np.float64]:
    """Per item: the share of its buyers who bought it on two receipts or more."""
    coo = matrix.tocoo()
    buyers = np.bincount(coo.col, minlength=matrix.shape[1]).astype(np.float64)
    again = np.bincount(coo.col[coo.data >= 2], minlength=matrix.shape[1]).astype(np.float64)
    return np.divide(again, buyers, out=np.zeros_like(buyers), where=buyers > 0)


def popularity(matrix: sparse.csr_matrix) -> NDArray[np.float64]:
    """Per item: how many users bought it."""
    return np.bincount(matrix.tocoo().col, minlength=matrix.shape[1]).astype(np.float64)


@dataclass(frozen=True)
class Model:
    weighted: sparse.csr_matrix       # users × items, BM25
    similarity: sparse.csr_matrix     # items × items
    popularity: NDArray[np.float64]
    is_repeat: NDArray[np.bool_]
    history: NDArray[np.int64]        # distinct items per user
    settings: Settings


def fit(interactions: Interactions, settings: Settings = Settings()) -> Model:
    matrix = interactions.matrix()
    weighted = bm25_weight(matrix, k1=settings.bm25_k1, b=settings.bm25_b)
    return Model(weighted=weighted, similarity=item_similarity(weighted, neighbours=settings.neighbours),
                 popularity=popularity(matrix), is_repeat=repeat_rates(matrix) >= settings.repeat_threshold,
                 history=np.diff(matrix.indptr).astype(np.int64), settings=settings)


@dataclass(frozen=True)
class UserList:
    """One user's ranked items and their scores; `affinity` is the user's own history and the
    model's scores together (0..1 each), by item, for ranking offers."""

    user: int
    items: list[int]
    scores: list[float]
    sources: list[str]
    affinity: dict[int, float] = field(default_factory=dict)


def recommend(model: Model, users: Sequence[int] | NDArray[np.int64], *, limit: int,
              batch: int = 512, popular_only: bool = False) -> Iterator[UserList]:
    """Each user's `limit` best items: by similarity to what they bought (members with at least
    `min_history` products), then by popularity to fill the list. Never an item the user bought
    that is not bought again; a repeat item (coffee) may come back. An item fewer than
    `min_buyers` users bought is shown to none but its own buyers."""
    order = np.lexsort((np.arange(model.popularity.size), -model.popularity))  # most bought first, ties by index
    shown = model.popularity >= model.settings.min_buyers
    popular_items = [item for item in order.tolist() if shown[item]]
    popularity = model.popularity.tolist()
    pop_scale = max(popularity, default=0.0) or 1.0
    users = np.asarray(users, dtype=np.int64)
    for start in range(0, users.size, batch):
        chunk = users[start:start + batch]
        rows = model.weighted[chunk]
        scores = np.asarray((rows @ model.similarity).todense()) if not popular_only else None
        for position, user in enumerate(chunk.tolist()):
            # The row's items straight from the CSR arrays (getrow() costs more than the rest).
            bought = rows.indices[rows.indptr[position]:rows.indptr[position + 1]]
            weights = rows.data[rows.indptr[position]:rows.indptr[position + 1]]
            not_again = bought[~model.is_repeat[bought]]
            blocked = set(not_again.tolist())
            personal = scores is not None and model.history[user] >= model.settings.min_history
            chosen: list[int] = []
            chosen_scores: list[float] = []
            sources: list[str] = []
            if personal and scores is not None:
                user_scores = scores[position]
                own = np.zeros(user_scores.size, dtype=np.bool_)
                own[bought] = True
                user_scores[~shown & ~own] = 0.0  # too few buyers: only ever shown back to its own buyers
                user_scores[not_again] = 0.0
                top = user_scores.max() if user_scores.size else 0.0
                if top > 0:
                    candidates = np.flatnonzero(user_scores > 0)
                    if candidates.size > limit:
                        candidates = candidates[np.argpartition(-user_scores[candidates], limit - 1)[:limit]]
                    ranked = candidates[np.lexsort((candidates, -user_scores[candidates]))]
                    chosen = ranked.tolist()
                    chosen_scores = (user_scores[ranked] / top).tolist()
                    sources = [SIMILAR] * len(chosen)
            if len(chosen) < limit:
                taken = set(chosen)
                for item in popular_items:
                    if len(chosen) >= limit:
                        break
                    if item in taken or item in blocked:
                        continue
                    chosen.append(item)
                    chosen_scores.append(popularity[item] / pop_scale * (0.5 if personal else 1.0))
                    sources.append(POPULAR)
            affinity: dict[int, float] = {}
            if bought.size:
                affinity = dict(zip(bought.tolist(), (weights / weights.max()).tolist(), strict=True))
            for item, value in zip(chosen, chosen_scores, strict=True):
                affinity[item] = max(affinity.get(item, 0.0), value)
            yield UserList(user=user, items=chosen, scores=chosen_scores, sources=sources, affinity=affinity)


# --- offers -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OfferCandidate:
    """Anything the program offers a member (a reward, a coupon, a challenge…), generically.

    `skus` and `categories` are the products it is about (a free croissant: its SKU; a
    challenge to buy coffee: the category); `popularity` breaks ties among offers about nothing
    the member likes; `audience`, when set, holds the tags of the members who may get it
    ("tier:gold", "holds:coupon:7"): a member with none of them is not offered it; `required`
    holds tags a member must all have ("segment:3").
    """

    kind: str
    ref: str
    name: str
    skus: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    popularity: float = 0.0
    audience: frozenset[str] | None = None
    required: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RankedOffer:
    kind: str
    ref: str
    name: str
    score: float
    source: str  # similar: about products the member likes; popular: the rest, by popularity


def offer_products(candidates: Sequence[OfferCandidate], category_of: Mapping[str, str | None]
                   ) -> list[frozenset[str]]:
    """Each candidate's SKUs, its categories' SKUs included (category_of: the known products)."""
    by_category: dict[str, set[str]] = {}
    for sku, category in category_of.items():
        if category:
            by_category.setdefault(category, set()).add(sku)
    return [frozenset(candidate.skus).union(*(by_category.get(category, set()) for category in candidate.categories))
            for candidate in candidates]


def rank_offers(candidates: Sequence[OfferCandidate], products: Sequence[frozenset[str]],
                affinity: Mapping[str, float], *, tags: frozenset[str] = frozenset(),
                limit: int) -> list[RankedOffer]:
    """The member's offers, best first: an offer scores the member's best affinity (0..1: what
    they bought and what look-alike customers bought) among the products it is about; offers
    about nothing they like follow, the most popular first. `products` is `offer_products`'s
    answer for the same candidates; offers whose audience the member is not in, or whose
    required tags the member lacks, are left out."""
    scored: list[tuple[float, float, int]] = []
    for index, (candidate, skus) in enumerate(zip(candidates, products, strict=True)):
        if (candidate.audience is not None and not (candidate.audience & tags)) or not candidate.required <= tags:
            continue
        score = max((affinity.get(sku, 0.0) for sku in skus), default=0.0)
        scored.append((score, candidate.popularity, index))
    scored.sort(key=lambda entry: (-entry[0], -entry[1], entry[2]))
    return [RankedOffer(kind=candidates[index].kind, ref=candidates[index].ref, name=candidates[index].name,
                        score=score, source=SIMILAR if score > 0 else POPULAR)
            for score, _popularity, index in scored[:limit]]


def condition_products(condition: Mapping[str, object] | None) -> tuple[frozenset[str], frozenset[str]]:
    """The SKUs and categories a condition tree asks lines for (`line.sku` / `line.category` with
    `eq` or `in`), anywhere in it except under a `not`."""
    skus: set[str] = set()
    categories: set[str] = set()

    def walk(node: object) -> None:
        if not isinstance(node, Mapping):
            return
        for key in ("all", "any"):
            children = node.get(key)
            if isinstance(children, list):
                for child in children:
                    walk(child)
        for key in ("any_line", "all_lines"):  # where purchase conditions name a line's fields
            walk(node.get(key))
        field_name, op, value = node.get("field"), node.get("op"), node.get("value")
        if field_name in ("line.sku", "line.category") and op in ("eq", "in"):
            values = value if isinstance(value, list) else [value]
            (skus if field_name == "line.sku" else categories).update(str(each) for each in values if each is not None)

    walk(condition)
    return frozenset(skus), frozenset(categories)
