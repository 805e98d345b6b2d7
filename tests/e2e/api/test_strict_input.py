"""A number is a number, a date is a date and a file is a file: the API takes no value it
would have to guess at (issue 10, item 7)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient


def _error(response: Any) -> tuple[int, str, str | None]:
    error = response.json()["error"]
    return response.status_code, error["code"], error["field"]


def _code_pool(api: TestClient) -> int:
    created = api.post("/api/v1/code-pools", json={"name": "Cinema"})
    assert created.status_code == 201
    return int(created.json()["id"])


@pytest.mark.parametrize(("value", "code"), [(False, "invalid_int"), ("12", "invalid_int"), (12.0, "invalid_int"),
                                             (12.5, "invalid_int")])
def test_a_number_field_takes_a_json_integer_only(api: TestClient, value: Any, code: str) -> None:
    pool_id = _code_pool(api)
    response = api.patch(f"/api/v1/code-pools/{pool_id}", json={"low_threshold": value})
    assert _error(response) == (422, code, "low_threshold")
    assert api.get(f"/api/v1/code-pools/{pool_id}").json()["low_threshold"] == 10


def test_a_purchase_amount_of_true_is_refused_on_the_checkout_lane_too(api: TestClient) -> None:
    response = api.post("/api/v1/purchases", json={"external_id": "R-1", "total": True})
    assert _error(response) == (422, "invalid_int", "total")
    recorded = api.post("/api/v1/purchases", json={"external_id": "R-1", "total": 1200})
    assert recorded.status_code == 201  # the first time: the refused one was never recorded


@pytest.mark.parametrize("value", ["0.5", "1700000000", "yesterday"])
def test_a_date_query_parameter_takes_a_written_date_only(api: TestClient, value: str) -> None:
    response = api.get("/api/v1/members", params={"enrolled_to": value})
    assert _error(response) == (422, "invalid_datetime", "enrolled_to")
    assert api.get("/api/v1/members", params={"enrolled_to": "2026-01-01T00:00:00Z"}).status_code == 200


@pytest.mark.parametrize(("field", "value", "code"), [
    ("birth_date", 19900101, "invalid_date"), ("birth_date", "01/01/1990", "invalid_date"),
    ("enrolled_at", 1700000000, "invalid_datetime"), ("enrolled_at", True, "invalid_datetime"),
])
def test_a_date_in_a_body_is_written_as_one(api: TestClient, field: str, value: Any, code: str) -> None:
    response = api.post("/api/v1/members", json={"email": "anna@example.com", field: value})
    assert _error(response) == (422, code, field)
    assert api.get("/api/v1/members").json()["items"] == []


@pytest.mark.parametrize("value", [True, [1], {"value": 1}])
def test_a_decimal_takes_a_number_or_its_text(api: TestClient, value: Any) -> None:
    assert _error(api.patch("/api/v1/program", json={"point_value": value})) == (422, "invalid_decimal", "point_value")
    for accepted in ("0.02", 0.02):
        answer = api.patch("/api/v1/program", json={"point_value": accepted})
        assert answer.status_code == 200 and answer.json()["point_value"] in ("0.02", "0.020000", 0.02)


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded", None])
def test_a_csv_upload_must_be_sent_as_csv(api: TestClient, content_type: str | None) -> None:
    pool_id = _code_pool(api)
    headers = {"Content-Type": content_type} if content_type else {}
    response = api.post(f"/api/v1/code-pools/{pool_id}/codes", content=b"[null, null]", headers=headers)
    assert _error(response) == (415, "unsupported_media_type", "Content-Type")
    assert api.get(f"/api/v1/code-pools/{pool_id}").json()["codes_total"] == 0
    campaign = api.post("/api/v1/voucher-campaigns", json={
        "name": "Summer 20% off", "kind": "percent", "percent": "20"}).json()
    refused = api.post(f"/api/v1/voucher-campaigns/{campaign['id']}/codes/import", content=b"[null, null]",
                       headers=headers)
    assert _error(refused) == (415, "unsupported_media_type", "Content-Type")
    accepted = api.post(f"/api/v1/code-pools/{pool_id}/codes", content=b"code\nP-1\n",
                        headers={"Content-Type": "text/csv; charset=utf-8"})
    assert accepted.status_code == 201 and accepted.json()["imported"] == 1


def test_a_patch_takes_its_dates_and_decimals_as_text(api: TestClient) -> None:
    rule = api.post("/api/v1/rules", json={"name": "Per euro", "trigger": "purchase",
                                           "effect": {"kind": "per_amount", "points": 1, "per_minor": 100}}).json()
    patched = api.patch(f"/api/v1/rules/{rule['id']}", json={"ends_at": "2030-01-01T00:00:00Z"})
    assert patched.status_code == 200 and patched.json()["ends_at"].startswith("2030-01-01T00:00:00")
    campaign = api.post("/api/v1/voucher-campaigns", json={"name": "Summer", "kind": "percent", "percent": "20"}).json()
    for percent in (15, "15.5"):
        changed = api.patch(f"/api/v1/voucher-campaigns/{campaign['id']}", json={"percent": percent})
        assert changed.status_code == 200 and float(changed.json()["percent"]) == float(percent)
    assert _error(api.patch(f"/api/v1/voucher-campaigns/{campaign['id']}", json={"percent": True})) \
        == (422, "invalid_decimal", "percent")
