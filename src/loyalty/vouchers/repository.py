"""Queries of the vouchers domain. Every limit is enforced by the statement that consumes it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Executable, Table, bindparam, func, insert, literal_column, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.orm import Session

from loyalty.db import deferred
from loyalty.db.dialects import for_update, transaction_lock
from loyalty.db.direct import DirectStatement
from loyalty.events.models import Event
from loyalty.vouchers.domain import CodeState, Terms
from loyalty.vouchers.models import (
    VoucherCampaign,
    VoucherCode,
    VoucherCodeBatch,
    VoucherMemberUsage,
    VoucherRedemption,
)

IN_CHUNK = 1000
EXPORT_PAGE = 5000

# The checkout's statements (validate and redeem run them on every call) are built once,
# here, with bind parameters, and run as Core statements on the session's connection:
# building and caching a statement per call cost several times what running it does.
_codes = cast(Table, VoucherCode.__table__)
_campaigns = cast(Table, VoucherCampaign.__table__)
_usage = cast(Table, VoucherMemberUsage.__table__)
_redemptions = cast(Table, VoucherRedemption.__table__)


def _rowcount(result: Any) -> int:
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


def _run(session: Session, statement: Executable, params: dict[str, Any]) -> Result[Any]:
    """A Core statement on the session's connection (in its transaction), without the ORM's execute."""
    return deferred.connection(session).execute(statement, params)


# --- campaigns -----------------------------------------------------------------------------


def add(session: Session, row: VoucherCampaign | VoucherCodeBatch) -> None:
    session.add(row)
    session.flush()


def get_campaign(session: Session, *, program_id: int, campaign_id: int, lock: bool = False) -> VoucherCampaign | None:
    query = select(VoucherCampaign).where(VoucherCampaign.id == campaign_id, VoucherCampaign.program_id == program_id)
    if lock:
        query = for_update(query, session).execution_options(populate_existing=True)
    return session.scalars(query).one_or_none()


def list_campaigns(session: Session, *, program_id: int, is_active: bool | None, after_id: int | None = None,
                   limit: int | None = None) -> Sequence[VoucherCampaign]:
    query = select(VoucherCampaign).where(VoucherCampaign.program_id == program_id)
    if is_active is not None:
        query = query.where(VoucherCampaign.is_active.is_(is_active))
    if after_id is not None:
        query = query.where(VoucherCampaign.id > after_id)
    return session.scalars(query.order_by(VoucherCampaign.id).limit(limit)).all()


def set_code_limit(session: Session, *, campaign_id: int, max_uses: int | None) -> None:
    session.execute(update(VoucherCode).where(VoucherCode.campaign_id == campaign_id)
                    .values(max_uses=max_uses).execution_options(synchronize_session=False))


def void_unused_code(session: Session, *, code_id: int, member_id: int) -> str | None:
    """Make a code published to the member unusable if it was never used (its `max_uses` set to
    its `uses`, 0): the code, or None when it was used or is not theirs. One guarded UPDATE, so
    a redemption at the same moment either uses it first (and this finds `uses` raised) or
    finds no use left."""
    return session.execute(update(VoucherCode).where(
        VoucherCode.id == code_id, VoucherCode.member_id == member_id, VoucherCode.uses == 0)
        .values(max_uses=0).returning(VoucherCode.code).execution_options(synchronize_session=False)
    ).scalar_one_or_none()


def code_counts(session: Session, *, campaign_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """(codes, codes published to a member) per campaign."""
    if not campaign_ids:
        return {}
    rows = session.execute(
        select(VoucherCode.campaign_id, func.count(), func.count(VoucherCode.member_id))
        .where(VoucherCode.campaign_id.in_(list(campaign_ids))).group_by(VoucherCode.campaign_id)
    ).all()
    return {row[0]: (int(row[1]), int(row[2])) for row in rows}


# A code still to publish: nobody holds it, nobody used it. Written with a literal 0, as
# `ix_voucher_codes_unpublished` is, so that a plan prepared once for any parameters (psycopg
# prepares a statement run often) can still prove the query fits that partial index.
_UNPUBLISHED = VoucherCode.member_id.is_(None) & (VoucherCode.uses == literal_column("0"))


def publishing_states(session: Session, *, program_id: int, campaign_ids: Sequence[int],
                      count_up_to: int | None) -> list[tuple[int, bool, datetime | None, int]]:
    """(campaign id, is_active, ends_at, codes still to publish) of the program's campaigns
    among `campaign_ids`: a code still to publish is one nobody holds or has used, as
    `unpublished_codes` picks them.

    The codes are counted up to `count_up_to` (None: all of them), each campaign's by its own
    probe of `ix_voucher_codes_unpublished`: a caller that only asks "is one left?" (or "are
    N?") then reads at most that many index entries, however many codes the campaign holds.
    """
    if not campaign_ids:
        return []
    of_campaign = (VoucherCode.campaign_id == VoucherCampaign.id) & _UNPUBLISHED
    if count_up_to is None:
        counted = select(func.count()).where(of_campaign)
    else:
        first = select(VoucherCode.id).where(of_campaign).correlate(VoucherCampaign).limit(count_up_to)
        counted = select(func.count()).select_from(first.subquery())
    rows = session.execute(
        select(VoucherCampaign.id, VoucherCampaign.is_active, VoucherCampaign.ends_at, counted.scalar_subquery())
        .where(VoucherCampaign.program_id == program_id, VoucherCampaign.id.in_(sorted(set(campaign_ids))))
        .order_by(VoucherCampaign.id)
    ).all()
    return [(int(row[0]), bool(row[1]), row[2], int(row[3])) for row in rows]


# --- codes ---------------------------------------------------------------------------------


def lock_code_space(session: Session, *, program_id: int, pattern: str, charset: str) -> None:
    """Hold the program's codes of this pattern until the transaction ends, so two batches (of
    any campaigns) cannot both count the space before either adds to it."""
    transaction_lock(session, f"voucher-code-space:{program_id}:{pattern}:{charset}")


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


_CHECKOUT_COLUMNS = (
    select(_codes.c.code, _codes.c.id, _codes.c.member_id, _codes.c.uses, _codes.c.max_uses, _codes.c.balance_minor,
           _campaigns.c.id, _campaigns.c.name, _campaigns.c.kind, _campaigns.c.is_active, _campaigns.c.amount_minor,
           _campaigns.c.percent, _campaigns.c.max_discount_minor, _campaigns.c.sku, _campaigns.c.free_quantity,
           _campaigns.c.factor, _campaigns.c.condition, _campaigns.c.line_condition, _campaigns.c.starts_at,
           _campaigns.c.ends_at, _campaigns.c.max_uses_per_member, _campaigns.c.max_uses_total,
           _campaigns.c.uses_total, _usage.c.uses)
    .join(_campaigns, _campaigns.c.id == _codes.c.campaign_id)
    .outerjoin(_usage, (_usage.c.campaign_id == _codes.c.campaign_id) & (_usage.c.member_id == bindparam("member_id")))
)
_CHECKOUT_CODES = _CHECKOUT_COLUMNS.where(_codes.c.program_id == bindparam("program_id"),
                                          _codes.c.code.in_(bindparam("codes", expanding=True)))
# A till asks about one code at a time: that read skips SQLAlchemy's execution machinery.
_CHECKOUT_ONE_CODE = DirectStatement(_CHECKOUT_COLUMNS.where(_codes.c.program_id == bindparam("program_id"),
                                                             _codes.c.code == bindparam("code")))


def checkout_codes(session: Session, *, program_id: int, member_id: int | None,
                   codes: Sequence[str]) -> dict[str, tuple[CodeState, Terms, int]]:
    """The codes that exist in the program, each with its campaign's terms and how many live
    redemptions of the campaign `member_id` has (0 for a guest): one query, reading only
    the columns the checks and the discount use."""
    if not codes:
        return {}
    found: dict[str, tuple[CodeState, Terms, int]] = {}
    rows: Any
    if len(codes) == 1:
        one = _CHECKOUT_ONE_CODE.typed_row(session, {"program_id": program_id, "member_id": member_id,
                                                     "code": codes[0]})
        rows = [] if one is None else [one]
    else:
        rows = _run(session, _CHECKOUT_CODES, {"program_id": program_id, "member_id": member_id, "codes": list(codes)})
    for row in rows:
        found[row[0]] = (
            CodeState(code_id=row[1], code=row[0], member_id=row[2], uses=row[3], max_uses=row[4],
                      balance_minor=row[5]),
            Terms(campaign_id=row[6], name=row[7], kind=row[8], is_active=row[9], amount_minor=row[10],
                  percent=row[11], max_discount_minor=row[12], sku=row[13], free_quantity=row[14], factor=row[15],
                  condition=row[16], line_condition=row[17], starts_at=row[18], ends_at=row[19],
                  max_uses_per_member=row[20], max_uses_total=row[21], uses_total=row[22]),
            row[23] or 0,
        )
    return found


def code_in_campaign(session: Session, *, campaign_id: int, code: str) -> VoucherCode | None:
    return session.scalars(select(VoucherCode).where(VoucherCode.campaign_id == campaign_id,
                                                     VoucherCode.code == code)).one_or_none()


def unpublished_codes(session: Session, *, campaign_id: int, limit: int) -> Sequence[VoucherCode]:
    """The oldest codes nobody holds or has used, locked for publishing.

    On PostgreSQL SKIP LOCKED lets concurrent publishers of one campaign take different codes
    instead of queueing on the same first rows.
    """
    query = (select(VoucherCode)
             .where(VoucherCode.campaign_id == campaign_id, _UNPUBLISHED)
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


def member_codes(session: Session, *, program_id: int, member_id: int, before_id: int | None = None,
                 limit: int | None = None) -> Sequence[Any]:
    """(code, campaign) rows, newest code first."""
    query = (select(VoucherCode, VoucherCampaign)
             .join(VoucherCampaign, VoucherCampaign.id == VoucherCode.campaign_id)
             .where(VoucherCode.program_id == program_id, VoucherCode.member_id == member_id))
    if before_id is not None:
        query = query.where(VoucherCode.id < before_id)
    return session.execute(query.order_by(VoucherCode.id.desc()).limit(limit)).all()


# --- usage counters --------------------------------------------------------------------------


# Only campaigns with a total limit keep a running count: an unlimited campaign's row is then
# never locked by its redemptions, which would otherwise queue on it one commit at a time.
# The statement matches no row (and locks none) for an unlimited campaign; for a limited one
# it counts the uses and says whether they still fit.
_TAKE_CAMPAIGN_USES = (
    update(_campaigns)
    .where(_campaigns.c.id == bindparam("b_campaign_id"), _campaigns.c.max_uses_total.is_not(None))
    .values(uses_total=_campaigns.c.uses_total + bindparam("b_uses"))
    .returning(_campaigns.c.uses_total <= _campaigns.c.max_uses_total)
)
_GIVE_BACK_CAMPAIGN_USES = (
    update(_campaigns)
    .where(_campaigns.c.id == bindparam("b_campaign_id"), _campaigns.c.max_uses_total.is_not(None))
    .values(uses_total=_campaigns.c.uses_total - bindparam("b_uses"))
)


_TAKE_CAMPAIGN_USES_DIRECT = DirectStatement(_TAKE_CAMPAIGN_USES)


def take_campaign_uses(session: Session, *, campaign_id: int, uses: int) -> bool:
    """Count `uses` redemptions against a limited campaign, only if they fit under its limit
    (an unlimited campaign counts nothing here and always has room).

    Call it after the redemption rows are written: their foreign key holds the campaign row
    against an update that sets a limit meanwhile (it waits, then counts them)."""
    params = {"b_campaign_id": campaign_id, "b_uses": uses}
    fits = _TAKE_CAMPAIGN_USES_DIRECT.scalar(session, params)
    if fits is None or fits:
        return True
    _run(session, _GIVE_BACK_CAMPAIGN_USES, params)
    return False


def recount_campaign_uses(session: Session, *, campaign_id: int) -> None:
    """Set the running count of a campaign that just got a limit from its live redemptions."""
    live = select(func.count()).where(VoucherRedemption.campaign_id == campaign_id,
                                      VoucherRedemption.status == "redeemed").scalar_subquery()
    session.execute(update(VoucherCampaign).where(VoucherCampaign.id == campaign_id).values(uses_total=live)
                    .execution_options(synchronize_session=False))


def live_redemption_counts(session: Session, *, campaign_ids: Sequence[int]) -> dict[int, int]:
    if not campaign_ids:
        return {}
    rows = session.execute(
        select(VoucherRedemption.campaign_id, func.count())
        .where(VoucherRedemption.campaign_id.in_(list(campaign_ids)), VoucherRedemption.status == "redeemed")
        .group_by(VoucherRedemption.campaign_id)).all()
    return {int(row[0]): int(row[1]) for row in rows}


def give_back_campaign_use(session: Session, *, campaign_id: int) -> None:
    """A rolled-back redemption leaves the running count (kept only by limited campaigns)."""
    _run(session, _GIVE_BACK_CAMPAIGN_USES, {"b_campaign_id": campaign_id, "b_uses": 1})


def _member_uses_upsert(dialect: str, *, limited: bool) -> Any:
    """INSERT the member's usage row with `b_uses`, or add `b_uses` to the existing one, only
    while the sum stays within `b_limit` (when `limited`): one guarded statement, returning
    the row's id when it counted the uses and nothing when the guard refused them. On
    PostgreSQL a concurrent first use of the same row waits for the other transaction, then
    re-checks the guard on the committed row, as an UPDATE would."""
    module: Any = postgresql if dialect == "postgresql" else sqlite
    added = _usage.c.uses + bindparam("b_uses")
    return module.insert(_usage).values(
        program_id=bindparam("b_program_id"), campaign_id=bindparam("b_campaign_id"),
        member_id=bindparam("b_member_id"), uses=bindparam("b_uses"),
    ).on_conflict_do_update(index_elements=["campaign_id", "member_id"], set_={"uses": added},
                            where=added <= bindparam("b_limit") if limited else None).returning(_usage.c.id)


_TAKE_MEMBER_USES = {(dialect, limited): DirectStatement(_member_uses_upsert(dialect, limited=limited))
                     for dialect in ("postgresql", "sqlite") for limited in (False, True)}


def take_member_uses(session: Session, *, program_id: int, campaign_id: int, member_id: int, uses: int,
                     limit: int | None) -> bool:
    """Count `uses` against the member's usage of the campaign, only if they fit under `limit`."""
    if limit is not None and uses > limit:
        return False  # even a first use of the campaign would not fit
    dialect = "postgresql" if session.get_bind().dialect.name == "postgresql" else "sqlite"
    return _TAKE_MEMBER_USES[(dialect, limit is not None)].row(session, {
        "b_program_id": program_id, "b_campaign_id": campaign_id, "b_member_id": member_id, "b_uses": uses,
        "b_limit": limit}) is not None


