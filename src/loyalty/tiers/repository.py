"""Every query on tier levels, tier policies, tier activity and members' tiers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, bindparam, delete, func, insert, literal_column, or_, select, update
from sqlalchemy.orm import Session, aliased

from loyalty.db.base import core_table
from loyalty.db.dialects import for_update, insert_ignoring_conflict
from loyalty.db.direct import DirectStatement
from loyalty.members import repository as members_repository
from loyalty.members.models import Member
from loyalty.tiers.models import MemberTier, TierActivity, TierLevel, TierPolicy

# --- levels and policy ----------------------------------------------------------------------


def levels(session: Session, *, program_id: int, after_rank: int | None = None,
           limit: int | None = None) -> Sequence[TierLevel]:
    """By rank, the base level (0) first; a program's ranks are unique."""
    query = select(TierLevel).where(TierLevel.program_id == program_id)
    if after_rank is not None:
        query = query.where(TierLevel.rank > after_rank)
    return session.scalars(query.order_by(TierLevel.rank).limit(limit)).all()


def level(session: Session, *, program_id: int, tier_id: int) -> TierLevel | None:
    found = session.get(TierLevel, tier_id)
    if found is None or found.program_id != program_id:
        return None
    return found


def level_by_code(session: Session, *, program_id: int, code: str) -> TierLevel | None:
    return session.scalars(select(TierLevel).where(TierLevel.program_id == program_id,
                                                   TierLevel.code == code)).one_or_none()


def add_level(session: Session, row: TierLevel) -> None:
    session.add(row)
    session.flush()


def delete_level(session: Session, row: TierLevel) -> None:
    session.delete(row)
    session.flush()


def level_has_members(session: Session, *, tier_id: int) -> bool:
    """Whether any member is stored in the level (members who never left the base level have no row)."""
    query = select(MemberTier.id).where(MemberTier.tier_id == tier_id)
    return session.scalars(query.limit(1)).first() is not None


def move_provisional_floors(session: Session, *, from_tier_id: int, to_tier_id: int) -> None:
    """Point the floors of provisional upgrades (`previous_tier_id`) at another level."""
    session.execute(update(MemberTier).where(MemberTier.previous_tier_id == from_tier_id)
                    .values(previous_tier_id=to_tier_id).execution_options(synchronize_session=False))


def delete_members_at(session: Session, *, tier_id: int) -> None:
    """Delete the rows of members stored in a level (at the base level, the same as no row)."""
    session.execute(delete(MemberTier).where(MemberTier.tier_id == tier_id)
                    .execution_options(synchronize_session=False))


def policy(session: Session, *, program_id: int) -> TierPolicy | None:
    return session.scalars(select(TierPolicy).where(TierPolicy.program_id == program_id)).one_or_none()


def locked_policy(session: Session, *, program_id: int, defaults: dict[str, Any], now: datetime) -> TierPolicy:
    """The program's policy row, created with `defaults` if missing, locked until commit."""
    insert_ignoring_conflict(session, TierPolicy, {"program_id": program_id, "created_at": now, "updated_at": now,
                                                   **defaults}, ["program_id"])
    query = for_update(select(TierPolicy).where(TierPolicy.program_id == program_id), session)
    return session.scalars(query.execution_options(populate_existing=True)).one()


# --- activity -------------------------------------------------------------------------------


_activity = core_table(TierActivity)
_ACTIVITY_FIELDS = ("program_id", "member_id", "occurred_at", "points", "amount_minor", "purchases", "source",
                    "recorded_at")
_INSERT_ACTIVITY = DirectStatement(insert(_activity), columns=list(_ACTIVITY_FIELDS))
# The member's row, locked until commit: FOR NO KEY UPDATE on PostgreSQL; SQLite compiles no
# locking clause (BEGIN IMMEDIATE already serializes its writers).
_MEMBER_LOCKED = select(Member.id).where(Member.id == bindparam("member_id"),
                                         Member.program_id == bindparam("program_id")).with_for_update(key_share=True)
