"""The tracking endpoint over HTTP: keys, origins, validation, idempotency, identify."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from loyalty.browsing.models import WebEvent
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.programs.models import Program
from tests.factories.browsing import SHOP, event, make_tracking, token
from tests.factories.lifecycle import announced
from tests.factories.members import make_member
from tests.factories.programs import make_api_key, make_program


def _post(client: TestClient, key: str, *events: dict[str, Any], origin: str = SHOP) -> Any:
    # As the script sends it: text/plain (no CORS preflight).
    return client.post("/api/v1/track", content=json.dumps({"key": key, "events": list(events)}),
                       headers={"Origin": origin, "Content-Type": "text/plain"})


def _events(database: Database, program: Program, **where: Any) -> list[tuple[Any, ...]]:
    with unit_of_work(database, read_only=True) as session:
        return [tuple(row) for row in session.execute(
            select(WebEvent.type, WebEvent.sku, WebEvent.member_id, WebEvent.source)
            .where(WebEvent.program_id == program.id, *[getattr(WebEvent, k) == v for k, v in where.items()])
            .order_by(WebEvent.id)).all()]


def test_the_script_records_views_and_cart_additions(client: TestClient, database: Database,
                                                     program: Program) -> None:
    key, _ = make_tracking(database, program)
    answer = _post(client, key, event("page_view", "visitor-0001", utm_source="Newsletter", utm_medium="email"),
                   event("product_view", "visitor-0001", sku="BOOT", category="shoes", utm_source="newsletter"),
                   event("cart_add", "visitor-0001", sku="BOOT", utm_source="newsletter", quantity=2))
    assert answer.status_code == 200
    assert answer.json() == {"recorded": 3, "duplicates": 0, "identified": False}
    assert answer.headers["access-control-allow-origin"] == SHOP
    assert _events(database, program) == [("page_view", None, None, "newsletter"),
                                          ("product_view", "BOOT", None, "newsletter"),
                                          ("cart_add", "BOOT", None, "newsletter")]


def test_a_retried_batch_is_recorded_once(client: TestClient, database: Database, program: Program) -> None:
    key, _ = make_tracking(database, program)
    batch = [event("product_view", "visitor-0001", sku="BOOT"), event("page_view", "visitor-0001")]
    assert _post(client, key, *batch).json()["recorded"] == 2
    assert _post(client, key, *batch).json() == {"recorded": 0, "duplicates": 2, "identified": False}
    assert len(_events(database, program)) == 2


def test_a_key_writes_only_for_its_program(client: TestClient, database: Database, program: Program) -> None:
    other = make_program(database)
    key_a, _ = make_tracking(database, program)
    make_tracking(database, other)
    assert _post(client, key_a, event("page_view", "visitor-0001")).status_code == 200
    assert (len(_events(database, program)), len(_events(database, other))) == (1, 0)


def test_an_origin_not_allowed_is_refused(client: TestClient, database: Database, program: Program) -> None:
    key, _ = make_tracking(database, program)
    answer = _post(client, key, event("page_view", "visitor-0001"), origin="https://evil.example")
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "origin_not_allowed"
    assert "access-control-allow-origin" not in answer.headers
    assert _events(database, program) == []


def test_an_unknown_or_disabled_key_is_refused(client: TestClient, database: Database, program: Program) -> None:
    key, _ = make_tracking(database, program, enabled=False)
    for sent in (key, "pk_not-a-real-key"):
        answer = _post(client, sent, event("page_view", "visitor-0001"))
        assert (answer.status_code, answer.json()["error"]["code"]) == (403, "invalid_tracking_key")


def test_invalid_events_are_refused_with_the_field(client: TestClient, database: Database, program: Program) -> None:
    key, _ = make_tracking(database, program)
    no_product = _post(client, key, event("cart_add", "visitor-0001"))
    assert no_product.status_code == 422
    bad_visitor = _post(client, key, event("page_view", "x"))
    assert (bad_visitor.status_code, bad_visitor.json()["error"]["field"]) == (422, "events.0.visitor_id")
    unknown_type = _post(client, key, event("purchase", "visitor-0001"))
    assert unknown_type.status_code == 422
    too_many = _post(client, key, *[event("page_view", "visitor-0001") for _ in range(51)])
    assert (too_many.status_code, too_many.json()["error"]["field"]) == (422, "events")
    not_json = client.post("/api/v1/track", content="{", headers={"Origin": SHOP, "Content-Type": "text/plain"})
    assert (not_json.status_code, not_json.json()["error"]["code"]) == (422, "invalid_json")
    assert _events(database, program) == []


def test_a_body_over_the_limit_is_refused(client: TestClient, database: Database, program: Program) -> None:
    key, _ = make_tracking(database, program)
    huge = event("page_view", "visitor-0001", url=SHOP + "/" + "a" * 1990)
    answer = client.post("/api/v1/track", content=json.dumps({"key": key, "events": [huge] * 50}) + " " * 100_000,
                         headers={"Origin": SHOP, "Content-Type": "text/plain"})
    assert (answer.status_code, answer.json()["error"]["code"]) == (413, "body_too_large")
    assert _events(database, program) == []


def test_identify_joins_earlier_visits_with_a_signed_token(client: TestClient, database: Database,
                                                           program: Program) -> None:
    key, secret = make_tracking(database, program)
    member = make_member(database, program)
    _post(client, key, event("product_view", "visitor-0001", sku="BOOT"))
    answer = _post(client, key, event("identify", "visitor-0001", identity=token(secret, member.id)))
    assert answer.json() == {"recorded": 0, "duplicates": 0, "identified": True}
    _post(client, key, event("page_view", "visitor-0001"))
    assert [row[2] for row in _events(database, program)] == [member.id, member.id]
    assert announced(database, program, "visitor.identified") == [(member.id, {
        "visitor_id": "visitor-0001", "events_joined": 1, "first_source": "(direct)", "first_campaign": None,
        "via": "script"})]


def test_identify_with_a_forged_or_expired_token_is_refused(client: TestClient, database: Database,
                                                            program: Program) -> None:
    key, secret = make_tracking(database, program)
    victim = make_member(database, program)
    _post(client, key, event("page_view", "visitor-0001"))
    forged = _post(client, key, event("identify", "visitor-0001", identity=token("guessed" * 8, victim.id)))
    assert (forged.status_code, forged.json()["error"]["code"]) == (403, "invalid_identity_token")
    by_id_alone = _post(client, key, event("identify", "visitor-0001", identity=str(victim.id)))
    assert (by_id_alone.status_code, by_id_alone.json()["error"]["code"]) == (403, "invalid_identity_token")
    old = _post(client, key, event("identify", "visitor-0001",
                                   identity=token(secret, victim.id, valid_for=timedelta(seconds=-1))))
    assert (old.status_code, old.json()["error"]["code"]) == (403, "identity_token_expired")
    assert [row[2] for row in _events(database, program)] == [None]
    assert announced(database, program, "visitor.identified") == []


def test_the_shops_server_links_a_visitor_with_an_api_key(client: TestClient, database: Database,
                                                          program: Program) -> None:
    key, _ = make_tracking(database, program)
    member = make_member(database, program)
    _post(client, key, event("page_view", "visitor-0001", utm_source="google", utm_medium="cpc"))
    reader = make_api_key(database, program, scopes=["members:read"])
    refused = client.post(f"/api/v1/members/{member.id}/visitors", json={"visitor_id": "visitor-0001"},
                          headers=reader.headers)
    assert refused.status_code == 403
    shop = make_api_key(database, program, scopes=["members:write"])
    answer = client.post(f"/api/v1/members/{member.id}/visitors", json={"visitor_id": "visitor-0001"},
                         headers=shop.headers)
    assert answer.status_code == 200
    assert (answer.json()["member_id"], answer.json()["events_joined"], answer.json()["first_source"]) == (
        member.id, 1, "google")
    unknown = client.post(f"/api/v1/members/{member.id}/visitors", json={"visitor_id": "visitor-9999"},
                          headers=shop.headers)
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "visitor_not_found")


def test_an_identified_visitors_cart_becomes_the_members_cart(client: TestClient, database: Database,
                                                              program: Program) -> None:
    key, secret = make_tracking(database, program)
    member = make_member(database, program)
    _post(client, key, event("identify", "visitor-0001", identity=token(secret, member.id)),
          event("cart_add", "visitor-0001", sku="BOOT", price=20000, quantity=2))
    _post(client, key, event("cart_add", "visitor-0001", sku="SOCK", price=500))
    carts = announced(database, program, "cart.updated")
    assert carts[-1] == (member.id, {"cart_id": "web-visitor-0001", "value": 40500, "currency": "EUR", "items": [
        {"sku": "BOOT", "name": "Product BOOT", "quantity": 2, "unit_price": 20000},
        {"sku": "SOCK", "name": "Product SOCK", "quantity": 1, "unit_price": 500}]})


def test_the_funnel_needs_the_browsing_scope(client: TestClient, database: Database, program: Program) -> None:
    reader = make_api_key(database, program, scopes=["members:read"])
    assert client.get("/api/v1/browsing/funnel", headers=reader.headers).status_code == 403
    analyst = make_api_key(database, program, scopes=["browsing:read"])
    answer = client.get("/api/v1/browsing/funnel?by=category", headers=analyst.headers)
    assert (answer.status_code, answer.json()["by"], answer.json()["rows"]) == (200, "category", [])
    backwards = client.get("/api/v1/browsing/sources?start=2026-02-01&end=2026-01-01", headers=analyst.headers)
    assert (backwards.status_code, backwards.json()["error"]["code"]) == (422, "invalid_period")


def test_the_preflight_answers_for_the_script(client: TestClient) -> None:
    answer = client.options("/api/v1/track", headers={"Origin": SHOP, "Access-Control-Request-Method": "POST"})
    assert answer.status_code == 204 and answer.headers["access-control-allow-origin"] == SHOP


def test_the_script_is_served(client: TestClient) -> None:
    answer = client.get("/t/track.js")
    assert answer.status_code == 200 and "sendBeacon" in answer.text
    assert answer.headers["content-type"].startswith("application/javascript")


def test_a_members_web_visits_are_paged_and_kept_to_the_program(client: TestClient, database: Database,
                                                                program: Program) -> None:
    key, secret = make_tracking(database, program)
    member = make_member(database, program)
    _post(client, key, event("identify", "visitor-0001", identity=token(secret, member.id)),
          *[event("product_view", "visitor-0001", sku=f"SKU-{number}") for number in range(3)])
    analyst = make_api_key(database, program, scopes=["browsing:read"])
    first = client.get(f"/api/v1/members/{member.id}/web-visits?limit=2", headers=analyst.headers).json()
    rest = client.get(f"/api/v1/members/{member.id}/web-visits?limit=2&cursor={first['next_cursor']}",
                      headers=analyst.headers).json()
    assert [visit["sku"] for visit in first["items"] + rest["items"]] == ["SKU-2", "SKU-1", "SKU-0"]
    assert rest["next_cursor"] is None
    elsewhere = make_member(database, make_program(database))
    answer = client.get(f"/api/v1/members/{elsewhere.id}/web-visits", headers=analyst.headers)
    assert (answer.status_code, answer.json()["error"]["code"]) == (404, "member_not_found")
