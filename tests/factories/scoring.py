"""Purchases written straight to the table (no rules, no points): what scoring reads."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.purchases.models import Purchase

_sequence = itertools.count(1)


def add_purchases(database: Database, program_id: int, rows: Iterable[tuple[int, datetime, int]]) -> None:
    """(member_id, occurred_at, total_minor) rows as committed receipts."""
    with unit_of_work(database) as session:
        for member_id, occurred_at, total in rows:
            number = next(_sequence)
            session.add(Purchase(program_id=program_id, member_id=member_id, external_id=f"score-{number}",
                                 channel="pos", occurred_at=occurred_at, recorded_at=occurred_at, currency="EUR",
                                 total_minor=total, refunded_minor=0, request_hash=f"{number:064d}", result={}))