_LOCK_MEMBER = DirectStatement(_MEMBER_LOCKED)
_locked_member = _MEMBER_LOCKED.cte("locked_member")
_ADD_ACTIVITY_LOCKING_MEMBER = DirectStatement(insert(_activity).from_select(list(_ACTIVITY_FIELDS), select(*(
    _locked_member.c.id if name == "member_id" else bindparam(name, type_=_activity.c[name].type)
    for name in _ACTIVITY_FIELDS))).returning(_activity.c.id))


def add_activity(session: Session, values: dict[str, Any]) -> None:
    _INSERT_ACTIVITY.execute(session, values).close()


def add_activity_locking_member(session: Session, values: dict[str, Any]) -> bool:
    """Lock the member's row (as `lock_member`) and append the activity, in one statement;
    False, and nothing appended, when no such member is in the program."""
    return _ADD_ACTIVITY_LOCKING_MEMBER.scalar(session, values) is not None


_ZERO = literal_column("0", BigInteger())
_ACTIVITY_SINCE_QUERY = select(func.coalesce(func.sum(TierActivity.points), _ZERO),
                               func.coalesce(func.sum(TierActivity.amount_minor), _ZERO),
                               func.coalesce(func.sum(TierActivity.purchases), _ZERO)) \
    .where(TierActivity.member_id == bindparam("member_id"), TierActivity.occurred_at >= bindparam("start"))
_ACTIVITY_SINCE = DirectStatement(_ACTIVITY_SINCE_QUERY)
_ACTIVITY_BETWEEN = DirectStatement(_ACTIVITY_SINCE_QUERY.where(TierActivity.occurred_at < bindparam("end")))


# The column of each qualifying measure (domain.Activity.measured, in SQL).
_MEASURE_COLUMNS = {"points_earned": TierActivity.points, "amount_spent": TierActivity.amount_minor,
                    "purchase_count": TierActivity.purchases}


def activity_by_date(session: Session, *, member_id: int, start: datetime, measure: str,
                     limit: int) -> list[tuple[datetime, int]]:
    """The member's `measure` since `start` summed per `occurred_at` (the exact moment, not the
    day), earliest first: the first `limit` moments where it is not zero.

    A refund is dated like its purchase, so each sum is a purchase net of its refunds, and a
    purchase refunded in full is no date at all. One statement that walks the member's
    activity index in date order and stops after `limit` moments.
    """
    column = _MEASURE_COLUMNS[measure]
    net = func.sum(column)
    query = select(TierActivity.occurred_at, net) \
        .where(TierActivity.member_id == member_id, TierActivity.occurred_at >= start) \
        .group_by(TierActivity.occurred_at).having(net != 0) \
        .order_by(TierActivity.occurred_at).limit(limit)
    return [(occurred_at, int(value)) for occurred_at, value in session.execute(query)]


def activity_sum(session: Session, *, member_id: int, start: datetime, end: datetime | None) -> tuple[int, int, int]:
    """Points, amount and purchases of the member's activity in `[start, end)` (no end: up to any time)."""
    if end is None:
        cursor = _ACTIVITY_SINCE.execute(session, {"member_id": member_id, "start": start})
    else:
        cursor = _ACTIVITY_BETWEEN.execute(session, {"member_id": member_id, "start": start, "end": end})
    points, amount, purchases = cursor.fetchone()
    cursor.close()
    return int(points), int(amount), int(purchases)


# --- members' tiers -------------------------------------------------------------------------


def lock_member(session: Session, *, program_id: int, member_id: int) -> bool:
    """Lock the member's row until commit; False when no such member is in the program.

    Every write of a member's tier holds this lock, so the measure summed after taking it
    includes every earlier writer's activity. FOR NO KEY UPDATE on PostgreSQL: the foreign
    keys of rows inserted for the member (lots, activity) take KEY SHARE on the same row,
    which plain FOR UPDATE would wait on, and two such transactions would deadlock.
    SQLite's BEGIN IMMEDIATE already serializes writers.
    """
    return _LOCK_MEMBER.scalar(session, {"member_id": member_id, "program_id": program_id}) is not None


