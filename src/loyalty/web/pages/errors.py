"""The page refusals as pages: sign in first, not allowed, form expired, not found."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.web.pages.render import gettext, is_htmx, redirect, render
from loyalty.web.pages.signed_in import CsrfRefused, PageForbidden, SignInRequired

SIGN_IN_PAGES = {"admin": "/admin/sign-in", "pos": "/pos/sign-in", "app": "/app/sign-in"}


def _sign_in_required(request: Request, error: Exception) -> Response:
    assert isinstance(error, SignInRequired)
    target = SIGN_IN_PAGES[error.face]
    back = request.url.path if request.method == "GET" and not is_htmx(request) else ""
    return redirect(request, f"{target}?next={quote(back, safe='/')}" if back else target)


def _forbidden(request: Request, _error: Exception) -> Response:
    return render(request, "pages/message.html", {
        "title": gettext(request, "Not allowed"),
        "message": gettext(request, "Your role does not allow this. Ask the program's owner if you need it.")},
        status=403)


def _csrf_refused(request: Request, _error: Exception) -> Response:
    return render(request, "pages/message.html", {
        "title": gettext(request, "This form has expired"),
        "message": gettext(request, "Nothing was changed. Go back, reload the page and try again.")},
        status=403)


def not_found(request: Request) -> Response:
    return render(request, "pages/message.html", {
        "title": gettext(request, "Not found"), "message": gettext(request, "There is nothing here.")}, status=404)


def install(app: FastAPI) -> None:
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(PageForbidden, _forbidden)
    app.add_exception_handler(CsrfRefused, _csrf_refused)
