"""The dashboard's aggregate queries: each one statement, grouped in the database, bounded by
the program and a time window, never a row per member or purchase brought back to Python."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, case, cast, distinct, extract, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from loyalty.db.base import UtcDateTime
from loyalty.ledger.models import Account, LedgerEntry
from loyalty.members.models import Member
from loyalty.purchases.models import Purchase
from loyalty.rewards.models import Redemption

SECONDS_PER_DAY = 86400


def _day_index(session: Session, column: Any, origin: datetime) -> ColumnElement[int]:
    """Whole days from `origin` to `column` (0 for the first day), computed by the database."""
    start = literal(origin, UtcDateTime())
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.floor(extract("epoch", column - start) / SECONDS_PER_DAY), Integer)
    # SQLite keeps UTC as text; julianday reads it. Seconds are rounded first, so a moment exactly
    # at midnight is not put in the day before by a floating-point remainder.
    seconds = cast(func.round((func.julianday(column) - func.julianday(start)) * SECONDS_PER_DAY), Integer)
    return cast(seconds / SECONDS_PER_DAY, Integer)


def member_count(session: Session, program_id: int) -> int:
    return int(session.scalar(select(func.count()).select_from(Member).where(Member.program_id == program_id)) or 0)


def members_enrolled_by_day(session: Session, program_id: int, start: datetime, end: datetime) -> Sequence[Any]:
    """(day, members) for the days from `start` that had enrolments."""
    day = _day_index(session, Member.enrolled_at, start).label("day")
    return session.execute(
        select(day, func.count())
        .where(Member.program_id == program_id, Member.enrolled_at >= start, Member.enrolled_at < end)
        .group_by(day)).all()


def active_members(session: Session, program_id: int, since: Sequence[datetime], end: datetime) -> list[int]:
    """For each moment in `since`: how many members bought something from it until `end`."""
    earliest = min(since)
    counts = session.execute(
        select(*[func.count(distinct(_member_if_since(moment))) for moment in since])
        .where(Purchase.program_id == program_id, Purchase.member_id.is_not(None),
               Purchase.occurred_at >= earliest, Purchase.occurred_at < end)).one()
    return [int(count or 0) for count in counts]


def _member_if_since(moment: datetime) -> ColumnElement[Any]:
    return case((Purchase.occurred_at >= literal(moment, UtcDateTime()), Purchase.member_id), else_=None)


def member_purchases_by_day(session: Session, program_id: int, start: datetime, end: datetime) -> Sequence[Any]:
    """(day, purchases, revenue net of refunds) of members' purchases, for the days that had any."""
    day = _day_index(session, Purchase.occurred_at, start).label("day")
    return session.execute(
        select(day, func.count(), func.coalesce(func.sum(Purchase.total_minor - Purchase.refunded_minor), 0))
        .where(Purchase.program_id == program_id, Purchase.member_id.is_not(None),
               Purchase.occurred_at >= start, Purchase.occurred_at < end)
        .group_by(day)).all()


def program_movements_by_day(session: Session, program_id: int, unit: str, kinds: Sequence[str], start: datetime,
                             end: datetime) -> Sequence[Any]:
    """(account kind, day, sum of entries) on the program's accounts of `kinds` in `unit`."""
    day = _day_index(session, LedgerEntry.created_at, start).label("day")
    return session.execute(
        select(Account.kind, day, func.coalesce(func.sum(LedgerEntry.amount), 0))
        .join(LedgerEntry, LedgerEntry.account_id == Account.id)
        .where(Account.program_id == program_id, Account.member_id.is_(None), Account.unit == unit,
               Account.kind.in_(kinds), LedgerEntry.created_at >= start, LedgerEntry.created_at < end)
        .group_by(Account.kind, day)).all()


def top_rewards(session: Session, program_id: int, start: datetime, end: datetime, *, excluded_status: str,
                limit: int) -> Sequence[Any]:
    """(reward id, a name, redemptions, points) of the most redeemed rewards in the window."""
    redemptions = func.count().label("redemptions")
    return session.execute(
        select(Redemption.reward_id, func.max(Redemption.reward_name), redemptions,
               func.coalesce(func.sum(Redemption.points), 0))
        .where(Redemption.program_id == program_id, Redemption.status != excluded_status,
               Redemption.created_at >= start, Redemption.created_at < end)
        .group_by(Redemption.reward_id)
        .order_by(redemptions.desc(), Redemption.reward_id)
        .limit(limit)).all()
