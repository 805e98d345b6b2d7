from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.members import make_member
from tests.factories.programs import ApiCredentials, make_api_key, make_program
from tests.factories.tiers import freeze, make_levels, record, tier_events

MARCH = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
BASE = {"code": "member", "name": "Member", "rank": 0, "threshold": 0}
GOLD = {"code": "gold", "name": "Gold", "rank": 2, "threshold": 5000,
        "benefits": {"earn_multiplier": "1.25", "free_shipping": True},
        "translations": {"pl": {"name": "Złoty"}, "pt_br": {"name": "Ouro", "description": "Frete grátis"}}}


def _create(api: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post("/api/v1/tiers", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_levels_are_created_listed_and_read_with_their_benefits(api: TestClient) -> None:
    _create(api, BASE)
    gold = _create(api, GOLD)

    assert {key: gold[key] for key in ("code", "name", "rank", "threshold", "is_base", "benefits",
                                       "translations")} == {
        "code": "gold", "name": "Gold", "rank": 2, "threshold": 5000, "is_base": False,
        "benefits": {"earn_multiplier": "1.25", "free_shipping": True, "exclusive_rewards": False},
        "translations": {"pl": {"name": "Złoty", "description": None},
                         "pt-BR": {"name": "Ouro", "description": "Frete grátis"}},
    }
    assert [level["code"] for level in api.get("/api/v1/tiers").json()["items"]] == ["member", "gold"]
    assert api.get(f"/api/v1/tiers/{gold['id']}").json() == gold


def test_levels_must_start_at_the_base_and_rise_with_rank(api: TestClient) -> None:
    no_base = api.post("/api/v1/tiers", json=GOLD)
    assert (no_base.status_code, no_base.json()["error"]["code"], no_base.json()["error"]["field"]) == \
        (422, "invalid_tier_order", "rank")
    _create(api, BASE)
    _create(api, GOLD)
    lower = api.post("/api/v1/tiers", json={"code": "platinum", "name": "Platinum", "rank": 3, "threshold": 4000})
    assert lower.status_code == 422
    assert lower.json()["error"] == {
        "code": "invalid_tier_order", "field": "threshold",
        "message": "Level 'platinum' (rank 3) needs a threshold above 5000, the threshold of 'gold' below it."}
    taken = api.post("/api/v1/tiers", json={**GOLD, "rank": 5, "threshold": 9000})
    assert (taken.status_code, taken.json()["error"]["code"]) == (409, "tier_exists")
    same_rank = api.post("/api/v1/tiers", json={**GOLD, "code": "gold2", "threshold": 9000})
    assert (same_rank.status_code, same_rank.json()["error"]["code"]) == (409, "tier_rank_taken")


def test_bad_input_is_422_naming_the_field(api: TestClient) -> None:
    cases = [
        ({**BASE, "colour": "red"}, "colour"),
        ({**BASE, "code": "Gold Tier"}, "code"),
        ({**BASE, "benefits": {"earn_multiplier": "0.5"}}, "benefits.earn_multiplier"),
        ({**BASE, "benefits": {"earn_multiplier": "1.00001"}}, "benefits.earn_multiplier"),
        ({**BASE, "translations": {"not a language": {"name": "x"}}}, "translations"),
    ]
    for body, field in cases:
        response = api.post("/api/v1/tiers", json=body)
        assert (response.status_code, response.json()["error"]["field"]) == (422, field), body


def test_update_changes_the_fields_sent_but_never_the_code(api: TestClient) -> None:
    _create(api, BASE)
    gold = _create(api, GOLD)

    changed = api.patch(f"/api/v1/tiers/{gold['id']}", json={"threshold": 6000, "benefits": {"earn_multiplier": "10"}})

    assert changed.status_code == 200
    assert (changed.json()["threshold"], changed.json()["benefits"]["earn_multiplier"]) == (6000, "10")
    assert changed.json()["benefits"]["free_shipping"] is False  # benefits are replaced as a whole
    assert api.patch(f"/api/v1/tiers/{gold['id']}", json={"code": "golden"}).json()["error"]["code"] == \
        "unknown_field"
    assert api.patch(f"/api/v1/tiers/{gold['id']}", json={"threshold": 0}).json()["error"]["code"] == \
        "invalid_tier_order"


def test_a_level_with_members_cannot_be_deleted(api: TestClient, database: Database, program: Program) -> None:
    levels = make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)
    record(database, program, member.id, points=600, purchases=1)

    in_use = api.delete(f"/api/v1/tiers/{levels['gold'].id}")
    base = api.delete(f"/api/v1/tiers/{levels['member'].id}")
    empty = api.delete(f"/api/v1/tiers/{levels['platinum'].id}")

    assert (in_use.status_code, in_use.json()["error"]["code"]) == (409, "tier_in_use")
    assert (base.status_code, base.json()["error"]["code"]) == (409, "tier_in_use")
    assert empty.status_code == 204
    assert [level["code"] for level in api.get("/api/v1/tiers").json()["items"]] == ["member", "silver", "gold"]


def test_policy_has_defaults_and_is_replaced_whole(api: TestClient) -> None:
    assert api.get("/api/v1/tier-policy").json() == {
        "measure": "points_earned", "window": {"kind": "calendar_year"}, "review_every_days": None,
        "grace_days": 0, "one_level_at_a_time": True, "updated_at": None}

    replaced = api.put("/api/v1/tier-policy", json={"measure": "amount_spent", "window": {"kind": "rolling",
                                                                                          "days": 365},
                                                     "review_every_days": 90, "grace_days": 30})

    assert replaced.status_code == 200
    assert {key: value for key, value in replaced.json().items() if key != "updated_at"} == {
        "measure": "amount_spent", "window": {"kind": "rolling", "days": 365}, "review_every_days": 90,
        "grace_days": 30, "one_level_at_a_time": True}
    assert api.get("/api/v1/tier-policy").json() == replaced.json()
    calendar_with_days = api.put("/api/v1/tier-policy", json={"review_every_days": 90})
    assert (calendar_with_days.status_code, calendar_with_days.json()["error"]["field"]) == \
        (422, "review_every_days")
    unknown_measure = api.put("/api/v1/tier-policy", json={"measure": "visits"})
    assert (unknown_measure.status_code, unknown_measure.json()["error"]["field"]) == (422, "measure")


def test_member_progress_shows_tier_next_level_and_what_keeps_it(api: TestClient, database: Database,
                                                                 program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)
    record(database, program, member.id, points=180, purchases=1)

    body = api.get(f"/api/v1/members/{member.id}/tier").json()

    assert (body["tier"]["code"], body["value"], body["measure"]) == ("silver", 180, "points_earned")
    assert body["tier"]["benefits"] == {"earn_multiplier": "1.1", "free_shipping": False, "exclusive_rewards": False}
    assert {key: body["next"][key] for key in ("threshold", "needed", "by")} == \
        {"threshold": 500, "needed": 320, "by": "2026-12-31T23:00:00Z"}
    assert body["keep"] == {"threshold": 100, "value": 180, "needed": 0, "by": "2026-12-31T23:00:00Z",
                            "grace_until": None}


def test_manual_assignment_needs_a_reason_and_lands_on_the_timeline(api: TestClient, database: Database,
                                                                    program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)

    no_reason = api.post(f"/api/v1/members/{member.id}/tier", json={"tier_code": "gold"})
    blank = api.post(f"/api/v1/members/{member.id}/tier", json={"tier_code": "gold", "reason": "  "})
    assigned = api.post(f"/api/v1/members/{member.id}/tier", json={"tier_code": "gold", "reason": "Press VIP"})

    assert (no_reason.status_code, no_reason.json()["error"]["field"]) == (422, "reason")
    assert (blank.status_code, blank.json()["error"]["field"]) == (422, "reason")
    assert assigned.status_code == 200
    assert (assigned.json()["tier"]["code"], assigned.json()["manually_assigned"]) == ("gold", True)
    timeline = api.get(f"/api/v1/members/{member.id}/timeline").json()["items"]
    assert timeline[0]["type"] == "tier.changed"
    assert timeline[0]["payload"]["note"] == "Press VIP" and timeline[0]["payload"]["reason"] == "manual"
    assert timeline[0]["actor"].startswith("api_key:")


def test_manual_assignment_replays_under_the_same_idempotency_key(api: TestClient, database: Database,
                                                                 program: Program) -> None:
    make_levels(database, program)
    member = make_member(database, program)
    freeze(MARCH)
    headers = {"Idempotency-Key": "assign-1"}

    first = api.post(f"/api/v1/members/{member.id}/tier", json={"tier_code": "gold", "reason": "VIP"},
                     headers=headers)
    freeze(MARCH + timedelta(minutes=1))
    again = api.post(f"/api/v1/members/{member.id}/tier", json={"tier_code": "gold", "reason": "VIP"},
                     headers=headers)

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert len(tier_events(database, program, member.id)) == 1


def test_tier_members_are_paged_and_the_base_level_holds_everyone_else(api: TestClient, database: Database,
                                                                       program: Program) -> None:
    levels = make_levels(database, program)
    freeze(MARCH)
    members = [make_member(database, program) for _ in range(5)]
    for member in members[:3]:
        record(database, program, member.id, points=150, purchases=1)

    first = api.get(f"/api/v1/tiers/{levels['silver'].id}/members", params={"limit": 2}).json()
    second = api.get(f"/api/v1/tiers/{levels['silver'].id}/members",
                     params={"limit": 2, "cursor": first["next_cursor"]}).json()
    base = api.get(f"/api/v1/tiers/{levels['member'].id}/members").json()

    assert [item["member_id"] for item in first["items"] + second["items"]] == [m.id for m in members[:3]]
    assert second["next_cursor"] is None
    assert first["items"][0] == {"member_id": members[0].id, "since": "2026-03-10T12:00:00Z",
                                 "review_at": "2026-12-31T23:00:00Z", "grace_until": None,
                                 "manually_assigned": False}
    assert [item["member_id"] for item in base["items"]] == [m.id for m in members[3:]]
    bad_cursor = api.get(f"/api/v1/tiers/{levels['silver'].id}/members", params={"cursor": "nope"})
    assert (bad_cursor.status_code, bad_cursor.json()["error"]["code"]) == (422, "invalid_cursor")


def test_reading_needs_members_read_and_writing_needs_tiers_write(client: TestClient, database: Database,
                                                                  program: Program) -> None:
    levels = make_levels(database, program)
    member = make_member(database, program)
    reader = make_api_key(database, program, scopes=["members:read"])
    writer = make_api_key(database, program, scopes=["tiers:write"])

    assert client.get("/api/v1/tiers", headers=reader.headers).status_code == 200
    assert client.get(f"/api/v1/members/{member.id}/tier", headers=reader.headers).status_code == 200
    refused = client.post(f"/api/v1/members/{member.id}/tier", json={"tier_code": "gold", "reason": "x"},
                          headers=reader.headers)
    assert refused.json()["error"]["details"] == {"required_scope": "tiers:write"}
    assert client.patch(f"/api/v1/tiers/{levels['gold'].id}", json={"name": "Gold+"},
                        headers=writer.headers).status_code == 200
    assert client.put("/api/v1/tier-policy", json={"grace_days": 10}, headers=reader.headers).status_code == 403


def test_another_programs_tiers_and_members_are_404_on_every_route(client: TestClient, database: Database,
                                                                   program: Program, admin: ApiCredentials) -> None:
    levels = make_levels(database, program)
    member = make_member(database, program)
    other = make_program(database, name="Other shop")
    make_levels(database, other)
    theirs = make_api_key(database, other, scopes=["admin"])
    gold = levels["gold"].id

    routes: list[tuple[str, str, Any]] = [
        ("GET", f"/api/v1/tiers/{gold}", None),
        ("PATCH", f"/api/v1/tiers/{gold}", {"name": "Stolen"}),
        ("DELETE", f"/api/v1/tiers/{gold}", None),
        ("GET", f"/api/v1/tiers/{gold}/members", None),
        ("GET", f"/api/v1/members/{member.id}/tier", None),
        ("POST", f"/api/v1/members/{member.id}/tier", {"tier_code": "gold", "reason": "x"}),
    ]
    for method, url, body in routes:
        response = client.request(method, url, json=body, headers=theirs.headers)
        assert response.status_code == 404, (method, url, response.text)
    assert client.get(f"/api/v1/tiers/{gold}", headers=admin.headers).json()["name"] == "Gold"
    assert tier_events(database, program, member.id) == []


def test_member_tier_without_tiers_is_404_tiers_not_configured(api: TestClient, database: Database,
                                                               program: Program) -> None:
    member = make_member(database, program)
    response = api.get(f"/api/v1/members/{member.id}/tier")
    assert (response.status_code, response.json()["error"]["code"]) == (404, "tiers_not_configured")
