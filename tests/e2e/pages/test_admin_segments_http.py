"""The admin panel's segments over plain HTTP on both databases: a segment built with the
condition builder, its live count, its members and sizes, a static list upload with rejected
lines, and the member page naming the member's segments."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.members import make_member
from tests.factories.staff import csrf_of, make_staff_user, page_client, sign_in_staff


@pytest.fixture
def browser(database: Database) -> Iterator[TestClient]:
    with page_client(database) as client:
        yield client


def test_a_segment_is_built_counted_and_shown(browser: TestClient, database: Database, program: Program) -> None:
    vips = [make_member(database, program, attributes={"vip": True}, first_name="Vera") for _ in range(2)]
    make_member(database, program)
    csrf = sign_in_staff(browser, make_staff_user(database, program, "marketer"))
    assert "/admin/segments" in browser.get("/admin").text
    fields = {"csrf_token": csrf, "name": "VIPs", "description": "", "kind": "dynamic", "c.kind": "all",
              "c.0.kind": "cond", "c.0.field": "member.attributes.vip", "c.0.op": "eq", "c.0.value": "true"}

    counted = browser.post("/admin/segments/count", data=fields)
    wrong = browser.post("/admin/segments/count", data={**fields, "c.0.field": "member.tierr"})
    created = browser.post("/admin/segments/new", data=fields)

    assert "Members matching now: 2" in counted.text
    assert "Not countable yet" in wrong.text and "member.tier" in wrong.text
    assert created.status_code == 303, created.text
    page = browser.get(created.headers["location"]).text
    assert "Vera" in page and "segment-sizes-data" in page
    listed = browser.get("/admin/segments").text
    assert "VIPs" in listed
    member_page = browser.get(f"/admin/members/{vips[0].id}").text
    assert "VIPs" in member_page


def test_a_static_list_upload_shows_the_rejected_lines(browser: TestClient, database: Database,
                                                       program: Program) -> None:
    make_member(database, program, email="ola@example.com")
    csrf = sign_in_staff(browser, make_staff_user(database, program, "marketer"))
    created = browser.post("/admin/segments/new", data={"csrf_token": csrf, "name": "Fair", "description": "",
                                                        "kind": "static", "c.kind": "all"})
    assert created.status_code == 303, created.text
    location = created.headers["location"]
    csrf = csrf_of(browser.get(location).text)

    refused = browser.post(f"{location}/import", data={"csrf_token": csrf},
                           files={"file": ("list.csv", b"email\nola@example.com\nnobody@example.com\n", "text/csv")})
    imported = browser.post(f"{location}/import", data={"csrf_token": csrf},
                            files={"file": ("list.csv", b"ola@example.com\n", "text/csv")})

    assert refused.status_code == 422 and "line 3" in refused.text
    assert imported.status_code == 303
    assert "ola@example.com" in browser.get(location).text


def test_a_viewer_cannot_change_segments(browser: TestClient, database: Database, program: Program) -> None:
    csrf = sign_in_staff(browser, make_staff_user(database, program, "analyst"))
    refused = browser.post("/admin/segments/new", data={"csrf_token": csrf, "name": "x", "c.kind": "all"})
    assert refused.status_code == 403
    assert browser.get("/admin/segments").status_code == 200
