"""The program's gift voucher and bonus card API over HTTP, on both databases: codes shown
once (JSON or CSV), idempotent issue and top-up, cancel, block, fulfilment, receipts, scopes,
and other programs' gifts are 404."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.gift_vouchers import domain as gift_domain
from loyalty.programs.models import Program
from tests.factories import gift_vouchers as g
from tests.factories import rewards as r
from tests.factories.programs import make_api_key, make_program


def issue(api: TestClient, **body: object) -> dict:
    response = api.post("/api/v1/gift-vouchers/batches", json={"label": "ACME Christmas", "count": 2, "value": 500,
                                                                **body})
    assert response.status_code == 201, response.json()
    return dict(response.json())


def test_a_batch_returns_its_codes_once_and_lists_never_show_them(gift_api: TestClient) -> None:
    batch = issue(gift_api, count=3, expires_at="2099-12-24T23:00:00+01:00")

    assert (batch["label"], batch["count"], batch["value"], batch["expires_at"]) == (
        "ACME Christmas", 3, 500, "2099-12-24T22:00:00Z")
    codes = [voucher["code"] for voucher in batch["vouchers"]]
    assert len(set(codes)) == 3 and all(gift_domain.normalize_code(code) == code for code in codes)
    listed = gift_api.get("/api/v1/gift-vouchers", params={"label": "ACME Christmas"}).json()
    assert [item["id"] for item in listed["items"]] == sorted((v["id"] for v in batch["vouchers"]), reverse=True)
    assert not any(code in str(listed) for code in codes)
    first = batch["vouchers"][0]
    read = gift_api.get(f"/api/v1/gift-vouchers/{first['id']}").json()
    assert {k: read[k] for k in ("kind", "label", "code_prefix", "card_number", "funded_total", "balance", "status",
                                 "is_expired")} == {
        "kind": "voucher", "label": "ACME Christmas", "code_prefix": first["code"][:9], "card_number": None,
        "funded_total": 500, "balance": 500, "status": "active", "is_expired": False}
    assert [(m["kind"], m["amount"], m["balance_after"]) for m in
            gift_api.get(f"/api/v1/gift-vouchers/{first['id']}/movements").json()["items"]] == [("issue", 500, 500)]


def test_a_batch_comes_as_csv_when_asked(gift_api: TestClient) -> None:
    response = gift_api.post("/api/v1/gift-vouchers/batches", json={"label": "ACME", "count": 2, "value": 250},
                             headers={"Accept": "text/csv"})

    assert response.status_code == 201
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(row["value"], row["label"], row["expires_at"]) for row in rows] == [("250", "ACME", "")] * 2
    assert all(gift_domain.normalize_code(row["code"]) == row["code"] for row in rows)
    ids = [int(row["voucher_id"]) for row in rows]
    assert [gift_api.get(f"/api/v1/gift-vouchers/{voucher_id}").json()["balance"] for voucher_id in ids] == [250, 250]


def test_retrying_an_issue_with_its_key_issues_nothing_and_shows_no_code(gift_api: TestClient) -> None:
    headers = {"Idempotency-Key": "batch-2026-xmas"}
    body = {"label": "Retry Ltd", "count": 2, "value": 100}
    first = gift_api.post("/api/v1/gift-vouchers/batches", json=body, headers=headers)
    again = gift_api.post("/api/v1/gift-vouchers/batches", json=body, headers=headers)

    assert first.status_code == 201
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_issued"
    assert again.json()["error"]["details"]["voucher_ids"] == [v["id"] for v in first.json()["vouchers"]]
    assert not any(v["code"] in again.text for v in first.json()["vouchers"])
    assert len(gift_api.get("/api/v1/gift-vouchers", params={"label": "Retry Ltd"}).json()["items"]) == 2
    changed = gift_api.post("/api/v1/gift-vouchers/batches", json={**body, "count": 3}, headers=headers)
    assert (changed.status_code, changed.json()["error"]["code"]) == (409, "idempotency_mismatch")


def test_input_is_checked_naming_the_field(gift_api: TestClient) -> None:
    too_many = gift_api.post("/api/v1/gift-vouchers/batches", json={"label": "x", "count": 10_001, "value": 1})
    unknown = gift_api.post("/api/v1/gift-vouchers/batches", json={"label": "x", "count": 1, "value": 1, "code": "A"})
    past = gift_api.post("/api/v1/gift-vouchers/batches", json={"label": "x", "count": 1, "value": 1,
                                                                "expires_at": "2020-01-01T00:00:00Z"})
    short_pin = gift_api.post("/api/v1/bonus-cards", json={"label": "x", "pin": "12"})

    assert (too_many.status_code, too_many.json()["error"]["field"]) == (422, "count")
    assert (unknown.status_code, unknown.json()["error"]["code"], unknown.json()["error"]["field"]) == (
        422, "unknown_field", "code")
    assert (past.status_code, past.json()["error"]["code"], past.json()["error"]["field"]) == (
        422, "invalid_expiry", "expires_at")
    assert (short_pin.status_code, short_pin.json()["error"]["field"]) == (422, "pin")


def test_a_cancelled_voucher_is_written_off_and_no_longer_signs_in(gift_api: TestClient) -> None:
    voucher = issue(gift_api, count=1)["vouchers"][0]

    cancelled = gift_api.post(f"/api/v1/gift-vouchers/{voucher['id']}/cancel", json={"reason": "Lost in the post"})
    again = gift_api.post(f"/api/v1/gift-vouchers/{voucher['id']}/cancel", json={})

    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["balance"]) == ("cancelled", 0)
    assert again.json() == cancelled.json()
    assert [(m["kind"], m["amount"], m["note"]) for m in
            gift_api.get(f"/api/v1/gift-vouchers/{voucher['id']}/movements").json()["items"]] == [
        ("cancel", -500, "Lost in the post"), ("issue", 500, "ACME Christmas")]
    assert [v["id"] for v in gift_api.get("/api/v1/gift-vouchers", params={"status": "cancelled"}).json()["items"]] \
        == [voucher["id"]]


def test_a_bonus_card_is_created_topped_up_once_per_key_and_blocked(gift_api: TestClient) -> None:
    created = gift_api.post("/api/v1/bonus-cards", json={"label": "ACME staff", "value": 1000})
    assert created.status_code == 201
    card, pin = created.json()["card"], created.json()["pin"]
    assert len(pin) == 6 and gift_domain.normalize_card_number(card["card_number"]) == card["card_number"]
    assert (card["kind"], card["balance"], card["funded_total"], card["code_prefix"]) == ("bonus_card", 1000, 1000,
                                                                                         None)
    card_id = card["id"]
    assert pin not in gift_api.get(f"/api/v1/bonus-cards/{card_id}").text

    no_key = gift_api.post(f"/api/v1/bonus-cards/{card_id}/top-ups", json={"amount": 500})
    topped = gift_api.post(f"/api/v1/bonus-cards/{card_id}/top-ups", json={"amount": 500, "note": "Invoice 7"},
                           headers={"Idempotency-Key": "top-up-7"})
    replayed = gift_api.post(f"/api/v1/bonus-cards/{card_id}/top-ups", json={"amount": 500, "note": "Invoice 7"},
                             headers={"Idempotency-Key": "top-up-7"})

    assert (no_key.status_code, no_key.json()["error"]["code"]) == (422, "idempotency_key_required")
    assert (topped.status_code, topped.json()["balance"], topped.json()["funded_total"]) == (200, 1500, 1500)
    assert replayed.json() == topped.json() and replayed.headers["Idempotent-Replayed"] == "true"
    assert gift_api.get(f"/api/v1/bonus-cards/{card_id}").json()["balance"] == 1500

    blocked = gift_api.post(f"/api/v1/bonus-cards/{card_id}/block")
    assert blocked.json()["status"] == "blocked"
    assert [c["id"] for c in gift_api.get("/api/v1/bonus-cards", params={"status": "blocked"}).json()["items"]] == [
        card_id]
    assert gift_api.post(f"/api/v1/bonus-cards/{card_id}/unblock").json()["status"] == "active"
    movements = gift_api.get(f"/api/v1/bonus-cards/{card_id}/movements").json()
    assert [(m["kind"], m["amount"]) for m in movements["items"]] == [("top_up", 500), ("issue", 1000)]
    assert movements["next_cursor"] is None
    # A card is not a voucher, nor the other way round.
    assert gift_api.get(f"/api/v1/gift-vouchers/{card_id}").status_code == 404


def test_a_card_created_with_a_given_pin_does_not_echo_it(gift_api: TestClient) -> None:
    created = gift_api.post("/api/v1/bonus-cards", json={"label": "ACME", "pin": "9876", "number_prefix": "81"})
    assert created.status_code == 201
    assert created.json()["pin"] is None and created.json()["card"]["card_number"].startswith("81")


def test_gift_redemptions_are_fulfilled_and_their_receipts_read(gift_api: TestClient, database: Database,
                                                                program: Program) -> None:
    voucher = g.issue_voucher(database, program, value=500)
    mug = r.make_reward(database, program, names={"en": "Mug"}, points_price=300, stock=2)
    redemption = g.gift_redeem(database, voucher.id, mug.id, **g.physical())

    queue = gift_api.get("/api/v1/gift-redemptions", params={"status": "requested"}).json()
    confirmed = gift_api.post(f"/api/v1/gift-redemptions/{redemption.id}/status", json={"status": "confirmed"})
    cancelled = gift_api.post(f"/api/v1/gift-redemptions/{redemption.id}/status",
                              json={"status": "cancelled", "note": "Out of mugs after all"})
    shipped = gift_api.post(f"/api/v1/gift-redemptions/{redemption.id}/status", json={"status": "shipped"})
    receipt = gift_api.get(f"/api/v1/gift-redemptions/{redemption.id}/receipt.pdf")

    assert [item["id"] for item in queue["items"]] == [redemption.id]
    assert queue["items"][0]["delivery_address"] == g.ADDRESS
    assert confirmed.json()["allowed_transitions"] == ["shipped", "cancelled"]
    assert [entry["status"] for entry in cancelled.json()["history"]] == ["requested", "confirmed", "cancelled"]
    assert (shipped.status_code, shipped.json()["error"]["code"]) == (409, "transition_not_allowed")
    assert gift_api.get(f"/api/v1/gift-vouchers/{voucher.id}").json()["balance"] == 500
    assert (receipt.status_code, receipt.headers["content-type"]) == (200, "application/pdf")
    assert receipt.content.startswith(b"%PDF-")


def test_the_gift_api_needs_a_key_with_rewards_write(gift_client: TestClient, database: Database,
                                                     program: Program) -> None:
    redeemer = make_api_key(database, program, scopes=["rewards:redeem", "members:read"])

    anonymous = gift_client.get("/api/v1/gift-vouchers")
    wrong_scope = gift_client.post("/api/v1/bonus-cards", json={"label": "x"}, headers=redeemer.headers)

    assert (anonymous.status_code, anonymous.json()["error"]["code"]) == (401, "missing_api_key")
    assert (wrong_scope.status_code, wrong_scope.json()["error"]["details"]["required_scope"]) == (403,
                                                                                                  "rewards:write")


def test_another_programs_gifts_are_not_found(gift_client: TestClient, database: Database, program: Program) -> None:
    voucher = g.issue_voucher(database, program)
    card = g.make_bonus_card(database, program)
    mug = r.make_reward(database, program, points_price=100)
    redemption = g.gift_redeem(database, voucher.id, mug.id, **g.physical())
    stranger = make_api_key(database, make_program(database, name="Other shop"), scopes=["admin"])
    headers = {**stranger.headers, "Idempotency-Key": "stranger-1"}

    responses = [
        gift_client.get(f"/api/v1/gift-vouchers/{voucher.id}", headers=headers),
        gift_client.get(f"/api/v1/gift-vouchers/{voucher.id}/movements", headers=headers),
        gift_client.post(f"/api/v1/gift-vouchers/{voucher.id}/cancel", json={}, headers=headers),
        gift_client.get(f"/api/v1/bonus-cards/{card.card.id}", headers=headers),
        gift_client.post(f"/api/v1/bonus-cards/{card.card.id}/top-ups", json={"amount": 1}, headers=headers),
        gift_client.post(f"/api/v1/bonus-cards/{card.card.id}/block", headers=headers),
        gift_client.get(f"/api/v1/gift-redemptions/{redemption.id}", headers=headers),
        gift_client.post(f"/api/v1/gift-redemptions/{redemption.id}/status", json={"status": "cancelled"},
                         headers=headers),
        gift_client.get(f"/api/v1/gift-redemptions/{redemption.id}/receipt.pdf", headers=headers),
    ]

    assert [response.status_code for response in responses] == [404] * len(responses)
    assert gift_client.get("/api/v1/gift-vouchers", headers=headers).json()["items"] == []
    assert gift_client.get("/api/v1/gift-redemptions", headers=headers).json()["items"] == []
    assert g.voucher(database, program, voucher.id).status == "active"
    assert g.voucher(database, program, card.card.id, kind="bonus_card").balance == 1000


def test_every_gift_operation_is_described_in_openapi_and_the_pages_are_not_in_it(gift_client: TestClient) -> None:
    spec = gift_client.get("/openapi.json").json()
    gift_paths = {path: item for path, item in spec["paths"].items()
                  if path.startswith(("/api/v1/gift-", "/api/v1/bonus-cards", "/gift"))}

    assert "/api/v1/gift-vouchers/batches" in gift_paths and "/api/v1/bonus-cards/{card_id}/top-ups" in gift_paths
    assert [f"{method.upper()} {path}" for path, item in gift_paths.items() for method, operation in item.items()
            if not operation.get("description")] == []
    assert not any(path.startswith("/gift") for path in gift_paths)
