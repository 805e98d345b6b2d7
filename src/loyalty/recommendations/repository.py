"""Recommendations' queries: the purchase history grouped by the database, the offers a program
has, and the stored lists (written in bulk, read by their primary key)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from loyalty.purchases.models import Purchase, PurchaseLine
from loyalty.recommendations.models import MemberRecommendation, RecommendationRun
from loyalty.rewards.models import Reward
from loyalty.segment_membership.models import SegmentMember
from loyalty.tiers.models import MemberTier, TierLevel
from loyalty.vouchers.models import VoucherCampaign, VoucherCode


def _postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


@dataclass(frozen=True)
class HistoryRow:
    """A member's purchases of one SKU: on how many receipts, the latest, and the same before
    the validation cut-off (0 / None when the SKU was first bought after it)."""

    member_id: int
    sku: str
    receipts: int
    last_at: datetime
    receipts_before: int
    last_before: datetime | None


def purchase_history(session: Session, program_id: int, before: datetime, validation_cutoff: datetime
                     ) -> list[HistoryRow]:
    """Every member's purchases before `before` per SKU, lines fully refunded left out; one
    grouped statement, ordered by member and SKU."""
    earlier = Purchase.occurred_at < validation_cutoff
    statement = (
        select(Purchase.member_id, PurchaseLine.sku, func.count(func.distinct(Purchase.id)),
               func.max(Purchase.occurred_at), func.count(func.distinct(case((earlier, Purchase.id)))),
               func.max(case((earlier, Purchase.occurred_at))))
        .join(PurchaseLine, PurchaseLine.purchase_id == Purchase.id)
        .where(Purchase.program_id == program_id, Purchase.member_id.is_not(None), Purchase.occurred_at < before,
               PurchaseLine.quantity > PurchaseLine.refunded_quantity)
        .group_by(Purchase.member_id, PurchaseLine.sku).order_by(Purchase.member_id, PurchaseLine.sku))
    return [HistoryRow(member_id=int(member or 0), sku=str(sku), receipts=int(receipts), last_at=last_at,
                       receipts_before=int(receipts_before or 0), last_before=last_before)
            for member, sku, receipts, last_at, receipts_before, last_before in session.execute(statement)]


def product_labels(session: Session, program_id: int) -> dict[str, tuple[str | None, str | None]]:
    """SKU → (name, category) as the receipts give them (the greatest, when they disagree)."""
    statement = (select(PurchaseLine.sku, func.max(PurchaseLine.name), func.max(PurchaseLine.category))
                 .where(PurchaseLine.program_id == program_id).group_by(PurchaseLine.sku))
    return {str(sku): (name, category) for sku, name, category in session.execute(statement)}


def _reward_offerable(now: datetime) -> tuple[ColumnElement[bool], ...]:
    """A reward worth offering now: active, inside its availability window, in stock. The nightly
    run chooses by it and every reader checks the stored list by it again."""
    return (Reward.is_active.is_(True),
            or_(Reward.starts_at.is_(None), Reward.starts_at <= now),
            or_(Reward.ends_at.is_(None), Reward.ends_at > now),
            or_(Reward.stock.is_(None), Reward.stock > 0))


def _coupon_usable(now: datetime, excluded_kinds: Sequence[str]) -> tuple[ColumnElement[bool], ...]:
    """A held code still usable now: uses left, its campaign active (not voided) and open."""
    return (or_(VoucherCode.max_uses.is_(None), VoucherCode.uses < VoucherCode.max_uses),
            VoucherCampaign.is_active.is_(True), VoucherCampaign.kind.not_in(list(excluded_kinds)),
            or_(VoucherCampaign.starts_at.is_(None), VoucherCampaign.starts_at <= now),
            or_(VoucherCampaign.ends_at.is_(None), VoucherCampaign.ends_at > now))


def offerable_rewards(session: Session, program_id: int, now: datetime) -> list[tuple[Reward, VoucherCampaign | None]]:
    """Active catalogue rewards open now and in stock, with the voucher campaign of a coupon reward."""
    statement = (
        select(Reward, VoucherCampaign)
        .outerjoin(VoucherCampaign, VoucherCampaign.id == Reward.voucher_campaign_id)
        .where(Reward.program_id == program_id, *_reward_offerable(now))
        .order_by(Reward.id))
    return [(reward, campaign) for reward, campaign in session.execute(statement).all()]


def held_coupons(session: Session, program_id: int, now: datetime, *, excluded_kinds: Sequence[str]
                 ) -> list[tuple[int, VoucherCampaign]]:
    """(member, campaign) for each usable coupon a member holds: published to them, uses left,
    its campaign active and open now."""
    statement = (
        select(VoucherCode.member_id, VoucherCampaign).distinct()
        .join(VoucherCampaign, VoucherCampaign.id == VoucherCode.campaign_id)
        .where(VoucherCode.program_id == program_id, VoucherCode.member_id.is_not(None),
               *_coupon_usable(now, excluded_kinds)))
    return [(int(member_id or 0), campaign) for member_id, campaign in session.execute(statement).all()]


def offerable_reward_ids(session: Session, program_id: int, reward_ids: Collection[int], now: datetime) -> set[int]:
    """Which of these rewards are still worth offering now: one statement, by primary key."""
    if not reward_ids:
        return set()
    return {int(reward_id) for reward_id in session.scalars(
        select(Reward.id).where(Reward.program_id == program_id, Reward.id.in_(sorted(reward_ids)),
                                *_reward_offerable(now)))}


def usable_coupon_campaign_ids(session: Session, program_id: int, member_id: int, campaign_ids: Collection[int],
                               now: datetime, *, excluded_kinds: Sequence[str]) -> set[int]:
    """Of these campaigns, those the member still holds a usable code of: one statement through the
    member's codes (`ix_voucher_codes_member`)."""
    if not campaign_ids:
        return set()
    return {int(campaign_id) for campaign_id in session.scalars(
        select(VoucherCode.campaign_id).distinct()
        .join(VoucherCampaign, VoucherCampaign.id == VoucherCode.campaign_id)
        .where(VoucherCode.program_id == program_id, VoucherCode.member_id == member_id,
               VoucherCode.campaign_id.in_(sorted(campaign_ids)), *_coupon_usable(now, excluded_kinds)))}


