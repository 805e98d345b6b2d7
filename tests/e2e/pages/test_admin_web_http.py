"""The admin's Web behaviour page, the E-shop tracking set-up and the member's web visits, over
plain HTTP on both databases."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from loyalty.browsing import service as browsing
from loyalty.browsing.schemas import TrackBatch
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs.models import Program
from tests.factories.browsing import buy_lines, event, make_tracking, token
from tests.factories.members import make_member
from tests.factories.staff import make_staff_user, page_client, sign_in_staff


@pytest.fixture
def browser(database: Database) -> Iterator[TestClient]:
    with page_client(database) as client:
        yield client


def _row(html: str, table_id: str, heading: str) -> list[str]:
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells and cells[0].startswith(heading):
            return cells
    raise AssertionError(f"no row {heading!r} in #{table_id}")


def test_the_page_shows_the_funnel_sources_and_what_brought_members_back(browser: TestClient, database: Database,
                                                                         program: Program) -> None:
    key, secret = make_tracking(database, program)
    anna = make_member(database, program)
    now = clock.now() - timedelta(hours=3)
    with unit_of_work(database) as session:
        browsing.track(session=session, program=program, batch=TrackBatch.model_validate_json(json.dumps({
            "key": key, "events": [
                event("identify", "visitor-anna", at=now, identity=token(secret, anna.id, "visitor-anna")),
                event("product_view", "visitor-anna", at=now, sku="BOOT", category="shoes",
                      utm_source="newsletter", utm_medium="email", utm_campaign="spring"),
                event("cart_add", "visitor-anna", at=now, sku="BOOT", utm_source="newsletter", utm_medium="email",
                      utm_campaign="spring"),
                event("product_view", "visitor-anon", at=now, sku="BOOT", category="shoes")]})))
    buy_lines(database, program, anna.id, now + timedelta(hours=1), [("BOOT", "shoes", 20000)])
    sign_in_staff(browser, make_staff_user(database, program, "analyst"))
    page = browser.get("/admin/web?days=7")
    assert page.status_code == 200
    assert _row(page.text, "funnel", "Product BOOT") == ["Product BOOT BOOT", "2", "1", "1", "50.0 %", "50.0 %"]
    assert _row(page.text, "sources", "newsletter")[:3] == ["newsletter", "email", "1"]
    assert _row(page.text, "brought-back", "spring")[:4] == ["spring", "1", "1", "1"]
    by_source = browser.get("/admin/web?days=7&by=source")
    assert _row(by_source.text, "funnel", "(direct)")[1:4] == ["1", "0", "0"]
    visits = browser.get(f"/admin/members/{anna.id}")
    assert "Web visits" in visits.text and "Product BOOT" in visits.text.split('id="web"', 1)[1]


def test_the_owner_sets_the_allowed_origins_and_sees_the_snippet(browser: TestClient, database: Database,
                                                                 program: Program) -> None:
    csrf = sign_in_staff(browser, make_staff_user(database, program, "owner"))
    first = browser.get("/admin/web/tracking")
    assert "Make the tracking key" in first.text and "/t/track.js" not in first.text
    with unit_of_work(database, read_only=True) as session:  # opening the page made nothing
        assert browsing.get_tracking(session=session, program_id=program.id) is None
    assert browser.post("/admin/web/tracking/key", data={"csrf_token": "forged"}).status_code == 403
    assert browser.post("/admin/web/tracking/key", data={"csrf_token": csrf}).status_code == 303
    page = browser.get("/admin/web/tracking")
    assert browser.post("/admin/web/tracking/key", data={"csrf_token": csrf}).status_code == 303
    assert browser.get("/admin/web/tracking").text == page.text  # a second press keeps the key
    public_key = re.search(r'id="public-key">([^<]+)<', page.text).group(1)  # type: ignore[union-attr]
    assert f'data-key="{public_key}"' in page.text and "/t/track.js" in page.text
    saved = browser.post("/admin/web/tracking", data={"csrf_token": csrf, "allowed_origins":
                                                      "https://Shop.example/\nhttps://m.shop.example:8443",
                                                      "is_enabled": "on"})
    assert saved.status_code == 303
    with unit_of_work(database, read_only=True) as session:
        found = browsing.get_tracking(session=session, program_id=program.id)
        assert found is not None
        assert (found.allowed_origins, found.is_enabled) == (
            ["https://shop.example", "https://m.shop.example:8443"], True)
    refused = browser.post("/admin/web/tracking", data={"csrf_token": csrf, "allowed_origins": "shop dot example"})
    assert refused.status_code == 422 and "is not an origin" in refused.text


def test_an_analyst_may_not_open_the_tracking_set_up(browser: TestClient, database: Database,
                                                     program: Program) -> None:
    csrf = sign_in_staff(browser, make_staff_user(database, program, "analyst"))
    assert browser.get("/admin/web/tracking").status_code == 403
    assert browser.post("/admin/web/tracking/key", data={"csrf_token": csrf}).status_code == 403
    assert browser.get("/admin/web").status_code == 200


def test_tracked_strings_cannot_break_out_of_the_page(browser: TestClient, client: TestClient, database: Database,
                                                      program: Program) -> None:
    key, _ = make_tracking(database, program)
    evil = event("product_view", "visitor-0009", sku="X1", utm_source="<img src=x onerror=alert(1)>",
                 utm_campaign="<b>c</b>")
    evil["product"] = {"sku": "<svg onload=alert(2)>", "name": "<!--<script>"}
    assert client.post("/api/v1/track", content=json.dumps({"key": key, "events": [evil]}),
                       headers={"Origin": "https://shop.example", "Content-Type": "text/plain"}).status_code == 200
    sign_in_staff(browser, make_staff_user(database, program, "analyst"))
    page = browser.get("/admin/web?by=product").text
    assert "<img src=x" not in page and "<svg onload" not in page and "<b>c</b>" not in page
    assert "<!--<script>" not in page, "the JSON island holds '<!--<script>': the script element swallows the page"
    island = page.split('id="web-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(island)["labels"] == ["<!--<script>"]  # the chart still shows the name as sent
