from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from loyalty.db.dialects import for_update, insert_ignoring_conflict, upsert_increment
from loyalty.members.models import Member
from loyalty.rules.models import EarningRule, EarningRuleVersion, RuleDailyUsage, RuleGrant

# The columns evaluation needs from a version: what `active_versions` returns.
SPEC_COLUMNS = (
    EarningRuleVersion.rule_id, EarningRuleVersion.version, EarningRuleVersion.name, EarningRuleVersion.trigger,
    EarningRuleVersion.effect, EarningRuleVersion.unit, EarningRuleVersion.condition,
    EarningRuleVersion.event_type, EarningRuleVersion.priority, EarningRuleVersion.is_exclusive,
    EarningRuleVersion.starts_at, EarningRuleVersion.ends_at, EarningRuleVersion.cap_per_member_per_day,
    EarningRuleVersion.cap_total, EarningRuleVersion.once_per,
)


def add_rule(session: Session, rule: EarningRule, version: EarningRuleVersion) -> None:
    session.add(rule)
    session.flush()
    version.rule_id = rule.id
    session.add(version)
    session.flush()


def add_version(session: Session, version: EarningRuleVersion) -> None:
    session.add(version)
    session.flush()


def get_rule(session: Session, *, program_id: int, rule_id: int, lock: bool = False) -> EarningRule | None:
    query = select(EarningRule).where(EarningRule.id == rule_id, EarningRule.program_id == program_id)
    if lock:
        query = for_update(query, session).execution_options(populate_existing=True)
    return session.scalars(query).one_or_none()


def list_rules(session: Session, *, program_id: int, is_active: bool | None, after_id: int | None = None,
               limit: int | None = None) -> Sequence[EarningRule]:
    query = select(EarningRule).where(EarningRule.program_id == program_id)
    if is_active is not None:
        query = query.where(EarningRule.is_active.is_(is_active))
    if after_id is not None:
        query = query.where(EarningRule.id > after_id)
    return session.scalars(query.order_by(EarningRule.id).limit(limit)).all()


def get_version(session: Session, *, rule_id: int, version: int) -> EarningRuleVersion | None:
    return session.scalars(select(EarningRuleVersion).where(
        EarningRuleVersion.rule_id == rule_id, EarningRuleVersion.version == version)).one_or_none()


def current_versions(session: Session, rules: Sequence[EarningRule]) -> dict[int, EarningRuleVersion]:
    """The version in force of each rule, in one query."""
    if not rules:
        return {}
    wanted = {(rule.id, rule.current_version) for rule in rules}
    rows = session.scalars(select(EarningRuleVersion).where(
        EarningRuleVersion.rule_id.in_([rule.id for rule in rules]))
        .where(EarningRuleVersion.version.in_({version for _, version in wanted}))).all()
    return {row.rule_id: row for row in rows if (row.rule_id, row.version) in wanted}


def versions(session: Session, *, rule_id: int) -> Sequence[EarningRuleVersion]:
    return session.scalars(select(EarningRuleVersion).where(EarningRuleVersion.rule_id == rule_id)
                           .order_by(EarningRuleVersion.version)).all()


def active_versions(session: Session, *, program_id: int, trigger: str, event_type: str | None) -> Sequence[Any]:
    """Rows of SPEC_COLUMNS for the active rules of a trigger, each at its current version: one query."""
    query = (
        select(*SPEC_COLUMNS)
        .join(EarningRule, and_(EarningRule.id == EarningRuleVersion.rule_id,
                                EarningRule.current_version == EarningRuleVersion.version))
        .where(EarningRule.program_id == program_id, EarningRule.is_active.is_(True),
               EarningRuleVersion.trigger == trigger)
    )
    if event_type is not None:
        query = query.where(EarningRuleVersion.event_type == event_type)
    return session.execute(query).all()


def set_active(session: Session, *, rule_id: int, is_active: bool, now: datetime) -> bool:
    """Flip the flag; False when it already had that value (nothing changed)."""
    result = session.execute(update(EarningRule).where(EarningRule.id == rule_id, EarningRule.is_active != is_active)
                             .values(is_active=is_active, updated_at=now)
                             .execution_options(synchronize_session="fetch"))
    return _rowcount(result) == 1


