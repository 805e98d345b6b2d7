"""The demo's web behaviour: the last weeks of the e-shop's visits, so the Web behaviour page
shows a funnel. Members who bought online viewed (and mostly carted) what they bought a few
hours before; members and anonymous visitors also browsed products they did not buy. Each
visit came from one of newsletter (e-mail, a monthly campaign), google/cpc, instagram or
direct. Seeded: the same data gives the same visits. Written in bulk after the replay: page
views are many, and none of them is a catalogue event."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from loyalty.browsing import repository
from loyalty.browsing import service as browsing
from loyalty.demo.specs import DemoData, LineSpec

DAYS = 45
ANONYMOUS_VISITORS = 400
SOURCES = (  # source, medium, campaign (None: none), weight
    ("newsletter", "email", "newsletter", 0.25),
    ("google", "cpc", "brand-search", 0.30),
    ("instagram", "social", "stories", 0.15),
    ("(direct)", "(none)", None, 0.30),
)


def _source(rng: random.Random, at: datetime) -> tuple[str, str, str | None]:
    source, medium, campaign, _ = rng.choices(SOURCES, weights=[item[3] for item in SOURCES])[0]
    if campaign == "newsletter":
        campaign = f"newsletter-{at:%Y-%m}"
    return source, medium, campaign


def add_browsing(session: Session, *, program_id: int, data: DemoData, member_ids: dict[int, int]) -> int:
    """Write the demo's visitors and web events and set up the program's tracking key (the
    demo's shop at https://shop.example); how many events were written."""
    key = browsing.ensure_tracking(session=session, program_id=program_id)
    key.allowed_origins = ["https://shop.example"]
    rng = random.Random(data.seed * 7919 + 13)
    since = data.now - timedelta(days=DAYS)
    products: dict[str, LineSpec] = {}
    online = [spec for spec in data.purchases if spec.channel == "online" and spec.occurred_at >= since]
    for spec in data.purchases:
        for line in spec.lines:
            products.setdefault(line.sku, line)
    catalogue = sorted(products.values(), key=lambda line: line.sku)
    if not catalogue:
        return 0
    visitors: dict[str, dict[str, Any]] = {}
    events: list[dict[str, Any]] = []

    def visit(visitor_id: str, member_id: int | None, at: datetime, lines: list[LineSpec], cart: set[str]) -> None:
        source, medium, campaign = _source(rng, at)
        if visitor_id not in visitors:
            visitors[visitor_id] = {"program_id": program_id, "visitor_id": visitor_id, "member_id": member_id,
                                    "first_seen_at": at, "last_seen_at": at, "first_source": source,
                                    "first_medium": medium, "first_campaign": campaign,
                                    "identified_at": at if member_id else None}
        visitors[visitor_id]["last_seen_at"] = max(visitors[visitor_id]["last_seen_at"], at)
        moment = at
        base = {"program_id": program_id, "visitor_id": visitor_id, "member_id": member_id, "source": source,
                "medium": medium, "campaign": campaign,
                "referrer_host": {"google": "www.google.com", "instagram": "l.instagram.com"}.get(source)}
        events.append({**base, "type": "page_view", "path": "/", "occurred_at": moment})
        for line in lines:
            moment += timedelta(seconds=rng.randint(20, 240))
            product = {"sku": line.sku, "product_name": line.name, "category": line.category,
                       "price_minor": line.unit_price_minor, "path": f"/p/{line.sku.lower()}"}
            events.append({**base, **product, "type": "product_view", "occurred_at": moment})
            if line.sku in cart:
                moment += timedelta(seconds=rng.randint(10, 90))
                events.append({**base, **product, "type": "cart_add", "quantity": line.quantity,
                               "occurred_at": moment})

    for spec in online:  # members who bought online saw and carted it first
        if spec.member_index is None or spec.member_index not in member_ids:
            continue
        member_id = member_ids[spec.member_index]
        at = spec.occurred_at - timedelta(hours=rng.uniform(0.3, 30))
        if at < since:
            continue
        browsed = [*spec.lines, *rng.sample(catalogue, k=min(len(catalogue), rng.randint(0, 3)))]
        visit(f"demo-member-{member_id}", member_id, at, browsed,
              {line.sku for line in spec.lines if rng.random() < 0.9})
    member_pool = sorted(member_ids.values())
    for number in range(ANONYMOUS_VISITORS + len(member_pool) // 10):
        is_member = number >= ANONYMOUS_VISITORS
        who = rng.choice(member_pool) if is_member and member_pool else None
        visitor_id = f"demo-member-{who}" if who else f"demo-anon-{number:05d}"
        at = since + timedelta(seconds=rng.uniform(0, DAYS * 86400 - 3600))
        browsed = rng.sample(catalogue, k=min(len(catalogue), rng.randint(1, 4)))
        visit(visitor_id, who, at, browsed, {line.sku for line in browsed if rng.random() < 0.25})
    refs = repository.insert_visitors_bulk(session, list(visitors.values()))
    rows = []
    for number, row in enumerate(sorted(events, key=lambda item: item["occurred_at"])):
        visitor_id = row.pop("visitor_id")
        rows.append({**row, "event_id": f"demo-{number:08d}", "visitor_ref": refs[visitor_id],
                     "received_at": row["occurred_at"]})
    for start in range(0, len(rows), 5000):
        repository.insert_events_bulk(session, rows[start:start + 5000])
    return len(rows)
