"""The interactive API docs (/docs, Swagger UI; /redoc, ReDoc), served from copies installed
with the package (`fastapi-offline` carries them) rather than FastAPI's default CDN, so the
docs work on a machine without internet and load nothing from elsewhere."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request
from starlette.responses import HTMLResponse

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
