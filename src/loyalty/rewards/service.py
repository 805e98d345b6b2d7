"""The rewards catalogue and redemptions.

Every function works in the caller's session and never commits; each change of state
writes its event row in the same transaction.

Redeeming takes the points, the member's allowance, the stock and the code in one
transaction, each by a guarded statement whose row count says whether it won, so two
members racing for the last item never both get it and a limit is never passed. Locks are
always taken in one order, the member's wallet, then their usage counter, then the reward,
then a code: a redemption and a cancellation of the same member and reward queue instead
of deadlocking. A refused redemption raises, and the caller's rollback undoes whatever
was already taken.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loyalty.events import service as events
from loyalty.kernel import clock, paging
from loyalty.kernel.errors import Conflict, DomainError, Invalid, NotFound
from loyalty.kernel.paging import Slice
from loyalty.ledger import service as ledger
from loyalty.members import service as members
from loyalty.members.models import Member
from loyalty.programs import config_cache
from loyalty.programs.models import Program
from loyalty.rewards import domain, receipt, repository
from loyalty.rewards.domain import (
    CANCELLED,
    CASHBACK,
    CASHBACK_UNIT,
    COUPON,
    DONATION,
    E_VOUCHER,
    PHYSICAL,
    STAMP_CARD,
    STAMPS_UNIT,
    VARIABLE_PRICE_KINDS,
    CouponCampaign,
    MemberPosition,
    Refusal,
    RewardTerms,
)
from loyalty.rewards.models import Cause, CodePool, Redemption, Reward
from loyalty.rewards.schemas import (
    CatalogueItemRead,
    CatalogueRead,
    CauseCreate,
    CauseUpdate,
    CodeImportRead,
    CodePoolCreate,
    CodePoolRead,
    CodePoolUpdate,
    RedemptionCreate,
    RedemptionRead,
    RefusalRead,
    RewardCreate,
    RewardRead,
    RewardUpdate,
    StampCardRead,
    StatusChange,
    StatusEntryRead,
    StockChange,
)
from loyalty.rules import service as rules
from loyalty.segment_membership.lookup import member_segment_ids, segment_exists
from loyalty.tiers import service as tiers
from loyalty.vouchers import service as vouchers

SYSTEM_ACTOR = "system:rewards"


# --- the neighbours: tiers and vouchers -------------------------------------------------------
# Each is reached through one function here, so the rest of the domain does not care how.

PUBLISH_ATTEMPTS = 5


def _member_tier_code(session: Session, program: Program, member_id: int) -> str | None:
    """The code of the member's current tier, or None when the program has no tiers."""
    return tiers.member_tier_code(session=session, program_id=program.id, member_id=member_id)


@dataclass(frozen=True)
class IssuedCoupon:
    code_id: int
    code: str


def _check_voucher_campaign(session: Session, program: Program, campaign_id: int) -> None:
    vouchers.get_campaign(session=session, program_id=program.id, campaign_id=campaign_id)


# A member's catalogue counts a coupon campaign's codes still to publish up to this many, so
# that reading it costs the same for a campaign of 500,000 codes as for one of ten: its
# `available` then says at most this many for a coupon without a smaller stock ("plenty"),
# while the staff's reward reads keep the exact count.
CATALOGUE_CODES_COUNTED = 100


def _coupon_campaigns(session: Session, program: Program, rewards: Sequence[Reward], *,
                      count_up_to: int | None) -> dict[int, CouponCampaign]:
    """The campaigns the coupon and stamp-card rewards publish their codes from, in one query,
    with their codes still to publish counted up to `count_up_to` (None: all)."""
    return _campaigns_by_id(session, program, [reward.voucher_campaign_id for reward in rewards
                                               if reward.voucher_campaign_id is not None], count_up_to=count_up_to)


def _campaigns_by_id(session: Session, program: Program, campaign_ids: Sequence[int], *,
                     count_up_to: int | None) -> dict[int, CouponCampaign]:
    states = vouchers.publishing_states(session=session, program_id=program.id, campaign_ids=campaign_ids,
                                        count_up_to=count_up_to)
    return {campaign_id: CouponCampaign(is_active=state.is_active, ends_at=state.ends_at,
                                        codes_to_publish=state.codes_to_publish)
            for campaign_id, state in states.items()}


# What the campaign says when it cannot publish a code after all (it changed since the check).
_COUPON_GONE = ("not_enough_codes", "voucher_campaign_inactive", "voucher_campaign_ended")


def _issue_coupon(session: Session, program: Program, *, campaign_id: int, member_id: int,
                  actor: str) -> IssuedCoupon:
    """Publish one of the campaign's unpublished codes to the member, in this transaction.

    Another publication may take the code this one picked between its read and its guarded
    update; the savepoint lets the next attempt pick again. A campaign stopped, ended or
    emptied since the member's check refuses as the check would have (`coupon_unavailable`,
    `out_of_stock`), and the caller's rollback gives everything back.
    """
    for _attempt in range(PUBLISH_ATTEMPTS):
        try:
            with session.begin_nested():
                published = vouchers.publish_codes(session=session, program=program, campaign_id=campaign_id,
                                                   member_ids=[member_id], actor=actor)
        except Conflict as error:
            if error.code == "publish_conflict":
                continue
            if error.code in _COUPON_GONE:
                # Only whether a code is left decides the refusal: one is enough to count.
                campaign = _campaigns_by_id(session, program, [campaign_id], count_up_to=1).get(campaign_id)
                refusal = domain.coupon_refusal(campaign, now=clock.now(), timezone=program.timezone) \
                    if campaign is not None else None
                raise _refusal_error(refusal or Refusal("out_of_stock", "Out of stock.")) from None
            raise
        return IssuedCoupon(code_id=published[0].id, code=published[0].code)
    raise Conflict("The coupon's codes are being handed out very fast; try again.", code="publish_conflict")


# --- rewards ----------------------------------------------------------------------------------


