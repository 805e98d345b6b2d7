"""Personal recommendations, pure: item-item collaborative filtering on purchase history, the
popularity fallback, the repeat-purchase rule, and the ranking of the program's offers.

The model (docs/recommendations.md): each member's row of "how many receipts had this SKU" is
weighted with BM25 (a product everybody buys says little about a member; a member who buys
everything says little about a product), the columns are normalised, and two products are as
similar as the cosine of their columns: bought by the same people. A member's score for a
product is the sum of its similarities to what the member bought, each neighbour list cut to
the `neighbours` most similar products. Recent popularity ("trending") is blended in only where
`tune_trending` finds, on the program's own last weeks, that it predicts better. Everything here
takes and returns numpy / scipy arrays or plain values: no database, unit-tested alone, and the
benchmark runs the very same functions on a public data set.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from loyalty.recommendations.metrics import evaluate

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
    # Recent popularity ("trending"), only when the history carries each pair's latest receipt
    # (`Interactions.last_at`): each buyer counts 2^(-days since their latest receipt / half-life).
    # Its share in a member's score is 0 (the item-item model alone) unless `tune_trending`
    # finds, on the program's own last weeks, that blending it in predicts better.
    trending_half_life_days: float = 7.0
    trending_weight: float = 0.0
    # The validation that chooses the blend: the last `validation_days` before the run are hidden,
    # the model fitted on what came before predicts what members first bought in them. A blend is
    # taken only when at least `tuning_min_users` members can be judged and it beats the item-item
    # model alone by `tuning_margin` (relative precision@10): less would be noise.
    validation_days: float = 28.0
    tuning_min_users: int = 50
    tuning_margin: float = 0.05
    tuning_max_users: int = 2_000       # members judged at most (evenly spread), to bound the nightly cost
    trending_weights: tuple[float, ...] = (0.2, 0.4, 0.6, 0.8)  # empty: `trending_weight` as given
    trending_half_lives_days: tuple[float, ...] = (7.0, 14.0)


@dataclass(frozen=True)
class Interactions:
    """(user, item, receipts) triples over users 0..n_users-1 and items 0..n_items-1."""

    users: NDArray[np.int64]
    items: NDArray[np.int64]
    counts: NDArray[np.float64]
    n_users: int
    n_items: int
    last_at: NDArray[np.float64] | None = None  # per triple: its latest receipt, seconds since the epoch

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


DAY = 86_400.0


@dataclass(frozen=True)
class Model:
    weighted: sparse.csr_matrix       # users × items, BM25
    similarity: sparse.csr_matrix     # items × items
    popularity: NDArray[np.float64]
    trending: NDArray[np.float64]     # per item: buyers, each 2^(-days since their latest receipt / half-life)
    is_repeat: NDArray[np.bool_]
    history: NDArray[np.int64]        # distinct items per user
    settings: Settings
    ages: NDArray[np.float64] | None = None  # per interaction: days from its latest receipt to `now`
    items: NDArray[np.int64] | None = None   # per interaction: its item (to recount `trending`)


def recent_popularity(items: NDArray[np.int64], ages_days: NDArray[np.float64], n_items: int,
                      half_life_days: float) -> NDArray[np.float64]:
    """Per item: its buyers, each counted 2^(-age of their latest receipt / half-life)."""
    return np.bincount(items, weights=np.exp2(-np.maximum(ages_days, 0.0) / half_life_days),
                       minlength=n_items).astype(np.float64)


def fit(interactions: Interactions, settings: Settings = Settings(), *, now: float | None = None) -> Model:
    """The model on the history; `now` (seconds since the epoch, default: the latest receipt) is
    what ages are measured from when the history carries `last_at`."""
    matrix = interactions.matrix()
    weighted = bm25_weight(matrix, k1=settings.bm25_k1, b=settings.bm25_b)
    buyers = popularity(matrix)
    trending, ages = buyers, None
    if interactions.last_at is not None and interactions.last_at.size:
        moment = float(interactions.last_at.max()) if now is None else now
        ages = (moment - interactions.last_at) / DAY
        trending = recent_popularity(interactions.items, ages, interactions.n_items, settings.trending_half_life_days)
    return Model(weighted=weighted, similarity=item_similarity(weighted, neighbours=settings.neighbours),
                 popularity=buyers, trending=trending, is_repeat=repeat_rates(matrix) >= settings.repeat_threshold,
                 history=np.diff(matrix.indptr).astype(np.int64), settings=settings, ages=ages,
                 items=interactions.items if ages is not None else None)


def with_trending(model: Model, *, weight: float, half_life_days: float) -> Model:
    """The same fitted model with another trending blend (no refit: only the recount of recent buyers)."""
    settings = replace(model.settings, trending_weight=weight, trending_half_life_days=half_life_days)
    trending = model.trending
    if model.ages is not None and model.items is not None:
        trending = recent_popularity(model.items, model.ages, model.popularity.size, half_life_days)
    return replace(model, trending=trending, settings=settings)


@dataclass(frozen=True)
class TrendingChoice:
    """The blend `tune_trending` chose and what it saw on the validation weeks."""

    weight: float
    half_life_days: float
    validation_users: int
    precision: float          # the chosen blend's precision@10 on the validation weeks
    plain_precision: float    # the item-item model's alone


def validation_split(interactions: Interactions, counts_before: NDArray[np.float64],
                     last_before: NDArray[np.float64]) -> tuple[Interactions, dict[int, set[int]]]:
    """The history as it stood at the validation cut-off and, per user who had one, the items
    they first bought after it. `counts_before` / `last_before` are each triple's receipts and
    latest receipt before the cut-off (0 / anything when none)."""
    earlier = counts_before > 0
    users, items = interactions.users, interactions.items
    history = Interactions(users=users[earlier], items=items[earlier], counts=counts_before[earlier],
                           n_users=interactions.n_users, n_items=interactions.n_items, last_at=last_before[earlier])
    had_history = np.zeros(interactions.n_users, dtype=np.bool_)
    had_history[users[earlier]] = True
    later: dict[int, set[int]] = {}
    for user, item in zip(users[~earlier & had_history[users]].tolist(),
                          items[~earlier & had_history[users]].tolist(), strict=True):
        later.setdefault(user, set()).add(item)
    return history, later


def tune_trending(history: Interactions, later: Mapping[int, set[int]], settings: Settings, *,
                  cutoff: float) -> TrendingChoice:
    """Choose the trending blend on a validation split (`validation_split`, cut at `cutoff`): the
    weight and half-life whose lists best find what members first bought after the cut-off, or
    none (weight 0) when too few members can be judged or no blend beats the model alone by the
    margin. Only the past is used: the caller's own cut-off is never looked past. An empty
    `trending_weights` keeps the settings' own weight and half-life, untested."""
    if not settings.trending_weights:
        return TrendingChoice(settings.trending_weight, settings.trending_half_life_days, 0, float("nan"),
                              float("nan"))
    users = np.array(sorted(user for user, items in later.items() if items), dtype=np.int64)
    plain = replace(settings, trending_weight=0.0)
    if users.size < settings.tuning_min_users:
        return TrendingChoice(0.0, settings.trending_half_life_days, int(users.size), float("nan"), float("nan"))
    if users.size > settings.tuning_max_users:
        users = users[np.linspace(0, users.size - 1, settings.tuning_max_users).round().astype(np.int64)]
    truth = {user: later[user] for user in users.tolist()}
    model = fit(history, plain, now=cutoff)

    def precision(candidate: Model) -> float:
        lists = {each.user: each.items for each in recommend(candidate, users, limit=10)}
        return evaluate(lists, truth, 10).precision

    plain_precision = precision(model)
    best = (plain_precision, 0.0, settings.trending_half_life_days)
    for half_life in settings.trending_half_lives_days:
        for weight in settings.trending_weights:
            found = precision(with_trending(model, weight=weight, half_life_days=half_life))
            if found > best[0]:
                best = (found, weight, half_life)
    if best[0] < plain_precision * (1.0 + settings.tuning_margin):
        best = (plain_precision, 0.0, settings.trending_half_life_days)
    return TrendingChoice(weight=best[1], half_life_days=best[2], validation_users=int(users.size),
                          precision=best[0], plain_precision=plain_precision)


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
    weight = model.settings.trending_weight
    trending_part = weight * model.trending / (model.trending.max(initial=0.0) or 1.0)
    similar_part = np.zeros(0)
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
                if weight > 0:
                    similar_top = user_scores.max() if user_scores.size else 0.0
                    similar_part = (1.0 - weight) * user_scores / (similar_top or 1.0)
                    user_scores = similar_part + trending_part
                    user_scores[~shown & ~own] = 0.0
                    user_scores[not_again] = 0.0
                top = user_scores.max() if user_scores.size else 0.0
                if top > 0:
                    candidates = np.flatnonzero(user_scores > 0)
                    if candidates.size > limit:
                        candidates = candidates[np.argpartition(-user_scores[candidates], limit - 1)[:limit]]
                    ranked = candidates[np.lexsort((candidates, -user_scores[candidates]))]
                    chosen = ranked.tolist()
                    chosen_scores = (user_scores[ranked] / top).tolist()
                    sources = ([SIMILAR if similar_part[item] >= trending_part[item] else POPULAR for item in chosen]
                               if weight > 0 else [SIMILAR] * len(chosen))
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
