"""Custom events over HTTP: timeline, awards by event type, once per value, idempotency."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.kernel import clock
from loyalty.programs.models import Program
from tests.factories.programs import make_api_key

REVIEW_RULE = {"name": "Product review", "trigger": "custom_event", "event_type": "review_posted",
               "once_per": "event.payload.product_id", "effect": {"kind": "fixed", "points": 50}}


@pytest.fixture
def member(api: TestClient) -> dict[str, Any]:
    assert api.post("/api/v1/rules", json=REVIEW_RULE).status_code == 201
    created = api.post("/api/v1/members", json={"email": "ola@example.com"})
    assert created.status_code == 201
    body: dict[str, Any] = created.json()
    return body


def review(product_id: str, **extra: Any) -> dict[str, Any]:
    return {"type": "review_posted", "member": {"email": "ola@example.com"},
            "payload": {"product_id": product_id, "stars": 5}, **extra}


def test_a_review_earns_once_per_product(api: TestClient, member: dict[str, Any]) -> None:
    rule_id = api.get("/api/v1/rules").json()["items"][0]["id"]
    first = api.post("/api/v1/events", json=review("CAP-250"))
    assert first.status_code == 201
    assert first.json() == {
        "event_type": "review_posted", "member_id": member["id"],
        "awards": [{"rule_id": rule_id, "rule_version": 1, "unit": "points", "points": 50}],
        "balance": {"points": {"available": 50, "pending": 0}},
    }
    again = api.post("/api/v1/events", json=review("CAP-250"))
    assert again.status_code == 201 and again.json()["awards"] == []
    other = api.post("/api/v1/events", json=review("BRD-01"))
    assert other.json()["balance"] == {"points": {"available": 100, "pending": 0}}


def test_events_land_on_the_members_timeline(api: TestClient, member: dict[str, Any]) -> None:
    happened = (clock.now() - timedelta(hours=2)).replace(microsecond=0)
    api.post("/api/v1/events", json={"type": "store_visit", "member": {"id": member["id"]},
                                     "occurred_at": happened.isoformat(), "payload": {"store": "WAW-01"}})
    timeline = api.get(f"/api/v1/members/{member['id']}/timeline").json()["items"]
    received = [item for item in timeline if item["type"] == "custom_event.received"]
    assert [(item["payload"], item["occurred_at"][:19]) for item in received] == [
        ({"type": "store_visit", "payload": {"store": "WAW-01"}}, happened.isoformat()[:19])]


def test_an_idempotency_key_replays_the_first_answer(api: TestClient, member: dict[str, Any]) -> None:
    headers = {"Idempotency-Key": "review-1"}
    first = api.post("/api/v1/events", json=review("CAP-250"), headers=headers)
    replay = api.post("/api/v1/events", json=review("CAP-250"), headers=headers)
    assert (first.status_code, replay.status_code) == (201, 201)
    assert replay.json() == first.json() and replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json()["awards"][0]["points"] == 50
    timeline = api.get(f"/api/v1/members/{member['id']}/timeline").json()["items"]
    assert [item["type"] for item in timeline].count("custom_event.received") == 1
    changed = api.post("/api/v1/events", json=review("BRD-01"), headers=headers)
    assert changed.status_code == 409 and changed.json()["error"]["code"] == "idempotency_mismatch"


def test_refusals(client: TestClient, database: Database, program: Program, api: TestClient,
                  member: dict[str, Any]) -> None:
    unknown = api.post("/api/v1/events", json={**review("X"), "member": {"email": "nobody@example.com"}})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "member_not_found"
    future = api.post("/api/v1/events", json=review("X", occurred_at=(clock.now() + timedelta(hours=1)).isoformat()))
    assert future.status_code == 422 and future.json()["error"]["field"] == "occurred_at"
    extra = api.post("/api/v1/events", json={**review("X"), "points": 100})
    assert extra.status_code == 422 and extra.json()["error"]["field"] == "points"
    reader = make_api_key(database, program, scopes=["rules:read"])
    denied = client.post("/api/v1/events", json=review("X"), headers=reader.headers)
    assert denied.status_code == 403 and denied.json()["error"]["details"] == {"required_scope": "events:write"}
    api.patch(f"/api/v1/members/{member['id']}", json={"status": "blocked"})
    blocked = api.post("/api/v1/events", json=review("X"))
    assert blocked.status_code == 409 and blocked.json()["error"]["code"] == "member_blocked"


def test_conditions_on_the_payload(api: TestClient, member: dict[str, Any]) -> None:
    api.post("/api/v1/rules", json={"name": "Five-star bonus", "trigger": "custom_event", "event_type": "review_posted",
                                    "condition": {"field": "event.payload.stars", "op": "gte", "value": 5},
                                    "effect": {"kind": "fixed", "points": 10}})
    five = api.post("/api/v1/events", json=review("A")).json()
    three = api.post("/api/v1/events", json={**review("B"), "payload": {"product_id": "B", "stars": 3}}).json()
    assert [a["points"] for a in five["awards"]] == [50, 10]
    assert [a["points"] for a in three["awards"]] == [50]


def test_numbers_beyond_bigint_are_refused_or_kept_never_crashed(api: TestClient, member: dict[str, Any]) -> None:
    huge = 2**63
    unknown = api.post("/api/v1/events", json={**review("X"), "member": {"id": huge}})
    largest = api.post("/api/v1/events", json={**review("X"), "member": {"id": huge - 1}})
    assert (unknown.status_code, set(unknown.json()), unknown.json()["error"]["field"]) == (422, {"error"},
                                                                                            "member.id")
    assert (largest.status_code, largest.json()["error"]["code"]) == (404, "member_not_found")
    product = api.post("/api/v1/events", json={**review("X"), "payload": {"product_id": 2**70, "stars": 2**70}})
    again = api.post("/api/v1/events", json={**review("X"), "payload": {"product_id": 2**70, "stars": 5}})
    assert (product.status_code, [a["points"] for a in product.json()["awards"]]) == (201, [50])
    assert (again.status_code, again.json()["awards"]) == (201, [])
    [received, *_] = [item for item in api.get(f"/api/v1/members/{member['id']}/timeline").json()["items"]
                      if item["type"] == "custom_event.received"]
    assert received["payload"]["payload"]["stars"] == 5
