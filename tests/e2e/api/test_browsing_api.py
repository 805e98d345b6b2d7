"""The tracking endpoint over HTTP: keys, origins, validation, idempotency, identify."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import SlidingWindowCounterRateLimiter
from sqlalchemy import select

from loyalty.browsing.models import WebEvent
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.lifecycle import service as lifecycle
from loyalty.programs.models import Program
from loyalty.web.ratelimit import TrackingLimiter
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
    answer = _post(client, key, event("identify", "visitor-0001", identity=token(secret, member.id, "visitor-0001")))
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
    forged = _post(client, key, event("identify", "visitor-0001",
                                      identity=token("guessed" * 8, victim.id, "visitor-0001")))
    assert (forged.status_code, forged.json()["error"]["code"]) == (403, "invalid_identity_token")
    by_id_alone = _post(client, key, event("identify", "visitor-0001", identity=str(victim.id)))
    assert (by_id_alone.status_code, by_id_alone.json()["error"]["code"]) == (403, "invalid_identity_token")
    old = _post(client, key, event("identify", "visitor-0001",
                                   identity=token(secret, victim.id, "visitor-0001", valid_for=timedelta(seconds=-1))))
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


def _cart(database: Database, program: Program, member_id: int, cart_id: str) -> list[dict[str, Any]]:
    with unit_of_work(database, read_only=True) as session:
        return lifecycle.cart_items(session=session, program_id=program.id, member_id=member_id, cart_id=cart_id)


def test_a_visitor_id_alone_cannot_write_into_the_members_cart(client: TestClient, database: Database,
                                                               program: Program) -> None:
    key, secret = make_tracking(database, program)
    member = make_member(database, program)
    assert _post(client, key, event("identify", "victim-visitor-1",
                                    identity=token(secret, member.id, "victim-visitor-1"))).json()["identified"]
    # Anybody knowing the visitor id (a cookie) sends a cart line with the shop's Origin (curl sets any).
    phish = event("cart_add", "victim-visitor-1", sku="PHISH", quantity=1)
    phish["product"] = {"sku": "PHISH", "name": "Claim your prize at evil.example", "price": 100}
    assert _post(client, key, phish).status_code == 200
    assert _cart(database, program, member.id, "web-victim-visitor-1") == []
    assert announced(database, program, "cart.updated") == []
    # ... yet the funnel counts the cart event, as the member's
    assert [(row[0], row[2]) for row in _events(database, program)] == [("cart_add", member.id)]


def test_a_huge_cart_never_turns_a_later_batch_into_a_500(client: TestClient, database: Database,
                                                          program: Program) -> None:
    key, secret = make_tracking(database, program)
    member = make_member(database, program)
    _post(client, key, event("identify", "own-visitor-01", identity=token(secret, member.id, "own-visitor-01")))
    gold = event("cart_add", "own-visitor-01", sku="GOLD", quantity=9)
    gold["product"] = {"sku": "GOLD", "name": "Gold bar", "price": 10**12}
    assert _post(client, key, gold).status_code == 200
    more = event("cart_add", "own-visitor-01", sku="GOLD", quantity=10_000)
    more["product"] = {"sku": "GOLD", "name": "Gold bar", "price": 10**12}
    assert _post(client, key, more).status_code == 200
    assert _cart(database, program, member.id, "web-own-visitor-01") == []
    too_dear = event("cart_add", "own-visitor-01", sku="GOLD")
    too_dear["product"] = {"sku": "GOLD", "price": 10**13}
    answer = _post(client, key, too_dear)
    assert answer.status_code == 422, answer.text


def test_a_token_identifies_only_the_visitor_it_was_signed_for(client: TestClient, database: Database,
                                                               program: Program) -> None:
    key, secret = make_tracking(database, program)
    member = make_member(database, program)
    leaked = token(secret, member.id, "victim-visitor-1")
    assert _post(client, key, event("identify", "victim-visitor-1", identity=leaked)).json()["identified"]
    replay = _post(client, key, event("identify", "attacker-visitor", identity=leaked))
    assert (replay.status_code, replay.json()["error"]["code"]) == (403, "invalid_identity_token")
    long_lived = token(secret, member.id, "victim-visitor-2", valid_for=timedelta(hours=23))
    refused = _post(client, key, event("identify", "victim-visitor-2", identity=long_lived))
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "identity_token_expired")


def test_a_member_gains_at_most_20_visitors_a_day(client: TestClient, database: Database,
                                                  program: Program) -> None:
    key, secret = make_tracking(database, program)
    member = make_member(database, program)
    for number in range(20):
        visitor = f"visitor-{number:04d}"
        assert _post(client, key, event("identify", visitor, identity=token(secret, member.id, visitor))
                     ).json()["identified"]
    over = _post(client, key, event("identify", "visitor-0020", identity=token(secret, member.id, "visitor-0020")),
                 event("page_view", "visitor-0020"))
    assert over.status_code == 200
    assert over.json() == {"recorded": 1, "duplicates": 0, "identified": False}
    assert _events(database, program) == [("page_view", None, None, "(direct)")]
    assert len(announced(database, program, "visitor.identified")) == 20


def test_malformed_identify_tokens_are_refused_not_crashed_on(client: TestClient, database: Database,
                                                              program: Program) -> None:
    key, secret = make_tracking(database, program)
    member = make_member(database, program)
    good = token(secret, member.id, "visitor-0001")
    number, expires, signature = good.split(".")
    for bad in ("1.9999999999.\u00e9", f"\u00b2.9999999999.{'a' * 64}", f"{number}.{expires}.{signature[:-1]}\u00e9"):
        answer = _post(client, key, event("identify", "visitor-0001", identity=bad))
        assert answer.status_code == 422, bad
    for bad in (f"{number}.{expires}.{signature.upper()}", f"{'9' * 19}.{expires}.{signature}", "1.2.ab"):
        answer = _post(client, key, event("identify", "visitor-0001", identity=bad))
        assert (answer.status_code, answer.json()["error"]["code"]) == (403, "invalid_identity_token"), bad


def test_refused_origins_do_not_spend_the_keys_budget(client: TestClient, database: Database,
                                                      program: Program) -> None:
    key, _ = make_tracking(database, program)
    client.app.state.tracking_limiter = TrackingLimiter(  # type: ignore[attr-defined]
        limiter=SlidingWindowCounterRateLimiter(storage_from_string("memory://")),
        per_ip=parse("1000/minute"), per_key=parse("5/minute"))
    for _ in range(5):
        assert _post(client, key, event("page_view", "visitor-0001"), origin="https://evil.example").status_code == 403
        assert _post(client, "pk_unknown_key", event("page_view", "visitor-0001")).status_code == 403
    for number in range(5):
        assert _post(client, key, event("page_view", f"visitor-000{number}")).status_code == 200
    spent = _post(client, key, event("page_view", "visitor-0009"))
    assert (spent.status_code, spent.json()["error"]["code"]) == (429, "rate_limited")


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
    _post(client, key, event("identify", "visitor-0001", identity=token(secret, member.id, "visitor-0001")),
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
