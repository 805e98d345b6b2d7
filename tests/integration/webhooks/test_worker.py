"""Webhooks through the worker (`drain`, both databases): a purchase reaches a real receiver once,
signed; a failed attempt is woken again by the sweep and succeeds; a replay from the API is sent."""

from __future__ import annotations

import json
import time
from datetime import timedelta

from sqlalchemy import select

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.webhooks.models import WebhookDelivery
from loyalty.worker.runner import drain
from tests.factories.clock import at
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.referrals import buy
from tests.factories.webhooks import make_endpoint, receiver


def _settings(database: Database) -> Settings:
    settings = Settings()
    settings.database.url = str(database.engine.url.render_as_string(hide_password=False))
    settings.worker.in_process = "never"
    settings.webhooks.allow_private_networks = True  # the receiver listens on 127.0.0.1
    return settings


def _deliveries(database: Database, program: Program) -> list[WebhookDelivery]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(WebhookDelivery).where(WebhookDelivery.program_id == program.id)
                                    .order_by(WebhookDelivery.id)))


def test_a_purchase_reaches_the_receiver_once_signed(database: Database, program: Program) -> None:
    settings = _settings(database)
    drain(database, settings)  # the webhooks subscriber starts from now
    other = make_program(database)
    member = make_member(database, program)
    with receiver() as hooks, receiver() as theirs:
        _endpoint_id, hooks.secret = make_endpoint(database, program, hooks.url)
        make_endpoint(database, other, theirs.url)
        purchase_id = buy(database, program, member.id, 2500)
        drain(database, settings)
    [got] = hooks.received
    assert got.refusal is None and got.verified is not None
    assert (got.verified["type"], got.verified["data"]["member_id"], got.verified["data"]["program_id"]) == (
        "purchase.recorded", member.id, program.id)
    assert got.verified["data"]["payload"]["purchase_id"] == purchase_id
    assert theirs.received == []
    [row] = _deliveries(database, program)
    assert (row.status, row.attempts, row.webhook_id) == ("succeeded", 1, got.headers["webhook-id"])


def test_a_failed_delivery_is_woken_by_the_sweep_and_succeeds(database: Database, program: Program) -> None:
    settings = _settings(database)
    drain(database, settings)
    member = make_member(database, program)
    with receiver(answers=[500, 200]) as hooks:
        make_endpoint(database, program, hooks.url)
        buy(database, program, member.id, 1000)
        started = time.monotonic()
        drain(database, settings)
        [row] = _deliveries(database, program)
        # The engine's own retry falls due 5 s of real time after the failure: a drain slowed down
        # that much (a loaded machine) may already have run it.
        if time.monotonic() - started < 4:
            assert (row.status, row.attempts, row.last_status_code) == ("failed", 1, 500)
        # Later than the retry's time and the sweep's grace: the sweep defers the delivery again
        # (the engine's own retry job, due in 5 s of real time, finds it done then).
        with at(clock.now() + timedelta(minutes=2)):
            drain(database, settings)
    assert len(hooks.received) == 2
    [row] = _deliveries(database, program)
    assert (row.status, row.attempts, row.last_status_code) == ("succeeded", 2, 200)
    assert json.loads(row.body)["type"] == "purchase.recorded"
