"""Leaderboards and contests over HTTP: define, standings kept by the worker, a member's rank,
entries, the draw and its audit record, the winners; scopes, programs, and no e-mail or name
anywhere in what the API answers about members."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update

from loyalty.contests.models import Contest
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.gamification import service as gamification
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.worker import tasks_contests, tasks_gamification, tasks_leaderboards
from tests.factories.engagement_boards import buy, catch_up, start
from tests.factories.gamification import buy as buy_lines
from tests.factories.gamification import make_challenge
from tests.factories.ledger import give_points
from tests.factories.members import make_member
from tests.factories.programs import make_api_key, make_program


def test_a_board_shows_members_by_public_name_a_page_at_a_time(api: TestClient, database: Database,
                                                                program: Program) -> None:
    start(database, tasks_leaderboards.subscriber)
    created = api.post("/api/v1/leaderboards", json={"name": "December", "measure": "points", "period": "month"})
    assert created.status_code == 201
    board_id = created.json()["id"]
    members = [make_member(database, program, email=f"lb{n}.{clock.now().timestamp()}@example.com",
                           first_name="Agnieszka", last_name="Wiśniewska") for n in range(3)]
    for n, member in enumerate(members):
        give_points(database, program, member.id, 100 * (n + 1))
    catch_up(database, tasks_leaderboards.subscriber)

    first = api.get(f"/api/v1/leaderboards/{board_id}/standings", params={"limit": 2}).json()
    rest = api.get(f"/api/v1/leaderboards/{board_id}/standings", params={"cursor": first["next_cursor"]}).json()
    mine = api.get(f"/api/v1/leaderboards/{board_id}/members/{members[0].id}").json()

    assert [(row["rank"], row["score"]) for row in first["items"] + rest["items"]] == [(1, 300), (2, 200), (3, 100)]
    assert rest["next_cursor"] is None and (mine["rank"], mine["score"]) == (3, 100)
    assert all(row["name"].startswith("Member #") for row in first["items"])
    text = str(first) + str(rest) + str(mine)
    assert "example.com" not in text and "Agnieszka" not in text and "Wiśniewska" not in text
    bad = api.post("/api/v1/leaderboards", json={"name": "S", "measure": "spend", "period": "season"})
    assert bad.status_code == 422


def test_a_board_ranked_by_a_challenge_follows_its_progress_and_refuses_another_programs(
        api: TestClient, database: Database, program: Program) -> None:
    start(database, tasks_gamification.subscriber)
    now = clock.now()
    challenge = make_challenge(database, program, name="Five visits", measure="purchase_count", goal=5,
                               starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=20))
    created = api.post("/api/v1/leaderboards", json={"name": "Visits race", "measure": "challenge",
                                                     "challenge_id": challenge.id})
    assert created.status_code == 201, created.text
    board = created.json()
    assert (board["measure"], board["challenge_id"], board["period"]) == ("challenge", challenge.id, "season")
    members = [make_member(database, program, email=f"ch{n}.{now.timestamp()}@example.com",
                           first_name="Agnieszka", last_name="Wiśniewska") for n in range(2)]
    for n, member in enumerate(members):
        with unit_of_work(database) as session:
            gamification.join_challenge(session=session, program=program, member_id=member.id,
                                        challenge_id=challenge.id, actor="test")
        for _ in range(n + 1):
            buy_lines(database, program, member.id)
    catch_up(database, tasks_gamification.subscriber)

    found = api.get(f"/api/v1/leaderboards/{board['id']}/standings").json()
    mine = api.get(f"/api/v1/leaderboards/{board['id']}/members/{members[0].id}").json()
    assert [(row["rank"], row["score"]) for row in found["items"]] == [(1, 2), (2, 1)]
    assert (mine["rank"], mine["score"]) == (2, 1)
    text = str(found) + str(mine)
    assert "example.com" not in text and "Agnieszka" not in text and "Wiśniewska" not in text

    theirs = make_challenge(database, make_program(database), name="Theirs", measure="purchase_count", goal=5,
                            starts_at=now, ends_at=now + timedelta(days=20))
    refused = api.post("/api/v1/leaderboards", json={"name": "X", "measure": "challenge", "challenge_id": theirs.id})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "unknown_challenge"
    assert refused.json()["error"]["field"] == "challenge_id"


def test_a_contest_is_entered_drawn_once_and_audited(api: TestClient, database: Database, program: Program) -> None:
    start(database, tasks_contests.subscriber)
    now = clock.now()
    created = api.post("/api/v1/contests", json={
        "name": "Win a bike", "prize": "A city bike", "rules_text": "One entry per 10.00 spent, at most 3.",
        "entry_action": "purchase", "amount_per_entry": 1000, "max_entries_per_member": 3, "winners_count": 1,
        "opens_at": (now - timedelta(days=1)).isoformat(), "closes_at": (now + timedelta(days=1)).isoformat()})
    assert created.status_code == 201 and created.json()["status"] == "open"
    contest_id = created.json()["id"]
    member = make_member(database, program, email=f"bike.{now.timestamp()}@example.com", first_name="Tomasz")
    buy(database, program, member.id, 5000)
    catch_up(database, tasks_contests.subscriber)

    entries = api.get(f"/api/v1/contests/{contest_id}/entries").json()
    early = api.post(f"/api/v1/contests/{contest_id}/draw")
    with unit_of_work(database) as session:
        session.execute(update(Contest).where(Contest.id == contest_id).values(closes_at=now))
    drawn = api.post(f"/api/v1/contests/{contest_id}/draw")
    again = api.post(f"/api/v1/contests/{contest_id}/draw")
    audit = api.get(f"/api/v1/contests/{contest_id}/draw").json()
    winners = api.get(f"/api/v1/contests/{contest_id}/winners").json()

    assert [(row["member_id"], row["entries"]) for row in entries["items"]] == [(member.id, 3)]
    assert early.status_code == 409 and early.json()["error"]["code"] == "contest_not_closed"
    assert drawn.status_code == 200 and again.status_code == 409
    assert again.json()["error"]["code"] == "contest_already_drawn"
    assert audit["verified"] is True and audit["entries_total"] == 3 and len(audit["seed_hex"]) == 64
    assert [winner["position"] for winner in winners["items"]] == [1]
    assert winners["items"][0]["name"].startswith("Member #")
    assert "Tomasz" not in str(winners) + str(audit) and "example.com" not in str(winners) + str(audit)


def test_scopes_and_programs_are_enforced(api: TestClient, client: TestClient, database: Database,
                                          program: Program) -> None:
    board_id = api.post("/api/v1/leaderboards",
                        json={"name": "W", "measure": "purchases", "period": "week"}).json()["id"]
    reader = make_api_key(database, program, scopes=["leaderboards:read", "contests:read"])
    stranger = make_api_key(database, program, scopes=["members:read"])
    other_key = make_api_key(database, make_program(database), scopes=["leaderboards:write", "contests:write"])

    assert client.get(f"/api/v1/leaderboards/{board_id}/standings", headers=reader.headers).status_code == 200
    assert client.get("/api/v1/contests", headers=reader.headers).status_code == 200
    assert client.post("/api/v1/leaderboards", headers=reader.headers,
                       json={"name": "X", "measure": "points", "period": "week"}).status_code == 403
    assert client.get("/api/v1/leaderboards", headers=stranger.headers).status_code == 403
    assert client.get("/api/v1/contests", headers=stranger.headers).status_code == 403
    assert client.get(f"/api/v1/leaderboards/{board_id}", headers=other_key.headers).status_code == 404
