"""Queries of the vouchers domain. Every limit is enforced by the statement that consumes it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from loyalty.db.dialects import for_update, insert_ignoring_conflict
from loyalty.events.models import Event
from loyalty.vouchers.models import (
    VoucherCampaign,
    VoucherCode,
    VoucherCodeBatch,
    VoucherMemberUsage,
    VoucherRedemption,
)

IN_CHUNK = 1000
EXPORT_PAGE = 5000


def _rowcount(result: Any) -> int:
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


# --- campaigns -----------------------------------------------------------------------------


def add(session: Session, row: VoucherCampaign | VoucherCodeBatch) -> None:
    session.add(row)
    session.flush()


def get_campaign(session: Session, *, program_id: int, campaign_id: int, lock: bool = False) -> VoucherCampaign | None:
    query = select(VoucherCampaign).where(VoucherCampaign.id == campaign_id, VoucherCampaign.program_id == program_id)
    if lock:
        query = for_update(query, session).execution_options(populate_existing=True)
    return session.scalars(query).one_or_none()


def list_campaigns(session: Session, *, program_id: int, is_active: bool | None) -> Sequence[VoucherCampaign]:
    query = select(VoucherCampaign).where(VoucherCampaign.program_id == program_id)
    if is_active is not None:
        query = query.where(VoucherCampaign.is_active.is_(is_active))
    return session.scalars(query.order_by(VoucherCampaign.id)).all()


def set_code_limit(session: Session, *, campaign_id: int, max_uses: int | None) -> None:
    session.execute(update(VoucherCode).where(VoucherCode.campaign_id == campaign_id)
                    .values(max_uses=max_uses).execution_options(synchronize_session=False))


def code_counts(session: Session, *, campaign_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """(codes, codes published to a member) per campaign."""
    if not campaign_ids:
        return {}
    rows = session.execute(
        select(VoucherCode.campaign_id, func.count(), func.count(VoucherCode.member_id))
        .where(VoucherCode.campaign_id.in_(list(campaign_ids))).group_by(VoucherCode.campaign_id)
    ).all()
    return {row[0]: (int(row[1]), int(row[2])) for row in rows}


# --- codes ---------------------------------------------------------------------------------


def issued_with_pattern(session: Session, *, program_id: int, pattern: str, charset: str) -> int:
    """Codes the program has generated from this pattern and charset (the guesser's target)."""
    total = session.scalar(select(func.coalesce(func.sum(VoucherCodeBatch.size), 0)).where(
        VoucherCodeBatch.program_id == program_id, VoucherCodeBatch.pattern == pattern,
        VoucherCodeBatch.charset == charset))
    return int(total or 0)


def insert_codes(session: Session, rows: list[dict[str, Any]]) -> set[str]:
    """Insert the codes still free in the program; the codes inserted.

    ON CONFLICT DO NOTHING lets a concurrent batch (or an import) take a code first without
    failing ours: the caller draws again or reports the line.
    """
    if not rows:
        return set()
    module = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (module.insert(VoucherCode)
                 .on_conflict_do_nothing(index_elements=["program_id", "code"])
                 .returning(VoucherCode.code))
    return set(session.scalars(statement, rows).all())


def existing_codes(session: Session, *, program_id: int, codes: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(codes), IN_CHUNK):
        chunk = list(codes[start:start + IN_CHUNK])
        found.update(session.scalars(select(VoucherCode.code).where(
            VoucherCode.program_id == program_id, VoucherCode.code.in_(chunk))))
    return found


def codes_with_campaigns(session: Session, *, program_id: int,
                         codes: Sequence[str]) -> dict[str, tuple[VoucherCode, VoucherCampaign]]:
    """The codes that exist in the program, each with its campaign: one query."""
    if not codes:
        return {}
    query = (select(VoucherCode, VoucherCampaign)
             .join(VoucherCampaign, VoucherCampaign.id == VoucherCode.campaign_id)
             .where(VoucherCode.program_id == program_id, VoucherCode.code.in_(list(codes))))
    return {code.code: (code, campaign) for code, campaign in session.execute(query).all()}


def code_in_campaign(session: Session, *, campaign_id: int, code: str) -> VoucherCode | None:
    return session.scalars(select(VoucherCode).where(VoucherCode.campaign_id == campaign_id,
                                                     VoucherCode.code == code)).one_or_none()


def unpublished_codes(session: Session, *, campaign_id: int, limit: int) -> Sequence[VoucherCode]:
    """The oldest codes nobody holds or has used, locked for publishing.

    On PostgreSQL SKIP LOCKED lets concurrent publishers of one campaign take different codes
    instead of queueing on the same first rows.
    """
    query = (select(VoucherCode)
             .where(VoucherCode.campaign_id == campaign_id, VoucherCode.member_id.is_(None), VoucherCode.uses == 0)
             .order_by(VoucherCode.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.scalars(query.execution_options(populate_existing=True)).all()


def assign_code(session: Session, *, code_id: int, member_id: int, at: datetime) -> bool:
    """Give an unused code nobody holds to a member; False when someone got it first."""
    result = session.execute(
        update(VoucherCode)
        .where(VoucherCode.id == code_id, VoucherCode.member_id.is_(None), VoucherCode.uses == 0)
        .values(member_id=member_id, published_at=at).execution_options(synchronize_session=False))
    return _rowcount(result) == 1


def campaign_codes(session: Session, *, campaign_id: int) -> Iterator[Sequence[Any]]:
    """Pages of (code, member_id, published_at, uses, max_uses, balance_minor, batch_id) in creation order."""
    after_id = 0
    while True:
        rows = session.execute(
            select(VoucherCode.id, VoucherCode.code, VoucherCode.member_id, VoucherCode.published_at,
                   VoucherCode.uses, VoucherCode.max_uses, VoucherCode.balance_minor, VoucherCode.batch_id)
            .where(VoucherCode.campaign_id == campaign_id, VoucherCode.id > after_id)
            .order_by(VoucherCode.id).limit(EXPORT_PAGE)).all()
        if not rows:
            return
        yield [row[1:] for row in rows]
        if len(rows) < EXPORT_PAGE:
            return
        after_id = rows[-1][0]


def member_codes(session: Session, *, program_id: int, member_id: int) -> Sequence[tuple[VoucherCode, VoucherCampaign]]:
    return session.execute(
        select(VoucherCode, VoucherCampaign)
        .join(VoucherCampaign, VoucherCampaign.id == VoucherCode.campaign_id)
        .where(VoucherCode.program_id == program_id, VoucherCode.member_id == member_id)
        .order_by(VoucherCode.id.desc())).all()


# --- usage counters --------------------------------------------------------------------------


def member_uses(session: Session, *, member_id: int, campaign_ids: Sequence[int]) -> dict[int, int]:
    if not campaign_ids:
        return {}
    rows = session.execute(select(VoucherMemberUsage.campaign_id, VoucherMemberUsage.uses).where(
        VoucherMemberUsage.member_id == member_id, VoucherMemberUsage.campaign_id.in_(list(campaign_ids)))).all()
    return {row[0]: int(row[1]) for row in rows}


def take_campaign_uses(session: Session, *, campaign_id: int, uses: int) -> bool:
    """Count `uses` redemptions against the campaign, only if they fit under its total limit."""
    result = session.execute(
        update(VoucherCampaign)
        .where(VoucherCampaign.id == campaign_id,
               VoucherCampaign.max_uses_total.is_(None)
               | (VoucherCampaign.uses_total + uses <= VoucherCampaign.max_uses_total))
        .values(uses_total=VoucherCampaign.uses_total + uses).execution_options(synchronize_session=False))
    return _rowcount(result) == 1


def give_back_campaign_use(session: Session, *, campaign_id: int) -> None:
    session.execute(update(VoucherCampaign).where(VoucherCampaign.id == campaign_id)
                    .values(uses_total=VoucherCampaign.uses_total - 1).execution_options(synchronize_session=False))


def take_member_uses(session: Session, *, program_id: int, campaign_id: int, member_id: int, uses: int,
                     limit: int | None) -> bool:
    """Count `uses` against the member's usage of the campaign, only if they fit under `limit`."""
    insert_ignoring_conflict(session, VoucherMemberUsage,
                             {"program_id": program_id, "campaign_id": campaign_id, "member_id": member_id, "uses": 0},
                             ["campaign_id", "member_id"])
    statement = update(VoucherMemberUsage).where(VoucherMemberUsage.campaign_id == campaign_id,
                                                 VoucherMemberUsage.member_id == member_id)
    if limit is not None:
        statement = statement.where(VoucherMemberUsage.uses + uses <= limit)
    result = session.execute(
        statement
        .values(uses=VoucherMemberUsage.uses + uses).execution_options(synchronize_session=False))
    return _rowcount(result) == 1


def give_back_member_use(session: Session, *, campaign_id: int, member_id: int) -> None:
    session.execute(update(VoucherMemberUsage)
                    .where(VoucherMemberUsage.campaign_id == campaign_id, VoucherMemberUsage.member_id == member_id,
                           VoucherMemberUsage.uses > 0)
                    .values(uses=VoucherMemberUsage.uses - 1).execution_options(synchronize_session=False))


def take_code_use(session: Session, *, code_id: int, gift_card_minor: int) -> bool:
    """One use of the code, and `gift_card_minor` off its balance, only if both are still there."""
    guard = VoucherCode.max_uses.is_(None) | (VoucherCode.uses < VoucherCode.max_uses)
    values: dict[str, Any] = {"uses": VoucherCode.uses + 1}
    if gift_card_minor:
        guard = guard & (VoucherCode.balance_minor >= gift_card_minor)
        values["balance_minor"] = VoucherCode.balance_minor - gift_card_minor
    result = session.execute(update(VoucherCode).where(VoucherCode.id == code_id, guard).values(**values)
                             .execution_options(synchronize_session=False))
    return _rowcount(result) == 1


def give_back_code_use(session: Session, *, code_id: int, gift_card_minor: int) -> None:
    values: dict[str, Any] = {"uses": VoucherCode.uses - 1}
    if gift_card_minor:
        values["balance_minor"] = VoucherCode.balance_minor + gift_card_minor
    session.execute(update(VoucherCode).where(VoucherCode.id == code_id, VoucherCode.uses > 0).values(**values)
                    .execution_options(synchronize_session=False))


def lock_code_balance(session: Session, *, code_id: int) -> int | None:
    """A gift card's balance as committed now, its row locked until the transaction ends."""
    return session.scalar(for_update(select(VoucherCode.balance_minor).where(VoucherCode.id == code_id), session))


# --- redemptions -----------------------------------------------------------------------------


def add_redemptions(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    table = cast(Table, VoucherRedemption.__table__)
    return list(session.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows))


def get_redemption(session: Session, *, program_id: int, redemption_id: int,
                   fresh: bool = False) -> VoucherRedemption | None:
    query = select(VoucherRedemption).where(VoucherRedemption.id == redemption_id,
                                            VoucherRedemption.program_id == program_id)
    if fresh:
        query = query.execution_options(populate_existing=True)
    return session.scalars(query).one_or_none()


def live_redemptions_of_order(session: Session, *, program_id: int, order_ref: str) -> Sequence[VoucherRedemption]:
    return session.scalars(select(VoucherRedemption).where(
        VoucherRedemption.program_id == program_id, VoucherRedemption.order_ref == order_ref,
        VoucherRedemption.status == "redeemed").order_by(VoucherRedemption.id)).all()


def mark_rolled_back(session: Session, *, redemption_id: int, at: datetime) -> bool:
    """Flip a live redemption to rolled back; False when it already was (then nothing is given back twice)."""
    result = session.execute(
        update(VoucherRedemption)
        .where(VoucherRedemption.id == redemption_id, VoucherRedemption.status == "redeemed")
        .values(status="rolled_back", rolled_back_at=at).execution_options(synchronize_session=False))
    return _rowcount(result) == 1


def codes_by_id(session: Session, *, code_ids: Sequence[int]) -> dict[int, str]:
    if not code_ids:
        return {}
    rows = session.execute(select(VoucherCode.id, VoucherCode.code).where(VoucherCode.id.in_(list(code_ids)))).all()
    return {row[0]: row[1] for row in rows}


# --- purchases, as the events tell them --------------------------------------------------------

PURCHASE_EVENT_TYPES = ("purchase.recorded", "purchase.claimed")


def has_purchase_event(session: Session, *, program_id: int, member_id: int) -> bool:
    """Whether the member's timeline holds a purchase (the purchases domain comes after this one)."""
    return session.scalar(select(Event.id).where(
        Event.program_id == program_id, Event.member_id == member_id, Event.type.in_(PURCHASE_EVENT_TYPES)
    ).limit(1)) is not None
