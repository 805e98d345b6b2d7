"""Vouchers over HTTP: campaigns and codes, the checkout's validate / redeem / rollback, rate limits,
scopes, and other programs' data staying out of reach."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.members import make_member
from tests.factories.programs import ApiCredentials, make_api_key, make_program

XMAS = {"name": "Christmas 20% off coffee", "kind": "percent", "percent": "20", "max_discount": 1000,
        "condition": {"all": [{"field": "purchase.total", "op": "gte", "value": 2000},
                              {"any_line": {"field": "line.category", "op": "eq", "value": "coffee"}}]},
        "line_condition": {"field": "line.category", "op": "eq", "value": "coffee"}}
BASKET_LINES: list[dict[str, Any]] = [
    {"line_no": 10, "sku": "CAP", "category": "coffee", "quantity": 2, "unit_price": 1400},
    {"line_no": 20, "sku": "CRO", "category": "bakery", "quantity": 1, "unit_price": 900},
    {"line_no": 30, "sku": "ESP", "category": "coffee", "quantity": 1, "unit_price": 700},
]
BASKET = {"channel": "online", "lines": BASKET_LINES}


def create_campaign(api: TestClient, campaign: dict[str, Any]) -> dict[str, Any]:
    response = api.post("/api/v1/voucher-campaigns", json=campaign)
    assert response.status_code == 201, response.json()
    body: dict[str, Any] = response.json()
    return body


def import_codes(api: TestClient, campaign_id: int, text: str) -> Any:
    return api.post(f"/api/v1/voucher-campaigns/{campaign_id}/codes/import", content=text.encode(),
                    headers={"Content-Type": "text/csv"})


def campaign_with_code(api: TestClient, campaign: dict[str, Any], code: str) -> dict[str, Any]:
    created = create_campaign(api, campaign)
    assert import_codes(api, created["id"], f"code\n{code}\n").status_code == 201
    return created


def exported(api: TestClient, campaign_id: int) -> list[dict[str, str]]:
    response = api.get(f"/api/v1/voucher-campaigns/{campaign_id}/codes.csv")
    assert response.status_code == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.text)))


# --- campaigns and codes -------------------------------------------------------------------


def test_create_read_update_and_stop_a_campaign(api: TestClient) -> None:
    created = create_campaign(api, XMAS)
    assert {k: created[k] for k in ("name", "kind", "currency", "percent", "max_discount", "max_uses_per_code",
                                    "uses_total", "codes", "is_active")} == {
        "name": "Christmas 20% off coffee", "kind": "percent", "currency": "EUR", "percent": "20",
        "max_discount": 1000, "max_uses_per_code": 1, "uses_total": 0, "codes": 0, "is_active": True}

    changed = api.patch(f"/api/v1/voucher-campaigns/{created['id']}", json={"max_discount": 500, "ends_at": None})
    stopped = api.post(f"/api/v1/voucher-campaigns/{created['id']}/deactivate")

    assert changed.status_code == 200 and changed.json()["max_discount"] == 500
    assert stopped.json()["is_active"] is False
    assert [c["id"] for c in api.get("/api/v1/voucher-campaigns", params={"is_active": False}).json()["items"]] == \
        [created["id"]]
    assert {k: api.get(f"/api/v1/voucher-campaigns/{created['id']}").json()[k] for k in ("max_discount", "percent")} \
        == {"max_discount": 500, "percent": "20"}


@pytest.mark.parametrize(("campaign", "status", "code", "field"), [
    ({"name": "x", "kind": "fixed_amount"}, 422, "invalid_campaign", "amount"),
    ({"name": "x", "kind": "percent", "percent": "10", "sku": "A"}, 422, "invalid_campaign", "sku"),
    ({"name": "x", "kind": "percent", "percent": "120"}, 422, "invalid_less", "percent"),
    ({"name": "x", "kind": "fixed_amount", "amount": 5, "condition": {"field": "basket.total", "op": "gt",
                                                                      "value": 1}},
     422, "invalid_condition", "condition.field"),
    ({"name": "x", "kind": "fixed_amount", "amount": 5, "colour": "red"}, 422, "unknown_field", "colour"),
])
def test_a_campaign_that_does_not_make_sense_is_refused_naming_the_field(api: TestClient, campaign: dict[str, Any],
                                                                        status: int, code: str, field: str) -> None:
    response = api.post("/api/v1/voucher-campaigns", json=campaign)
    assert response.status_code == status
    assert (response.json()["error"]["code"], response.json()["error"]["field"]) == (code, field)


def test_generate_a_batch_export_it_and_see_the_odds(api: TestClient) -> None:
    campaign = create_campaign(api, XMAS)

    batch = api.post(f"/api/v1/voucher-campaigns/{campaign['id']}/code-batches",
                     json={"count": 50, "pattern": "xmas-####-####"})

    assert batch.status_code == 201
    assert {k: batch.json()[k] for k in ("size", "pattern", "source", "guesses_per_hit")} == {
        "size": 50, "pattern": "XMAS-####-####", "source": "generated", "guesses_per_hit": 31**8 // 50}
    rows = exported(api, campaign["id"])
    assert len(rows) == 50 and all(row["code"].startswith("XMAS-") and row["uses"] == "0" for row in rows)
    assert set(rows[0]) == {"code", "member_id", "published_at", "uses", "max_uses", "balance", "batch_id"}


def test_a_guessable_batch_is_refused_with_the_odds(api: TestClient) -> None:
    campaign = create_campaign(api, XMAS)

    response = api.post(f"/api/v1/voucher-campaigns/{campaign['id']}/code-batches",
                        json={"count": 100, "prefix": "XMAS-", "length": 5, "charset": "numeric"})

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "code_space_too_small"
    assert "a random guess would hit a valid code once in 1,000 tries" in response.json()["error"]["message"]


def test_a_csv_import_error_names_the_line(api: TestClient) -> None:
    campaign = create_campaign(api, XMAS)

    response = import_codes(api, campaign["id"], "code\nGOOD-1\nno\n")

    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "invalid_csv", "field": "csv", "message": "line 3: a code has 3 to 64 characters; 'NO' has 2.",
        "details": {"errors": [{"line": 3, "message": "a code has 3 to 64 characters; 'NO' has 2"}],
                    "error_count": 1}}
    assert exported(api, campaign["id"]) == []


def test_publish_codes_to_members_who_then_see_them(api: TestClient, database: Database, program: Program) -> None:
    campaign = create_campaign(api, XMAS)
    api.post(f"/api/v1/voucher-campaigns/{campaign['id']}/code-batches", json={"count": 3, "length": 12})
    anna = make_member(database, program, email="anna@example.com")
    bob = make_member(database, program)

    published = api.post(f"/api/v1/voucher-campaigns/{campaign['id']}/publish",
                         json={"members": [{"email": "anna@example.com"}, {"id": bob.id}]})

    assert published.status_code == 201
    items = published.json()["items"]
    assert [item["member_id"] for item in items] == [anna.id, bob.id]
    annas = api.get(f"/api/v1/members/{anna.id}/vouchers").json()["items"]
    assert [(v["code"], v["status"], v["name"]) for v in annas] == [(items[0]["code"], "available", XMAS["name"])]
    assert {row["code"]: row["member_id"] for row in exported(api, campaign["id"]) if row["member_id"]} == {
        items[0]["code"]: str(anna.id), items[1]["code"]: str(bob.id)}


def test_a_stopped_campaign_publishes_nothing(api: TestClient, database: Database, program: Program) -> None:
    campaign = create_campaign(api, XMAS)
    api.post(f"/api/v1/voucher-campaigns/{campaign['id']}/code-batches", json={"count": 3, "length": 12})
    anna = make_member(database, program)
    assert api.post(f"/api/v1/voucher-campaigns/{campaign['id']}/deactivate").status_code == 200

    refused = api.post(f"/api/v1/voucher-campaigns/{campaign['id']}/publish", json={"members": [{"id": anna.id}]})

    assert refused.status_code == 409
    assert refused.json()["error"] == {
        "code": "voucher_campaign_inactive", "field": None, "details": {"campaign_id": campaign["id"]},
        "message": "The campaign is stopped, so its codes cannot be used; activate it before publishing."}
    assert api.get(f"/api/v1/members/{anna.id}/vouchers").json()["items"] == []


# --- checkout ------------------------------------------------------------------------------


def test_validate_gives_the_exact_discount_per_line(api: TestClient) -> None:
    campaign = campaign_with_code(api, XMAS, "XMAS-7KQ2")

    response = api.post("/api/v1/vouchers/validate", json={"code": " xmas-7kq2 ", "basket": BASKET})

    assert response.status_code == 200
    assert response.json() == {
        "valid": True, "code": "XMAS-7KQ2", "refusal": None,
        "campaign": {"id": campaign["id"], "name": XMAS["name"], "kind": "percent"}, "currency": "EUR",
        "discount": 700, "lines": [{"line_no": 10, "discount": 560}, {"line_no": 30, "discount": 140}],
        "factor": None, "gift_card_balance": None}


def test_validate_explains_why_a_code_does_not_apply(api: TestClient) -> None:
    campaign_with_code(api, XMAS, "XMAS-7KQ2")
    no_coffee = {"channel": "pos", "lines": [{"sku": "CRO", "category": "bakery", "quantity": 3, "unit_price": 900}]}

    body = api.post("/api/v1/vouchers/validate", json={"code": "XMAS-7KQ2", "basket": no_coffee}).json()

    assert body["valid"] is False and body["discount"] == 0 and body["lines"] == []
    assert body["refusal"]["code"] == "voucher_not_applicable"
    assert body["refusal"]["message"] == ("This voucher does not apply to this basket: "
                                          "line.category 'bakery' eq 'coffee': no.")
    assert body["refusal"]["why"][0] == "all: no"


def test_an_unknown_code_and_someone_elses_look_the_same(api: TestClient, database: Database,
                                                        program: Program) -> None:
    campaign = campaign_with_code(api, XMAS, "XMAS-ANNA")
    anna = make_member(database, program)
    bob = make_member(database, program)
    api.post(f"/api/v1/voucher-campaigns/{campaign['id']}/publish", json={"members": [{"id": anna.id}]})

    bobs_try = api.post("/api/v1/vouchers/validate", json={"code": "XMAS-ANNA", "member": {"id": bob.id},
                                                           "basket": BASKET}).json()
    a_guess = api.post("/api/v1/vouchers/validate", json={"code": "XMAS-ANNB", "member": {"id": bob.id},
                                                          "basket": BASKET}).json()

    assert {**bobs_try, "code": None} == {**a_guess, "code": None}
    assert bobs_try["refusal"] == {"code": "voucher_not_found", "message": "This voucher code is not valid.",
                                   "why": []}
    assert bobs_try["campaign"] is None


def test_redeem_is_idempotent_and_a_single_use_code_is_used_once(api: TestClient) -> None:
    campaign_with_code(api, {"name": "5 off", "kind": "fixed_amount", "amount": 500}, "FIVE-OFF")
    order = {"code": "FIVE-OFF", "basket": BASKET, "order_id": "WEB-1"}

    first = api.post("/api/v1/vouchers/redeem", json=order, headers={"Idempotency-Key": "k-1"})
    replay = api.post("/api/v1/vouchers/redeem", json=order, headers={"Idempotency-Key": "k-1"})
    another_order = api.post("/api/v1/vouchers/redeem", json={**order, "order_id": "WEB-2"},
                             headers={"Idempotency-Key": "k-2"})

    assert first.status_code == 201
    assert {k: first.json()[k] for k in ("code", "kind", "order_id", "discount", "lines", "status")} == {
        "code": "FIVE-OFF", "kind": "fixed_amount", "order_id": "WEB-1", "discount": 500,
        "lines": [{"line_no": 10, "discount": 318}, {"line_no": 20, "discount": 102}, {"line_no": 30, "discount": 80}],
        "status": "redeemed"}
    assert replay.status_code == 201 and replay.json() == first.json()
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert another_order.status_code == 409
    assert another_order.json()["error"] == {"code": "voucher_used_up", "message": "This code has already been used.",
                                             "field": "code", "details": {"voucher_code": "FIVE-OFF"}}


def test_redeem_needs_an_idempotency_key_and_refuses_an_unknown_code_with_404(api: TestClient) -> None:
    order = {"code": "NOPE-123", "basket": BASKET, "order_id": "WEB-1"}

    without_key = api.post("/api/v1/vouchers/redeem", json=order)
    empty_key = api.post("/api/v1/vouchers/redeem", json=order, headers={"Idempotency-Key": ""})
    too_long = api.post("/api/v1/vouchers/redeem", json=order,
                        headers=[("Idempotency-Key", "k" * 256), ("Idempotency-Key", "k-2")])
    unknown = api.post("/api/v1/vouchers/redeem", json=order, headers={"Idempotency-Key": "k-1"})

    for refused in (without_key, empty_key):
        assert refused.status_code == 422 and refused.json()["error"] == {
            "code": "idempotency_key_required", "field": "Idempotency-Key",
            "message": "This request needs an Idempotency-Key header (any unique text, such as a UUID) so that a "
                       "retry is never applied twice."}
    # The first of two keys is the one read, by the checkout lane as by FastAPI: too long, so refused.
    assert (too_long.status_code, too_long.json()["error"]["code"]) == (422, "invalid_string")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "voucher_not_found"


def test_rollback_gives_the_gift_card_its_money_back_and_is_idempotent(api: TestClient) -> None:
    campaign_with_code(api, {"name": "Gift card", "kind": "gift_card", "amount": 5000}, "GIFT-100")
    redeemed = api.post("/api/v1/vouchers/redeem", headers={"Idempotency-Key": "k-1"},
                        json={"code": "GIFT-100", "basket": BASKET, "order_id": "WEB-1"}).json()

    first = api.post(f"/api/v1/vouchers/redemptions/{redeemed['id']}/rollback")
    second = api.post(f"/api/v1/vouchers/redemptions/{redeemed['id']}/rollback")
    balance = api.post("/api/v1/vouchers/validate", json={"code": "GIFT-100", "basket": BASKET}).json()

    assert redeemed["gift_card_amount"] == 4400 and redeemed["discount"] == 4400
    assert first.status_code == second.status_code == 200
    assert first.json()["status"] == "rolled_back" and second.json() == first.json()
    assert balance["gift_card_balance"] == 5000


def test_a_blank_or_unknown_basket_field_is_422(api: TestClient) -> None:
    no_basket = api.post("/api/v1/vouchers/validate", json={"code": "X-1", "basket": {"channel": "pos"}})
    unknown = api.post("/api/v1/vouchers/validate", json={"code": "X-1", "basket": {**BASKET, "coupon": "X"}})
    wrong_total = api.post("/api/v1/vouchers/validate", json={"code": "X-1", "basket": {**BASKET, "total": 1}})

    assert no_basket.status_code == 422 and no_basket.json()["error"]["field"] == "basket"
    assert unknown.json()["error"] == {"code": "unknown_field", "field": "basket.coupon",
                                       "message": "Unknown field 'basket.coupon': this request does not accept it."}
    assert wrong_total.status_code == 422


# --- rate limits -------------------------------------------------------------------------------


def test_validation_is_rate_limited_per_member_and_per_key(strict_client: TestClient, database: Database,
                                                           program: Program, admin: ApiCredentials) -> None:
    anna, bob = make_member(database, program), make_member(database, program)

    def attempt(member_id: int | None, code: str) -> Any:
        body: dict[str, Any] = {"code": code, "basket": BASKET}
        if member_id is not None:
            body["member"] = {"id": member_id}
        return strict_client.post("/api/v1/vouchers/validate", json=body, headers=admin.headers)

    annas = [attempt(anna.id, f"GUESS-{n}").status_code for n in range(4)]
    bobs = [attempt(bob.id, "GUESS-B").status_code for _ in range(2)]
    over_key = attempt(None, "GUESS-X")

    assert annas == [200, 200, 200, 429] and bobs == [200, 429]
    assert over_key.status_code == 429
    error = over_key.json()["error"]
    assert error["code"] == "rate_limited" and error["message"].startswith(
        "Too many voucher attempts for this API key (at most 5 per 60 seconds); try again in ")
    assert 1 <= int(over_key.headers["Retry-After"]) <= 60 and error["details"]["retry_after"] == \
        int(over_key.headers["Retry-After"])
    other_key = make_api_key(database, program, scopes=["vouchers:redeem"])
    assert strict_client.post("/api/v1/vouchers/validate", json={"code": "GUESS-Y", "basket": BASKET},
                              headers=other_key.headers).status_code == 200


# --- who may do what ---------------------------------------------------------------------------


def test_checkout_keys_cannot_manage_campaigns_and_readers_cannot_redeem(client: TestClient, database: Database,
                                                                         program: Program) -> None:
    till = make_api_key(database, program, scopes=["vouchers:redeem"])
    reader = make_api_key(database, program, scopes=["members:read"])

    create = client.post("/api/v1/voucher-campaigns", json=XMAS, headers=till.headers)
    validate = client.post("/api/v1/vouchers/validate", json={"code": "X-1", "basket": BASKET},
                           headers=reader.headers)
    checkout = client.post("/api/v1/vouchers/validate", json={"code": "X-1", "basket": BASKET}, headers=till.headers)

    assert create.status_code == 403 and create.json()["error"]["details"] == {"required_scope": "vouchers:write"}
    assert validate.status_code == 403 and validate.json()["error"]["details"] == {"required_scope": "vouchers:redeem"}
    assert checkout.status_code == 200


def test_another_programs_campaigns_codes_redemptions_and_members_are_404(client: TestClient, database: Database,
                                                                          program: Program,
                                                                          admin: ApiCredentials) -> None:
    other = make_program(database, name="Other shop")
    theirs = make_api_key(database, other, scopes=["admin"])
    client.headers["Authorization"] = f"Bearer {admin.token}"
    campaign = campaign_with_code(client, {"name": "5 off", "kind": "fixed_amount", "amount": 500}, "MINE-500")
    member = make_member(database, program)
    client.post(f"/api/v1/voucher-campaigns/{campaign['id']}/publish", json={"members": [{"id": member.id}]})
    redemption = client.post("/api/v1/vouchers/redeem", headers={"Idempotency-Key": "k"},
                             json={"code": "MINE-500", "member": {"id": member.id}, "basket": BASKET,
                                   "order_id": "W-1"}).json()
    client.headers.pop("Authorization")

    as_them = theirs.headers
    cid = campaign["id"]
    statuses = [
        client.get(f"/api/v1/voucher-campaigns/{cid}", headers=as_them).status_code,
        client.patch(f"/api/v1/voucher-campaigns/{cid}", json={"name": "x"}, headers=as_them).status_code,
        client.post(f"/api/v1/voucher-campaigns/{cid}/code-batches", json={"count": 1, "length": 12},
                    headers=as_them).status_code,
        client.post(f"/api/v1/voucher-campaigns/{cid}/publish", json={"members": [{"id": member.id}]},
                    headers=as_them).status_code,
        client.get(f"/api/v1/voucher-campaigns/{cid}/codes.csv", headers=as_them).status_code,
        client.get(f"/api/v1/members/{member.id}/vouchers", headers=as_them).status_code,
        client.get(f"/api/v1/vouchers/redemptions/{redemption['id']}", headers=as_them).status_code,
        client.post(f"/api/v1/vouchers/redemptions/{redemption['id']}/rollback", headers=as_them).status_code,
    ]
    validate = client.post("/api/v1/vouchers/validate", json={"code": "MINE-500", "basket": BASKET}, headers=as_them)

    assert statuses == [404] * 8
    assert validate.json()["refusal"]["code"] == "voucher_not_found"
    assert client.get("/api/v1/voucher-campaigns", headers=as_them).json()["items"] == []


def test_the_voucher_endpoints_are_documented(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/voucher-campaigns", "/api/v1/voucher-campaigns/{campaign_id}",
            "/api/v1/voucher-campaigns/{campaign_id}/code-batches",
            "/api/v1/voucher-campaigns/{campaign_id}/codes/import", "/api/v1/voucher-campaigns/{campaign_id}/publish",
            "/api/v1/voucher-campaigns/{campaign_id}/codes.csv", "/api/v1/members/{member_id}/vouchers",
            "/api/v1/vouchers/validate", "/api/v1/vouchers/redeem", "/api/v1/vouchers/redemptions/{redemption_id}",
            "/api/v1/vouchers/redemptions/{redemption_id}/rollback"} <= set(paths)
    assert "text/csv" in paths["/api/v1/voucher-campaigns/{campaign_id}/codes/import"]["post"]["requestBody"]["content"]


# --- a checkout that redeems first, then posts the purchase -----------------------------------


def test_codes_redeemed_at_checkout_are_recorded_by_the_purchase_posted_after_it(
        api: TestClient, database: Database, program: Program) -> None:
    rule = api.post("/api/v1/rules", json={"name": "1 point per 1.00", "trigger": "purchase",
                                           "effect": {"kind": "per_amount", "points": 1, "per_minor": 100}})
    assert rule.status_code == 201, rule.json()
    member = make_member(database, program)
    campaign_with_code(api, {"name": "Double points", "kind": "points_multiplier", "factor": "2"}, "TWICE")
    five_off = campaign_with_code(api, {"name": "5 off", "kind": "fixed_amount", "amount": 500}, "FIVE")
    order = {"basket": BASKET, "order_id": "SHOP-77", "member": {"id": member.id}}
    for code in ("TWICE", "FIVE"):
        redeemed = api.post("/api/v1/vouchers/redeem", json={**order, "code": code},
                            headers={"Idempotency-Key": f"checkout-{code}"})
        assert redeemed.status_code == 201, redeemed.json()
    # The checkout numbered its lines 10, 20, 30; the receipt numbers them 1, 2, 3.
    lines = [{k: line[k] for k in ("sku", "category", "quantity", "unit_price")} for line in BASKET_LINES]

    posted = api.post("/api/v1/purchases", json={"external_id": "SHOP-77", "member": {"id": member.id},
                                                 "channel": "online", "lines": lines, "coupons": ["TWICE", "FIVE"]})
    elsewhere = api.post("/api/v1/purchases", json={"external_id": "SHOP-78", "member": {"id": member.id},
                                                    "channel": "online", "lines": lines, "coupons": ["FIVE"]})

    assert posted.status_code == 201, posted.json()
    body = posted.json()
    assert (body["total_before_vouchers"], body["total"]) == (4400, 3900)
    assert [(v["code"], v["discount"]) for v in body["vouchers"]] == [("TWICE", 0), ("FIVE", 500)]
    assert body["points"]["earned"] == 78  # 39.00 earns 39, doubled by the code redeemed at checkout
    # The codes were used once, at checkout: the purchase took no second use.
    assert exported(api, five_off["id"])[0]["uses"] == "1"
    assert (elsewhere.status_code, elsewhere.json()["error"]["code"]) == (409, "voucher_used_up")


def test_a_code_redeemed_for_another_member_on_the_order_is_not_theirs(
        api: TestClient, database: Database, program: Program) -> None:
    alice, bob = make_member(database, program), make_member(database, program)
    campaign_with_code(api, {"name": "5 off", "kind": "fixed_amount", "amount": 500}, "ALICES")
    api.post("/api/v1/vouchers/redeem", json={"code": "ALICES", "basket": BASKET, "order_id": "SHOP-9",
                                              "member": {"id": alice.id}}, headers={"Idempotency-Key": "a"})
    lines = [{k: line[k] for k in ("sku", "category", "quantity", "unit_price")} for line in BASKET_LINES]

    posted = api.post("/api/v1/purchases", json={"external_id": "SHOP-9", "member": {"id": bob.id},
                                                 "lines": lines, "coupons": ["ALICES"]})

    assert (posted.status_code, posted.json()["error"]["code"]) == (404, "voucher_not_found")


def test_a_code_added_after_one_redeemed_at_checkout_takes_only_what_is_left(
        api: TestClient, database: Database, program: Program) -> None:
    member = make_member(database, program)
    campaign_with_code(api, {"name": "8 off", "kind": "fixed_amount", "amount": 800}, "EIGHT")
    campaign_with_code(api, {"name": "5 off", "kind": "fixed_amount", "amount": 500}, "FIVE")
    one_line = [{"sku": "MUG", "category": "home", "quantity": 1, "unit_price": 1000}]
    redeemed = api.post("/api/v1/vouchers/redeem", json={
        "code": "EIGHT", "order_id": "SHOP-5", "member": {"id": member.id},
        "basket": {"channel": "online", "lines": [{"line_no": 1, **one_line[0]}]}},
        headers={"Idempotency-Key": "eight"})
    assert redeemed.status_code == 201

    posted = api.post("/api/v1/purchases", json={"external_id": "SHOP-5", "member": {"id": member.id},
                                                 "lines": one_line, "coupons": ["EIGHT", "FIVE"]})

    assert posted.status_code == 201, posted.json()
    assert [(v["code"], v["discount"]) for v in posted.json()["vouchers"]] == [("EIGHT", 800), ("FIVE", 200)]
    assert posted.json()["total"] == 0


def test_a_reporting_key_reads_campaigns_but_never_their_codes(api: TestClient, client: TestClient,
                                                               database: Database, program: Program) -> None:
    campaign = create_campaign(api, XMAS)
    reporting = make_api_key(database, program, scopes=["vouchers:read"]).headers
    managing = make_api_key(database, program, scopes=["vouchers:write"]).headers

    listed = client.get("/api/v1/voucher-campaigns", headers=reporting)
    read = client.get(f"/api/v1/voucher-campaigns/{campaign['id']}", headers=reporting)
    codes = client.get(f"/api/v1/voucher-campaigns/{campaign['id']}/codes.csv", headers=reporting)
    changed = client.patch(f"/api/v1/voucher-campaigns/{campaign['id']}", json={"name": "x"}, headers=reporting)
    read_by_manager = client.get(f"/api/v1/voucher-campaigns/{campaign['id']}", headers=managing)

    assert [c["id"] for c in listed.json()["items"]] == [campaign["id"]] and read.json()["name"] == XMAS["name"]
    assert (codes.status_code, codes.json()["error"]["details"]) == (403, {"required_scope": "vouchers:write"})
    assert changed.status_code == 403
    assert read_by_manager.status_code == 200  # managing includes reading
