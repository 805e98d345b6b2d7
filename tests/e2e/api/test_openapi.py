from __future__ import annotations

from fastapi.testclient import TestClient

EXPECTED = {
    ("post", "/api/v1/members"), ("get", "/api/v1/members/lookup"), ("get", "/api/v1/members/{member_id}"),
    ("patch", "/api/v1/members/{member_id}"), ("post", "/api/v1/purchases"),
    ("post", "/api/v1/purchases/{purchase_id}/refunds"), ("get", "/api/v1/members/{member_id}/balance"),
    ("get", "/api/v1/members/{member_id}/ledger"), ("post", "/api/v1/members/{member_id}/points/spend"),
    ("post", "/api/v1/members/{member_id}/points/adjust"), ("post", "/api/v1/members/{member_id}/points/transfer"),
    ("post", "/api/v1/rules"), ("post", "/api/v1/rules/dry-run"), ("post", "/api/v1/events"),
    ("post", "/api/v1/vouchers/validate"), ("post", "/api/v1/vouchers/redeem"),
    ("get", "/api/v1/members/{member_id}/catalogue"), ("post", "/api/v1/members/{member_id}/redemptions"),
    ("get", "/api/v1/members/{member_id}/tier"), ("get", "/api/v1/members/{member_id}/referrals"),
}


def test_the_api_is_described_in_openapi(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operations = {(method, path): operation for path, item in spec["paths"].items()
                  for method, operation in item.items()}
    assert set(operations) >= EXPECTED
    undocumented = [f"{method.upper()} {path}" for (method, path), operation in operations.items()
                    if path.startswith("/api/v1") and not operation.get("description")]
    assert undocumented == []
    assert client.get("/docs").status_code == 200
