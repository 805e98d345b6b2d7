"""Balances, the ledger and paying with, adjusting and transferring points over HTTP: the limits."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.ledger.schemas import MAX_POINTS_PER_REQUEST
from loyalty.members.schemas import MAX_ID
from loyalty.programs.models import Program
from loyalty.web.pagination import encode_cursor
from tests.factories.ledger import balance, give_points, verify_ok
from tests.factories.members import make_member

HUGE = MAX_ID + 1  # one past BIGINT: SQLite cannot even bind it
SPEND = {"points": 1}
ADJUST = {"points": 1, "reason": "goodwill"}
TRANSFER = {"to": {"email": "nobody@example.com"}, "points": 1}


def _error(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    assert set(body) == {"error"}, body
    return body["error"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(("method", "path", "body"), [
    ("GET", "/api/v1/members/{id}/balance", None),
    ("GET", "/api/v1/members/{id}/ledger", None),
    ("POST", "/api/v1/members/{id}/points/spend", SPEND),
    ("POST", "/api/v1/members/{id}/points/adjust", ADJUST),
    ("POST", "/api/v1/members/{id}/points/transfer", TRANSFER),
])
def test_a_member_id_beyond_bigint_is_422_and_the_largest_one_is_404(api: TestClient, method: str, path: str,
                                                                      body: dict[str, Any] | None) -> None:
    headers = {"Idempotency-Key": "huge-id"}
    huge = api.request(method, path.format(id=HUGE), json=body, headers=headers)
    largest = api.request(method, path.format(id=MAX_ID), json=body, headers=headers)
    assert (huge.status_code, _error(huge)["field"]) == (422, "member_id")
    assert (largest.status_code, _error(largest)["code"]) == (404, "member_not_found")


def test_the_ledgers_cursor_is_bounded(api: TestClient, database: Database, program: Program) -> None:
    member = make_member(database, program)
    give_points(database, program, member.id, 10)
    huge = api.get(f"/api/v1/members/{member.id}/ledger", params={"cursor": encode_cursor(HUGE)})
    largest = api.get(f"/api/v1/members/{member.id}/ledger", params={"cursor": encode_cursor(MAX_ID)})
    assert (huge.status_code, _error(huge)["code"], _error(huge)["field"]) == (422, "invalid_cursor", "cursor")
    assert [entry["amount"] for entry in largest.json()["items"]] == [10]
    assert api.get(f"/api/v1/members/{member.id}/ledger", params={"limit": 0}).status_code == 422


@pytest.mark.parametrize(("path", "body"), [
    ("spend", {"points": MAX_POINTS_PER_REQUEST + 1}),
    ("spend", {"points": 2**70}),
    ("adjust", {"points": MAX_POINTS_PER_REQUEST + 1, "reason": "typo"}),
    ("adjust", {"points": -MAX_POINTS_PER_REQUEST - 1, "reason": "typo"}),
    ("adjust", {"points": 2**70, "reason": "typo"}),
    ("adjust", {"points": -(2**70), "reason": "typo"}),
    ("transfer", {"to": {"email": "friend@example.com"}, "points": MAX_POINTS_PER_REQUEST + 1}),
    ("transfer", {"to": {"email": "friend@example.com"}, "points": 2**70}),
])
def test_points_beyond_the_maximum_are_422_naming_the_field(api: TestClient, database: Database, program: Program,
                                                            path: str, body: dict[str, Any]) -> None:
    member = make_member(database, program)
    make_member(database, program, email="friend@example.com")
    give_points(database, program, member.id, 10)
    response = api.post(f"/api/v1/members/{member.id}/points/{path}", json=body,
                        headers={"Idempotency-Key": f"too-many-{path}"})
    assert (response.status_code, _error(response)["field"]) == (422, "points")
    assert balance(database, program, member.id).available == 10


def test_the_largest_adjustment_is_taken_and_given_back(api: TestClient, database: Database,
                                                         program: Program) -> None:
    member = make_member(database, program)
    url = f"/api/v1/members/{member.id}/points/adjust"
    credit = api.post(url, json={"points": MAX_POINTS_PER_REQUEST, "reason": "migration"})
    debit = api.post(url, json={"points": -MAX_POINTS_PER_REQUEST, "reason": "migration undone"})
    assert (credit.status_code, credit.json()["balance_after"]) == (201, MAX_POINTS_PER_REQUEST)
    assert (debit.status_code, debit.json()["balance_after"]) == (201, 0)
    assert verify_ok(database) == []