def member_tier(session: Session, *, member_id: int) -> MemberTier | None:
    query = select(MemberTier).where(MemberTier.member_id == member_id)
    return session.scalars(query.execution_options(populate_existing=True)).one_or_none()


_MEMBER_TIER_ID = DirectStatement(select(MemberTier.tier_id).where(
    MemberTier.member_id == bindparam("member_id"), MemberTier.program_id == bindparam("program_id")))


# Read with the member's row when a purchase loads the member, saving a statement of its own.
_TIER_ID = "tiers.tier_id"
members_repository.read_along(_TIER_ID, select(MemberTier.tier_id).where(MemberTier.member_id == Member.id)
                              .scalar_subquery())


def member_tier_id(session: Session, *, program_id: int, member_id: int) -> int | None:
    """The id of the level stored for the member (None: no row, so the base level)."""
    known, found = members_repository.read_with_member(session, _TIER_ID, member_id)
    if not known:
        found = _MEMBER_TIER_ID.scalar(session, {"member_id": member_id, "program_id": program_id})
    return None if found is None else int(found)


def state_and_activity(session: Session, *, member_id: int, start: datetime) -> tuple[Any | None, tuple[int, int, int]]:
    """The member's stored tier row (its columns, None without one) and their activity's points,
    amount and purchases since `start`, read together (after `lock_member`)."""
    found = _STATE_AND_ACTIVITY.typed_row(session, {"member_id": member_id, "start": start})
    assert found is not None  # the sums always give a row
    row = _StateRow(*found[:-3])
    points, amount, purchases = found[-3:]
    return (row if row.id is not None else None), (int(points), int(amount), int(purchases))


def member_level(session: Session, *, program_id: int, member_id: int) -> TierLevel | None:
    """The level stored for the member (None: no row, so the base level if the program has one)."""
    query = select(TierLevel).join(MemberTier, MemberTier.tier_id == TierLevel.id) \
        .where(MemberTier.member_id == member_id, MemberTier.program_id == program_id)
    return session.scalars(query).one_or_none()


def member_tier_ids(session: Session, *, program_id: int, member_ids: Sequence[int]) -> dict[int, int]:
    """The stored level per member (members without a row, on the base level, are absent)."""
    if not member_ids:
        return {}
    query = select(MemberTier.member_id, MemberTier.tier_id).where(
        MemberTier.program_id == program_id, MemberTier.member_id.in_(list(member_ids)))
    return {int(member_id): int(tier_id) for member_id, tier_id in session.execute(query)}


def member_tier_codes(session: Session, *, program_id: int, member_ids: Sequence[int]) -> dict[int, str]:
    if not member_ids:
        return {}
    query = select(MemberTier.member_id, TierLevel.code).join(TierLevel, TierLevel.id == MemberTier.tier_id) \
        .where(MemberTier.program_id == program_id, MemberTier.member_id.in_(list(member_ids)))
    return {member_id: code for member_id, code in session.execute(query)}


# What a change of a member's tier writes (domain.MemberState); a first purchase writes it too.
_STATE_COLUMNS = ("tier_id", "since", "review_at", "grace_until", "manually_assigned", "provisional_until",
                  "previous_tier_id", "updated_at")
_member_tiers = core_table(MemberTier)
_ACTIVITY_IN_WINDOW = _ACTIVITY_SINCE_QUERY.subquery("activity")
# Built once: building a statement costs about what running it does.
_STATE_AND_ACTIVITY = DirectStatement(
    select(_member_tiers.c.id, *(_member_tiers.c[name] for name in _STATE_COLUMNS), *_ACTIVITY_IN_WINDOW.c)
    .select_from(_ACTIVITY_IN_WINDOW.outerjoin(_member_tiers, _member_tiers.c.member_id == bindparam("member_id"))))


