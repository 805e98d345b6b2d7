"""Routers are tried hottest first (web/app.py ROUTING_ORDER); that is only safe while no
route of one API module can answer a path of another, and the docs keep their own order."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from fastapi.routing import APIRoute, iter_route_contexts
from starlette.convertors import IntegerConvertor
from starlette.routing import compile_path

from loyalty.config import DatabaseSettings, Settings
from loyalty.web.app import API_MODULES, ROUTING_ORDER, create_app


def _routes() -> list[tuple[str, str, set[str]]]:
    routes = []
    for name in API_MODULES:
        module = importlib.import_module(f"loyalty.web.api.v1.{name}")
        routes += [(name, "/api/v1" + route.path, set(route.methods)) for route in module.router.routes]
        if hasattr(module, "public_router"):
            routes += [(name, route.path, set(route.methods)) for route in module.public_router.routes]
    return routes


def test_no_route_answers_a_path_of_another_module() -> None:
    routes = _routes()
    clashes = []
    for value in ("7", "lookup"):  # an id, and a word that could be a literal segment
        for owner, path, methods in routes:
            concrete = re.sub(r"\{\w+(:\w+)?\}", value, path)
            clashes += [(owner, path, other, other_path) for other, other_path, other_methods in routes
                        if other != owner and methods & other_methods
                        and compile_path(other_path)[0].match(concrete)]
    assert clashes == []


def test_hot_routers_are_tried_first_and_the_docs_keep_their_order(tmp_path: Path) -> None:
    app = create_app(Settings(database=DatabaseSettings(url=f"sqlite:///{tmp_path / 'routes.db'}")))
    included = [getattr(route, "original_router", None) for route in app.routes]
    first = importlib.import_module(f"loyalty.web.api.v1.{ROUTING_ORDER[0]}").router
    assert next(router for router in included if router is not None) is first
    spec = app.openapi()
    assert [tag["name"] for tag in spec["tags"]][:3] == ["program", "api keys", "members"]
    assert "/api/v1/purchases" in spec["paths"] and "/api/v1/vouchers/validate" in spec["paths"]


def test_a_numeric_id_in_a_path_only_matches_digits(tmp_path: Path) -> None:
    """`GET /purchases/claim` must not reach `GET /purchases/{purchase_id}` and answer 422 for
    the word: with `{purchase_id:int}` the router passes it on, and `POST /purchases/claim`
    answers 405 with `Allow`."""
    app = create_app(Settings(database=DatabaseSettings(url=f"sqlite:///{tmp_path / 'routes.db'}")))
    routes = [context.original_route for context in iter_route_contexts(app.routes)
              if isinstance(context.original_route, APIRoute)]
    loose = [f"{route.path} {param.name}" for route in routes for param in route.dependant.path_params
             if param.field_info.annotation is int and not isinstance(route.param_convertors[param.name],
                                                                       IntegerConvertor)]
    assert len(routes) > 90 and loose == []
