"""Every query on rewards, code pools and their codes, causes, usage counters and redemptions.

Counters (stock, redeemed, codes used, cause totals) change only in SQL, in the statement
that checks their limit, and the caller reads the row count or RETURNING to learn whether
it won.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, case, insert, select, update
from sqlalchemy.orm import Session

from loyalty.db.dialects import for_update, insert_ignoring_conflict
from loyalty.rewards.domain import STAMP_CARD
from loyalty.rewards.models import Cause, CodePool, PoolCode, Redemption, Reward, RewardMemberUsage

IN_CHUNK = 1000
# Imported codes go to the Core table: thousands of rows nobody loads back as objects.
_pool_codes = cast(Table, PoolCode.__table__)


def add(session: Session, row: Reward | CodePool | Cause | Redemption) -> None:
    session.add(row)
    session.flush()


# --- rewards --------------------------------------------------------------------------------

def get_reward(session: Session, *, program_id: int, reward_id: int, lock: bool = False) -> Reward | None:
    query = select(Reward).where(Reward.id == reward_id, Reward.program_id == program_id)
    if lock:
        query = for_update(query, session)
    # Counters change in SQL behind the ORM's back: always read them fresh.
    return session.scalars(query.execution_options(populate_existing=True)).one_or_none()


def list_rewards(session: Session, *, program_id: int, kind: str | None = None, is_active: bool | None = None,
                 after_id: int | None = None, limit: int | None = None) -> Sequence[Reward]:
    query = select(Reward).where(Reward.program_id == program_id)
    if kind is not None:
        query = query.where(Reward.kind == kind)
    if is_active is not None:
        query = query.where(Reward.is_active.is_(is_active))
    if after_id is not None:
        query = query.where(Reward.id > after_id)
    return session.scalars(query.order_by(Reward.id).limit(limit).execution_options(populate_existing=True)).all()


def catalogue_rewards(session: Session, *, program_id: int) -> Sequence[Reward]:
    """Active rewards a member can choose (stamp cards fill themselves)."""
    return session.scalars(select(Reward).where(
        Reward.program_id == program_id, Reward.is_active.is_(True), Reward.kind != STAMP_CARD,
    ).order_by(Reward.points_price, Reward.id)).all()


def active_stamp_cards(session: Session, *, program_id: int, after_id: int | None = None,
                       limit: int | None = None) -> Sequence[Reward]:
    query = select(Reward).where(Reward.program_id == program_id, Reward.is_active.is_(True),
                                 Reward.kind == STAMP_CARD)
    if after_id is not None:
        query = query.where(Reward.id > after_id)
    return session.scalars(query.order_by(Reward.id).limit(limit).execution_options(populate_existing=True)).all()


def consume_reward(session: Session, *, reward_id: int) -> bool:
    """Take one from the stock and count one redemption, only if neither limit is reached.

    One guarded statement: of two members racing for the last item only one UPDATE matches
    (PostgreSQL re-checks the WHERE after the first commits; SQLite runs one writer at a time).
    """
    statement = (
        update(Reward)
        .where(Reward.id == reward_id,
               (Reward.stock.is_(None)) | (Reward.stock >= 1),
               (Reward.limit_total.is_(None)) | (Reward.redeemed_count < Reward.limit_total))
        .values(stock=case((Reward.stock.is_(None), None), else_=Reward.stock - 1),
                redeemed_count=Reward.redeemed_count + 1)
        .returning(Reward.id)
    )
    return session.execute(statement).scalar_one_or_none() is not None


def release_reward(session: Session, *, reward_id: int) -> None:
    """Give back what `consume_reward` took (a cancelled redemption)."""
    session.execute(
        update(Reward).where(Reward.id == reward_id)
        .values(stock=case((Reward.stock.is_(None), None), else_=Reward.stock + 1),
                redeemed_count=Reward.redeemed_count - 1)
    )


def add_to_stock(session: Session, *, reward_id: int, amount: int, now: datetime) -> int | None:
    """Stock after adding `amount` (negative removes), or None when it would go below zero."""
    statement = (
        update(Reward).where(Reward.id == reward_id, Reward.stock.is_not(None), Reward.stock + amount >= 0)
        .values(stock=Reward.stock + amount, updated_at=now).returning(Reward.stock)
    )
    return session.execute(statement).scalar_one_or_none()


def set_stock(session: Session, *, reward_id: int, stock: int | None, now: datetime) -> None:
    session.execute(update(Reward).where(Reward.id == reward_id).values(stock=stock, updated_at=now))


# --- per-member usage --------------------------------------------------------------------------

def usage_of(session: Session, *, member_id: int, reward_ids: Sequence[int]) -> dict[int, int]:
    if not reward_ids:
        return {}
    rows = session.execute(select(RewardMemberUsage.reward_id, RewardMemberUsage.redeemed).where(
        RewardMemberUsage.member_id == member_id, RewardMemberUsage.reward_id.in_(list(reward_ids)))).all()
    return {int(reward_id): int(redeemed) for reward_id, redeemed in rows}


def take_member_use(session: Session, *, program_id: int, reward_id: int, member_id: int,
                    limit: int | None) -> bool:
    """Count one more redemption for the member, only while under `limit` (None: no limit)."""
    insert_ignoring_conflict(session, RewardMemberUsage,
                             {"program_id": program_id, "reward_id": reward_id, "member_id": member_id,
                              "redeemed": 0}, ["reward_id", "member_id"])
    statement = update(RewardMemberUsage).where(RewardMemberUsage.reward_id == reward_id,
                                                RewardMemberUsage.member_id == member_id)
    if limit is not None:
        statement = statement.where(RewardMemberUsage.redeemed < limit)
    result = session.execute(statement.values(redeemed=RewardMemberUsage.redeemed + 1)
                             .returning(RewardMemberUsage.id))
    return result.scalar_one_or_none() is not None


def return_member_use(session: Session, *, reward_id: int, member_id: int) -> None:
    session.execute(update(RewardMemberUsage).where(
        RewardMemberUsage.reward_id == reward_id, RewardMemberUsage.member_id == member_id,
        RewardMemberUsage.redeemed > 0,
    ).values(redeemed=RewardMemberUsage.redeemed - 1))


# --- code pools -------------------------------------------------------------------------------

def get_pool(session: Session, *, program_id: int, pool_id: int) -> CodePool | None:
    return session.scalars(select(CodePool).where(CodePool.id == pool_id, CodePool.program_id == program_id)
                           .execution_options(populate_existing=True)).one_or_none()


def list_pools(session: Session, *, program_id: int, after_id: int | None = None,
               limit: int | None = None) -> Sequence[CodePool]:
    query = select(CodePool).where(CodePool.program_id == program_id)
    if after_id is not None:
        query = query.where(CodePool.id > after_id)
    return session.scalars(query.order_by(CodePool.id).limit(limit)
                           .execution_options(populate_existing=True)).all()


def pools_remaining(session: Session, *, pool_ids: Iterable[int]) -> dict[int, int]:
    ids = sorted(set(pool_ids))
    if not ids:
        return {}
    rows = session.execute(select(CodePool.id, CodePool.codes_total - CodePool.codes_used)
                           .where(CodePool.id.in_(ids))).all()
    return {int(pool_id): int(remaining) for pool_id, remaining in rows}


def codes_already_in_pool(session: Session, *, pool_id: int, codes: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(codes), IN_CHUNK):
        chunk = list(codes[start:start + IN_CHUNK])
        found.update(session.scalars(select(PoolCode.code).where(PoolCode.pool_id == pool_id,
                                                                 PoolCode.code.in_(chunk))).all())
    return found


def insert_codes(session: Session, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), IN_CHUNK):
        session.execute(insert(_pool_codes), rows[start:start + IN_CHUNK])


def add_codes_to_pool(session: Session, *, pool_id: int, count: int) -> None:
    """Count imported codes; a pool lifted back over its threshold may warn again next time it runs low."""
    session.execute(
        update(CodePool).where(CodePool.id == pool_id).values(
            codes_total=CodePool.codes_total + count,
            low_warned_at=case((CodePool.codes_total + count - CodePool.codes_used >= CodePool.low_threshold, None),
                               else_=CodePool.low_warned_at),
        )
    )


def take_code(session: Session, *, pool_id: int, now: datetime) -> tuple[int, str] | None:
    """Hand out the pool's next unused code: (id, code), or None when none is left.

    On PostgreSQL concurrent redemptions skip a code another transaction is taking instead
    of queueing behind it, so each gets a different one at once; SQLite has one writer.
    """
    candidate = (select(PoolCode.id)
                 .where(PoolCode.pool_id == pool_id, PoolCode.assigned_at.is_(None))
                 .order_by(PoolCode.id).limit(1))
    if session.get_bind().dialect.name == "postgresql":
        candidate = candidate.with_for_update(skip_locked=True)
    statement = (
        update(PoolCode)
        .where(PoolCode.id == candidate.scalar_subquery(), PoolCode.assigned_at.is_(None))
        .values(assigned_at=now)
        .returning(PoolCode.id, PoolCode.code)
    )
    row = session.execute(statement).one_or_none()
    return None if row is None else (int(row[0]), str(row[1]))


def count_code_used(session: Session, *, pool_id: int) -> tuple[int, int, int, datetime | None]:
    """One more code used: (codes_total, codes_used, low_threshold, low_warned_at) after it."""
    statement = (
        update(CodePool).where(CodePool.id == pool_id).values(codes_used=CodePool.codes_used + 1)
        .returning(CodePool.codes_total, CodePool.codes_used, CodePool.low_threshold, CodePool.low_warned_at)
    )
    total, used, threshold, warned_at = session.execute(statement).one()
    return int(total), int(used), int(threshold), warned_at


def mark_pool_warned(session: Session, *, pool_id: int, now: datetime) -> bool:
    """True for the one transaction that first saw the pool run low since it was last refilled."""
    statement = (update(CodePool).where(CodePool.id == pool_id, CodePool.low_warned_at.is_(None))
                 .values(low_warned_at=now).returning(CodePool.id))
    return session.execute(statement).scalar_one_or_none() is not None


# --- causes -----------------------------------------------------------------------------------

def get_cause(session: Session, *, program_id: int, cause_id: int) -> Cause | None:
    return session.scalars(select(Cause).where(Cause.id == cause_id, Cause.program_id == program_id)
                           .execution_options(populate_existing=True)).one_or_none()


def list_causes(session: Session, *, program_id: int, after_id: int | None = None,
                limit: int | None = None) -> Sequence[Cause]:
    query = select(Cause).where(Cause.program_id == program_id)
    if after_id is not None:
        query = query.where(Cause.id > after_id)
    return session.scalars(query.order_by(Cause.id).limit(limit).execution_options(populate_existing=True)).all()


def add_donation(session: Session, *, cause_id: int, points: int) -> int:
    """Add a donation to the cause's running total; the total after it."""
    statement = (update(Cause).where(Cause.id == cause_id)
                 .values(points_total=Cause.points_total + points, donations_count=Cause.donations_count + 1)
                 .returning(Cause.points_total))
    return int(session.execute(statement).scalar_one())


