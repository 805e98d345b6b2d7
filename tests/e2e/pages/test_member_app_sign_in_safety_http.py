"""The member app's sign-in, against what a review found: one limit per mailbox whatever its
spelling, no code in a subject or a log line, a sign-up and a password lock-out that never tell
who is a member or who has a password, a link that signs in only when the member presses the
button, and sessions ended when the password changes or another sign-in replaces them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.members import schemas
from loyalty.programs.models import Program
from loyalty.web.member_app import access as app_access
from loyalty.web.member_app import screens
from loyalty.web.pages.signed_in import MEMBER_COOKIE
from tests.factories.member_app import (
    app_client,
    app_settings,
    ask_for_code,
    enter_code,
    mailed,
    sign_in_member,
)
from tests.factories.members import make_member
from tests.factories.staff import csrf_of


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


@pytest.fixture
def browser(database: Database, program: Program, outbox: Path) -> Iterator[TestClient]:
    with app_client(database, app_settings(program, outbox)) as client:
        yield client


def visible(html: str, *emails: str) -> str:
    """The page as a person sees it: the typed address and the one-time form tokens left out."""
    for email in emails:
        html = html.replace(email, "EMAIL")
    return re.sub(r'value="[A-Za-z0-9_-]{20,}"', 'value="TOKEN"', html)


# --- one limit per mailbox ---------------------------------------------------------------------------


def test_every_spelling_of_an_address_counts_against_one_limit(database: Database, program: Program,
                                                               outbox: Path) -> None:
    make_member(database, program, email="victim@example.com")
    settings = app_settings(program, outbox, member_sign_in_per_email="3/minute")
    with app_client(database, settings) as client:
        ask_for_code(client, "victim@ｅxample.com")
        page = client.get("/app/sign-in").text
        wrong = client.post("/app/sign-in/password", data={"csrf_token": csrf_of(page), "email": "victim@example。com",
                                                           "password": "a guess"})
        assert wrong.status_code == 401
        code_page = client.post("/app/sign-in/code", data={"csrf_token": csrf_of(wrong.text),
                                                           "email": "Victim@Example.com", "code": "000000"})
        assert code_page.status_code == 401
        form = client.get("/app/sign-up").text
        limited = client.post("/app/sign-up", data={
            "csrf_token": csrf_of(form), "email": "VICTIM@ＥXAMPLE.COM", "first_name": "V", "consent_email": "no",
            "consent_sms": "no", "consent_push": "no", "terms": "yes"})
    assert limited.status_code == 429 and "Too many attempts" in limited.text
    assert len(list(outbox.glob("*.json"))) == 1  # the flood reached the mailbox once
    limit_key = app_access.limit_key  # one helper keys the limit of all four forms
    assert limit_key("victim@ｅxample.com") == limit_key("victim@example。com") == limit_key(" VICTIM@example.com")
    assert limit_key("Not An Address") == "not an address"


# --- sign-up tells nobody who is a member --------------------------------------------------------------


def test_a_bad_referral_code_is_refused_alike_for_a_taken_and_a_new_address(browser: TestClient, database: Database,
                                                                           program: Program, outbox: Path) -> None:
    make_member(database, program, email="taken@example.com")

    def sign_up(email: str) -> tuple[int, str]:
        form = browser.get("/app/sign-up").text
        answer = browser.post("/app/sign-up", data={
            "csrf_token": csrf_of(form), "email": email, "first_name": "Nina", "consent_email": "yes",
            "consent_sms": "no", "consent_push": "no", "terms": "yes", "referral_code": "NOSUCH99"})
        return answer.status_code, visible(answer.text, email)

    taken, new = sign_up("taken@example.com"), sign_up("new@example.com")
    assert taken == new
    assert taken[0] == 422 and "No member has this referral code" in taken[1]
    assert not outbox.exists() or not list(outbox.glob("*.json"))


# --- the password lock-out tells nobody who has a password ----------------------------------------------


def test_a_locked_password_answers_as_an_address_without_one(browser: TestClient, database: Database,
                                                             program: Program, outbox: Path) -> None:
    make_member(database, program, email="haspw@example.com")
    make_member(database, program, email="nopw@example.com")
    token = sign_in_member(browser, outbox, "haspw@example.com")
    assert browser.post("/app/password", data={"csrf_token": token, "password": "the right one!",
                                               "password_again": "the right one!"}).status_code == 303
    browser.post("/app/sign-out", data={"csrf_token": token})
    browser.cookies.clear()

    def attempt(email: str, password: str) -> tuple[int, str]:
        page = browser.get("/app/sign-in").text
        answer = browser.post("/app/sign-in/password", data={"csrf_token": csrf_of(page), "email": email,
                                                             "password": password})
        return answer.status_code, visible(answer.text, email)

    for _ in range(6):
        attempt("haspw@example.com", "wrong guess")
    assert attempt("haspw@example.com", "the right one!") == attempt("nopw@example.com", "the right one!")


# --- the e-mailed link ------------------------------------------------------------------------------------


def test_opening_the_link_signs_in_nobody_and_leaves_the_code_working(browser: TestClient, database: Database,
                                                                      program: Program, outbox: Path) -> None:
    make_member(database, program, email="scan@example.com", first_name="Sven")
    code_page = ask_for_code(browser, "scan@example.com")
    code, link = mailed(outbox, "scan@example.com")

    with TestClient(browser.app, follow_redirects=False) as scanner:  # a mail scanner opens the link twice
        for _ in range(2):
            opened = scanner.get(link)
            assert opened.status_code == 200 and MEMBER_COOKIE not in opened.headers.get("set-cookie", "")
            assert f'action="{link}"' in opened.text
        # and a page elsewhere cannot press the button for it: no double-submit token, no sign-in
        forged = scanner.post(link, data={"csrf_token": "forged"})
        assert forged.status_code == 403 and MEMBER_COOKIE not in forged.headers.get("set-cookie", "")

    answer = enter_code(browser, code_page, "scan@example.com", code)
    assert answer.status_code == 303 and "Hello, Sven" in browser.get("/app").text
    browser.cookies.clear()
    assert browser.get(link).status_code == 401  # signing in by the code used the link up too


def test_pressing_the_links_button_signs_in_and_uses_the_code_up(browser: TestClient, database: Database,
                                                                 program: Program, outbox: Path) -> None:
    make_member(database, program, email="press@example.com", first_name="Pia")
    code_page = ask_for_code(browser, "press@example.com")
    code, link = mailed(outbox, "press@example.com")
    page = browser.get(link)
    answer = browser.post(link, data={"csrf_token": csrf_of(page.text)})
    assert answer.status_code == 303 and "Hello, Pia" in browser.get("/app").text
    browser.cookies.clear()
    browser.get("/app/sign-in")
    assert enter_code(browser, code_page, "press@example.com", code).status_code in (401, 403)


# --- sessions --------------------------------------------------------------------------------------------


def test_setting_a_password_ends_the_members_other_sessions(database: Database, program: Program,
                                                            outbox: Path) -> None:
    make_member(database, program, email="two@example.com", first_name="Tove")
    settings = app_settings(program, outbox)
    with app_client(database, settings) as phone, app_client(database, settings) as laptop:
        sign_in_member(phone, outbox, "two@example.com")
        token = sign_in_member(laptop, outbox, "two@example.com")
        assert phone.get("/app").status_code == 200

        set_first = laptop.post("/app/password", data={"csrf_token": token, "password": "first secret 1",
                                                       "password_again": "first secret 1"})
        assert set_first.status_code == 303
        assert phone.get("/app").status_code == 303  # signed out
        assert laptop.get("/app").status_code == 200  # the browser that changed it stays signed in


def test_replacing_a_password_needs_the_current_one(browser: TestClient, database: Database, program: Program,
                                                   outbox: Path) -> None:
    make_member(database, program, email="change@example.com")
    token = sign_in_member(browser, outbox, "change@example.com")
    new = {"csrf_token": token, "password": "first secret 1", "password_again": "first secret 1"}
    assert browser.post("/app/password", data=new).status_code == 303
    assert 'name="current_password"' in browser.get("/app/profile").text

    second = {"csrf_token": token, "password": "second secret 2", "password_again": "second secret 2"}
    without = browser.post("/app/password", data=second)
    assert without.status_code == 422 and "Your current password is wrong." in without.text
    wrong = browser.post("/app/password", data={**second, "current_password": "not it at all"})
    assert wrong.status_code == 422
    right = browser.post("/app/password", data={**second, "current_password": "first secret 1"})
    assert right.status_code == 303

    browser.post("/app/sign-out", data={"csrf_token": token})
    browser.cookies.clear()
    page = browser.get("/app/sign-in").text
    assert browser.post("/app/sign-in/password", data={"csrf_token": csrf_of(page), "email": "change@example.com",
                                                       "password": "second secret 2"}).status_code == 303


def test_signing_in_again_ends_the_session_the_browser_had(browser: TestClient, database: Database,
                                                           program: Program, outbox: Path) -> None:
    make_member(database, program, email="older@example.com")
    make_member(database, program, email="newer@example.com", first_name="Nora")
    sign_in_member(browser, outbox, "older@example.com")
    older = browser.cookies[MEMBER_COOKIE]

    browser.cookies.delete(MEMBER_COOKIE, path="/app")
    code_page = ask_for_code(browser, "newer@example.com")
    code, _ = mailed(outbox, "newer@example.com")
    browser.cookies.set(MEMBER_COOKIE, older, path="/app")  # still presented when the new sign-in happens
    assert enter_code(browser, code_page, "newer@example.com", code).status_code == 303
    assert "Hello, Nora" in browser.get("/app").text

    with TestClient(browser.app, follow_redirects=False) as other:
        other.cookies.set(MEMBER_COOKIE, older, path="/app")
        assert other.get("/app").status_code == 303  # the older session opens nothing any more


def test_the_app_uses_the_members_channels() -> None:
    # Sign-up asks for the channels; the profile also for the profiling consent (docs/surveys.md).
    assert app_access.CHANNELS is schemas.CHANNELS and screens.CONSENT_KINDS is schemas.CONSENT_KINDS
