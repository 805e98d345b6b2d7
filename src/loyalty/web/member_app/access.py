"""Member sign-in, sign-up and sign-out for the member app.

Sign-in by e-mail: the member types their address and gets a one-time code and link by e-mail
(member_access/service.py); the page answers the same whether or not the address is a member's.
Or they type the password they chose. The forms before sign-in are protected against login
CSRF by a double-submit token (a cookie set with the form, and the same value in the form), as
the staff sign-in is. Attempts are rate-limited per address and per e-mail. Every sign-in
starts a new session; signing out ends it on the server.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from loyalty.auth import page_sessions
from loyalty.config import Settings
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Conflict, DomainError, RateLimited
from loyalty.mail import Mailer, Message, mailer_from
from loyalty.member_access import service as access
from loyalty.members.domain import normalize_email
from loyalty.members.schemas import CHANNELS
from loyalty.programs.models import Program
from loyalty.web.deps import get_database
from loyalty.web.pages.forms import Form, read_form
from loyalty.web.pages.limits import client_ip, member_sign_in_limiter
from loyalty.web.pages.render import (
    clear_member_cookie,
    gettext,
    is_https,
    local_path,
    page_language,
    redirect,
    render,
    set_member_cookie,
)
from loyalty.web.pages.signed_in import MEMBER_COOKIE, MemberContext, load_member, member

router = APIRouter(prefix="/app")
log = logging.getLogger("loyalty.member_app")
PRE_COOKIE = "loyalty_app_pre"
Member = Annotated[MemberContext, Depends(member())]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _page(request: Request, template: str, context: dict[str, Any], *, status: int = 200) -> Response:
    """A page before sign-in, with a fresh double-submit token in its forms and its cookie."""
    pre_token = secrets.token_urlsafe(24)
    response = render(request, template, {"pre_token": pre_token, **context}, status=status)
    response.set_cookie(PRE_COOKIE, pre_token, max_age=3600, path="/app", httponly=True, samesite="lax",
                        secure=is_https(request))
    return response


def _pre_token_matches(request: Request, form: Form) -> bool:
    expected = request.cookies.get(PRE_COOKIE, "")
    return bool(expected) and hmac.compare_digest(expected.encode(), form.get("csrf_token").encode())


def _expired(request: Request, template: str, context: dict[str, Any]) -> Response:
    return _page(request, template, {**context, "error": gettext(request, "This form has expired. Please try again.")},
                 status=403)


def limit_key(email: str) -> str:
    """The per-e-mail limit's key: the address as the member look-up normalizes it (fullwidth
    letters, the ideographic full stop, case), so every spelling of one mailbox shares one limit;
    the lowered text when it is no valid address (it then finds no member either)."""
    try:
        return normalize_email(email)
    except ValueError:
        return email.strip().lower() or "-"


def _limited(request: Request, template: str, context: dict[str, Any], email: str) -> Response | None:
    """429 when this address (by `limit_key`) or this client has tried too often; None otherwise."""
    try:
        member_sign_in_limiter(request).attempt(client_ip=client_ip(request), key=limit_key(email))
    except RateLimited as limited:
        seconds = limited.details["retry_after"]
        response = _page(request, template, {**context, "error": gettext(
            request, "Too many attempts. Please wait %(seconds)s seconds and try again.", seconds=seconds)},
            status=429)
        response.headers["Retry-After"] = str(seconds)
        return response
    return None


def _signed_in(request: Request, program_id: int, member_id: int, next_path: str = "") -> Response:
    """Starts a new session (in its own unit of work, after the sign-in's) and sets its cookie.
    A member session the browser still presented ends: its cookie opens nothing any more."""
    with unit_of_work(get_database(request)) as db:
        access.end_member_session(session=db, token=request.cookies.get(MEMBER_COOKIE))
        started = page_sessions.start(session=db, program_id=program_id, member_id=member_id)
        max_age = int((started.session.expires_at - started.session.created_at).total_seconds())
    response = redirect(request, local_path(next_path, "/app"))
    set_member_cookie(request, response, started.token, max_age)
    response.delete_cookie(PRE_COOKIE, path="/app", httponly=True, samesite="lax", secure=is_https(request))
    return response


def _program(request: Request) -> Program:
    with unit_of_work(get_database(request), read_only=True) as db:
        program = access.app_program(session=db, program_id=_settings(request).app_program_id)
        db.expunge(program)
        return program


def _code_sent(request: Request, issued: access.IssuedCode | None, *, email: str, next_path: str) -> Response:
    """The "check your e-mail" page, with the e-mail sent after the answer (a background task, after
    the commit that stored the code's hash): an address that is a member's answers as fast as one
    that is not, whatever the mail server's delay. A failure to send is logged, never shown."""
    response = _code_page(request, email=email, next_path=next_path)
    if issued is None:
        return response
    settings = _settings(request)
    link = f"{settings.public_url}/app/sign-in/link/{issued.link_token}"
    text = gettext(request, "Hello %(name)s,\n\nyour sign-in code is %(code)s.\n\nOr open this link to sign in:\n"
                            "%(link)s\n\nThe code and the link work once, for 15 minutes. If you did not ask "
                            "for them, ignore this message.", name=issued.name or issued.email, code=issued.code,
                   link=link)
    # The code is in the body only: a subject shows on lock screens and in mail logs.
    message = Message(to=issued.email, subject=gettext(request, "Your sign-in code"), text=text)
    response.background = BackgroundTask(_send, mailer_from(settings.mail), message, issued.member_id)
    return response


def _send(mailer: Mailer, message: Message, member_id: int) -> None:
    try:
        mailer.send(message)
    except Exception:  # noqa: BLE001 - any mail failure is the operator's to see in the log
        log.exception("could not send the sign-in code to member %s", member_id)


# --- sign-in -----------------------------------------------------------------------------------


@router.get("/sign-in")
def sign_in_page(request: Request, next: str = "") -> Response:  # noqa: A002 - the query's name
    if request.cookies.get(MEMBER_COOKIE) and load_member(request) is not None:
        return redirect(request, local_path(next, "/app"))  # signed in already
    return _page(request, "app/sign_in.html", {"title": gettext(request, "Sign in"), "error": None, "email": "",
                                               "next": local_path(next, "")})


@router.post("/sign-in")
async def ask_for_code(request: Request) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_ask_for_code, request, form)


def _ask_for_code(request: Request, form: Form) -> Response:
    email, next_path = form.text("email").lower(), local_path(form.get("next"), "")
    context = {"title": gettext(request, "Sign in"), "error": None, "email": email, "next": next_path}
    if not _pre_token_matches(request, form):
        return _expired(request, "app/sign_in.html", context)
    if not email:
        return _page(request, "app/sign_in.html", {**context, "error": gettext(request, "Enter your e-mail.")},
                     status=422)
    limited = _limited(request, "app/sign_in.html", context, email)
    if limited is not None:
        return limited
    program = _program(request)
    with unit_of_work(get_database(request)) as db:
        issued = access.request_code(session=db, program=program, email=email)
    return _code_sent(request, issued, email=email, next_path=next_path)


def _code_page(request: Request, *, email: str, next_path: str, error: str | None = None,
               status: int = 200) -> Response:
    return _page(request, "app/sign_in_code.html", {
        "title": gettext(request, "Check your e-mail"), "email": email, "next": next_path, "error": error},
        status=status)


@router.post("/sign-in/code")
async def enter_code(request: Request) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_enter_code, request, form)


