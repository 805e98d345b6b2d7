"""Codes given with a purchase count as voucher attempts, per API key and per member, before
any of them is checked: a purchase cannot be used to guess codes. Through FastAPI and
through the checkout lane alike; purchases without codes are not counted."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from loyalty.web import deps
from tests.factories import vouchers as voucher_factories
from tests.factories.members import make_member
from tests.factories.programs import ApiCredentials


def purchase(client: TestClient, admin: ApiCredentials, member_id: int | None, coupons: list[str],
             external_id: str | None = None) -> Any:
    body: dict[str, Any] = {"external_id": external_id, "coupons": coupons,
                            "lines": [{"sku": "CAP", "quantity": 2, "unit_price": 1450}]}
    if member_id is not None:
        body["member"] = {"id": member_id}
    return client.post("/api/v1/purchases", json=body, headers=admin.headers)


def test_guessed_codes_in_purchases_are_limited_per_member_and_per_key(
        strict_client: TestClient, database: Database, program: Program, admin: ApiCredentials) -> None:
    anna = make_member(database, program)
    annas = [purchase(strict_client, admin, anna.id, [f"GUESS-{n}"]) for n in range(3)]
    two_more = purchase(strict_client, admin, anna.id, ["GUESS-3", "GUESS-4"])
    guest = purchase(strict_client, admin, None, ["GUESS-5"])  # the key's 5th attempt
    over_key = purchase(strict_client, admin, None, ["GUESS-6"])
    assert [r.status_code for r in annas] == [404] * 3
    assert annas[0].json()["error"]["code"] == "voucher_not_found"
    assert two_more.status_code == 429 and guest.status_code == 404
    assert over_key.status_code == 429
    error = over_key.json()["error"]
    assert error["code"] == "rate_limited" and error["message"].startswith(
        "Too many voucher attempts for this API key (at most 5 per 60 seconds); try again in ")
    assert 1 <= int(over_key.headers["Retry-After"]) <= 60
    without_codes = [purchase(strict_client, admin, anna.id, []) for _ in range(6)]
    assert [r.status_code for r in without_codes] == [201] * 6


def test_a_good_code_is_refused_once_the_limit_is_spent(
        strict_client: TestClient, database: Database, program: Program, admin: ApiCredentials) -> None:
    campaign = voucher_factories.make_campaign(database, program, kind="fixed_amount", amount=500)
    code = voucher_factories.make_code(database, program, campaign.id, "REAL-1")
    anna = make_member(database, program)
    guesses = [purchase(strict_client, admin, anna.id, [f"GUESS-{n}"]) for n in range(3)]
    real = purchase(strict_client, admin, anna.id, [code], external_id="P-1")
    assert [r.status_code for r in guesses] == [404] * 3 and real.status_code == 429
    # The refused purchase left nothing behind: the code is unused and the receipt unknown.
    assert voucher_factories.campaign_state(database, program, campaign.id)["code_uses"] == {"REAL-1": 0}
    assert strict_client.post("/api/v1/purchases/claim", json={"member": {"id": anna.id}, "external_id": "P-1"},
                              headers=admin.headers).status_code == 404


def test_the_checkout_lane_counts_coupon_attempts_too(
        strict_client: TestClient, database: Database, program: Program, admin: ApiCredentials,
        served_by_lane: list[str]) -> None:
    anna = make_member(database, program)
    deps.forget_cached_keys()
    assert strict_client.get("/api/v1/program", headers=admin.headers).status_code == 200  # the key is cached
    answers = [purchase(strict_client, admin, anna.id, [f"GUESS-{n}"]) for n in range(4)]
    assert served_by_lane == ["PurchaseCreate"] * 4
    assert [r.status_code for r in answers] == [404, 404, 404, 429]
    assert answers[3].json()["error"]["code"] == "rate_limited" and int(answers[3].headers["Retry-After"]) >= 1
    assert purchase(strict_client, admin, anna.id, []).status_code == 201


def test_a_code_redeemed_at_checkout_is_not_counted_again_by_its_purchase(
        strict_client: TestClient, database: Database, program: Program, admin: ApiCredentials) -> None:
    campaign = voucher_factories.make_campaign(database, program, kind="fixed_amount", amount=500)
    code = voucher_factories.make_code(database, program, campaign.id, "CHECKOUT-1")
    anna = make_member(database, program)
    basket = {"channel": "pos", "lines": [{"line_no": 1, "sku": "CAP", "quantity": 2, "unit_price": 1450}]}
    redeemed = strict_client.post("/api/v1/vouchers/redeem", headers={**admin.headers, "Idempotency-Key": "r-1"},
                                  json={"code": code, "order_id": "P-9", "member": {"id": anna.id},
                                        "basket": basket})
    assert redeemed.status_code == 201                                            # Anna's 1st attempt

    posted = purchase(strict_client, admin, anna.id, [code], external_id="P-9")   # the same use: not counted
    guesses = [purchase(strict_client, admin, anna.id, [f"GUESS-{n}"]) for n in range(3)]

    assert posted.status_code == 201
    assert [r.status_code for r in guesses] == [404, 404, 429]                    # her 2nd, 3rd, then over
