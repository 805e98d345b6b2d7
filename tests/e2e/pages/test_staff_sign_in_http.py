"""Staff sign-in over plain HTTP on both databases: the session lives on the server (a cookie
used after sign-out opens nothing), CSRF on every form (sign-in's too), lock-out after
repeated wrong passwords, rate limits, cashiers kept to the POS, and `/` sending each person
to their face."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx2
import pytest
from fastapi.testclient import TestClient

from loyalty.auth.staff import FAILURES_BEFORE_LOCK
from loyalty.db.engine import Database
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.web.pages.signed_in import STAFF_COOKIE
from tests.factories.staff import csrf_of, make_staff_user, page_client, page_settings, sign_in_staff


@pytest.fixture
def browser(database: Database) -> Iterator[TestClient]:
    with page_client(database) as client:
        yield client


def post_sign_in(client: TestClient, email: str, password: str, face: str = "admin") -> httpx2.Response:
    token = csrf_of(client.get(f"/{face}/sign-in").text)
    return client.post(f"/{face}/sign-in", data={"csrf_token": token, "email": email, "password": password})


def test_owner_signs_in_and_the_panel_greets_them(browser: TestClient, database: Database, program: Program) -> None:
    owner = make_staff_user(database, program, "owner")
    assert browser.get("/admin").headers["location"] == "/admin/sign-in?next=/admin"
    sign_in_staff(browser, owner)
    page = browser.get("/admin")
    assert page.status_code == 200
    assert program.name in page.text and "Test owner" in page.text
    cookie = page.headers.get("set-cookie", "")
    assert STAFF_COOKIE not in cookie  # the session cookie is set once, at sign-in
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert page.headers["Cache-Control"] == "no-store"


def test_session_cookie_is_http_only_and_same_site(browser: TestClient, database: Database,
                                                   program: Program) -> None:
    owner = make_staff_user(database, program, "owner")
    answer = post_sign_in(browser, owner.email, owner.password)
    cookie = next(value for value in answer.headers.get_list("set-cookie") if value.startswith(STAFF_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie


def test_a_cookie_used_after_sign_out_opens_nothing(browser: TestClient, database: Database,
                                                    program: Program) -> None:
    owner = make_staff_user(database, program, "owner")
    token = sign_in_staff(browser, owner)
    stolen = browser.cookies[STAFF_COOKIE]
    out = browser.post("/sign-out", data={"csrf_token": token})
    assert out.status_code == 303 and out.headers["location"] == "/admin/sign-in"
    browser.cookies.set(STAFF_COOKIE, stolen)  # the old cookie, replayed
    assert browser.get("/admin").headers["location"].startswith("/admin/sign-in")


def test_signing_in_again_starts_a_new_session(browser: TestClient, database: Database, program: Program) -> None:
    owner = make_staff_user(database, program, "owner")
    first = sign_in_staff(browser, owner)
    first_cookie = browser.cookies[STAFF_COOKIE]
    second = sign_in_staff(browser, owner)
    assert first != second and first_cookie != browser.cookies[STAFF_COOKIE]


def test_sign_out_without_the_sessions_token_signs_nobody_out(browser: TestClient, database: Database,
                                                              program: Program) -> None:
    owner = make_staff_user(database, program, "owner")
    sign_in_staff(browser, owner)
    browser.post("/sign-out", data={"csrf_token": "forged"})
    assert browser.get("/admin").status_code == 200


def test_sign_in_form_without_its_token_is_refused(browser: TestClient, database: Database,
                                                   program: Program) -> None:
    owner = make_staff_user(database, program, "owner")
    browser.get("/admin/sign-in")
    answer = browser.post("/admin/sign-in", data={"csrf_token": "guess", "email": owner.email,
                                                  "password": owner.password})
    assert answer.status_code == 403 and "expired" in answer.text
    assert STAFF_COOKIE not in browser.cookies


def test_wrong_password_and_unknown_email_read_the_same(browser: TestClient, database: Database,
                                                        program: Program) -> None:
    owner = make_staff_user(database, program, "owner")
    wrong = post_sign_in(browser, owner.email, "not the password")
    unknown = post_sign_in(browser, "nobody@staff.example", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "The e-mail or the password is wrong." in wrong.text
    assert "The e-mail or the password is wrong." in unknown.text


def test_repeated_wrong_passwords_lock_the_account_for_a_while(browser: TestClient, database: Database,
                                                               program: Program) -> None:
    owner = make_staff_user(database, program, "owner")
    for _ in range(FAILURES_BEFORE_LOCK):
        post_sign_in(browser, owner.email, "wrong password")
    locked = post_sign_in(browser, owner.email, owner.password)  # even the right one, now
    assert locked.status_code == 401 and "locked" in locked.text
    later = clock.now() + timedelta(minutes=2)
    clock.set_clock(lambda: later)
    assert post_sign_in(browser, owner.email, owner.password).status_code == 303


def test_sign_in_attempts_are_rate_limited(database: Database, program: Program) -> None:
    owner = make_staff_user(database, program, "owner")
    with page_client(database, page_settings(staff_sign_in_per_ip="3/minute")) as client:
        for _ in range(3):
            post_sign_in(client, owner.email, "wrong password")
        limited = post_sign_in(client, owner.email, owner.password)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1


def test_cashier_lands_on_the_pos_and_is_refused_the_panel(browser: TestClient, database: Database,
                                                           program: Program) -> None:
    cashier = make_staff_user(database, program, "cashier")
    answer = post_sign_in(browser, cashier.email, cashier.password)
    assert answer.headers["location"] == "/pos"
    assert browser.get("/admin").status_code == 403
    assert browser.get("/").headers["location"] == "/pos"


def test_root_sends_visitors_to_the_app_and_staff_to_the_panel(browser: TestClient, database: Database,
                                                               program: Program) -> None:
    assert browser.get("/").headers["location"] == "/app"
    sign_in_staff(browser, make_staff_user(database, program, "manager"))
    assert browser.get("/").headers["location"] == "/admin"


def test_sign_in_goes_back_where_the_person_was_going_but_never_off_site(
        browser: TestClient, database: Database, program: Program) -> None:
    owner = make_staff_user(database, program, "owner")
    page = browser.get("/admin/sign-in?next=//evil.example/x")
    assert 'name="next" value=""' in page.text
    token = csrf_of(browser.get("/admin/sign-in?next=/admin").text)
    answer = browser.post("/admin/sign-in", data={"csrf_token": token, "email": owner.email,
                                                  "password": owner.password, "next": "https://evil.example"})
    assert answer.headers["location"] == "/admin"


@pytest.mark.parametrize(("accept", "chosen", "expected"), [
    ("pl-PL,pl;q=0.9,en;q=0.8", None, "pl"),
    ("ru", None, "ru"),
    ("de-DE,de;q=0.9", None, "en"),
    ("ru", "pl", "pl"),  # the person's choice wins over the browser
])
def test_page_language_follows_the_choice_then_the_browser(browser: TestClient, accept: str, chosen: str | None,
                                                            expected: str) -> None:
    if chosen:
        answer = browser.get(f"/lang/{chosen}?next=/admin/sign-in")
        assert answer.headers["location"] == "/admin/sign-in"
    page = browser.get("/admin/sign-in", headers={"Accept-Language": accept})
    assert f'<html lang="{expected}">' in page.text
