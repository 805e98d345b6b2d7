"""The interactive API docs (/docs, Swagger UI; /redoc, ReDoc), served from copies installed
with the package (`fastapi-offline` carries them) rather than FastAPI's default CDN, so the
docs work on a machine without internet and load nothing from elsewhere."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute

ASSETS_URL = "/docs-assets"
# The pages may only load what this server serves (ReDoc would fetch its logo from its CDN).
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; "
                           "frame-ancestors 'none'")


def mount(app: FastAPI, *, docs_url: str = "/docs", redoc_url: str = "/redoc") -> None:
    """Serve the docs pages and their scripts; `app` must be made with docs_url=redoc_url=None."""
    assets = Path(str(files("fastapi_offline") / "static"))
    app.mount(ASSETS_URL, StaticFiles(directory=assets), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get(docs_url, include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return _locked(get_swagger_ui_html(
            openapi_url=root + openapi_url, title=f"{app.title} - API docs",
            swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            # The key pasted under Authorize survives a reload of the page.
            swagger_ui_parameters={"persistAuthorization": True, **(app.swagger_ui_parameters or {})}))

    @app.get(redoc_url, include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return _locked(get_redoc_html(openapi_url=root + openapi_url, title=f"{app.title} - API reference",
                                      redoc_js_url=f"{root}{ASSETS_URL}/redoc.standalone.js",
                                      redoc_favicon_url=f"{root}{ASSETS_URL}/favicon.png", with_google_fonts=False))


def _locked(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return page


def keep_example_nulls(openapi: dict[str, Any], routes: Sequence[BaseRoute]) -> None:
    """Give the answers' schemas back the examples their models show, nulls included.

    FastAPI drops every null from the description it makes (fastapi#5559), so an example
    answer would lose its null fields (`"refusal": null` of a valid voucher) and, where they
    are required, no longer be a valid answer. Only examples FastAPI published are replaced.
    """
    schemas = openapi.get("components", {}).get("schemas", {})
    for model in _answer_models(routes):
        described = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, schema in [(model.__name__, described), *described.get("$defs", {}).items()]:
            if "examples" in schema and "examples" in schemas.get(name, {}):
                schemas[name]["examples"] = schema["examples"]


def _answer_models(routes: Sequence[BaseRoute]) -> Iterator[type[BaseModel]]:
    for context in iter_route_contexts(routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or not context.include_in_schema:
            continue
        for model in (route.response_model, *(answer.get("model") for answer in route.responses.values())):
            if isinstance(model, type) and issubclass(model, BaseModel):
                yield model
