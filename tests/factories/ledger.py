from __future__ import annotations

from datetime import datetime

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.ledger import service as ledger
from loyalty.ledger.service import EarnAward, UnitBalance
from loyalty.programs.models import Program


def give_points(database: Database, program: Program, member_id: int, points: int, *, unit: str = "points",
                occurred_at: datetime | None = None, rule_id: int | None = None,
                purchase_id: int | None = None) -> None:
    """Post `points` as an earn transaction: available at once, or, as the points of
    `purchase_id` (any number: lots do not check it), pending for the program's pending period."""
    with unit_of_work(database) as session:
        ledger.earn(session=session, program=program, member_id=member_id,
                    awards=[EarnAward(unit=unit, points=points, rule_id=rule_id, rule_version=1 if rule_id else None)],
                    occurred_at=occurred_at or clock.now(), actor="test", purchase_id=purchase_id)


def balance(database: Database, program: Program, member_id: int, unit: str = "points") -> UnitBalance:
    with unit_of_work(database, read_only=True) as session:
        return next(b for b in ledger.balances(session=session, program=program, member_id=member_id) if b.unit == unit)


def verify_ok(database: Database) -> list[str]:
    with unit_of_work(database, read_only=True) as session:
        return ledger.verify(session=session).problems
