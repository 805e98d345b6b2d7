"""The dashboard (/admin) in Chromium: the charts draw (no console or CSP error), at phone and
desktop widths, and the pivot's XLSX download holds the table's numbers."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate
from tests.e2e.pages.accessibility import save_screenshot
from tests.e2e.pages.browsing import DESKTOP, PHONE, new_page, sign_in_staff_in_browser, wait_until
from tests.factories.members import make_member
from tests.factories.programs import make_program
from tests.factories.staff import make_staff_user, page_settings


@pytest.fixture(scope="module")
def site_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    settings = page_settings()
    settings.analytics.path = str(tmp_path_factory.mktemp("analytics") / "analytics.duckdb")
    yield settings


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_analytics_page_draws_its_charts_and_the_pivot_downloads(
        chromium: Any, site: tuple[str, Database], viewport: dict[str, int], tmp_path: Path) -> None:
    base, database = site
    program = make_program(database, name=f"Analytics {viewport['width']}")
    member = make_member(database, program)
    data = PurchaseCreate.model_validate({"member": {"id": member.id}, "store": "WAW-01",
                                          "occurred_at": clock.now() - timedelta(hours=1),
                                          "lines": [{"sku": "C", "category": "coffee", "quantity": 2,
                                                     "unit_price": 1250}]})
    with unit_of_work(database) as session:
        purchases.record_purchase(session=session, program=program, data=data, actor="test")
    page = new_page(chromium, viewport, accept_downloads=True)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "404" not in message.text else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        sign_in_staff_in_browser(page, base, make_staff_user(database, program, "analyst"))
        page.goto(f"{base}/admin/analytics?days=7")                           # the old address: the dashboard
        page.wait_for_url(f"{base}/admin?days=7")
        page.get_by_role("button", name="Sync now").click()                   # copy the new receipt
        page.wait_for_url(f"{base}/admin?days=7")
        assert "€25.00" in page.locator("#a-revenue").inner_text()
        wait_until(page, "document.querySelectorAll('canvas[data-drawn]').length === 8")
        save_screenshot(page, f"admin-dashboard-{viewport['width']}")
        page.goto(f"{base}/admin/analytics/pivot?measure=revenue&measure=items&dimension=category")
        assert "coffee" in page.locator("#pivot-table").inner_text()
        wait_until(page, "document.querySelector('#chart-pivot[data-drawn]') !== null")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download XLSX").click()
        saved = tmp_path / "pivot.xlsx"
        download.value.save_as(saved)
        sheet = load_workbook(io.BytesIO(saved.read_bytes())).active
        assert list(sheet.iter_rows(values_only=True)) == [("category", "revenue", "items"), ("coffee", 25.0, 2)]
        assert errors == []
    finally:
        page.context.close()
