"""The tracking script in real Chromium: a shop's page on another origin pastes the snippet,
shows a product and adds it to the cart, and the rows land; a page of an origin the program did
not allow records nothing; a page that needs consent records nothing until it is given. Then
the admin's Web behaviour page at a phone's and a desktop's width."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from loyalty.browsing.models import Visitor, WebEvent
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from tests.e2e.pages.accessibility import save_screenshot, serious_violations
from tests.e2e.pages.browsing import DESKTOP, PHONE, new_page, sign_in_staff_in_browser
from tests.factories.browsing import make_tracking
from tests.factories.programs import make_program
from tests.factories.staff import make_staff_user

SHOP_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Boots</title></head><body>
<h1>Boots</h1><button id="add" type="button">Add to cart</button>
<script>window.loyalty=window.loyalty||{{q:[],track:function(){{loyalty.q.push(["track",arguments])}},identify:function(){{loyalty.q.push(["identify",arguments])}},consent:function(){{loyalty.q.push(["consent",arguments])}}}};</script>
<script src="{base}/t/track.js" data-key="{key}" {extra} async></script>
<script>
loyalty.track("product_view", {{sku: "BOOT-42", name: "Boots", category: "shoes", price: 19900}});
document.getElementById("add").addEventListener("click", function () {{
  loyalty.track("cart_add", {{sku: "BOOT-42", name: "Boots", category: "shoes", price: 19900, quantity: 1}});
}});
</script></body></html>"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """A tiny static web server, the e-shop: (its port, the folder it serves)."""
    folder = tmp_path_factory.mktemp("shop")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], folder
    finally:
        server.shutdown()


def _rows(database: Database, program_id: int) -> list[tuple[Any, ...]]:
    with unit_of_work(database, read_only=True) as session:
        return [tuple(row) for row in session.execute(
            select(WebEvent.type, WebEvent.sku, WebEvent.source, WebEvent.medium, WebEvent.campaign)
            .where(WebEvent.program_id == program_id).order_by(WebEvent.id)).all()]


def _wait_rows(database: Database, program_id: int, count: int, seconds: float = 10.0) -> list[tuple[Any, ...]]:
    deadline = time.monotonic() + seconds
    rows = _rows(database, program_id)
    while len(rows) < count and time.monotonic() < deadline:
        time.sleep(0.2)
        rows = _rows(database, program_id)
    return rows


def test_a_shop_page_records_a_view_and_a_cart_addition(chromium: Any, site: tuple[str, Database],
                                                        shop: tuple[int, Path]) -> None:
    base, database = site
    port, folder = shop
    program = make_program(database)
    key, _ = make_tracking(database, program, origins=(f"http://localhost:{port}",))
    (folder / "boots.html").write_text(SHOP_PAGE.format(base=base, key=key, extra=""), encoding="utf-8")
    page = new_page(chromium, DESKTOP)
    try:
        page.goto(f"http://localhost:{port}/boots.html?utm_source=newsletter&utm_medium=email&utm_campaign=spring")
        page.get_by_role("button", name="Add to cart").click()
        rows = _wait_rows(database, program.id, 3)
        assert sorted(rows) == sorted([
            ("page_view", None, "newsletter", "email", "spring"),
            ("product_view", "BOOT-42", "newsletter", "email", "spring"),
            ("cart_add", "BOOT-42", "newsletter", "email", "spring")])
        stored = page.evaluate("localStorage.getItem('loyalty_vid')")
        with unit_of_work(database, read_only=True) as session:
            visitors = session.scalars(select(Visitor.visitor_id).where(Visitor.program_id == program.id)).all()
        assert visitors == [stored]
        # Another page of the visit (no UTM parameters in its address) keeps the visit's source.
        page.goto(f"http://localhost:{port}/boots.html")
        rows = _wait_rows(database, program.id, 5)
        assert rows[3:] in ([("page_view", None, "newsletter", "email", "spring"),
                             ("product_view", "BOOT-42", "newsletter", "email", "spring")],
                            [("product_view", "BOOT-42", "newsletter", "email", "spring"),
                             ("page_view", None, "newsletter", "email", "spring")])
    finally:
        page.context.close()


def test_a_page_of_an_origin_not_allowed_records_nothing(chromium: Any, site: tuple[str, Database],
                                                         shop: tuple[int, Path]) -> None:
    base, database = site
    port, folder = shop
    program = make_program(database)
    key, _ = make_tracking(database, program, origins=("https://shop.example",))
    (folder / "other.html").write_text(SHOP_PAGE.format(base=base, key=key, extra=""), encoding="utf-8")
    page = new_page(chromium, DESKTOP)
    try:
        sent: list[str] = []
        page.on("requestfinished", lambda request: sent.append(request.url) if "/api/v1/track" in request.url
                else None)
        page.on("requestfailed", lambda request: sent.append(request.url) if "/api/v1/track" in request.url
                else None)
        page.goto(f"http://localhost:{port}/other.html")
        page.get_by_role("button", name="Add to cart").click()
        deadline = time.monotonic() + 10
        while len(sent) < 2 and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        assert sent  # the script did send (and was refused)
        assert _rows(database, program.id) == []
    finally:
        page.context.close()


def test_nothing_is_recorded_before_consent(chromium: Any, site: tuple[str, Database],
                                            shop: tuple[int, Path]) -> None:
    base, database = site
    port, folder = shop
    program = make_program(database)
    key, _ = make_tracking(database, program, origins=(f"http://localhost:{port}",))
    (folder / "consent.html").write_text(SHOP_PAGE.format(base=base, key=key, extra='data-consent="required"'),
                                         encoding="utf-8")
    page = new_page(chromium, DESKTOP)
    try:
        page.goto(f"http://localhost:{port}/consent.html")
        page.get_by_role("button", name="Add to cart").click()
        page.wait_for_timeout(1500)
        assert _rows(database, program.id) == []
        assert page.evaluate("localStorage.getItem('loyalty_vid')") is None
        page.evaluate("loyalty.consent(true)")
        page.get_by_role("button", name="Add to cart").click()
        assert sorted(row[0] for row in _wait_rows(database, program.id, 2)) == ["cart_add", "page_view"]
    finally:
        page.context.close()


def test_the_web_behaviour_page_at_a_phones_and_a_desktops_width(chromium: Any, site: tuple[str, Database],
                                                                 shop: tuple[int, Path]) -> None:
    base, database = site
    port, folder = shop
    program = make_program(database)
    key, _ = make_tracking(database, program, origins=(f"http://localhost:{port}",))
    (folder / "admin.html").write_text(SHOP_PAGE.format(base=base, key=key, extra=""), encoding="utf-8")
    shopper = new_page(chromium, DESKTOP)
    try:
        shopper.goto(f"http://localhost:{port}/admin.html?utm_source=instagram&utm_medium=social")
        shopper.get_by_role("button", name="Add to cart").click()
        _wait_rows(database, program.id, 3)
    finally:
        shopper.context.close()
    login = make_staff_user(database, program, "owner")
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(chromium, viewport)
        try:
            sign_in_staff_in_browser(page, base, login)
            page.goto(f"{base}/admin/web?days=7")
            assert page.locator("#funnel tbody tr").first.inner_text().startswith("Boots")
            assert page.locator("#sources tbody tr").first.inner_text().startswith("instagram")
            assert serious_violations(page) == []
            save_screenshot(page, f"admin-web-behaviour-{name}")
            page.goto(f"{base}/admin/web/tracking")
            assert key in page.locator("#snippet").input_value()
            save_screenshot(page, f"admin-web-tracking-{name}")
        finally:
            page.context.close()
