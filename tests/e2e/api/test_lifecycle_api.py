"""The e-shop's cart endpoint and the scan thresholds over HTTP: scopes, programs, answers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.lifecycle import announced
from tests.factories.members import make_member
from tests.factories.programs import make_api_key, make_program

CART = {"cart_id": "C-42", "value": 12900,
        "items": [{"sku": "CAP-250", "name": "Cap", "quantity": 1, "unit_price": 12900}]}


def test_the_shop_reports_a_cart_with_an_events_key(client: TestClient, database: Database, program: Program) -> None:
    member = make_member(database, program)
    shop = make_api_key(database, program, scopes=["events:write"])
    answer = client.post(f"/api/v1/members/{member.id}/cart", json=CART, headers=shop.headers)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["cart_id"], body["member_id"], body["value"], body["currency"], body["items"]) == (
        "C-42", member.id, 12900, "EUR", 1)
    assert announced(database, program, "cart.updated") == [(member.id, {
        "cart_id": "C-42", "value": 12900, "currency": "EUR",
        "items": [{"sku": "CAP-250", "name": "Cap", "quantity": 1, "unit_price": 12900}]})]


def test_a_key_without_the_scope_is_refused(client: TestClient, database: Database, program: Program) -> None:
    member = make_member(database, program)
    reader = make_api_key(database, program, scopes=["members:read", "members:write"])
    answer = client.post(f"/api/v1/members/{member.id}/cart", json=CART, headers=reader.headers)
    assert answer.status_code == 403
    assert announced(database, program, "cart.updated") == []


def test_another_programs_member_is_not_found(client: TestClient, database: Database, program: Program) -> None:
    elsewhere = make_member(database, make_program(database))
    shop = make_api_key(database, program, scopes=["events:write"])
    answer = client.post(f"/api/v1/members/{elsewhere.id}/cart", json=CART, headers=shop.headers)
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "member_not_found"


def test_a_blocked_members_cart_is_refused(api: TestClient, database: Database, program: Program) -> None:
    member = make_member(database, program)
    assert api.patch(f"/api/v1/members/{member.id}", json={"status": "blocked"}).status_code == 200
    answer = api.post(f"/api/v1/members/{member.id}/cart", json=CART)
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "member_blocked"


def test_a_cart_without_an_id_or_with_a_negative_value_is_invalid(api: TestClient, database: Database,
                                                                 program: Program) -> None:
    member = make_member(database, program)
    assert api.post(f"/api/v1/members/{member.id}/cart", json={**CART, "value": -1}).status_code == 422
    assert api.post(f"/api/v1/members/{member.id}/cart", json={**CART, "cart_id": ""}).status_code == 422


def test_the_scan_thresholds_are_read_and_changed_by_an_admin_key(
        api: TestClient, client: TestClient, database: Database, program: Program) -> None:
    assert api.get("/api/v1/lifecycle/settings").json() == {
        "lapse_factor": "2", "default_gap_days": 90, "expiring_days": 14, "cart_hours": 4}
    changed = api.patch("/api/v1/lifecycle/settings", json={"lapse_factor": 3, "cart_hours": 2})
    assert changed.status_code == 200
    assert changed.json() == {"lapse_factor": "3", "default_gap_days": 90, "expiring_days": 14, "cart_hours": 2}
    assert api.get("/api/v1/lifecycle/settings").json()["lapse_factor"] == "3"
    assert api.patch("/api/v1/lifecycle/settings", json={"cart_hours": 0}).status_code == 422
    shop = make_api_key(database, program, scopes=["events:write"])
    assert client.patch("/api/v1/lifecycle/settings", json={"cart_hours": 8}, headers=shop.headers).status_code == 403
