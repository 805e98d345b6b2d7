"""Deleting a tier level over HTTP, on both databases: never while a reward names it or a
member is in it; what happens to provisional upgrades that would fall back to it; the base
level last, turning tiers off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.events.models import Event
from loyalty.programs.models import Program
from loyalty.rewards import service as rewards_service
from loyalty.tiers import repository as tier_rows
from loyalty.web.app import create_app
from tests.factories.concurrency import meanwhile
from tests.factories.ledger import give_points
from tests.factories.members import make_member
from tests.factories.programs import ApiCredentials, make_api_key, make_program
from tests.factories.tiers import assign, freeze, make_levels, progress_of, record, tier_of

MARCH = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _reward(api: TestClient, name: str, **fields: Any) -> dict[str, Any]:
    body = {"kind": "physical", "names": {"en": name, "pl": f"{name} (pl)"}, "points_price": 10, **fields}
    response = api.post("/api/v1/rewards", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _codes(api: TestClient) -> list[str]:
    return [level["code"] for level in api.get("/api/v1/tiers").json()["items"]]


def _deleted_events(database: Database, program: Program) -> list[dict[str, Any]]:
    with unit_of_work(database, read_only=True) as session:
        return [dict(payload) for payload in session.scalars(select(Event.payload).where(
            Event.program_id == program.id, Event.type == "tier_level.deleted").order_by(Event.id))]


def _client(database: Database, key: ApiCredentials) -> TestClient:
    settings = Settings()
    settings.worker.in_process = "never"
    return TestClient(create_app(settings, database=database), headers=key.headers)


def test_a_level_rewards_name_is_refused_naming_them_until_they_no_longer_do(
        api: TestClient, database: Database, program: Program) -> None:
    levels = make_levels(database, program)
    lounge = _reward(api, "Airport lounge", eligible_tiers=["gold", "platinum"])
    mug = _reward(api, "Gold mug", eligible_tiers=["gold"], is_active=False)  # inactive rewards count too
    _reward(api, "Tote bag")                                                   # everyone's: not in the way
    _reward(api, "Silver pin", eligible_tiers=["silver"])

    refused = api.delete(f"/api/v1/tiers/{levels['gold'].id}")                # when

    assert refused.status_code == 409                                         # then
    assert refused.json()["error"] == {
        "code": "tier_in_use", "field": None,
        "message": f"Tier 'gold' is in the eligible_tiers of rewards {lounge['id']} (Airport lounge), "
                   f"{mug['id']} (Gold mug); take it out of them first.",
        "details": {"in_use_by": "rewards", "rewards": [{"id": lounge["id"], "name": "Airport lounge"},
                                                        {"id": mug["id"], "name": "Gold mug"}]},
    }
    assert _codes(api) == ["member", "silver", "gold", "platinum"]
    assert _deleted_events(database, program) == []

    assert api.patch(f"/api/v1/rewards/{lounge['id']}", json={"eligible_tiers": ["platinum"]}).status_code == 200
    assert api.patch(f"/api/v1/rewards/{mug['id']}", json={"eligible_tiers": []}).status_code == 200
    deleted = api.delete(f"/api/v1/tiers/{levels['gold'].id}")

    assert deleted.status_code == 204
    assert _codes(api) == ["member", "silver", "platinum"]
    assert _deleted_events(database, program) == [{"tier_id": levels["gold"].id, "code": "gold"}]


def test_the_rewards_named_in_the_message_are_capped_but_all_listed_in_details(
        api: TestClient, database: Database, program: Program) -> None:
    levels = make_levels(database, program)
    rewards = [_reward(api, f"Gift {number}", eligible_tiers=["gold"]) for number in range(12)]

    refused = api.delete(f"/api/v1/tiers/{levels['gold'].id}")

    error = refused.json()["error"]
    assert error["message"].endswith(f"{rewards[9]['id']} (Gift 9) and 2 more; take it out of them first.")
    assert [reward["id"] for reward in error["details"]["rewards"]] == [reward["id"] for reward in rewards]


def test_a_reward_of_another_program_naming_the_same_code_is_not_in_the_way(
        api: TestClient, database: Database, program: Program) -> None:
    levels = make_levels(database, program)
    other = make_program(database, name="Other shop")
    make_levels(database, other)
    other_api_key = make_api_key(database, other, scopes=["admin"])
    created = api.post("/api/v1/rewards", headers=other_api_key.headers,
                       json={"kind": "physical", "names": {"en": "Their lounge"}, "points_price": 10,
                             "eligible_tiers": ["gold"]})
    assert created.status_code == 201

    assert api.delete(f"/api/v1/tiers/{levels['gold'].id}").status_code == 204


def test_a_member_of_the_level_can_still_redeem_its_reward_after_a_refused_delete(
        api: TestClient, database: Database, program: Program) -> None:
    levels = make_levels(database, program)
    member = make_member(database, program)
    give_points(database, program, member.id, 1000)
    freeze(MARCH)
    record(database, program, member.id, points=600, purchases=1)
    lounge = _reward(api, "Airport lounge", eligible_tiers=["gold"])

    refused = api.delete(f"/api/v1/tiers/{levels['gold'].id}")
    catalogue = api.get(f"/api/v1/members/{member.id}/catalogue").json()

    assert (refused.json()["error"]["code"], refused.json()["error"]["details"]["in_use_by"]) == \
        ("tier_in_use", "rewards")
    assert [(item["reward_id"], item["can_redeem"]) for item in catalogue["items"]] == [(lounge["id"], True)]


def test_a_level_with_members_is_refused_and_says_where_to_find_them(
        api: TestClient, database: Database, program: Program) -> None:
    levels = make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)
    record(database, program, member.id, points=600, purchases=1)

    refused = api.delete(f"/api/v1/tiers/{levels['gold'].id}")
    base = api.delete(f"/api/v1/tiers/{levels['member'].id}")

    assert refused.status_code == 409
    assert refused.json()["error"] == {
        "code": "tier_in_use", "field": None, "details": {"in_use_by": "members"},
        "message": f"Members are in tier 'gold' (GET /api/v1/tiers/{levels['gold'].id}/members lists them); move "
                   "them to another level first."}
    assert (base.status_code, base.json()["error"]["details"]) == (409, {"in_use_by": "levels"})
    assert tier_of(database, program, member.id) == "gold"


def test_a_level_only_the_floor_of_provisional_upgrades_is_deleted_and_they_fall_back_below_it(
        database: Database) -> None:
    program = make_program(database, pending_days=14)
    admin = make_api_key(database, program, scopes=["admin"])
    levels = make_levels(database, program)
    settled, provisional = make_member(database, program), make_member(database, program)
    freeze(MARCH)
    record(database, program, settled.id, points=150, purchases=1)       # silver
    record(database, program, provisional.id, points=150, purchases=1)   # silver
    freeze(MARCH + timedelta(days=30))
    record(database, program, settled.id, points=400, purchases=1)       # gold, provisional until day 44
    freeze(MARCH + timedelta(days=50))
    record(database, program, provisional.id, points=400, purchases=1)   # gold, provisional until day 64
    freeze(MARCH + timedelta(days=55))
    with _client(database, admin) as api:
        silver_members = api.get(f"/api/v1/tiers/{levels['silver'].id}/members").json()

        deleted = api.delete(f"/api/v1/tiers/{levels['silver'].id}")         # when

    assert silver_members == {"items": [], "next_cursor": None}              # then: nobody is in silver
    assert deleted.status_code == 204
    with unit_of_work(database, read_only=True) as session:
        rows = {member_id: tier_rows.member_tier(session, member_id=member_id)
                for member_id in (settled.id, provisional.id)}
        floors = {member_id: row.previous_tier_id if row else None for member_id, row in rows.items()}
    assert floors == {settled.id: levels["member"].id, provisional.id: levels["member"].id}
    # A refund within the return window takes the provisional upgrade back to the level below silver.
    freeze(MARCH + timedelta(days=56))
    change = record(database, program, provisional.id, points=-400, purchases=-1)
    assert change is not None and (change.reason, change.from_code, change.to_code) == ("reversed", "gold", "member")
    assert tier_of(database, program, settled.id) == "gold"


def test_deleting_the_last_level_turns_tiers_off_and_a_new_base_level_starts_everyone_again(
        api: TestClient, database: Database, program: Program) -> None:
    levels = make_levels(database, program, levels=(("member", 0, 0, "1"), ("silver", 1, 100, "1.1")))
    moved_down, never_moved = make_member(database, program), make_member(database, program)
    freeze(MARCH)
    record(database, program, moved_down.id, points=150, purchases=1)
    assign(database, program, moved_down.id, tier_code="member")             # a stored row at the base level
    assert api.delete(f"/api/v1/tiers/{levels['silver'].id}").status_code == 204

    deleted = api.delete(f"/api/v1/tiers/{levels['member'].id}")              # when

    assert deleted.status_code == 204                                         # then
    assert api.get(f"/api/v1/members/{moved_down.id}/tier").json()["error"]["code"] == "tiers_not_configured"
    assert tier_of(database, program, moved_down.id) is None
    recreated = api.post("/api/v1/tiers", json={"code": "basic", "name": "Basic", "rank": 0, "threshold": 0})
    assert recreated.status_code == 201
    base_members = api.get(f"/api/v1/tiers/{recreated.json()['id']}/members").json()["items"]
    assert [(item["member_id"], item["since"]) for item in base_members] == [(moved_down.id, None),
                                                                            (never_moved.id, None)]
    assert progress_of(database, program, moved_down.id).value == 150  # activity was kept


def test_the_base_level_a_reward_names_is_refused_too(api: TestClient, database: Database,
                                                      program: Program) -> None:
    levels = make_levels(database, program, levels=(("member", 0, 0, "1"),))
    welcome = _reward(api, "Welcome gift", eligible_tiers=["member"])

    refused = api.delete(f"/api/v1/tiers/{levels['member'].id}")

    assert (refused.status_code, refused.json()["error"]["details"]) == (
        409, {"in_use_by": "rewards", "rewards": [{"id": welcome["id"], "name": "Welcome gift"}]})


def test_an_unknown_level_is_404_before_any_reward_is_looked_at(api: TestClient) -> None:
    response = api.delete("/api/v1/tiers/999999")
    assert (response.status_code, response.json()["error"]["code"]) == (404, "tier_not_found")


def test_a_reward_naming_a_level_waits_for_its_deletion_and_is_then_refused(
        api: TestClient, database: Database, program: Program) -> None:
    if database.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time")
    levels = make_levels(database, program)
    deleting = database.sessions()
    rewards_service.delete_tier_level(session=deleting, program=program, tier_id=levels["gold"].id, actor="test")
    waited, response = meanwhile(deleting, lambda: api.post("/api/v1/rewards", json={
        "kind": "physical", "names": {"en": "Gold mug"}, "points_price": 10, "eligible_tiers": ["gold"]}))
    assert waited
    assert (response.status_code, response.json()["error"]["code"]) == (422, "unknown_tier")