def _enter_code(request: Request, form: Form) -> Response:
    email, code = form.text("email").lower(), form.text("code").replace(" ", "")
    next_path = local_path(form.get("next"), "")
    if not _pre_token_matches(request, form):
        return _code_page(request, email=email, next_path=next_path, status=403,
                          error=gettext(request, "This form has expired. Please try again."))
    context = {"title": gettext(request, "Check your e-mail"), "email": email, "next": next_path, "error": None}
    limited = _limited(request, "app/sign_in_code.html", context, email)
    if limited is not None:
        return limited
    program = _program(request)
    with unit_of_work(get_database(request)) as db:
        try:
            member_id = access.sign_in_with_code(session=db, program=program, email=email, code=code)
        except access.SignInRefused:
            db.commit()  # the wrong try counts
            return _code_page(request, email=email, next_path=next_path, status=401, error=gettext(
                request, "The code is wrong or has expired. Check the newest e-mail, or ask for a new code."))
    return _signed_in(request, program.id, member_id, next_path)


def _link_refused(request: Request) -> Response:
    return _page(request, "app/sign_in.html", {
        "title": gettext(request, "Sign in"), "email": "", "next": "", "error": gettext(
            request, "This sign-in link is not valid any more. Ask for a new code below.")}, status=401)


@router.get("/sign-in/link/{token}")
def link_page(request: Request, token: str) -> Response:
    """Asks "sign in as ...?" with a button: opening the link changes nothing (a mail scanner that
    opens it uses up neither the link nor the code), and a link someone else sent cannot sign
    this browser in without the member pressing the button (login CSRF)."""
    program = _program(request)
    with unit_of_work(get_database(request), read_only=True) as db:
        try:
            email = access.link_member_email(session=db, program=program, token=token)
        except access.SignInRefused:
            return _link_refused(request)
    response = _page(request, "app/sign_in_link.html", {"title": gettext(request, "Sign in"), "email": email,
                                                        "token": token})
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@router.post("/sign-in/link/{token}")
async def follow_link(request: Request, token: str) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_follow_link, request, form, token)


