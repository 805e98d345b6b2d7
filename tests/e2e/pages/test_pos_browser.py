"""The POS screen as a cashier uses it, in a real headless Chromium (tests/e2e/pages/conftest.py)
against the real server (uvicorn on a free port, SQLite in a temporary directory): signing in,
finding the member by card number and recording a purchase with the keyboard alone (a scanner
types and presses Enter), at tablet, desktop and phone width; axe-core finds no serious or
critical violation. Screenshots go to $LOYALTY_SCREENSHOTS (default: the session's temporary
folder)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.members.models import Card
from loyalty.programs.models import Program
from tests.e2e.pages.accessibility import save_screenshot, serious_violations
from tests.e2e.pages.browsing import DESKTOP, PHONE, TABLET, new_page, wait_for_focus
from tests.factories.ledger import balance, give_points
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.rules import make_rule
from tests.factories.staff import StaffLogin, make_staff_user
from tests.factories.vouchers import make_campaign, make_codes, publish

SIZES = {"tablet": TABLET, "desktop": DESKTOP, "phone": PHONE}
ONE_POINT_PER_EURO = {"name": "1 point per 1.00", "effect": {"kind": "per_amount", "points": 1, "per_minor": 100,
                                                             "scope": "receipt"}}


@pytest.fixture
def shop(site: tuple[str, Database]) -> Program:
    program = make_program(site[1], name="Kawiarnia Łódź")
    make_rule(site[1], program, **ONE_POINT_PER_EURO)
    return program


def card_of(database: Database, member_id: int) -> str:
    with unit_of_work(database, read_only=True) as session:
        return str(session.scalar(select(Card.number).where(Card.member_id == member_id, Card.status == "active")))


def sign_in_with_the_keyboard(page: Any, base: str, cashier: StaffLogin) -> None:
    page.goto(f"{base}/pos")
    assert page.url.startswith(f"{base}/pos/sign-in")
    page.get_by_label("E-mail").focus()
    page.keyboard.type(cashier.email)
    page.keyboard.press("Tab")
    page.keyboard.type(cashier.password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/pos")


def focus_moves_to(page: Any, element_id: str) -> bool:
    """Whether the keyboard focus lands on `element_id` (HTMX moves it once the new screen has settled)."""
    wait_for_focus(page, f"document.activeElement && document.activeElement.id === {element_id!r}")
    return True


def fits_the_width(page: Any) -> bool:
    """Nothing sticks out sideways: the page never scrolls horizontally."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def small_touch_targets(page: Any) -> list[str]:
    """Controls a finger could miss: shorter than 48 CSS pixels (hidden ones and the skip link aside)."""
    return list(page.evaluate("""() => [...document.querySelectorAll('a, button, input, select, textarea')]
        .filter(el => el.type !== 'hidden' && !el.classList.contains('visually-hidden')
                      && !el.classList.contains('skip-link') && el.getClientRects().length)
        .filter(el => el.getBoundingClientRect().height < 48)
        .map(el => el.outerHTML.slice(0, 80))"""))


