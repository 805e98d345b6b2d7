"""The gift page as a person uses it, in a real headless Chromium (tests/e2e/pages/conftest.py)
against the real server (uvicorn on a free port, SQLite in a temporary directory)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.e2e.pages.browsing import PHONE, new_page
from tests.factories import gift_vouchers as g
from tests.factories import rewards as r
from tests.factories.programs import make_program


@pytest.fixture(scope="module")
def site_settings() -> Settings:
    """`site` (tests/e2e/pages/conftest.py) serves with the gift pages' settings."""
    return g.gift_settings()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    # A phone-sized window: the page is made for phones first.
    page = new_page(chromium, PHONE, accept_downloads=True)
    try:
        yield page
    finally:
        page.context.close()


@pytest.fixture
def shop(site: tuple[str, Database]) -> Program:
    return make_program(site[1], name="Kawiarnia Łódź")


def test_a_person_redeems_a_gift_voucher_for_a_physical_reward(page: Any, site: tuple[str, Database],
                                                               shop: Program) -> None:
    base, database = site
    voucher = g.issue_voucher(database, shop, value=500, label="ACME Christmas")
    r.make_reward(database, shop, names={"en": "Coffee mug"}, descriptions={"en": "Stoneware, 300 ml"},
                  points_price=300, stock=5)
    pool = r.make_code_pool(database, shop, codes=["CINEMA-0001"])
    r.make_reward(database, shop, names={"en": "Cinema ticket"}, kind="e_voucher", code_pool_id=pool.id,
                  points_price=200)
    r.make_reward(database, shop, names={"en": "Espresso machine"}, points_price=5000)

    page.goto(f"{base}/gift")
    page.get_by_label("Voucher code or card number").fill(voucher.code)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(f"{base}/gift/catalogue")
    assert page.get_by_role("heading", level=1).inner_text() == "Choose your reward"
    assert page.locator("#balance").inner_text().replace("\u202f", "") == "500"
    names = page.locator(".reward h2").all_inner_texts()
    assert names == ["Cinema ticket", "Coffee mug"]  # cheapest first; the machine costs more than the gift holds

    page.get_by_role("link", name="Choose Coffee mug").click()
    page.get_by_label("Full name").fill("Ola Nowak")
    page.get_by_label("Street and number").fill("ul. Piotrkowska 1")
    page.get_by_label("Postal code").fill("90-001")
    page.get_by_label("City").fill("Łódź")
    page.get_by_label("Country").fill("PL")
    page.get_by_role("button", name=re.compile(r"Confirm and spend 300 points")).click()

    page.wait_for_url(re.compile(r"/gift/redemptions/\d+$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you!"
    receipt_number = page.locator("#receipt-number").inner_text()
    assert re.fullmatch(r"G-\d{8}-\d{6}", receipt_number)
    assert page.locator("#balance").inner_text() == "200"
    assert "Ola Nowak" in page.locator(".facts").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the receipt (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"{receipt_number}.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")

    page.get_by_role("link", name="Back to the rewards").click()
    assert page.locator(".reward h2").all_inner_texts() == ["Cinema ticket"]
    assert "Coffee mug" in page.locator(".redemptions").inner_text()
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("status").inner_text() == "You have signed out."


def test_a_wrong_code_shows_the_error(page: Any, site: tuple[str, Database], shop: Program) -> None:
    base, database = site
    g.issue_voucher(database, shop)

    page.goto(f"{base}/gift")
    page.get_by_label("Voucher code or card number").fill("GIFT-2222-3333-4444-5555")
    page.get_by_role("button", name="Sign in").click()

    assert page.get_by_role("alert").inner_text() == "This code is not valid, or it has expired."
    assert page.url == f"{base}/gift"
    assert page.get_by_label("Voucher code or card number").input_value() == ""


def test_a_bonus_card_holder_takes_an_e_voucher_at_once(page: Any, site: tuple[str, Database],
                                                        shop: Program) -> None:
    base, database = site
    card = g.make_bonus_card(database, shop, value=250, pin="2468")
    pool = r.make_code_pool(database, shop, codes=["STREAM-0042"])
    r.make_reward(database, shop, names={"en": "Streaming month"}, kind="e_voucher", code_pool_id=pool.id,
                  points_price=250)

    page.goto(f"{base}/gift")
    page.get_by_label("Voucher code or card number").fill(card.card.card_number or "")
    page.get_by_label("PIN (bonus cards only)").fill("2468")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Choose Streaming month").click()
    page.get_by_role("button", name="Confirm and spend 250 points").click()

    assert page.locator("#reward-code").inner_text() == "STREAM-0042"
    assert page.locator("#balance").inner_text() == "0"


def tab_to(page: Any, selector: str, *, most: int = 30) -> None:
    """Presses Tab until `selector` has the focus, which must then be visible."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline not in ("none", ""), f"{selector} has the focus but shows no outline"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_keyboard_alone_redeems_a_gift(page: Any, site: tuple[str, Database], shop: Program) -> None:
    base, database = site
    voucher = g.issue_voucher(database, shop, value=300)
    pool = r.make_code_pool(database, shop, codes=["BOOK-0007"])
    r.make_reward(database, shop, names={"en": "Audiobook"}, kind="e_voucher", code_pool_id=pool.id,
                  points_price=300)

    page.goto(f"{base}/gift")
    tab_to(page, ".skip-link")
    tab_to(page, "#code")
    page.keyboard.type(voucher.code)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/gift/catalogue")
    tab_to(page, ".reward a.button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/gift/rewards/\d+$"))
    tab_to(page, "form.card button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/gift/redemptions/\d+$"))
    assert page.locator("#reward-code").inner_text() == "BOOK-0007"
    tab_to(page, "header button[type=submit]", most=5)  # signing out comes first after the skip link
    page.keyboard.press("Enter")
    assert page.get_by_role("status").inner_text() == "You have signed out."
