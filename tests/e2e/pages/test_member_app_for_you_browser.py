"""The member app's "For you" screen in a real headless Chromium at phone width: the products
and offers the nightly run chose for the signed-in member, and only theirs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.recommendations import service as recommendations
from loyalty.web.app import create_app
from tests.e2e.pages.accessibility import save_screenshot, serious_violations
from tests.e2e.pages.browsing import PHONE, new_page
from tests.e2e.pages.conftest import serving
from tests.e2e.pages.test_member_app_inbox_browser import sign_in
from tests.factories.member_app import app_settings
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.recommendations import add_baskets
from tests.factories.rewards import make_reward


@pytest.fixture(scope="module")
def site(sqlite_database: Database,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Database, Program, Path]]:
    program = make_program(sqlite_database, name="Kawiarnia Łódź")
    outbox = tmp_path_factory.mktemp("for-you-outbox")
    with serving(create_app(app_settings(program, outbox), database=sqlite_database)) as base:
        yield base, sqlite_database, program, outbox


def test_a_member_sees_what_customers_like_them_buy(chromium: Any, site: Any) -> None:
    base, database, program, outbox = site
    now = clock.now()
    tea, honey, milk = ("TEA-1", "tea"), ("HON-1", "pantry"), ("MLK-1", "dairy")
    coffee, croissant = ("COF-1", "coffee"), ("CRO-1", "bakery")
    tea_drinkers = [make_member(database, program).id for _ in range(4)]
    coffee_drinkers = [make_member(database, program).id for _ in range(4)]
    ola = make_member(database, program, email="ola.recs@example.com", first_name="Ola")
    add_baskets(database, program.id, [(member_id, now - timedelta(days=days), [tea, honey])
                                       for member_id in tea_drinkers for days in (4, 11)])
    add_baskets(database, program.id, [(member_id, now - timedelta(days=days), [coffee, croissant, milk])
                                       for member_id in coffee_drinkers for days in (4, 11)])
    add_baskets(database, program.id, [(ola.id, now - timedelta(days=2), [coffee, milk])])
    make_reward(database, program, names={program.locale: "Kubek"})
    with unit_of_work(database) as session:
        recommendations.refresh_program(session, program.id, now)
    page = new_page(chromium, PHONE)
    try:
        sign_in(page, base, outbox, "ola.recs@example.com")
        page.get_by_role("link", name="For you").click()
        page.wait_for_url(f"{base}/app/for-you")
        assert page.get_by_role("heading", level=1).inner_text() == "For you"
        products = page.locator("#for-you-products .product-name").all_inner_texts()
        assert products[0] == "Product CRO-1"                      # what the coffee drinkers buy with theirs
        assert "Product HON-1" in products                         # then the rest, popular ones
        assert page.locator("#for-you-offers .offer-name").all_inner_texts() == ["Kubek"]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert serious_violations(page) == []
        save_screenshot(page, "member-app-for-you-phone")
    finally:
        page.close()
