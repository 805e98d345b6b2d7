"""The funnel and the attribution against numbers computed by hand from hand-made visits."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from loyalty.browsing import service as browsing
from loyalty.browsing.schemas import TrackBatch
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from tests.factories.browsing import buy_lines, event, make_tracking, token
from tests.factories.campaigns import make_campaign
from tests.factories.members import make_member

T = clock.now().replace(microsecond=0) - timedelta(days=20)


def _track(database: Database, program: Program, key: str, *events: dict[str, Any], at: Any = None) -> None:
    """The events as a batch arriving at `at` (a day after T by default)."""
    with unit_of_work(database) as session:
        browsing.track(session=session, program=program, now=at or T + timedelta(days=1),
                       batch=TrackBatch.model_validate_json(json.dumps({"key": key, "events": list(events)})))


def _shop(database: Database, program: Program) -> dict[str, Any]:
    """Three visitors: Anna (came by the newsletter's 'spring' campaign, then 'summer'; viewed and
    carted boots, bought them an hour later), Bob (direct; viewed boots and a bag; had bought the
    bag before viewing it, bought boots 8 days after: both outside the funnel), and an anonymous
    visitor from Google who viewed and carted boots."""
    key, secret = make_tracking(database, program)
    anna, bob = make_member(database, program), make_member(database, program)
    minute = timedelta(minutes=1)
    _track(database, program, key,
           event("product_view", "visitor-anna", at=T, sku="BOOT", category="shoes", price=20000,
                 utm_source="newsletter", utm_medium="email", utm_campaign="spring"),
           event("cart_add", "visitor-anna", at=T + minute, sku="BOOT", category="shoes", price=20000,
                 utm_source="newsletter", utm_medium="email", utm_campaign="spring"),
           event("page_view", "visitor-anna", at=T + 30 * minute, utm_source="newsletter",
                 utm_campaign="summer"),
           event("identify", "visitor-anna", at=T + 31 * minute,
                 identity=token(secret, anna.id, "visitor-anna", now=T + timedelta(days=1))),
           event("product_view", "visitor-bob", at=T, sku="BOOT", category="shoes"),
           event("product_view", "visitor-bob", at=T, sku="BAG", category="bags"),
           event("product_view", "visitor-anon", at=T, sku="BOOT", category="shoes",
                 referrer="https://www.google.com/search?q=boots"),
           event("cart_add", "visitor-anon", at=T + minute, sku="BOOT", category="shoes",
                 referrer="https://www.google.com/search?q=boots"))
    with unit_of_work(database) as session:
        browsing.link_visitor(session=session, program=program, member_id=bob.id, visitor_id="visitor-bob")
    buy_lines(database, program, anna.id, T + 60 * minute, [("BOOT", "shoes", 20000)])
    buy_lines(database, program, bob.id, T - 60 * minute, [("BAG", "bags", 5000)])
    buy_lines(database, program, bob.id, T + timedelta(days=8), [("BOOT", "shoes", 20000)])
    return {"key": key, "secret": secret, "anna": anna, "bob": bob}


def _funnel(database: Database, program: Program, by: str) -> list[tuple[Any, ...]]:
    with unit_of_work(database, read_only=True) as session:
        found = browsing.funnel(session=session, program_id=program.id, by=by, start=T - timedelta(days=1),
                                end=T + timedelta(days=2))
    return [(row.key, row.viewers, row.carted, row.purchasers) for row in [*found.rows, found.totals]]


def test_the_funnel_by_product(database: Database, program: Program) -> None:
    _shop(database, program)
    assert _funnel(database, program, "product") == [("BOOT", 3, 2, 1), ("BAG", 1, 0, 0), ("total", 3, 2, 1)]


def test_the_funnel_by_category(database: Database, program: Program) -> None:
    _shop(database, program)
    assert _funnel(database, program, "category") == [("shoes", 3, 2, 1), ("bags", 1, 0, 0), ("total", 3, 2, 1)]


def test_the_funnel_by_source(database: Database, program: Program) -> None:
    _shop(database, program)
    assert _funnel(database, program, "source") == [
        ("(direct)", 1, 0, 0), ("google.com", 1, 1, 0), ("newsletter", 1, 1, 1), ("total", 3, 2, 1)]


def test_a_period_without_the_visits_is_empty(database: Database, program: Program) -> None:
    _shop(database, program)
    with unit_of_work(database, read_only=True) as session:
        found = browsing.funnel(session=session, program_id=program.id, by="product", start=T + timedelta(days=1),
                                end=T + timedelta(days=2))
    assert (found.rows, found.totals.viewers) == ([], 0)


def test_the_last_campaign_visit_before_a_purchase_brought_the_member_back(database: Database,
                                                                           program: Program) -> None:
    shop = _shop(database, program)
    campaign = make_campaign(database, program, name="Autumn boots")
    _track(database, program, shop["key"],
           event("page_view", "visitor-bob", at=T + timedelta(days=8) - timedelta(hours=2),
                 utm_source="newsletter", utm_campaign=f"campaign-{campaign.id}"),
           at=T + timedelta(days=8))
    with unit_of_work(database, read_only=True) as session:
        rows = browsing.brought_back(session=session, program_id=program.id, start=T - timedelta(days=1),
                                     end=T + timedelta(days=9))
    assert [(row.campaign, row.campaign_name, row.visitors, row.members, row.buyers, row.revenue)
            for row in rows.rows] == [
        (f"campaign-{campaign.id}", "Autumn boots", 1, 1, 1, 20000),  # Bob's boots, 2 h after the visit
        ("summer", None, 1, 1, 1, 20000),  # Anna's boots: 'summer' was her last campaign visit before
        ("spring", None, 1, 1, 0, 0)]


def test_anonymous_visits_join_the_member_who_identifies(database: Database, program: Program) -> None:
    shop = _shop(database, program)
    with unit_of_work(database, read_only=True) as session:
        visits = browsing.member_visits(session=session, program_id=program.id, member_id=shop["anna"].id)
    # The three events before the identify joined Anna; the identify itself is no web event.
    assert [(visit.type, visit.sku, visit.campaign) for visit in visits.items] == [
        ("page_view", None, "summer"), ("cart_add", "BOOT", "spring"), ("product_view", "BOOT", "spring")]