def _follow_link(request: Request, form: Form, token: str) -> Response:
    if not _pre_token_matches(request, form):
        return _expired(request, "app/sign_in.html", {"title": gettext(request, "Sign in"), "email": "",
                                                      "next": ""})
    program = _program(request)
    with unit_of_work(get_database(request)) as db:
        try:
            member_id = access.sign_in_with_link(session=db, program=program, token=token)
        except access.SignInRefused:
            return _link_refused(request)
    return _signed_in(request, program.id, member_id)


@router.post("/sign-in/password")
async def password_sign_in(request: Request) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_password_sign_in, request, form)


def _password_sign_in(request: Request, form: Form) -> Response:
    email, password = form.text("email").lower(), form.get("password")
    next_path = local_path(form.get("next"), "")
    context = {"title": gettext(request, "Sign in"), "error": None, "email": email, "next": next_path}
    if not _pre_token_matches(request, form):
        return _expired(request, "app/sign_in.html", context)
    if not email or not password:
        return _page(request, "app/sign_in.html", {
            **context, "error": gettext(request, "Enter your e-mail and password.")}, status=422)
    limited = _limited(request, "app/sign_in.html", context, email)
    if limited is not None:
        return limited
    program = _program(request)
    with unit_of_work(get_database(request)) as db:
        try:
            member_id = access.sign_in_with_password(session=db, program=program, email=email, password=password)
        except access.SignInRefused:
            db.commit()  # the failure count and any lock-out are kept
            # One answer for a wrong password, a locked one and an address with none: it never
            # tells who has set a password.
            return _page(request, "app/sign_in.html", {**context, "error": gettext(
                request, "The e-mail or the password is wrong.")}, status=401)
    return _signed_in(request, program.id, member_id, next_path)


# --- sign-up -----------------------------------------------------------------------------------


