from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.programs import make_api_key

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


def _operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(method, path): operation for path, item in spec["paths"].items() for method, operation in item.items()}


def test_the_docs_can_send_the_api_key(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()                                       # given the published description

    operations = _operations(spec)                                                  # when /docs reads it
    unsecured_api = [f"{method.upper()} {path}" for (method, path), operation in operations.items()
                     if path.startswith("/api/v1/") and operation.get("security") != [{"ApiKey": []}]]
    secured_elsewhere = [f"{method.upper()} {path}" for (method, path), operation in operations.items()
                         if not path.startswith("/api/v1/") and "security" in operation]

    scheme = spec["components"]["securitySchemes"]["ApiKey"]                        # then it has an Authorize button
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert operations[("post", "/api/v1/purchases")]["security"] == [{"ApiKey": []}]
    assert unsecured_api == [] and secured_elsewhere == []
    assert "security" not in operations[("get", "/healthz")] and "security" not in operations[("get", "/r/{code}")]
    assert "security" not in spec  # no global requirement: /healthz and /r/{code} take no key


def test_the_header_the_scheme_describes_is_the_one_the_server_reads(client: TestClient, database: Database,
                                                                      program: Program) -> None:
    scheme = client.get("/openapi.json").json()["components"]["securitySchemes"]["ApiKey"]
    reader = make_api_key(database, program, scopes=["members:read"])
    # What Swagger UI sends for an HTTP bearer scheme once the key is pasted into Authorize.
    as_swagger_sends_it = {"Authorization": f"{scheme['scheme'].capitalize()} {reader.token}"}

    read = client.get("/api/v1/program", headers=as_swagger_sends_it)
    change = client.patch("/api/v1/program", json={"name": "x"}, headers=as_swagger_sends_it)
    anonymous = client.get("/api/v1/program")

    assert read.status_code == 200 and read.json()["id"] == program.id
    assert (change.status_code, change.json()["error"]["code"]) == (403, "missing_scope")
    assert (anonymous.status_code, anonymous.json()["error"]["code"]) == (401, "missing_api_key")
