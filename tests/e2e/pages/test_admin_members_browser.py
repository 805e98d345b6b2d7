"""The members area as staff use it, in a real headless Chromium (tests/e2e/pages/conftest.py)
against the real server (uvicorn on a free port, SQLite in a temporary directory): an agent
finds a member by card number with the live search, leaves a note and opens a case; the
owner then sees both on the member page and the case in /admin/cases. Screenshots at phone
and desktop width go to LOYALTY_SCREENSHOTS (default: the session's temporary folder);
axe-core finds no serious or critical problem on the pages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members.models import Card
from tests.e2e.pages.accessibility import save_screenshots, serious_violations
from tests.e2e.pages.browsing import DESKTOP, PHONE, new_page, sign_in_staff_in_browser
from tests.factories.ledger import give_points
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.staff import make_staff_user


def watched_page(chromium: Any, viewport: dict[str, int]) -> Any:
    """`new_page`, with what the page logs as errors in `page.console_errors` (a script refused by
    the CSP would show there; axe-core is injected through the DevTools protocol, which the CSP
    does not govern)."""
    page = new_page(chromium, viewport, bypass_csp=False)
    page.console_errors = []
    page.on("console", lambda message: page.console_errors.append(f"{message.text} {message.location.get('url')}")
            if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico") else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.on("response", lambda response: page.console_errors.append(f"{response.status} {response.url}")
            if response.status == 404 else None)
    return page


def test_agent_notes_and_opens_a_case_that_the_owner_then_sees(chromium: Any, site: tuple[str, Database]) -> None:
    base, database = site
    program = make_program(database, name="Kawiarnia Łódź")
    member = make_member(database, program, first_name="Anna", last_name="Kowalska", email="anna@example.com",
                         phone="+48601234567")
    give_points(database, program, member.id, 420)
    with unit_of_work(database, read_only=True) as session:
        card = session.scalars(select(Card.number).where(Card.member_id == member.id)).one()
    agent = make_staff_user(database, program, "agent", adjustment_limit=100)
    owner = make_staff_user(database, program, "owner")

    page = watched_page(chromium, DESKTOP)
    try:
        sign_in_staff_in_browser(page, base, agent)
        page.get_by_role("link", name="Members", exact=True).click()
        page.wait_for_url(f"{base}/admin/members")
        # The live search: typing is enough, no button press.
        page.get_by_label("Card number, e-mail, phone, external id, member id or name").fill(card)
        page.locator("#results").get_by_text("exact match").wait_for()
        assert page.url == f"{base}/admin/members?q={card}"  # the search is in the address, to share or go back to
        result = page.locator("#results").get_by_role("link", name="Anna Kowalska")
        assert serious_violations(page) == []
        save_screenshots(page, "admin-members-search")
        result.click()
        page.wait_for_url(f"{base}/admin/members/{member.id}")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Anna Kowalska")
        assert page.locator("#balance-points").inner_text() == "420"

        # The note with the keyboard alone: type, Tab to the button, Enter.
        page.get_by_label("Department").select_option("contact_center")
        page.get_by_label("Note", exact=True).focus()
        page.keyboard.type("Called about missing points; prefers e-mail.")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Save note"
        page.keyboard.press("Enter")
        page.get_by_role("status").filter(has_text="Note saved.").wait_for()

        page.get_by_label("Kind").select_option("complaint")
        page.get_by_label("Subject", exact=True).fill("Points missing for receipt 17")
        page.get_by_label("Details (optional)").fill("The till was offline.")
        page.get_by_role("button", name="Open the case").click()
        page.get_by_role("status").filter(has_text="opened.").wait_for()
        assert page.locator("#cases").get_by_role("link", name="Points missing for receipt 17").count() == 1
        assert serious_violations(page) == []
        assert page.console_errors == []
        save_screenshots(page, "admin-member-view")
    finally:
        page.context.close()

    page = watched_page(chromium, PHONE)
    try:
        sign_in_staff_in_browser(page, base, owner)
        page.goto(f"{base}/admin/members/{member.id}")
        notes = page.locator("#notes")
        assert "Called about missing points; prefers e-mail." in notes.inner_text()
        assert "Test agent" in notes.inner_text()
        page.locator("#cases").get_by_role("link", name="Points missing for receipt 17").wait_for()
        page.goto(f"{base}/admin/cases")
        page.get_by_role("link", name="Points missing for receipt 17").click()
        page.get_by_text("The till was offline.").wait_for()
        assert serious_violations(page) == []
        save_screenshots(page, "admin-case-view")
        page.goto(f"{base}/admin/cases")
        save_screenshots(page, "admin-cases")
        page.set_viewport_size(DESKTOP)  # the audit log is read at desktop width
        page.goto(f"{base}/admin/audit")
        assert page.get_by_role("cell", name="note.added").count() == 1
        assert serious_violations(page) == []
        assert page.console_errors == []
        save_screenshots(page, "admin-audit")
    finally:
        page.context.close()