def _definition(values: dict[str, Any]) -> domain.Definition:
    return domain.Definition(
        kind=values["kind"], names=values["names"], points_price=values["points_price"],
        money_price=values["money_price_minor"], starts_at=values["starts_at"], ends_at=values["ends_at"],
        code_pool_id=values["code_pool_id"], voucher_campaign_id=values["voucher_campaign_id"],
        cause_id=values["cause_id"], cashback_rate=values["cashback_rate"],
    )


def _check_segment(session: Session, program: Program, segment_id: int | None) -> None:
    if segment_id is not None and not segment_exists(session, program_id=program.id, segment_id=segment_id):
        raise Invalid(f"Segment {segment_id} does not exist in this program.", code="unknown_segment",
                      field="segment_id")


def _check_eligible_tiers(session: Session, program: Program, codes: Sequence[str] | None) -> None:
    """Every code names one of the program's tier levels (422 `unknown_tier` otherwise). The
    tier setup stays locked until commit, so the level cannot be deleted in between (see
    `delete_tier_level`)."""
    if codes:
        known = [level.code for level in tiers.lock_levels(session=session, program_id=program.id)]
        domain.check_eligible_tiers(codes, known)


# Ids and names of each kind of user in the refusal's message; `details` lists every one.
_NAMED_PER_KIND = 10
# Where each kind of user names a tier level, as the refusal's message says it.
_TIER_USER_PLACES = {"rewards": "the eligible_tiers of rewards", "rules": "the conditions of earning rules",
                     "voucher_campaigns": "the conditions of voucher campaigns"}


def _tier_users(session: Session, program: Program, code: str) -> dict[str, list[dict[str, Any]]]:
    """Whatever names tier `code`, by kind in this order (kinds naming it only): rewards in their
    `eligible_tiers`, rules (their current versions) and voucher campaigns in their conditions;
    active or not, each as {id, name} by id."""
    rewards = [{"id": reward.id, "name": domain.localized(reward.names, program.locale, program.locale) or ""}
               for reward in repository.list_rewards(session, program_id=program.id)
               if code in (reward.eligible_tiers or [])]
    named_rules = rules.rules_naming_tier(session=session, program_id=program.id, code=code)
    campaigns = vouchers.campaigns_naming_tier(session=session, program_id=program.id, code=code)
    users = {"rewards": rewards,
             "rules": [{"id": rule_id, "name": name} for rule_id, name in named_rules],
             "voucher_campaigns": [{"id": campaign_id, "name": name} for campaign_id, name in campaigns]}
    return {kind: named for kind, named in users.items() if named}


def _tier_in_use_message(code: str, users: dict[str, list[dict[str, Any]]]) -> str:
    places = []
    for kind, named in users.items():
        listed = ", ".join(f"{user['id']} ({user['name']})" for user in named[:_NAMED_PER_KIND])
        more = f" and {len(named) - _NAMED_PER_KIND} more" if len(named) > _NAMED_PER_KIND else ""
        places.append(f"{_TIER_USER_PLACES[kind]} {listed}{more}")
    return f"Tier '{code}' is in {'; in '.join(places)}; take it out of them first."


def delete_tier_level(*, session: Session, program: Program, tier_id: int, actor: str) -> None:
    """Delete a tier level (see `tiers.service.delete_level`), refused with 409 `tier_in_use`
    while something names its code, active or not: a reward in its `eligible_tiers` (it would be
    for a level nobody can be in, unredeemable by every member, and back on sale to whoever is
    in a level created later with that code), an earning rule's current version or a voucher
    campaign in its conditions ("Gold members earn double" would silently stop matching).
    `details.in_use_by` is the first kind found of `rewards`, `rules`, `voucher_campaigns`, and
    `details` lists each kind that names it ([{id, name}], every one; the message names the first
    ten of each). The tier setup is locked before any of them is read, as creating or changing
    one that names a tier locks it before checking its tiers."""
    tiers.lock_levels(session=session, program_id=program.id)
    level = tiers.get_level(session=session, program_id=program.id, tier_id=tier_id)
    users = _tier_users(session, program, level.code)
    if users:
        raise Conflict(_tier_in_use_message(level.code, users), code="tier_in_use",
                       details={"in_use_by": next(iter(users)), **users})
    tiers.delete_level(session=session, program=program, tier_id=tier_id, actor=actor)


def _check_references(session: Session, program: Program, values: dict[str, Any]) -> None:
    if values["code_pool_id"] is not None:
        get_code_pool(session=session, program_id=program.id, pool_id=values["code_pool_id"])
    if values["cause_id"] is not None:
        get_cause(session=session, program_id=program.id, cause_id=values["cause_id"])
    if values["voucher_campaign_id"] is not None:
        _check_voucher_campaign(session, program, values["voucher_campaign_id"])


def create_reward(*, session: Session, program: Program, data: RewardCreate, actor: str) -> Reward:
    """Add a reward to the catalogue; 422 naming the field when it does not fit its kind or
    names a tier the program does not have."""
    now = clock.now()
    values: dict[str, Any] = {
        "kind": data.kind, "names": data.names, "descriptions": data.descriptions, "image_urls": data.image_urls,
        "images_by_language": data.images_by_language,
        "unit": domain.unit_for(data.kind), "points_price": data.points_price, "money_price_minor": data.money_price,
        "stock": data.stock, "limit_per_member": data.limit_per_member, "limit_total": data.limit_total,
        "starts_at": data.starts_at, "ends_at": data.ends_at, "eligible_tiers": data.eligible_tiers,
        "code_pool_id": data.code_pool_id, "voucher_campaign_id": data.voucher_campaign_id,
        "cause_id": data.cause_id, "cashback_rate": data.cashback_rate, "is_active": data.is_active,
        "segment_id": data.segment_id,
    }
    domain.check_definition(_definition(values), program_units=program.units, program_locale=program.locale)
    _check_eligible_tiers(session, program, data.eligible_tiers)
    _check_segment(session, program, data.segment_id)
    _check_references(session, program, values)
    reward = Reward(program_id=program.id, redeemed_count=0, created_at=now, updated_at=now, **values)
    repository.add(session, reward)
    config_cache.changed(session, program.id)
    events.record(session=session, program_id=program.id, type="reward.created", actor=actor,
                  payload={"reward_id": reward.id, "kind": reward.kind, "points_price": reward.points_price})
    return reward


