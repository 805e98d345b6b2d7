"""Personal offers: each member's ranked products and offers, refreshed by a nightly run and
read with one indexed range read (docs/recommendations.md).

`refresh_program` reads the program's purchase history grouped by the database, fits the
item-item model (domain.py) on it, blended with recent popularity where the program's own last
weeks show that predicts better, ranks every member's products and the program's offers, and
replaces the stored lists in the caller's transaction (it never commits). Members who never
bought anything get no rows: readers answer them with the program's popular products.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from loyalty.kernel import clock, paging
from loyalty.kernel.paging import Slice
from loyalty.programs import service as programs
from loyalty.recommendations import domain, repository
from loyalty.recommendations.models import MemberRecommendation, RecommendationRun
from loyalty.recommendations.schemas import RecommendationRead, RecommendationRunRead, Shelf
from loyalty.rewards.models import Reward
from loyalty.vouchers.domain import GIFT_CARD
from loyalty.vouchers.models import VoucherCampaign

log = logging.getLogger("loyalty.recommendations")

PRODUCTS: Shelf = "products"
OFFERS: Shelf = "offers"
# A stamp card fills itself from purchases: nothing to offer. A gift card is bought, not offered.
NOT_OFFERED_REWARD_KINDS = frozenset({"stamp_card"})
NOT_OFFERED_COUPON_KINDS = (GIFT_CARD,)


def _localized(names: dict[str, str], locale: str) -> str:
    return names.get(locale) or names.get(locale.split("-")[0]) or next(iter(names.values()), "")


def _campaign_products(campaign: VoucherCampaign | None) -> tuple[frozenset[str], frozenset[str]]:
    if campaign is None:
        return frozenset(), frozenset()
    skus, categories = domain.condition_products(campaign.line_condition)
    return (skus | {campaign.sku} if campaign.sku else skus), categories


def offer_candidates(rewards: Sequence[tuple[Reward, VoucherCampaign | None]],
                     held: Sequence[tuple[int, VoucherCampaign]], locale: str
                     ) -> tuple[list[domain.OfferCandidate], dict[int, set[str]]]:
    """The program's rewards and held coupons as generic candidates, and each member's audience
    tags for them ("holds:coupon:<campaign>")."""
    candidates = []
    for reward, campaign in rewards:
        if reward.kind in NOT_OFFERED_REWARD_KINDS:
            continue
        skus, categories = _campaign_products(campaign)
        candidates.append(domain.OfferCandidate(
            kind="reward", ref=str(reward.id), name=_localized(reward.names, locale), skus=skus, categories=categories,
            popularity=float(reward.redeemed_count),
            audience=frozenset(f"tier:{code}" for code in reward.eligible_tiers) if reward.eligible_tiers else None,
            required=frozenset({f"segment:{reward.segment_id}"}) if reward.segment_id is not None else frozenset()))
    tags: dict[int, set[str]] = {}
    campaigns: dict[int, VoucherCampaign] = {}
    for member_id, campaign in held:
        campaigns[campaign.id] = campaign
        tags.setdefault(member_id, set()).add(f"holds:coupon:{campaign.id}")
    for campaign_id in sorted(campaigns):
        campaign = campaigns[campaign_id]
        skus, categories = _campaign_products(campaign)
        candidates.append(domain.OfferCandidate(
            kind="coupon", ref=str(campaign.id), name=campaign.name, skus=skus, categories=categories,
            popularity=float(campaign.uses_total), audience=frozenset({f"holds:coupon:{campaign.id}"})))
    return candidates, tags


@dataclass(frozen=True)
class _History:
    member_ids: list[int]
    skus: list[str]
    interactions: domain.Interactions
    receipts_before: NDArray[np.float64]   # per triple, before the validation cut-off
    last_before: NDArray[np.float64]


def _history(rows: Sequence[repository.HistoryRow]) -> _History:
    member_index: dict[int, int] = {}
    sku_index: dict[str, int] = {}
    users = np.fromiter((member_index.setdefault(row.member_id, len(member_index)) for row in rows),
                        dtype=np.int64, count=len(rows))
    items = np.fromiter((sku_index.setdefault(row.sku, len(sku_index)) for row in rows), dtype=np.int64,
                        count=len(rows))
    counts = np.fromiter((row.receipts for row in rows), dtype=np.float64, count=len(rows))
    last_at = np.fromiter((row.last_at.timestamp() for row in rows), dtype=np.float64, count=len(rows))
    receipts_before = np.fromiter((row.receipts_before for row in rows), dtype=np.float64, count=len(rows))
    last_before = np.fromiter((row.last_before.timestamp() if row.last_before else 0.0 for row in rows),
                              dtype=np.float64, count=len(rows))
    return _History(member_ids=list(member_index), skus=list(sku_index), interactions=domain.Interactions(
        users=users, items=items, counts=counts, n_users=len(member_index), n_items=len(sku_index), last_at=last_at),
        receipts_before=receipts_before, last_before=last_before)


def _fitted_model(history: _History, settings: domain.Settings, now: datetime
                  ) -> tuple[domain.Model, domain.TrendingChoice]:
    """The program's model, its trending blend chosen on its own last `validation_days`
    (domain.tune_trending): a shop whose last weeks' buys foretell the next ones gets it, one
    whose do not keeps the item-item model alone."""
    validation_cutoff = now - timedelta(days=settings.validation_days)
    earlier, later = domain.validation_split(history.interactions, history.receipts_before, history.last_before)
    choice = domain.tune_trending(earlier, later, settings, cutoff=validation_cutoff.timestamp())
    tuned = replace(settings, trending_weight=choice.weight, trending_half_life_days=choice.half_life_days)
    return domain.fit(history.interactions, tuned, now=now.timestamp()), choice


def refresh_program(session: Session, program_id: int, now: datetime,
                    settings: domain.Settings = domain.Settings(),
                    extra_candidates: Sequence[domain.OfferCandidate] = ()) -> RecommendationRun:
    """Refit on the purchases before `now` and replace every member's lists (members with a purchase).

    Idempotent: the same history gives the same lists. Another program's rows are never touched.
    `extra_candidates` are offers from other areas (challenges) ranked with the rewards and coupons.
    """
    program = programs.get_program(session=session, program_id=program_id)
    history = _history(repository.purchase_history(session, program_id, now,
                                                   now - timedelta(days=settings.validation_days)))
    labels = repository.product_labels(session, program_id)
    candidates, coupon_tags = offer_candidates(repository.offerable_rewards(session, program_id, now),
                                               repository.held_coupons(session, program_id, now,
                                                                       excluded_kinds=NOT_OFFERED_COUPON_KINDS),
                                               program.locale)
    candidates += list(extra_candidates)
    offer_skus = domain.offer_products(candidates, {sku: labels.get(sku, (None, None))[1] for sku in history.skus})
    tiers = repository.member_tier_codes(session, program_id)
    base_tier = repository.base_tier_code(session, program_id)
    segments = repository.member_segments(session, program_id)
    counts = {"members": 0, "personal": 0, "products": 0, "offers": 0}

    def rows() -> Iterator[tuple[Any, ...]]:
        if not history.member_ids:
            return
        model, choice = _fitted_model(history, settings, now)
        log.info("program %s: trending weight %s (half-life %s days), %s members judged on the last %s days",
                 program_id, choice.weight, choice.half_life_days, choice.validation_users, settings.validation_days)
        for each in domain.recommend(model, range(len(history.member_ids)), limit=settings.products):
            member_id = history.member_ids[each.user]
            counts["members"] += 1
            counts["personal"] += int(domain.SIMILAR in each.sources)
            for rank, (item, score, source) in enumerate(zip(each.items, each.scores, each.sources, strict=True), 1):
                name, category = labels.get(history.skus[item], (None, None))
                counts["products"] += 1
                yield (program_id, member_id, PRODUCTS, rank, "product", history.skus[item], name, category,
                       float(score), source, now)
            tags = set(coupon_tags.get(member_id, ()))
            tier = tiers.get(member_id, base_tier)
            if tier is not None:
                tags.add(f"tier:{tier}")
            tags.update(f"segment:{segment_id}" for segment_id in segments.get(member_id, ()))
            affinity = {history.skus[item]: value for item, value in each.affinity.items()}
            offers = domain.rank_offers(candidates, offer_skus, affinity, tags=frozenset(tags), limit=settings.offers)
            for rank, offer in enumerate(offers, 1):
                counts["offers"] += 1
                yield (program_id, member_id, OFFERS, rank, offer.kind, offer.ref, offer.name[:200], None,
                       float(offer.score), offer.source, now)

    repository.replace_lists(session, program_id, rows())
    run = RecommendationRun(program_id=program_id, computed_at=now, members=counts["members"],
                            members_personal=counts["personal"], products=counts["products"], offers=counts["offers"])
    return repository.add_run(session, run)


class OpenChallenges(Protocol):
    """Which of a member's stored challenge offers are still open to them. Gamification answers
    (it stands above recommendations), so the adapters pass `gamification.service.challenges_open_to`."""

    def __call__(self, *, session: Session, program_id: int, member_id: int, challenge_ids: Sequence[int],
                 now: datetime) -> set[int]: ...


# Stored offers dropped at read time are replaced from further down the list: a reader reads this
# many more than asked, and reads again (at most READ_ROUNDS times) only when still short.
LOOKAHEAD = 5
READ_ROUNDS = 3


def _ids(rows: Sequence[MemberRecommendation], kind: str) -> list[int]:
    return [int(row.ref) for row in rows if row.kind == kind and row.ref.isdigit()]


def _still_usable(session: Session, program_id: int, member_id: int, rows: Sequence[MemberRecommendation],
                  now: datetime, open_challenges: OpenChallenges | None) -> list[MemberRecommendation]:
    """The stored offers the member can still use now, in their order: one statement per kind of
    offer among them (rewards, coupons, challenges), none for products. Without `open_challenges`
    challenges are left out: only gamification can say which are still open."""
    rewards = repository.offerable_reward_ids(session, program_id, _ids(rows, "reward"), now)
    coupons = repository.usable_coupon_campaign_ids(session, program_id, member_id, _ids(rows, "coupon"), now,
                                                    excluded_kinds=NOT_OFFERED_COUPON_KINDS)
    challenge_ids = _ids(rows, "challenge")
    challenges = open_challenges(session=session, program_id=program_id, member_id=member_id,
                                 challenge_ids=challenge_ids, now=now) \
        if open_challenges is not None and challenge_ids else set()
    usable = {"reward": rewards, "coupon": coupons, "challenge": challenges}
    return [row for row in rows
            if row.kind == "product" or (row.ref.isdigit() and int(row.ref) in usable.get(row.kind, ()))]


def _read_usable(session: Session, *, program_id: int, member_id: int, shelf: Shelf, after_rank: int | None,
                 wanted: int, open_challenges: OpenChallenges | None) -> list[MemberRecommendation]:
    """Up to `wanted` entries after `after_rank` that the member can still use, in rank order."""
    now = clock.now()
    kept: list[MemberRecommendation] = []
    for _round in range(READ_ROUNDS):
        asked = wanted - len(kept) + (LOOKAHEAD if shelf == OFFERS else 0)
        rows = repository.member_list(session, program_id=program_id, member_id=member_id, shelf=shelf,
                                      after_rank=after_rank, limit=asked)
        kept += rows if shelf == PRODUCTS else _still_usable(session, program_id, member_id, rows, now,
                                                             open_challenges)
        if len(kept) >= wanted or len(rows) < asked:
            break
        after_rank = rows[-1].rank
    return kept[:wanted]


def member_recommendations(*, session: Session, program_id: int, member_id: int, shelf: Shelf = PRODUCTS,
                           after_rank: int | None = None, limit: int = 10,
                           open_challenges: OpenChallenges | None = None) -> Slice[RecommendationRead]:
    """A page of the member's list in rank order (paged by rank), the offers the member can no
    longer use left out (a reward withdrawn, sold out or out of its window; a coupon used up,
    expired or voided; a challenge completed, ended or deactivated): the nightly list may be a
    day old. A range read of the primary key plus one read per kind of offer; a few more entries
    are read than asked, so the page stays full while the list has usable ones. The caller checks
    that the member is the program's (an unknown member simply has no list)."""
    paging.check_limit(limit)
    rows = _read_usable(session, program_id=program_id, member_id=member_id, shelf=shelf, after_rank=after_rank,
                        wanted=limit + 1, open_challenges=open_challenges)
    return paging.slice_of(rows, limit, key=lambda row: row.rank).map(RecommendationRead.model_validate)


