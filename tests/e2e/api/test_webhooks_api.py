"""/api/v1/webhooks: endpoints (secret shown once, addresses checked), delivery logs and replays,
kept to the key's program and scope."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.webhooks import network, service
from loyalty.webhooks.models import WebhookDelivery
from tests.factories.programs import ApiCredentials, make_api_key, make_program

HOOK = "https://hooks.example.com/loyalty"


@pytest.fixture(autouse=True)
def _dns(monkeypatch: pytest.MonkeyPatch) -> None:
    names = {"hooks.example.com": ["93.184.216.34"], "internal.example.com": ["10.1.2.3"],
             "metadata.example.com": ["169.254.169.254"]}
    monkeypatch.setattr(network, "resolve", lambda host, port: names[host])


def _create(api: TestClient, **fields: object) -> dict[str, object]:
    answer = api.post("/api/v1/webhooks/endpoints", json={"url": HOOK, "event_types": ["purchase.recorded"], **fields})
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def test_an_endpoint_is_created_with_its_secret_shown_once(api: TestClient) -> None:
    created = _create(api, description="CRM", event_types=["purchase.recorded", "tier.changed"])
    assert str(created["secret"]).startswith("whsec_")
    assert (created["url"], created["description"], created["event_types"], created["is_enabled"]) == (
        HOOK, "CRM", ["purchase.recorded", "tier.changed"], True)
    listed = api.get("/api/v1/webhooks/endpoints").json()
    assert [item["id"] for item in listed["items"]] == [created["id"]]
    assert "secret" not in listed["items"][0] and "secret" not in api.get(
        f"/api/v1/webhooks/endpoints/{created['id']}").json()


@pytest.mark.parametrize(("url", "reason"), [
    ("http://127.0.0.1:8080/hook", "loopback"), ("https://internal.example.com/", "private"),
    ("http://metadata.example.com/latest", "metadata"), ("http://[::ffff:10.0.0.1]/", "private"),
    ("ftp://hooks.example.com/", "scheme"), ("http://100.64.1.1/", "cgnat")])
def test_urls_reaching_inside_are_refused(api: TestClient, url: str, reason: str) -> None:
    answer = api.post("/api/v1/webhooks/endpoints", json={"url": url, "event_types": ["purchase.recorded"]})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert (error["code"], error["field"], error["details"]["reason"]) == ("webhook_address_refused", "url", reason)


def test_an_unknown_event_type_is_refused(api: TestClient) -> None:
    answer = api.post("/api/v1/webhooks/endpoints", json={"url": HOOK, "event_types": ["rule.updated"]})
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "unknown_event_type"


def test_an_endpoint_is_changed_disabled_and_its_secret_rotated(api: TestClient) -> None:
    created = _create(api)
    path = f"/api/v1/webhooks/endpoints/{created['id']}"
    changed = api.patch(path, json={"event_types": ["tier.changed"], "is_enabled": False}).json()
    assert (changed["event_types"], changed["is_enabled"], changed["url"]) == (["tier.changed"], False, HOOK)
    assert api.patch(path, json={"url": "https://internal.example.com/"}).json()["error"]["code"] == (
        "webhook_address_refused")
    rotated = api.post(f"{path}/rotate-secret").json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != created["secret"]
    assert rotated["endpoint"]["previous_secret_expires_at"] is not None


def test_the_delivery_log_and_a_replay(api: TestClient, database: Database, program: Program) -> None:
    created = _create(api)
    with unit_of_work(database) as session:
        [delivery_id] = service.deliveries_for_event(session=session, event_id=1, program_id=program.id,
                                                     member_id=None, type="purchase.recorded",
                                                     occurred_at=clock.now(), payload={})
    log = api.get(f"/api/v1/webhooks/endpoints/{created['id']}/deliveries").json()["items"]
    assert [(item["id"], item["status"], item["attempts"]) for item in log] == [(delivery_id, "pending", 0)]
    in_progress = api.post(f"/api/v1/webhooks/deliveries/{delivery_id}/replay")
    assert in_progress.status_code == 409 and in_progress.json()["error"]["code"] == "webhook_delivery_in_progress"
    _give_up(database, delivery_id)
    replayed = api.post(f"/api/v1/webhooks/deliveries/{delivery_id}/replay")
    assert replayed.status_code == 202
    assert (replayed.json()["replay_of_id"], replayed.json()["webhook_id"], replayed.json()["status"]) == (
        delivery_id, log[0]["webhook_id"], "pending")
    log = api.get(f"/api/v1/webhooks/endpoints/{created['id']}/deliveries").json()["items"]
    assert [item["id"] for item in log] == [replayed.json()["id"], delivery_id]
    api.patch(f"/api/v1/webhooks/endpoints/{created['id']}", json={"is_enabled": False})
    refused = api.post(f"/api/v1/webhooks/deliveries/{delivery_id}/replay")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "webhook_endpoint_disabled"


def _give_up(database: Database, delivery_id: int) -> None:
    """The delivery as after its last failed attempt."""
    with unit_of_work(database) as session:
        session.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery_id).values(
            status="dead", attempts=8, next_attempt_at=None))


def test_another_programs_endpoints_and_deliveries_are_not_found(client: TestClient, database: Database,
                                                                 api: TestClient) -> None:
    created = _create(api)
    other = make_api_key(database, make_program(database), scopes=["webhooks:write"])
    headers = other.headers
    assert client.get(f"/api/v1/webhooks/endpoints/{created['id']}", headers=headers).status_code == 404
    assert client.get("/api/v1/webhooks/endpoints", headers=headers).json()["items"] == []
    assert client.patch(f"/api/v1/webhooks/endpoints/{created['id']}", headers=headers,
                        json={"is_enabled": False}).status_code == 404


def test_the_scope_is_needed(client: TestClient, database: Database, program: Program, admin: ApiCredentials) -> None:
    reader = make_api_key(database, program, scopes=["members:read"])
    assert client.get("/api/v1/webhooks/endpoints", headers=reader.headers).status_code == 403
