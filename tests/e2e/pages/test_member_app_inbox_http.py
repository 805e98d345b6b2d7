"""The member app's Messages screen over plain HTTP on both databases: the member's messages
newest first, the unread badge in the navigation, opening one marks it read and records
`message.opened` once, and a member never sees another member's messages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories import messaging as m
from tests.factories.inbox import APP_TEMPLATE, app_message
from tests.factories.member_app import app_client, app_settings, sign_in_member
from tests.factories.members import make_member


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


@pytest.fixture
def browser(database: Database, program: Program, outbox: Path) -> Iterator[TestClient]:
    with app_client(database, app_settings(program, outbox)) as client:
        yield client


def badge(html: str) -> str | None:
    found = re.search(r'id="unread-badge"><span aria-hidden="true">(\d+)</span>', html)
    return found.group(1) if found else None


def subjects(html: str) -> list[str]:
    return re.findall(r'<span class="message-subject">([^<]*)</span>', html)


def test_the_member_reads_their_messages_newest_first_and_the_badge_counts_the_unread(
        browser: TestClient, database: Database, program: Program, outbox: Path) -> None:
    ola = make_member(database, program, email="ola@example.com", first_name="Ola")
    ben = make_member(database, program, email="ben@example.com", first_name="Ben")
    m.make_template(database, program, key="hello", channel="inbox", versions=APP_TEMPLATE)
    m.make_template(database, program, key="news", channel="inbox", versions={
        "en": {"subject": "News for {{ first_name }}", "text_body": "Double points on Friday."}})
    first = app_message(database, program, ola.id, key="hello")
    second = app_message(database, program, ola.id, key="news")
    bens = app_message(database, program, ben.id, key="news")
    sign_in_member(browser, outbox, "ola@example.com")

    listing = browser.get("/app/messages")
    assert listing.status_code == 200
    assert subjects(listing.text) == ["News for Ola", "Hello Ola"]
    assert badge(listing.text) == "2" and badge(browser.get("/app").text) == "2"
    assert "Ben" not in listing.text

    opened = browser.get(f"/app/messages/{first}")
    assert opened.status_code == 200
    assert '<h1 id="message-subject">Hello Ola</h1>' in opened.text and "You have 0 points." in opened.text
    assert badge(opened.text) == "1"
    browser.get(f"/app/messages/{first}")  # read again: still one opening
    opens = [e.payload["message_id"] for e in m.member_events(database, program, ola.id, "message.opened")]
    assert opens == [first]
    assert m.message(database, first).opened_at is not None and m.message(database, second).opened_at is None

    exported = browser.get("/app/my-data.json").json()
    assert [(item["message_id"], item["subject"]) for item in exported["app_messages"]] == [
        (second, "News for Ola"), (first, "Hello Ola")]
    assert exported["push_subscriptions"] == []

    assert browser.get(f"/app/messages/{bens}").status_code == 404
    assert m.member_events(database, program, ben.id, "message.opened") == []
    assert m.message(database, bens).opened_at is None


def test_without_unread_messages_there_is_no_badge(browser: TestClient, database: Database, program: Program,
                                                   outbox: Path) -> None:
    make_member(database, program, email="ola@example.com")
    sign_in_member(browser, outbox, "ola@example.com")
    home = browser.get("/app").text
    assert badge(home) is None and '<a href="/app/messages">Messages</a>' in home
    assert "No messages yet." in browser.get("/app/messages").text
