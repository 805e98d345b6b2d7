from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from loyalty.browsing import domain
from loyalty.browsing import service as browsing
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.members.schemas import MemberRef
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate, PurchaseLineIn

SHOP = "https://shop.example"
_ids = itertools.count(1)
_receipts = itertools.count(1)


def make_tracking(database: Database, program: Program, *, origins: tuple[str, ...] = (SHOP,),
                  enabled: bool = True) -> tuple[str, str]:
    """The program's (publishable key, signing secret), with `origins` allowed."""
    with unit_of_work(database) as session:
        key = browsing.update_tracking(session=session, program_id=program.id, allowed_origins=list(origins),
                                       is_enabled=enabled)
        return key.public_key, key.signing_secret


def event(kind: str, visitor: str, *, at: datetime | None = None, sku: str | None = None,
          category: str | None = None, price: int | None = None, **fields: Any) -> dict[str, Any]:
    """One event as the script sends it (a fresh id each call)."""
    body: dict[str, Any] = {"id": f"evt-{next(_ids):08d}", "type": kind, "visitor_id": visitor,
                            "occurred_at": (at or clock.now()).isoformat(), "url": f"{SHOP}/p", **fields}
    if sku:
        body["product"] = {"sku": sku, "name": f"Product {sku}", "category": category, "price": price}
    return body


def token(secret: str, member_id: int, visitor: str, *, valid_for: timedelta = timedelta(minutes=5),
          now: datetime | None = None) -> str:
    """The identify token the shop's server signs for `visitor` (its loyalty_vid cookie)."""
    return domain.identify_token(secret, member_id, visitor, (now or clock.now()) + valid_for)


def buy_lines(database: Database, program: Program, member_id: int, at: datetime,
              lines: list[tuple[str, str, int]]) -> None:
    """A committed purchase of the member at `at`: lines (sku, category, unit price)."""
    with unit_of_work(database) as session:
        purchases.record_purchase(session=session, program=program, actor="test", data=PurchaseCreate(
            member=MemberRef(id=member_id), occurred_at=at, external_id=f"W-{next(_receipts)}", channel="online",
            lines=[PurchaseLineIn(sku=sku, category=category, quantity=1, unit_price=price)
                   for sku, category, price in lines]))
