"""App notifications and the preferred channel in the member app, over plain HTTP on both
databases: the profile carries the VAPID public key for the app's script, the script's posts
store and stop the device's subscription (CSRF-protected, for the signed-in member only), and
the preferred channel is saved as the member's attribute."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members import service as members
from loyalty.programs.models import Program
from loyalty.push import service as push
from tests.factories.member_app import app_client, app_settings, sign_in_member
from tests.factories.members import make_member
from tests.factories.push import browser_keys

ENDPOINT = "https://push.example.net/send/phone-1"


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


@pytest.fixture
def browser(database: Database, program: Program, outbox: Path) -> Iterator[TestClient]:
    with app_client(database, app_settings(program, outbox)) as client:
        yield client


def live(database: Database, program: Program, member_id: int) -> list[str]:
    with unit_of_work(database, read_only=True) as session:
        return [t.endpoint for t in push.live_targets(session=session, program_id=program.id, member_id=member_id)]


def post_subscription(browser: TestClient, token: str, endpoint: str = ENDPOINT):  # type: ignore[no-untyped-def]
    keys = browser_keys()
    return browser.post("/app/push/subscriptions", data={"endpoint": endpoint, "p256dh": keys.p256dh,
                                                         "auth": keys.auth},
                        headers={"X-CSRF-Token": token, "User-Agent": "Phone browser"})


def test_the_profile_gives_the_script_the_vapid_key_and_the_device_subscribes(
        browser: TestClient, database: Database, program: Program, outbox: Path) -> None:
    member = make_member(database, program, email="ola@example.com")
    token = sign_in_member(browser, outbox, "ola@example.com")
    profile = browser.get("/app/profile").text
    with unit_of_work(database, read_only=True) as session:
        key = push.vapid_keys(session=session).public_key
    assert f'data-push-key="{key}"' in profile and "0 devices receive notifications." in profile
    assert '<script src="/static/member_app/push.js" defer></script>' in profile

    answer = post_subscription(browser, token)
    assert answer.status_code == 201 and answer.json()["message"] == "Notifications are on for this device."
    assert live(database, program, member.id) == [ENDPOINT]
    assert "1 device receives notifications." in browser.get("/app/profile").text

    answer = browser.post("/app/push/unsubscribe", data={"endpoint": ENDPOINT}, headers={"X-CSRF-Token": token})
    assert answer.status_code == 200 and live(database, program, member.id) == []


def test_a_subscription_without_the_sessions_token_is_refused_and_stores_nothing(
        browser: TestClient, database: Database, program: Program, outbox: Path) -> None:
    member = make_member(database, program, email="ola@example.com")
    sign_in_member(browser, outbox, "ola@example.com")
    assert post_subscription(browser, "not-the-token").status_code == 403
    assert live(database, program, member.id) == []


def test_a_signed_out_browser_cannot_subscribe(browser: TestClient) -> None:
    assert post_subscription(browser, "x").status_code in (303, 403)


def test_a_bad_subscription_is_answered_with_the_reason(browser: TestClient, database: Database,
                                                        program: Program, outbox: Path) -> None:
    make_member(database, program, email="ola@example.com")
    token = sign_in_member(browser, outbox, "ola@example.com")
    answer = post_subscription(browser, token, endpoint="http://10.0.0.5/steal")
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_push_endpoint"


def test_a_member_cannot_stop_another_members_device(browser: TestClient, database: Database, program: Program,
                                                     outbox: Path) -> None:
    make_member(database, program, email="ola@example.com")
    other = make_member(database, program, email="ben@example.com")
    keys = browser_keys()
    with unit_of_work(database) as session:
        push.subscribe(session=session, program_id=program.id, member_id=other.id, endpoint=ENDPOINT,
                       p256dh=keys.p256dh, auth=keys.auth, user_agent=None)
    token = sign_in_member(browser, outbox, "ola@example.com")
    browser.post("/app/push/unsubscribe", data={"endpoint": ENDPOINT}, headers={"X-CSRF-Token": token})
    assert live(database, program, other.id) == [ENDPOINT]


def test_the_preferred_channel_is_saved_on_the_member_and_shown_chosen(
        browser: TestClient, database: Database, program: Program, outbox: Path) -> None:
    member = make_member(database, program, email="ola@example.com")
    token = sign_in_member(browser, outbox, "ola@example.com")
    answer = browser.post("/app/preferences", data={"csrf_token": token, "preferred_channel": "push"})
    assert answer.status_code == 303 and answer.headers["location"] == "/app/profile"
    with unit_of_work(database, read_only=True) as session:
        found = members.get_member(session=session, program_id=program.id, member_id=member.id)
    assert found.attributes["preferred_channel"] == "push"
    assert 'name="preferred_channel" value="push" checked' in browser.get("/app/profile").text

    browser.post("/app/preferences", data={"csrf_token": token, "preferred_channel": "carrier-pigeon"})
    with unit_of_work(database, read_only=True) as session:
        found = members.get_member(session=session, program_id=program.id, member_id=member.id)
    assert found.attributes["preferred_channel"] == "push"
