"""Segments over HTTP: create, the live count, members, sizes, import, and who may see what."""

from __future__ import annotations

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.members import make_member
from tests.factories.programs import make_api_key, make_program

VIP = {"field": "member.attributes.vip", "op": "eq", "value": True}


def test_create_count_list_members_and_sizes(api: TestClient, database: Database, program: Program) -> None:
    vips = [make_member(database, program, attributes={"vip": True}).id for _ in range(2)]
    make_member(database, program)

    counted = api.post("/api/v1/segments/count", json={"condition": VIP})
    created = api.post("/api/v1/segments", json={"name": "VIPs", "condition": VIP})
    bad = api.post("/api/v1/segments/count", json={"condition": {"all": [VIP, {"field": "member.tier", "op": "gt",
                                                                             "value": "gold"}]}})

    assert counted.status_code == 200 and counted.json() == {"size": 2}
    assert created.status_code == 201 and created.json()["size"] == 2
    assert bad.status_code == 422
    assert (bad.json()["error"]["code"], bad.json()["error"]["field"]) == ("invalid_condition", "condition.all[1].op")
    segment_id = created.json()["id"]
    members = api.get(f"/api/v1/segments/{segment_id}/members").json()
    assert [item["member_id"] for item in members["items"]] == vips and members["next_after"] is None
    assert [item["size"] for item in api.get(f"/api/v1/segments/{segment_id}/sizes").json()["items"]] == [2]
    assert [item["name"] for item in api.get("/api/v1/segments").json()["items"]] == ["VIPs"]
    assert api.post("/api/v1/segments", json={"name": "VIPs", "condition": VIP}).status_code == 409


def test_a_static_import_names_the_rejected_lines(api: TestClient, database: Database, program: Program) -> None:
    member = make_member(database, program, email="ola@example.com")
    segment_id = api.post("/api/v1/segments", json={"name": "Fair visitors", "kind": "static"}).json()["id"]
    headers = {"Content-Type": "text/csv"}

    refused = api.post(f"/api/v1/segments/{segment_id}/import", content=b"email\nola@example.com\nnobody@x.pl\n",
                       headers=headers)
    imported = api.post(f"/api/v1/segments/{segment_id}/import", content=b"email\nola@example.com\n", headers=headers)

    assert refused.status_code == 422 and refused.json()["error"]["code"] == "import_refused"
    assert imported.status_code == 200 and imported.json()["members"] == 1
    assert [item["member_id"] for item in api.get(f"/api/v1/segments/{segment_id}/members").json()["items"]] == [
        member.id]


def test_scopes_and_programs_are_enforced(api: TestClient, client: TestClient, database: Database,
                                          program: Program) -> None:
    segment_id = api.post("/api/v1/segments", json={"name": "VIPs", "condition": VIP}).json()["id"]
    reader = make_api_key(database, program, scopes=["segments:read"])
    stranger = make_api_key(database, program, scopes=["members:read"])
    other_key = make_api_key(database, make_program(database), scopes=["segments:write"])

    assert client.get(f"/api/v1/segments/{segment_id}", headers=reader.headers).status_code == 200
    assert client.post("/api/v1/segments", json={"name": "x", "condition": VIP},
                       headers=reader.headers).status_code == 403
    assert client.post("/api/v1/segments/count", json={"condition": VIP}, headers=stranger.headers).status_code == 403
    hidden = client.get(f"/api/v1/segments/{segment_id}/members", headers=other_key.headers)
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "segment_not_found"
