"""Deliveries to a real receiver on 127.0.0.1 that verifies them with the standardwebhooks library,
on both databases: signed, retried, dead, replayed, kept to their program, and refused addresses."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.webhooks import domain, network, sending, service
from loyalty.webhooks.domain import AddressPolicy
from loyalty.webhooks.models import WebhookDelivery
from loyalty.webhooks.schemas import WebhookEndpointUpdate
from tests.factories.clock import at
from tests.factories.programs import make_program
from tests.factories.webhooks import LOCAL, make_endpoint, receiver

EVENT_ID = 10_000


def publish(database: Database, program: Program, *, type: str = "purchase.recorded",
            event_id: int = EVENT_ID) -> list[int]:
    """What the webhooks subscriber does with a committed event."""
    with unit_of_work(database) as session:
        return service.deliveries_for_event(session=session, event_id=event_id, program_id=program.id, member_id=7,
                                            type=type, occurred_at=clock.now(), payload={"total": "12.50"})


def delivery(database: Database, delivery_id: int) -> WebhookDelivery:
    with unit_of_work(database, read_only=True) as session:
        row = session.get(WebhookDelivery, delivery_id)
        assert row is not None
        return row


def test_an_event_is_delivered_once_signed_and_the_receiver_verifies_it(database: Database, program: Program) -> None:
    with receiver() as hooks:
        _endpoint_id, secret = make_endpoint(database, program, hooks.url)
        hooks.secret = secret
        [delivery_id] = publish(database, program)
        assert sending.deliver(database, delivery_id=delivery_id, policy=LOCAL) == "succeeded"
    [got] = hooks.received
    assert got.refusal is None
    assert got.verified == {"type": "purchase.recorded", "timestamp": got.verified["timestamp"],
                            "data": {"event_id": EVENT_ID, "program_id": program.id, "member_id": 7,
                                     "payload": {"total": "12.50"}}}
    row = delivery(database, delivery_id)
    assert got.headers["webhook-id"] == row.webhook_id and row.webhook_id.startswith("msg_")
    assert (row.status, row.attempts, row.last_status_code, row.last_response_body) == ("succeeded", 1, 200,
                                                                                       '{"ok": true}')
    # A second wake-up of the same delivery sends nothing.
    assert sending.deliver(database, delivery_id=delivery_id, policy=LOCAL) == "skipped"
    assert len(hooks.received) == 1


def test_a_tampered_body_and_a_stale_or_reused_message_are_refused_by_the_receiver(
        database: Database, program: Program) -> None:
    with receiver() as hooks:
        _endpoint_id, secret = make_endpoint(database, program, hooks.url)
        hooks.secret = secret
        with at(clock.now() - timedelta(minutes=6)):  # signed six minutes ago: past the 5-minute tolerance
            [delivery_id] = publish(database, program)
            sending.deliver(database, delivery_id=delivery_id, policy=LOCAL)
        sending.deliver(database, delivery_id=_replay(database, program, delivery_id), policy=LOCAL)
        sending.deliver(database, delivery_id=_replay(database, program, delivery_id), policy=LOCAL)
    stale, fresh, reused = hooks.received
    assert stale.refusal == "Message timestamp too old"
    assert fresh.refusal is None and fresh.verified is not None
    assert reused.refusal == "replayed message id"
    tampered = fresh.body.replace(b"12.50", b"99.99")
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        Webhook(secret).verify(tampered, fresh.headers)


def _replay(database: Database, program: Program, delivery_id: int) -> int:
    with unit_of_work(database) as session:
        return service.replay(session=session, program_id=program.id, delivery_id=delivery_id, actor="test",
                              actor_name="Test").id


def test_a_failed_attempt_is_retried_after_its_wait_and_then_succeeds(database: Database, program: Program) -> None:
    with receiver(answers=[500, 200]) as hooks:
        make_endpoint(database, program, hooks.url)
        [delivery_id] = publish(database, program)
        start = clock.now()
        with at(start):
            assert sending.deliver(database, delivery_id=delivery_id, policy=LOCAL) == "failed"
        row = delivery(database, delivery_id)
        assert (row.status, row.attempts, row.last_status_code, row.next_attempt_at) == (
            "failed", 1, 500, start + timedelta(seconds=5))
        assert row.last_response_body is not None and len(row.last_response_body) == domain.RESPONSE_BODY_KEPT
        with at(start + timedelta(seconds=4)):  # not due yet
            assert sending.deliver(database, delivery_id=delivery_id, policy=LOCAL) == "skipped"
        with at(start + timedelta(seconds=5)):
            assert sending.deliver(database, delivery_id=delivery_id, policy=LOCAL) == "succeeded"
    assert [got.headers["webhook-id"] for got in hooks.received] == [row.webhook_id] * 2
    assert (delivery(database, delivery_id).status, delivery(database, delivery_id).attempts) == ("succeeded", 2)


def test_a_delivery_is_dead_after_the_last_attempt(database: Database, program: Program) -> None:
    with receiver(answers=[503]) as hooks:
        make_endpoint(database, program, hooks.url)
        [delivery_id] = publish(database, program)
        moment = clock.now()
        statuses = []
        for attempt in range(1, domain.MAX_ATTEMPTS + 1):
            with at(moment):
                statuses.append(sending.deliver(database, delivery_id=delivery_id, policy=LOCAL))
            moment += domain.retry_delay(attempt)
        with at(moment + timedelta(days=30)):
            assert sending.deliver(database, delivery_id=delivery_id, policy=LOCAL) == "skipped"
            with unit_of_work(database, read_only=True) as session:
                assert delivery_id not in service.due_deliveries(session=session)
    assert statuses == ["failed"] * (domain.MAX_ATTEMPTS - 1) + ["dead"]
    assert len(hooks.received) == domain.MAX_ATTEMPTS
    row = delivery(database, delivery_id)
    assert (row.status, row.attempts, row.next_attempt_at, row.last_error) == (
        "dead", domain.MAX_ATTEMPTS, None, "HTTP 503")


def test_a_replay_sends_the_same_message_again_as_a_new_delivery(database: Database, program: Program) -> None:
    with receiver(answers=[200]) as hooks:
        make_endpoint(database, program, hooks.url)
        [delivery_id] = publish(database, program)
        sending.deliver(database, delivery_id=delivery_id, policy=LOCAL)
        replay_id = _replay(database, program, delivery_id)
        assert sending.deliver(database, delivery_id=replay_id, policy=LOCAL) == "succeeded"
    first, again = hooks.received
    assert first.body == again.body and first.headers["webhook-id"] == again.headers["webhook-id"]
    replayed = delivery(database, replay_id)
    assert (replayed.replay_of_id, replayed.sequence, replayed.status) == (delivery_id, 1, "succeeded")


def test_another_programs_endpoints_never_see_this_programs_events(database: Database, program: Program) -> None:
    other = make_program(database)
    with receiver() as ours, receiver() as theirs:
        make_endpoint(database, program, ours.url)
        make_endpoint(database, other, theirs.url)
        delivery_ids = publish(database, program)
        for delivery_id in delivery_ids:
            sending.deliver(database, delivery_id=delivery_id, policy=LOCAL)
    assert len(ours.received) == 1 and theirs.received == []
    assert json.loads(ours.received[0].body)["data"]["program_id"] == program.id


def test_only_subscribed_types_of_enabled_endpoints_make_deliveries(database: Database, program: Program) -> None:
    with receiver() as hooks:
        make_endpoint(database, program, hooks.url, event_types=["tier.changed"])
        disabled_id, _ = make_endpoint(database, program, hooks.url, event_types=["purchase.recorded"])
        with unit_of_work(database) as session:
            service.update_endpoint(session=session, program_id=program.id, endpoint_id=disabled_id,
                                    data=WebhookEndpointUpdate(is_enabled=False), policy=LOCAL, actor="t",
                                    actor_name="T")
        assert publish(database, program) == []
        assert len(publish(database, program, type="tier.changed", event_id=EVENT_ID + 1)) == 1
        assert publish(database, program, type="rule.updated", event_id=EVENT_ID + 2) == []


def test_an_address_that_turned_private_since_subscribing_is_refused_at_delivery(
        database: Database, program: Program, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = {"hooks.example.com": ["93.184.216.34"]}
    monkeypatch.setattr(network, "resolve", lambda host, port: answers[host])
    make_endpoint(database, program, "https://hooks.example.com/in", policy=AddressPolicy())
    [delivery_id] = publish(database, program)
    answers["hooks.example.com"] = ["10.0.0.5"]  # DNS rebinding
    assert sending.deliver(database, delivery_id=delivery_id, policy=AddressPolicy()) == "failed"
    row = delivery(database, delivery_id)
    assert row.last_status_code is None
    # A name's private address is not told (commit 71913d9): only its class.
    assert row.last_error == "refused: Webhooks may not be sent to hooks.example.com: it resolves to a private address."


def test_a_loopback_receiver_is_refused_unless_the_operator_allows_private_networks(
        database: Database, program: Program) -> None:
    with receiver() as hooks:
        with pytest.raises(network.AddressRefused):
            make_endpoint(database, program, hooks.url, policy=AddressPolicy())
        make_endpoint(database, program, hooks.url)  # allowed at the time
        [delivery_id] = publish(database, program)
        assert sending.deliver(database, delivery_id=delivery_id, policy=AddressPolicy()) == "failed"
    assert hooks.received == []
    assert "loopback" in (delivery(database, delivery_id).last_error or "")


def test_a_redirect_is_never_followed_so_it_cannot_reach_a_private_address(database: Database,
                                                                           program: Program) -> None:
    with receiver(answers=[302]) as hooks:
        hooks.redirect_to = "http://169.254.169.254/latest/meta-data/"
        make_endpoint(database, program, hooks.url)
        [delivery_id] = publish(database, program)
        assert sending.deliver(database, delivery_id=delivery_id, policy=LOCAL) == "failed"
    assert len(hooks.received) == 1
    row = delivery(database, delivery_id)
    assert (row.last_status_code, row.last_error) == (302, "redirect not followed (answer 2xx at the subscribed URL)")


def test_the_connection_goes_to_the_address_checked_with_the_name_in_the_host_header(
        database: Database, program: Program, monkeypatch: pytest.MonkeyPatch) -> None:
    lookups: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr(network, "resolve", resolve)
    with receiver() as hooks:
        port = hooks.url.split(":")[2].split("/")[0]
        make_endpoint(database, program, f"http://hooks.example.test:{port}/in")
        [delivery_id] = publish(database, program)
        lookups.clear()
        assert sending.deliver(database, delivery_id=delivery_id, policy=LOCAL) == "succeeded"
    assert lookups == ["hooks.example.test"]  # one lookup, the one checked
    assert hooks.received[0].headers["host"] == f"hooks.example.test:{port}"


def test_the_sweep_finds_deliveries_whose_job_was_lost(database: Database, program: Program) -> None:
    with receiver() as hooks:
        make_endpoint(database, program, hooks.url)
        [delivery_id] = publish(database, program)
    with unit_of_work(database, read_only=True) as session:
        assert delivery_id not in service.due_deliveries(session=session)
        assert delivery_id in service.due_deliveries(session=session, now=clock.now() + timedelta(minutes=2))
        mine = session.scalars(select(WebhookDelivery.id).where(WebhookDelivery.program_id == program.id)).all()
    assert mine == [delivery_id]
