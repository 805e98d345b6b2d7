"""The lifecycle's SQL: candidates found set-based, marks inserted in bulk, rhythms and carts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, String, and_, cast, exists, func, literal, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from loyalty.db.base import core_table
from loyalty.ledger.models import Lot
from loyalty.lifecycle.models import Cart, LifecycleMark, LifecycleSettings, MemberRhythm
from loyalty.members.models import Member
from loyalty.purchases.models import Purchase

MARK_KEY = ["program_id", "kind", "occasion", "member_id"]


def _postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _not_marked(program_id: int, kind: str, member_id: Any, occasion: Any) -> ColumnElement[bool]:
    return ~exists().where(LifecycleMark.program_id == program_id, LifecycleMark.kind == kind,
                           LifecycleMark.occasion == occasion, LifecycleMark.member_id == member_id)


# --- marks -----------------------------------------------------------------------------------

_INSERT_MARKS_POSTGRESQL = text("""
INSERT INTO lifecycle_marks (program_id, kind, occasion, member_id, created_at)
SELECT :program_id, :kind, t.occasion, t.member_id, :now
FROM unnest(CAST(:member_ids AS bigint[]), CAST(:occasions AS text[])) AS t(member_id, occasion)
ON CONFLICT (program_id, kind, occasion, member_id) DO NOTHING
RETURNING member_id, occasion
""")


def insert_marks(session: Session, *, program_id: int, kind: str, keys: Sequence[tuple[int, str]],
                 now: datetime) -> set[tuple[int, str]]:
    """Insert the marks (member_id, occasion) of `kind` that do not exist yet; the keys really
    inserted. A concurrent transaction inserting the same key makes this one wait for it and
    then skip the key (PostgreSQL); SQLite's writers take turns."""
    if not keys:
        return set()
    if _postgresql(session):
        rows = session.execute(_INSERT_MARKS_POSTGRESQL, {
            "program_id": program_id, "kind": kind, "now": now,
            "member_ids": [member_id for member_id, _ in keys], "occasions": [occasion for _, occasion in keys]})
        return {(row.member_id, row.occasion) for row in rows}
    table = core_table(LifecycleMark)
    statement = sqlite.insert(table).on_conflict_do_nothing(index_elements=MARK_KEY).returning(
        table.c.member_id, table.c.occasion)
    inserted: set[tuple[int, str]] = set()
    # SQLite returns nothing for a multi-row executemany with RETURNING: one batch per statement.
    for start in range(0, len(keys), 200):
        batch = keys[start:start + 200]
        values = [{"program_id": program_id, "kind": kind, "occasion": occasion, "member_id": member_id,
                   "created_at": now} for member_id, occasion in batch]
        inserted.update((row.member_id, row.occasion) for row in session.execute(statement.values(values)))
    return inserted


def marked(session: Session, *, program_id: int, kind: str, occasions: Iterable[str]) -> set[tuple[int, str]]:
    """The (member_id, occasion) of the marks of `kind` on these occasions."""
    rows = session.execute(select(LifecycleMark.member_id, LifecycleMark.occasion).where(
        LifecycleMark.program_id == program_id, LifecycleMark.kind == kind,
        LifecycleMark.occasion.in_(list(occasions))))
    return {(row.member_id, row.occasion) for row in rows}


# --- settings --------------------------------------------------------------------------------


def get_settings(session: Session, program_id: int, *, lock: bool = False) -> LifecycleSettings | None:
    query = select(LifecycleSettings).where(LifecycleSettings.program_id == program_id)
    if lock and _postgresql(session):
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def upsert_settings(session: Session, *, program_id: int, values: dict[str, Any]) -> None:
    module = postgresql if _postgresql(session) else sqlite
    table = core_table(LifecycleSettings)
    changed = {name: value for name, value in values.items() if name != "program_id"}
    session.execute(module.insert(table).values(program_id=program_id, **changed)
                    .on_conflict_do_update(index_elements=["program_id"], set_=changed))


# --- the scans' candidates -------------------------------------------------------------------


def birthday_candidates(session: Session, *, program_id: int, month_days: Sequence[str], occasion: str,
                        limit: int, after_member_id: int) -> Sequence[Any]:
    """Active members born on one of `month_days` not yet marked for `occasion`
    (ix_members_program_birthday), by id from `after_member_id` on."""
    return session.execute(
        select(Member.id, Member.birth_date)
        .where(Member.program_id == program_id, Member.birth_month_day.in_(list(month_days)),
               Member.status == "active",
               Member.id > after_member_id, _not_marked(program_id, "birthday", Member.id, literal(occasion, String)))
        .order_by(Member.id).limit(limit)
    ).all()


def _seconds_since(session: Session, moment: Any, now: datetime) -> Any:
    if _postgresql(session):
        return func.extract("epoch", literal(now, MemberRhythm.last_purchase_at.type) - moment)
    # SQLite keeps UTC moments as text; julianday reads it.
    return (func.julianday(literal(now, MemberRhythm.last_purchase_at.type)) - func.julianday(moment)) * 86400.0


