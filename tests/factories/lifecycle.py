from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.lifecycle import service as lifecycle
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate
from loyalty.worker.scans import run_scan

_receipts = itertools.count(1)


def buy(database: Database, program: Program, member_id: int, at: datetime, *, total: int = 1000) -> None:
    """A committed purchase of the member at `at` (in the past), and their rhythm refreshed as the
    worker's purchase.recorded subscriber does."""
    with unit_of_work(database) as session:
        purchases.record_purchase(session=session, program=program, actor="test", data=PurchaseCreate(
            member=MemberRef(id=member_id), total=total, occurred_at=at, external_id=f"R-{next(_receipts)}"))
    with unit_of_work(database) as session:
        lifecycle.refresh_rhythm(session=session, program=program, member_id=member_id)


def buy_at(database: Database, program: Program, member_id: int, moments: Sequence[datetime]) -> None:
    for moment in moments:
        buy(database, program, member_id, moment)


def scan(database: Database, program: Program, name: str, now: datetime | None = None, *,
         limit: int = lifecycle.SCAN_BATCH) -> int:
    """One run of the scan `name` (lifecycle.service.SCANS) as the worker runs it: units of work
    of at most `limit` occasions until the backlog is done."""
    return run_scan(database, program.id, name, now=now, limit=limit)


def events_of(database: Database, program: Program, type: str) -> list[Event]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(Event).where(Event.program_id == program.id, Event.type == type)
                                    .order_by(Event.id)))


def announced(database: Database, program: Program, type: str) -> list[tuple[int, dict[str, Any]]]:
    """(member_id, payload) of every member's event of `type`, in order."""
    return [(event.member_id, event.payload) for event in events_of(database, program, type)
            if event.member_id is not None]
