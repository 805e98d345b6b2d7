"""The member app's Messages screen in a real headless Chromium at phone width, against the real
server (tests/e2e/pages/conftest.py): the unread badge in the navigation, the list newest first,
a message opened and read, nothing sticking out of the screen, and no serious accessibility fault."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from loyalty.web.app import create_app
from tests.e2e.pages.accessibility import save_screenshot, serious_violations
from tests.e2e.pages.browsing import PHONE, new_page
from tests.e2e.pages.conftest import serving
from tests.factories import messaging as m
from tests.factories.inbox import app_message
from tests.factories.member_app import app_settings, mailed_soon
from tests.factories.members import make_member
from tests.factories.programs import make_program


@pytest.fixture(scope="module")
def site(sqlite_database: Database,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Database, Program, Path]]:
    program = make_program(sqlite_database, name="Kawiarnia Łódź")
    outbox = tmp_path_factory.mktemp("inbox-outbox")
    with serving(create_app(app_settings(program, outbox), database=sqlite_database)) as base:
        yield base, sqlite_database, program, outbox


def sign_in(page: Any, base: str, outbox: Path, email: str) -> None:
    page.goto(f"{base}/app")
    page.wait_for_url(re.compile(r"/app/sign-in"))
    page.get_by_label("E-mail").first.fill(email)
    page.get_by_role("button", name="Send me a code").click()
    code, _ = mailed_soon(outbox, email)
    page.get_by_label("Code from the e-mail").fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/app")


def test_a_member_reads_a_message_in_the_app_on_a_phone(chromium: Any, site: Any) -> None:
    base, database, program, outbox = site
    member = make_member(database, program, email="ola@example.com", first_name="Ola")
    m.make_template(database, program, key="welcome-app", channel="inbox", versions={"en": {
        "subject": "Welcome, {{ first_name }}", "text_body": "Thank you for joining. Your card is in the app."}})
    m.make_template(database, program, key="weekend", channel="inbox", versions={"en": {
        "subject": "Double points this weekend at every café of ours, {{ first_name }}",
        "text_body": "Show your card on Saturday or Sunday and every purchase earns twice the points."}})
    welcome = app_message(database, program, member.id, key="welcome-app")
    app_message(database, program, member.id, key="weekend")
    page = new_page(chromium, PHONE)
    try:
        sign_in(page, base, outbox, "ola@example.com")
        messages_link = page.get_by_role("link", name="Messages 2 unread")  # what a screen reader says
        assert page.locator("#unread-badge [aria-hidden]").inner_text() == "2"  # what the eye sees
        assert messages_link.get_attribute("href") == "/app/messages"

        messages_link.click()
        page.wait_for_url(f"{base}/app/messages")
        assert page.locator(".message-subject").all_inner_texts() == [
            "Double points this weekend at every café of ours, Ola", "Welcome, Ola"]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert serious_violations(page) == []
        save_screenshot(page, "member-app-messages-phone")

        page.get_by_role("link", name=re.compile(r"Welcome, Ola")).click()
        page.wait_for_url(f"{base}/app/messages/{welcome}")
        assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Ola"
        assert page.locator("#message-body").inner_text() == "Thank you for joining. Your card is in the app."
        assert page.locator("#unread-badge [aria-hidden]").inner_text() == "1"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert serious_violations(page) == []
        save_screenshot(page, "member-app-message-phone")

        page.get_by_role("link", name="All messages").click()
        page.wait_for_url(f"{base}/app/messages")
        assert page.locator(".message-item.unread .message-subject").all_inner_texts() == [
            "Double points this weekend at every café of ours, Ola"]
    finally:
        page.context.close()
    assert m.message(database, welcome).opened_at is not None