def get_reward(*, session: Session, program_id: int, reward_id: int, lock: bool = False) -> Reward:
    reward = repository.get_reward(session, program_id=program_id, reward_id=reward_id, lock=lock)
    if reward is None:
        raise NotFound(f"Reward {reward_id} does not exist.", code="reward_not_found")
    return reward


def list_rewards(*, session: Session, program_id: int, kind: str | None = None, is_active: bool | None = None,
                 after_id: int | None = None, limit: int = 50) -> Slice[Reward]:
    """The program's rewards, oldest first, paged by id."""
    paging.check_limit(limit)
    rows = repository.list_rewards(session, program_id=program_id, kind=kind, is_active=is_active,
                                   after_id=after_id, limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda reward: reward.id)


_UPDATE_COLUMNS = {"money_price": "money_price_minor"}


def update_reward(*, session: Session, program: Program, reward_id: int, data: RewardUpdate,
                  actor: str) -> Reward:
    """Change only the fields sent (null clears an optional one); the kind never changes."""
    reward = get_reward(session=session, program_id=program.id, reward_id=reward_id, lock=True)
    changes = {_UPDATE_COLUMNS.get(name, name): getattr(data, name) for name in data.model_fields_set}
    for required in ("names", "points_price", "money_price_minor", "descriptions", "image_urls",
                     "images_by_language", "eligible_tiers", "is_active"):
        if required in changes and changes[required] is None:
            raise Invalid(f"{required} cannot be null.", code="invalid_value", field=required)
    merged = {column: getattr(reward, column) for column in (
        "kind", "names", "points_price", "money_price_minor", "starts_at", "ends_at", "code_pool_id",
        "voucher_campaign_id", "cause_id", "cashback_rate")}
    merged.update({name: value for name, value in changes.items() if name in merged})
    domain.check_definition(_definition(merged), program_units=program.units, program_locale=program.locale)
    _check_eligible_tiers(session, program, changes.get("eligible_tiers"))
    _check_segment(session, program, changes.get("segment_id"))
    _check_references(session, program, {name: changes.get(name) for name in (
        "code_pool_id", "cause_id", "voucher_campaign_id")})
    changed = sorted(name for name, value in changes.items() if getattr(reward, name) != value)
    if changed:
        for name in changed:
            setattr(reward, name, changes[name])
        reward.updated_at = clock.now()
        session.flush()
        config_cache.changed(session, program.id)
        events.record(session=session, program_id=program.id, type="reward.updated", actor=actor,
                      payload={"reward_id": reward.id, "fields": changed})
    return reward


def change_stock(*, session: Session, program: Program, reward_id: int, data: StockChange, actor: str) -> Reward:
    """Add to or take from the stock in SQL (never below zero, also against concurrent
    redemptions), or set it outright (null: unlimited)."""
    reward = get_reward(session=session, program_id=program.id, reward_id=reward_id)
    before = reward.stock
    now = clock.now()
    if "set" in data.model_fields_set:
        repository.set_stock(session, reward_id=reward.id, stock=data.set, now=now)
    else:
        assert data.add is not None
        if reward.stock is None:
            raise Conflict("This reward's stock is unlimited; set a number first.", code="stock_unlimited",
                           field="add")
        if repository.add_to_stock(session, reward_id=reward.id, amount=data.add, now=now) is None:
            raise Conflict(f"Only {get_reward(session=session, program_id=program.id, reward_id=reward.id).stock} "
                           f"left; cannot remove {-data.add}.", code="stock_would_go_negative", field="add")
    reward = get_reward(session=session, program_id=program.id, reward_id=reward.id)
    events.record(session=session, program_id=program.id, type="reward.stock_changed", actor=actor,
                  payload={"reward_id": reward.id, "before": before, "after": reward.stock})
    return reward


def reward_reads(*, session: Session, program: Program, rewards: Sequence[Reward]) -> list[RewardRead]:
    """Read models with what is still available (one query for every code pool involved, one for
    every coupon campaign).

    The staff see the exact number of a coupon's codes still to publish, to know when to
    generate more: these reads are theirs, rare next to the members' catalogue reads, and the
    count walks only the codes still to publish (`ix_voucher_codes_unpublished`)."""
    remaining = repository.pools_remaining(
        session, pool_ids=[reward.code_pool_id for reward in rewards if reward.code_pool_id is not None])
    campaigns = _coupon_campaigns(session, program, rewards, count_up_to=None)
    return [RewardRead(
        id=reward.id, kind=reward.kind,  # type: ignore[arg-type]
        names=reward.names, descriptions=reward.descriptions or {}, image_urls=reward.image_urls or [],
        images_by_language=reward.images_by_language or {},
        unit=reward.unit, points_price=reward.points_price, money_price=reward.money_price_minor,
        currency=program.currency, stock=reward.stock,
        available=_available(reward, remaining, campaigns),
        redeemed_count=reward.redeemed_count, limit_per_member=reward.limit_per_member,
        limit_total=reward.limit_total, starts_at=reward.starts_at, ends_at=reward.ends_at,
        eligible_tiers=reward.eligible_tiers or [], segment_id=reward.segment_id, code_pool_id=reward.code_pool_id,
        voucher_campaign_id=reward.voucher_campaign_id, cause_id=reward.cause_id,
        cashback_rate=reward.cashback_rate, is_active=reward.is_active, created_at=reward.created_at,
        updated_at=reward.updated_at,
    ) for reward in rewards]


# --- code pools -------------------------------------------------------------------------------


def create_code_pool(*, session: Session, program: Program, data: CodePoolCreate, actor: str) -> CodePool:
    pool = CodePool(program_id=program.id, name=data.name.strip(), low_threshold=data.low_threshold,
                    codes_total=0, codes_used=0, created_at=clock.now())
    repository.add(session, pool)
    events.record(session=session, program_id=program.id, type="code_pool.created", actor=actor,
                  payload={"pool_id": pool.id, "name": pool.name})
    return pool


def get_code_pool(*, session: Session, program_id: int, pool_id: int) -> CodePool:
    pool = repository.get_pool(session, program_id=program_id, pool_id=pool_id)
    if pool is None:
        raise NotFound(f"Code pool {pool_id} does not exist.", code="code_pool_not_found", field="code_pool_id")
    return pool