def member_tier_codes(session: Session, program_id: int) -> dict[int, str]:
    """Every member's stored tier code (members on the base level without a row are absent)."""
    statement = (select(MemberTier.member_id, TierLevel.code).join(TierLevel, TierLevel.id == MemberTier.tier_id)
                 .where(MemberTier.program_id == program_id))
    return {int(member_id): str(code) for member_id, code in session.execute(statement)}


def base_tier_code(session: Session, program_id: int) -> str | None:
    """The program's lowest level, which members without a stored tier hold (None without tiers)."""
    return session.scalar(select(TierLevel.code).where(TierLevel.program_id == program_id)
                          .order_by(TierLevel.rank, TierLevel.id).limit(1))


def member_segments(session: Session, program_id: int) -> dict[int, list[int]]:
    """The segments each member is in now (members in none are absent)."""
    found: dict[int, list[int]] = {}
    for member_id, segment_id in session.execute(select(SegmentMember.member_id, SegmentMember.segment_id)
                                                 .where(SegmentMember.program_id == program_id)):
        found.setdefault(int(member_id), []).append(int(segment_id))
    return found


COLUMNS = ("program_id", "member_id", "shelf", "rank", "kind", "ref", "name", "category", "score", "source",
           "computed_at")


def replace_lists(session: Session, program_id: int, rows: Iterable[tuple[Any, ...]]) -> int:
    """The program's lists replaced whole (rows in COLUMNS order) in the caller's transaction: a
    reader sees the old lists or the new ones. COPY on PostgreSQL, batched INSERTs on SQLite."""
    session.execute(delete(MemberRecommendation).where(MemberRecommendation.program_id == program_id))
    written = 0
    if _postgresql(session):
        cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY member_recommendations ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        return written
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(dict(zip(COLUMNS, row, strict=True)))
        written += 1
        if len(batch) == 10_000:
            session.execute(insert(MemberRecommendation), batch)
            batch = []
    if batch:
        session.execute(insert(MemberRecommendation), batch)
    return written


def add_run(session: Session, run: RecommendationRun) -> RecommendationRun:
    session.add(run)
    session.flush()
    return run


def latest_run(session: Session, program_id: int) -> RecommendationRun | None:
    return session.scalars(select(RecommendationRun).where(RecommendationRun.program_id == program_id)
                           .order_by(RecommendationRun.computed_at.desc(), RecommendationRun.id.desc())
                           .limit(1)).first()


def member_list(session: Session, *, program_id: int, member_id: int, shelf: str, after_rank: int | None,
                limit: int) -> Sequence[MemberRecommendation]:
    """One range read of the primary key: the member's shelf in rank order."""
    return session.scalars(
        select(MemberRecommendation)
        .where(MemberRecommendation.program_id == program_id, MemberRecommendation.member_id == member_id,
               MemberRecommendation.shelf == shelf, MemberRecommendation.rank > (after_rank or 0))
        .order_by(MemberRecommendation.rank).limit(limit)).all()


def member_rows(session: Session, *, program_id: int, member_id: int) -> Sequence[MemberRecommendation]:
    """Both of the member's shelves as stored, in rank order (their data export)."""
    return session.scalars(
        select(MemberRecommendation)
        .where(MemberRecommendation.program_id == program_id, MemberRecommendation.member_id == member_id)
        .order_by(MemberRecommendation.shelf, MemberRecommendation.rank)).all()


def members_lists(session: Session, *, program_id: int, member_ids: Sequence[int], shelf: str, limit: int
                  ) -> Sequence[MemberRecommendation]:
    """The first `limit` entries of a shelf for several members at once (a message batch)."""
    if not member_ids:
        return []
    return session.scalars(
        select(MemberRecommendation)
        .where(MemberRecommendation.program_id == program_id, MemberRecommendation.member_id.in_(list(member_ids)),
               and_(MemberRecommendation.shelf == shelf, MemberRecommendation.rank <= limit))
        .order_by(MemberRecommendation.member_id, MemberRecommendation.rank)).all()
