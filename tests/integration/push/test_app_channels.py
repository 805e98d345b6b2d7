"""The member app's channels through messaging's real delivery, on both databases: "inbox"
keeps the message and counts it delivered at once; "push" sends a notification to each live
device (a real local HTTP server stands in for the push service, and the test decrypts what it
received with the browser's private key) and keeps the message for the app."""

from __future__ import annotations

import json

from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.inbox import service as inbox
from loyalty.programs.models import Program
from loyalty.push import service as push
from loyalty.push.models import PushSubscription
from tests.factories import messaging as m
from tests.factories.inbox import APP_TEMPLATE, app_outlet, subscribe_device
from tests.factories.ledger import give_points
from tests.factories.members import make_member
from tests.factories.push import push_service

PUSH_CONSENT = {"push": {"granted": True}}


def kept(database: Database, program: Program, member_id: int) -> list[tuple[int, str, str]]:
    with unit_of_work(database, read_only=True) as session:
        page = inbox.member_inbox(session=session, program_id=program.id, member_id=member_id)
    return [(item.message_id, item.subject, item.body) for item in page.items]


def test_an_inbox_message_is_kept_for_the_app_and_delivered_at_once(database: Database, program: Program) -> None:
    member = make_member(database, program, first_name="Ola")
    give_points(database, program, member.id, 120)
    m.make_template(database, program, key="hello", channel="inbox", versions=APP_TEMPLATE)
    queued = m.queue(database, program, member.id, channel="inbox", key="hello")
    assert queued is not None

    outcome = m.deliver(database, queued.id, app_outlet())

    stored = m.message(database, queued.id)
    assert outcome is not None and outcome.outcome == "sent"
    assert stored.status == "sent" and stored.delivered_at is not None and stored.address == "app"
    assert [e.type for e in m.member_events(database, program, member.id)] == [
        "message.queued", "message.sent", "message.delivered"]
    [(message_id, subject, body)] = kept(database, program, member.id)
    assert (message_id, subject) == (queued.id, "Hello Ola")
    assert body.startswith("You have 120 points. See http://loyalty.test/t/c/")


def test_a_push_goes_encrypted_to_each_live_device_and_is_kept_for_the_app(database: Database,
                                                                          program: Program) -> None:
    member = make_member(database, program, first_name="Ola", consents=PUSH_CONSENT)
    m.make_template(database, program, key="hello", channel="push", versions=APP_TEMPLATE)
    with push_service() as service:
        phone = subscribe_device(database, program, member.id, service.endpoint("phone"))
        laptop = subscribe_device(database, program, member.id, service.endpoint("laptop"))
        queued = m.queue(database, program, member.id, channel="push", key="hello")
        assert queued is not None
        outcome = m.deliver(database, queued.id, app_outlet())
        received = {item.path: item for item in service.received}

    assert outcome is not None and outcome.outcome == "sent"
    assert sorted(received) == ["/push/laptop", "/push/phone"]
    shown = json.loads(phone.decrypt(received["/push/phone"].body))
    assert shown["title"] == "Hello Ola" and shown["url"] == f"/app/messages/{queued.id}"
    assert shown["body"].startswith("You have 0 points. See http://loyalty.test/t/c/")
    assert json.loads(laptop.decrypt(received["/push/laptop"].body)) == shown
    assert received["/push/phone"].headers["authorization"].startswith("vapid t=")
    assert [item[0] for item in kept(database, program, member.id)] == [queued.id]
    with unit_of_work(database, read_only=True) as session:
        rows = session.scalars(select(PushSubscription).where(PushSubscription.member_id == member.id)).all()
    assert all(row.last_success_at is not None for row in rows)


def test_a_gone_device_is_never_sent_to_again_and_the_live_one_still_gets_it(database: Database,
                                                                            program: Program) -> None:
    member = make_member(database, program, consents=PUSH_CONSENT)
    m.make_template(database, program, key="hello", channel="push", versions=APP_TEMPLATE)
    with push_service() as service:
        service.answers["/push/old"] = 410
        subscribe_device(database, program, member.id, service.endpoint("old"))
        subscribe_device(database, program, member.id, service.endpoint("new"))
        first = m.queue(database, program, member.id, channel="push", key="hello", dedupe_key="one")
        second = m.queue(database, program, member.id, channel="push", key="hello", dedupe_key="two")
        assert first is not None and second is not None
        m.deliver(database, first.id, app_outlet())
        m.deliver(database, second.id, app_outlet())
        paths = [item.path for item in service.received]

    assert sorted(paths) == ["/push/new", "/push/new", "/push/old"]
    assert m.message(database, second.id).status == "sent"
    with unit_of_work(database, read_only=True) as session:
        assert [t.endpoint for t in push.live_targets(session=session, program_id=program.id,
                                                      member_id=member.id)] == [service.endpoint("new")]


def test_a_push_whose_every_device_is_gone_fails_and_is_not_kept(database: Database, program: Program) -> None:
    member = make_member(database, program, consents=PUSH_CONSENT)
    m.make_template(database, program, key="hello", channel="push", versions=APP_TEMPLATE)
    with push_service() as service:
        service.answers["/push/old"] = 404
        subscribe_device(database, program, member.id, service.endpoint("old"))
        queued = m.queue(database, program, member.id, channel="push", key="hello")
        assert queued is not None
        outcome = m.deliver(database, queued.id, app_outlet())
    assert outcome is not None and outcome.outcome == "failed"
    assert m.message(database, queued.id).status == "failed" and kept(database, program, member.id) == []


def test_a_push_service_that_is_down_means_a_retry_later(database: Database, program: Program) -> None:
    member = make_member(database, program, consents=PUSH_CONSENT)
    m.make_template(database, program, key="hello", channel="push", versions=APP_TEMPLATE)
    with push_service() as service:
        service.answers["/push/phone"] = 503
        subscribe_device(database, program, member.id, service.endpoint("phone"))
        queued = m.queue(database, program, member.id, channel="push", key="hello")
        assert queued is not None
        outcome = m.deliver(database, queued.id, app_outlet())
    assert outcome is not None and outcome.outcome == "retry"
    assert m.message(database, queued.id).status == "queued"
    with unit_of_work(database, read_only=True) as session:
        assert len(push.live_targets(session=session, program_id=program.id, member_id=member.id)) == 1


def test_no_push_without_consent_or_without_a_device(database: Database, program: Program) -> None:
    refused = make_member(database, program, consents={"push": {"granted": False}})
    deviceless = make_member(database, program, consents=PUSH_CONSENT)
    m.make_template(database, program, key="hello", channel="push", versions=APP_TEMPLATE)
    with push_service() as service:
        subscribe_device(database, program, refused.id, service.endpoint("refused"))
        outcomes = []
        for member in (refused, deviceless):
            queued = m.queue(database, program, member.id, channel="push", key="hello")
            assert queued is not None
            outcomes.append(m.deliver(database, queued.id, app_outlet()))
        assert service.received == []
    assert [(o.outcome, o.reason) for o in outcomes if o] == [("skipped", "no_consent"), ("skipped", "no_address")]


def test_the_worker_delivers_with_the_apps_channels() -> None:
    import loyalty.worker  # noqa: F401 - what every worker process imports
    from loyalty.config import Settings
    from loyalty.inbox.channels import InboxChannel, PushChannel
    from loyalty.messaging.channels import Channels

    channels = Channels(Settings())
    assert isinstance(channels.get("push"), PushChannel) and isinstance(channels.get("inbox"), InboxChannel)
