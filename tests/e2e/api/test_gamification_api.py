"""Badges and challenges over HTTP: define them, page through them, a member's progress, joining,
scopes, and another program's things staying invisible."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.kernel import clock
from loyalty.programs.models import Program
from tests.factories.gamification import buy, evaluate
from tests.factories.members import make_member
from tests.factories.programs import make_api_key, make_program


def _challenge(**fields: object) -> dict[str, object]:
    now = clock.now()
    return {"name": "Three in March", "measure": "purchase_count", "goal": 3, "reward_points": 100,
            "starts_at": (now - timedelta(days=1)).isoformat(), "ends_at": (now + timedelta(days=20)).isoformat(),
            **fields}


def test_badges_are_defined_paged_and_shown_with_the_members_progress(api: TestClient, database: Database,
                                                                      program: Program) -> None:
    created = api.post("/api/v1/badges", json={"name": "Collector", "measure": "purchase_count", "levels": [
        {"name": "Bronze", "threshold": 2}, {"name": "Silver", "threshold": 4}]})
    for number in range(3):
        api.post("/api/v1/badges", json={"name": f"Badge {number}", "measure": "spend",
                                         "levels": [{"name": "Done", "threshold": 100000}]})
    falling = api.post("/api/v1/badges", json={"name": "Wrong", "measure": "purchase_count", "levels": [
        {"name": "A", "threshold": 5}, {"name": "B", "threshold": 3}]})
    no_type = api.post("/api/v1/badges", json={"name": "Reviews", "measure": "event_count",
                                               "levels": [{"name": "A", "threshold": 1}]})
    member = make_member(database, program)
    for _ in range(3):
        buy(database, program, member.id)
    evaluate(database, program, member.id)

    first = api.get("/api/v1/badges", params={"limit": 2}).json()
    second = api.get("/api/v1/badges", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    mine = api.get(f"/api/v1/members/{member.id}/badges").json()["items"]

    assert created.status_code == 201 and [level["level"] for level in created.json()["levels"]] == [1, 2]
    assert (falling.status_code, falling.json()["error"]["code"]) == (422, "invalid_levels")
    assert (no_type.status_code, no_type.json()["error"]["field"]) == (422, "event_type")
    assert [badge["name"] for badge in first["items"] + second["items"]] == [
        "Collector", "Badge 0", "Badge 1", "Badge 2"] and second["next_cursor"] is None
    collector = mine[0]
    assert (collector["value"], collector["earned_level"], collector["next_threshold"], collector["percent"]) == (
        3, "Bronze", 4, 75)
    assert api.get("/api/v1/badges").json()["items"][0]["earned"] == 1


def test_a_badge_posted_with_award_existing_is_back_filled_by_the_worker(api: TestClient, database: Database,
                                                                        program: Program) -> None:
    from loyalty.worker import tasks_gamification

    member = make_member(database, program)
    buy(database, program, member.id)
    created = api.post("/api/v1/badges", json={"name": "Customer already", "measure": "purchase_count",
                                               "award_existing": True, "levels": [{"name": "One", "threshold": 1}]})
    plain = api.post("/api/v1/badges", json={"name": "Later", "measure": "purchase_count",
                                             "levels": [{"name": "One", "threshold": 1}]})
    tasks_gamification.backfill_badges(database)
    after = api.get(f"/api/v1/badges/{created.json()['id']}").json()

    assert created.status_code == 201 and created.json()["backfill"]["finished_at"] is None
    assert plain.json()["backfill"] is None
    assert after["earned"] == 1 and after["backfill"]["awarded"] == 1 and after["backfill"]["finished_at"]
    assert api.get(f"/api/v1/badges/{plain.json()['id']}").json()["earned"] == 0


def test_a_member_joins_a_challenge_and_sees_it_completed(api: TestClient, database: Database,
                                                          program: Program) -> None:
    challenge = api.post("/api/v1/challenges", json=_challenge()).json()
    member = make_member(database, program)
    joined = api.post(f"/api/v1/members/{member.id}/challenges/{challenge['id']}/join")
    again = api.post(f"/api/v1/members/{member.id}/challenges/{challenge['id']}/join")
    for _ in range(3):
        buy(database, program, member.id)
    evaluate(database, program, member.id)

    [mine] = api.get(f"/api/v1/members/{member.id}/challenges").json()["items"]
    stats = api.get(f"/api/v1/challenges/{challenge['id']}/stats").json()

    assert joined.status_code == 200 and joined.json()["joined"] is True and again.status_code == 200
    assert (mine["progress"], mine["percent"], mine["completed_at"] is not None) == (3, 100, True)
    assert stats == {"participants": 1, "completed": 1, "average_percent": 100, "points_given": 100}
    backwards = api.post("/api/v1/challenges", json=_challenge(name="Backwards", ends_at="2020-01-01T00:00:00Z"))
    assert (backwards.status_code, backwards.json()["error"]["code"]) == (422, "invalid_window")


def test_scopes_and_programs_are_kept_apart(client: TestClient, database: Database, program: Program) -> None:
    reader = make_api_key(database, program, scopes=["gamification:read"])
    members_only = make_api_key(database, program, scopes=["members:read"])
    other = make_program(database)
    outsider = make_api_key(database, other, scopes=["gamification:write"])
    writer = make_api_key(database, program, scopes=["gamification:write"])
    challenge = client.post("/api/v1/challenges", json=_challenge(),
                            headers={"Authorization": f"Bearer {writer.token}"}).json()
    member = make_member(database, program)

    def ask(key: str, method: str, path: str) -> int:
        return client.request(method, path, headers={"Authorization": f"Bearer {key}"}).status_code

    assert ask(reader.token, "GET", "/api/v1/challenges") == 200
    assert ask(reader.token, "POST", f"/api/v1/members/{member.id}/challenges/{challenge['id']}/join") == 403
    assert ask(members_only.token, "GET", f"/api/v1/members/{member.id}/badges") == 403
    assert ask(outsider.token, "GET", f"/api/v1/challenges/{challenge['id']}") == 404
    assert ask(outsider.token, "GET", f"/api/v1/members/{member.id}/challenges") == 404
    assert ask(outsider.token, "POST", f"/api/v1/members/{member.id}/challenges/{challenge['id']}/join") == 404
