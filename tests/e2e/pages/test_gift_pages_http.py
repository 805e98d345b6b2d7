"""The gift page over plain HTTP on both databases: the session cookie and CSRF token, one
message for a wrong or expired code, rate-limited sign-in, a whole redemption by forms alone,
and nothing of another gift's is ever shown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import httpx2
import pytest
from fastapi.testclient import TestClient

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.gift_vouchers import domain as gift_domain
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.web.portal.session import COOKIE_NAME
from tests.factories import gift_vouchers as g
from tests.factories import rewards as r
from tests.factories.programs import make_program

ADDRESS_FORM = {"needs_address": "1", "recipient_name": "Ola Nowak", "line1": "ul. Piotrkowska 1",
                "postal_code": "90-001", "city": "Łódź", "country": "pl"}


def page_client(database: Database, **rate_limits: str) -> TestClient:
    limits = {"gift_sign_in_per_ip": "1000/minute", "gift_sign_in_per_code": "1000/minute", **rate_limits}
    return TestClient(g.create_gift_app(g.gift_settings(**limits), database), follow_redirects=False)


@pytest.fixture
def browser(database: Database) -> Iterator[TestClient]:
    with page_client(database) as client:
        yield client


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, html
    return found.group(1)


def error_of(html: str) -> str:
    found = re.search(r'<p class="error" role="alert" id="error">([^<]*)</p>', html)
    return found.group(1) if found else ""


def sign_in(client: TestClient, code: str, pin: str = "") -> httpx2.Response:
    token = csrf(client.get("/gift").text)
    return client.post("/gift", data={"csrf_token": token, "code": code, "pin": pin})


def test_the_sign_in_page_sets_a_signed_http_only_lax_cookie_and_safe_headers(browser: TestClient) -> None:
    page = browser.get("/gift")

    assert page.status_code == 200
    assert "Redeem your gift" in page.text and csrf(page.text)
    cookie = page.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    for attribute in ("HttpOnly", "Path=/gift", "SameSite=lax", "Max-Age=3600"):
        assert attribute in cookie, cookie
    assert page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert browser.get("/static/portal/portal.css").headers["content-type"].startswith("text/css")


def test_a_post_without_the_sessions_csrf_token_is_refused(browser: TestClient, database: Database,
                                                           program: Program) -> None:
    voucher = g.issue_voucher(database, program)
    browser.get("/gift")

    forged = browser.post("/gift", data={"csrf_token": "guessed", "code": voucher.code})

    assert forged.status_code == 400
    assert error_of(forged.text) == "This form has expired. Please try again."
    assert browser.get("/gift/catalogue").headers["location"] == "/gift?notice=session_expired"


@pytest.mark.parametrize("case", ["wrong", "expired"])
def test_a_wrong_code_and_an_expired_code_show_the_same_error(browser: TestClient, database: Database,
                                                              program: Program, case: str) -> None:
    voucher = g.issue_voucher(database, program, expires_at=clock.now() + timedelta(minutes=5))
    code = gift_domain.generate_code() if case == "wrong" else voucher.code
    if case == "expired":
        later = clock.now() + timedelta(minutes=6)
        clock.set_clock(lambda: later)

    refused = sign_in(browser, code)

    assert refused.status_code == 401
    assert error_of(refused.text) == "This code is not valid, or it has expired."
    assert code not in refused.text


def test_a_person_redeems_a_physical_reward_with_forms_alone(browser: TestClient, database: Database,
                                                             program: Program) -> None:
    voucher = g.issue_voucher(database, program, value=500, label="ACME Christmas")
    mug = r.make_reward(database, program, names={"en": "Coffee mug"}, points_price=300, stock=4)
    r.make_reward(database, program, names={"en": "Espresso machine"}, points_price=5000)

    signed_in = sign_in(browser, voucher.code.lower())
    assert (signed_in.status_code, signed_in.headers["location"]) == (303, "/gift/catalogue")
    catalogue = browser.get("/gift/catalogue")
    assert "Coffee mug" in catalogue.text and "Espresso machine" not in catalogue.text
    assert "ACME Christmas" in catalogue.text and voucher.code not in catalogue.text
    form_page = browser.get(f"/gift/rewards/{mug.id}")
    form = {"csrf_token": csrf(form_page.text), "reward_id": str(mug.id),
            "request_key": hidden(form_page.text, "request_key"), **ADDRESS_FORM}

    done = browser.post("/gift/redeem", data=form)
    resubmitted = browser.post("/gift/redeem", data=form)

    assert done.status_code == 303 and resubmitted.headers["location"] == done.headers["location"]
    confirmation = browser.get(done.headers["location"])
    redemption_id = int(done.headers["location"].rsplit("/", 1)[1])
    assert "Thank you!" in confirmation.text and "Ola Nowak" in confirmation.text and "PL" in confirmation.text
    receipt = browser.get(f"/gift/receipts/{redemption_id}.pdf")
    assert (receipt.status_code, receipt.headers["content-type"]) == (200, "application/pdf")
    assert receipt.content.startswith(b"%PDF-")
    assert 'attachment; filename="G-' in receipt.headers["content-disposition"]
    assert g.voucher(database, program, voucher.id).balance == 200
    assert r.reward(database, program, mug.id).stock == 3
    assert "No reward fits the balance left right now." in browser.get("/gift/catalogue").text


def test_a_missing_address_is_said_next_to_the_form_and_nothing_is_taken(browser: TestClient, database: Database,
                                                                         program: Program) -> None:
    voucher = g.issue_voucher(database, program, value=500)
    mug = r.make_reward(database, program, names={"en": "Coffee mug"}, points_price=300)
    sign_in(browser, voucher.code)
    form_page = browser.get(f"/gift/rewards/{mug.id}")

    refused = browser.post("/gift/redeem", data={
        "csrf_token": csrf(form_page.text), "reward_id": str(mug.id),
        "request_key": hidden(form_page.text, "request_key"), **ADDRESS_FORM, "country": "XX"})

    assert refused.status_code == 422
    assert "XX" in error_of(refused.text)
    assert 'value="Ola Nowak"' in refused.text  # what was typed is kept
    assert g.voucher(database, program, voucher.id).balance == 500


def test_a_form_field_holding_nul_is_refused_with_a_page_and_nothing_is_taken(browser: TestClient,
                                                                            database: Database,
                                                                            program: Program) -> None:
    voucher = g.issue_voucher(database, program, value=500)
    mug = r.make_reward(database, program, names={"en": "Coffee mug"}, points_price=300, stock=4)
    sign_in(browser, voucher.code)
    form_page = browser.get(f"/gift/rewards/{mug.id}")
    form = {"csrf_token": csrf(form_page.text), "reward_id": str(mug.id),
            "request_key": hidden(form_page.text, "request_key"), **ADDRESS_FORM, "recipient_name": "Ola\u0000Nowak"}

    as_page = browser.post("/gift/redeem", data=form, headers={"Accept": "text/html"})
    as_json = browser.post("/gift/redeem", data=form)

    assert (as_page.status_code, as_page.headers["content-type"]) == (422, "text/html; charset=utf-8")
    assert "Please check what you typed" in as_page.text
    assert (as_json.status_code, as_json.json()["error"]["code"], as_json.json()["error"]["field"]) \
        == (422, "nul_character", "recipient_name")
    assert g.voucher(database, program, voucher.id).balance == 500
    assert r.reward(database, program, mug.id).stock == 4


def test_a_bonus_card_signs_in_with_its_pin(browser: TestClient, database: Database, program: Program) -> None:
    card = g.make_bonus_card(database, program, value=800, pin="2468")
    number = card.card.card_number or ""

    wrong = sign_in(browser, number, "1357")
    right = sign_in(browser, f"{number[:4]} {number[4:8]} {number[8:12]} {number[12:]}", "2468")

    assert (wrong.status_code, error_of(wrong.text)) == (401, gift_domain.CARD_REFUSED)
    assert right.headers["location"] == "/gift/catalogue"
    page = browser.get("/gift/catalogue").text
    assert f"Bonus card •••• {number[-4:]}" in page and number not in page


def test_another_gifts_redemption_and_receipt_are_not_found(database: Database, program: Program) -> None:
    mine, theirs = g.issue_vouchers(database, program, count=2, value=500)
    mug = r.make_reward(database, program, points_price=100)
    their_redemption = g.gift_redeem(database, theirs.id, mug.id, **g.physical())
    other_program_reward = r.make_reward(database, make_program(database, name="Other shop"), points_price=1)

    with page_client(database) as client:
        sign_in(client, mine.code)
        assert client.get(f"/gift/redemptions/{their_redemption.id}").status_code == 404
        assert client.get(f"/gift/receipts/{their_redemption.id}.pdf").status_code == 404
        assert client.get(f"/gift/rewards/{other_program_reward.id}").status_code == 404
        assert "Ola Nowak" not in client.get("/gift/catalogue").text


def test_a_tampered_cookie_is_no_session(browser: TestClient, database: Database, program: Program) -> None:
    voucher = g.issue_voucher(database, program)
    sign_in(browser, voucher.code)
    value = browser.cookies.get(COOKIE_NAME) or ""
    payload, signature = value.split(".")

    browser.cookies.clear()
    browser.cookies.set(COOKIE_NAME, f"{payload}.{signature[:-2]}AA", path="/gift")

    assert browser.get("/gift/catalogue").headers["location"] == "/gift?notice=session_expired"


def test_a_gift_cancelled_while_signed_in_is_signed_out(browser: TestClient, database: Database,
                                                        program: Program) -> None:
    voucher = g.issue_voucher(database, program)
    sign_in(browser, voucher.code)

    g.cancel(database, program, voucher.id)

    assert browser.get("/gift/catalogue").headers["location"] == "/gift?notice=gift_unusable"


def test_an_id_beyond_bigint_in_a_page_address_is_refused_not_a_crash(browser: TestClient, database: Database,
                                                                      program: Program) -> None:
    sign_in(browser, g.issue_voucher(database, program).code)
    for page in (f"/gift/rewards/{2**63}", f"/gift/redemptions/{2**63}", f"/gift/receipts/{2**63}.pdf"):
        assert browser.get(page).status_code == 422, page


def test_signing_out_forgets_the_gift(browser: TestClient, database: Database, program: Program) -> None:
    voucher = g.issue_voucher(database, program)
    sign_in(browser, voucher.code)
    token = csrf(browser.get("/gift/catalogue").text)

    signed_out = browser.post("/gift/sign-out", data={"csrf_token": token})

    assert signed_out.headers["location"] == "/gift?notice=signed_out"
    assert "You have signed out." in browser.get(signed_out.headers["location"]).text
    assert browser.get("/gift/catalogue").status_code == 303


def test_sign_in_attempts_are_limited_per_code_prefix_and_per_address(database: Database, program: Program) -> None:
    voucher = g.issue_voucher(database, program)
    guess = gift_domain.visible_prefix(voucher.code) + "-AAAA-AAAA-AAAA"

    with page_client(database, gift_sign_in_per_code="3/hour") as client:
        statuses = [sign_in(client, guess).status_code for _ in range(3)]
        limited = sign_in(client, voucher.code)
        assert statuses == [401, 401, 401]
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
        assert error_of(limited.text).startswith("Too many attempts. Please wait ")
    with page_client(database, gift_sign_in_per_ip="2/minute") as client:
        assert [sign_in(client, gift_domain.generate_code()).status_code for _ in range(3)] == [401, 401, 429]


def test_without_a_secret_key_the_pages_say_they_are_not_set_up(database: Database) -> None:
    settings = Settings()
    settings.worker.in_process = "never"
    with TestClient(g.create_gift_app(settings, database)) as client:
        page = client.get("/gift")

    assert page.status_code == 503
    assert "not set up on this server yet" in page.text
    assert "set-cookie" not in page.headers


def test_a_gift_gone_while_signed_in_is_told_so_on_the_sign_in_page(browser: TestClient) -> None:
    page = browser.get("/gift?notice=gift_unusable")

    assert page.status_code == 200
    assert '<p class="notice" role="status">This gift can no longer be used.</p>' in page.text


def test_the_pages_speak_the_chosen_language_then_the_browsers(browser: TestClient, database: Database,
                                                               program: Program) -> None:
    voucher = g.issue_voucher(database, program, value=500)
    r.make_reward(database, program, names={"en": "Coffee mug", "pl": "Kubek"}, points_price=300, stock=2)

    russian = browser.get("/gift", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert '<html lang="ru">' in russian.text and "Код ваучера или номер карты" in russian.text
    browser.get("/lang/pl?next=/gift")  # the person's choice wins over the browser's
    sign_in(browser, voucher.code)
    catalogue = browser.get("/gift/catalogue", headers={"Accept-Language": "ru"})

    assert '<html lang="pl">' in catalogue.text
    assert "Wybierz nagrodę" in catalogue.text and "Kubek" in catalogue.text and "Pozostało: 2" in catalogue.text
    assert "punktów" in catalogue.text  # 500 points, Polish plural
    wrong = browser.post("/gift", data={"csrf_token": "guessed", "code": "x"})
    assert error_of(wrong.text) == "Formularz wygasł. Spróbuj ponownie."
