"""GET /members/{id}/recommendations: the stored lists, paged by rank, scoped to members:read
and to the key's program."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.recommendations import service
from tests.e2e.api.paging import walk
from tests.factories.members import make_member
from tests.factories.programs import make_api_key, make_program
from tests.factories.recommendations import add_baskets
from tests.factories.rewards import make_reward


def _history(database: Database, program: Program) -> tuple[int, int]:
    """Tea drinkers also buy honey; the newcomer bought tea and milk. Answers (newcomer, never bought)."""
    now = clock.now()
    others = [make_member(database, program).id for _ in range(4)]
    add_baskets(database, program.id, [(member_id, now - timedelta(days=days), [("TEA", "tea"), ("HONEY", "pantry")])
                                       for member_id in others for days in (5, 12)])
    add_baskets(database, program.id, [(others[0], now - timedelta(days=2), [("MILK", "dairy"), ("BREAD", "bakery")])])
    newcomer = make_member(database, program).id
    add_baskets(database, program.id, [(newcomer, now - timedelta(days=1), [("TEA", "tea"), ("MILK", "dairy")])])
    make_reward(database, program, names={program.locale: "Mug"})
    with unit_of_work(database) as session:
        service.refresh_program(session, program.id, now)
    return newcomer, make_member(database, program).id


def test_a_members_products_and_offers_come_ranked(api: TestClient, database: Database, program: Program) -> None:
    newcomer, never_bought = _history(database, program)

    products = api.get(f"/api/v1/members/{newcomer}/recommendations")
    offers = api.get(f"/api/v1/members/{newcomer}/recommendations", params={"shelf": "offers"})
    pages = walk(api, f"/api/v1/members/{newcomer}/recommendations", limit=1)
    empty = api.get(f"/api/v1/members/{never_bought}/recommendations")

    assert products.status_code == 200
    listed = {item["ref"]: item for item in products.json()["items"]}
    assert products.json()["items"][0]["rank"] == 1 and "HONEY" in listed       # what tea drinkers buy
    honey = listed["HONEY"]
    assert (honey["kind"], honey["source"], honey["name"], honey["category"]) == (
        "product", "similar", "Product HONEY", "pantry")
    assert [item["rank"] for page in pages for item in page] == [item["rank"] for item in products.json()["items"]]
    assert [(item["kind"], item["name"]) for item in offers.json()["items"]] == [("reward", "Mug")]
    assert empty.json() == {"items": [], "next_cursor": None}


def test_an_offer_the_member_has_used_up_since_the_run_is_not_answered(api: TestClient, database: Database,
                                                                       program: Program) -> None:
    from loyalty.gamification.models import ChallengeParticipant
    from loyalty.worker.tasks_recommendations import refresh_program
    from tests.factories.gamification import make_challenge

    newcomer, _ = _history(database, program)
    now = clock.now()
    tea_week = make_challenge(database, program, name="Tea week", measure="purchase_count", goal=2,
                              condition={"any_line": {"field": "line.category", "op": "eq", "value": "tea"}},
                              starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=7))
    with unit_of_work(database) as session:
        refresh_program(session, program.id, now)
    before = api.get(f"/api/v1/members/{newcomer}/recommendations", params={"shelf": "offers"}).json()["items"]

    with unit_of_work(database) as session:  # the member completes it the same day
        session.add(ChallengeParticipant(program_id=program.id, challenge_id=tea_week.id, member_id=newcomer,
                                         joined_at=now, source="joined", progress=2, completed_at=now))
    after = api.get(f"/api/v1/members/{newcomer}/recommendations", params={"shelf": "offers"}).json()["items"]

    assert [(item["kind"], item["name"]) for item in before] == [("challenge", "Tea week"), ("reward", "Mug")]
    assert [(item["kind"], item["name"], item["rank"]) for item in after] == [("reward", "Mug", 2)]


def test_only_keys_that_read_members_of_the_program_see_them(client: TestClient, database: Database,
                                                             program: Program) -> None:
    newcomer, _ = _history(database, program)
    no_scope = make_api_key(database, program, scopes=["purchases:write"])
    reader = make_api_key(database, program, scopes=["members:read"])
    stranger_program = make_program(database)
    stranger = make_api_key(database, stranger_program, scopes=["members:read"])

    def get(token: str) -> tuple[int, str | None]:
        answer = client.get(f"/api/v1/members/{newcomer}/recommendations",
                            headers={"Authorization": f"Bearer {token}"})
        return answer.status_code, (answer.json().get("error") or {}).get("code")

    assert get(no_scope.token)[0] == 403
    assert get(reader.token) == (200, None)
    assert get(stranger.token) == (404, "member_not_found")