def give_back_member_use(session: Session, *, campaign_id: int, member_id: int) -> None:
    session.execute(update(VoucherMemberUsage)
                    .where(VoucherMemberUsage.campaign_id == campaign_id, VoucherMemberUsage.member_id == member_id,
                           VoucherMemberUsage.uses > 0)
                    .values(uses=VoucherMemberUsage.uses - 1).execution_options(synchronize_session=False))


_CODE_USE_LEFT = _codes.c.max_uses.is_(None) | (_codes.c.uses < _codes.c.max_uses)
_TAKE_CODE_USE = update(_codes).where(_codes.c.id == bindparam("b_code_id"), _CODE_USE_LEFT) \
    .values(uses=_codes.c.uses + 1)
_TAKE_GIFT_CARD_USE = (
    update(_codes)
    .where(_codes.c.id == bindparam("b_code_id"), _CODE_USE_LEFT, _codes.c.balance_minor >= bindparam("b_gift"))
    .values(uses=_codes.c.uses + 1, balance_minor=_codes.c.balance_minor - bindparam("b_gift"))
)


_TAKE_CODE_USE_DIRECT = DirectStatement(_TAKE_CODE_USE)
_TAKE_GIFT_CARD_USE_DIRECT = DirectStatement(_TAKE_GIFT_CARD_USE)


