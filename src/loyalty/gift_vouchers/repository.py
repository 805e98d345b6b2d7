"""Every query on gift vouchers, bonus cards, their movements and gift redemptions.

A balance changes only in SQL, in the statement that checks its limit (`balance >= price`),
and the caller reads RETURNING to learn whether it won and what the balance became.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from loyalty.db.dialects import for_update
from loyalty.gift_vouchers.domain import ACTIVE, CANCELLED, ISSUE, SPEND, TOP_UP
from loyalty.gift_vouchers.models import GiftMovement, GiftRedemption, GiftVoucher

INSERT_CHUNK = 1000


def add(session: Session, row: GiftVoucher | GiftRedemption) -> None:
    session.add(row)
    session.flush()


# --- balances -----------------------------------------------------------------------------------

def insert_vouchers(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert many at once; their ids in the order of `rows`."""
    ids: list[int] = []
    for start in range(0, len(rows), INSERT_CHUNK):
        result = session.execute(insert(GiftVoucher).returning(GiftVoucher.id, sort_by_parameter_order=True),
                                 rows[start:start + INSERT_CHUNK])
        ids.extend(int(voucher_id) for voucher_id in result.scalars())
    return ids


def get_voucher(session: Session, *, voucher_id: int, program_id: int | None = None, kind: str | None = None,
                lock: bool = False) -> GiftVoucher | None:
    query = select(GiftVoucher).where(GiftVoucher.id == voucher_id)
    if program_id is not None:
        query = query.where(GiftVoucher.program_id == program_id)
    if kind is not None:
        query = query.where(GiftVoucher.kind == kind)
    if lock:
        query = for_update(query, session)
    # The balance changes in SQL behind the ORM's back: always read it fresh.
    return session.scalars(query.execution_options(populate_existing=True)).one_or_none()


def by_code_hash(session: Session, code_hash: str) -> GiftVoucher | None:
    return session.scalars(select(GiftVoucher).where(GiftVoucher.code_hash == code_hash)
                           .execution_options(populate_existing=True)).one_or_none()


def by_card_number(session: Session, number: str) -> GiftVoucher | None:
    return session.scalars(select(GiftVoucher).where(GiftVoucher.card_number == number)
                           .execution_options(populate_existing=True)).one_or_none()


def card_numbers_taken(session: Session, numbers: Sequence[str]) -> set[str]:
    return set(session.scalars(select(GiftVoucher.card_number).where(GiftVoucher.card_number.in_(list(numbers)))))


def list_vouchers(session: Session, *, program_id: int, kind: str, label: str | None, status: str | None,
                  before_id: int | None, limit: int) -> Sequence[GiftVoucher]:
    query = select(GiftVoucher).where(GiftVoucher.program_id == program_id, GiftVoucher.kind == kind)
    if label is not None:
        query = query.where(GiftVoucher.label == label)
    if status is not None:
        query = query.where(GiftVoucher.status == status)
    if before_id is not None:
        query = query.where(GiftVoucher.id < before_id)
    return session.scalars(query.order_by(GiftVoucher.id.desc()).limit(limit)
                           .execution_options(populate_existing=True)).all()


def debit(session: Session, *, voucher_id: int, amount: int, now: datetime) -> int | None:
    """Take `amount` from an active balance that holds it: the balance after, or None.

    One guarded statement: of ten redemptions racing for one voucher only those the balance
    pays for match (PostgreSQL re-checks the WHERE after the first commits; SQLite runs one
    writer at a time), so the balance never goes below zero.
    """
    statement = (update(GiftVoucher)
                 .where(GiftVoucher.id == voucher_id, GiftVoucher.status == ACTIVE, GiftVoucher.balance >= amount)
                 .values(balance=GiftVoucher.balance - amount, updated_at=now)
                 .returning(GiftVoucher.balance))
    result = session.execute(statement).scalar_one_or_none()
    return None if result is None else int(result)


