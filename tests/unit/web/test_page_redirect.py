"""render.redirect: only a local path goes into Location or HX-Redirect, never one carrying
control characters that could split or bend the header."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from loyalty.web.pages.render import redirect


def _request(*, htmx: bool = False) -> Request:
    headers = [(b"hx-request", b"true")] if htmx else []
    return Request({"type": "http", "method": "POST", "path": "/admin", "headers": headers, "query_string": b""})


@pytest.mark.parametrize("url", ["/admin\r\nSet-Cookie: x=1", "/admin\nx", "/admin\tx", "/a\x00b", "/a\x1bb",
                                 "/a\x7fb"])
@pytest.mark.parametrize("htmx", [False, True])
def test_a_url_with_control_characters_goes_home(url: str, htmx: bool) -> None:
    answer = redirect(_request(htmx=htmx), url)
    assert answer.headers["HX-Redirect" if htmx else "location"] == "/"


@pytest.mark.parametrize("htmx", [False, True])
def test_a_local_path_is_kept(htmx: bool) -> None:
    answer = redirect(_request(htmx=htmx), "/admin/members/7#points")
    assert answer.headers["HX-Redirect" if htmx else "location"] == "/admin/members/7#points"