def take_code_use(session: Session, *, code_id: int, gift_card_minor: int) -> bool:
    """One use of the code, and `gift_card_minor` off its balance, only if both are still there."""
    if gift_card_minor:
        cursor = _TAKE_GIFT_CARD_USE_DIRECT.execute(session, {"b_code_id": code_id, "b_gift": gift_card_minor})
    else:
        cursor = _TAKE_CODE_USE_DIRECT.execute(session, {"b_code_id": code_id})
    taken: bool = cursor.rowcount == 1
    cursor.close()
    return taken


def give_back_code_use(session: Session, *, code_id: int, gift_card_minor: int) -> None:
    values: dict[str, Any] = {"uses": VoucherCode.uses - 1}
    if gift_card_minor:
        values["balance_minor"] = VoucherCode.balance_minor + gift_card_minor
    session.execute(update(VoucherCode).where(VoucherCode.id == code_id, VoucherCode.uses > 0).values(**values)
                    .execution_options(synchronize_session=False))


_CODE_BALANCE = select(_codes.c.balance_minor).where(_codes.c.id == bindparam("b_code_id"))
_LOCK_CODE_BALANCE = _CODE_BALANCE.with_for_update()


def lock_code_balance(session: Session, *, code_id: int) -> int | None:
    """A gift card's balance as committed now, its row locked until the transaction ends
    (SQLite's BEGIN IMMEDIATE already serializes writers)."""
    connection = deferred.connection(session)
    statement = _LOCK_CODE_BALANCE if connection.dialect.name == "postgresql" else _CODE_BALANCE
    balance: int | None = connection.execute(statement, {"b_code_id": code_id}).scalar()
    return balance