def list_code_pools(*, session: Session, program_id: int, after_id: int | None = None,
                    limit: int = 50) -> Slice[CodePool]:
    """The program's code pools, oldest first, paged by id."""
    paging.check_limit(limit)
    rows = repository.list_pools(session, program_id=program_id, after_id=after_id, limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda pool: pool.id)


def update_code_pool(*, session: Session, program: Program, pool_id: int, data: CodePoolUpdate,
                     actor: str) -> CodePool:
    pool = get_code_pool(session=session, program_id=program.id, pool_id=pool_id)
    changed = []
    if data.name is not None and data.name.strip() != pool.name:
        pool.name = data.name.strip()
        changed.append("name")
    if data.low_threshold is not None and data.low_threshold != pool.low_threshold:
        pool.low_threshold = data.low_threshold
        changed.append("low_threshold")
    if changed:
        session.flush()
        events.record(session=session, program_id=program.id, type="code_pool.updated", actor=actor,
                      payload={"pool_id": pool.id, "fields": changed})
    return pool


def code_pool_read(pool: CodePool) -> CodePoolRead:
    return CodePoolRead(
        id=pool.id, name=pool.name, low_threshold=pool.low_threshold, codes_total=pool.codes_total,
        codes_used=pool.codes_used, codes_available=pool.codes_total - pool.codes_used,
        is_low=domain.is_low(codes_total=pool.codes_total, codes_used=pool.codes_used,
                             low_threshold=pool.low_threshold),
        low_warned_at=pool.low_warned_at, created_at=pool.created_at,
    )


def import_codes(*, session: Session, program: Program, pool_id: int, csv_text: str, actor: str) -> CodeImportRead:
    """Add a partner's codes from CSV, all or none; every problem is named by its line."""
    pool = get_code_pool(session=session, program_id=program.id, pool_id=pool_id)
    lines = domain.parse_code_file(csv_text)
    existing = repository.codes_already_in_pool(session, pool_id=pool.id, codes=[line.code for line in lines])
    if existing:
        raise domain.code_file_error([{"line": line.line, "message": f"code {line.code!r} is already in this pool"}
                                      for line in lines if line.code in existing])
    now = clock.now()
    rows = [{"program_id": program.id, "pool_id": pool.id, "code": line.code, "imported_at": now} for line in lines]
    try:
        with session.begin_nested():
            repository.insert_codes(session, rows)
    except IntegrityError:
        raise Conflict("Some of these codes were imported into this pool at the same moment by another request; "
                       "nothing from this file was imported. Import it again to see which.",
                       code="codes_imported_concurrently") from None
    repository.add_codes_to_pool(session, pool_id=pool.id, count=len(rows))
    pool = get_code_pool(session=session, program_id=program.id, pool_id=pool.id)
    events.record(session=session, program_id=program.id, type="code_pool.codes_imported", actor=actor,
                  payload={"pool_id": pool.id, "imported": len(rows)})
    read = code_pool_read(pool)
    return CodeImportRead(pool_id=pool.id, imported=len(rows), codes_available=read.codes_available,
                          is_low=read.is_low)


def hand_out_code(session: Session, program: Program, pool_id: int, actor: str) -> tuple[int, str]:
    """The pool's next unused code; warns once (`code_pool.low`) when the pool dips below its threshold."""
    now = clock.now()
    taken = repository.take_code(session, pool_id=pool_id, now=now)
    if taken is None:
        raise Conflict("No codes are left for this reward.", code="out_of_stock")
    total, used, threshold, warned_at = repository.count_code_used(session, pool_id=pool_id)
    if (warned_at is None and domain.is_low(codes_total=total, codes_used=used, low_threshold=threshold)
            and repository.mark_pool_warned(session, pool_id=pool_id, now=now)):
        events.record(session=session, program_id=program.id, type="code_pool.low", actor=actor,
                      payload={"pool_id": pool_id, "codes_available": total - used, "low_threshold": threshold})
    return taken


# --- causes -----------------------------------------------------------------------------------


def create_cause(*, session: Session, program: Program, data: CauseCreate, actor: str) -> Cause:
    now = clock.now()
    cause = Cause(program_id=program.id, name=data.name.strip(), description=data.description,
                  is_active=data.is_active, points_total=0, donations_count=0, created_at=now, updated_at=now)
    repository.add(session, cause)
    events.record(session=session, program_id=program.id, type="cause.created", actor=actor,
                  payload={"cause_id": cause.id, "name": cause.name})
    return cause


def get_cause(*, session: Session, program_id: int, cause_id: int) -> Cause:
    cause = repository.get_cause(session, program_id=program_id, cause_id=cause_id)
    if cause is None:
        raise NotFound(f"Cause {cause_id} does not exist.", code="cause_not_found", field="cause_id")
    return cause


def list_causes(*, session: Session, program_id: int, after_id: int | None = None,
                limit: int = 50) -> Slice[Cause]:
    """The program's causes, oldest first, paged by id."""
    paging.check_limit(limit)
    rows = repository.list_causes(session, program_id=program_id, after_id=after_id, limit=limit + 1)
    return paging.slice_of(rows, limit, key=lambda cause: cause.id)


def update_cause(*, session: Session, program: Program, cause_id: int, data: CauseUpdate, actor: str) -> Cause:
    cause = get_cause(session=session, program_id=program.id, cause_id=cause_id)
    changes = {name: getattr(data, name) for name in data.model_fields_set}
    for required in ("name", "is_active"):
        if required in changes and changes[required] is None:
            raise Invalid(f"{required} cannot be null.", code="invalid_value", field=required)
    changed = sorted(name for name, value in changes.items() if getattr(cause, name) != value)
    if changed:
        for name in changed:
            setattr(cause, name, changes[name])
        cause.updated_at = clock.now()
        session.flush()
        events.record(session=session, program_id=program.id, type="cause.updated", actor=actor,
                      payload={"cause_id": cause.id, "fields": changed})
    return cause


# --- who may redeem what ----------------------------------------------------------------------


