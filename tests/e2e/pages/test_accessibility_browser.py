"""The gift page and the staff sign-in pages in real headless Chromium, in English, Polish and
Russian: axe-core finds no serious or critical violation, and each page is saved at phone and
desktop width (tests/e2e/pages/accessibility.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from loyalty.config import Settings
from loyalty.db.engine import Database
from tests.e2e.pages.accessibility import save_screenshots, serious_violations
from tests.e2e.pages.browsing import PHONE, new_page
from tests.factories import gift_vouchers as g
from tests.factories import rewards as r
from tests.factories.programs import make_program

LANGUAGES = {"en": "en-GB", "pl": "pl-PL", "ru": "ru-RU"}


@pytest.fixture(scope="module")
def site_settings() -> Settings:
    """`site` (tests/e2e/pages/conftest.py) serves every face with the gift pages' settings."""
    return g.gift_settings()


def browser_page(chromium: Any, language: str) -> Any:
    """A phone-sized tab whose browser asks for `language` (the pages' default language)."""
    return new_page(chromium, PHONE, locale=LANGUAGES[language])


def checked(page: Any, name: str, language: str) -> None:
    """`page` passes axe-core and is saved; it speaks `language`."""
    assert page.locator("html").get_attribute("lang") == language
    assert serious_violations(page) == [], name
    save_screenshots(page, f"{name}-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_gift_pages_pass_axe_in_every_language(chromium: Any, site: tuple[str, Database], language: str) -> None:
    base, database = site
    shop = make_program(database, name="Kawiarnia Łódź")
    voucher = g.issue_voucher(database, shop, value=500, label="ACME Christmas")
    r.make_reward(database, shop, names={"en": "Coffee mug", "pl": "Kubek", "ru": "Кружка"},
                  descriptions={"en": "Stoneware, 300 ml"}, points_price=300, stock=5)
    pool = r.make_code_pool(database, shop, codes=["CINEMA-0001"])
    r.make_reward(database, shop, names={"en": "Cinema ticket"}, kind="e_voucher", code_pool_id=pool.id,
                  points_price=200)
    page = browser_page(chromium, language)
    try:
        page.goto(f"{base}/gift")
        checked(page, "gift-sign-in", language)
        page.locator("#code").fill("GIFT-2222-3333-4444-5555")
        page.locator("form.card button[type=submit]").click()
        page.wait_for_selector("#error")
        checked(page, "gift-sign-in-error", language)

        page.locator("#code").fill(voucher.code)
        page.locator("form.card button[type=submit]").click()
        page.wait_for_url(f"{base}/gift/catalogue")
        checked(page, "gift-catalogue", language)

        page.locator(".reward", has_text={"en": "Coffee mug", "pl": "Kubek", "ru": "Кружка"}[language]) \
            .get_by_role("link").click()
        page.wait_for_url(re.compile(r"/gift/rewards/\d+$"))
        checked(page, "gift-reward", language)

        for field, value in (("recipient_name", "Ola Nowak"), ("line1", "ul. Piotrkowska 1"),
                             ("postal_code", "90-001"), ("city", "Łódź"), ("country", "PL")):
            page.locator(f"#{field}").fill(value)
        page.locator("form.card button[type=submit]").click()
        page.wait_for_url(re.compile(r"/gift/redemptions/\d+$"))
        checked(page, "gift-confirmation", language)
    finally:
        page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("face", ["admin", "pos"])
def test_the_staff_sign_in_pages_pass_axe_in_every_language(chromium: Any, site: tuple[str, Database], face: str,
                                                            language: str) -> None:
    base, _database = site
    page = browser_page(chromium, language)
    try:
        page.goto(f"{base}/{face}/sign-in")
        checked(page, f"{face}-sign-in", language)
        page.locator("#email").fill("nobody@staff.example")
        page.locator("#password").fill("wrong password")
        page.locator("form button[type=submit]").click()
        page.wait_for_selector("#error")
        checked(page, f"{face}-sign-in-error", language)
    finally:
        page.context.close()


def test_axe_reports_what_a_careless_page_gets_wrong(chromium: Any) -> None:
    page = chromium.new_page()
    try:
        page.set_content('<html><body><form><input name="code"></form>'
                         '<button></button><img src="data:,"></body></html>')
        found = serious_violations(page)
    finally:
        page.close()

    rules = {line.split(" ", 1)[0] for line in found}
    assert {"button-name", "image-alt", "label", "html-has-lang"} <= rules, found
    assert any("at input" in line and "Fix any of the following" in line for line in found), found
