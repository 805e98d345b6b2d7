"""Surveys, reviews and members-only content over the API: scopes, errors, what the shop sees."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.kernel import clock
from loyalty.programs.models import Program
from tests.factories.members import make_member
from tests.factories.programs import make_api_key
from tests.factories.surveys import QUESTIONS, buy
from tests.factories.tiers import assign, make_levels

ANSWERS = [{"question": 0, "value": 0}, {"question": 1, "value": [1]}, {"question": 2, "value": 5},
           {"question": 3, "value": 10}]


def test_a_survey_is_built_answered_once_and_summarised(api: TestClient, database: Database,
                                                        program: Program) -> None:
    member = make_member(database, program)
    survey = api.post("/api/v1/surveys", json={"title": "Coffee", "points": 40, "status": "open",
                                               "questions": QUESTIONS})
    assert survey.status_code == 201
    survey_id = survey.json()["id"]

    first = api.post(f"/api/v1/surveys/{survey_id}/responses", json={"member_id": member.id, "answers": ANSWERS})
    again = api.post(f"/api/v1/surveys/{survey_id}/responses", json={"member_id": member.id, "answers": ANSWERS})
    summary = api.get(f"/api/v1/surveys/{survey_id}/summary").json()
    balance = api.get(f"/api/v1/members/{member.id}/balance")

    assert first.status_code == 201 and first.json()["points_awarded"] == 40
    assert (again.status_code, again.json()["error"]["code"]) == (409, "survey_already_answered")
    assert summary["responses"] == 1 and summary["questions"][3]["nps"]["score"] == 100
    assert balance.status_code == 200 and "40" in balance.text
    edit = api.patch(f"/api/v1/surveys/{survey_id}", json={"questions": QUESTIONS[:1]})
    assert (edit.status_code, edit.json()["error"]["code"]) == (409, "survey_has_answers")


def test_a_wrong_answer_names_its_question(api: TestClient, database: Database, program: Program) -> None:
    member = make_member(database, program)
    survey_id = api.post("/api/v1/surveys", json={"title": "C", "status": "open", "questions": QUESTIONS}).json()["id"]

    answer = api.post(f"/api/v1/surveys/{survey_id}/responses",
                      json={"member_id": member.id, "answers": [*ANSWERS[:3], {"question": 3, "value": 11}]})

    assert (answer.status_code, answer.json()["error"]["code"], answer.json()["error"]["field"]) == (
        422, "invalid_answer", "answers.3")


def test_reviews_are_moderated_before_the_shop_shows_them(api: TestClient, database: Database,
                                                          program: Program) -> None:
    member = make_member(database, program, first_name="Ewa")
    buy(database, program, member.id, "BEANS-1")

    review = api.post("/api/v1/reviews", json={"member_id": member.id, "sku": "BEANS-1", "rating": 4, "text": "Good"})
    before = api.get("/api/v1/product-reviews", params={"sku": "BEANS-1"}).json()["items"]
    queue = api.get("/api/v1/reviews", params={"status": "pending"}).json()["items"]
    api.post(f"/api/v1/reviews/{review.json()['id']}/moderation", json={"status": "approved"})
    after = api.get("/api/v1/product-reviews", params={"sku": "BEANS-1"}).json()["items"]

    assert review.status_code == 201 and before == [] and [r["sku"] for r in queue] == ["BEANS-1"]
    assert [(r["rating"], r["author"], r["text"]) for r in after] == [(4, "Ewa", "Good")]


def test_the_shop_asks_whether_a_member_may_buy_early(api: TestClient, database: Database, program: Program) -> None:
    make_levels(database, program)
    gold = make_member(database, program)
    assign(database, program, gold.id, tier_code="gold")
    basic = make_member(database, program)
    now = clock.now()
    created = api.post("/api/v1/content", json={
        "kind": "early_access", "title": "Winter blend", "item_ref": "WINTER-24", "windows": [
            {"opens_at": (now - timedelta(hours=1)).isoformat(), "tiers": ["gold"]},
            {"opens_at": (now + timedelta(days=3)).isoformat()}]})
    api.post("/api/v1/content", json={"title": "Gold tasting", "tiers": ["gold"]})

    gold_answer = api.get(f"/api/v1/members/{gold.id}/early-access/WINTER-24").json()
    basic_answer = api.get(f"/api/v1/members/{basic.id}/early-access/WINTER-24").json()
    basic_content = api.get(f"/api/v1/members/{basic.id}/content").json()["items"]
    unknown = api.get(f"/api/v1/members/{basic.id}/early-access/NOPE")

    assert created.status_code == 201
    assert gold_answer["may_buy_now"] is True and basic_answer["may_buy_now"] is False
    assert [(item["title"], item["is_open"]) for item in basic_content] == [("Winter blend", False)]
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "early_access_not_found")


def test_each_area_needs_its_scope(client: TestClient, database: Database, program: Program) -> None:
    member = make_member(database, program)
    key = make_api_key(database, program, scopes=["members:read"])
    client.headers["Authorization"] = f"Bearer {key.token}"

    answers = [client.get("/api/v1/surveys"), client.get("/api/v1/reviews"),
               client.get(f"/api/v1/members/{member.id}/content")]

    assert [answer.status_code for answer in answers] == [403, 403, 403]
