"""The admin panel's program area in a real headless Chromium (tests/e2e/pages/conftest.py)
against the real server: an owner builds an earning rule with the condition builder, partly
with the keyboard alone, and the dashboard draws its charts. Screenshots of the area's pages at
phone and desktop width go to $LOYALTY_SCREENSHOTS (default: the session's temporary folder), and
axe-core finds no serious or critical violation on them."""

from __future__ import annotations

from typing import Any

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.rules import service as rule_service
from tests.e2e.pages.accessibility import save_screenshot, serious_violations
from tests.e2e.pages.browsing import DESKTOP, PHONE, new_page, sign_in_staff_in_browser, wait_for_focus, wait_until
from tests.factories.ledger import give_points
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.referrals import buy
from tests.factories.rules import make_rule
from tests.factories.staff import make_staff_user

PAGES = ("/admin", "/admin/rules", "/admin/rules/new", "/admin/rules/dry-run", "/admin/users", "/admin/api-keys",
         "/admin/settings")


def watched_page(chromium: Any, viewport: dict[str, int]) -> tuple[Any, list[str]]:
    """`new_page`, and the console errors it will collect."""
    page = new_page(chromium, viewport)
    errors: list[str] = []
    # A missing favicon is the browser's guess, not the page's: its 404 is not counted.
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "404" not in message.text else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda answer: errors.append(f"{answer.status} {answer.url}")
            if answer.status >= 400 and not answer.url.endswith("/favicon.ico") else None)
    return page, errors


def test_owner_builds_an_earning_rule_with_the_keyboard(chromium: Any, site: tuple[str, Database]) -> None:
    base, database = site
    program = make_program(database, name="Kawiarnia")
    owner = make_staff_user(database, program, "owner")
    page, errors = watched_page(chromium, DESKTOP)
    try:
        sign_in_staff_in_browser(page, base, owner)
        page.goto(f"{base}/admin/rules")
        page.get_by_role("link", name="New rule").click()
        page.get_by_label("Name", exact=True).fill("Big baskets")

        add = page.get_by_role("button", name="Add condition")
        add.focus()
        page.keyboard.press("Enter")                                    # the keyboard adds the first condition
        first_field = page.locator("#n-c-0-field")
        first_field.wait_for()
        wait_for_focus(page, "document.activeElement.id === 'n-c-0-field'")  # the focus moved to it
        page.keyboard.type("purchase.total")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "n-c-0-op"
        page.locator("#n-c-0-op").select_option("gte")
        page.keyboard.press("Tab")
        page.keyboard.type("5000")

        page.get_by_role("button", name="Add condition").click()        # and the mouse the second one
        page.locator("#n-c-1-field").fill("purchase.channel")
        page.locator("#n-c-1-op").select_option("in")
        page.locator("#n-c-1-value").fill("pos, online")
        assert page.locator("#n-c-0-field").input_value() == "purchase.total"  # the first one kept its values
        assert page.locator("#n-c-0-value").input_value() == "5000"
        page.get_by_role("button", name="Add group").focus()              # a group, added and removed by keys
        page.keyboard.press("Enter")
        page.locator("#n-c-2-kind").wait_for()
        wait_for_focus(page, "document.activeElement.id === 'n-c-2-kind'")
        page.locator("#n-c-2 button.danger", has_text="Remove group").focus()
        page.keyboard.press("Enter")
        page.locator("#n-c-2").wait_for(state="detached")
        wait_for_focus(page, "document.activeElement.textContent.trim() === 'Add condition'")
        assert page.locator("#n-c-1-value").input_value() == "pos, online"
        page.get_by_label("Points (fixed, per amount, per item)").fill("2")

        page.get_by_role("button", name="Save the rule").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/admin/rules/*")
        assert page.get_by_role("status").inner_text() == "The rule was created."

        page.goto(f"{base}/admin/rules")
        assert "Big baskets" in page.locator("#rules").inner_text()
        with unit_of_work(database, read_only=True) as session:
            [rule] = rule_service.list_rules(session=session, program_id=program.id).items
            made = rule_service.rule_read(session=session, rule=rule)
        assert made.condition == {"all": [{"field": "purchase.total", "op": "gte", "value": 5000},
                                          {"field": "purchase.channel", "op": "in", "value": ["pos", "online"]}]}
        assert made.effect == {"kind": "per_amount", "points": 2, "per_minor": 100, "scope": "receipt",
                               "line_condition": None}
        assert errors == []
    finally:
        page.context.close()


def test_dashboard_draws_its_charts_and_every_page_fits_phone_and_desktop(chromium: Any,
                                                                          site: tuple[str, Database]) -> None:
    base, database = site
    program = make_program(database, name="Kawiarnia")
    member = make_member(database, program)
    buy(database, program, member.id, 4200)
    give_points(database, program, member.id, 420)
    rule = make_rule(database, program, name="A point per euro", condition={"all": [
        {"field": "purchase.total", "op": "gte", "value": 1000},
        {"any": [{"field": "purchase.channel", "op": "eq", "value": "pos"},
                 {"field": "member.attributes.vip", "op": "eq", "value": True}]}]},
        effect={"kind": "per_amount", "points": 1, "per_minor": 100})
    owner = make_staff_user(database, program, "owner")
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page, errors = watched_page(chromium, viewport)
        try:
            sign_in_staff_in_browser(page, base, owner)
            wait_until(page, "window.Chart && window.Chart.getChart('chart-revenue') !== undefined")
            assert page.locator("canvas").count() == 8
            for path in (*PAGES, f"/admin/rules/{rule.id}", f"/admin/rules/dry-run?run=1&line1_sku=A&line1_quantity=2"
                         f"&line1_unit_price=1500&rule={rule.id}"):
                page.goto(f"{base}{path}")
                page.locator("h1").wait_for()
                name = path.split("?")[0].strip("/").replace("/", "-") or "admin"
                name += "-result" if "?" in path else ""
                save_screenshot(page, f"program-{name}-{label}")
                assert serious_violations(page) == [], path
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= viewport["width"], f"{path} scrolls sideways at {label} width ({width}px)"
            assert errors == []
        finally:
            page.context.close()
