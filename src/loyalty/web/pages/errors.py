"""The page refusals as pages: sign in first, not allowed, form expired, not found.

Under the faces' paths, a request FastAPI refuses before the handler (an id in the path beyond
BIGINT, see forms.PathId) and an address no route has are the "not found" page too, not the
API's JSON; everywhere else the API's own handlers answer as before.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException
from starlette.requests import Request

from loyalty.web.pages.render import gettext, is_htmx, redirect, render
from loyalty.web.pages.signed_in import CsrfRefused, PageForbidden, SignInRequired

SIGN_IN_PAGES = {"admin": "/admin/sign-in", "pos": "/pos/sign-in", "app": "/app/sign-in"}
PAGE_PREFIXES = ("/admin", "/pos", "/app")
Handler = Callable[[Request, Exception], "Response | Awaitable[Response]"]


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


def is_page_path(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in PAGE_PREFIXES)


def _pages_first(api_handler: Handler | None, *, only_404: bool = False) -> Handler:
    """The "not found" page for a face's path; the API's handler for everything else."""

    async def handle(request: Request, error: Exception) -> Response:
        is_404 = isinstance(error, HTTPException) and error.status_code == 404
        if is_page_path(request.url.path) and (is_404 or not only_404):
            return not_found(request)
        if api_handler is None:
            raise error
        answer = api_handler(request, error)
        return await answer if inspect.isawaitable(answer) else answer

    return handle


def install(app: FastAPI) -> None:
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(PageForbidden, _forbidden)
    app.add_exception_handler(CsrfRefused, _csrf_refused)
    # Installed after web/errors.py (faces go on after the API): wraps its handlers.
    app.add_exception_handler(RequestValidationError,
                              _pages_first(app.exception_handlers.get(RequestValidationError)))
    app.add_exception_handler(HTTPException, _pages_first(app.exception_handlers.get(HTTPException), only_404=True))
