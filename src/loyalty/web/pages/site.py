"""What belongs to no one face: `/` (members to the app, staff to their face), the language
switch, and the static files of every face (`web/<face>/static` at `/static/<face>`)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.staticfiles import StaticFiles

from loyalty.auth.roles import VIEW_PANEL
from loyalty.web.pages.i18n import WEB_ROOT, supported
from loyalty.web.pages.render import local_path, redirect, set_language_cookie
from loyalty.web.pages.signed_in import load_staff

router = APIRouter(include_in_schema=False)


@router.get("/")
async def home(request: Request) -> Response:
    """Staff signed in go to their face; everyone else to the member app."""
    staff = await run_in_threadpool(load_staff, request) if request.cookies.get("loyalty_staff") else None
    if staff is None:
        return redirect(request, "/app")
    return redirect(request, "/admin" if staff.may(VIEW_PANEL) else "/pos")


@router.get("/lang/{language}")
def choose_language(request: Request, language: str, next: str = "/") -> Response:  # noqa: A002
    """The person's choice of language, kept in a cookie; it wins over the browser's."""
    response = redirect(request, local_path(next, "/"))
    chosen = supported(language)
    if chosen is not None:
        set_language_cookie(request, response, chosen)
    return response


class _StaticFiles(StaticFiles):
    """Static files that may be cached for an hour and are never sniffed as another type."""

    def file_response(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "public, max-age=3600"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def mount_static(app: FastAPI) -> None:
    for folder in sorted(WEB_ROOT.glob("*/static")):
        app.mount(f"/static/{folder.parent.name}", _StaticFiles(directory=folder), name=f"static-{folder.parent.name}")