def credit(session: Session, *, voucher_id: int, amount: int, now: datetime, is_funding: bool) -> int | None:
    """Add `amount` to a balance that is not cancelled: the balance after, or None. Funding (a
    top-up) also counts in `funded_total`; a returned redemption does not."""
    values: dict[str, Any] = {"balance": GiftVoucher.balance + amount, "updated_at": now}
    if is_funding:
        values["funded_total"] = GiftVoucher.funded_total + amount
    statement = (update(GiftVoucher)
                 .where(GiftVoucher.id == voucher_id, GiftVoucher.status != CANCELLED)
                 .values(**values).returning(GiftVoucher.balance))
    result = session.execute(statement).scalar_one_or_none()
    return None if result is None else int(result)


def empty_and_cancel(session: Session, *, voucher_id: int, expected_balance: int, now: datetime) -> bool:
    """Cancel a voucher that still holds `expected_balance`, leaving it at zero; False when it
    changed (or was cancelled) in between."""
    statement = (update(GiftVoucher)
                 .where(GiftVoucher.id == voucher_id, GiftVoucher.status != CANCELLED,
                        GiftVoucher.balance == expected_balance)
                 .values(balance=0, status=CANCELLED, updated_at=now).returning(GiftVoucher.id))
    return session.execute(statement).scalar_one_or_none() is not None


def set_status(session: Session, *, voucher_id: int, current: str, wanted: str, now: datetime) -> bool:
    statement = (update(GiftVoucher).where(GiftVoucher.id == voucher_id, GiftVoucher.status == current)
                 .values(status=wanted, updated_at=now).returning(GiftVoucher.id))
    return session.execute(statement).scalar_one_or_none() is not None


# --- movements ----------------------------------------------------------------------------------

def insert_movements(session: Session, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), INSERT_CHUNK):
        session.execute(insert(GiftMovement), rows[start:start + INSERT_CHUNK])


def movements(session: Session, *, voucher_id: int, before_id: int | None, limit: int) -> Sequence[GiftMovement]:
    query = select(GiftMovement).where(GiftMovement.voucher_id == voucher_id)
    if before_id is not None:
        query = query.where(GiftMovement.id < before_id)
    return session.scalars(query.order_by(GiftMovement.id.desc()).limit(limit)).all()


def spend_balance_after(session: Session, *, redemption_id: int) -> int | None:
    return session.scalar(select(GiftMovement.balance_after).where(GiftMovement.redemption_id == redemption_id,
                                                                   GiftMovement.kind == SPEND))


# --- gift redemptions ---------------------------------------------------------------------------

def redemption_by_request(session: Session, *, voucher_id: int, request_key: str) -> GiftRedemption | None:
    return session.scalars(select(GiftRedemption).where(GiftRedemption.voucher_id == voucher_id,
                                                        GiftRedemption.request_key == request_key)
                           .execution_options(populate_existing=True)).one_or_none()


def held_by_voucher(session: Session, *, voucher_id: int, reward_ids: Sequence[int]) -> dict[int, int]:
    """Redemptions not cancelled, per reward, of one voucher (for the reward's per-person limit)."""
    if not reward_ids:
        return {}
    rows = session.execute(
        select(GiftRedemption.reward_id, func.count())
        .where(GiftRedemption.voucher_id == voucher_id, GiftRedemption.reward_id.in_(list(reward_ids)),
               GiftRedemption.status != CANCELLED)
        .group_by(GiftRedemption.reward_id)).all()
    return {int(reward_id): int(count) for reward_id, count in rows}


def get_redemption(session: Session, *, redemption_id: int, program_id: int | None = None,
                   voucher_id: int | None = None) -> GiftRedemption | None:
    query = select(GiftRedemption).where(GiftRedemption.id == redemption_id)
    if program_id is not None:
        query = query.where(GiftRedemption.program_id == program_id)
    if voucher_id is not None:
        query = query.where(GiftRedemption.voucher_id == voucher_id)
    return session.scalars(query.execution_options(populate_existing=True)).one_or_none()


