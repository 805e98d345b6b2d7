"""Delivering messages: a real SMTP server receives exactly what the rules allow."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pydantic import SecretStr

from loyalty.config import MailSettings, SecuritySettings, Settings, SmsSettings
from loyalty.db.engine import Database
from loyalty.messaging.service import Outlet
from loyalty.programs.models import Program
from tests.factories.clock import at
from tests.factories.ledger import give_points
from tests.factories.members import make_member
from tests.factories.messaging import (
    PUBLIC_URL,
    SECRET_KEY,
    deliver,
    make_template,
    member_events,
    message,
    queue,
    set_rules,
    suppress,
)
from tests.factories.rewards import make_reward
from tests.integration.messaging.smtp import Inbox, parts, smtp_server

GRANTED = {"email": {"granted": True}, "sms": {"granted": True}}


def settings_for(port: int) -> Settings:
    return Settings(mail=MailSettings(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
                                      sender="Shop <news@shop.example>"),
                    security=SecuritySettings(secret_key=SecretStr(SECRET_KEY)), public_url=PUBLIC_URL)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, Outlet]]:
    with smtp_server() as (inbox, port):
        yield inbox, Outlet.from_settings(settings_for(port))


def _event_types(database: Database, program: Program, member_id: int) -> list[tuple[str, Any]]:
    return [(event.type, event.payload.get("reason")) for event in member_events(database, program, member_id)]


def test_one_email_with_the_members_name_and_balance_in_both_parts(
        database: Database, program: Program, smtp: tuple[Inbox, Outlet]) -> None:
    inbox, outlet = smtp
    make_template(database, program)
    make_reward(database, program, names={program.locale: "Espresso cup"}, points_price=170)
    make_reward(database, program, names={program.locale: "Bicycle"}, points_price=5000)
    member = make_member(database, program, first_name="Ala", consents=GRANTED)
    give_points(database, program, member.id, 150)
    queued = queue(database, program, member.id, source="journey:7")
    assert queued is not None

    outcome = deliver(database, queued.id, outlet)

    assert outcome is not None and outcome.outcome == "sent"
    [mail] = inbox.wait_for(1)
    text, html = parts(mail)
    assert "Hello Ala," in text and "you have 150 points." in text
    assert "<p>Hello Ala,</p>" in html and "you have 150 points" in html
    assert "Espresso cup: 20 to go" in html and "Bicycle" not in html
    assert mail["Subject"] == "Welcome, Ala"
    assert mail["To"] == member.email
    assert mail["Message-ID"] == f"<message-{queued.id}@loyalty.test>"
    assert mail["List-Unsubscribe"].startswith(f"<{PUBLIC_URL}/u/{queued.id}.")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = message(database, queued.id).tracking_token
    assert f"{PUBLIC_URL}/t/c/{token}?l=accessories" in text
    assert f'src="{PUBLIC_URL}/t/o/{token}"' in html
    assert "shop.example/accessories" not in html  # only the tracked address
    stored = message(database, queued.id)
    assert (stored.status, stored.sent_at is not None, stored.language, stored.links) == (
        "sent", True, "en", {"accessories": "https://shop.example/accessories?ref=mail"})
    assert _event_types(database, program, member.id) == [("message.queued", None), ("message.sent", None)]


def test_a_name_with_markup_is_escaped_in_html_and_kept_in_text(
        database: Database, program: Program, smtp: tuple[Inbox, Outlet]) -> None:
    inbox, outlet = smtp
    make_template(database, program)
    member = make_member(database, program, first_name="<b>Bo</b>", consents=GRANTED)
    queued = queue(database, program, member.id)
    assert queued is not None
    deliver(database, queued.id, outlet)
    text, html = parts(inbox.wait_for(1)[0])
    assert "&lt;b&gt;Bo&lt;/b&gt;" in html and "<b>Bo</b>" not in html
    assert "Hello <b>Bo</b>," in text


def test_the_same_dedupe_key_twice_and_two_deliveries_send_one_email(
        database: Database, program: Program, smtp: tuple[Inbox, Outlet]) -> None:
    inbox, outlet = smtp
    make_template(database, program)
    member = make_member(database, program, first_name="Ala", consents=GRANTED)
    first = queue(database, program, member.id, dedupe_key="campaign:1:x")
    second = queue(database, program, member.id, dedupe_key="campaign:1:x")
    assert first is not None and second is not None and first.id == second.id
    assert deliver(database, first.id, outlet) is not None
    assert deliver(database, second.id, outlet) is None
    assert len(inbox.wait_for(1)) == 1
    assert len(inbox.wait_for(2, timeout=0.3)) == 1


def test_without_consent_the_message_is_skipped(database: Database, program: Program,
                                                smtp: tuple[Inbox, Outlet]) -> None:
    inbox, outlet = smtp
    make_template(database, program)
    never_asked = make_member(database, program)
    refused = make_member(database, program, consents={"email": {"granted": False}})
    for member in (never_asked, refused):
        queued = queue(database, program, member.id)
        assert queued is not None
        outcome = deliver(database, queued.id, outlet)
        assert outcome is not None and (outcome.outcome, outcome.reason) == ("skipped", "no_consent")
        stored = message(database, queued.id)
        assert (stored.status, stored.skip_reason) == ("skipped", "no_consent")
        assert _event_types(database, program, member.id)[-1] == ("message.skipped", "no_consent")
    assert inbox.wait_for(1, timeout=0.3) == []


def test_the_frequency_cap_skips_what_is_over_it(database: Database, program: Program,
                                                 smtp: tuple[Inbox, Outlet]) -> None:
    inbox, outlet = smtp
    make_template(database, program)
    set_rules(database, program, "email", cap_count=2, cap_days=7)
    member = make_member(database, program, consents=GRANTED)
    outcomes = []
    for number in range(3):
        queued = queue(database, program, member.id, dedupe_key=f"cap:{number}")
        assert queued is not None
        found = deliver(database, queued.id, outlet)
        assert found is not None
        outcomes.append((found.outcome, found.reason))
    assert outcomes == [("sent", None), ("sent", None), ("skipped", "frequency_cap")]
    assert len(inbox.wait_for(2)) == 2
    # A week later the window has room again.
    queued = queue(database, program, member.id, dedupe_key="cap:later")
    assert queued is not None
    found = deliver(database, queued.id, outlet, now=datetime.now(UTC) + timedelta(days=8))
    assert found is not None and found.outcome == "sent"


def test_quiet_hours_delay_the_message_until_they_end(database: Database, program: Program,
                                                      smtp: tuple[Inbox, Outlet]) -> None:
    inbox, outlet = smtp
    make_template(database, program)
    set_rules(database, program, "email", quiet_start="21:00", quiet_end="08:00")
    member = make_member(database, program, consents=GRANTED)
    late_evening = datetime(2030, 1, 15, 21, 30, tzinfo=UTC)  # 22:30 in Warsaw (the program's timezone)
    with at(late_evening - timedelta(minutes=1)):
        queued = queue(database, program, member.id)
    assert queued is not None

    outcome = deliver(database, queued.id, outlet, now=late_evening)

    assert outcome is not None and (outcome.outcome, outcome.reason) == ("delayed", "quiet_hours")
    stored = message(database, queued.id)
    assert stored.status == "queued"
    assert stored.send_after == datetime(2030, 1, 16, 7, 0, tzinfo=UTC)  # 08:00 in Warsaw
    assert deliver(database, queued.id, outlet, now=datetime(2030, 1, 16, 6, 59, tzinfo=UTC)) is None
    assert inbox.wait_for(1, timeout=0.3) == []
    sent = deliver(database, queued.id, outlet, now=datetime(2030, 1, 16, 7, 0, tzinfo=UTC))
    assert sent is not None and sent.outcome == "sent"
    assert len(inbox.wait_for(1)) == 1
    assert [t for t, _ in _event_types(database, program, member.id)] == [
        "message.queued", "message.delayed", "message.sent"]


def test_quiet_hours_follow_the_members_own_timezone(database: Database, program: Program,
                                                     smtp: tuple[Inbox, Outlet]) -> None:
    _inbox, outlet = smtp
    make_template(database, program)
    set_rules(database, program, "email", quiet_start="21:00", quiet_end="08:00")
    member = make_member(database, program, consents=GRANTED, attributes={"timezone": "America/New_York"})
    queued = queue(database, program, member.id)
    assert queued is not None
    # 22:30 in Warsaw is 16:30 in New York: not quiet for this member.
    outcome = deliver(database, queued.id, outlet, now=datetime(2030, 1, 15, 21, 30, tzinfo=UTC))
    assert outcome is not None and outcome.outcome == "sent"


def test_a_suppressed_address_gets_nothing(database: Database, program: Program,
                                           smtp: tuple[Inbox, Outlet]) -> None:
    inbox, outlet = smtp
    make_template(database, program)
    member = make_member(database, program, email="Bounced@Example.com", consents=GRANTED)
    suppress(database, program, "BOUNCED@example.com")
    queued = queue(database, program, member.id)
    assert queued is not None
    outcome = deliver(database, queued.id, outlet)
    assert outcome is not None and (outcome.outcome, outcome.reason) == ("skipped", "suppressed")
    assert inbox.wait_for(1, timeout=0.3) == []


def test_the_members_language_is_used_with_the_fallback_for_others(
        database: Database, program: Program, smtp: tuple[Inbox, Outlet]) -> None:
    inbox, outlet = smtp
    make_template(database, program, versions={
        "en": {"subject": "Hello {{ first_name }}", "html_body": "", "text_body": "Hello"},
        "pl": {"subject": "Cześć {{ first_name }}", "html_body": "", "text_body": "Cześć"}})
    polish = make_member(database, program, first_name="Ola", preferred_language="pl", consents=GRANTED)
    german = make_member(database, program, first_name="Jan", preferred_language="de", consents=GRANTED)
    for member in (polish, german):
        queued = queue(database, program, member.id)
        assert queued is not None
        deliver(database, queued.id, outlet)
    subjects = sorted(str(mail["Subject"]) for mail in inbox.wait_for(2))
    assert subjects == ["Cześć Ola", "Hello Jan"]


def test_a_missing_template_or_address_skips_with_the_reason(database: Database, program: Program,
                                                             smtp: tuple[Inbox, Outlet]) -> None:
    _inbox, outlet = smtp
    member = make_member(database, program, consents=GRANTED)  # no phone
    make_template(database, program, key="points", channel="sms", versions={
        "en": {"subject": "", "html_body": "", "text_body": "You have {{ balance }} points"}})
    no_template = queue(database, program, member.id, key="nothing")
    no_phone = queue(database, program, member.id, key="points", channel="sms")
    assert no_template is not None and no_phone is not None
    skipped = deliver(database, no_template.id, outlet)
    assert skipped is not None and skipped.reason == "no_template"
    assert message(database, no_template.id).status == "skipped"
    found = deliver(database, no_phone.id, outlet)
    assert found is not None and found.reason == "no_address"


def test_two_workers_delivering_one_message_send_it_once(database: Database, program: Program,
                                                        smtp: tuple[Inbox, Outlet]) -> None:
    inbox, _outlet = smtp
    make_template(database, program)
    member = make_member(database, program, consents=GRANTED)
    queued = queue(database, program, member.id)
    assert queued is not None
    port = int(_outlet.channels.get("email").port)  # type: ignore[union-attr]
    outcomes: list[object] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        own = Outlet.from_settings(settings_for(port))  # each worker its own connection
        barrier.wait()
        outcomes.append(deliver(database, queued.id, own))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(str(getattr(o, "outcome", o)) for o in outcomes) == ["None", "sent"]
    assert len(inbox.wait_for(2, timeout=0.5)) == 1


class _SmsProvider(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, Any], str | None]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append((body, self.headers.get("Authorization")))
        answer = json.dumps({"id": f"sms-{len(self.received)}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


def test_an_sms_goes_to_the_http_provider(database: Database, program: Program) -> None:
    _SmsProvider.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SmsProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings = Settings(sms=SmsSettings(provider="http", url=f"http://127.0.0.1:{server.server_port}/send",
                                            auth_header=SecretStr("Authorization: Bearer sms-key")),
                            security=SecuritySettings(secret_key=SecretStr(SECRET_KEY)), public_url=PUBLIC_URL)
        make_template(database, program, key="points", channel="sms", versions={
            "en": {"subject": "", "html_body": "", "text_body": "{{ first_name }}, you have {{ balance }} points"}})
        member = make_member(database, program, first_name="Ala", phone="+48601234567", consents=GRANTED)
        give_points(database, program, member.id, 42)
        queued = queue(database, program, member.id, key="points", channel="sms")
        assert queued is not None
        outcome = deliver(database, queued.id, Outlet.from_settings(settings))
    finally:
        server.shutdown()
        server.server_close()
    assert outcome is not None and outcome.outcome == "sent"
    assert _SmsProvider.received == [({"to": "+48601234567", "text": "Ala, you have 42 points"},
                                      "Bearer sms-key")]
    assert message(database, queued.id).provider_id == "sms-1"
