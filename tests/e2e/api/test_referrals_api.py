"""The referral API end to end, on both databases."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members.models import Member
from loyalty.programs.models import Program
from loyalty.web.api.v1.referrals import public_router
from tests.factories.members import make_cards, make_member
from tests.factories.programs import make_api_key, make_program
from tests.factories.referrals import buy, set_referral_program

SETTINGS: dict[str, Any] = {
    "active": True, "qualifying_purchase": {"min_total": 5000, "within_days": 30},
    "referrer_reward": {"points": 500, "unit": "points"}, "referee_reward": {"points": 250, "unit": "points"},
    "cap": {"count": 10, "period_days": 30}, "signup_url": None,
}


def _serve_public_links(client: TestClient) -> None:
    """Mount `/r/{code}` at the root as the application does once app.py includes `public_router`."""
    app: FastAPI = client.app  # type: ignore[assignment]
    if not any(getattr(route, "path", None) == "/r/{code}" for route in app.routes):
        app.include_router(public_router)


def _enrol(api: TestClient, **fields: Any) -> dict[str, Any]:
    response = api.post("/api/v1/members", json=fields)
    assert response.status_code == 201, response.json()
    body: dict[str, Any] = response.json()
    return body


def test_settings_start_inactive_and_are_replaced_whole(api: TestClient, program: Program) -> None:
    before = api.get("/api/v1/referral-program")
    assert before.status_code == 200
    assert before.json()["configured"] is False and before.json()["active"] is False

    saved = api.put("/api/v1/referral-program", json={**SETTINGS, "signup_url": "https://shop.example.com/join"})

    assert saved.status_code == 200
    body = saved.json()
    assert {key: body[key] for key in SETTINGS} == {**SETTINGS, "signup_url": "https://shop.example.com/join"}
    assert body["configured"] is True and body["currency"] == "EUR" and body["updated_by"].startswith("api_key:")
    assert api.get("/api/v1/referral-program").json() == body
    without_cap = api.put("/api/v1/referral-program", json={**SETTINGS, "cap": None}).json()
    assert without_cap["cap"] is None and without_cap["signup_url"] is None


@pytest.mark.parametrize(("change", "status", "code", "field"), [
    ({"referrer_reward": {"points": 5, "unit": "miles"}}, 422, "unknown_unit", "referrer_reward.unit"),
    ({"referrer_reward": {"points": 0}, "referee_reward": {"points": 0}}, 422, "no_referral_reward",
     "referrer_reward.points"),
    ({"bonus": 1}, 422, "unknown_field", "bonus"),
    ({"qualifying_purchase": {"min_total": -1, "within_days": 30}}, 422, "invalid_greater",
     "qualifying_purchase.min_total"),
    ({"signup_url": "shop.example.com/join"}, 422, "invalid_value", "signup_url"),
])
def test_invalid_settings_are_refused_naming_the_field(api: TestClient, change: dict[str, Any], status: int,
                                                       code: str, field: str) -> None:
    response = api.put("/api/v1/referral-program", json={**SETTINGS, **change})
    assert response.status_code == status
    assert (response.json()["error"]["code"], response.json()["error"]["field"]) == (code, field)


def test_settings_need_the_referrals_scope(client: TestClient, database: Database, program: Program) -> None:
    reader = make_api_key(database, program, scopes=["members:read", "members:write"])
    assert client.get("/api/v1/referral-program", headers=reader.headers).status_code == 403
    manager = make_api_key(database, program, scopes=["referrals:write"])
    assert client.put("/api/v1/referral-program", json=SETTINGS, headers=manager.headers).status_code == 200


def test_signup_with_a_code_links_and_the_qualifying_purchase_rewards_both(api: TestClient, database: Database,
                                                                           program: Program) -> None:
    api.put("/api/v1/referral-program", json=SETTINGS)
    referrer = _enrol(api, email="anna@example.com")
    referee = _enrol(api, email="bartek@example.com", referral_code=referrer["referral_code"].lower())

    pending = api.get(f"/api/v1/members/{referrer['id']}/referrals").json()
    assert pending["referral_code"] == referrer["referral_code"]
    assert pending["referral_link"] == f"http://127.0.0.1:8000/r/{referrer['referral_code']}"
    assert pending["counts"] == {"pending": 1, "rewarded": 0, "rejected": 0, "reversed": 0}
    [row] = pending["items"]
    assert (row["referee_id"], row["status"], row["reason"]) == (referee["id"], "pending", None)
    assert row["qualifies_until"] is not None
    assert pending["referred_by"] is None
    joined = api.get(f"/api/v1/members/{referee['id']}/referrals").json()["referred_by"]
    assert (joined["referrer_id"], joined["status"]) == (referrer["id"], "pending")

    buy(database, program, referee["id"], 7500)

    rewarded = api.get(f"/api/v1/members/{referrer['id']}/referrals").json()
    [row] = rewarded["items"]
    assert (row["status"], row["referrer_reward"], row["referee_reward"]) == (
        "rewarded", {"unit": "points", "points": 500}, {"unit": "points", "points": 250})
    assert row["qualifies_until"] is None and row["rewarded_at"] is not None
    assert api.get(f"/api/v1/members/{referrer['id']}/balance").json()["units"]["points"]["available"] == 500
    assert api.get(f"/api/v1/members/{referee['id']}/balance").json()["units"]["points"]["available"] == 250
    timeline = api.get(f"/api/v1/members/{referrer['id']}/timeline").json()["items"]
    assert [event["type"] for event in timeline if event["type"].startswith("referral.")] == [
        "referral.rewarded", "referral.linked"]


def test_unknown_code_is_422_naming_the_field_and_enrols_nobody(api: TestClient, database: Database) -> None:
    api.put("/api/v1/referral-program", json=SETTINGS)
    other_program = make_program(database, name="Other shop")
    other_key = make_api_key(database, other_program, scopes=["admin"])
    stranger = api.post("/api/v1/members", json={"email": "x@example.com"}, headers=other_key.headers).json()

    for code in ("ZZZZZZZZ", stranger["referral_code"]):
        response = api.post("/api/v1/members", json={"email": "new@example.com", "referral_code": code})
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "unknown_referral_code"
        assert response.json()["error"]["field"] == "referral_code"
    assert api.get("/api/v1/members", params={"email": "new@example.com"}).json()["items"] == []


def test_self_referral_variants_are_refused_with_reasons(api: TestClient, database: Database,
                                                          program: Program) -> None:
    api.put("/api/v1/referral-program", json=SETTINGS)
    [card] = make_cards(database, program, count=1)
    referrer = _enrol(api, email="Anna.Kowalska@gmail.com", phone="+48 601 234 567", card_number=card,
                      address={"line1": "ul. Długa 1", "postal_code": "80-001", "city": "Gdańsk", "country": "PL"})
    code = referrer["referral_code"]

    dotted = _enrol(api, email="anna.kowalska+promo@googlemail.com", referral_code=code)
    housemate = _enrol(api, email="someone@example.com", referral_code=code,
                       address={"line1": "UL DŁUGA 1", "postal_code": "80001", "country": "PL"})
    # Identifiers the members domain keeps unique never get as far as a referral.
    same_email = api.post("/api/v1/members", json={"email": "ANNA.KOWALSKA@gmail.com", "referral_code": code})
    same_phone = api.post("/api/v1/members", json={"phone": "+48601234567", "referral_code": code})
    same_card = api.post("/api/v1/members", json={"email": "b@example.com", "card_number": card,
                                                  "referral_code": code})

    assert (same_email.status_code, same_email.json()["error"]["code"], same_email.json()["error"]["field"]) == (
        409, "member_exists", "email")
    assert (same_phone.status_code, same_phone.json()["error"]["field"]) == (409, "phone")
    assert (same_card.status_code, same_card.json()["error"]["code"]) == (409, "card_taken")
    rows = api.get(f"/api/v1/members/{referrer['id']}/referrals").json()["items"]
    assert {row["referee_id"]: (row["status"], row["reason"]) for row in rows} == {
        dotted["id"]: ("rejected", "self_referral_email"),
        housemate["id"]: ("rejected", "self_referral_address"),
    }
    timeline = api.get(f"/api/v1/members/{housemate['id']}/timeline").json()["items"]
    rejected = next(event for event in timeline if event["type"] == "referral.rejected")
    assert rejected["payload"]["reason"] == "self_referral_address"


def test_another_programs_member_is_404(api: TestClient, client: TestClient, database: Database,
                                        program: Program) -> None:
    set_referral_program(database, program)
    mine = _enrol(api, email="anna@example.com")
    other_program = make_program(database, name="Other shop")
    other_key = make_api_key(database, other_program, scopes=["admin"])

    response = client.get(f"/api/v1/members/{mine['id']}/referrals", headers=other_key.headers)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "member_not_found"
    assert client.get("/api/v1/referral-program", headers=other_key.headers).json()["configured"] is False


def test_referees_page_newest_first(api: TestClient, program: Program) -> None:
    api.put("/api/v1/referral-program", json=SETTINGS)
    referrer = _enrol(api, email="anna@example.com")
    ids = [_enrol(api, email=f"friend{index}@example.com", referral_code=referrer["referral_code"])["id"]
           for index in range(3)]

    first = api.get(f"/api/v1/members/{referrer['id']}/referrals", params={"limit": 2}).json()
    second = api.get(f"/api/v1/members/{referrer['id']}/referrals",
                     params={"limit": 2, "cursor": first["next_cursor"]}).json()

    assert [row["referee_id"] for row in first["items"] + second["items"]] == ids[::-1]
    assert second["next_cursor"] is None and first["counts"]["pending"] == second["counts"]["pending"] == 3
    assert first["referral_code"] == second["referral_code"] == referrer["referral_code"]


def test_public_link_redirects_to_the_signup_page_with_the_code(api: TestClient, client: TestClient) -> None:
    _serve_public_links(client)
    api.put("/api/v1/referral-program", json={**SETTINGS, "signup_url": "https://shop.example.com/join?lang=pl"})
    code = _enrol(api, email="anna@example.com")["referral_code"]
    anonymous = TestClient(client.app, follow_redirects=False)

    response = anonymous.get(f"/r/{code.lower()}")

    assert response.status_code == 302
    assert response.headers["location"] == f"https://shop.example.com/join?lang=pl&referral_code={code}"
    assert anonymous.get("/r/ZZZZZZZZ").json()["error"]["code"] == "unknown_referral_code"


def test_public_link_answers_json_without_a_signup_page(api: TestClient, client: TestClient,
                                                        program: Program) -> None:
    _serve_public_links(client)
    api.put("/api/v1/referral-program", json=SETTINGS)
    code = _enrol(api, email="anna@example.com")["referral_code"]

    response = TestClient(client.app).get(f"/r/{code}")

    assert response.status_code == 200
    assert response.json() == {"referral_code": code, "program_id": program.id, "program_name": "Test shop",
                               "active": True, "signup_url": None}


def test_a_code_shared_by_two_programs_gets_a_link_naming_the_program(api: TestClient, client: TestClient,
                                                                      database: Database, program: Program) -> None:
    _serve_public_links(client)
    api.put("/api/v1/referral-program", json=SETTINGS)
    mine = _enrol(api, email="anna@example.com")
    other_program = make_program(database, name="Other shop")
    theirs = make_member(database, other_program)
    with unit_of_work(database) as session:  # a collision of two random codes, made on purpose
        session.execute(update(Member).where(Member.id == theirs.id).values(referral_code=mine["referral_code"]))
    code = mine["referral_code"]

    link = api.get(f"/api/v1/members/{mine['id']}/referrals").json()["referral_link"]
    anonymous = TestClient(client.app)

    assert link == f"http://127.0.0.1:8000/r/{code}?program={program.id}"
    assert anonymous.get(f"/r/{code}").json()["error"]["code"] == "ambiguous_referral_code"
    assert anonymous.get(f"/r/{code}", params={"program": program.id}).json()["program_name"] == "Test shop"
    assert anonymous.get(f"/r/{code}", params={"program": other_program.id}).json()["program_name"] == "Other shop"