class _StateRow(NamedTuple):
    """A member's stored tier row, as _STATE_AND_ACTIVITY reads it (id None: no row)."""

    id: int | None
    tier_id: int
    since: datetime
    review_at: datetime | None
    grace_until: datetime | None
    manually_assigned: bool
    provisional_until: datetime | None
    previous_tier_id: int | None
    updated_at: datetime


assert _StateRow._fields == ("id", *_STATE_COLUMNS)  # noqa: S101 - the statement's columns, in its order

_INSERT_MEMBER_TIER = DirectStatement(insert(_member_tiers), columns=["program_id", "member_id", *_STATE_COLUMNS])
_UPDATE_MEMBER_TIER = DirectStatement(update(_member_tiers).where(
    _member_tiers.c.member_id == bindparam("target_member_id")), columns=list(_STATE_COLUMNS))


def insert_member_tier(session: Session, values: dict[str, Any]) -> None:
    """`values`: the program, the member and every one of _STATE_COLUMNS."""
    members_repository.forget_read_along(session, _TIER_ID, values["member_id"])
    _INSERT_MEMBER_TIER.execute(session, values).close()


def update_member_tier(session: Session, *, member_id: int, values: dict[str, Any]) -> None:
    """`values`: every one of _STATE_COLUMNS. A MemberTier the session holds is not refreshed."""
    members_repository.forget_read_along(session, _TIER_ID, member_id)
    _UPDATE_MEMBER_TIER.execute(session, {**values, "target_member_id": member_id}).close()


def due_member_ids(session: Session, *, program_id: int, now: datetime, limit: int) -> list[int]:
    """Members whose review is due, in member id order (the order their rows are locked in)."""
    query = select(MemberTier.member_id).where(MemberTier.program_id == program_id, MemberTier.review_at <= now) \
        .order_by(MemberTier.member_id).limit(limit)
    return list(session.scalars(query))


def level_members(session: Session, *, tier_id: int, after_member_id: int | None, limit: int) -> Sequence[Any]:
    query = select(MemberTier.member_id, MemberTier.since, MemberTier.review_at, MemberTier.grace_until,
                   MemberTier.manually_assigned).where(MemberTier.tier_id == tier_id)
    if after_member_id is not None:
        query = query.where(MemberTier.member_id > after_member_id)
    return session.execute(query.order_by(MemberTier.member_id).limit(limit)).all()


def base_level_members(session: Session, *, program_id: int, base_tier_id: int, after_member_id: int | None,
                       limit: int) -> Sequence[Any]:
    """Members at the base level: those stored there and those who never left it (no row)."""
    query = select(Member.id.label("member_id"), MemberTier.since, MemberTier.review_at, MemberTier.grace_until,
                   func.coalesce(MemberTier.manually_assigned, False).label("manually_assigned")) \
        .outerjoin(MemberTier, MemberTier.member_id == Member.id) \
        .where(Member.program_id == program_id, or_(MemberTier.id.is_(None), MemberTier.tier_id == base_tier_id))
    if after_member_id is not None:
        query = query.where(Member.id > after_member_id)
    return session.execute(query.order_by(Member.id).limit(limit)).all()


# --- the member's data export ------------------------------------------------------------------


def member_tier_row(session: Session, *, program_id: int, member_id: int
                    ) -> tuple[MemberTier, str, str | None] | None:
    """The member's tier now with its name and the previous tier's name (one statement)."""
    previous = aliased(TierLevel)
    found = session.execute(
        select(MemberTier, TierLevel.name, previous.name)
        .join(TierLevel, TierLevel.id == MemberTier.tier_id)
        .outerjoin(previous, previous.id == MemberTier.previous_tier_id)
        .where(MemberTier.program_id == program_id, MemberTier.member_id == member_id)).first()
    return None if found is None else (found[0], str(found[1]), found[2])


def member_activity_rows(session: Session, *, program_id: int, member_id: int) -> Sequence[TierActivity]:
    """Every activity the tier measure counted for the member, oldest first."""
    return session.scalars(select(TierActivity).where(
        TierActivity.program_id == program_id, TierActivity.member_id == member_id)
        .order_by(TierActivity.occurred_at, TierActivity.id)).all()
