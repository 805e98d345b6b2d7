"""/api/v1/campaigns: create, read, change, launch, stop, results; scopes and programs kept apart."""

from __future__ import annotations

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories import campaigns as factory
from tests.factories.ledger import balance
from tests.factories.members import make_member
from tests.factories.programs import make_api_key, make_program


def test_a_campaign_from_creation_to_results(api: TestClient, database: Database, program: Program) -> None:
    anna = make_member(database, program, email="anna@example.com")
    ben = make_member(database, program, email="ben@example.com")

    created = api.post("/api/v1/campaigns", json={
        "name": "Thank you", "target": "list", "members": [{"email": "anna@example.com"}, {"id": ben.id}],
        "offer": {"kind": "points", "points": 50}, "budget": {"kind": "points", "amount": 50},
        "message": {"channel": "email", "template_key": "thanks"}})
    assert created.status_code == 201, created.text
    campaign = created.json()
    assert (campaign["status"], campaign["list_size"], campaign["cost_per_member"]) == ("draft", 2, 50)
    assert campaign["budget"] == {"kind": "points", "amount": 50, "spent": 0, "exhausted_at": None}

    changed = api.patch(f"/api/v1/campaigns/{campaign['id']}", json={"budget": {"kind": "points", "amount": 100}})
    assert changed.status_code == 200 and changed.json()["budget"]["amount"] == 100

    launched = api.post(f"/api/v1/campaigns/{campaign['id']}/launch")
    assert launched.status_code == 200
    assert (launched.json()["status"], launched.json()["chunks_total"]) == ("running", 1)
    factory.work_through(database, campaign["id"])

    read = api.get(f"/api/v1/campaigns/{campaign['id']}").json()
    assert (read["status"], read["chunks_done"], read["budget"]["spent"]) == ("completed", 1, 100)
    assert balance(database, program, anna.id).available == 50
    results = api.get(f"/api/v1/campaigns/{campaign['id']}/results")
    assert results.status_code == 200
    body = results.json()
    assert (body["target"]["members"], body["target"]["reached"], body["target"]["points_cost"]) == (2, 2, 100)
    assert body["control"]["members"] == 0 and body["uplift_per_member"] is None
    assert [c["id"] for c in api.get("/api/v1/campaigns", params={"status": "completed"}).json()["items"]] \
        == [campaign["id"]]

    assert api.post(f"/api/v1/campaigns/{campaign['id']}/launch").json()["error"]["code"] == "campaign_launched"
    assert api.delete(f"/api/v1/campaigns/{campaign['id']}").status_code == 409
    assert api.patch(f"/api/v1/campaigns/{campaign['id']}", json={"name": "x"}).status_code == 409


def test_refusals_name_the_part(api: TestClient, database: Database, program: Program) -> None:
    unknown = api.post("/api/v1/campaigns", json={"name": "x", "target": "list",
                                                  "members": [{"email": "nobody@example.com"}],
                                                  "offer": {"kind": "points", "points": 5}})
    assert unknown.status_code == 422
    assert (unknown.json()["error"]["code"], unknown.json()["error"]["field"]) == ("unknown_members", "members")
    nothing = api.post("/api/v1/campaigns", json={"name": "x"})
    assert (nothing.status_code, nothing.json()["error"]["code"]) == (422, "invalid_campaign")
    bad_field = api.post("/api/v1/campaigns", json={"name": "x", "offer": {"kind": "points", "points": 5},
                                                    "condition": {"field": "purchase.total", "op": "gt", "value": 1}})
    assert bad_field.json()["error"]["code"] == "invalid_condition"
    money = api.post("/api/v1/campaigns", json={"name": "x", "message": {"channel": "sms", "template_key": "t"},
                                                "budget": {"kind": "money", "amount": 1000}})
    assert money.json()["error"]["field"] == "offer.value"


def test_a_draft_is_deleted_and_other_programs_and_scopes_are_kept_out(client: TestClient, database: Database,
                                                                       program: Program) -> None:
    writer = make_api_key(database, program, scopes=["campaigns:write"])
    reader = make_api_key(database, program, scopes=["campaigns:read"])
    other = make_api_key(database, make_program(database), scopes=["admin"])
    made = client.post("/api/v1/campaigns", headers=writer.headers,
                       json={"name": "Draft", "message": {"channel": "inbox", "template_key": "hello"}})
    assert made.status_code == 201
    campaign_id = made.json()["id"]
    assert client.get(f"/api/v1/campaigns/{campaign_id}", headers=writer.headers).status_code == 200
    assert client.post("/api/v1/campaigns", headers=reader.headers, json={"name": "x"}).status_code == 403
    assert client.get(f"/api/v1/campaigns/{campaign_id}", headers=other.headers).json()["error"]["code"] \
        == "campaign_not_found"
    assert client.delete(f"/api/v1/campaigns/{campaign_id}", headers=other.headers).status_code == 404
    assert client.delete(f"/api/v1/campaigns/{campaign_id}", headers=writer.headers).status_code == 204
    assert client.get(f"/api/v1/campaigns/{campaign_id}", headers=reader.headers).status_code == 404