def voucher_redemptions(session: Session, *, voucher_id: int, limit: int) -> Sequence[GiftRedemption]:
    return session.scalars(select(GiftRedemption).where(GiftRedemption.voucher_id == voucher_id)
                           .order_by(GiftRedemption.id.desc()).limit(limit)).all()


def program_redemptions(session: Session, *, program_id: int, status: str | None, before_id: int | None,
                        limit: int) -> Sequence[GiftRedemption]:
    query = select(GiftRedemption).where(GiftRedemption.program_id == program_id)
    if status is not None:
        query = query.where(GiftRedemption.status == status)
    if before_id is not None:
        query = query.where(GiftRedemption.id < before_id)
    return session.scalars(query.order_by(GiftRedemption.id.desc()).limit(limit)).all()


def set_redemption_status(session: Session, *, redemption_id: int, current: str, wanted: str,
                          history: list[dict[str, Any]], now: datetime) -> bool:
    """Move the redemption from `current` to `wanted`; False when another request moved it first."""
    statement = (update(GiftRedemption)
                 .where(GiftRedemption.id == redemption_id, GiftRedemption.status == current)
                 .values(status=wanted, status_history=history, updated_at=now)
                 .returning(GiftRedemption.id))
    return session.execute(statement).scalar_one_or_none() is not None


# --- verification -------------------------------------------------------------------------------

def mismatched_balances(session: Session, limit: int) -> list[tuple[int, int, int, int]]:
    """(voucher id, program id, balance, sum of its movements) where the two differ."""
    sums = (select(GiftMovement.voucher_id, func.sum(GiftMovement.amount).label("total"))
            .group_by(GiftMovement.voucher_id).subquery())
    total = func.coalesce(sums.c.total, 0)
    rows = session.execute(
        select(GiftVoucher.id, GiftVoucher.program_id, GiftVoucher.balance, total)
        .outerjoin(sums, sums.c.voucher_id == GiftVoucher.id)
        .where(GiftVoucher.balance != total).order_by(GiftVoucher.id).limit(limit)).all()
    return [(int(a), int(b), int(c), int(d)) for a, b, c, d in rows]


def mismatched_funding(session: Session, limit: int) -> list[tuple[int, int, int]]:
    """(voucher id, funded_total, sum of its issue and top-up movements) where they differ."""
    sums = (select(GiftMovement.voucher_id, func.sum(GiftMovement.amount).label("total"))
            .where(GiftMovement.kind.in_((ISSUE, TOP_UP))).group_by(GiftMovement.voucher_id).subquery())
    total = func.coalesce(sums.c.total, 0)
    rows = session.execute(
        select(GiftVoucher.id, GiftVoucher.funded_total, total)
        .outerjoin(sums, sums.c.voucher_id == GiftVoucher.id)
        .where(GiftVoucher.funded_total != total).order_by(GiftVoucher.id).limit(limit)).all()
    return [(int(a), int(b), int(c)) for a, b, c in rows]


def unpaid_redemptions(session: Session, limit: int) -> list[tuple[int, int, int]]:
    """(redemption id, points, what its spend movement took) where that is not exactly the price."""
    spent = (select(GiftMovement.redemption_id, func.sum(-GiftMovement.amount).label("taken"))
             .where(GiftMovement.kind == SPEND, GiftMovement.redemption_id.is_not(None))
             .group_by(GiftMovement.redemption_id).subquery())
    taken = func.coalesce(spent.c.taken, 0)
    rows = session.execute(
        select(GiftRedemption.id, GiftRedemption.points, taken)
        .outerjoin(spent, spent.c.redemption_id == GiftRedemption.id)
        .where(taken != GiftRedemption.points)
        .order_by(GiftRedemption.id).limit(limit)).all()
    return [(int(a), int(b), int(c)) for a, b, c in rows]


def count_vouchers(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(GiftVoucher)) or 0)