def _rowcount(result: Any) -> int:
    assert isinstance(result, CursorResult)
    return int(result.rowcount)


# --- caps ------------------------------------------------------------------------------------


def add_grant(session: Session, *, program_id: int, rule_id: int, member_id: int, grant_key: str,
              now: datetime) -> bool:
    """Record a once-only award; False when it was already made (then nothing is written)."""
    return insert_ignoring_conflict(
        session, RuleGrant,
        {"program_id": program_id, "rule_id": rule_id, "member_id": member_id, "grant_key": grant_key,
         "created_at": now},
        ["rule_id", "member_id", "grant_key"],
    ) is not None


def remove_grants(session: Session, *, rule_id: int, member_id: int, grant_keys: Sequence[str]) -> None:
    session.execute(delete(RuleGrant).where(RuleGrant.rule_id == rule_id, RuleGrant.member_id == member_id,
                                            RuleGrant.grant_key.in_(list(grant_keys))))


def existing_grants(session: Session, *, rule_id: int, member_id: int, grant_keys: Sequence[str]) -> set[str]:
    return set(session.scalars(select(RuleGrant.grant_key).where(
        RuleGrant.rule_id == rule_id, RuleGrant.member_id == member_id, RuleGrant.grant_key.in_(list(grant_keys)))))


def add_daily_usage(session: Session, *, program_id: int, rule_id: int, member_id: int, day: date,
                    points: int) -> int:
    """Add `points` to the member's usage of the rule that day; the new usage.

    The upsert locks the row until commit, so the value read back is this transaction's
    own and no concurrent award of the same rule to the same member can slip in between.
    """
    upsert_increment(session, RuleDailyUsage,
                     {"rule_id": rule_id, "member_id": member_id, "day": day, "program_id": program_id,
                      "points": points},
                     ["rule_id", "member_id", "day"], "points", points)
    return daily_usage(session, rule_id=rule_id, member_id=member_id, day=day)


def daily_usage(session: Session, *, rule_id: int, member_id: int, day: date) -> int:
    used = session.scalar(select(RuleDailyUsage.points).where(
        RuleDailyUsage.rule_id == rule_id, RuleDailyUsage.member_id == member_id, RuleDailyUsage.day == day))
    return int(used or 0)


def give_back_daily_usage(session: Session, *, rule_id: int, member_id: int, day: date, points: int) -> None:
    """Undo part of this transaction's own `add_daily_usage` (its row lock is still held)."""
    session.execute(update(RuleDailyUsage).where(
        RuleDailyUsage.rule_id == rule_id, RuleDailyUsage.member_id == member_id, RuleDailyUsage.day == day,
    ).values(points=RuleDailyUsage.points - points).execution_options(synchronize_session=False))


def add_to_awarded_total(session: Session, *, rule_id: int, points: int, cap_total: int) -> bool:
    """Count `points` against the rule's total cap, only if they fit: the cap is enforced by
    the statement that consumes it, so concurrent awards can never overshoot."""
    result = session.execute(
        update(EarningRule)
        .where(EarningRule.id == rule_id, EarningRule.awarded_total + points <= cap_total)
        .values(awarded_total=EarningRule.awarded_total + points)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


def awarded_total(session: Session, *, rule_id: int) -> int:
    total = session.scalar(select(EarningRule.awarded_total).where(EarningRule.id == rule_id))
    return int(total or 0)


# --- birthdays -------------------------------------------------------------------------------


def members_with_birthday(session: Session, *, program_id: int, month_days: Sequence[str], after_id: int,
                          limit: int) -> Sequence[Member]:
    """Active members born on one of `month_days` ("MM-DD"), by id, a page at a time."""
    return session.scalars(
        select(Member)
        .where(Member.program_id == program_id, Member.birth_month_day.in_(list(month_days)),
               Member.status == "active", Member.id > after_id)
        .order_by(Member.id).limit(limit)
    ).all()

