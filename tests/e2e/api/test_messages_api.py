"""Messages over HTTP: templates through the API, and the links inside a sent e-mail
(unsubscribe, open pixel, click redirect) followed as a member would."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from loyalty.config import SecuritySettings, Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members import service as members
from loyalty.messaging.service import Outlet
from loyalty.programs.models import Program
from loyalty.web.app import create_app
from tests.factories.members import make_member
from tests.factories.messaging import PUBLIC_URL, SECRET_KEY, deliver, make_template, member_events, message, queue
from tests.factories.programs import make_api_key
from tests.integration.messaging.smtp import Inbox, parts, smtp_server
from tests.integration.messaging.test_delivery import GRANTED, settings_for


@pytest.fixture
def site(database: Database) -> Iterator[TestClient]:
    settings = Settings(security=SecuritySettings(secret_key=SecretStr(SECRET_KEY)), public_url=PUBLIC_URL)
    settings.worker.in_process = "never"
    with TestClient(create_app(settings, database=database), base_url=PUBLIC_URL) as client:
        yield client


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, Outlet]]:
    with smtp_server() as (inbox, port):
        yield inbox, Outlet.from_settings(settings_for(port))


def _local(url: str) -> str:
    assert url.startswith(PUBLIC_URL)
    return url[len(PUBLIC_URL):]


def test_the_unsubscribe_link_withdraws_consent_and_the_next_message_is_skipped(
        database: Database, program: Program, site: TestClient, smtp: tuple[Inbox, Outlet]) -> None:
    inbox, outlet = smtp
    make_template(database, program)
    member = make_member(database, program, first_name="Ala", consents=GRANTED)
    first = queue(database, program, member.id, dedupe_key="first")
    assert first is not None
    deliver(database, first.id, outlet)
    [mail] = inbox.wait_for(1)
    header_url = mail["List-Unsubscribe"].strip("<>")
    text, html = parts(mail)
    assert header_url in text and header_url in html

    asked = site.get(_local(header_url))
    assert asked.status_code == 200 and "<form method=\"post\"" in asked.text and str(member.email) in asked.text
    with unit_of_work(database, read_only=True) as session:  # following the link alone changes nothing
        assert members.current_consents(session=session, member_ids=[member.id])[member.id]["email"].granted

    done = site.post(_local(header_url), data={"List-Unsubscribe": "One-Click"})

    assert done.status_code == 200 and "unsubscribed" in done.text
    with unit_of_work(database, read_only=True) as session:
        consent = members.current_consents(session=session, member_ids=[member.id])[member.id]["email"]
    assert (consent.granted, consent.source) == (False, "unsubscribe link")
    assert site.post(_local(header_url)).status_code == 200  # again: still unsubscribed, no new decision
    with unit_of_work(database, read_only=True) as session:
        history = members.consent_history(session=session, program_id=program.id, member_id=member.id)
    assert [row.granted for row in history if row.channel == "email"] == [True, False]
    second = queue(database, program, member.id, dedupe_key="second")
    assert second is not None
    outcome = deliver(database, second.id, outlet)
    assert outcome is not None and (outcome.outcome, outcome.reason) == ("skipped", "no_consent")
    assert len(inbox.wait_for(2, timeout=0.3)) == 1


def test_a_forged_unsubscribe_token_is_refused(database: Database, program: Program, site: TestClient) -> None:
    make_template(database, program)
    member = make_member(database, program, consents=GRANTED)
    queued = queue(database, program, member.id)
    assert queued is not None
    assert site.post(f"/u/{queued.id}.AAAAAAAAAAAAAAAAAAAAAAAA").status_code == 404
    with unit_of_work(database, read_only=True) as session:
        assert members.current_consents(session=session, member_ids=[member.id])[member.id]["email"].granted


def test_the_open_pixel_and_the_click_record_events_and_the_click_goes_only_to_the_messages_link(
        database: Database, program: Program, site: TestClient, smtp: tuple[Inbox, Outlet]) -> None:
    inbox, outlet = smtp
    make_template(database, program)
    member = make_member(database, program, consents=GRANTED)
    queued = queue(database, program, member.id, source="campaign:5")
    assert queued is not None
    deliver(database, queued.id, outlet)
    text, html = parts(inbox.wait_for(1)[0])
    pixel = re.search(r'<img src="([^"]+)"', html)
    click = re.search(r"Accessories: (\S+)", text)
    assert pixel is not None and click is not None

    for _ in range(2):
        image = site.get(_local(pixel.group(1)))
        assert image.status_code == 200 and image.headers["content-type"] == "image/gif"
    followed = site.get(_local(click.group(1)), follow_redirects=False)
    refused = site.get(_local(click.group(1)).replace("l=accessories", "l=https%3A%2F%2Fevil.example"),
                       follow_redirects=False)
    unknown = site.get("/t/c/not-a-real-token-at-all?l=accessories", follow_redirects=False)

    # The campaign's UTM tags added, so the shop's tracking script knows what brought the visit.
    assert (followed.status_code, followed.headers["location"]) == (
        302, "https://shop.example/accessories?ref=mail&utm_source=loyalty&utm_medium=email&utm_campaign=campaign-5")
    assert refused.status_code == 404 and "location" not in refused.headers
    assert unknown.status_code == 404
    engagement = [(e.type, e.payload) for e in member_events(database, program, member.id)
                  if e.type in ("message.opened", "message.clicked")]
    assert engagement == [
        ("message.opened", {"message_id": queued.id, "source": "campaign:5", "channel": "email",
                            "template_key": "welcome"}),
        ("message.clicked", {"message_id": queued.id, "source": "campaign:5", "channel": "email",
                             "template_key": "welcome", "link": "accessories",
                             "url": "https://shop.example/accessories?ref=mail"})]
    stored = message(database, queued.id)
    assert stored.opened_at is not None and stored.clicked_at is not None


def test_templates_through_the_api(database: Database, program: Program, api: TestClient) -> None:
    member = make_member(database, program, first_name="Ala", preferred_language="pl")
    body: dict[str, Any] = {"key": "welcome", "channel": "email", "fallback_language": "en", "versions": {
        "en": {"subject": "Hi {{ first_name }}", "html_body": "<p>Hi {{ first_name }}</p>", "text_body": "Hi"},
        "pl": {"subject": "Cześć {{ first_name }}", "html_body": "<p>Cześć</p>", "text_body": "Cześć"}}}
    created = api.post("/api/v1/message-templates", json=body)
    assert created.status_code == 201, created.text
    template_id = created.json()["id"]
    assert sorted(created.json()["versions"]) == ["en", "pl"]
    assert api.post("/api/v1/message-templates", json=body).json()["error"]["code"] == "template_exists"
    broken = api.put(f"/api/v1/message-templates/{template_id}", json={
        **body, "versions": {"en": {"subject": "{% if %}", "html_body": "", "text_body": "x"}}})
    assert broken.status_code == 422 and broken.json()["error"]["field"] == "versions.en.subject"
    preview = api.get(f"/api/v1/message-templates/{template_id}/preview", params={"member_id": member.id})
    assert preview.status_code == 200 and preview.json()["subject"] == "Cześć Ala"
    replaced = api.put(f"/api/v1/message-templates/{template_id}",
                       json={**body, "versions": {"en": body["versions"]["en"]}})
    assert sorted(replaced.json()["versions"]) == ["en"]
    assert [t["key"] for t in api.get("/api/v1/message-templates").json()["items"]] == ["welcome"]
    assert api.delete(f"/api/v1/message-templates/{template_id}").status_code == 204
    assert api.get(f"/api/v1/message-templates/{template_id}").status_code == 404


def test_message_status_is_read_with_the_messages_scope_only(database: Database, program: Program,
                                                             client: TestClient) -> None:
    member = make_member(database, program)
    queued = queue(database, program, member.id)
    assert queued is not None
    reader = make_api_key(database, program, scopes=["messages:read"])
    other = make_api_key(database, program, scopes=["members:read"])
    answer = client.get(f"/api/v1/messages/{queued.id}", headers=reader.headers)
    assert answer.status_code == 200 and answer.json()["status"] == "queued"
    assert client.get(f"/api/v1/messages/{queued.id}", headers=other.headers).status_code == 403
    listed = client.get(f"/api/v1/members/{member.id}/messages", headers=reader.headers).json()["items"]
    assert [m["id"] for m in listed] == [queued.id]
    from tests.factories.programs import make_program

    stranger = make_api_key(database, make_program(database), scopes=["messages:read"])
    assert client.get(f"/api/v1/messages/{queued.id}", headers=stranger.headers).status_code == 404