def _available(reward: Reward, pool_remaining: dict[int, int], campaigns: dict[int, CouponCampaign]) -> int | None:
    """The stock, or the codes left to hand out if fewer: a pool's unused codes, a coupon campaign's
    codes still to publish."""
    codes_left = None
    if reward.code_pool_id is not None:
        codes_left = pool_remaining.get(reward.code_pool_id)
    elif reward.voucher_campaign_id is not None and reward.voucher_campaign_id in campaigns:
        codes_left = campaigns[reward.voucher_campaign_id].codes_to_publish
    return domain.available_stock(reward.stock, codes_left)


def _terms(reward: Reward, pool_remaining: dict[int, int], campaigns: dict[int, CouponCampaign]) -> RewardTerms:
    return RewardTerms(
        kind=reward.kind, unit=reward.unit, points_price=reward.points_price,
        available=_available(reward, pool_remaining, campaigns),
        redeemed_count=reward.redeemed_count, limit_total=reward.limit_total,
        limit_per_member=reward.limit_per_member, starts_at=reward.starts_at, ends_at=reward.ends_at,
        eligible_tiers=reward.eligible_tiers or [], segment_id=reward.segment_id,
        campaign=campaigns.get(reward.voucher_campaign_id) if reward.voucher_campaign_id is not None else None,
    )


def _refusal_error(refusal: Refusal, everything: Sequence[Refusal] = ()) -> Conflict:
    reasons = [{"code": r.code, "message": r.message} for r in (everything or [refusal])]
    return Conflict(refusal.message, code=refusal.code, details={"reasons": reasons})


def catalogue(*, session: Session, program: Program, member_id: int, language: str | None = None) -> CatalogueRead:
    """The active rewards as this member sees them: names in their language, and for each
    whether they can redeem it now and every reason why not. A coupon's `available` counts its
    campaign's codes only up to CATALOGUE_CODES_COUNTED: every member's app reads this page."""
    member = members.get_member(session=session, program_id=program.id, member_id=member_id)
    wanted = language or member.preferred_language
    rewards = list(repository.catalogue_rewards(session, program_id=program.id))
    causes = {cause.id: cause for cause in repository.list_causes(session, program_id=program.id)}
    # A reward for a cause the program has closed is withdrawn with it.
    rewards = [reward for reward in rewards if reward.cause_id is None or causes[reward.cause_id].is_active]
    balances = {unit: figures["available"] for unit, figures in
                ledger.wallet_summary(session=session, program=program, member_id=member.id).items()}
    usage = repository.usage_of(session, member_id=member.id, reward_ids=[reward.id for reward in rewards])
    remaining = repository.pools_remaining(
        session, pool_ids=[reward.code_pool_id for reward in rewards if reward.code_pool_id is not None])
    campaigns = _coupon_campaigns(session, program, rewards, count_up_to=CATALOGUE_CODES_COUNTED)
    tier = _member_tier_code(session, program, member.id)
    segment_ids = member_segment_ids(session, program_id=program.id, member_id=member.id) \
        if any(reward.segment_id is not None for reward in rewards) else []
    now = clock.now()
    items = []
    for reward in rewards:
        terms = _terms(reward, remaining, campaigns)
        position = MemberPosition(balance=balances.get(reward.unit, 0), redeemed=usage.get(reward.id, 0),
                                  tier=tier, is_blocked=member.status == "blocked", segments=segment_ids)
        found = domain.refusals(terms, position, now=now, timezone=program.timezone)
        items.append(CatalogueItemRead(
            reward_id=reward.id, kind=reward.kind,  # type: ignore[arg-type]
            name=domain.localized(reward.names, wanted, program.locale) or "",
            description=domain.localized(reward.descriptions or {}, wanted, program.locale),
            image_urls=domain.localized_images(reward.images_by_language or {}, reward.image_urls or [], wanted),
            unit=reward.unit, points_price=reward.points_price,
            variable_points=reward.kind in VARIABLE_PRICE_KINDS, money_price=reward.money_price_minor,
            currency=program.currency, available=terms.available, starts_at=reward.starts_at,
            ends_at=reward.ends_at, eligible_tiers=reward.eligible_tiers or [],
            limit_per_member=reward.limit_per_member, redeemed_by_member=usage.get(reward.id, 0),
            cashback_rate=reward.cashback_rate, cause_id=reward.cause_id, can_redeem=not found,
            reasons=[RefusalRead(code=r.code, message=r.message) for r in found],
        ))
    return CatalogueRead(member_id=member.id, language=wanted or program.locale, tier=tier, balances=balances,
                         items=items)


def _refuse_unless_redeemable(session: Session, program: Program, member: Member, reward: Reward,
                              points: int) -> None:
    """The friendly check before anything is taken: the first reason, with all of them in details.

    The guarded statements in `_take` enforce the same limits again against concurrent requests.
    """
    balance = ledger.wallet_summary(session=session, program=program, member_id=member.id)
    tier = _member_tier_code(session, program, member.id) if reward.eligible_tiers else None
    remaining = repository.pools_remaining(session, pool_ids=[reward.code_pool_id] if reward.code_pool_id else [])
    position = MemberPosition(
        balance=balance.get(reward.unit, {}).get("available", 0),
        redeemed=repository.usage_of(session, member_id=member.id, reward_ids=[reward.id]).get(reward.id, 0),
        tier=tier, is_blocked=member.status == "blocked",
        segments=member_segment_ids(session, program_id=program.id, member_id=member.id)
        if reward.segment_id is not None else (),
    )
    # Whether one code is left is all the checks ask of the campaign (`out_of_stock` at none).
    campaigns = _coupon_campaigns(session, program, [reward], count_up_to=1)
    found = domain.refusals(_terms(reward, remaining, campaigns), position, now=clock.now(),
                            timezone=program.timezone, points=points)
    if found:
        raise _refusal_error(found[0], found)


