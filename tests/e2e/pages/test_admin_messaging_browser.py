"""The messaging pages in a real headless Chromium (tests/e2e/pages/conftest.py) against the real
server, at phone and desktop width: a marketer writes a Polish template, is refused with the
line of a filter that does not exist, saves it, previews it for a member found by card number
and opens the HTML as a sandboxed page in which the template's script does not run; the
channel settings, the suppression list and the member page's messages are checked with
axe-core and photographed (into $LOYALTY_SCREENSHOTS, else the session's temporary folder)."""

from __future__ import annotations

from typing import Any

import pytest

from loyalty.db.engine import Database
from tests.e2e.pages.accessibility import save_screenshot, serious_violations
from tests.e2e.pages.browsing import DESKTOP, PHONE, new_page, sign_in_staff_in_browser
from tests.factories.members import make_cards, make_member
from tests.factories.messaging import queue, suppress
from tests.factories.programs import make_program
from tests.factories.staff import make_staff_user


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_marketer_writes_previews_and_tunes_messages(chromium: Any, site: tuple[str, Database],
                                                       viewport: dict[str, int]) -> None:
    base, database = site
    size = "phone" if viewport is PHONE else "desktop"
    program = make_program(database, name=f"Kwiaciarnia {size}")
    [card] = make_cards(database, program)
    member = make_member(database, program, first_name="Zofia", card_number=card, email=f"zofia-{size}@example.com",
                         preferred_language="pl")
    suppress(database, program, f"bounced-{size}@example.com")
    marketer = make_staff_user(database, program, "marketer")
    page = new_page(chromium, viewport, bypass_csp=False)
    try:
        sign_in_staff_in_browser(page, base, marketer)
        if viewport is DESKTOP:
            page.get_by_role("navigation", name="Admin panel").get_by_role("link", name="Messages").click()
        else:
            page.goto(f"{base}/admin/messages")
        page.get_by_role("link", name="New template").click()
        page.get_by_label("Key").fill("welcome")
        page.locator("summary", has_text="Version in pl").click()  # the Polish section starts closed
        page.get_by_label("Subject (pl)").fill("Witaj, {{ first_name }}")
        page.get_by_label("HTML body (pl)").fill(
            "<p style=\"color:#0a4a8a\">Cześć <b>{{ first_name }}</b></p>\n<p>{{ balance | shout }}</p>"
            "<script>document.title = 'script ran'</script>")
        page.get_by_label("Text body (pl)").fill("Cześć {{ first_name }}")
        page.get_by_label("Fallback language").select_option("pl")
        page.get_by_role("button", name="Create the template").click()
        error = page.locator("#error-versions-pl-html_body")
        assert error.inner_text() == "Line 2: No filter named 'shout'."
        assert page.get_by_label("HTML body (pl)").get_attribute("aria-invalid") == "true"
        assert serious_violations(page) == []
        save_screenshot(page, f"admin-message-template-refused-{size}")

        html = page.get_by_label("HTML body (pl)").input_value().replace(" | shout", "")
        page.get_by_label("HTML body (pl)").fill(html)
        page.get_by_role("button", name="Create the template").click()
        page.get_by_role("status").filter(has_text="The template was saved.").wait_for()

        page.get_by_label("Card number or e-mail").fill(card)
        page.get_by_role("button", name="Preview", exact=True).click()
        assert page.locator("#preview-subject").inner_text() == "Witaj, Zofia"
        assert page.locator("#preview-text").inner_text() == "Cześć Zofia"
        assert serious_violations(page) == []
        save_screenshot(page, f"admin-message-preview-{size}")
        with page.context.expect_page() as opened:
            page.get_by_role("link", name="Open the HTML version in a new tab").click()
        sandboxed = opened.value
        sandboxed.wait_for_load_state()
        assert sandboxed.locator("b").inner_text() == "Zofia"
        assert sandboxed.title() != "script ran"  # the sandbox runs no script
        assert sandboxed.evaluate("window.origin") == "null"  # an opaque origin: the panel is out of reach
        sandboxed.close()

        page.goto(f"{base}/admin/messages/channels")
        sms = page.locator("#channel-sms")
        sms.get_by_label("At most (messages)").fill("2")
        sms.get_by_label("From").fill("21:00")
        sms.get_by_label("Until").fill("08:00")
        sms.get_by_role("button", name="Save the SMS settings").click()
        page.get_by_role("status").filter(has_text="The SMS settings were saved.").wait_for()
        assert page.locator("#channel-sms").get_by_label("From").input_value() == "21:00"
        assert serious_violations(page) == []
        save_screenshot(page, f"admin-message-channels-{size}")

        page.goto(f"{base}/admin/messages/suppressions")
        page.get_by_label("E-mail address or phone number").fill(f"asked-{size}@example.com")
        page.get_by_label("Reason").fill("asked by phone")
        page.get_by_role("button", name="Suppress the address").click()
        assert page.get_by_role("row").filter(has_text=f"asked-{size}@example.com").is_visible()
        assert serious_violations(page) == []
        save_screenshot(page, f"admin-message-suppressions-{size}")

        queue(database, program, member.id)
        page.goto(f"{base}/admin/members/{member.id}#messages")
        assert page.locator("#messages").get_by_role("row").filter(has_text="welcome").is_visible()
        assert serious_violations(page) == []
    finally:
        page.context.close()
