"""create_app(settings): the HTTP face of the platform."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import text

from loyalty import __version__
from loyalty.auth.scopes import INCLUDED
from loyalty.config import DatabaseSettings, Settings, load_settings
from loyalty.db.engine import Database, create_database
from loyalty.db.uow import unit_of_work
from loyalty.web import api_conventions, api_docs, errors
from loyalty.web.body_limit import BodyLimit
from loyalty.web.checkout_lane import CheckoutLane, LaneEndpoint
from loyalty.web.deps import API_KEY_SCHEME, API_KEY_SECURITY_SCHEME, required_scopes
from loyalty.web.metrics import MetricsMiddleware, metrics_response
from loyalty.web.pages import faces
from loyalty.web.text_input import TextInput
from loyalty.worker.runner import InProcessWorker

# Each module under web/api/v1 exposes `router`; listed here so the order of the docs is ours.
API_MODULES = ("programs", "api_keys", "members", "cards", "purchases", "points", "rules", "events", "tiers",
               "vouchers", "rewards", "gift_vouchers", "referrals", "messages", "campaigns", "webhooks",
               "lifecycle", "journeys", "segments", "browsing", "analytics", "gamification",
               "recommendations", "leaderboards", "contests",
               "surveys", "content")
# FastAPI tries routes one by one (a few microseconds each, every request), so the routers
# tills and shops call at checkout go first. No route of one module matches a path of another
# (tests/unit/web/test_routes.py), so this order changes which route answers nothing but speed.
ROUTING_ORDER = ("purchases", "vouchers", "points", "members", "cards", "gift_vouchers", "rewards")

DESCRIPTION = """
The loyalty platform's REST API.

Authenticate with `Authorization: Bearer <key>` (create one with `loyalty api-keys create`);
in /docs, press Authorize and paste the key. Errors are `{"error": {"code", "message",
"field"}}` (the `Error` schema): 401 without a valid key, 403 outside its scopes, 404 unknown
ids, 409 conflicts (`member_exists`, `insufficient_points`, `idempotency_mismatch`), 422
invalid input (naming the field; `nul_character` when a text holds U+0000), 429 too many
attempts (with `Retry-After`). Writes a client may retry take an `Idempotency-Key` header or,
for purchases, the shop's `external_id`.
"""


def create_app(settings: Settings | None = None, *, database: Database | None = None) -> FastAPI:
    settings = settings or load_settings()
    database = database or create_database(settings.database)
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.server.threads
        # SQLite: the event subscribers and the jobs run here, so `loyalty serve` needs no worker beside it.
        worker = InProcessWorker(database, settings) if settings.worker.runs_in_process(database.dialect) else None
        if worker:
            worker.start()
        yield
        if worker:
            worker.stop()

    modules = _api_modules()
    app = _Api(title="loyalty", version=__version__, description=DESCRIPTION, lifespan=lifespan,
               openapi_url="/openapi.json", docs_url=None, redoc_url=None,
               generate_unique_id_function=_operation_id,
               openapi_tags=[{"name": tag} for name in API_MODULES if name in modules
                             for tag in modules[name].router.tags])
    app.state.settings = settings
    app.state.database = database
    errors.install(app)
    api_docs.mount(app)

    @app.get("/healthz", tags=["operations"])
    def healthz() -> JSONResponse:
        """Liveness and database reachability."""
        try:
            with unit_of_work(database, read_only=True) as session:
                session.execute(text("SELECT 1"))
        except Exception as error:  # noqa: BLE001 - any failure means unhealthy
            return JSONResponse({"status": "unhealthy", "database": str(error)[:200]}, status_code=503)
        return JSONResponse({"status": "ok", "database": database.dialect, "version": __version__})

    app.add_route("/metrics", metrics_response, include_in_schema=False)

    lane: list[LaneEndpoint] = []
    for name in sorted(modules, key=_routing_position):
        module = modules[name]
        app.include_router(module.router, prefix="/api/v1")
        if hasattr(module, "public_router"):  # pages and links outside the API, e.g. /r/{code}
            app.include_router(module.public_router)
        lane += [replace(endpoint, path="/api/v1" + endpoint.path, route=_route_of(module.router, endpoint))
                 for endpoint in getattr(module, "checkout_lane", ())]
    # The admin panel, member app and POS screen, after the API: routes are tried in order.
    faces.install(app)
    app.add_middleware(CheckoutLane, database=database, endpoints=lane)
    app.add_middleware(TextInput, routes=app.routes)  # outside the lane too: no NUL reaches a purchase
    app.add_middleware(MetricsMiddleware)  # outside the lane, so it counts what the lane serves
    app.add_middleware(BodyLimit, max_bytes=settings.server.max_body_bytes)
    return app


def api_description() -> dict[str, Any]:
    """The OpenAPI description /openapi.json serves, made without a server or a database (the
    app is built on a SQLite URL that is never opened): what clients/python is generated from and
    tests/e2e/api/test_schemathesis.py tests against."""
    settings = Settings(database=DatabaseSettings(url="sqlite:///never-opened.db"))
    settings.worker.in_process = "never"
    database = create_database(settings.database)
    try:
        return create_app(settings, database=database).openapi()
    finally:
        database.dispose()


class _Api(FastAPI):
    """FastAPI, whose API description also tells how to send the API key and the error bodies
    web/errors.py sends, not FastAPI's."""

    _described: dict[str, Any] | None = None

    def openapi(self) -> dict[str, Any]:
        openapi = super().openapi()  # made once, again only when routes change
        if openapi is not self._described:
            _describe_api_keys(openapi, self.routes)
            api_conventions.describe(openapi)
            errors.document_errors(openapi)
            api_docs.keep_example_nulls(openapi, self.routes)
            self._described = openapi
        return openapi


