"""Answering with a page: render a template with what every page needs, redirect after a
post (with a one-time notice), and set or clear the session cookies."""

from __future__ import annotations

import re
from typing import Any

from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.requests import Request

from loyalty.config import Settings
from loyalty.web.pages.i18n import translations
from loyalty.web.pages.security import PAGE_HEADERS
from loyalty.web.pages.signed_in import (
    LANGUAGE_COOKIE,
    MEMBER_COOKIE,
    MEMBER_COOKIE_PATH,
    STAFF_COOKIE,
    MemberContext,
    StaffContext,
    choose_language,
)
from loyalty.web.pages.signing import Signer
from loyalty.web.pages.templating import render_template

NOTICE_COOKIE = "loyalty_notice"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # C0 controls (CR, LF, TAB, ...) and DEL
_NOTICE_PURPOSE = b"loyalty.web.pages.notice.v1"


def is_https(request: Request) -> bool:
    settings: Settings = request.app.state.settings
    return request.url.scheme == "https" or settings.public_url.startswith("https://")


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def page_language(request: Request) -> str:
    context = getattr(request.state, "page_context", None)
    return context.language if context is not None else choose_language(request)


def gettext(request: Request, message: str, **values: Any) -> str:
    """`message` in the page's language (for text made in Python: notices, errors)."""
    text = translations(page_language(request)).gettext(message)
    return text % values if values else text


def render(request: Request, template: str, context: dict[str, Any] | None = None, *, status: int = 200,
           headers: dict[str, str] | None = None) -> HTMLResponse:
    """`template` with the signed-in person (`me`), their CSRF token, the page's language, the
    path (for the navigation) and the one-time notice, if a redirect left one."""
    me: StaffContext | MemberContext | None = getattr(request.state, "page_context", None)
    language = page_language(request)
    notice = _read_notice(request)
    html = render_template(language, template, {
        "me": me, "csrf_token": me.csrf_token if me else "", "path": request.url.path,
        "query": request.url.query, "notice": notice, "htmx": is_htmx(request), **(context or {})})
    response = HTMLResponse(html, status_code=status, headers={**PAGE_HEADERS, **(headers or {})})
    if notice is not None:
        response.delete_cookie(NOTICE_COOKIE, path="/", httponly=True, samesite="lax", secure=is_https(request))
    return response


def redirect(request: Request, url: str, *, notice: str | None = None) -> Response:
    """303 to `url` (a local path); for HTMX, `HX-Redirect` so the whole page moves. Anything
    else (another site, or control characters that could split or bend a header) goes to `/`."""
    if not url.startswith("/") or url.startswith("//") or _CONTROL.search(url):
        url = "/"
    response: Response
    if is_htmx(request):
        response = Response(status_code=200, headers={**PAGE_HEADERS, "HX-Redirect": url})
    else:
        response = RedirectResponse(url, status_code=303, headers=PAGE_HEADERS)
    if notice is not None:
        response.set_cookie(NOTICE_COOKIE, _sign(request, notice), max_age=120, path="/", httponly=True,
                            samesite="lax", secure=is_https(request))
    return response


def set_staff_cookie(request: Request, response: Response, token: str, max_age: int) -> None:
    response.set_cookie(STAFF_COOKIE, token, max_age=max_age, path="/", httponly=True, samesite="lax",
                        secure=is_https(request))


def set_member_cookie(request: Request, response: Response, token: str, max_age: int) -> None:
    response.set_cookie(MEMBER_COOKIE, token, max_age=max_age, path=MEMBER_COOKIE_PATH, httponly=True,
                        samesite="lax", secure=is_https(request))


def clear_staff_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(STAFF_COOKIE, path="/", httponly=True, samesite="lax", secure=is_https(request))


def clear_member_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(MEMBER_COOKIE, path=MEMBER_COOKIE_PATH, httponly=True, samesite="lax",
                           secure=is_https(request))


def set_language_cookie(request: Request, response: Response, language: str) -> None:
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, path="/", samesite="lax",
                        secure=is_https(request))


def local_path(candidate: str | None, default: str) -> str:
    """`candidate` if it is a path on this site (never another site's address), else `default`."""
    if candidate and candidate.startswith("/") and not candidate.startswith("//") and "\\" not in candidate:
        return candidate
    return default


def _notice_signer(request: Request) -> Signer:
    settings: Settings = request.app.state.settings
    secret = settings.security.secret_key.get_secret_value() if settings.security.secret_key else ""
    return Signer(secret, _NOTICE_PURPOSE)


def _sign(request: Request, text: str) -> str:
    return _notice_signer(request).dump(text[:300])


def _read_notice(request: Request) -> str | None:
    text = _notice_signer(request).load(request.cookies.get(NOTICE_COOKIE))
    return text if isinstance(text, str) else None
