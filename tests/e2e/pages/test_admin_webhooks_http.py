"""The admin panel's webhooks over HTTP on both databases: endpoints made (the secret shown once),
refused addresses, editing and disabling, the delivery log and its Replay button, and who may."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from loyalty.audit.models import AuditEntry
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.webhooks import sending, service
from loyalty.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories.staff import make_staff_user, page_client, page_settings, sign_in_staff
from tests.factories.webhooks import LOCAL, receiver


@pytest.fixture
def browser(database: Database) -> Iterator[TestClient]:
    settings = page_settings()
    settings.webhooks.allow_private_networks = True  # the test receiver listens on 127.0.0.1
    with page_client(database, settings) as client:
        yield client


def _owner(browser: TestClient, database: Database, program: Program) -> str:
    return sign_in_staff(browser, make_staff_user(database, program, "owner"))


def _endpoint_ids(database: Database, program: Program) -> list[int]:
    with unit_of_work(database, read_only=True) as session:
        return list(session.scalars(select(WebhookEndpoint.id).where(WebhookEndpoint.program_id == program.id)))


def test_an_owner_creates_an_endpoint_and_sees_its_secret_once(browser: TestClient, database: Database,
                                                               program: Program) -> None:
    csrf = _owner(browser, database, program)
    assert 'href="/admin/webhooks"' in browser.get("/admin").text
    with receiver() as hooks:
        answer = browser.post("/admin/webhooks", data={"csrf_token": csrf, "url": hooks.url, "description": "CRM",
                                                      "event_types": ["purchase.recorded", "tier.changed"]})
    assert answer.status_code == 200
    secret = re.search(r'<output id="secret"[^>]*>(whsec_[^<]+)</output>', answer.text)
    assert secret is not None
    [endpoint_id] = _endpoint_ids(database, program)
    with unit_of_work(database, read_only=True) as session:
        endpoint = session.get(WebhookEndpoint, endpoint_id)
        assert endpoint is not None and endpoint.secret == secret.group(1)
        assert endpoint.event_types == ["purchase.recorded", "tier.changed"]
        audited = session.scalars(select(AuditEntry.action).where(AuditEntry.program_id == program.id)).all()
    assert "webhook_endpoint.created" in audited
    listed = browser.get("/admin/webhooks").text
    assert hooks.url in listed and secret.group(1) not in listed


def test_a_private_address_is_refused_with_its_reason(database: Database, program: Program) -> None:
    with page_client(database) as browser:  # the operator allows no private networks
        csrf = _owner(browser, database, program)
        answer = browser.post("/admin/webhooks", data={"csrf_token": csrf, "url": "http://169.254.169.254/latest",
                                                      "event_types": ["purchase.recorded"]})
        empty = browser.post("/admin/webhooks", data={"csrf_token": csrf, "url": "https://hooks.example.com/"})
    assert answer.status_code == 422
    assert "169.254.169.254: it is a metadata address." in answer.text
    assert empty.status_code == 422 and "Choose at least one event type." in empty.text
    assert _endpoint_ids(database, program) == []


def test_an_endpoint_is_disabled_and_its_secret_rotated(browser: TestClient, database: Database,
                                                        program: Program) -> None:
    csrf = _owner(browser, database, program)
    with receiver() as hooks:
        browser.post("/admin/webhooks", data={"csrf_token": csrf, "url": hooks.url,
                                              "event_types": ["purchase.recorded"]})
        [endpoint_id] = _endpoint_ids(database, program)
        saved = browser.post(f"/admin/webhooks/{endpoint_id}", data={
            "csrf_token": csrf, "url": hooks.url, "description": "off for now", "event_types": ["tier.changed"]})
    assert saved.status_code == 303
    rotated = browser.post(f"/admin/webhooks/{endpoint_id}/rotate-secret", data={"csrf_token": csrf})
    with unit_of_work(database, read_only=True) as session:
        endpoint = session.get(WebhookEndpoint, endpoint_id)
        assert endpoint is not None
        assert (endpoint.is_enabled, endpoint.event_types, endpoint.description) == (False, ["tier.changed"],
                                                                                      "off for now")
        assert endpoint.previous_secret is not None and endpoint.secret in rotated.text


def test_the_delivery_log_replays_a_delivery(browser: TestClient, database: Database, program: Program) -> None:
    csrf = _owner(browser, database, program)
    with receiver(answers=[500]) as hooks:
        browser.post("/admin/webhooks", data={"csrf_token": csrf, "url": hooks.url,
                                              "event_types": ["purchase.recorded"]})
        [endpoint_id] = _endpoint_ids(database, program)
        with unit_of_work(database) as session:
            [delivery_id] = service.deliveries_for_event(session=session, event_id=5, program_id=program.id,
                                                         member_id=None, type="purchase.recorded",
                                                         occurred_at=clock.now(), payload={})
        with unit_of_work(database) as session:
            session.get(WebhookDelivery, delivery_id).status = "dead"  # type: ignore[union-attr]
        page = browser.get(f"/admin/webhooks/{endpoint_id}").text
        assert f'action="/admin/webhooks/deliveries/{delivery_id}/replay"' in page
        hooks.answers = [200]
        replayed = browser.post(f"/admin/webhooks/deliveries/{delivery_id}/replay", data={"csrf_token": csrf})
        assert replayed.status_code == 303 and replayed.headers["location"] == f"/admin/webhooks/{endpoint_id}"
        with unit_of_work(database, read_only=True) as session:
            replay_id = session.scalars(select(WebhookDelivery.id).where(
                WebhookDelivery.replay_of_id == delivery_id)).one()
        assert sending.deliver(database, delivery_id=replay_id, policy=LOCAL) == "succeeded"
    log = browser.get(f"/admin/webhooks/{endpoint_id}").text
    assert f'id="delivery-{replay_id}"' in log and "Delivered" in log and "(replay)" in log


@pytest.mark.parametrize("role", ["manager", "marketer", "analyst", "agent"])
def test_only_the_owner_manages_webhooks(browser: TestClient, database: Database, program: Program,
                                         role: str) -> None:
    sign_in_staff(browser, make_staff_user(database, program, role))
    assert browser.get("/admin/webhooks").status_code == 403
    assert 'href="/admin/webhooks"' not in browser.get("/admin").text
