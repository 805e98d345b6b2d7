"""The rewards catalogue over HTTP, on both databases: definitions, the member's catalogue,
idempotent redemptions, receipts, fulfilment, code pools, causes, scopes and isolation."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.ledger import balance, give_points, verify_ok
from tests.factories.programs import make_api_key, make_program
from tests.factories.tiers import make_levels
from tests.pdf import pdf_text

ADDRESS = {"line1": "ul. Piotrkowska 1", "city": "Łódź", "postal_code": "90-001", "country": "PL"}


@pytest.fixture
def member_id(api: TestClient, database: Database, program: Program) -> int:
    created = api.post("/api/v1/members", json={"email": "ola@example.com", "first_name": "Ola",
                                                "last_name": "Żółć", "address": ADDRESS})
    assert created.status_code == 201
    give_points(database, program, created.json()["id"], 1000)
    return int(created.json()["id"])


def create_reward(api: TestClient, **fields: Any) -> dict[str, Any]:
    body = {"kind": "physical", "names": {"en": "Coffee mug", "pl": "Kubek z Łodzi"}, "points_price": 300, **fields}
    response = api.post("/api/v1/rewards", json=body)
    assert response.status_code == 201, response.json()
    return dict(response.json())


def redeem(api: TestClient, member_id: int, key: str, **body: Any) -> Any:
    return api.post(f"/api/v1/members/{member_id}/redemptions", json=body, headers={"Idempotency-Key": key})


def test_a_reward_is_defined_read_and_changed(api: TestClient) -> None:
    created = create_reward(api, stock=10, money_price=499, image_urls=["https://cdn.example.com/mug.png"],
                            descriptions={"en": "Stoneware, 300 ml"}, limit_per_member=2)
    assert {k: created[k] for k in ("kind", "unit", "points_price", "money_price", "currency", "stock", "available",
                                    "redeemed_count", "limit_per_member", "is_active")} == {
        "kind": "physical", "unit": "points", "points_price": 300, "money_price": 499, "currency": "EUR",
        "stock": 10, "available": 10, "redeemed_count": 0, "limit_per_member": 2, "is_active": True}
    reward_id = created["id"]
    assert api.get(f"/api/v1/rewards/{reward_id}").json() == created
    changed = api.patch(f"/api/v1/rewards/{reward_id}", json={"points_price": 350, "limit_per_member": None})
    assert changed.status_code == 200
    assert (changed.json()["points_price"], changed.json()["limit_per_member"]) == (350, None)
    assert [r["id"] for r in api.get("/api/v1/rewards", params={"kind": "physical"}).json()["items"]] == [reward_id]
    assert api.get("/api/v1/rewards", params={"kind": "cashback"}).json()["items"] == []


def test_a_definition_that_does_not_fit_its_kind_is_422_naming_the_field(api: TestClient) -> None:
    missing_pool = api.post("/api/v1/rewards", json={"kind": "e_voucher", "names": {"en": "Cinema"},
                                                     "points_price": 10})
    assert missing_pool.status_code == 422
    assert (missing_pool.json()["error"]["code"], missing_pool.json()["error"]["field"]) == \
        ("missing_reference", "code_pool_id")
    no_locale = api.post("/api/v1/rewards", json={"kind": "physical", "names": {"pl": "Kubek"}, "points_price": 10})
    assert no_locale.json()["error"]["field"] == "names.en"
    unknown = api.post("/api/v1/rewards", json={"kind": "physical", "names": {"en": "x"}, "points_price": 1,
                                                "colour": "red"})
    assert (unknown.status_code, unknown.json()["error"]["field"]) == (422, "colour")
    no_cashback_unit = api.post("/api/v1/rewards", json={"kind": "cashback", "names": {"en": "x"},
                                                         "points_price": 100, "cashback_rate": "1"})
    assert no_cashback_unit.json()["error"]["code"] == "unknown_unit"
    foreign_pool = api.post("/api/v1/rewards", json={"kind": "e_voucher", "names": {"en": "x"}, "points_price": 1,
                                                     "code_pool_id": 999999})
    assert (foreign_pool.status_code, foreign_pool.json()["error"]["code"]) == (404, "code_pool_not_found")


def test_pictures_with_words_on_them_are_shown_in_the_member_language(api: TestClient, member_id: int) -> None:
    poster = {"en": ["https://cdn.example.com/poster-en.png"], "pl-PL": ["https://cdn.example.com/plakat.png"]}
    reward = create_reward(api, image_urls=["https://cdn.example.com/mug.png"], images_by_language=poster)
    bad_language = api.patch(f"/api/v1/rewards/{reward['id']}", json={"images_by_language": {"polish!": []}})
    bad_url = api.patch(f"/api/v1/rewards/{reward['id']}",
                        json={"images_by_language": {"de": ["ftp://cdn.example.com/x.png"]}})

    def pictures(language: str) -> list[str]:
        items = api.get(f"/api/v1/members/{member_id}/catalogue", params={"lang": language}).json()["items"]
        return list(next(item["image_urls"] for item in items if item["reward_id"] == reward["id"]))

    assert reward["images_by_language"] == poster
    assert pictures("pl") == pictures("pl-PL") == ["https://cdn.example.com/plakat.png"]
    assert pictures("en-GB") == ["https://cdn.example.com/poster-en.png"]
    assert pictures("de") == ["https://cdn.example.com/mug.png"]  # the reward's own, not another language's
    assert (bad_language.status_code, bad_language.json()["error"]["field"]) == (422, "images_by_language")
    assert "not an http(s) URL" in bad_url.json()["error"]["message"]
    no_pictures = api.patch(f"/api/v1/rewards/{reward['id']}", json={"images_by_language": {"pl": []}})
    assert no_pictures.status_code == 422 and "leave the language out" in no_pictures.json()["error"]["message"]
    cleared = api.patch(f"/api/v1/rewards/{reward['id']}", json={"images_by_language": {}})
    assert cleared.json()["images_by_language"] == {} and pictures("pl") == ["https://cdn.example.com/mug.png"]


def test_stock_is_added_set_and_never_taken_below_zero(api: TestClient) -> None:
    reward_id = create_reward(api, stock=2)["id"]
    assert api.post(f"/api/v1/rewards/{reward_id}/stock", json={"add": 5}).json()["stock"] == 7
    too_many = api.post(f"/api/v1/rewards/{reward_id}/stock", json={"add": -8})
    assert (too_many.status_code, too_many.json()["error"]["code"]) == (409, "stock_would_go_negative")
    assert too_many.json()["error"]["message"] == "Only 7 left; cannot remove 8."
    assert api.post(f"/api/v1/rewards/{reward_id}/stock", json={"set": None}).json()["stock"] is None
    both = api.post(f"/api/v1/rewards/{reward_id}/stock", json={"add": 1, "set": 3})
    assert both.status_code == 422


def test_the_catalogue_shows_names_in_the_member_language_and_why_not(api: TestClient, member_id: int) -> None:
    affordable = create_reward(api)["id"]
    expensive = create_reward(api, names={"en": "Espresso machine"}, points_price=5000)["id"]
    response = api.get(f"/api/v1/members/{member_id}/catalogue", params={"lang": "pl"})
    assert response.status_code == 200
    body = response.json()
    assert (body["language"], body["balances"]) == ("pl", {"points": 1000})
    items = {item["reward_id"]: item for item in body["items"]}
    assert (items[affordable]["name"], items[affordable]["can_redeem"], items[affordable]["reasons"]) == \
        ("Kubek z Łodzi", True, [])
    assert items[expensive]["name"] == "Espresso machine"
    assert items[expensive]["can_redeem"] is False
    assert items[expensive]["reasons"] == [{"code": "insufficient_points",
                                            "message": "Needs 5000 points; the member has 1000."}]


def test_a_coupon_of_a_stopped_campaign_is_not_offered_and_costs_nothing(api: TestClient, database: Database,
                                                                         program: Program, member_id: int) -> None:
    campaign = api.post("/api/v1/voucher-campaigns", json={"name": "Free coffee", "kind": "free_product",
                                                            "sku": "CAP"}).json()
    api.post(f"/api/v1/voucher-campaigns/{campaign['id']}/code-batches", json={"count": 2, "length": 12})
    reward_id = create_reward(api, kind="coupon", voucher_campaign_id=campaign["id"], names={"en": "Free coffee"},
                              points_price=200)["id"]
    assert api.post(f"/api/v1/voucher-campaigns/{campaign['id']}/deactivate").status_code == 200

    catalogue = api.get(f"/api/v1/members/{member_id}/catalogue").json()
    refused = redeem(api, member_id, "coffee", reward_id=reward_id)

    stopped = {"code": "coupon_unavailable", "message": "This coupon is no longer offered."}
    [item] = [item for item in catalogue["items"] if item["reward_id"] == reward_id]
    assert (item["can_redeem"], item["available"], item["reasons"]) == (False, 2, [stopped])
    assert refused.status_code == 409
    assert refused.json()["error"] == {**stopped, "field": None, "details": {"reasons": [stopped]}}
    assert balance(database, program, member_id).available == 1000
    assert api.get(f"/api/v1/members/{member_id}/vouchers").json()["items"] == []


def test_a_reward_for_a_tier_the_program_does_not_have_is_422(api: TestClient, database: Database,
                                                               program: Program) -> None:
    make_levels(database, program)
    typo = api.post("/api/v1/rewards", json={"kind": "physical", "names": {"en": "Lounge pass"}, "points_price": 10,
                                             "eligible_tiers": ["gold", "platnum"]})
    reward_id = create_reward(api, eligible_tiers=["gold", "platinum"])["id"]
    changed = api.patch(f"/api/v1/rewards/{reward_id}", json={"eligible_tiers": ["silvr"]})

    assert typo.status_code == 422
    assert typo.json()["error"] == {
        "code": "unknown_tier", "field": "eligible_tiers.1",
        "message": "Unknown tier code 'platnum' in eligible_tiers; the program's tiers are member, silver, gold, "
                   "platinum.",
        "details": {"unknown": ["platnum"], "known": ["member", "silver", "gold", "platinum"]}}
    assert (changed.status_code, changed.json()["error"]["code"], changed.json()["error"]["field"]) == (
        422, "unknown_tier", "eligible_tiers.0")
    assert api.get(f"/api/v1/rewards/{reward_id}").json()["eligible_tiers"] == ["gold", "platinum"]


def test_redeeming_twice_with_one_key_charges_once(api: TestClient, database: Database, program: Program,
                                                   member_id: int) -> None:
    reward_id = create_reward(api, stock=5)["id"]
    first = redeem(api, member_id, "order-1", reward_id=reward_id)
    again = redeem(api, member_id, "order-1", reward_id=reward_id)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    body = first.json()
    assert (body["status"], body["points"], body["reward_name"], body["allowed_transitions"]) == \
        ("requested", 300, "Coffee mug", ["confirmed", "cancelled"])
    assert body["receipt_number"].startswith("R-") and body["receipt_number"].endswith(f"{body['id']:06d}")
    assert balance(database, program, member_id).available == 700
    assert api.get(f"/api/v1/rewards/{reward_id}").json()["stock"] == 4
    other_body = redeem(api, member_id, "order-1", reward_id=reward_id, language="pl")
    assert (other_body.status_code, other_body.json()["error"]["code"]) == (409, "idempotency_mismatch")
    no_key = api.post(f"/api/v1/members/{member_id}/redemptions", json={"reward_id": reward_id})
    assert (no_key.status_code, no_key.json()["error"]["code"]) == (422, "idempotency_key_required")
    listed = api.get(f"/api/v1/members/{member_id}/redemptions").json()
    assert [item["id"] for item in listed["items"]] == [body["id"]] and listed["next_cursor"] is None


def test_a_refused_redemption_is_409_with_every_reason_and_costs_nothing(api: TestClient, database: Database,
                                                                         program: Program, member_id: int) -> None:
    reward_id = create_reward(api, points_price=5000, stock=0)["id"]
    refused = redeem(api, member_id, "k", reward_id=reward_id)
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert (error["code"], [r["code"] for r in error["details"]["reasons"]]) == \
        ("out_of_stock", ["out_of_stock", "insufficient_points"])
    assert balance(database, program, member_id).available == 1000
    # The key was not used up by the refusal: the same key works once the reward can be had.
    api.patch(f"/api/v1/rewards/{reward_id}", json={"points_price": 100})
    api.post(f"/api/v1/rewards/{reward_id}/stock", json={"set": 1})
    assert redeem(api, member_id, "k", reward_id=reward_id).status_code == 201


def test_the_receipt_is_a_pdf_naming_the_reward(api: TestClient, member_id: int) -> None:
    reward_id = create_reward(api, names={"en": "Łódź city tour"}, money_price=1250)["id"]
    redemption = redeem(api, member_id, "tour", reward_id=reward_id).json()
    response = api.get(f"/api/v1/members/{member_id}/redemptions/{redemption['id']}/receipt.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'inline; filename="{redemption["receipt_number"]}.pdf"'
    text = pdf_text(response.content)
    for expected in ("Łódź city tour", redemption["receipt_number"], "Test shop", "300 points", "12.50 EUR",
                     "Ola Żółć"):
        assert expected in text, expected


def test_fulfilment_over_http_and_cancel_returns_points(api: TestClient, database: Database, program: Program,
                                                        member_id: int) -> None:
    reward_id = create_reward(api, stock=1)["id"]
    redemption_id = redeem(api, member_id, "a", reward_id=reward_id).json()["id"]
    queue = api.get("/api/v1/redemptions", params={"status": "requested"}).json()
    assert [item["id"] for item in queue["items"]] == [redemption_id]
    skipped = api.post(f"/api/v1/redemptions/{redemption_id}/status", json={"status": "delivered"})
    assert (skipped.status_code, skipped.json()["error"]["code"]) == (409, "transition_not_allowed")
    assert skipped.json()["error"]["details"]["allowed"] == ["confirmed", "cancelled"]
    confirmed = api.post(f"/api/v1/redemptions/{redemption_id}/status",
                         json={"status": "confirmed", "note": "packed"})
    assert confirmed.json()["history"][-1]["note"] == "packed"
    cancelled = api.post(f"/api/v1/redemptions/{redemption_id}/status", json={"status": "cancelled"})
    assert (cancelled.status_code, cancelled.json()["status"], cancelled.json()["allowed_transitions"]) == \
        (200, "cancelled", [])
    assert balance(database, program, member_id).available == 1000
    assert api.get(f"/api/v1/rewards/{reward_id}").json()["stock"] == 1
    timeline = api.get(f"/api/v1/members/{member_id}/timeline").json()["items"]
    assert [e["type"] for e in timeline[:3]] == ["redemption.cancelled", "points.returned", "redemption.confirmed"]
    assert timeline[1]["payload"]["redemption_id"] == redemption_id
    # The member's history says the points came back, not that someone adjusted them.
    points = api.get(f"/api/v1/members/{member_id}/balance").json()["units"]["points"]
    assert (points["spent"], points["returned"], points["adjusted"]) == (300, 300, 0)
    entry = api.get(f"/api/v1/members/{member_id}/ledger").json()["items"][0]
    assert (entry["kind"], entry["amount"]) == ("return", 300)
    assert entry["reason"].startswith("Redemption R-") and entry["reason"].endswith(" cancelled")
    assert verify_ok(database) == []


def test_a_code_pool_is_filled_from_csv_and_bad_lines_are_named(api: TestClient, member_id: int) -> None:
    pool = api.post("/api/v1/code-pools", json={"name": "Cinema City", "low_threshold": 2}).json()
    bad = api.post(f"/api/v1/code-pools/{pool['id']}/codes", content=b"code\nCC-1\nCC-1\n\nCC 3\n",
                   headers={"Content-Type": "text/csv"})
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "line 3"
    assert bad.json()["error"]["message"] == "Line 3: code 'CC-1' repeats line 2 (and 1 more problems). " \
                                             "Nothing was imported."
    assert [p["line"] for p in bad.json()["error"]["details"]["problems"]] == [3, 5]
    not_utf8 = api.post(f"/api/v1/code-pools/{pool['id']}/codes", content=b"CC-1\nCAF\xe9\n",
                        headers={"Content-Type": "text/csv"})
    assert (not_utf8.status_code, not_utf8.json()["error"]["field"]) == (422, "line 2")
    good = api.post(f"/api/v1/code-pools/{pool['id']}/codes", content=b"code\nCC-1\nCC-2\nCC-3\n",
                    headers={"Content-Type": "text/csv"})
    assert good.status_code == 201
    assert good.json() == {"pool_id": pool["id"], "imported": 3, "codes_available": 3, "is_low": False}
    reward_id = create_reward(api, kind="e_voucher", code_pool_id=pool["id"], names={"en": "Cinema ticket"})["id"]
    assert redeem(api, member_id, "t1", reward_id=reward_id).json()["code"] == "CC-1"
    read = api.get(f"/api/v1/code-pools/{pool['id']}").json()
    assert (read["codes_available"], read["codes_used"], read["is_low"]) == (2, 1, False)
    assert redeem(api, member_id, "t2", reward_id=reward_id).json()["code"] == "CC-2"
    assert api.get("/api/v1/code-pools").json()["items"][0]["is_low"] is True


def test_causes_show_their_running_total(api: TestClient, member_id: int) -> None:
    cause = api.post("/api/v1/causes", json={"name": "Schronisko", "description": "Dogs and cats"}).json()
    reward_id = create_reward(api, kind="donation", cause_id=cause["id"], points_price=50,
                              names={"en": "Give to the shelter"})["id"]
    assert redeem(api, member_id, "d1", reward_id=reward_id, points=120).json()["points"] == 120
    assert redeem(api, member_id, "d2", reward_id=reward_id).json()["points"] == 50
    read = api.get(f"/api/v1/causes/{cause['id']}").json()
    assert (read["points_total"], read["donations_count"]) == (170, 2)
    closed = api.patch(f"/api/v1/causes/{cause['id']}", json={"is_active": False}).json()
    assert closed["is_active"] is False
    assert api.get(f"/api/v1/members/{member_id}/catalogue").json()["items"] == []


def test_scopes_separate_managing_redeeming_and_reading(client: TestClient, database: Database, program: Program,
                                                        api: TestClient, member_id: int) -> None:
    reward_id = create_reward(api)["id"]
    till = make_api_key(database, program, scopes=["rewards:redeem"])
    reader = make_api_key(database, program, scopes=["members:read"])
    headers = {**till.headers, "Idempotency-Key": "till-1"}
    cannot_manage = client.post("/api/v1/rewards", headers=till.headers,
                                json={"kind": "physical", "names": {"en": "x"}, "points_price": 1})
    assert (cannot_manage.status_code, cannot_manage.json()["error"]["details"]) == \
        (403, {"required_scope": "rewards:write"})
    assert client.post(f"/api/v1/members/{member_id}/redemptions", json={"reward_id": reward_id},
                       headers={**reader.headers, "Idempotency-Key": "r"}).status_code == 403
    redeemed = client.post(f"/api/v1/members/{member_id}/redemptions", json={"reward_id": reward_id},
                           headers=headers)
    assert redeemed.status_code == 201
    assert client.get(f"/api/v1/members/{member_id}/catalogue", headers=reader.headers).status_code == 200
    assert client.post(f"/api/v1/redemptions/{redeemed.json()['id']}/status", json={"status": "confirmed"},
                       headers=till.headers).status_code == 403


def test_another_program_gets_404_for_every_member_facing_route(client: TestClient, database: Database,
                                                                api: TestClient, member_id: int) -> None:
    reward_id = create_reward(api)["id"]
    redemption_id = redeem(api, member_id, "mine", reward_id=reward_id).json()["id"]
    pool_id = api.post("/api/v1/code-pools", json={"name": "P"}).json()["id"]
    cause_id = api.post("/api/v1/causes", json={"name": "C"}).json()["id"]
    other = make_program(database, name="Other shop")
    theirs = make_api_key(database, other, scopes=["admin"])
    their_member = client.post("/api/v1/members", json={"email": "x@example.com"}, headers=theirs.headers).json()
    for method, path, body in (
        ("GET", f"/api/v1/members/{member_id}/catalogue", None),
        ("GET", f"/api/v1/members/{member_id}/stamp-cards", None),
        ("GET", f"/api/v1/members/{member_id}/redemptions", None),
        ("GET", f"/api/v1/members/{member_id}/redemptions/{redemption_id}", None),
        ("GET", f"/api/v1/members/{member_id}/redemptions/{redemption_id}/receipt.pdf", None),
        ("GET", f"/api/v1/members/{their_member['id']}/redemptions/{redemption_id}", None),
        ("GET", f"/api/v1/members/{their_member['id']}/redemptions/{redemption_id}/receipt.pdf", None),
        ("POST", f"/api/v1/members/{member_id}/redemptions", {"reward_id": reward_id}),
        ("POST", f"/api/v1/members/{their_member['id']}/redemptions", {"reward_id": reward_id}),
        ("POST", f"/api/v1/redemptions/{redemption_id}/status", {"status": "cancelled"}),
        ("GET", f"/api/v1/rewards/{reward_id}", None),
        ("PATCH", f"/api/v1/rewards/{reward_id}", {"points_price": 1}),
        ("GET", f"/api/v1/code-pools/{pool_id}", None),
        ("POST", f"/api/v1/code-pools/{pool_id}/codes", None),
        ("GET", f"/api/v1/causes/{cause_id}", None),
    ):
        headers = {**theirs.headers, "Idempotency-Key": "x"}
        if method == "POST" and body is None:
            response = client.post(path, content=b"A\n", headers={**headers, "Content-Type": "text/csv"})
        else:
            response = client.request(method, path, json=body, headers=headers)
        assert response.status_code == 404, (method, path, response.json())
    assert client.get("/api/v1/redemptions", headers=theirs.headers).json()["items"] == []
    assert client.get("/api/v1/rewards", headers=theirs.headers).json()["items"] == []


def test_the_openapi_document_lists_the_rewards_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/rewards", "/api/v1/rewards/{reward_id}/stock", "/api/v1/members/{member_id}/catalogue",
                 "/api/v1/members/{member_id}/redemptions",
                 "/api/v1/members/{member_id}/redemptions/{redemption_id}/receipt.pdf",
                 "/api/v1/redemptions/{redemption_id}/status", "/api/v1/code-pools/{pool_id}/codes", "/api/v1/causes"):
        assert path in paths, path
    assert "text/csv" in paths["/api/v1/code-pools/{pool_id}/codes"]["post"]["requestBody"]["content"]
