"""Segments over HTTP: create, the live count, members, sizes, import, and who may see what."""

from __future__ import annotations

from typing import Any

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
    assert [item["member_id"] for item in members["items"]] == vips and members["next_cursor"] is None
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


def test_a_segments_key_alone_sees_member_ids_not_names_or_emails(client: TestClient, database: Database,
                                                                  program: Program) -> None:
    member = make_member(database, program, email="secret@example.com", first_name="Ada")
    writer = make_api_key(database, program, scopes=["segments:write"])
    reader = make_api_key(database, program, scopes=["segments:read", "members:read"])
    created = client.post("/api/v1/segments", headers=writer.headers,
                          json={"name": "all", "condition": {"field": "member.has_email", "op": "eq", "value": True}})
    assert created.status_code == 201
    path = f"/api/v1/segments/{created.json()['id']}/members"

    blind = client.get(path, headers=writer.headers).json()["items"]
    seen = client.get(path, headers=reader.headers).json()["items"]

    assert [(item["member_id"], item["email"], item["first_name"]) for item in blind] == [(member.id, None, None)]
    assert [(item["member_id"], item["email"], item["first_name"]) for item in seen] == [
        (member.id, "secret@example.com", "Ada")]


def test_out_of_range_values_are_refused_not_500(api: TestClient, database: Database, program: Program) -> None:
    make_member(database, program)
    conditions: list[tuple[dict[str, Any], int]] = [
        ({"field": "member.days_since_enrolment", "op": "gte", "value": 10_000_000}, 200),
        ({"field": "behaviour.purchase_count", "op": "gt", "value": 10**30}, 422),
        ({"field": "journey.in", "op": "contains", "value": 2**70}, 422),
        ({"field": "journey.in", "op": "contains", "value": "abc"}, 422),
        ({"field": "campaign.received", "op": "contains", "value": "abc"}, 422),
        ({"field": "campaign.received", "op": "contains", "value": 0}, 422),
        ({"field": "member.attributes.a\"b", "op": "eq", "value": 1}, 422),
        ({"field": "member.attributes.a{b}", "op": "eq", "value": 1}, 422),
        ({"field": "member.attributes.a\\b,c", "op": "eq", "value": 1}, 422),
    ]
    for condition, status in conditions:
        counted = api.post("/api/v1/segments/count", json={"condition": condition})
        created = api.post("/api/v1/segments", json={"name": f"s{condition['field']}{condition['value']}"[:60],
                                                      "condition": condition})
        assert (counted.status_code, created.status_code) == (status, 201 if status == 200 else 422), condition
        if status == 200:
            assert counted.json() == {"size": 0}
        else:
            assert counted.json()["error"]["code"] == "invalid_condition", counted.text
    fine = api.post("/api/v1/segments/count", json={"condition": {"all": [
        {"field": "journey.in", "op": "exists"}, {"field": "member.attributes.shoe-size_eu", "op": "gte", "value": 40},
        {"field": "behaviour.purchase_count", "op": "lt", "value": 2**53}]}})
    assert fine.status_code == 200 and fine.json() == {"size": 0}


def test_counts_are_limited_per_key(api: TestClient, database: Database, program: Program) -> None:
    from limits import parse
    from limits.storage import storage_from_string
    from limits.strategies import SlidingWindowCounterRateLimiter

    from loyalty.web.ratelimit import SegmentCountLimiter
    api.app.state.segment_count_limiter = SegmentCountLimiter(  # type: ignore[attr-defined]
        limiter=SlidingWindowCounterRateLimiter(storage_from_string("memory://")), per_key=parse("3/minute"))
    other = make_api_key(database, program, scopes=["segments:read"])
    answers = [api.post("/api/v1/segments/count", json={"condition": VIP}).status_code for _ in range(4)]
    another = api.post("/api/v1/segments/count", json={"condition": VIP}, headers=other.headers)
    assert answers == [200, 200, 200, 429]
    assert another.status_code == 200
