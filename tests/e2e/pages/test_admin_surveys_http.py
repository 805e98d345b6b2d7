"""Surveys, reviews and members-only content in the admin panel over HTTP on both databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.staff import make_staff_user, page_client, sign_in_staff
from tests.factories.surveys import answer, buy, make_survey, submit_review


@pytest.fixture
def browser(database: Database) -> Iterator[TestClient]:
    with page_client(database) as client:
        yield client


def test_an_owner_builds_a_survey_and_reads_its_nps(browser: TestClient, database: Database,
                                                   program: Program) -> None:
    csrf = sign_in_staff(browser, make_staff_user(database, program, "owner"))
    fields = {"csrf_token": csrf, "title": "After your visit", "kind": "survey", "points": "25", "open_now": "1",
              "q0_prompt": "Would you recommend us?", "q0_kind": "nps",
              "q1_prompt": "What did you buy?", "q1_kind": "multiple", "q1_options": "Coffee\nCake",
              "q2_prompt": "", "q2_kind": "single"}

    wrong = browser.post("/admin/surveys/new", data={**fields, "q1_options": "Coffee"})
    created = browser.post("/admin/surveys/new", data=fields)
    survey_id = int(created.headers["location"].rsplit("/", 1)[1])
    for value in (10, 9, 3):
        answer(database, program, survey_id, make_member(database, program).id, {0: value, 1: [0]})
    page = browser.get(f"/admin/surveys/{survey_id}").text

    assert wrong.status_code == 422 and "2 to 20 options" in wrong.text
    assert created.status_code == 303
    assert "NPS 33" in page and "2 promoters, 0 passives, 1 detractors" in page


def test_reviews_are_moderated_in_the_panel(browser: TestClient, database: Database, program: Program) -> None:
    member = make_member(database, program)
    buy(database, program, member.id, "BEANS-1", name="House beans")
    review_id = submit_review(database, program, member.id, "BEANS-1", text="Wonderful")
    csrf = sign_in_staff(browser, make_staff_user(database, program, "manager"))

    queue = browser.get("/admin/reviews").text
    approved = browser.post(f"/admin/reviews/{review_id}", data={"csrf_token": csrf, "status": "approved"})

    assert "Wonderful" in queue and approved.status_code == 303
    assert "Wonderful" in browser.get("/admin/reviews?status=approved").text
    assert "Wonderful" not in browser.get("/admin/reviews").text


def test_content_is_published_for_a_tier_and_staff_see_only_their_program(browser: TestClient, database: Database,
                                                                          program: Program) -> None:
    csrf = sign_in_staff(browser, make_staff_user(database, program, "owner"))
    other = make_program(database)
    make_survey(database, other, title="Their secret survey")

    published = browser.post("/admin/content", data={"csrf_token": csrf, "title": "Barista tips", "kind": "advice",
                                                     "body_format": "markdown", "body": "**Tamp** evenly"})
    early = browser.post("/admin/content", data={"csrf_token": csrf, "title": "Winter blend", "kind": "early_access",
                                                 "body_format": "plain", "body": "", "item_ref": "W-1",
                                                 "w0_opens_at": "2030-01-10T09:00"})
    listed = browser.get("/admin/content").text

    assert published.status_code == 303 and early.status_code == 303
    assert "Barista tips" in listed and "Early access (W-1)" in listed and "9:00" in listed
    assert "Their secret survey" not in browser.get("/admin/surveys").text
