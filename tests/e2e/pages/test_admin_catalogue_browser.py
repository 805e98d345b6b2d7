"""The catalogue's admin pages in a real headless Chromium (tests/e2e/pages/conftest.py) against
the real server: an owner creates a reward with a picture and finds it listed, and generates a
campaign's codes; the rewards and vouchers pages are photographed at phone and desktop width
(into $LOYALTY_SCREENSHOTS, else the session's temporary folder) and checked with axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from loyalty.db.engine import Database
from tests.e2e.pages.accessibility import save_screenshot, serious_violations
from tests.e2e.pages.browsing import DESKTOP, PHONE, new_page, sign_in_staff_in_browser
from tests.factories.programs import make_program
from tests.factories.rewards import make_code_pool, make_reward
from tests.factories.staff import make_staff_user

# A picture served by this very server, so the thumbnail loads without the network.
PICTURE = "/static/pages/vendor/htmx.min.js"


def test_an_owner_creates_a_reward_and_sees_it_listed(chromium: Any, site: tuple[str, Database]) -> None:
    base, database = site
    program = make_program(database, name="Kawiarnia")
    owner = make_staff_user(database, program, "owner")
    page = new_page(chromium, DESKTOP)
    try:
        sign_in_staff_in_browser(page, base, owner)
        page.get_by_role("navigation", name="Admin panel").get_by_role("link", name="Rewards").click()
        page.get_by_role("link", name="New reward").click()
        page.get_by_label("Kind").select_option("physical")
        page.get_by_label("Name (en)").fill("Thermo mug")
        page.get_by_label("Name (pl)").fill("Kubek termiczny")
        page.get_by_label("Picture addresses").fill(f"{base}{PICTURE}")
        page.get_by_label("Points price").fill("0")
        page.get_by_role("button", name="Create the reward").click()
        error = page.locator("#error-points_price")
        assert "greater than or equal to 1" in error.inner_text()
        assert page.get_by_label("Points price").get_attribute("aria-invalid") == "true"
        page.get_by_label("Points price").fill("900")
        page.get_by_label("Stock").fill("12")
        page.get_by_role("button", name="Create the reward").click()
        page.get_by_role("status").filter(has_text="The reward was created.").wait_for()
        assert page.get_by_role("heading", level=1).inner_text() == "Thermo mug"
        page.get_by_role("link", name="← All rewards").click()
        row = page.get_by_role("row").filter(has_text="Thermo mug")
        assert "900" in row.inner_text() and "12" in row.inner_text() and "Active" in row.inner_text()
        assert row.locator("img").get_attribute("src") == f"{base}{PICTURE}"
    finally:
        page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_rewards_and_vouchers_pages_at_phone_and_desktop_width(chromium: Any, site: tuple[str, Database],
                                                                    viewport: dict[str, int]) -> None:
    base, database = site
    program = make_program(database, name="Księgarnia")
    pool = make_code_pool(database, program, codes=["BOOK-1", "BOOK-2"], low_threshold=5)
    make_reward(database, program, names={"en": "Bookmark"}, points_price=50, stock=0)
    make_reward(database, program, names={"en": "Cinema ticket"}, kind="e_voucher", code_pool_id=pool.id,
                points_price=400)
    owner = make_staff_user(database, program, "owner")
    page = new_page(chromium, viewport)
    name = "phone" if viewport is PHONE else "desktop"
    try:
        sign_in_staff_in_browser(page, base, owner)
        page.goto(f"{base}/admin/rewards")
        assert page.get_by_role("link", name="Cinema ticket").is_visible()
        save_screenshot(page, f"admin-rewards-{name}")
        assert serious_violations(page) == []
        page.get_by_role("link", name="New reward").click()
        save_screenshot(page, f"admin-reward-form-{name}")
        assert serious_violations(page) == []

        page.goto(f"{base}/admin/vouchers/new")
        page.get_by_label("Name", exact=True).fill("Spring: 15% off")
        page.get_by_label("What a code gives").select_option("percent")
        page.get_by_label("Percent off").fill("15")
        page.get_by_role("button", name="Create the campaign").click()
        page.get_by_role("status").filter(has_text="The campaign was created.").wait_for()
        page.get_by_label("How many codes").fill("20")
        page.get_by_label("Pattern").fill("SPRING-######")
        page.get_by_role("button", name="Generate").click()
        page.get_by_role("status").filter(has_text="20 codes were generated.").wait_for()
        save_screenshot(page, f"admin-voucher-campaign-{name}")
        assert serious_violations(page) == []
        page.goto(f"{base}/admin/vouchers")
        assert page.get_by_role("row").filter(has_text="Spring: 15% off").inner_text().count("20") >= 1
        save_screenshot(page, f"admin-vouchers-{name}")
        assert serious_violations(page) == []
        for area in ("tiers", "gift-vouchers", "referrals"):
            page.goto(f"{base}/admin/{area}")
            save_screenshot(page, f"admin-{area}-{name}")
            assert serious_violations(page) == [], area
    finally:
        page.context.close()