def lapsed_candidates(session: Session, *, program_id: int, now: datetime, factor: Decimal,
                      default_gap_seconds: int, limit: int, after_member_id: int) -> Sequence[Any]:
    """Active members whose silence since their last purchase exceeds `factor` times their
    typical gap (or the default), not yet marked for that last purchase's date; by id from
    `after_member_id` on, so a backlog's batches each read on from the last (member_rhythm's key)."""
    rhythm = MemberRhythm
    occasion = cast(rhythm.last_purchase_on, String)
    gap = func.coalesce(rhythm.typical_gap_seconds, default_gap_seconds)
    return session.execute(
        select(rhythm.member_id, rhythm.last_purchase_at, rhythm.last_purchase_on, rhythm.typical_gap_seconds,
               rhythm.purchase_count)
        .join(Member, Member.id == rhythm.member_id)
        .where(rhythm.program_id == program_id, rhythm.member_id > after_member_id, Member.status == "active",
               _seconds_since(session, rhythm.last_purchase_at, now) > gap * float(factor),
               _not_marked(program_id, "lapsed", rhythm.member_id, occasion))
        .order_by(rhythm.member_id).limit(limit)
    ).all()


def expiring_lots(session: Session, *, program_id: int, after: datetime, until: datetime) -> Sequence[Any]:
    """(member_id, unit, expires_at, points) of active members' lots expiring in (after, until]."""
    return session.execute(
        select(Lot.member_id, Lot.unit, Lot.expires_at, func.sum(Lot.remaining).label("points"))
        .join(Member, Member.id == Lot.member_id)
        .where(Lot.program_id == program_id, Lot.state.in_(("available", "pending")), Lot.remaining > 0,
               Lot.expires_at > after, Lot.expires_at <= until, Member.status == "active")
        .group_by(Lot.member_id, Lot.unit, Lot.expires_at)
    ).all()


def first_enrolment(session: Session, *, program_id: int) -> datetime | None:
    return session.scalar(select(func.min(Member.enrolled_at)).where(Member.program_id == program_id))


def enrolled_within(session: Session, *, program_id: int, ranges: Sequence[tuple[datetime, datetime]],
                    occasion: str, limit: int, after_member_id: int) -> Sequence[Any]:
    """Active members enrolled within one of the [start, end) ranges, not yet marked
    `anniversary` for `occasion` (one range scan of ix_members_program_enrolled per range)."""
    if not ranges:
        return []
    return session.execute(
        select(Member.id, Member.enrolled_at)
        .where(Member.program_id == program_id, Member.status == "active", Member.id > after_member_id,
               or_(*(and_(Member.enrolled_at >= start, Member.enrolled_at < end) for start, end in ranges)),
               _not_marked(program_id, "anniversary", Member.id, literal(occasion, String)))
        .order_by(Member.id).limit(limit)
    ).all()


def abandoned_carts(session: Session, *, program_id: int, updated_before: datetime, updated_after: datetime,
                    limit: int) -> Sequence[Cart]:
    """Carts of active members with a value, last updated in (updated_after, updated_before], with
    no purchase by the member since their update and no abandonment announced yet."""
    followed = exists().where(Purchase.program_id == program_id, Purchase.member_id == Cart.member_id,
                              Purchase.occurred_at >= Cart.updated_at)
    return session.scalars(
        select(Cart).join(Member, Member.id == Cart.member_id)
        .where(Cart.program_id == program_id, Cart.updated_at <= updated_before, Cart.updated_at > updated_after,
               Cart.value_minor > 0, Member.status == "active", ~followed,
               _not_marked(program_id, "cart_abandoned", Cart.member_id, Cart.cart_id))
        .order_by(Cart.id).limit(limit)
    ).all()


# --- rhythms and carts -----------------------------------------------------------------------


def latest_purchase_times(session: Session, *, program_id: int, member_id: int, limit: int) -> list[datetime]:
    """When the member's latest purchases happened, newest first (ix_purchases_member)."""
    return list(session.scalars(
        select(Purchase.occurred_at).where(Purchase.program_id == program_id, Purchase.member_id == member_id)
        .order_by(Purchase.occurred_at.desc()).limit(limit)))


def latest_purchase_times_of(session: Session, *, program_id: int, member_ids: Sequence[int],
                             limit: int) -> dict[int, list[datetime]]:
    """`latest_purchase_times` for many members in one statement (ix_purchases_member)."""
    if not member_ids:
        return {}
    numbered = select(Purchase.member_id, Purchase.occurred_at, func.row_number().over(
        partition_by=Purchase.member_id, order_by=Purchase.occurred_at.desc()).label("n")).where(
        Purchase.program_id == program_id, Purchase.member_id.in_(sorted(set(member_ids)))).subquery()
    times: dict[int, list[datetime]] = {}
    for member_id, occurred_at in session.execute(
            select(numbered.c.member_id, numbered.c.occurred_at).where(numbered.c.n <= limit)
            .order_by(numbered.c.member_id, numbered.c.n)):
        times.setdefault(int(member_id), []).append(occurred_at)
    return times


