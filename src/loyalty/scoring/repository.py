"""Scoring's queries: the per-member purchase summary in one grouped statement, and the scores."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Float, Integer, and_, case, cast, delete, func, insert, literal, or_, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from loyalty.db.base import UtcDateTime
from loyalty.purchases.models import Purchase
from loyalty.scoring.models import MemberScore, ScoringRun

SECONDS_PER_DAY = 86400


def _postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _day_index(session: Session, column: Any, origin: datetime) -> ColumnElement[int]:
    """Whole days from `origin` to `column`, floored (−1 for the day just before), by the database."""
    start = literal(origin, UtcDateTime())
    if _postgresql(session):
        # date_part gives a double; extract() gives a numeric, several times slower over millions of rows.
        return cast(func.floor(func.date_part("epoch", column - start) / SECONDS_PER_DAY), Integer)
    # SQLite keeps UTC as text; julianday reads it. Seconds are rounded first (as in reports).
    seconds = func.round((func.julianday(column) - func.julianday(start)) * SECONDS_PER_DAY)
    return cast(func.floor(seconds / SECONDS_PER_DAY), Integer)


def _money(session: Session, value: Any) -> Any:
    """A sum of minor units as a double on PostgreSQL (sum(bigint) is a numeric: slow to add up and
    to turn into Python); exact below 2^53 minor units per member, which is plenty."""
    return cast(value, Float) if _postgresql(session) else value


@contextmanager
def _roomy(session: Session) -> Iterator[None]:
    """Room to sort and hash a million members' purchases in memory (instead of spilling to disk),
    for the statements inside only. Not SET LOCAL: read sessions run in autocommit, where it is a
    no-op; a plain SET is taken back by RESET (or by the rollback of a failed transaction)."""
    if not _postgresql(session):
        yield
        return
    session.execute(text("SET work_mem = '256MB'"))
    try:
        yield
    finally:
        with suppress(DBAPIError):  # a failed transaction: its rollback takes the SET back
            session.execute(text("RESET work_mem"))


def _table(session: Session, statement: Any, columns: int) -> NDArray[np.float64]:
    """A statement's rows of numbers (None for an empty sum) as a float table, None read as 0.

    The driver's tuples are read straight from its cursor: numbers need no result processing,
    and building a million SQLAlchemy rows (which numpy then reads one item at a time) took
    several times longer than the query itself.
    """
    result = session.connection().execute(statement)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    table = np.array(rows, dtype=np.float64).reshape(-1, columns)
    return np.nan_to_num(table, nan=0.0)


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
    """One statement, grouped by the database: each member's purchases in time order, then by member.

    Days are the UTC days counted from the cut-off (the program's time zone is not used: a
    difference of hours in day boundaries does not move the models). With `window_days` the
    receipts of the window after the cut-off are counted too (the churn label), nothing else.

    A purchase on a new day (`lag`) counts a purchase day; the member's first day (`first_value`)
    picks the first day's spend. Both windows follow the order of ix_purchases_member (program,
    member, time), so PostgreSQL reads the index and sorts nothing: at 5M purchases this is
    twice as fast as grouping by member and day first and merging those rows back.
    """
    end = cutoff if window_days == 0 else cutoff + timedelta(days=window_days)
    day = _day_index(session, Purchase.occurred_at, cutoff)
    in_order = {"partition_by": Purchase.member_id, "order_by": Purchase.occurred_at}
    purchases = (select(Purchase.member_id.label("member_id"), day.label("day"),
                        _money(session, Purchase.total_minor - Purchase.refunded_minor).label("spend"),
                        func.lag(day).over(**in_order).label("previous_day"),  # type: ignore[arg-type]
                        func.first_value(day).over(**in_order).label("first_day"))  # type: ignore[arg-type]
                 .where(Purchase.program_id == program_id, Purchase.member_id.is_not(None),
                        Purchase.occurred_at < end)).subquery("in_order")
    p = purchases.c
    before = p.day < 0

    def when(condition: ColumnElement[bool], value: Any = 1) -> Any:
        return case((condition, value), else_=None)

    new_day = or_(p.previous_day.is_(None), p.previous_day != p.day)
    first_day = func.min(when(before, p.day))
    with _roomy(session):
        table = _table(session, select(
            p.member_id,
            func.count(when(before)),
            func.count(when(and_(before, new_day))),
            first_day,
            func.max(when(before, p.day)),
            func.sum(when(before, p.spend)),
            func.sum(when(p.day == p.first_day, p.spend)),
            func.count(when(and_(before, p.day >= -30))),
            func.count(when(and_(before, p.day >= -90))),
            func.count(when(p.day >= 0)),
        ).group_by(p.member_id).having(first_day.is_not(None)).order_by(p.member_id), 10)
    return PurchaseSummary(
        member_id=table[:, 0].astype(np.int64), purchases=table[:, 1], purchase_days=table[:, 2],
        days_since_first=-table[:, 3], days_since_last=-table[:, 4], spend=table[:, 5],
        first_day_spend=table[:, 6], purchases_last_30_days=table[:, 7], purchases_last_90_days=table[:, 8],
        purchases_after=table[:, 9])


@dataclass(frozen=True)
class PurchaseTotals:
    """What RFM needs, per member with a purchase before the cut-off, ordered by member id."""

    member_id: NDArray[np.int64]
    purchases: NDArray[np.float64]
    days_since_last: NDArray[np.float64]
    spend: NDArray[np.float64]

    @property
    def size(self) -> int:
        return int(self.member_id.size)


def purchase_totals(session: Session, program_id: int, cutoff: datetime) -> PurchaseTotals:
    """Receipts, net spend and the last purchase's day per member: one flat GROUP BY, no per-day
    step (PostgreSQL can split it over parallel workers), for RFM alone."""
    last = _day_index(session, func.max(Purchase.occurred_at), cutoff)
    with _roomy(session):
        table = _table(session,
            select(Purchase.member_id, func.count(), last,
                   _money(session, func.sum(Purchase.total_minor - Purchase.refunded_minor)))
            .where(Purchase.program_id == program_id, Purchase.member_id.is_not(None),
                   Purchase.occurred_at < cutoff)
            .group_by(Purchase.member_id).order_by(Purchase.member_id), 4)
    return PurchaseTotals(member_id=table[:, 0].astype(np.int64), purchases=table[:, 1],
                          days_since_last=-table[:, 2], spend=table[:, 3])


SCORE_COLUMNS = ("program_id", "member_id", "rfm_recency", "rfm_frequency", "rfm_monetary", "rfm_cell",
                 "expected_purchases", "p_alive", "predicted_value", "churn_risk", "scored_at")


def replace_scores(session: Session, program_id: int, rows: Iterable[tuple[Any, ...]]) -> None:
    """The program's scores replaced whole, rows in SCORE_COLUMNS order: one DELETE, then COPY on
    PostgreSQL (a million rows through executemany took longer than scoring them) or executemany
    INSERTs on SQLite, in the caller's transaction (a reader sees the old set or the new one,
    never half of each)."""
    session.execute(delete(MemberScore).where(MemberScore.program_id == program_id))
    if _postgresql(session):
        cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY member_scores ({', '.join(SCORE_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(dict(zip(SCORE_COLUMNS, row, strict=True)))
        if len(batch) == 10_000:
            session.execute(insert(MemberScore), batch)
            batch = []
    if batch:
        session.execute(insert(MemberScore), batch)


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

