"""Analytics over HTTP: the REST figures and pivot (scope analytics:read), the admin pages,
the pivot's whitelist, the CSV and XLSX downloads, and one program never seeing another's."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from loyalty.analytics import warehouse
from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.purchases.schemas import PurchaseCreate
from loyalty.web.app import create_app
from tests.factories.members import make_member
from tests.factories.programs import make_api_key, make_program
from tests.factories.staff import make_staff_user, page_client, page_settings, sign_in_staff


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = page_settings()
    settings.analytics.path = str(tmp_path / "analytics.duckdb")
    return settings


@pytest.fixture
def http(database: Database, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, database=database)) as client:
        yield client


def sell(database: Database, program: Program, member_id: int | None, category: str, quantity: int, price: int,
         channel: str = "pos", store: str = "WAW-01") -> None:
    data = PurchaseCreate.model_validate({
        "member": {"id": member_id} if member_id else None, "channel": channel, "store": store,
        "occurred_at": clock.now() - timedelta(hours=2),
        "lines": [{"sku": "S-" + category, "category": category, "quantity": quantity, "unit_price": price}]})
    with unit_of_work(database) as session:
        purchases.record_purchase(session=session, program=program, data=data, actor="test")


@pytest.fixture
def two_shops(database: Database, settings: Settings) -> tuple[Program, Program]:
    shop, other = make_program(database, name="Shop A"), make_program(database, name="Shop B")
    ann = make_member(database, shop)
    sell(database, shop, ann.id, "coffee", 2, 1500)
    sell(database, shop, None, "tea", 1, 800, channel="online")
    bob = make_member(database, other)
    sell(database, other, bob.id, "coffee", 9, 9900)
    warehouse.sync(database, settings)
    return shop, other


def test_the_api_gives_each_program_its_own_figures(http: TestClient, database: Database,
                                                     two_shops: tuple[Program, Program]) -> None:
    shop, other = two_shops
    key = make_api_key(database, shop, scopes=["analytics:read"])
    figures = http.get("/api/v1/analytics/dashboard?days=7", headers=key.headers)
    assert figures.status_code == 200, figures.text
    receipts = figures.json()["receipts"]
    assert receipts["revenue_minor"]["current"] == 3000 + 800  # not Shop B's 89 100
    assert receipts["member_receipts"]["current"] == 1 and receipts["anonymous_receipts"]["current"] == 1
    pivot = http.get("/api/v1/analytics/pivot?measures=revenue&dimensions=category", headers=key.headers).json()
    assert pivot["columns"] == ["category", "revenue"] and pivot["rows"] == [["coffee", 3000], ["tea", 800]]
    other_key = make_api_key(database, other, scopes=["analytics:read"])
    other_pivot = http.get("/api/v1/analytics/pivot?measures=revenue&dimensions=category", headers=other_key.headers)
    assert other_pivot.json()["rows"] == [["coffee", 89100]]


def test_the_pivot_refuses_what_is_not_on_its_lists(http: TestClient, database: Database,
                                                     two_shops: tuple[Program, Program]) -> None:
    key = make_api_key(database, two_shops[0], scopes=["analytics:read"])
    for query, code in [("measures=revenue;DROP TABLE members", "unknown_measure"),
                        ("measures=revenue&dimensions=p.member_id", "unknown_dimension"),
                        ("measures=revenue&dimensions=time&grain=century", "unknown_grain"),
                        ("measures=revenue&filter=sku:X", "unknown_dimension")]:
        answer = http.get(f"/api/v1/analytics/pivot?{query}", headers=key.headers)
        assert answer.status_code == 422 and answer.json()["error"]["code"] == code, (query, answer.text)
    no_scope = make_api_key(database, two_shops[0], scopes=["members:read"])
    assert http.get("/api/v1/analytics/dashboard", headers=no_scope.headers).status_code == 403


def test_downloads_open_and_hold_the_numbers(http: TestClient, database: Database,
                                             two_shops: tuple[Program, Program]) -> None:
    key = make_api_key(database, two_shops[0], scopes=["analytics:read"])
    query = "measures=receipts&measures=revenue&dimensions=channel"
    answer = http.get(f"/api/v1/analytics/pivot?{query}&format=csv", headers=key.headers)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows == [["channel", "receipts", "revenue"], ["online", "1", "8.00"], ["pos", "1", "30.00"]]
    answer = http.get(f"/api/v1/analytics/pivot?{query}&format=xlsx", headers=key.headers)
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["channel", "receipts", "revenue"], ["online", 1, 8.0], ["pos", 1, 30.0]]


def test_an_analyst_sees_the_pages_of_their_program_only(database: Database, settings: Settings,
                                                         two_shops: tuple[Program, Program]) -> None:
    shop, other = two_shops
    browser = page_client(database, settings)
    sign_in_staff(browser, make_staff_user(database, other, "analyst"))
    page = browser.get("/admin?days=7")
    assert page.status_code == 200 and 'id="chart-revenue"' in page.text
    assert "€891.00" in page.text and "€38.00" not in page.text  # Shop B's revenue, not Shop A's
    table = browser.get("/admin/analytics/pivot?measure=revenue&dimension=category")
    assert table.status_code == 200 and "coffee" in table.text and "tea" not in table.text
    download = browser.get("/admin/analytics/pivot/export?measure=revenue&dimension=category&format=xlsx")
    sheet = load_workbook(io.BytesIO(download.content)).active
    assert list(sheet.iter_rows(values_only=True)) == [("category", "revenue"), ("coffee", 891.0)]
    refused = browser.get("/admin/analytics/pivot?measure=secret&dimension=category")
    assert refused.status_code == 422
