"""Segments in a real headless Chromium against the real server: a marketer builds a segment
with the condition builder and sees the live count follow the edits; the pages at phone and
desktop width are saved as screenshots and have no serious accessibility violation."""

from __future__ import annotations

from typing import Any

from loyalty.db.engine import Database
from tests.e2e.pages.accessibility import save_screenshot, serious_violations
from tests.e2e.pages.browsing import DESKTOP, PHONE, new_page, sign_in_staff_in_browser, wait_until
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.staff import make_staff_user


def test_the_count_follows_the_condition_as_it_is_edited(chromium: Any, site: tuple[str, Database]) -> None:
    base, database = site
    program = make_program(database, name="Księgarnia")
    for index in range(3):
        make_member(database, program, attributes={"vip": index < 2, "city": "Gdańsk" if index == 0 else "Łódź"})
    marketer = make_staff_user(database, program, "marketer")
    errors: list[str] = []
    for viewport in (DESKTOP, PHONE):
        page = new_page(chromium, viewport)
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            sign_in_staff_in_browser(page, base, marketer)
            page.goto(f"{base}/admin/segments/new")
            page.get_by_label("Name", exact=True).fill(f"VIPs {viewport['width']}")
            page.get_by_role("button", name="Add condition").first.click()
            page.locator("#n-c-0-field").wait_for()
            page.locator("#n-c-0-field").fill("member.attributes.vip")
            page.locator("#n-c-0-value").fill("true")
            page.locator("#n-c-0-value").press("Tab")
            wait_until(page, "document.getElementById('segment-count').textContent.includes('Members matching now: 2')")

            page.locator("#n-c-0-field").fill("member.attributes.city")
            page.locator("#n-c-0-value").fill("Gdańsk")
            page.locator("#n-c-0-value").press("Tab")
            wait_until(page, "document.getElementById('segment-count').textContent.includes('Members matching now: 1')")
            save_screenshot(page, f"admin-segment-editor-{viewport['width']}")
            assert serious_violations(page) == []

            page.get_by_role("button", name="Save").click()
            page.wait_for_url(f"{base}/admin/segments/*")
            assert page.locator("#segment-size").inner_text() == "1"
            save_screenshot(page, f"admin-segment-{viewport['width']}")
            page.goto(f"{base}/admin/segments")
            save_screenshot(page, f"admin-segments-{viewport['width']}")
            assert serious_violations(page) == []
        finally:
            page.close()
    assert errors == []
