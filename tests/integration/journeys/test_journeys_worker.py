"""Journeys run by the worker, on both databases: a purchase enters the member, the e-mail goes
out through a real SMTP server, the member clicks its accessories link, and after the wait the
branch gives the discount to the one who clicked. The timers advance when `drain` runs
`journeys:advance` with the clock moved on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from pydantic import SecretStr

from loyalty.config import MailSettings, SecuritySettings, Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.journeys import service as journeys
from loyalty.kernel import clock
from loyalty.members import service as member_service
from loyalty.messaging import service as messaging
from loyalty.programs.models import Program
from loyalty.rules import service as rules
from loyalty.worker.runner import drain
from tests.factories.clock import at
from tests.factories.journeys import enrolments, make_journey
from tests.factories.members import make_member
from tests.factories.messaging import PUBLIC_URL, SECRET_KEY, make_template
from tests.factories.referrals import buy
from tests.factories.vouchers import make_campaign, make_codes
from tests.factories.webhooks import make_endpoint, receiver
from tests.integration.journeys.test_journeys import accessories_journey, published_codes
from tests.integration.messaging.smtp import Inbox, smtp_server

GRANTED = {"email": {"granted": True}}
ADVANCE = ["journeys:advance"]


@pytest.fixture
def mail(database: Database) -> Iterator[tuple[Inbox, Settings]]:
    with smtp_server() as (inbox, port):
        settings = Settings(mail=MailSettings(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
                                              sender="Shop <news@shop.example>"),
                            security=SecuritySettings(secret_key=SecretStr(SECRET_KEY)), public_url=PUBLIC_URL)
        settings.database.url = database.engine.url.render_as_string(hide_password=False)
        settings.worker.in_process = "never"
        yield inbox, settings


def _sent_to(inbox: Inbox, address: str | None) -> list[Any]:
    return [mail for mail in inbox.messages if mail["To"] == address]


def test_the_worker_follows_the_members_click_to_the_discount(database: Database, program: Program,
                                                               mail: tuple[Inbox, Settings]) -> None:
    inbox, settings = mail
    drain(database, settings)  # the journeys' cursor starts before this test's events
    campaign = make_campaign(database, program, name="Accessories -20%")
    make_codes(database, program, campaign.id, count=2)
    journey = accessories_journey(campaign.id)
    journey["steps"][0]["template_key"] = "welcome"  # the template with the accessories link
    make_template(database, program)
    made = make_journey(database, program, journey)
    clicker = make_member(database, program, consents=GRANTED)
    other = make_member(database, program, consents=GRANTED)
    start = clock.now()

    with at(start):
        buy(database, program, clicker.id, 4900)
        buy(database, program, other.id, 4900)
        drain(database, settings)
    assert len(_sent_to(inbox, clicker.email)) == 1 and len(_sent_to(inbox, other.email)) == 1
    with unit_of_work(database) as session:
        [sent] = messaging.member_messages(session=session, program_id=program.id, member_id=clicker.id).items
        stored = messaging.repository.message_by_dedupe_key(session, program_id=program.id, dedupe_key=sent.dedupe_key)
        assert stored is not None
        assert messaging.record_click(session=session, token=stored.tracking_token, link="accessories") is not None
    assert sent.source == f"journey:{made.id}" and sent.status == "sent"

    with at(start + timedelta(days=6, hours=23)):
        drain(database, settings, periodic=ADVANCE)
    assert [e.current_step for m in (clicker, other) for e in enrolments(database, program, m.id)] == ["wait", "wait"]
    with at(start + timedelta(days=7, minutes=1)):
        drain(database, settings, periodic=ADVANCE)

    assert len(published_codes(database, program, clicker.id)) == 1
    assert published_codes(database, program, other.id) == []
    assert [[(s.step_id, s.exit) for s in e.steps][-1] for m in (clicker, other)
            for e in enrolments(database, program, m.id)] == [("discount", "next"), ("clicked", "no")]


def test_a_purchase_goal_converts_through_the_worker(database: Database, program: Program,
                                                     mail: tuple[Inbox, Settings]) -> None:
    _inbox, settings = mail
    drain(database, settings)
    graph = {"entry": {"type": "api"}, "goal": {"event_type": "purchase.recorded"}, "start": "wait",
             "steps": [{"id": "wait", "type": "wait", "duration": {"days": 3}, "next": "points"},
                       {"id": "points", "type": "award_points", "points": 50}]}
    journey = make_journey(database, program, graph)
    member = make_member(database, program)

    with unit_of_work(database) as session:
        journeys.enrol(session=session, program=program, journey_id=journey.id, member_id=member.id, payload={},
                       actor="test")
    buy(database, program, member.id, 12_300)
    drain(database, settings, periodic=ADVANCE)

    [enrolment] = enrolments(database, program, member.id)
    assert (enrolment.state, enrolment.conversion_revenue) == ("converted", 12_300)


def test_a_call_webhook_step_reaches_the_endpoint_subscribed_to_journey_webhook(database: Database,
                                                                                program: Program) -> None:
    settings = Settings()
    settings.database.url = database.engine.url.render_as_string(hide_password=False)
    settings.worker.in_process = "never"
    settings.webhooks.allow_private_networks = True  # the receiver listens on 127.0.0.1
    drain(database, settings)
    graph = {"entry": {"type": "event", "event_type": "custom_event.received",
                       "condition": {"field": "event.payload.type", "op": "eq", "value": "order.shipped_as_gift"}},
             "reentry": {"policy": "always"}, "start": "invite",
             "steps": [{"id": "invite", "type": "call_webhook", "payload": {"action": "invite_gift_recipient"}}]}
    journey = make_journey(database, program, graph)
    buyer = make_member(database, program)
    with receiver() as hooks:
        _endpoint_id, hooks.secret = make_endpoint(database, program, hooks.url, event_types=["journey.webhook"])
        with unit_of_work(database) as session:
            rules.record_custom_event(session=session, program=program, member=member_service.get_member(
                session=session, program_id=program.id, member_id=buyer.id), event_type="order.shipped_as_gift",
                occurred_at=None, payload={"order": "E-7"}, actor="test")
        drain(database, settings)

    [got] = hooks.received
    assert got.verified is not None and got.verified["type"] == "journey.webhook"
    payload = got.verified["data"]["payload"]
    assert (payload["journey_id"], payload["member_id"], payload["payload"]) == (
        journey.id, buyer.id, {"action": "invite_gift_recipient"})
    assert payload["entry"]["payload"] == {"order": "E-7"}