@pytest.mark.parametrize("size", ["tablet", "phone"])
def test_a_cashier_records_a_purchase_with_the_keyboard_alone(chromium: Any, site: tuple[str, Database],
                                                              shop: Program, size: str) -> None:
    base, database = site
    cashier = make_staff_user(database, shop, "cashier")
    member = make_member(database, shop, email=f"ola-{size}@example.com", first_name="Ola", last_name="Nowak")
    give_points(database, shop, member.id, 1200)
    page = new_page(chromium, SIZES[size])
    try:
        sign_in_with_the_keyboard(page, base, cashier)
        assert focus_moves_to(page, "lookup")  # a scanner can type at once
        save_screenshot(page, f"pos-{size}-find")

        page.keyboard.type(card_of(database, member.id))
        page.keyboard.press("Enter")
        page.locator("#member-title").wait_for()
        assert page.locator("#member-title").inner_text() == "Ola Nowak"
        assert page.locator(".member .balance").inner_text().replace("\u202f", "").replace(",", "") == "1200"
        assert focus_moves_to(page, "total")
        page.keyboard.type("42.50")
        page.keyboard.press("Enter")  # checks the receipt and moves to the record button
        page.locator(".totals .due").wait_for()
        assert page.locator(".totals .due").inner_text() == "€42.50"
        assert focus_moves_to(page, "record")
        assert fits_the_width(page)
        assert small_touch_targets(page) == []
        assert serious_violations(page) == []
        save_screenshot(page, f"pos-{size}-receipt")

        page.keyboard.press("Enter")
        page.locator("#done-title").wait_for()
        assert page.locator(".done .earned").inner_text() == "Points earned: 42"
        assert focus_moves_to(page, "next")
        assert serious_violations(page) == []
        save_screenshot(page, f"pos-{size}-done")
        assert balance(database, shop, member.id).available == 1200 + 42

        page.keyboard.press("Enter")  # next customer
        page.wait_for_url(f"{base}/pos")
        assert focus_moves_to(page, "lookup")
    finally:
        page.context.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_receipt_by_lines_paid_partly_with_points(chromium: Any, site: tuple[str, Database], shop: Program,
                                                    size: str) -> None:
    base, database = site
    cashier = make_staff_user(database, shop, "cashier")
    member = make_member(database, shop, email=f"lines-{size}@example.com", first_name="Jan")
    give_points(database, shop, member.id, 500)
    campaign = make_campaign(database, shop, kind="fixed_amount", amount=500)
    make_codes(database, shop, campaign.id)
    [code] = publish(database, shop, campaign.id, [member.id])
    page = new_page(chromium, SIZES[size])
    try:
        sign_in_with_the_keyboard(page, base, cashier)
        assert focus_moves_to(page, "lookup")
        page.keyboard.type(f"lines-{size}@example.com")
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Add a line").click()
        page.locator("#line-1-sku").wait_for()
        assert focus_moves_to(page, "line-1-sku")
        page.keyboard.type("CAP")
        page.get_by_label("Category").fill("coffee")
        page.get_by_label("Quantity").fill("2")
        page.get_by_label("Unit price").fill("14.50")
        page.get_by_label("Pay with points").fill("100")
        page.get_by_label("Pay with points").press("Enter")
        page.locator(".totals .due").wait_for()
        assert page.locator(".totals .due").inner_text() == "€28.00"  # 29.00 less 100 points at 0.01
        page.get_by_role("button", name=f"Use {code}").click()  # the member's coupon, checked live
        page.locator("#coupon-result").wait_for()
        assert page.locator("#coupon-result").inner_text() == "The coupon applies. Discount: €5.00"
        assert page.locator(".totals .due").inner_text() == "€23.00"
        assert fits_the_width(page)
        assert small_touch_targets(page) == []
        assert serious_violations(page) == []
        save_screenshot(page, f"pos-{size}-lines")
        page.get_by_role("button", name="Record purchase").click()
        page.locator("#done-title").wait_for()
        assert page.locator(".done .earned").inner_text() == "Points earned: 24"  # on what was paid after the coupon
        assert balance(database, shop, member.id).available == 500 + 24 - 100
    finally:
        page.context.close()


@pytest.mark.parametrize(("language", "heading"), [("pl", "Paragon"), ("ru", "Чек")])
def test_the_till_in_polish_and_russian_at_phone_width(chromium: Any, site: tuple[str, Database], shop: Program,
                                                       language: str, heading: str) -> None:
    base, database = site
    cashier = make_staff_user(database, shop, "cashier")
    make_member(database, shop, email=f"lang-{language}@example.com", first_name="Ola")
    page = new_page(chromium, PHONE)
    try:
        page.context.add_cookies([{"name": "loyalty_lang", "value": language, "url": base}])
        page.goto(f"{base}/pos/sign-in")
        page.locator("input[name=email]").fill(cashier.email)
        page.locator("input[name=password]").fill(cashier.password)
        page.locator("input[name=password]").press("Enter")
        page.wait_for_url(f"{base}/pos")
        assert focus_moves_to(page, "lookup")  # typing before the focus lands types into nothing
        page.keyboard.type(f"lang-{language}@example.com")
        page.keyboard.press("Enter")
        page.locator("#receipt-title").wait_for()
        assert page.locator("#receipt-title").inner_text() == heading
        assert page.locator("html").get_attribute("lang") == language
        assert fits_the_width(page)
        assert serious_violations(page) == []
        save_screenshot(page, f"pos-phone-{language}")
    finally:
        page.context.close()