def products_for_members(*, session: Session, program_id: int, member_ids: Sequence[int], limit: int = 5
                         ) -> dict[int, list[RecommendationRead]]:
    """The first `limit` recommended products of each member, in one query (members without a list: []).
    Products need no check at read time: the program keeps no catalogue that could withdraw one."""
    found: dict[int, list[RecommendationRead]] = {member_id: [] for member_id in member_ids}
    for row in repository.members_lists(session, program_id=program_id, member_ids=member_ids, shelf=PRODUCTS,
                                        limit=limit):
        found.setdefault(row.member_id, []).append(RecommendationRead.model_validate(row))
    return found


def offer_to_mention(*, session: Session, program_id: int, member_id: int,
                     open_challenges: OpenChallenges | None = None) -> RecommendationRead | None:
    """The member's best offer they can still use, for the till."""
    page = member_recommendations(session=session, program_id=program_id, member_id=member_id, shelf=OFFERS,
                                  limit=1, open_challenges=open_challenges)
    return page.items[0] if page.items else None


def member_data(*, session: Session, program_id: int, member_id: int) -> dict[str, list[dict[str, Any]]]:
    """The member's stored lists as the last run left them, stale offers included (their data
    export shows what is kept, not what a screen would show)."""
    shelves: dict[str, list[dict[str, Any]]] = {PRODUCTS: [], OFFERS: []}
    for row in repository.member_rows(session, program_id=program_id, member_id=member_id):
        shelves.setdefault(row.shelf, []).append(RecommendationRead.model_validate(row).model_dump(mode="json"))
    return shelves


def latest_run(*, session: Session, program_id: int) -> RecommendationRunRead | None:
    run = repository.latest_run(session, program_id)
    return None if run is None else RecommendationRunRead.model_validate(run)
