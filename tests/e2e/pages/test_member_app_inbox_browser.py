"""The member app's Messages screen in a real headless Chromium at phone width, against the real
server (tests/e2e/pages/conftest.py): the unread badge in the navigation, the list newest first,
a message opened and read, nothing sticking out of the screen, and no serious accessibility fault;
and the service worker showing a pushed notification."""

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


def test_the_service_worker_shows_a_pushed_notification(chromium: Any, site: Any) -> None:
    """The push itself comes through Chromium's DevTools (ServiceWorker.deliverPushMessage): the
    browser's own push service is out of reach offline, the service worker's handling is not."""
    base, database, program, outbox = site
    make_member(database, program, email="ben@example.com", first_name="Ben")
    page = new_page(chromium, PHONE, service_workers="allow")
    page.context.grant_permissions(["notifications"], origin=base)
    try:
        sign_in(page, base, outbox, "ben@example.com")
        page.goto(f"{base}/app/profile")
        # push.js (under the CSP: no inline script) shows the button once the browser said it can push
        page.get_by_role("button", name="Turn on notifications").wait_for(state="visible")
        assert page.locator("#push-unsupported").is_hidden()
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        devtools = page.context.new_cdp_session(page)
        registrations: list[dict[str, Any]] = []
        devtools.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(
            r for r in event["registrations"] if r["scopeURL"] == f"{base}/app" and not r["isDeleted"]))
        devtools.send("ServiceWorker.enable")
        wait_until_true(page, lambda: bool(registrations))
        devtools.send("ServiceWorker.deliverPushMessage", {
            "origin": base, "registrationId": registrations[0]["registrationId"],
            "data": '{"title": "Double points, Ben", "body": "This weekend only.", "url": "/app/messages/7", '
                    '"tag": "message-7"}'})
        shown_script = ("navigator.serviceWorker.ready.then((r) => r.getNotifications())"
                        ".then((shown) => shown.map((n) => [n.title, n.body, n.data.url, n.tag]))")
        wait_until_true(page, lambda: bool(page.evaluate(shown_script)))
        assert page.evaluate(shown_script) == [["Double points, Ben", "This weekend only.", "/app/messages/7",
                                                "message-7"]]
    finally:
        page.context.close()


def wait_until_true(page: Any, condition: Any, seconds: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("never happened")
        page.wait_for_timeout(50)
