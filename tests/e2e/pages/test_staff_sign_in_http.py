"""Staff sign-in over plain HTTP on both databases: the session lives on the server (a cookie
used after sign-out opens nothing), CSRF on every form (sign-in's too), lock-out after
repeated wrong passwords, rate limits, cashiers kept to the POS, and `/` sending each person
to their face."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import httpx2
import pytest
from fastapi.testclient import TestClient

from loyalty.auth import staff
from loyalty.auth.staff import FAILURES_BEFORE_LOCK
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
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
    assert locked.status_code == 401 and "The e-mail or the password is wrong." in locked.text
    later = clock.now() + timedelta(minutes=2)
    clock.set_clock(lambda: later)
    assert post_sign_in(browser, owner.email, owner.password).status_code == 303


def test_a_locked_account_reads_as_an_unknown_email(browser: TestClient, database: Database,
                                                    program: Program) -> None:
    owner = make_staff_user(database, program, "owner")
    known, unknown = [], []
    for _ in range(FAILURES_BEFORE_LOCK + 2):
        known.append(post_sign_in(browser, owner.email, "wrong password"))
        unknown.append(post_sign_in(browser, "nobody@staff.example", "wrong password"))
    locked = post_sign_in(browser, owner.email, owner.password)
    for answer in [*known, *unknown, locked]:
        assert answer.status_code == 401
        assert "The e-mail or the password is wrong." in answer.text and "locked" not in answer.text
    assert _error_of(locked.text) == _error_of(unknown[-1].text)
    with unit_of_work(database, read_only=True) as session:  # the lock-out itself is kept, and counts on
        user = staff.get_user(session=session, program_id=program.id, user_id=owner.user_id)
        assert user.locked_until is not None and user.failed_sign_ins == FAILURES_BEFORE_LOCK + 3


def _error_of(html: str) -> str:
    found = re.search(r'class="[^"]*error[^"]*"[^>]*>([^<]*)<', html)
    assert found, html
    return found.group(1).strip()


def test_a_new_password_signs_every_browser_out(browser: TestClient, database: Database, program: Program) -> None:
    owner = make_staff_user(database, program, "owner")
    sign_in_staff(browser, owner)
    with unit_of_work(database) as session:  # as the CLI and the demo's reset do it
        staff.update_user(session=session, program_id=program.id, user_id=owner.user_id,
                          password="a brand new password")
    assert browser.get("/admin").headers["location"].startswith("/admin/sign-in")


def test_disabling_signs_out_and_enabling_again_revives_no_cookie(browser: TestClient, database: Database,
                                                                  program: Program) -> None:
    make_staff_user(database, program, "owner")  # the program keeps an owner
    manager = make_staff_user(database, program, "manager")
    sign_in_staff(browser, manager)
    old_cookie = browser.cookies[STAFF_COOKIE]
    for disabled in (True, False):
        with unit_of_work(database) as session:
            staff.update_user(session=session, program_id=program.id, user_id=manager.user_id, disabled=disabled)
    browser.cookies.clear()
    browser.cookies.set(STAFF_COOKIE, old_cookie)
    assert browser.get("/admin").headers["location"].startswith("/admin/sign-in")


def test_signing_in_over_an_older_session_ends_it(browser: TestClient, database: Database,
                                                  program: Program) -> None:
    owner = make_staff_user(database, program, "owner")
    manager = make_staff_user(database, program, "manager")
    sign_in_staff(browser, owner)
    older = browser.cookies[STAFF_COOKIE]
    sign_in_staff(browser, manager)  # the same browser, with the owner's cookie still in it
    browser.cookies.clear()
    browser.cookies.set(STAFF_COOKIE, older)
    assert browser.get("/admin").headers["location"].startswith("/admin/sign-in")


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