def _points_for(reward: Reward, points: int | None) -> int:
    if reward.kind in VARIABLE_PRICE_KINDS:
        if points is None:
            return reward.points_price
        if points < reward.points_price:
            raise Invalid(f"Give at least {reward.points_price} points for this reward.", code="points_too_few",
                          field="points")
        return points
    if points is not None and points != reward.points_price:
        raise Invalid(f"This reward costs exactly {reward.points_price} {reward.unit}; leave points out.",
                      code="not_applicable", field="points")
    return reward.points_price


def _address_lines(address: dict[str, Any] | None) -> list[str]:
    if not address:
        return []
    city = " ".join(part for part in (address.get("postal_code"), address.get("city")) if part)
    lines = [address.get("line1"), address.get("line2"), city, address.get("region"), address.get("country")]
    return [line for line in lines if line]


def _delivery_address(reward: Reward, member: Member, data: RedemptionCreate) -> dict[str, Any] | None:
    if reward.kind != PHYSICAL:
        if data.delivery_address is not None:
            raise Invalid("Only physical items are delivered; leave delivery_address out.",
                          code="not_applicable", field="delivery_address")
        return None
    address = (data.delivery_address.model_dump(exclude_none=True) if data.delivery_address is not None
               else dict(member.address or {}))
    if not address.get("line1") or not address.get("city") or not address.get("country"):
        raise Invalid("A physical item needs a delivery address with at least line1, city and country "
                      "(the member has none on file).", code="delivery_address_required",
                      field="delivery_address")
    return address


def redeem(*, session: Session, program: Program, member_id: int, data: RedemptionCreate,
           actor: str) -> Redemption:
    """Redeem a reward for a member: points, allowance, stock and code in the caller's transaction.

    Refusals are 409 with the reason's code (insufficient_points, out_of_stock,
    member_limit_reached, total_limit_reached, tier_not_eligible, outside_validity,
    coupon_unavailable, member_blocked) and every reason in `details.reasons`. Not idempotent by itself: the
    API wraps it in an Idempotency-Key.
    """
    member = members.get_member(session=session, program_id=program.id, member_id=member_id)
    reward = get_reward(session=session, program_id=program.id, reward_id=data.reward_id)
    if not reward.is_active:
        raise Conflict("This reward has been withdrawn from the catalogue.", code="reward_inactive")
    if reward.kind == STAMP_CARD:
        raise Conflict("A stamp card fills itself: its coupon is issued when the member's stamps reach its size.",
                       code="reward_not_redeemable")
    if reward.cause_id is not None and not get_cause(session=session, program_id=program.id,
                                                     cause_id=reward.cause_id).is_active:
        raise Conflict("This cause no longer takes donations.", code="cause_inactive")
    points = _points_for(reward, data.points)
    address = _delivery_address(reward, member, data)
    _refuse_unless_redeemable(session, program, member, reward, points)
    return _take(session, program, member, reward, points=points, address=address,
                 language=data.language or member.preferred_language, actor=actor)


def _take(session: Session, program: Program, member: Member, reward: Reward, *, points: int,
          address: dict[str, Any] | None, language: str | None, actor: str) -> Redemption:
    """The writes of a redemption, in lock order (wallet, usage, reward, code); raises when a
    concurrent request won a limit first, and the caller's rollback undoes the rest."""
    name_language = domain.pick_language(reward.names, language, program.locale) or program.locale
    name = reward.names.get(name_language, "")
    spent = ledger.spend(session=session, program=program, member_id=member.id, unit=reward.unit, points=points,
                         actor=actor, reason=f"Reward: {name}"[:500], details={"reward_id": reward.id})
    if not repository.take_member_use(session, program_id=program.id, reward_id=reward.id, member_id=member.id,
                                      limit=reward.limit_per_member):
        raise _refusal_error(Refusal("member_limit_reached", "The member has redeemed this reward as often as "
                                                             "it allows."))
    if not repository.consume_reward(session, reward_id=reward.id):
        fresh = get_reward(session=session, program_id=program.id, reward_id=reward.id)
        if fresh.stock is not None and fresh.stock <= 0:
            raise _refusal_error(Refusal("out_of_stock", "Out of stock."))
        raise _refusal_error(Refusal("total_limit_reached", "All redemptions this reward allows have been made."))
    now = clock.now()
    redemption = Redemption(
        program_id=program.id, member_id=member.id, reward_id=reward.id, kind=reward.kind,
        status=domain.initial_status(reward.kind), reward_name=name[:200], language=name_language,
        unit=reward.unit, points=points, money_minor=reward.money_price_minor, currency=program.currency,
        delivery_address=address, spend_transaction_id=spent.transaction_id,
        status_history=[{"status": domain.initial_status(reward.kind), "at": now.isoformat(), "actor": actor,
                         "note": None}],
        created_at=now, updated_at=now,
    )
    if reward.kind == E_VOUCHER:
        assert reward.code_pool_id is not None
        redemption.pool_code_id, redemption.code = hand_out_code(session, program, reward.code_pool_id, actor)
    elif reward.kind in (COUPON, STAMP_CARD):
        assert reward.voucher_campaign_id is not None
        coupon = _issue_coupon(session, program, campaign_id=reward.voucher_campaign_id, member_id=member.id,
                               actor=actor)
        redemption.voucher_code_id, redemption.code = coupon.code_id, coupon.code
    elif reward.kind == CASHBACK:
        assert reward.cashback_rate is not None
        redemption.cashback_minor = domain.cashback_for(points, reward.cashback_rate)
        redemption.credit_transaction_id = ledger.credit_cashback(
            session=session, program=program, member_id=member.id, unit=CASHBACK_UNIT,
            amount=redemption.cashback_minor, reason=f"Cashback for {points} {reward.unit}: {name}"[:500],
            actor=actor, details={"reward_id": reward.id}).transaction_id
    elif reward.kind == DONATION:
        assert reward.cause_id is not None
        redemption.cause_id = reward.cause_id
        repository.add_donation(session, cause_id=reward.cause_id, points=points)
    repository.add(session, redemption)
    events.record(session=session, program_id=program.id, member_id=member.id, type="reward.redeemed", actor=actor,
                  payload={"redemption_id": redemption.id, "reward_id": reward.id, "kind": reward.kind,
                           "unit": reward.unit, "points": points, "money": reward.money_price_minor,
                           "cashback": redemption.cashback_minor, "cause_id": redemption.cause_id,
                           "status": redemption.status})
    return redemption


