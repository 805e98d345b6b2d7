"""The links inside messages, followed by anyone (review of issue 12, #6 and #8): the open pixel
and the click redirect write only the first open and each link's first click, are rate limited
per address like the referral links, and unsubscribe links need the secret key."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import event

from loyalty.config import SecuritySettings, Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members import service as members
from loyalty.messaging import domain
from loyalty.messaging.service import Outlet
from loyalty.programs.models import Program
from loyalty.web.app import create_app
from tests.factories.members import make_member
from tests.factories.messaging import PUBLIC_URL, SECRET_KEY, deliver, make_template, member_events, queue
from tests.integration.messaging.smtp import Inbox, parts, smtp_server
from tests.integration.messaging.test_delivery import GRANTED, settings_for


def _site(database: Database, *, secret: str | None = SECRET_KEY, per_ip: str = "60/minute") -> TestClient:
    settings = Settings(security=SecuritySettings(secret_key=SecretStr(secret) if secret else None),
                        public_url=PUBLIC_URL)
    settings.worker.in_process = "never"
    settings.rate_limit.public_link_per_ip = per_ip
    return TestClient(create_app(settings, database=database), base_url=PUBLIC_URL)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, Outlet]]:
    with smtp_server() as (inbox, port):
        yield inbox, Outlet.from_settings(settings_for(port))


@contextmanager
def write_transactions(database: Database) -> Iterator[list[int]]:
    """Counts the write units of work that reached the database while the block runs."""
    begun: list[int] = []

    def count(*_: object) -> None:
        begun.append(1)

    event.listen(database.sessions, "after_begin", count)
    try:
        yield begun
    finally:
        event.remove(database.sessions, "after_begin", count)


def _sent_links(database: Database, program: Program, smtp: tuple[Inbox, Outlet]) -> tuple[int, int, str, str]:
    inbox, outlet = smtp
    make_template(database, program)
    member = make_member(database, program, consents=GRANTED)
    queued = queue(database, program, member.id, source="campaign:7")
    assert queued is not None
    deliver(database, queued.id, outlet)
    text, html = parts(inbox.wait_for(1)[0])
    pixel = re.search(r'<img src="([^"]+)"', html)
    click = re.search(r"Accessories: (\S+)", text)
    assert pixel is not None and click is not None
    return member.id, queued.id, pixel.group(1)[len(PUBLIC_URL):], click.group(1)[len(PUBLIC_URL):]


def test_only_the_first_open_and_the_first_click_of_a_link_write(
        database: Database, program: Program, smtp: tuple[Inbox, Outlet]) -> None:
    member_id, message_id, pixel, click = _sent_links(database, program, smtp)
    with _site(database) as site:
        with write_transactions(database) as unknown_writes:
            unknown_pixel = site.get("/t/o/not-a-real-token-at-all")
            unknown_click = site.get("/t/c/not-a-real-token-at-all?l=accessories", follow_redirects=False)
        first_open = site.get(pixel)
        first_click = site.get(click, follow_redirects=False)
        with write_transactions(database) as repeat_writes:
            again = [site.get(pixel).status_code for _ in range(3)]
            clicks = [site.get(click, follow_redirects=False) for _ in range(3)]

    assert unknown_pixel.status_code == 200 and unknown_click.status_code == 404 and unknown_writes == []
    assert first_open.status_code == 200 and first_click.status_code == 302
    assert again == [200, 200, 200] and repeat_writes == []
    tagged = "https://shop.example/accessories?ref=mail&utm_source=loyalty&utm_medium=email&utm_campaign=campaign-7"
    assert [(answer.status_code, answer.headers["location"]) for answer in clicks] == [(302, tagged)] * 3
    engagement = [(e.type, e.payload.get("link")) for e in member_events(database, program, member_id)
                  if e.type in ("message.opened", "message.clicked") and e.payload["message_id"] == message_id]
    assert engagement == [("message.opened", None), ("message.clicked", "accessories")]


def test_the_tracking_links_are_rate_limited_per_address(database: Database) -> None:
    with _site(database, per_ip="2/minute") as site:
        pixels = [site.get("/t/o/not-a-real-token-at-all").status_code for _ in range(3)]
    with _site(database, per_ip="2/minute") as site:
        clicks = [site.get("/t/c/not-a-real-token-at-all?l=x", follow_redirects=False) for _ in range(3)]

    assert pixels == [200, 200, 429]
    assert [answer.status_code for answer in clicks] == [404, 404, 429]
    assert clicks[-1].json()["error"]["code"] == "rate_limited"


def _signed_with_an_empty_key(message_id: int) -> str:
    """What an attacker can make when tokens fall back to an empty key."""
    digest = hmac.new(b"", f"unsubscribe:{message_id}".encode(), hashlib.sha256).digest()
    return f"{message_id}.{base64.urlsafe_b64encode(digest[:18]).decode()}"


def test_without_a_secret_key_no_unsubscribe_link_works(database: Database, program: Program) -> None:
    make_template(database, program)
    member = make_member(database, program, consents=GRANTED)
    queued = queue(database, program, member.id)
    assert queued is not None
    forged = _signed_with_an_empty_key(queued.id)

    with _site(database, secret=None) as site:
        page = site.get(f"/u/{forged}")
        posted = site.post(f"/u/{forged}")

    assert (page.status_code, posted.status_code) == (404, 404)
    with unit_of_work(database, read_only=True) as session:
        assert members.current_consents(session=session, member_ids=[member.id])[member.id]["email"].granted
    with pytest.raises(ValueError):
        domain.sign("", "unsubscribe", queued.id)
    assert domain.unsign("", "unsubscribe", forged) is None
