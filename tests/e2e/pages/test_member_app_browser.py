"""The member app as a member uses it, in a real headless Chromium (tests/e2e/pages/conftest.py)
against the real server (uvicorn on a free port, SQLite in a temporary directory): sign-in with
the e-mailed code, points, a one-tap redemption and its e-voucher code, the card's QR code and
barcode, the manifest, and the card and balance still shown offline by the service worker."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from loyalty.web.app import create_app
from tests.e2e.pages.accessibility import save_screenshot, serious_violations
from tests.e2e.pages.browsing import DESKTOP, PHONE, new_page, wait_until
from tests.e2e.pages.conftest import serving
from tests.factories import rewards as r
from tests.factories.ledger import give_points
from tests.factories.member_app import app_settings, mailed_soon
from tests.factories.members import make_member
from tests.factories.programs import make_program


@pytest.fixture(scope="module")
def site(sqlite_database: Database,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Database, Program, Path]]:
    """The real server over a fresh SQLite database, its app serving one program: (base URL,
    database, program, outbox folder)."""
    program = make_program(sqlite_database, name="Kawiarnia Łódź")
    outbox = tmp_path_factory.mktemp("member-app-outbox")
    with serving(create_app(app_settings(program, outbox), database=sqlite_database)) as base:
        yield base, sqlite_database, program, outbox


def app_page(chromium: Any, viewport: dict[str, int], locale: str = "en-GB") -> Any:
    """`new_page` with service workers allowed: the app's keeps the card for offline use."""
    return new_page(chromium, viewport, locale=locale, service_workers="allow")


def sign_in(page: Any, base: str, outbox: Path, email: str) -> None:
    page.goto(f"{base}/app")
    page.wait_for_url(re.compile(r"/app/sign-in"))
    page.get_by_label("E-mail").first.fill(email)
    page.get_by_role("button", name="Send me a code").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your e-mail"
    code, _ = mailed_soon(outbox, email)
    page.get_by_label("Code from the e-mail").fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/app")


def test_a_member_signs_in_redeems_a_reward_and_sees_the_code(chromium: Any, site: Any) -> None:
    base, database, program, outbox = site
    member = make_member(database, program, email="ola@example.com", first_name="Ola", last_name="Nowak")
    give_points(database, program, member.id, 500)
    pool = r.make_code_pool(database, program, codes=["CINEMA-0001"])
    r.make_reward(database, program, names={program.locale: "Cinema ticket"}, kind="e_voucher",
                  code_pool_id=pool.id, points_price=200)
    page = app_page(chromium, PHONE)
    try:
        sign_in(page, base, outbox, "ola@example.com")
        assert page.locator("#balance").inner_text() == "500"
        save_screenshot(page, "member-app-home-phone")

        page.get_by_role("link", name="Rewards", exact=True).first.click()
        page.wait_for_url(f"{base}/app/rewards")
        save_screenshot(page, "member-app-rewards-phone")
        page.get_by_role("button", name=re.compile(r"Redeem Cinema ticket")).click()

        page.wait_for_url(re.compile(r"/app/redemptions/\d+$"))
        assert page.locator("#voucher-code").inner_text() == "CINEMA-0001"
        assert page.get_by_role("status").first.inner_text() == "Done! The reward is yours."
        save_screenshot(page, "member-app-voucher-phone")
        page.get_by_role("link", name="Points", exact=True).click()
        assert page.locator("#balance").inner_text() == "300"
    finally:
        page.context.close()


