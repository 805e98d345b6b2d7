"""Journeys over HTTP: CRUD with the JSON graph, versions, problems by field, enrolment by API."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.members import make_member
from tests.factories.programs import make_api_key, make_program

WELCOME: dict[str, Any] = {"entry": {"type": "api"}, "reentry": {"policy": "never"}, "start": "hello", "steps": [
    {"id": "hello", "type": "send_message", "template_key": "welcome", "next": "wait"},
    {"id": "wait", "type": "wait", "duration": {"days": 7}, "next": "points"},
    {"id": "points", "type": "award_points", "points": 25}]}


def create(api: TestClient, graph: dict[str, Any], name: str = "Welcome") -> dict[str, Any]:
    response = api.post("/api/v1/journeys", json={"name": name, "graph": graph})
    assert response.status_code == 201, response.json()
    body: dict[str, Any] = response.json()
    return body


def test_create_activate_enrol_and_read_the_counts(api: TestClient, database: Database, program: Program) -> None:
    journey = create(api, WELCOME)
    assert (journey["status"], journey["version"]) == ("draft", 1)
    member = make_member(database, program)

    refused = api.post(f"/api/v1/journeys/{journey['id']}/enrolments", json={"member_id": member.id})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "journey_not_active"
    assert api.post(f"/api/v1/journeys/{journey['id']}/status", json={"status": "active"}).json()["status"] == "active"
    enrolled = api.post(f"/api/v1/journeys/{journey['id']}/enrolments",
                        json={"member_id": member.id, "payload": {"source": "crm"}})
    again = api.post(f"/api/v1/journeys/{journey['id']}/enrolments", json={"member_id": member.id})
    second = make_member(database, program)
    first_try, retry = (api.post(f"/api/v1/journeys/{journey['id']}/enrolments", json={"member_id": second.id},
                                 headers={"Idempotency-Key": "enrol-second"}) for _ in range(2))

    assert enrolled.status_code == 201
    assert {k: enrolled.json()[k] for k in ("state", "current_step", "version", "journey_name")} == {
        "state": "waiting", "current_step": "wait", "version": 1, "journey_name": "Welcome"}
    assert again.status_code == 409 and again.json()["error"]["code"] == "journey_entry_refused"
    assert (first_try.status_code, retry.status_code) == (201, 201) and retry.json() == first_try.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    listed = api.get("/api/v1/journeys").json()["items"]
    assert [j["id"] for j in listed] == [journey["id"]]
    assert listed[0]["counts"]["entered"] == 2 and listed[0]["counts"]["in_progress"] == 2
    assert {s["step_id"]: s["now_at"] for s in listed[0]["steps"]} == {"hello": 0, "wait": 2, "points": 0}
    assert [e["journey_id"] for e in api.get(f"/api/v1/members/{member.id}/journeys").json()["items"]] == [
        journey["id"]]


def test_a_new_graph_is_a_new_version_and_a_rename_is_not(api: TestClient) -> None:
    journey = create(api, WELCOME)
    changed = {**WELCOME, "steps": [*WELCOME["steps"][:2], {"id": "points", "type": "award_points", "points": 50}]}

    renamed = api.patch(f"/api/v1/journeys/{journey['id']}", json={"name": "Hello"}).json()
    edited = api.patch(f"/api/v1/journeys/{journey['id']}", json={"graph": changed}).json()

    assert (renamed["name"], renamed["version"]) == ("Hello", 1)
    assert edited["version"] == 2 and edited["graph"]["steps"][2]["points"] == 50


def test_an_invalid_graph_names_each_problem_by_field(api: TestClient) -> None:
    graph = {**WELCOME, "steps": [{"id": "hello", "type": "send_message", "template_key": "welcome",
                                   "next": "nowhere"},
                                  {"id": "wait", "type": "wait", "duration": {"weeks": 1}}]}

    response = api.post("/api/v1/journeys", json={"name": "Broken", "graph": graph})

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_journey" and error["field"] == "steps[1].duration.weeks"
    assert error["details"]["problems"] == [
        {"field": "steps[1].duration.weeks", "message": "Extra inputs are not permitted"}]


def test_another_programs_journeys_and_members_are_not_found(api: TestClient, database: Database,
                                                             client: TestClient) -> None:
    other_program = make_program(database)
    other_key = make_api_key(database, other_program, scopes=["journeys:read"])
    journey = create(api, WELCOME)
    stranger = make_member(database, other_program)
    api.post(f"/api/v1/journeys/{journey['id']}/status", json={"status": "active"})

    seen_by_other = client.get(f"/api/v1/journeys/{journey['id']}",
                               headers={"Authorization": f"Bearer {other_key.token}"})
    enrol_stranger = api.post(f"/api/v1/journeys/{journey['id']}/enrolments", json={"member_id": stranger.id})
    writing = client.post("/api/v1/journeys", json={"name": "x", "graph": WELCOME},
                          headers={"Authorization": f"Bearer {other_key.token}"})

    assert seen_by_other.status_code == 404
    assert enrol_stranger.status_code == 404 and enrol_stranger.json()["error"]["code"] == "member_not_found"
    assert writing.status_code == 403


HELD_OUT: dict[str, Any] = {**WELCOME, "reentry": {"policy": "never"}, "holdout": {"share": 0.5},
                            "goal": {"event_type": "purchase.recorded", "window": {"days": 7}}}


def test_the_results_show_target_and_control_to_a_reader_of_this_program(api: TestClient, database: Database,
                                                                         program: Program,
                                                                         client: TestClient) -> None:
    journey = create(api, HELD_OUT)
    api.post(f"/api/v1/journeys/{journey['id']}/status", json={"status": "active"})
    entered = [api.post(f"/api/v1/journeys/{journey['id']}/enrolments",
                        json={"member_id": make_member(database, program).id}).json() for _ in range(6)]
    reader = make_api_key(database, program, scopes=["journeys:read"])
    stranger = make_api_key(database, program, scopes=["members:read"])
    other_key = make_api_key(database, make_program(database), scopes=["journeys:read"])

    shown = client.get(f"/api/v1/journeys/{journey['id']}/results", headers=reader.headers)
    refused = client.get(f"/api/v1/journeys/{journey['id']}/results", headers=stranger.headers)
    hidden = client.get(f"/api/v1/journeys/{journey['id']}/results", headers=other_key.headers)

    assert shown.status_code == 200
    body = shown.json()
    assert body["target"]["entered"] + body["control"]["entered"] == 6
    assert body["control"]["entered"] == sum(1 for e in entered if e["current_step"] is None)
    assert (body["control_share"], body["window"], body["currency"]) == (0.5, {"days": 7}, "EUR")
    assert body["control"]["points_cost"] == 0
    assert refused.status_code == 403
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "journey_not_found"
