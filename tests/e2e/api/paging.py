"""Walking a paged list of the API to its end, as a client does."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

MAX_PAGES = 100


def walk(api: TestClient, path: str, *, limit: int, **params: Any) -> list[list[dict[str, Any]]]:
    """Every page of the list at `path`, following `next_cursor` until it is null. Asserts the
    envelope: each answer has `items` and `next_cursor` (a member's referrals say more beside them),
    every page but the last full."""
    pages: list[list[dict[str, Any]]] = []
    cursor: str | None = None
    while len(pages) < MAX_PAGES:
        response = api.get(path, params={**params, "limit": limit, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.json()
        body = response.json()
        assert set(body) >= {"items", "next_cursor"}, body
        pages.append(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            assert all(len(page) == limit for page in pages[:-1]) and len(pages[-1]) <= limit, pages
            return pages
    raise AssertionError(f"{path} never ended")


def items(pages: list[list[dict[str, Any]]], key: str = "id") -> list[Any]:
    """The `key` of every item of every page, in order."""
    return [item[key] for page in pages for item in page]