# --- stamp cards ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StampCardsChecked:
    """The coupons issued for full cards, and the member's wallet summary as read for the check
    when no card was filled (nothing changed it since: the caller need not read it again)."""

    issued: list[Redemption]
    wallet: dict[str, dict[str, int]] | None = None


def _stamp_card_prices(session: Session, program: Program) -> list[tuple[int, int]]:
    """(reward id, card size) of the program's active stamp cards (cached with the program's config)."""
    return config_cache.cached(session, program.id, "stamp_cards", lambda: [
        (card.id, card.points_price) for card in repository.active_stamp_cards(session, program_id=program.id)])


def check_stamp_cards(*, session: Session, program: Program, member_id: int, actor: str) -> StampCardsChecked:
    """Fill every stamp card the member's stamps reach: for each full card the stamps are spent
    and the free-product coupon issued, at once, in the caller's transaction.

    Call it after stamps are earned or become available (the purchase service does; the release
    job calls `fill_stamp_cards`). A card that cannot be filled now (its limits, stock or
    validity, or the coupon campaign refusing) is skipped and the member keeps the stamps;
    nothing here makes the caller's transaction fail. Idempotent, also against a concurrent
    check of the same member: each card's stamps are spent by the ledger under the member's
    wallet lock, so of two checks only one finds them. Locks, as a redemption: the member's
    stamp accounts (pending, then wallet), then each card's usage counter and reward row, cards
    in id order, then a code.
    """
    if STAMPS_UNIT not in program.units:
        return StampCardsChecked([])
    prices = _stamp_card_prices(session, program)
    if not prices:
        return StampCardsChecked([])
    member = members.get_member(session=session, program_id=program.id, member_id=member_id)
    if member.status == "blocked":
        return StampCardsChecked([])
    wallet = _stamps_after_release(session, program, member)
    stamps = wallet[STAMPS_UNIT]["available"]
    issued: list[Redemption] = []
    for reward_id in [reward_id for reward_id, price in prices if price <= stamps]:
        issued.extend(_fill_card(session, program, member, reward_id, actor))
    return StampCardsChecked(issued, wallet=None if issued else wallet)


def _stamps_after_release(session: Session, program: Program, member: Member) -> dict[str, dict[str, int]]:
    """The member's wallet summary once their stamps whose time has come are available."""
    ledger.release_due_for_member(session=session, program=program, member_id=member.id, unit=STAMPS_UNIT)
    # Most purchases leave the card short: say so from the balance, without a savepoint per card.
    return ledger.wallet_summary(session=session, program=program, member_id=member.id)


def _fill_card(session: Session, program: Program, member: Member, reward_id: int, actor: str) -> list[Redemption]:
    """Fill the card as often as the member's stamps allow; the coupons issued."""
    issued: list[Redemption] = []
    card = get_reward(session=session, program_id=program.id, reward_id=reward_id)
    while True:
        try:
            # A savepoint per card: a refusal half-way undoes only this card's writes.
            with session.begin_nested():
                _refuse_unless_redeemable(session, program, member, card, card.points_price)
                redemption = _take(session, program, member, card, points=card.points_price, address=None,
                                   language=member.preferred_language, actor=actor)
        except DomainError:
            return issued
        issued.append(redemption)
        card = get_reward(session=session, program_id=program.id, reward_id=card.id)


def fill_stamp_cards(*, session: Session, program: Program, member_ids: Collection[int],
                     actor: str) -> list[Redemption]:
    """`check_stamp_cards` for many members at once (the release job: the members whose stamps
    it released, `ledger.JobCounts.released_members`); the coupons issued.

    It waits for no member: one whose stamp accounts another transaction holds is left alone
    (a purchase holding them fills the card itself when it earns stamps; otherwise the member's
    next purchase or release does). The job already holds the accounts of the members it
    released, so it leaves none of those. Then it goes card by card in id order, and through
    each card's members in id order: the order a purchase takes the cards' reward rows in, after
    its member's accounts, so a run and a purchase never wait for each other in a cycle.
    Idempotent, and safe beside a concurrent run or purchase: see `check_stamp_cards`.
    """
    if STAMPS_UNIT not in program.units:
        return []
    prices = _stamp_card_prices(session, program)
    if not prices or not member_ids:
        return []
    holders: list[tuple[Member, int]] = []
    for member_id in sorted(set(member_ids)):
        member = members.get_member(session=session, program_id=program.id, member_id=member_id)
        if member.status == "blocked":
            continue
        if not ledger.lock_member_unless_busy(session=session, program=program, member_id=member.id,
                                              unit=STAMPS_UNIT):
            continue  # a request holds their stamps: see above
        holders.append((member, _stamps_after_release(session, program, member)[STAMPS_UNIT]["available"]))
    issued: list[Redemption] = []
    for reward_id, price in prices:
        for member, stamps in holders:
            if price <= stamps:
                issued.extend(_fill_card(session, program, member, reward_id, actor))
    return issued


def stamp_cards(*, session: Session, program: Program, member_id: int, language: str | None = None,
                after_id: int | None = None, limit: int = 50) -> Slice[StampCardRead]:
    """The program's active stamp cards with the member's progress on each, paged by reward id."""
    paging.check_limit(limit)
    member = members.get_member(session=session, program_id=program.id, member_id=member_id)
    cards = repository.active_stamp_cards(session, program_id=program.id, after_id=after_id, limit=limit + 1)
    stamps = 0
    if cards and STAMPS_UNIT in program.units:
        stamps = ledger.wallet_summary(session=session, program=program, member_id=member.id)[STAMPS_UNIT]["available"]
    wanted = language or member.preferred_language
    return paging.slice_of(cards, limit, key=lambda card: card.id).map(lambda card: StampCardRead(
        reward_id=card.id, name=domain.localized(card.names, wanted, program.locale) or "",
        card_size=card.points_price, stamps=max(stamps, 0), stamps_to_go=max(card.points_price - max(stamps, 0), 0),
        voucher_campaign_id=card.voucher_campaign_id))


