"""The member app's surveys, reviews and members-only content over HTTP on both databases."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.programs.models import Program
from loyalty.surveys import service as surveys
from tests.factories.ledger import balance
from tests.factories.member_app import app_client, app_settings, sign_in_member
from tests.factories.members import make_member
from tests.factories.staff import csrf_of
from tests.factories.surveys import buy, make_content, make_survey
from tests.factories.tiers import assign, make_levels

FORM = {"q0": "1", "q1": ["0", "2"], "q2": "4", "q3": "9", "q4": "Lovely"}


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


@pytest.fixture
def settings(program: Program, outbox: Path) -> Settings:
    return app_settings(program, outbox)


@pytest.fixture
def browser(database: Database, settings: Settings) -> Iterator[TestClient]:
    with app_client(database, settings) as client:
        yield client


def test_a_member_answers_once_and_sees_the_points_at_home(browser: TestClient, database: Database,
                                                          program: Program, outbox: Path) -> None:
    member = make_member(database, program, email="ola@example.com")
    survey = make_survey(database, program, points=50)
    csrf = sign_in_member(browser, outbox, "ola@example.com")

    listed = browser.get("/app/surveys")
    sent = browser.post(f"/app/surveys/{survey.id}", data={"csrf_token": csrf, **FORM})
    home = browser.get("/app")
    again = browser.get(f"/app/surveys/{survey.id}")

    assert "Our coffee" in listed.text and sent.status_code == 303 and sent.headers["location"] == "/app"
    assert "50 points are yours" in home.text and balance(database, program, member.id).available == 50
    assert "already answered" in again.text
    answered, = browser.get("/app/my-data.json").json()["survey_responses"]
    assert answered["survey"] == "Our coffee" and answered["points_awarded"] == 50 and answered["answers"]


def test_a_wrong_form_is_shown_again_with_the_problem(browser: TestClient, database: Database,
                                                     program: Program, outbox: Path) -> None:
    make_member(database, program, email="ola@example.com")
    survey = make_survey(database, program)
    csrf = sign_in_member(browser, outbox, "ola@example.com")

    sent = browser.post(f"/app/surveys/{survey.id}", data={"csrf_token": csrf, **{**FORM, "q3": ""}})

    assert sent.status_code == 422 and "Question 4 needs an answer" in sent.text


def test_a_signed_link_answers_as_its_member_without_signing_in(browser: TestClient, database: Database,
                                                                program: Program, settings: Settings) -> None:
    member = make_member(database, program)
    survey = make_survey(database, program, points=20)
    assert settings.security.secret_key is not None
    token = surveys.link_token(secret_key=settings.security.secret_key.get_secret_value(), survey_id=survey.id,
                               member_id=member.id)

    forged = browser.get(f"/app/surveys/{survey.id}/answer", params={"t": token.replace(".", "0.", 1)})
    page = browser.get(f"/app/surveys/{survey.id}/answer", params={"t": token})
    sent = browser.post(f"/app/surveys/{survey.id}/answer?t={token}",
                        data={"csrf_token": csrf_of(page.text), **FORM})

    assert forged.status_code == 404 and page.status_code == 200
    assert sent.status_code == 200 and "20 points were added" in sent.text
    assert balance(database, program, member.id).available == 20


def test_a_member_sees_only_their_content_and_when_early_access_opens(browser: TestClient, database: Database,
                                                                     program: Program, outbox: Path) -> None:
    make_levels(database, program)
    make_member(database, program, email="ola@example.com")
    other = make_member(database, program)
    assign(database, program, other.id, tier_code="gold")
    make_content(database, program, title="Brewing guide for all")
    secret = make_content(database, program, title="Gold secret", tiers=["gold"])
    make_content(database, program, kind="early_access", title="Winter blend", body="", item_ref="W-1",
                 windows=[{"opens_at": "2030-01-10T09:00:00+00:00", "tiers": ["gold"]},
                          {"opens_at": "2030-01-12T09:00:00+00:00"}])
    sign_in_member(browser, outbox, "ola@example.com")

    page = browser.get("/app/content")
    hidden = browser.get(f"/app/content/{secret.id}")

    assert "Brewing guide for all" in page.text and "Gold secret" not in page.text
    assert re.search(r"Opens for you on 1/12/30", page.text)                    # the everyone window, not gold's
    assert hidden.status_code == 404


def test_a_member_reviews_a_bought_product(browser: TestClient, database: Database, program: Program,
                                           outbox: Path) -> None:
    member = make_member(database, program, email="ola@example.com")
    buy(database, program, member.id, "BEANS-1", name="House beans")
    csrf = sign_in_member(browser, outbox, "ola@example.com")

    form = browser.get("/app/reviews")
    sent = browser.post("/app/reviews", data={"csrf_token": csrf, "sku": "BEANS-1", "rating": "5", "text": "Yum"})
    after = browser.get("/app/reviews")

    assert "House beans" in form.text and sent.status_code == 303
    assert "Waiting for a check" in after.text and "Yum" in after.text
    exported = browser.get("/app/my-data.json").json()
    assert [(review["sku"], review["text"], review["status"]) for review in exported["product_reviews"]] == [
        ("BEANS-1", "Yum", "pending")]