# --- redemptions ------------------------------------------------------------------------------

def get_redemption(session: Session, *, program_id: int, redemption_id: int,
                   member_id: int | None = None) -> Redemption | None:
    query = select(Redemption).where(Redemption.id == redemption_id, Redemption.program_id == program_id)
    if member_id is not None:
        query = query.where(Redemption.member_id == member_id)
    return session.scalars(query.execution_options(populate_existing=True)).one_or_none()


def member_redemptions(session: Session, *, program_id: int, member_id: int, before_id: int | None,
                       limit: int) -> Sequence[Redemption]:
    query = select(Redemption).where(Redemption.program_id == program_id, Redemption.member_id == member_id)
    if before_id is not None:
        query = query.where(Redemption.id < before_id)
    return session.scalars(query.order_by(Redemption.id.desc()).limit(limit)).all()


def program_redemptions(session: Session, *, program_id: int, status: str | None, before_id: int | None,
                        limit: int) -> Sequence[Redemption]:
    query = select(Redemption).where(Redemption.program_id == program_id)
    if status is not None:
        query = query.where(Redemption.status == status)
    if before_id is not None:
        query = query.where(Redemption.id < before_id)
    return session.scalars(query.order_by(Redemption.id.desc()).limit(limit)).all()


def set_status(session: Session, *, redemption_id: int, current: str, wanted: str,
               history: list[dict[str, Any]], now: datetime) -> bool:
    """Move the redemption from `current` to `wanted`; False when another request moved it first."""
    statement = (update(Redemption)
                 .where(Redemption.id == redemption_id, Redemption.status == current)
                 .values(status=wanted, status_history=history, updated_at=now)
                 .returning(Redemption.id))
    return session.execute(statement).scalar_one_or_none() is not None


def set_return_transaction(session: Session, *, redemption_id: int, transaction_id: int) -> None:
    session.execute(update(Redemption).where(Redemption.id == redemption_id)
                    .values(return_transaction_id=transaction_id))
