"""Receipts with lines written straight to the tables (no rules, no points): what recommendations read."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import datetime

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.purchases.models import Purchase, PurchaseLine

_sequence = itertools.count(1)

# A product as a receipt names it: (SKU, category).
Product = tuple[str, str]


def add_baskets(database: Database, program_id: int,
                baskets: Iterable[tuple[int, datetime, Sequence[Product]]]) -> None:
    """(member_id, occurred_at, products) rows as committed receipts, one line per product."""
    with unit_of_work(database) as session:
        for member_id, occurred_at, products in baskets:
            number = next(_sequence)
            purchase = Purchase(program_id=program_id, member_id=member_id, external_id=f"recs-{number}",
                                channel="pos", occurred_at=occurred_at, recorded_at=occurred_at, currency="EUR",
                                total_minor=500 * len(products), refunded_minor=0, request_hash=f"{number:064d}",
                                result={})
            session.add(purchase)
            session.flush()
            for line_no, (sku, category) in enumerate(products, 1):
                session.add(PurchaseLine(program_id=program_id, purchase_id=purchase.id, line_no=line_no, sku=sku,
                                         name=f"Product {sku}", category=category, quantity=1, unit_price_minor=500,
                                         amount_minor=500))
