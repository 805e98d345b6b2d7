from __future__ import annotations

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.programs import make_api_key, make_program


def test_request_without_key_is_401_with_error_body(client: TestClient, program: Program) -> None:
    response = client.get("/api/v1/program")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "missing_api_key"


def test_forged_and_revoked_keys_are_refused(client: TestClient, database: Database, program: Program) -> None:
    credentials = make_api_key(database, program, scopes=["admin"])
    forged = credentials.token[:-4] + "AAAA"
    assert client.get("/api/v1/program", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    assert client.get("/api/v1/program", headers=credentials.headers).status_code == 200
    revoked = client.delete(f"/api/v1/api-keys/{credentials.key_id}", headers=credentials.headers)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert client.get("/api/v1/program", headers=credentials.headers).json()["error"]["code"] == "invalid_api_key"


def test_key_outside_its_scope_is_403(client: TestClient, database: Database, program: Program) -> None:
    reader = make_api_key(database, program, scopes=["members:read"])
    response = client.patch("/api/v1/program", json={"name": "x"}, headers=reader.headers)
    assert response.status_code == 403
    assert response.json()["error"] == {"code": "missing_scope", "message": "This API key lacks the 'admin' scope.",
                                         "field": None, "details": {"required_scope": "admin"}}


def test_a_key_sees_only_its_own_program(client: TestClient, database: Database, program: Program) -> None:
    other = make_program(database, name="Other shop")
    mine = make_api_key(database, program, scopes=["admin"])
    theirs = make_api_key(database, other, scopes=["admin"])
    assert client.get("/api/v1/program", headers=mine.headers).json()["name"] == "Test shop"
    assert client.get("/api/v1/program", headers=theirs.headers).json()["name"] == "Other shop"
    assert client.delete(f"/api/v1/api-keys/{mine.key_id}", headers=theirs.headers).status_code == 404


def test_unknown_field_is_422_naming_it(api: TestClient) -> None:
    response = api.patch("/api/v1/program", json={"name": "x", "balance": 5})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unknown_field"
    assert response.json()["error"]["field"] == "balance"


def test_new_key_secret_is_shown_once_and_never_listed(api: TestClient) -> None:
    created = api.post("/api/v1/api-keys", json={"name": "pos", "scopes": ["purchases:write"]})
    assert created.status_code == 201 and created.json()["key"].startswith("lk_")
    listed = api.get("/api/v1/api-keys").json()["items"]
    assert created.json()["id"] in [k["id"] for k in listed]
    assert all("key" not in k and "key_hash" not in k for k in listed)
    unknown = api.post("/api/v1/api-keys", json={"name": "x", "scopes": ["nope"]})
    assert unknown.json()["error"]["code"] == "unknown_scope"
    huge = api.delete(f"/api/v1/api-keys/{2**63}")
    assert (huge.status_code, huge.json()["error"]["field"]) == (422, "key_id")


def test_healthz_and_metrics(client: TestClient, database: Database) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/healthz").json()["database"] == database.dialect
    client.get("/healthz")
    assert "loyalty_http_requests_total" in client.get("/metrics").text


def test_program_changes_apply_to_the_next_request(api: TestClient) -> None:
    assert api.get("/api/v1/program").json()["pending_days"] == 0
    assert api.patch("/api/v1/program", json={"pending_days": 14}).status_code == 200
    assert api.get("/api/v1/program").json()["pending_days"] == 14


def test_key_and_program_changes_are_audited_with_who_made_them(api: TestClient, database: Database,
                                                               program: Program) -> None:
    from sqlalchemy import select

    from loyalty.db.uow import unit_of_work
    from loyalty.events.models import Event

    created = api.post("/api/v1/api-keys", json={"name": "pos", "scopes": ["purchases:write"]}).json()
    api.delete(f"/api/v1/api-keys/{created['id']}")
    api.patch("/api/v1/program", json={"allow_transfers": True})
    with unit_of_work(database, read_only=True) as session:
        rows = session.execute(select(Event.type, Event.actor).where(Event.program_id == program.id)
                               .order_by(Event.id)).all()
    types = [t for t, _ in rows]
    assert types[-3:] == ["api_key.created", "api_key.revoked", "program.updated"]
    assert all(actor.startswith("api_key:") for _, actor in rows[-3:])


def test_metrics_label_requests_by_route_template_not_by_id(api: TestClient) -> None:
    api.get("/api/v1/members/123456/balance")
    text = api.get("/metrics").text
    assert 'route="/members/{member_id}/balance"' in text
    assert "123456" not in text