def test_the_card_shows_qr_and_barcode_and_stays_offline(chromium: Any, site: Any) -> None:
    base, database, program, outbox = site
    member = make_member(database, program, email="kai@example.com", first_name="Kai")
    give_points(database, program, member.id, 1234)
    page = app_page(chromium, PHONE)
    try:
        sign_in(page, base, outbox, "kai@example.com")
        manifest_href = page.locator('link[rel="manifest"]').get_attribute("href")
        manifest = page.request.get(f"{base}{manifest_href}")
        body = json.loads(manifest.text())
        assert body["start_url"] == "/app" and body["display"] == "standalone" and body["icons"]
        assert all(page.request.get(f"{base}{icon['src']}").ok for icon in body["icons"])

        # The service worker takes over, then keeps the home page and the card as they load.
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        wait_until(page, "navigator.serviceWorker.controller !== null")
        page.reload()
        page.goto(f"{base}/app/card")
        number = page.locator("#card-number").inner_text()
        assert re.fullmatch(r"\d{12,19}", number)
        assert page.locator(".qr-box svg.qr").count() == 1
        assert page.locator(".barcode-box svg.barcode rect").count() > 20
        assert page.locator("#card-name").inner_text() == "Kai"
        save_screenshot(page, "member-app-card-phone")

        page.context.set_offline(True)
        page.reload()
        assert page.locator("#card-number").inner_text() == number
        assert page.locator(".qr-box svg.qr").count() == 1
        assert page.locator("#card-balance").inner_text() == "1,234"
        assert page.locator("#offline-banner").is_visible()
        page.goto(f"{base}/app")
        assert page.locator("#balance").inner_text() == "1,234"
        save_screenshot(page, "member-app-offline-phone")
        page.goto(f"{base}/app/history")
        assert page.get_by_role("heading", level=1).inner_text() == "You are offline"
        page.context.set_offline(False)
    finally:
        page.context.close()


def test_the_main_pages_at_desktop_width(chromium: Any, site: Any) -> None:
    base, database, program, outbox = site
    member = make_member(database, program, email="desk@example.com", first_name="Dana")
    give_points(database, program, member.id, 300)
    page = app_page(chromium, DESKTOP)
    try:
        page.goto(f"{base}/app/sign-up")
        assert serious_violations(page) == []
        save_screenshot(page, "member-app-sign-up-desktop")
        page.goto(f"{base}/app/sign-in")
        assert serious_violations(page) == []
        sign_in(page, base, outbox, "desk@example.com")
        for name in ("", "/card", "/rewards", "/history", "/invite", "/profile"):
            page.goto(f"{base}/app{name}")
            assert page.locator("main h1").count() == 1
            assert serious_violations(page) == [], name
            save_screenshot(page, f"member-app{name.replace('/', '-') or '-home'}-desktop")
    finally:
        page.context.close()


@pytest.mark.parametrize(("locale", "heading"), [("pl-PL", "Moja karta"), ("ru-RU", "Моя карта")])
def test_the_card_in_polish_and_russian_at_the_narrowest_phone(chromium: Any, site: Any, locale: str,
                                                                heading: str) -> None:
    base, database, program, outbox = site
    email = f"lang-{locale.lower()}@example.com"
    make_member(database, program, email=email, first_name="Zoja")
    page = app_page(chromium, {"width": 360, "height": 780}, locale=locale)
    try:
        page.goto(f"{base}/app/sign-in")
        page.locator("#email").fill(email)
        page.locator("#email").press("Enter")  # the keyboard alone
        page.locator("#code").wait_for()
        code, _ = mailed_soon(outbox, email)
        page.locator("#code").fill(code)
        page.locator("#code").press("Enter")
        page.wait_for_url(f"{base}/app")
        page.goto(f"{base}/app/card")
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # nothing sticks out
        assert serious_violations(page) == []
        save_screenshot(page, f"member-app-card-{locale[:2]}-phone")
    finally:
        page.context.close()


def test_the_e_mailed_link_asks_before_signing_in(chromium: Any, site: Any) -> None:
    base, database, program, outbox = site
    make_member(database, program, email="linky@example.com", first_name="Lina")
    page = app_page(chromium, PHONE)
    try:
        page.goto(f"{base}/app/sign-in")
        page.locator("#email").fill("linky@example.com")
        page.locator("#email").press("Enter")
        page.locator("#code").wait_for()
        _, link = mailed_soon(outbox, "linky@example.com")
        page.goto(f"{base}{link}")
        assert page.locator("#link-account").inner_text() == "Sign in as linky@example.com?"
        assert serious_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        save_screenshot(page, "member-app-sign-in-link-phone")
        button = page.get_by_role("button", name="Sign in")
        button.focus()
        button.press("Enter")  # the keyboard alone
        page.wait_for_url(f"{base}/app")
        assert "Lina" in page.get_by_role("heading", level=1).inner_text()
    finally:
        page.context.close()
