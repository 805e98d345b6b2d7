"""No request carries a NUL character (U+0000) into the app: 422 `nul_character` names where it is.

PostgreSQL cannot store NUL in text or jsonb (psycopg raises DataError, a 500) while SQLite
would, so the rule (kernel/text.py) is enforced here, once for every route, before any input
model, page or the checkout lane sees the request:

- the path (`%00`): `field` is the path parameter holding it;
- the query string (`%00`): `field` is the parameter;
- a JSON body (no content type, `application/json` or `application/*+json`, as FastAPI reads
  them): the escape `\\u0000` in a value or a key, `field` dotted as validation errors name it
  (`lines.0.name`). A raw NUL byte is invalid JSON in UTF-8 (FastAPI answers `invalid_json`),
  but json.loads, as FastAPI calls it, also reads UTF-16 and UTF-32, where every ASCII
  character carries one;
- a urlencoded form (the gift page): `field` is the form field;
- any other body that is UTF-8 text (a CSV upload, whatever its content type: the importers
  read the bytes) and a body not valid as its content type says: the line holding a raw NUL.
  A body that is not UTF-8 is no text and goes on untouched.

Headers cannot carry NUL: uvicorn's HTTP parsers (h11, httptools) refuse the request with 400.

On the way through it costs a few byte searches of the body and query string; only a hit
parses the part, which decides (a JSON text may hold a backslash followed by `u0000`, six
characters that are no NUL) and names the field. A browser opening a page outside /api reads
a short HTML page instead of JSON, as web/errors.py gives the 503.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl

from fastapi.routing import iter_route_contexts
from starlette._utils import get_route_path  # the path FastAPI's router matches (it imports it too)
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from loyalty.kernel.text import NUL, NulCharacter, refuse_nul, refuse_nul_in, refuse_nul_lines
from loyalty.web.errors import nul_character_response
from loyalty.web.request_body import read_body

FORM = b"application/x-www-form-urlencoded"


class TextInput:
    def __init__(self, app: ASGIApp, *, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self.routes = routes  # the app's, to name a path parameter and the route for the metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        read = await read_body(receive)
        if read is None:
            return  # the client went away: nobody to answer
        body, replay = read
        query = scope["query_string"]
        if NUL in scope["path"] or b"%00" in query or b"\x00" in query \
                or b"\x00" in body or b"\\u0000" in body or b"%00" in body:
            refused = self._refusal(scope, body)
            if refused is not None:
                await self._refuse(scope, refused, replay, send)
                return
        await self.app(scope, replay, send)

    def _refusal(self, scope: Scope, body: bytes) -> NulCharacter | None:
        """What is wrong with a request a byte search suspected, None when nothing really is."""
        route, path_parameters = self._route(scope)
        try:
            for name, value in path_parameters.items():
                refuse_nul_in(value, where=f"Path parameter '{name}'", field=name)
            refuse_nul_in(get_route_path(scope), where="The path", field=None)
            for name, value in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True):
                refuse_nul_in(name, where="The name of a query parameter", field=None)
                refuse_nul_in(value, where=f"Query parameter '{name}'", field=name)
            if body:
                _refuse_in_body(body, _header(scope, b"content-type"))
        except NulCharacter as refused:
            if route is not None:
                scope["route"] = route  # counted under its route, as FastAPI's own 422s are
            return refused
        return None

    def _route(self, scope: Scope) -> tuple[Any, dict[str, str]]:
        """The route the path and method match (None when none does), with its path parameters."""
        path = get_route_path(scope)
        for route in iter_route_contexts(self.routes):
            regex = getattr(route, "path_regex", None)
            match = regex.match(path) if regex is not None else None
            if match is not None and (not route.methods or scope["method"] in route.methods):
                return route.original_route, {name: str(value) for name, value in match.groupdict().items()}
        return None, {}

    async def _refuse(self, scope: Scope, refused: NulCharacter, receive: Receive, send: Send) -> None:
        response = nul_character_response(refused, path=scope["path"],
                                          accept=_header(scope, b"accept").decode("latin-1"))
        await response(scope, receive, send)


def _refuse_in_body(body: bytes, content_type: bytes) -> None:
    """Raise NulCharacter when the body holds a NUL, read as its content type says."""
    media_type = content_type.split(b";")[0].strip().lower()
    if media_type in (b"", b"application/json") \
            or (media_type.startswith(b"application/") and media_type.endswith(b"+json")):
        try:
            parsed = json.loads(body)
        except (ValueError, RecursionError):
            pass  # not JSON (FastAPI says so), or text holding a raw NUL (below)
        else:
            refuse_nul(parsed)
            return
    elif media_type == FORM:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            for name, value in parse_qsl(text, keep_blank_values=True):
                refuse_nul_in(name, where="The name of a form field", field=None)
                refuse_nul_in(value, where=f"Form field '{name}'", field=name)
            return
    if b"\x00" in body:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return  # not text: nothing stores it as text
        refuse_nul_lines(text, field="body", name="the body")


def _header(scope: Scope, wanted: bytes) -> bytes:
    for name, value in scope["headers"]:
        if name == wanted:
            return bytes(value)
    return b""
