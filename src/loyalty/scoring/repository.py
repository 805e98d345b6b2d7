"""Scoring's queries: the per-member purchase summary in one grouped statement, and the scores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Integer, and_, case, cast, delete, extract, func, insert, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from loyalty.db.base import UtcDateTime
from loyalty.purchases.models import Purchase
from loyalty.scoring.models import MemberScore, ScoringRun

SECONDS_PER_DAY = 86400


def _day_index(session: Session, column: Any, origin: datetime) -> ColumnElement[int]:
    """Whole days from `origin` to `column`, floored (−1 for the day just before), by the database."""
    start = literal(origin, UtcDateTime())
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.floor(extract("epoch", column - start) / SECONDS_PER_DAY), Integer)
    # SQLite keeps UTC as text; julianday reads it. Seconds are rounded first (as in reports).
    seconds = func.round((func.julianday(column) - func.julianday(start)) * SECONDS_PER_DAY)
    return cast(func.floor(seconds / SECONDS_PER_DAY), Integer)


@dataclass(frozen=True)
class PurchaseSummary:
    """Per member with a purchase before the cut-off, ordered by member id. Days are counted back
    from the cut-off; money is net of refunds, in minor units."""

    member_id: NDArray[np.int64]
    purchases: NDArray[np.float64]          # receipts before the cut-off
    purchase_days: NDArray[np.float64]      # distinct days with a purchase (x = purchase_days − 1)
    days_since_first: NDArray[np.float64]   # T (age)
    days_since_last: NDArray[np.float64]    # T − t_x
    spend: NDArray[np.float64]
    first_day_spend: NDArray[np.float64]
    purchases_last_30_days: NDArray[np.float64]
    purchases_last_90_days: NDArray[np.float64]
    purchases_after: NDArray[np.float64]    # receipts in [cut-off, cut-off + window)

    @property
    def size(self) -> int:
        return int(self.member_id.size)


def purchase_summary(session: Session, program_id: int, cutoff: datetime, *, window_days: int = 0) -> PurchaseSummary:
    """One statement, grouped by the database: purchases by member and day, then by member.

    Days are the UTC days counted from the cut-off (the program's time zone is not used: a
    difference of hours in day boundaries does not move the models). With `window_days` the
    receipts of the window after the cut-off are counted too (the churn label), nothing else.
    """
    end = cutoff if window_days == 0 else cutoff + timedelta(days=window_days)
    day = _day_index(session, Purchase.occurred_at, cutoff).label("day")
    per_day = (select(Purchase.member_id.label("member_id"), day, func.count().label("receipts"),
                      func.sum(Purchase.total_minor - Purchase.refunded_minor).label("spend"))
               .where(Purchase.program_id == program_id, Purchase.member_id.is_not(None),
                      Purchase.occurred_at < end)
               .group_by(Purchase.member_id, day)).cte("per_day")
    before = per_day.c.day < 0

    def when_before(value: Any, extra: ColumnElement[bool] | None = None) -> Any:
        condition = before if extra is None else and_(before, extra)
        return case((condition, value), else_=None)

    per_member = (select(
        per_day.c.member_id.label("member_id"),
        func.min(when_before(per_day.c.day)).label("first_day"),
        func.max(when_before(per_day.c.day)).label("last_day"),
        func.sum(when_before(per_day.c.receipts)).label("receipts"),
        func.count(when_before(per_day.c.day)).label("purchase_days"),
        func.sum(when_before(per_day.c.spend)).label("spend"),
        func.sum(when_before(per_day.c.receipts, per_day.c.day >= -30)).label("last_30"),
        func.sum(when_before(per_day.c.receipts, per_day.c.day >= -90)).label("last_90"),
        func.sum(case((per_day.c.day >= 0, per_day.c.receipts), else_=None)).label("after"),
    ).group_by(per_day.c.member_id)).cte("per_member")
    first = per_day.alias("first_day_row")
    rows = session.execute(
        select(per_member.c.member_id, per_member.c.receipts, per_member.c.purchase_days,
               per_member.c.first_day, per_member.c.last_day, per_member.c.spend, first.c.spend,
               per_member.c.last_30, per_member.c.last_90, per_member.c.after)
        .join(first, and_(first.c.member_id == per_member.c.member_id, first.c.day == per_member.c.first_day))
        .where(per_member.c.first_day.is_not(None))
        .order_by(per_member.c.member_id)).all()
    table = np.array([[value or 0 for value in row] for row in rows], dtype=np.float64).reshape(-1, 10)
    return PurchaseSummary(
        member_id=table[:, 0].astype(np.int64), purchases=table[:, 1], purchase_days=table[:, 2],
        days_since_first=-table[:, 3], days_since_last=-table[:, 4], spend=table[:, 5],
        first_day_spend=table[:, 6], purchases_last_30_days=table[:, 7], purchases_last_90_days=table[:, 8],
        purchases_after=table[:, 9])


def replace_scores(session: Session, program_id: int, rows: list[dict[str, Any]]) -> None:
    """The program's scores replaced whole: one DELETE and one executemany INSERT, in the caller's
    transaction (a reader sees the old set or the new one, never half of each)."""
    session.execute(delete(MemberScore).where(MemberScore.program_id == program_id))
    for start in range(0, len(rows), 10_000):
        session.execute(insert(MemberScore), rows[start:start + 10_000])


def add_run(session: Session, run: ScoringRun) -> ScoringRun:
    session.add(run)
    session.flush()
    return run


def latest_run(session: Session, program_id: int) -> ScoringRun | None:
    return session.scalars(select(ScoringRun).where(ScoringRun.program_id == program_id)
                           .order_by(ScoringRun.fitted_at.desc(), ScoringRun.id.desc()).limit(1)).first()


def member_score(session: Session, program_id: int, member_id: int) -> MemberScore | None:
    return session.get(MemberScore, (program_id, member_id))


def cell_totals(session: Session, program_id: int) -> list[tuple[str, int, float | None, float]]:
    """(cell, members, mean predicted value, mean churn risk) per RFM cell, grouped by the database."""
    rows = session.execute(
        select(MemberScore.rfm_cell, func.count(), func.avg(MemberScore.predicted_value),
               func.avg(MemberScore.churn_risk))
        .where(MemberScore.program_id == program_id).group_by(MemberScore.rfm_cell)).all()
    return [(cell, int(count), None if value is None else float(value), float(risk or 0))
            for cell, count, value, risk in rows]
