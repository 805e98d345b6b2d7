"""The checkout lane answers a till's purchase exactly as FastAPI would, and leaves every
other case (uncached key, missing scope, bad body, other content type) to FastAPI."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from loyalty.web import deps
from tests.factories.programs import make_api_key

RULE = {"name": "1 point per 1.00", "trigger": "purchase",
        "effect": {"kind": "per_amount", "points": 1, "per_minor": 100, "scope": "receipt"}}


def receipt(external_id: str, member_id: int, **extra: Any) -> dict[str, Any]:
    return {"external_id": external_id, "member": {"id": member_id}, "channel": "pos", "store": "WAW-01",
            "lines": [{"sku": "CAP", "category": "coffee", "quantity": 2, "unit_price": 1450}], **extra}


@pytest.fixture
def member_id(api: TestClient) -> int:
    assert api.post("/api/v1/rules", json=RULE).status_code == 201
    return int(api.post("/api/v1/members", json={"email": "lane@example.com"}).json()["id"])


def test_a_purchase_through_the_lane_answers_as_fastapi_does(api: TestClient, member_id: int,
                                                             served_by_lane: list[str]) -> None:
    deps.forget_cached_keys()
    by_fastapi = api.post("/api/v1/purchases", json=receipt("L-1", member_id))
    by_lane = api.post("/api/v1/purchases", json=receipt("L-2", member_id))
    replay = api.post("/api/v1/purchases", json=receipt("L-2", member_id))
    conflict = api.post("/api/v1/purchases", json=receipt("L-2", member_id, store="KRK-01"))
    assert served_by_lane == ["PurchaseCreate"] * 3  # the first verified the key; the rest were served here
    assert (by_fastapi.status_code, by_lane.status_code, replay.status_code) == (201, 201, 200)
    first, second = by_fastapi.json(), by_lane.json()
    assert set(first) == set(second) and by_fastapi.headers["content-type"] == by_lane.headers["content-type"]
    assert first["points"]["earned"] == second["points"]["earned"] == 29
    assert second["balance"]["points"]["available"] == 58
    assert replay.json() == second
    assert conflict.status_code == 409 and conflict.json()["error"]["code"] == "external_id_conflict"


def test_errors_of_a_cached_key_are_fastapis_own(api: TestClient, member_id: int,
                                                 served_by_lane: list[str]) -> None:
    api.get("/api/v1/program")  # the key is verified and cached
    unknown_field = api.post("/api/v1/purchases", json=receipt("E-1", member_id, points=1000))
    not_json = api.post("/api/v1/purchases", content=b"external_id=E-2",
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    broken = api.post("/api/v1/purchases", content=b'{"lines": [', headers={"Content-Type": "application/json"})
    wrong_currency = api.post("/api/v1/purchases", json=receipt("E-3", member_id, currency="USD"))
    nobody = api.post("/api/v1/purchases", json=receipt("E-4", 10**12))
    assert unknown_field.status_code == 422 and unknown_field.json()["error"]["code"] == "unknown_field"
    assert unknown_field.json()["error"]["field"] == "points"
    assert not_json.status_code == 422 and broken.status_code == 422
    assert broken.json()["error"]["code"].startswith("invalid")
    assert wrong_currency.status_code == 422 and wrong_currency.json()["error"]["code"] == "currency_mismatch"
    assert nobody.status_code == 404 and nobody.json()["error"]["code"] == "member_not_found"
    assert served_by_lane == ["PurchaseCreate", "PurchaseCreate"]  # the two that were well-formed


def test_a_cached_key_without_the_scope_is_refused(client: TestClient, database: Database, program: Program,
                                                   member_id: int, served_by_lane: list[str]) -> None:
    reader = make_api_key(database, program, scopes=["members:read"])
    headers = {"Authorization": f"Bearer {reader.token}"}
    assert client.get(f"/api/v1/members/{member_id}", headers=headers).status_code == 200  # now cached
    refused = client.post("/api/v1/purchases", json=receipt("S-1", member_id), headers=headers)
    no_key = client.post("/api/v1/purchases", json=receipt("S-2", member_id), headers={"Authorization": ""})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "missing_scope"
    assert no_key.status_code == 401
    assert served_by_lane == []


def test_purchases_served_by_the_lane_are_counted_under_their_route(api: TestClient, member_id: int,
                                                                    served_by_lane: list[str]) -> None:
    def purchases_counted() -> float:
        for line in api.get("/metrics").text.splitlines():
            if line.startswith('loyalty_http_requests_total{method="POST",route="/purchases",status="201"}'):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    before = purchases_counted()
    # The key verified and cached now: one cached by the fixtures may be past AUTH_CACHE_SECONDS
    # on a busy machine, and the first purchase would then go through FastAPI to verify it.
    api.get("/api/v1/program")
    api.post("/api/v1/purchases", json=receipt("M-1", member_id))
    api.post("/api/v1/purchases", json=receipt("M-2", member_id))
    assert served_by_lane == ["PurchaseCreate"] * 2
    assert purchases_counted() == before + 2


def test_voucher_checkout_through_the_lane_answers_as_fastapi_does(api: TestClient,
                                                                   served_by_lane: list[str]) -> None:
    created = api.post("/api/v1/voucher-campaigns", json={"name": "5 off", "kind": "fixed_amount", "amount": 500})
    for code in ("LANE-1", "LANE-2"):
        imported = api.post(f"/api/v1/voucher-campaigns/{created.json()['id']}/codes/import",
                            content=f"code\n{code}\n".encode(), headers={"Content-Type": "text/csv"})
        assert imported.status_code == 201
    basket = {"channel": "pos", "lines": [{"sku": "CAP", "category": "coffee", "quantity": 2, "unit_price": 1400}]}

    def validate(code: str) -> Any:
        return api.post("/api/v1/vouchers/validate", json={"code": code, "basket": basket})

    def redeem(code: str, key: str | None) -> Any:
        return api.post("/api/v1/vouchers/redeem", json={"code": code, "basket": basket, "order_id": f"O-{code}"},
                        headers={"Idempotency-Key": key} if key else {})

    deps.forget_cached_keys()
    by_fastapi = validate("LANE-1"), redeem("LANE-1", "k-1")
    by_lane = validate("LANE-2"), redeem("LANE-2", "k-2")
    replay, without_key, used_up = redeem("LANE-2", "k-2"), redeem("LANE-2", None), redeem("LANE-2", "k-3")
    # The first validation verified the key; every later request was served by the lane, but the
    # redemption without an Idempotency-Key: FastAPI answers its 422.
    assert served_by_lane == ["VoucherRedeem", "VoucherCheck"] + ["VoucherRedeem"] * 3
    assert [r.status_code for r in by_fastapi] == [r.status_code for r in by_lane] == [200, 201]
    assert by_fastapi[0].json() == {**by_lane[0].json(), "code": "LANE-1"}
    assert {**by_fastapi[1].json(), "id": 0, "code": "", "order_id": "", "redeemed_at": ""} \
        == {**by_lane[1].json(), "id": 0, "code": "", "order_id": "", "redeemed_at": ""}
    assert replay.json() == by_lane[1].json() and replay.headers["Idempotent-Replayed"] == "true"
    assert without_key.status_code == 422 and without_key.json()["error"]["code"] == "idempotency_key_required"
    assert used_up.status_code == 409 and used_up.json()["error"]["code"] == "voucher_used_up"
