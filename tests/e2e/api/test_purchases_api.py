"""Purchases, refunds, claims and points over HTTP, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.purchases.schemas import MemberPurchaseRead
from loyalty.web.pagination import encode_cursor
from tests.e2e.api.paging import items, walk
from tests.factories.programs import make_api_key, make_program

ONE_POINT_PER_PLN = {"name": "1 point per 1.00", "trigger": "purchase",
                     "effect": {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"}}


def receipt(external_id: str | None = "R-1", member: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "external_id": external_id, "channel": "pos", "store": "WAW-01", "receipt_number": f"NR-{external_id}",
        "lines": [
            {"sku": "CAP", "name": "Cappuccino", "category": "coffee", "quantity": 2, "unit_price": 1450},
            {"sku": "BRD", "name": "Bread", "category": "bakery", "quantity": 1, "unit_price": 2100},
        ],
        **extra,
    }
    if member is not None:
        body["member"] = member
    return body


@pytest.fixture
def member_id(api: TestClient) -> int:
    assert api.post("/api/v1/rules", json=ONE_POINT_PER_PLN).status_code == 201
    created = api.post("/api/v1/members", json={"email": "ola@example.com", "first_name": "Ola"})
    assert created.status_code == 201
    return int(created.json()["id"])


def test_purchase_earns_points_by_the_rules_and_says_which(api: TestClient, member_id: int) -> None:
    response = api.post("/api/v1/purchases", json=receipt(member={"email": "OLA@example.com"}))
    assert response.status_code == 201
    body = response.json()
    assert body["member_id"] == member_id and body["total"] == 5000
    assert body["points"] == {"earned": 50, "pending": 0, "available": 50}
    assert [(a["rule_name"], a["rule_version"], a["points"]) for a in body["awards"]] == [("1 point per 1.00", 1, 50)]
    assert body["balance"]["points"] == {"available": 50, "pending": 0}
    balance = api.get(f"/api/v1/members/{member_id}/balance").json()
    assert balance["units"]["points"]["available"] == 50 and balance["units"]["points"]["earned"] == 50
    assert balance["available_value_minor"] == 50  # 50 points at 0.01 EUR


def test_same_purchase_again_is_200_with_the_same_result_and_other_body_409(api: TestClient, member_id: int) -> None:
    first = api.post("/api/v1/purchases", json=receipt(member={"id": member_id}))
    again = api.post("/api/v1/purchases", json=receipt(member={"id": member_id}))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    changed = receipt(member={"id": member_id}, store="KRK-01")
    conflict = api.post("/api/v1/purchases", json=changed)
    assert conflict.status_code == 409 and conflict.json()["error"]["code"] == "external_id_conflict"
    assert api.get(f"/api/v1/members/{member_id}/balance").json()["units"]["points"]["available"] == 50


def test_refund_of_a_line_reverses_its_points_proportionally(api: TestClient, member_id: int) -> None:
    purchase = api.post("/api/v1/purchases", json=receipt(member={"id": member_id})).json()
    one_coffee = api.post(f"/api/v1/purchases/{purchase['purchase_id']}/refunds",
                          json={"external_id": "RF-1", "lines": [{"line_no": 1, "quantity": 1}]})
    assert one_coffee.status_code == 201
    assert one_coffee.json()["amount"] == 1450 and one_coffee.json()["points_reversed"] == 14
    rest = api.post(f"/api/v1/purchases/{purchase['purchase_id']}/refunds", json={"amount": 3550})
    assert rest.json()["points_reversed"] == 36
    assert api.get(f"/api/v1/members/{member_id}/balance").json()["units"]["points"]["available"] == 0
    too_much = api.post(f"/api/v1/purchases/{purchase['purchase_id']}/refunds", json={"amount": 1})
    assert too_much.status_code == 422 and too_much.json()["error"]["code"] == "refund_exceeds_purchase"


def test_refund_after_spending_leaves_a_negative_balance_that_blocks_spending(api: TestClient, member_id: int) -> None:
    purchase = api.post("/api/v1/purchases", json=receipt(member={"id": member_id})).json()
    spent = api.post(f"/api/v1/members/{member_id}/points/spend", json={"points": 40},
                     headers={"Idempotency-Key": "till-7-0001"})
    assert spent.status_code == 201 and spent.json()["balance_after"] == 10
    api.post(f"/api/v1/purchases/{purchase['purchase_id']}/refunds", json={"lines": [{"line_no": 1}, {"line_no": 2}]})
    balance = api.get(f"/api/v1/members/{member_id}/balance").json()["units"]["points"]
    assert balance["available"] == -40 and balance["is_in_debt"] is True
    blocked = api.post(f"/api/v1/members/{member_id}/points/spend", json={"points": 1},
                       headers={"Idempotency-Key": "till-7-0002"})
    assert blocked.status_code == 409 and blocked.json()["error"]["code"] == "insufficient_points"


def test_spend_is_idempotent_per_key(api: TestClient, member_id: int) -> None:
    api.post("/api/v1/purchases", json=receipt(member={"id": member_id}))
    headers = {"Idempotency-Key": "k-1"}
    first = api.post(f"/api/v1/members/{member_id}/points/spend", json={"points": 20}, headers=headers)
    again = api.post(f"/api/v1/members/{member_id}/points/spend", json={"points": 20}, headers=headers)
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    other = api.post(f"/api/v1/members/{member_id}/points/spend", json={"points": 21}, headers=headers)
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_mismatch"
    missing = api.post(f"/api/v1/members/{member_id}/points/spend", json={"points": 1})
    assert missing.status_code == 422 and missing.json()["error"]["code"] == "idempotency_key_required"
    assert api.get(f"/api/v1/members/{member_id}/balance").json()["units"]["points"]["available"] == 30


def test_receipt_without_member_is_kept_and_claimable_once(api: TestClient, member_id: int) -> None:
    anonymous = api.post("/api/v1/purchases", json=receipt(external_id=None, receipt_number="A-77"))
    assert anonymous.status_code == 201 and anonymous.json()["member_id"] is None
    assert anonymous.json()["claimable_until"] is not None
    wrong_total = api.post("/api/v1/purchases/claim", json={"member": {"id": member_id}, "receipt_number": "A-77",
                                                            "total": 4999})
    assert wrong_total.status_code == 404
    claim = api.post("/api/v1/purchases/claim", json={"member": {"id": member_id}, "receipt_number": "A-77",
                                                      "total": 5000})
    assert claim.status_code == 200 and claim.json()["points"]["earned"] == 50
    twice = api.post("/api/v1/purchases/claim", json={"member": {"id": member_id}, "receipt_number": "A-77",
                                                      "total": 5000})
    assert twice.status_code == 200 and twice.json() == claim.json()  # a retry is the same claim
    assert api.get(f"/api/v1/members/{member_id}/balance").json()["units"]["points"]["available"] == 50
    other = api.post("/api/v1/members", json={"email": "ewa@example.com"}).json()["id"]
    taken = api.post("/api/v1/purchases/claim", json={"member": {"id": other}, "receipt_number": "A-77",
                                                      "total": 5000})
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "purchase_already_claimed"


def test_claim_after_the_window_is_refused(api: TestClient, member_id: int) -> None:
    old = (clock.now() - timedelta(days=31)).isoformat()
    api.post("/api/v1/purchases", json=receipt(external_id="OLD-1", occurred_at=old))
    late = api.post("/api/v1/purchases/claim", json={"member": {"id": member_id}, "external_id": "OLD-1"})
    assert late.status_code == 409 and late.json()["error"]["code"] == "claim_window_closed"


def test_points_of_a_pending_program_wait_for_the_return_window(client: TestClient, database: Database) -> None:
    program = make_program(database, pending_days=14)
    headers = make_api_key(database, program, scopes=["admin"]).headers
    client.post("/api/v1/rules", json=ONE_POINT_PER_PLN, headers=headers)
    member = client.post("/api/v1/members", json={"email": "p@example.com"}, headers=headers).json()
    body = client.post("/api/v1/purchases", json=receipt(member={"id": member["id"]}), headers=headers).json()
    assert body["points"] == {"earned": 50, "pending": 50, "available": 0}
    releasing = client.get(f"/api/v1/members/{member['id']}/balance", headers=headers).json()["units"]["points"]
    assert releasing["releasing"][0]["points"] == 50


def test_bad_input_is_422_naming_the_field(api: TestClient, member_id: int) -> None:
    unknown = api.post("/api/v1/purchases", json={**receipt(member={"id": member_id}), "points": 1000})
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "points"
    mismatch = api.post("/api/v1/purchases", json=receipt(member={"id": member_id}, total=1))
    assert mismatch.status_code == 422
    currency = api.post("/api/v1/purchases", json=receipt(member={"id": member_id}, currency="USD"))
    assert currency.status_code == 422 and currency.json()["error"]["code"] == "currency_mismatch"
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    future = api.post("/api/v1/purchases", json=receipt(member={"id": member_id}, occurred_at=tomorrow))
    assert future.status_code == 422 and future.json()["error"]["field"] == "occurred_at"
    huge_line = {"sku": "GOLD", "quantity": 100_000, "unit_price": 10**12}
    huge = api.post("/api/v1/purchases", json={"member": {"id": member_id}, "lines": [huge_line] * 2})
    assert huge.status_code == 422
    assert "more than a receipt may hold" in huge.json()["error"]["message"]
    huge_claim = api.post("/api/v1/purchases/claim", json={"member": {"id": member_id}, "receipt_number": "R-1",
                                                           "total": 10**30})
    assert (huge_claim.status_code, huge_claim.json()["error"]["field"]) == (422, "total")


def test_adjust_needs_its_own_scope_and_is_audited(client: TestClient, database: Database, program: Program,
                                                   api: TestClient, member_id: int) -> None:
    pos = make_api_key(database, program, scopes=["members:read", "purchases:write", "points:spend"], name="pos")
    refused = client.post(f"/api/v1/members/{member_id}/points/adjust", json={"points": 10, "reason": "x"},
                          headers=pos.headers)
    assert refused.status_code == 403
    done = api.post(f"/api/v1/members/{member_id}/points/adjust", json={"points": 10, "reason": "late delivery"})
    assert done.status_code == 201 and done.json()["balance_after"] == 10
    entry = api.get(f"/api/v1/members/{member_id}/ledger").json()["items"][0]
    assert (entry["kind"], entry["reason"], entry["amount"]) == ("adjust", "late delivery", 10)
    assert entry["actor"].startswith("api_key:")


def test_transfer_shows_on_both_ledgers(client: TestClient, database: Database) -> None:
    program = make_program(database, allow_transfers=True)
    headers = make_api_key(database, program, scopes=["admin"]).headers
    a = client.post("/api/v1/members", json={"email": "a@example.com"}, headers=headers).json()["id"]
    b = client.post("/api/v1/members", json={"email": "b@example.com"}, headers=headers).json()["id"]
    client.post(f"/api/v1/members/{a}/points/adjust", json={"points": 100, "reason": "seed"}, headers=headers)
    moved = client.post(f"/api/v1/members/{a}/points/transfer", json={"to": {"email": "b@example.com"}, "points": 30},
                        headers=headers)
    assert moved.status_code == 201
    assert client.get(f"/api/v1/members/{b}/ledger", headers=headers).json()["items"][0]["amount"] == 30
    assert client.get(f"/api/v1/members/{a}/ledger", headers=headers).json()["items"][0]["amount"] == -30


def test_another_programs_member_is_invisible(client: TestClient, database: Database, api: TestClient,
                                              member_id: int) -> None:
    other = make_api_key(database, make_program(database, name="Other"), scopes=["admin"])
    for method, path, body in [("get", f"/api/v1/members/{member_id}/balance", None),
                               ("get", f"/api/v1/members/{member_id}/ledger", None),
                               ("get", f"/api/v1/members/{member_id}/purchases", None),
                               ("post", f"/api/v1/members/{member_id}/points/spend", {"points": 1}),
                               ("post", f"/api/v1/members/{member_id}/points/adjust", {"points": 1, "reason": "x"})]:
        response = client.request(method, path, json=body, headers={**other.headers, "Idempotency-Key": "x"})
        assert response.status_code == 404, path


def test_enrolment_rules_award_welcome_points_once(api: TestClient) -> None:
    welcome = {"name": "Welcome", "trigger": "enrolment", "effect": {"kind": "fixed", "points": 100}}
    assert api.post("/api/v1/rules", json=welcome).status_code == 201
    member = api.post("/api/v1/members", json={"email": "new@example.com"}, headers={"Idempotency-Key": "e-1"})
    replay = api.post("/api/v1/members", json={"email": "new@example.com"}, headers={"Idempotency-Key": "e-1"})
    assert (member.status_code, replay.status_code) == (201, 201) and replay.json() == member.json()
    balance = api.get(f"/api/v1/members/{member.json()['id']}/balance").json()["units"]["points"]
    assert (balance["available"], balance["earned"]) == (100, 100)
    timeline = [e["type"] for e in api.get(f"/api/v1/members/{member.json()['id']}/timeline").json()["items"]]
    assert "points.earned" in timeline and "member.enrolled" in timeline


def test_a_first_purchase_bonus_is_given_on_the_first_purchase_only(api: TestClient, member_id: int) -> None:
    first_only = {"name": "First purchase bonus", "trigger": "purchase", "effect": {"kind": "fixed", "points": 200},
                  "condition": {"field": "purchase.is_first_purchase", "op": "eq", "value": True}}
    assert api.post("/api/v1/rules", json=first_only).status_code == 201
    first = api.post("/api/v1/purchases", json=receipt("F-1", member={"id": member_id})).json()
    second = api.post("/api/v1/purchases", json=receipt("F-2", member={"id": member_id})).json()
    assert (first["points"]["earned"], second["points"]["earned"]) == (250, 50)


def test_a_receipts_lines_read_back_exactly_as_sent(api: TestClient, member_id: int) -> None:
    lines = [{"sku": "CAFÉ-1", "name": 'Café "Noir" ☕ \\ 50%', "category": "kawa/żółta", "quantity": 3,
              "unit_price": 1234},
             {"sku": "X'; DROP TABLE purchases; --", "name": None, "category": None, "quantity": 1, "unit_price": 0}]
    created = api.post("/api/v1/purchases", json=receipt("U-1", member={"id": member_id}, lines=lines))
    assert created.status_code == 201, created.json()
    read = api.get(f"/api/v1/purchases/{created.json()['purchase_id']}").json()
    assert [(line["line_no"], line["sku"], line["name"], line["category"], line["quantity"], line["unit_price_minor"])
            for line in read["lines"]] == [(1, "CAFÉ-1", 'Café "Noir" ☕ \\ 50%', "kawa/żółta", 3, 1234),
                                           (2, "X'; DROP TABLE purchases; --", None, None, 1, 0)]
    assert read["total"] == 3702


def test_a_receipt_of_a_total_without_lines_earns_on_the_total(api: TestClient, member_id: int) -> None:
    body = {"external_id": "T-1", "member": {"id": member_id}, "channel": "online", "total": 4321}
    created = api.post("/api/v1/purchases", json=body)
    replay = api.post("/api/v1/purchases", json=body)
    assert created.status_code == 201 and replay.status_code == 200 and replay.json() == created.json()
    assert created.json()["points"]["earned"] == 43
    read = api.get(f"/api/v1/purchases/{created.json()['purchase_id']}").json()
    assert read["lines"] == [] and read["total"] == 4321


def test_a_refund_retried_with_its_idempotency_key_refunds_once(api: TestClient, member_id: int) -> None:
    purchase = api.post("/api/v1/purchases", json=receipt(member={"id": member_id})).json()
    path = f"/api/v1/purchases/{purchase['purchase_id']}/refunds"
    one_coffee = {"lines": [{"line_no": 1, "quantity": 1}]}
    first = api.post(path, json=one_coffee, headers={"Idempotency-Key": "refund-1"})
    again = api.post(path, json=one_coffee, headers={"Idempotency-Key": "refund-1"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    other_body = api.post(path, json={"amount": 100}, headers={"Idempotency-Key": "refund-1"})
    assert other_body.status_code == 409 and other_body.json()["error"]["code"] == "idempotency_mismatch"
    read = api.get(f"/api/v1/purchases/{purchase['purchase_id']}").json()
    assert read["refunded"] == 1450 and read["lines"][0]["refunded_quantity"] == 1
    assert api.get(f"/api/v1/members/{member_id}/balance").json()["units"]["points"]["available"] == 36
    second_coffee = api.post(path, json=one_coffee, headers={"Idempotency-Key": "refund-2"})
    assert second_coffee.status_code == 201 and second_coffee.json()["purchase_refunded_total"] == 2900


def test_huge_ids_on_the_purchase_routes_answer_a_json_error(api: TestClient, member_id: int) -> None:
    huge = 10**20
    answers = [api.get(f"/api/v1/purchases/{huge}"),
               api.post(f"/api/v1/purchases/{huge}/refunds", json={"amount": 1}),
               api.get(f"/api/v1/members/{huge}/purchases"),
               api.get(f"/api/v1/members/{member_id}/purchases", params={"cursor": encode_cursor(huge)})]
    assert [response.status_code for response in answers] == [422] * 4
    assert all(set(response.json()["error"]) >= {"code", "message", "field"} for response in answers)
    unknown = api.get(f"/api/v1/purchases/{2**63 - 1}")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "purchase_not_found"


def test_a_members_purchases_are_a_typed_page_walked_with_the_cursor(api: TestClient, member_id: int) -> None:
    recorded = [api.post("/api/v1/purchases", json=receipt(f"P-{n}", member={"id": member_id}, channel=channel))
                for n, channel in enumerate(["pos", "online", "pos", "partner", "online"])]        # given 5 receipts
    assert {response.status_code for response in recorded} == {201}
    api.post(f"/api/v1/purchases/{recorded[0].json()['purchase_id']}/refunds", json={"amount": 1000})

    pages = walk(api, f"/api/v1/members/{member_id}/purchases", limit=2)                  # when walked by twos
    spec = api.get("/openapi.json").json()

    newest_first = [response.json()["purchase_id"] for response in reversed(recorded)]   # then each once, in order
    assert [len(page) for page in pages] == [2, 2, 1] and items(pages) == newest_first
    assert [MemberPurchaseRead.model_validate(item).channel for item in pages[0]] == ["online", "partner"]
    oldest = MemberPurchaseRead.model_validate(pages[-1][0])
    assert (oldest.external_id, oldest.store, oldest.total, oldest.refunded, oldest.currency, oldest.points) == \
        ("P-0", "WAW-01", 5000, 1000, "EUR", 50)
    answer = spec["paths"]["/api/v1/members/{member_id}/purchases"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/MemberPurchasePage"}
    page_schema = spec["components"]["schemas"]["MemberPurchasePage"]
    assert page_schema["properties"]["items"]["items"] == {"$ref": "#/components/schemas/MemberPurchaseRead"}
    assert set(spec["components"]["schemas"]["MemberPurchaseRead"]["properties"]) == set(pages[0][0])