# --- redemptions after the fact ---------------------------------------------------------------


def get_redemption(*, session: Session, program_id: int, redemption_id: int,
                   member_id: int | None = None) -> Redemption:
    """One redemption of the program (and of the member, when given); 404 otherwise."""
    redemption = repository.get_redemption(session, program_id=program_id, redemption_id=redemption_id,
                                           member_id=member_id)
    if redemption is None:
        raise NotFound(f"Redemption {redemption_id} does not exist.", code="redemption_not_found")
    return redemption


def redemption_read(redemption: Redemption) -> RedemptionRead:
    return RedemptionRead(
        id=redemption.id, receipt_number=domain.receipt_number(redemption.id, redemption.created_at),
        member_id=redemption.member_id, reward_id=redemption.reward_id,
        kind=redemption.kind,  # type: ignore[arg-type]
        reward_name=redemption.reward_name,
        status=redemption.status,  # type: ignore[arg-type]
        allowed_transitions=list(domain.allowed_transitions(redemption.kind, redemption.status)),
        unit=redemption.unit, points=redemption.points, money=redemption.money_minor, currency=redemption.currency,
        code=redemption.code, cashback=redemption.cashback_minor, cause_id=redemption.cause_id,
        delivery_address=redemption.delivery_address,
        history=[StatusEntryRead.model_validate(entry) for entry in redemption.status_history or []],
        created_at=redemption.created_at, updated_at=redemption.updated_at,
    )


def _page(rows: Sequence[Redemption], limit: int) -> Slice[RedemptionRead]:
    return paging.slice_of(rows, limit, key=lambda redemption: redemption.id).map(redemption_read)


def member_redemptions(*, session: Session, program_id: int, member_id: int, before_id: int | None = None,
                       limit: int = 50) -> Slice[RedemptionRead]:
    """The member's redemptions, newest first, paged by id."""
    paging.check_limit(limit)
    members.get_member(session=session, program_id=program_id, member_id=member_id)
    return _page(repository.member_redemptions(session, program_id=program_id, member_id=member_id,
                                               before_id=before_id, limit=limit + 1), limit)


def list_redemptions(*, session: Session, program_id: int, status: str | None = None, before_id: int | None = None,
                     limit: int = 50) -> Slice[RedemptionRead]:
    """The program's redemptions, newest first, paged by id (`status="requested"` is the fulfilment queue)."""
    paging.check_limit(limit)
    return _page(repository.program_redemptions(session, program_id=program_id, status=status,
                                                before_id=before_id, limit=limit + 1), limit)


def change_status(*, session: Session, program: Program, redemption_id: int, data: StatusChange,
                  actor: str) -> Redemption:
    """Move a physical item's redemption along requested → confirmed → shipped → delivered, or
    cancel it before it ships, which gives back the points (a ledger credit), the member's
    allowance and the stock. Only allowed transitions (409 `transition_not_allowed`); of two
    concurrent changes from one status only one succeeds, so nothing is given back twice."""
    redemption = get_redemption(session=session, program_id=program.id, redemption_id=redemption_id)
    current = redemption.status
    domain.check_transition(redemption.kind, current, data.status)
    now = clock.now()
    history = [*(redemption.status_history or []),
               {"status": data.status, "at": now.isoformat(), "actor": actor, "note": data.note}]
    if not repository.set_status(session, redemption_id=redemption.id, current=current, wanted=data.status,
                                 history=history, now=now):
        fresh = get_redemption(session=session, program_id=program.id, redemption_id=redemption.id)
        domain.check_transition(fresh.kind, fresh.status, data.status)
        raise Conflict("The redemption changed while this request was made; read it and try again.",
                       code="redemption_changed")
    payload: dict[str, Any] = {"redemption_id": redemption.id, "reward_id": redemption.reward_id,
                               "from": current, "to": data.status, "note": data.note}
    if data.status == CANCELLED:
        number = domain.receipt_number(redemption.id, redemption.created_at)
        transaction_id = ledger.return_points(
            session=session, program=program, member_id=redemption.member_id, unit=redemption.unit,
            points=redemption.points, reason=f"Redemption {number} cancelled", actor=actor,
            details={"redemption_id": redemption.id}).transaction_id
        repository.set_return_transaction(session, redemption_id=redemption.id, transaction_id=transaction_id)
        repository.return_member_use(session, reward_id=redemption.reward_id, member_id=redemption.member_id)
        repository.release_reward(session, reward_id=redemption.reward_id)
        payload["points_returned"] = redemption.points
    events.record(session=session, program_id=program.id, member_id=redemption.member_id,
                  type=f"redemption.{data.status}", actor=actor, payload=payload)
    return get_redemption(session=session, program_id=program.id, redemption_id=redemption.id)


def _member_display_name(member: Member) -> str:
    full = " ".join(part for part in (member.first_name, member.last_name) if part)
    return full or member.email or member.phone or f"Member {member.id}"


def receipt_pdf(*, session: Session, program: Program, member_id: int, redemption_id: int) -> tuple[str, bytes]:
    """(receipt number, PDF bytes) of one of the member's redemptions; 404 for anyone else's."""
    member = members.get_member(session=session, program_id=program.id, member_id=member_id)
    redemption = get_redemption(session=session, program_id=program.id, redemption_id=redemption_id,
                                member_id=member.id)
    cause_name = None
    if redemption.cause_id is not None:
        cause_name = get_cause(session=session, program_id=program.id, cause_id=redemption.cause_id).name
    number = domain.receipt_number(redemption.id, redemption.created_at)
    data = receipt.ReceiptData(
        receipt_number=number, program_name=program.name, timezone=program.timezone,
        issued_at=redemption.created_at, member_name=_member_display_name(member), member_id=member.id,
        reward_name=redemption.reward_name, kind=redemption.kind, status=redemption.status,
        points=redemption.points, unit=redemption.unit, money_minor=redemption.money_minor,
        currency=redemption.currency, code=redemption.code, cashback_minor=redemption.cashback_minor,
        cashback_currency=program.currency, cause_name=cause_name,
        delivery_address=_address_lines(redemption.delivery_address),
    )
    return number, receipt.render(data)