# --- redemptions -----------------------------------------------------------------------------


_REDEMPTION_COLUMNS = [column.key for column in _redemptions.c if column.key != "id"]
_ADD_REDEMPTIONS = insert(_redemptions).returning(_redemptions.c.id, sort_by_parameter_order=True)
_ADD_REDEMPTION = DirectStatement(insert(_redemptions).returning(_redemptions.c.id), columns=_REDEMPTION_COLUMNS)
# PostgreSQL: one use of a plain code and its redemption in one statement; no row when the
# code is used up (nothing written). The guarded UPDATE is the same as take_code_use's.
_used_code = update(_codes).where(_codes.c.id == bindparam("code_id"), _CODE_USE_LEFT) \
    .values(uses=_codes.c.uses + 1).returning(_codes.c.id).cte("used_code")
_ADD_REDEMPTION_TAKING_CODE_USE = DirectStatement(insert(_redemptions).from_select(_REDEMPTION_COLUMNS, select(*(
    _used_code.c.id if name == "code_id" else bindparam(name, type_=_redemptions.c[name].type)
    for name in _REDEMPTION_COLUMNS))).returning(_redemptions.c.id))


def add_redemption_taking_code_use(session: Session, row: dict[str, Any]) -> int | None:
    """As take_code_use (no gift card) then add_redemptions of `row`: the redemption's id, or
    None, and nothing written, when the code has no use left."""
    if session.get_bind().dialect.name != "postgresql":
        if not take_code_use(session, code_id=row["code_id"], gift_card_minor=0):
            return None
        return add_redemptions(session, [row])[0]
    found = _ADD_REDEMPTION_TAKING_CODE_USE.scalar(session, row)
    return None if found is None else int(found)


def add_redemptions(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """The new redemptions' ids, in the order of `rows` (each row names every column but the id)."""
    if len(rows) == 1:
        return [int(_ADD_REDEMPTION.scalar(session, rows[0]))]
    return list(deferred.connection(session).execute(_ADD_REDEMPTIONS, rows).scalars())


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


def member_redemption_rows(session: Session, *, program_id: int, member_id: int
                           ) -> list[tuple[VoucherRedemption, str]]:
    """Every use of a coupon by the member with the code used, oldest first (their data export)."""
    return [(row, str(code)) for row, code in session.execute(
        select(VoucherRedemption, VoucherCode.code).join(VoucherCode, VoucherCode.id == VoucherRedemption.code_id)
        .where(VoucherRedemption.program_id == program_id, VoucherRedemption.member_id == member_id)
        .order_by(VoucherRedemption.redeemed_at, VoucherRedemption.id)).all()]