def _describe_api_keys(openapi: dict[str, Any], routes: list[Any]) -> None:
    """Mark each operation that takes an API key (the Authorize button of /docs then sends it),
    with the 401 and 403 it answers, the 404 of an id in its path that this program does not
    have, and the 503 of a database failing for a moment."""
    for route in iter_route_contexts(routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        scopes = required_scopes(route.dependant)
        if scopes is None:
            continue
        path_item = openapi.get("paths", {}).get(route.path_format, {})
        for method in route.methods or ():
            operation = path_item.get(method.lower())
            if operation is None:
                continue
            operation["security"] = [{API_KEY_SCHEME: []}]
            responses = operation.setdefault("responses", {})
            responses.setdefault("401", errors.error_response(
                "`missing_api_key`: no `Authorization: Bearer <key>` header; `invalid_api_key`: the key is "
                "unknown or revoked."))
            if scopes:  # a route for any key never answers 403
                responses.setdefault("403", errors.error_response(_forbidden_description(scopes)))
            if "{" in (route.path_format or ""):
                responses.setdefault("404", errors.error_response(
                    "Nothing in this program has the id (or code) in the path; `code` names what was not found "
                    "(`member_not_found`, …)."))
            responses.setdefault("503", errors.error_response(errors.DATABASE_FAILED_DESCRIPTION))
    openapi.setdefault("components", {}).setdefault("securitySchemes", {})[API_KEY_SCHEME] = API_KEY_SECURITY_SCHEME


def _operation_id(route: APIRoute) -> str:
    """An operation's id is its endpoint function's name (`record_purchase`): what generated
    clients name their methods. tests/e2e/api/test_openapi.py holds them unique."""
    return route.name


def _forbidden_description(scopes: list[str]) -> str:
    if scopes == ["admin"]:
        return "`missing_scope`: only an `admin` key may do this."
    needed = " and the ".join(f"`{scope}`" + "".join(f" (or `{wider}`, which includes it)"
                                                     for wider, included in INCLUDED.items() if included == scope)
                              for scope in scopes)
    return f"`missing_scope`: the key lacks the {needed} scope (and is not an `admin` key)."


def _route_of(router: APIRouter, endpoint: LaneEndpoint) -> APIRoute:
    """The route FastAPI would match for a lane's endpoint: the lane names it in the request's
    scope, as FastAPI's router does, for the metrics."""
    return next(route for route in router.routes if isinstance(route, APIRoute) and route.path == endpoint.path
                and endpoint.method in (route.methods or ()) and route.endpoint is endpoint.endpoint)


def _api_modules() -> dict[str, Any]:
    """The API modules present, by name, in the order of the docs."""
    modules = {}
    for name in API_MODULES:
        try:
            modules[name] = importlib.import_module(f"loyalty.web.api.v1.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"loyalty.web.api.v1.{name}":
                raise
    return modules


def _routing_position(name: str) -> int:
    return ROUTING_ORDER.index(name) if name in ROUTING_ORDER else len(ROUTING_ORDER) + API_MODULES.index(name)