def _sign_up_context(request: Request, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    return {"title": gettext(request, "Join"), "values": values, "errors": errors, "channels": CHANNELS}


@router.get("/sign-up")
def sign_up_page(request: Request, referral_code: str = "") -> Response:
    """`referral_code` fills the form's field: a member's shared link (/r/CODE) leads here with it
    when the referral programme's signup page is set to {public_url}/app/sign-up."""
    return _page(request, "app/sign_up.html", _sign_up_context(request, {"referral_code": referral_code[:32]}, {}))


@router.post("/sign-up")
async def sign_up(request: Request) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_sign_up, request, form)


def _sign_up(request: Request, form: Form) -> Response:
    values = {name: form.text(name) for name in ("email", "first_name", "last_name", "referral_code")}
    values.update({f"consent_{channel}": form.get(f"consent_{channel}") for channel in CHANNELS})
    if not _pre_token_matches(request, form):
        return _page(request, "app/sign_up.html", {**_sign_up_context(request, values, {}), "error": gettext(
            request, "This form has expired. Please try again.")}, status=403)
    errors: dict[str, str] = {}
    if not values["email"]:
        errors["email"] = gettext(request, "Enter your e-mail.")
    if not values["first_name"]:
        errors["first_name"] = gettext(request, "Enter your first name.")
    for channel in CHANNELS:
        if values[f"consent_{channel}"] not in ("yes", "no"):
            errors[f"consent_{channel}"] = gettext(request, "Choose yes or no.")
    if not form.checked("terms"):
        errors["terms"] = gettext(request, "You need to accept the program's terms to join.")
    if errors:
        return _page(request, "app/sign_up.html", _sign_up_context(request, values, errors), status=422)
    limited = _limited(request, "app/sign_up.html", _sign_up_context(request, values, {}), values["email"])
    if limited is not None:
        return limited
    program = _program(request)
    data = access.SignUp(email=values["email"], first_name=values["first_name"],
                         last_name=values["last_name"] or None, referral_code=values["referral_code"] or None,
                         consents={channel: values[f"consent_{channel}"] == "yes" for channel in CHANNELS},
                         preferred_language=page_language(request))
    try:
        with unit_of_work(get_database(request)) as db:
            access.sign_up(session=db, program=program, data=data)
    except Conflict as conflict:
        if conflict.code != "member_exists":
            raise
        # Someone with this address is a member already: they get a sign-in code, and the page
        # looks as after a new sign-up, so it never tells who is a member.
    except (DomainError, ValidationError) as problem:
        return _page(request, "app/sign_up.html", _sign_up_context(request, values, _sign_up_errors(request, problem)),
                     status=422)
    with unit_of_work(get_database(request)) as db:
        issued = access.request_code(session=db, program=program, email=values["email"])
    return _code_sent(request, issued, email=values["email"].lower(), next_path="")


def _sign_up_errors(request: Request, problem: DomainError | ValidationError) -> dict[str, str]:
    """What to show beside which field of the sign-up form."""
    if isinstance(problem, DomainError):
        fields = {problem.field or "email": problem.code}
    else:
        fields = {str(error["loc"][0]): "invalid" for error in problem.errors() if error.get("loc")}
    errors: dict[str, str] = {}
    for field, code in fields.items():
        if code in ("unknown_referral_code", "own_referral_code") or field == "referral_code":
            errors["referral_code"] = gettext(request, "No member has this referral code. Check it, or leave it "
                                                       "empty.")
        elif field in ("first_name", "last_name"):
            errors[field] = gettext(request, "Check your name: at most 100 characters.")
        else:
            errors["email"] = gettext(request, "Enter a valid e-mail address.")
    return errors


# --- sign-out ----------------------------------------------------------------------------------


@router.post("/sign-out")
def sign_out(request: Request, me: Member) -> Response:
    """Ends the session on the server: its cookie opens nothing afterwards."""
    with unit_of_work(get_database(request)) as db:
        page_sessions.end(session=db, token=request.cookies.get(MEMBER_COOKIE))
    response = redirect(request, "/app/sign-in", notice=gettext(request, "You have signed out."))
    clear_member_cookie(request, response)
    return response
