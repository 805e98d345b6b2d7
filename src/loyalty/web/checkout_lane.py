"""The checkout lane: the request a till sends at every sale, without FastAPI's per-request work.

FastAPI spends about as much CPU on one purchase (routing, solving the dependencies, parsing
the JSON then validating it, its exception layers) as the purchase's own SQL statements. For
the endpoints listed in an API module's `checkout_lane`, a well-formed request whose API key is
in the authentication cache and holds the scope is served here: the body is validated straight
from its JSON bytes and the module's own endpoint function runs in the thread pool, so the
answer is the one FastAPI would give. Everything else (a key not cached or lacking the scope,
a body that does not validate, another content type) goes to FastAPI untouched, with the body
it read replayed, so every error is FastAPI's own. The lane sits inside the metrics middleware,
the body size limit and the refusal of NUL characters (web/text_input.py), so all three apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from loyalty.auth.scopes import grants
from loyalty.db.engine import Database
from loyalty.db.transient_errors import DATABASE_ERRORS
from loyalty.kernel.errors import DomainError
from loyalty.web.deps import ApiContext, cached_context
from loyalty.web.errors import database_error_response, domain_error_response
from loyalty.web.idempotency import MAX_KEY_LENGTH
from loyalty.web.request_body import read_body


@dataclass(frozen=True)
class LaneEndpoint:
    """An endpoint the lane may serve. `endpoint` is the API module's function for FastAPI;
    the lane calls `call(body, context, request)` (by default `endpoint(body, context)`), in
    the thread pool. `route` is the endpoint's FastAPI route (the app fills it in)."""

    method: str
    path: str
    scope: str
    body: type[BaseModel]
    endpoint: Callable[..., Response]
    call: Callable[[Any, ApiContext, Request], Response] | None = None
    route: Any = None
    # The endpoint requires an Idempotency-Key: without a usable one FastAPI answers the 422.
    needs_idempotency_key: bool = False

    def __call__(self, body: Any, context: ApiContext, request: Request) -> Response:
        return self.call(body, context, request) if self.call is not None else self.endpoint(body, context)


class CheckoutLane:
    def __init__(self, app: ASGIApp, *, database: Database, endpoints: list[LaneEndpoint]) -> None:
        self.app = app
        self.database = database
        self.endpoints = {(endpoint.method, endpoint.path): endpoint for endpoint in endpoints}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        lane = self.endpoints.get((scope.get("method", ""), scope.get("path", ""))) \
            if scope["type"] == "http" else None
        if lane is None:
            await self.app(scope, receive, send)
            return
        read = await read_body(receive)
        if read is None:
            return  # the client went away: nobody to answer
        body, replay = read
        context = self._context(scope, lane)
        data = _validated(lane.body, body) if context is not None else None
        if context is None or data is None:
            await self.app(scope, replay, send)
            return
        scope["route"] = lane.route
        try:
            response = await run_in_threadpool(lane, data, context, Request(scope, replay))
        except DomainError as error:
            response = domain_error_response(error)
        except DATABASE_ERRORS as error:
            passing = database_error_response(error)
            if passing is None:
                raise
            response = passing
        await response(scope, replay, send)

    def _context(self, scope: Scope, lane: LaneEndpoint) -> ApiContext | None:
        authorization = content_type = idempotency_key = b""
        for name, value in scope["headers"]:
            if name == b"authorization":
                authorization = value
            elif name == b"content-type":
                content_type = value
            elif name == b"idempotency-key" and not idempotency_key:  # the first, as Request.headers reads it
                idempotency_key = value
        if content_type.split(b";")[0].strip().lower() != b"application/json":
            return None
        if lane.needs_idempotency_key and not 0 < len(idempotency_key) <= MAX_KEY_LENGTH:
            return None
        context = cached_context(self.database, authorization.decode("latin-1"))
        return context if context is not None and grants(list(context.scopes), lane.scope) else None


def _validated(model: type[BaseModel], body: bytes) -> BaseModel | None:
    try:
        return model.model_validate_json(body)
    except ValidationError:
        return None  # FastAPI answers it, with the error it always gives
