"""A push is sent with no transaction open (review of issue 12, #3): a unit of work open during
the push services' answer would hold SQLite's only write lock (every purchase waits, and fails
after the busy timeout) and a PostgreSQL transaction for as long as the network takes."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import text

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.inbox.channels import InboxChannel, PushChannel
from loyalty.programs.models import Program
from loyalty.push import service as push
from loyalty.push.schemas import PushOutcome, PushTarget
from tests.factories import messaging as m
from tests.factories.inbox import APP_TEMPLATE, push_settings, subscribe_device
from tests.factories.ledger import give_points
from tests.factories.members import make_member


def test_other_writers_are_not_held_up_while_a_push_is_in_flight(database: Database, program: Program) -> None:
    if database.dialect != "sqlite":
        pytest.skip("PostgreSQL has no database-wide write lock")
    member = make_member(database, program, consents={"push": {"granted": True}})
    shopper = make_member(database, program)
    m.make_template(database, program, key="hello", channel="push", versions=APP_TEMPLATE)
    subscribe_device(database, program, member.id, "https://push.example.net/slow-device")
    queued = m.queue(database, program, member.id, channel="push", key="hello")
    assert queued is not None
    purchase_done = threading.Event()

    def slow_push_service(target: PushTarget, payload: dict[str, Any], **_: Any) -> PushOutcome:
        # While the push service thinks, a shopper's purchase (any write) comes in.
        def purchase() -> None:
            give_points(database, program, shopper.id, 10)
            purchase_done.set()

        writer = threading.Thread(target=purchase, daemon=True)
        writer.start()
        purchase_done.wait(timeout=3)
        return PushOutcome(subscription_id=target.id, result="delivered", status=201)

    settings = push_settings()
    outlet = m.outlet(settings, {"inbox": InboxChannel(), "push": PushChannel(settings, send=slow_push_service)})
    outcome = m.deliver(database, queued.id, outlet)

    assert outcome is not None and outcome.outcome == "sent"
    assert purchase_done.is_set(), "the purchase waited for the push service: the write lock was held"


def test_no_transaction_is_open_while_a_push_is_in_flight(database: Database, program: Program) -> None:
    if database.dialect != "postgresql":
        pytest.skip("SQLite's case is the writer test above")
    member = make_member(database, program, consents={"push": {"granted": True}})
    m.make_template(database, program, key="hello", channel="push", versions=APP_TEMPLATE)
    subscribe_device(database, program, member.id, "https://push.example.net/device")
    queued = m.queue(database, program, member.id, channel="push", key="hello")
    assert queued is not None
    open_during_send: list[int] = []

    def push_service(target: PushTarget, payload: dict[str, Any], **_: Any) -> PushOutcome:
        with database.engine.connect() as connection:
            open_during_send.append(int(connection.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()")).scalar_one()))
        return PushOutcome(subscription_id=target.id, result="gone", status=410)

    settings = push_settings()
    outlet = m.outlet(settings, {"inbox": InboxChannel(), "push": PushChannel(settings, send=push_service)})
    outcome = m.deliver(database, queued.id, outlet)

    assert outcome is not None and outcome.outcome == "failed"
    assert open_during_send == [0]
    with unit_of_work(database, read_only=True) as session:  # the answer was still recorded, after the send
        assert push.live_targets(session=session, program_id=program.id, member_id=member.id) == []
