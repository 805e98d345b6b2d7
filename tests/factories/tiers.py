from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events import service as events
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.tiers import service as tier_service
from loyalty.tiers.schemas import TierAssign, TierCreate, TierPolicyWrite, TierProgress, TierRead
from loyalty.tiers.service import ReviewCounts, TierChange

# (code, rank, threshold, earn_multiplier)
STANDARD_LEVELS: tuple[tuple[str, int, int, str], ...] = (
    ("member", 0, 0, "1"), ("silver", 1, 100, "1.1"), ("gold", 2, 500, "1.25"), ("platinum", 3, 1000, "1.5"),
)


def freeze(at: datetime) -> None:
    """Stop the clock at `at` (the conftest restores the real clock after each test)."""
    clock.set_clock(lambda: at)


def make_levels(database: Database, program: Program, *,
                levels: Sequence[tuple[str, int, int, str]] = STANDARD_LEVELS) -> dict[str, TierRead]:
    """Committed levels, by code: by default member (base), silver 100, gold 500, platinum 1000."""
    created = {}
    with unit_of_work(database) as session:
        for code, rank, threshold, multiplier in levels:
            created[code] = tier_service.create_level(
                session=session, program=program, actor="test",
                data=TierCreate.model_validate({
                    "code": code, "name": code.title(), "rank": rank, "threshold": threshold,
                    "benefits": {"earn_multiplier": multiplier, "free_shipping": rank >= 2,
                                 "exclusive_rewards": rank >= 3}}),
            )
    return created


def set_policy(database: Database, program: Program, **fields: Any) -> None:
    """A committed policy; any TierPolicyWrite field (`window={"kind": "rolling", "days": 30}`, …)."""
    with unit_of_work(database) as session:
        tier_service.set_policy(session=session, program=program, data=TierPolicyWrite.model_validate(fields),
                                actor="test")


def record(database: Database, program: Program, member_id: int, *, points: int = 0, amount_minor: int = 0,
           purchases: int = 0, occurred_at: datetime | None = None, source: str = "test") -> TierChange | None:
    """Committed qualifying activity (what the purchases service records per purchase or refund)."""
    with unit_of_work(database) as session:
        return tier_service.record_activity(session=session, program=program, member_id=member_id,
                                            occurred_at=occurred_at or clock.now(), points=points,
                                            amount_minor=amount_minor, purchases=purchases, source=source,
                                            actor="test")


def review(database: Database, program: Program, *, now: datetime | None = None) -> ReviewCounts:
    with unit_of_work(database) as session:
        return tier_service.review_tiers(session=session, program=program, now=now or clock.now())


def assign(database: Database, program: Program, member_id: int, *, tier_code: str, reason: str = "VIP",
           review_at: datetime | None = None, actor: str = "test") -> TierProgress:
    with unit_of_work(database) as session:
        return tier_service.assign_tier(session=session, program=program, member_id=member_id, actor=actor,
                                        data=TierAssign(tier_code=tier_code, reason=reason, review_at=review_at))


def progress_of(database: Database, program: Program, member_id: int) -> TierProgress:
    with unit_of_work(database, read_only=True) as session:
        return tier_service.progress(session=session, program=program, member_id=member_id, now=clock.now())


def tier_of(database: Database, program: Program, member_id: int) -> str | None:
    with unit_of_work(database, read_only=True) as session:
        return tier_service.member_tier_code(session=session, program_id=program.id, member_id=member_id)


def tier_events(database: Database, program: Program, member_id: int) -> list[tuple[str, dict[str, Any]]]:
    """The member's tier.changed and tier.kept events, oldest first, as (type, payload)."""
    with unit_of_work(database, read_only=True) as session:
        rows = events.timeline(session=session, program_id=program.id, member_id=member_id, before_id=None,
                               limit=1000)
        return [(row.type, dict(row.payload)) for row in reversed(rows) if row.type.startswith("tier.")]
