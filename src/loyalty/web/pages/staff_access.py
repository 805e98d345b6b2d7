"""Staff sign-in and sign-out, shared by the admin panel (/admin/sign-in) and the POS screen
(/pos/sign-in).

The sign-in form is protected against login CSRF by a double-submit token (a cookie set with
the form, and the same value in it). Attempts are rate-limited per address and per e-mail
(back-off), and the account locks after repeated wrong passwords (auth/staff.py). A successful
sign-in always starts a new session with a new CSRF token and ends the one the browser's
cookie held before, if any; signing out ends it on the server.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from loyalty.auth import page_sessions, staff
from loyalty.auth.roles import USE_POS, VIEW_PANEL, may
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import RateLimited
from loyalty.web.deps import get_database
from loyalty.web.pages.forms import Form, read_form
from loyalty.web.pages.limits import client_ip, staff_sign_in_limiter
from loyalty.web.pages.render import (
    clear_staff_cookie,
    gettext,
    is_https,
    local_path,
    redirect,
    render,
    set_staff_cookie,
)
from loyalty.web.pages.signed_in import STAFF_COOKIE

router = APIRouter(include_in_schema=False)
PRE_SESSION_COOKIE = "loyalty_pre"
Face = Literal["admin", "pos"]
HOME = {"admin": "/admin", "pos": "/pos"}


def _sign_in_page(request: Request, face: str, *, error: str | None = None, email: str = "", next_path: str = "",
                  status: int = 200) -> Response:
    pre_token = secrets.token_urlsafe(24)
    response = render(request, "pages/staff_sign_in.html", {
        "face": face, "error": error, "email": email, "next": next_path, "pre_token": pre_token}, status=status)
    response.set_cookie(PRE_SESSION_COOKIE, pre_token, max_age=3600, path="/", httponly=True, samesite="lax",
                        secure=is_https(request))
    return response


@router.get("/admin/sign-in")
def admin_sign_in_page(request: Request, next: str = "") -> Response:  # noqa: A002 - the query's name
    return _sign_in_page(request, "admin", next_path=local_path(next, ""))


@router.get("/pos/sign-in")
def pos_sign_in_page(request: Request, next: str = "") -> Response:  # noqa: A002
    return _sign_in_page(request, "pos", next_path=local_path(next, ""))


@router.post("/admin/sign-in")
async def admin_sign_in(request: Request) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_sign_in, request, "admin", form)


@router.post("/pos/sign-in")
async def pos_sign_in(request: Request) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_sign_in, request, "pos", form)


def _sign_in(request: Request, face: str, form: Form) -> Response:
    email, password = form.text("email").lower(), form.get("password")
    next_path = local_path(form.get("next"), "")
    expected = request.cookies.get(PRE_SESSION_COOKIE, "")
    if not expected or not hmac.compare_digest(expected.encode(), form.get("csrf_token").encode()):
        return _sign_in_page(request, face, error=gettext(request, "This form has expired. Please try again."),
                             email=email, next_path=next_path, status=403)
    if not email or not password:
        return _sign_in_page(request, face, error=gettext(request, "Enter your e-mail and password."),
                             email=email, next_path=next_path, status=422)
    try:
        staff_sign_in_limiter(request).attempt(client_ip=client_ip(request), key=email)
    except RateLimited as limited:
        seconds = limited.details["retry_after"]
        response = _sign_in_page(request, face, email=email, next_path=next_path, status=429, error=gettext(
            request, "Too many attempts. Please wait %(seconds)s seconds and try again.", seconds=seconds))
        response.headers["Retry-After"] = str(seconds)
        return response
    with unit_of_work(get_database(request)) as db:
        try:
            user = staff.authenticate(session=db, email=email, password=password)
        except staff.SignInRefused:
            db.commit()  # the failure count and any lock-out are kept
            # One answer for every refusal, a lock-out too: nothing tells which e-mails exist.
            return _sign_in_page(request, face, error=gettext(request, "The e-mail or the password is wrong."),
                                 email=email, next_path=next_path, status=401)
        role = user.role
        # The browser's older session (another user's, or this one's) ends: one cookie, one session.
        page_sessions.end(session=db, token=request.cookies.get(STAFF_COOKIE))
        started = page_sessions.start(session=db, program_id=user.program_id, staff_user_id=user.id)
        max_age = int((started.session.expires_at - started.session.created_at).total_seconds())
    # A cashier only ever has the POS; everyone else lands where they were going, or on their face's home.
    if not may(role, VIEW_PANEL):
        target = "/pos"
    elif face == "pos" and not may(role, USE_POS):
        target = "/admin"
    else:
        target = next_path or HOME[face]
    response = redirect(request, target)
    set_staff_cookie(request, response, started.token, max_age)
    response.delete_cookie(PRE_SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=is_https(request))
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    """Ends the staff session on the server (its cookie opens nothing afterwards)."""
    form = await read_form(request)
    return await run_in_threadpool(_sign_out, request, form)


def _sign_out(request: Request, form: Form) -> Response:
    token = request.cookies.get(STAFF_COOKIE)
    face = "pos" if form.get("face") == "pos" else "admin"
    with unit_of_work(get_database(request)) as db:
        current = page_sessions.current(session=db, token=token)
        if current is not None:
            if not hmac.compare_digest(current.csrf_token.encode(), form.get("csrf_token").encode()):
                return redirect(request, HOME[face])
            page_sessions.end(session=db, token=token)
    response = redirect(request, f"/{face}/sign-in", notice=gettext(request, "You have signed out."))
    clear_staff_cookie(request, response)
    return response