def save_rhythms(session: Session, *, rows: Sequence[dict[str, Any]]) -> None:
    """`save_rhythm` for many members: one upsert, in member order (as every writer locks them)."""
    if not rows:
        return
    module: Any = postgresql if _postgresql(session) else sqlite
    table = core_table(MemberRhythm)
    statement = module.insert(table)
    changed = {name: statement.excluded[name] for name in rows[0] if name != "member_id"}
    session.execute(statement.on_conflict_do_update(index_elements=["member_id"], set_=changed),
                    sorted(rows, key=lambda row: row["member_id"]))


def save_rhythm(session: Session, *, values: dict[str, Any]) -> None:
    module = postgresql if _postgresql(session) else sqlite
    table = core_table(MemberRhythm)
    changed = {name: value for name, value in values.items() if name != "member_id"}
    session.execute(module.insert(table).values(**values)
                    .on_conflict_do_update(index_elements=["member_id"], set_=changed))


def get_rhythm(session: Session, *, member_id: int) -> MemberRhythm | None:
    return session.get(MemberRhythm, member_id)


def save_cart(session: Session, *, values: dict[str, Any]) -> Cart:
    """Insert the cart or replace its items, value and update time (one statement, so two
    reports of one cart at once never collide)."""
    module = postgresql if _postgresql(session) else sqlite
    table = core_table(Cart)
    changed = {name: values[name] for name in ("items", "value_minor", "currency", "updated_at")}
    session.execute(module.insert(table).values(**values, created_at=values["updated_at"])
                    .on_conflict_do_update(index_elements=["program_id", "member_id", "cart_id"], set_=changed))
    return session.scalars(
        select(Cart).where(Cart.program_id == values["program_id"], Cart.member_id == values["member_id"],
                           Cart.cart_id == values["cart_id"]).execution_options(populate_existing=True)).one()


def get_cart(session: Session, *, program_id: int, member_id: int, cart_id: str) -> Cart | None:
    return session.scalars(select(Cart).where(Cart.program_id == program_id, Cart.member_id == member_id,
                                              Cart.cart_id == cart_id)).one_or_none()


def rebuild_rhythms_postgresql(session: Session, *, program_id: int, timezone: str, window: int,
                               min_purchases: int) -> int:
    """Every member's rhythm from the purchases table in one statement (PostgreSQL): for a
    first fill or after an import, where replaying purchase.recorded would take long."""
    result = session.execute(text("""
WITH latest AS (
  SELECT member_id, occurred_at,
         row_number() OVER (PARTITION BY member_id ORDER BY occurred_at DESC) AS n
  FROM purchases WHERE program_id = :program_id AND member_id IS NOT NULL
), gaps AS (
  SELECT member_id, occurred_at, n,
         extract(epoch FROM occurred_at - lag(occurred_at) OVER (PARTITION BY member_id ORDER BY occurred_at))
           AS gap
  FROM latest WHERE n <= :window
), rhythm AS (
  SELECT member_id, count(*) AS purchase_count, max(occurred_at) AS last_purchase_at,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) AS median_gap
  FROM gaps GROUP BY member_id
)
INSERT INTO member_rhythm (member_id, program_id, purchase_count, last_purchase_at, last_purchase_on,
                           typical_gap_seconds, updated_at)
SELECT member_id, :program_id, purchase_count, last_purchase_at,
       (last_purchase_at AT TIME ZONE :timezone)::date,
       CASE WHEN purchase_count >= :min_purchases THEN round(median_gap)::bigint END, now()
FROM rhythm
ON CONFLICT (member_id) DO UPDATE SET purchase_count = excluded.purchase_count,
  last_purchase_at = excluded.last_purchase_at, last_purchase_on = excluded.last_purchase_on,
  typical_gap_seconds = excluded.typical_gap_seconds, updated_at = excluded.updated_at
"""), {"program_id": program_id, "timezone": timezone, "window": window, "min_purchases": min_purchases})
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def buying_members(session: Session, *, program_id: int) -> list[int]:
    return list(session.scalars(select(Purchase.member_id).where(
        Purchase.program_id == program_id, Purchase.member_id.is_not(None)).distinct()))


# --- the member's data export ------------------------------------------------------------------


def member_marks(session: Session, *, program_id: int, member_id: int) -> Sequence[LifecycleMark]:
    return session.scalars(select(LifecycleMark).where(
        LifecycleMark.program_id == program_id, LifecycleMark.member_id == member_id)
        .order_by(LifecycleMark.created_at, LifecycleMark.id)).all()


def member_rhythm(session: Session, *, program_id: int, member_id: int) -> MemberRhythm | None:
    return session.scalar(select(MemberRhythm).where(
        MemberRhythm.program_id == program_id, MemberRhythm.member_id == member_id))


def member_carts(session: Session, *, program_id: int, member_id: int) -> Sequence[Cart]:
    return session.scalars(select(Cart).where(Cart.program_id == program_id, Cart.member_id == member_id)
                           .order_by(Cart.created_at, Cart.id)).all()
