"""Odd ids in the panel and at the POS, on both databases: an id beyond BIGINT, a digit that
is not ASCII ("²": `str.isdigit` says yes, `int` says no), in every path, pager and form id.
Each is answered with a page (mostly "not found", or the list's first page), never a 500 and
never the API's JSON."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from loyalty.db.engine import Database
from loyalty.programs.models import Program
from tests.factories.member_app import app_client, app_settings, sign_in_member
from tests.factories.members import make_member
from tests.factories.staff import make_staff_user, page_client, sign_in_staff

HUGE = ("99999999999999999999", "9223372036854775808")
ODD = "²"
PAGERS = ("before", "after", "offset", "days")
_PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")


@pytest.fixture
def owner_browser(database: Database, program: Program) -> Iterator[tuple[TestClient, str]]:
    with page_client(database) as client:
        token = sign_in_staff(client, make_staff_user(database, program, "owner"))
        yield client, token


def _page_routes(client: TestClient, method: str) -> list[APIRoute]:
    routes = [context.original_route for context in iter_route_contexts(client.app.routes)  # type: ignore[attr-defined]
              if isinstance(context.original_route, APIRoute)]
    return [route for route in routes if method in (route.methods or set())
            and route.path.startswith(("/admin", "/pos")) and "sign-in" not in route.path]


def _path(route: APIRoute, id_text: str) -> str:
    """The route's path with every id `id_text` and every other part a word it takes."""
    return _PARAM.sub(lambda found: id_text if found.group(2) == "int" else {
        "section": "ledger", "action": "block"}.get(found.group(1), "x"), route.path)


def _assert_a_page(answer: httpx2.Response, what: str) -> None:
    assert answer.status_code < 500, what
    assert not answer.headers.get("content-type", "").startswith("application/json"), (what, answer.text[:200])


def test_every_get_route_answers_odd_ids_with_a_page(owner_browser: tuple[TestClient, str], database: Database,
                                                     program: Program) -> None:
    browser, _token = owner_browser
    member = make_member(database, program)
    routes = _page_routes(browser, "GET")
    assert len(routes) > 15  # the walk sees the panel's and the till's pages
    for route in routes:
        queries = {param.name for param in route.dependant.query_params} | set(PAGERS)
        for odd in (*HUGE, ODD):
            if "{" in route.path:
                _assert_a_page(browser.get(_path(route, odd)), f"{route.path} with {odd}")
            real = _path(route, str(member.id))  # a real member, so the pager is read
            for name in queries:
                _assert_a_page(browser.get(real, params={name: odd}), f"{real}?{name}={odd}")


def test_every_post_route_answers_a_huge_id_with_a_page(owner_browser: tuple[TestClient, str]) -> None:
    browser, token = owner_browser
    routes = [route for route in _page_routes(browser, "POST") if ":int}" in route.path]
    assert len(routes) > 20
    for route in routes:
        for huge in HUGE:
            answer = browser.post(_path(route, huge), data={"csrf_token": token, "points": "5", "reason": "x"})
            _assert_a_page(answer, f"POST {route.path} with {huge}")
            assert answer.status_code == 404, (route.path, answer.status_code)


def test_odd_ids_in_forms_are_refused_as_none_given(owner_browser: tuple[TestClient, str], database: Database,
                                                    program: Program) -> None:
    browser, token = owner_browser
    member = make_member(database, program)
    opened = browser.post(f"/admin/members/{member.id}/cases", data={
        "csrf_token": token, "kind": "question", "subject": "Odd", "body": "x", "assignee_id": ODD})
    assert opened.status_code == 303  # opened, assigned to nobody
    case_id = int(re.search(r"Case #(\d+)", browser.get(opened.headers["location"]).text).group(1))  # type: ignore[union-attr]
    for odd in (*HUGE, ODD):
        _assert_a_page(browser.post(f"/admin/cases/{case_id}/assign", data={"csrf_token": token, "assignee_id": odd}),
                       f"assign {odd}")
        for where in ("/pos/receipt", "/pos/purchases"):
            for fields in ({"member_id": odd}, {"member_id": str(member.id), "sku": "A", "unit_price": "1",
                                                "quantity": odd},
                           {"member_id": str(member.id), "total": "10", "points": odd},
                           {"member_id": str(member.id), "total": "10", "action": f"remove_line:{odd}"}):
                answer = browser.post(where, data={"csrf_token": token, **fields})
                _assert_a_page(answer, f"{where} {fields}")
                assert answer.status_code in (200, 422), (where, fields, answer.status_code)


def test_the_member_app_answers_odd_ids_with_a_page(database: Database, program: Program, tmp_path: Path) -> None:
    member = make_member(database, program, email="odd-ids@example.com")
    with app_client(database, app_settings(program, tmp_path)) as app:
        token = sign_in_member(app, tmp_path, "odd-ids@example.com")
        routes = [context.original_route for context in iter_route_contexts(app.app.routes)  # type: ignore[attr-defined]
                  if isinstance(context.original_route, APIRoute) and context.original_route.path.startswith("/app")
                  and "sign-in" not in context.original_route.path
                  and "." not in context.original_route.path]  # the data export, manifest, worker, icons
        for odd in (*HUGE, ODD):
            for route in routes:
                if "GET" in (route.methods or set()):
                    if "{" in route.path:
                        _assert_a_page(app.get(_path(route, odd)), f"{route.path} with {odd}")
                    if "{" not in route.path:
                        for name in PAGERS:
                            _assert_a_page(app.get(route.path, params={name: odd}), f"{route.path}?{name}={odd}")
                elif ":int}" in route.path:
                    answer = app.post(_path(route, odd), data={"csrf_token": token})
                    _assert_a_page(answer, f"POST {route.path} with {odd}")
    assert member.id
