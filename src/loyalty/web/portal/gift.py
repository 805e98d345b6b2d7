"""The gift page: a person who is not a member signs in with a gift voucher's code or a bonus
card's number and PIN, sees the rewards the balance pays for, picks one, gives a delivery
address for a physical item, and gets a receipt.

Plain server-rendered HTML forms (they work without JavaScript). Every POST carries the
session's CSRF token; the session cookie holds only the voucher's id (web/portal/session.py),
and every page shows only that voucher's data: anything else is a 404. Sign-in attempts are
rate-limited per client address and per code prefix or card number (web/portal/limits.py).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import jinja2
from fastapi import APIRouter, Request
from fastapi import Path as PathParameter
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from loyalty.config import Settings
from loyalty.db.uow import unit_of_work
from loyalty.gift_vouchers import domain as gift_domain
from loyalty.gift_vouchers import service
from loyalty.gift_vouchers.domain import SignInRefused
from loyalty.gift_vouchers.schemas import GiftHolderRead, GiftRedemptionCreate
from loyalty.kernel.errors import Conflict, DomainError, Invalid, NotFound, RateLimited
from loyalty.members.schemas import MAX_ID
from loyalty.rewards.schemas import LANGUAGE_PATTERN
from loyalty.web.deps import get_database
from loyalty.web.portal.limits import sign_in_limiter
from loyalty.web.portal.session import (
    COOKIE_NAME,
    COOKIE_PATH,
    MAX_AGE_SECONDS,
    GiftSession,
    SessionCodec,
    new_session,
)
from loyalty.web.portal.texts import EN, STATUS_LABELS

PageId = Annotated[int, PathParameter(ge=1, le=MAX_ID)]  # beyond BIGINT is refused, not a crash
router = APIRouter(prefix="/gift", include_in_schema=False)

HERE = Path(__file__).parent
STATIC = HERE / "static"
MAX_FORM_BYTES = 16 * 1024
MAX_FORM_FIELDS = 40
# Only these notices are shown from the query string: nothing a link can make the page say.
NOTICES = {"signed_out": "signed_out", "session_expired": "session_expired", "gift_unusable": "gift_unusable"}
ADDRESS_FIELDS = ("line1", "line2", "postal_code", "city", "country")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' https: data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    # Pages show a person's balance and address: no shared cache keeps them.
    "Cache-Control": "no-store",
}

T = TypeVar("T")


def _date(value: datetime | None, timezone: str = "UTC") -> str:
    return "" if value is None else value.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d")


def _points(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.filters["date"] = _date
templates.filters["points"] = _points
templates.globals.update(t=EN, status_labels=STATUS_LABELS)


# --- plumbing: settings, session cookie, forms, rendering ---------------------------------------


def _codec(request: Request) -> SessionCodec | None:
    """The app's cookie signer, or None when the server has no secret key (the pages then say so)."""
    state = request.app.state
    codec: SessionCodec | None = getattr(state, "gift_session_codec", None)
    if codec is None:
        settings: Settings = state.settings
        if settings.security.secret_key is None:
            return None
        codec = SessionCodec(settings.security.secret_key.get_secret_value())
        state.gift_session_codec = codec
    return codec


def _is_https(request: Request) -> bool:
    settings: Settings = request.app.state.settings
    return request.url.scheme == "https" or settings.public_url.startswith("https://")


def _current(request: Request, codec: SessionCodec) -> GiftSession | None:
    return codec.load(request.cookies.get(COOKIE_NAME))


def _render(request: Request, codec: SessionCodec | None, template: str, *, session: GiftSession | None,
            status: int = 200, **context: Any) -> HTMLResponse:
    html = templates.get_template(template).render(
        csrf_token=session.csrf_token if session else "", holder=context.pop("holder", None), **context)
    response = HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
    if session is not None and codec is not None:
        _set_cookie(request, response, codec, session)
    return response


def _set_cookie(request: Request, response: Response, codec: SessionCodec, session: GiftSession) -> None:
    """Every page renews the session: it ends an hour after the person last did something."""
    response.set_cookie(COOKIE_NAME, codec.dump(session.renewed()), max_age=MAX_AGE_SECONDS, path=COOKIE_PATH,
                        httponly=True, samesite="lax", secure=_is_https(request))


def _redirect(request: Request, url: str, *, codec: SessionCodec | None = None,
              session: GiftSession | None = None, clear: bool = False) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303, headers=SECURITY_HEADERS)
    if clear:
        response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, httponly=True, samesite="lax",
                               secure=_is_https(request))
    elif session is not None and codec is not None:
        _set_cookie(request, response, codec, session)
    return response


def _unavailable(request: Request) -> HTMLResponse:
    return _render(request, None, "gift/message.html", session=None, status=503, title=EN["unavailable_title"],
                   message=EN["unavailable"])


def _not_found(request: Request, codec: SessionCodec, session: GiftSession, holder: GiftHolderRead | None) -> Response:
    return _render(request, codec, "gift/message.html", session=session, status=404, holder=holder,
                   title=EN["not_found_title"], message=EN["not_found"], back=True)


async def _form(request: Request) -> dict[str, str]:
    """The fields of a urlencoded form (first value of each); empty for anything else, which
    then fails its CSRF check like any forged post."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if content_type != "application/x-www-form-urlencoded" or len(body) > MAX_FORM_BYTES:
        return {}
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError):
        return {}
    return {name: values[0] for name, values in parsed.items()}


def _language(request: Request) -> str | None:
    """The first language the browser asks for ("pl" of "pl-PL,pl;q=0.9,en;q=0.8")."""
    first = request.headers.get("accept-language", "").split(",")[0].split(";")[0].strip()
    return first if first and first != "*" and len(first) <= 16 else None


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _read(request: Request, work: Callable[[Any], T]) -> T:
    with unit_of_work(get_database(request), read_only=True) as session:
        return work(session)


def _write(request: Request, work: Callable[[Any], T]) -> T:
    with unit_of_work(get_database(request)) as session:
        return work(session)


def _signed_in(request: Request) -> tuple[SessionCodec, GiftSession] | Response:
    """The codec and a signed-in session, or the response that sends the person to sign in."""
    codec = _codec(request)
    if codec is None:
        return _unavailable(request)
    session = _current(request, codec)
    if session is None or session.voucher_id is None:
        return _redirect(request, "/gift?notice=session_expired", clear=True)
    return codec, session


def _gone(request: Request) -> Response:
    """The signed-in gift can no longer be used (expired, cancelled, blocked): sign it out."""
    return _redirect(request, "/gift?notice=gift_unusable", clear=True)


# --- signing in and out -------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def sign_in_page(request: Request, notice: str | None = None) -> Response:
    codec = _codec(request)
    if codec is None:
        return _unavailable(request)
    session = _current(request, codec)
    if session is not None and session.voucher_id is not None:
        return _redirect(request, "/gift/catalogue")
    message_key = NOTICES.get(notice or "")
    message = EN[message_key] if message_key else None
    return _render(request, codec, "gift/sign_in.html", session=session or new_session(), notice=message,
                   error=None)


@router.post("", response_class=HTMLResponse)
async def sign_in(request: Request) -> Response:
    codec = _codec(request)
    if codec is None:
        return _unavailable(request)
    form = await _form(request)
    # The rest waits on the rate-limit store (Redis, when shared), the database and Argon2: off the event loop.
    return await run_in_threadpool(_sign_in, request, codec, form)


def _sign_in(request: Request, codec: SessionCodec, form: dict[str, str]) -> Response:
    session = _current(request, codec)
    if session is None or not session.checks(form.get("csrf_token")):
        return _render(request, codec, "gift/sign_in.html", session=new_session(), status=400, notice=None,
                       error=EN["form_expired"])
    secret, pin = form.get("code", "").strip(), form.get("pin", "").strip()
    if not secret:
        return _render(request, codec, "gift/sign_in.html", session=session, status=422, notice=None,
                       error=EN["code_required"])
    try:
        sign_in_limiter(request).attempt(client_ip=_client_ip(request), code_key=gift_domain.sign_in_key(secret))
    except RateLimited as limited:
        response = _render(request, codec, "gift/sign_in.html", session=session, status=429, notice=None,
                           error=EN["rate_limited"].format(seconds=limited.details["retry_after"]))
        response.headers["Retry-After"] = str(limited.details["retry_after"])
        return response
    try:
        voucher_id = _read(request, lambda db: service.sign_in(session=db, secret=secret, pin=pin or None))
    except SignInRefused as refused:
        return _render(request, codec, "gift/sign_in.html", session=session, status=401, notice=None,
                       error=refused.message)
    return _redirect(request, "/gift/catalogue", codec=codec, session=new_session(voucher_id))


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    codec = _codec(request)
    if codec is None:
        return _unavailable(request)
    form = await _form(request)
    session = _current(request, codec)
    if session is not None and not session.checks(form.get("csrf_token")):
        return _render(request, codec, "gift/message.html", session=session, status=400,
                       title=EN["form_expired"], message=EN["form_expired"], back=True, holder=None)
    return _redirect(request, "/gift?notice=signed_out", clear=True)


# --- the catalogue and one reward ---------------------------------------------------------------


@router.get("/catalogue", response_class=HTMLResponse)
def catalogue_page(request: Request) -> Response:
    signed_in = _signed_in(request)
    if isinstance(signed_in, Response):
        return signed_in
    codec, session = signed_in
    voucher_id = session.voucher_id or 0
    try:
        catalogue, redemptions = _read(request, lambda db: (
            service.catalogue(session=db, voucher_id=voucher_id, language=_language(request)),
            service.holder_redemptions(session=db, voucher_id=voucher_id)))
    except SignInRefused:
        return _gone(request)
    return _render(request, codec, "gift/catalogue.html", session=session, holder=catalogue.holder,
                   items=catalogue.items, redemptions=redemptions, error=None)


def _reward_page(request: Request, codec: SessionCodec, session: GiftSession, voucher_id: int, reward_id: int, *,
                 status: int = 200, error: str | None = None, values: dict[str, str] | None = None,
                 request_key: str | None = None) -> Response:
    try:
        holder, item = _read(request, lambda db: (
            service.holder(session=db, voucher_id=voucher_id),
            service.catalogue_item(session=db, voucher_id=voucher_id, reward_id=reward_id,
                                   language=_language(request))))
    except SignInRefused:
        return _gone(request)
    except NotFound:
        if error is None:
            return _not_found(request, codec, session, None)
        # What was chosen went (out of stock, or the balance no longer pays for it): say why, over the catalogue.
        return _catalogue_with_error(request, codec, session, voucher_id, error, status)
    return _render(request, codec, "gift/reward.html", session=session, status=status, holder=holder, item=item,
                   error=error, values=values or {}, request_key=request_key or secrets.token_urlsafe(24))


def _catalogue_with_error(request: Request, codec: SessionCodec, session: GiftSession, voucher_id: int, error: str,
                          status: int) -> Response:
    try:
        catalogue, redemptions = _read(request, lambda db: (
            service.catalogue(session=db, voucher_id=voucher_id, language=_language(request)),
            service.holder_redemptions(session=db, voucher_id=voucher_id)))
    except SignInRefused:
        return _gone(request)
    return _render(request, codec, "gift/catalogue.html", session=session, status=status, holder=catalogue.holder,
                   items=catalogue.items, redemptions=redemptions, error=error)


@router.get("/rewards/{reward_id:int}", response_class=HTMLResponse)
def reward_page(request: Request, reward_id: PageId) -> Response:
    signed_in = _signed_in(request)
    if isinstance(signed_in, Response):
        return signed_in
    codec, session = signed_in
    return _reward_page(request, codec, session, session.voucher_id or 0, reward_id)


def _redemption_request(form: dict[str, str], *, language: str | None) -> GiftRedemptionCreate:
    """The form as the service's input; the reward page sends `needs_address=1` with the address fields."""
    fields: dict[str, Any] = {"reward_id": form.get("reward_id", ""), "request_key": form.get("request_key", "")}
    if language is not None:
        fields["language"] = language
    if form.get("needs_address") == "1":
        fields["recipient_name"] = form.get("recipient_name", "")
        fields["delivery_address"] = {name: form[name].strip() for name in ADDRESS_FIELDS
                                      if form.get(name, "").strip()}
    try:
        return GiftRedemptionCreate.model_validate_strings(fields)  # a form's fields are text, "7" an id
    except ValidationError as error:
        first = error.errors()[0]
        message = str(first.get("msg", "Invalid value")).removeprefix("Value error, ")
        field = ".".join(str(part) for part in first.get("loc", ()))
        raise Invalid(f"{message[:1].upper()}{message[1:]}.", code="invalid_form", field=field) from None


@router.post("/redeem", response_class=HTMLResponse)
async def redeem(request: Request) -> Response:
    form = await _form(request)
    return await run_in_threadpool(_redeem, request, form)


def _redeem(request: Request, form: dict[str, str]) -> Response:
    signed_in = _signed_in(request)
    if isinstance(signed_in, Response):
        return signed_in
    codec, session = signed_in
    voucher_id = session.voucher_id or 0
    reward_id = int(form["reward_id"]) if form.get("reward_id", "").isdigit() else 0
    if not session.checks(form.get("csrf_token")):
        return _reward_page(request, codec, session, voucher_id, reward_id, status=400, error=EN["form_expired"],
                            values=form)
    try:
        data = _redemption_request(form, language=_language_tag(request))
        redemption = _write(request, lambda db: service.redeem(session=db, voucher_id=voucher_id, data=data))
    except SignInRefused:
        return _gone(request)
    except (Invalid, Conflict, NotFound) as refused:
        if refused.code in ("gift_expired", "gift_cancelled", "gift_blocked"):
            return _gone(request)
        status = 422 if isinstance(refused, Invalid) else 409 if isinstance(refused, Conflict) else 404
        return _reward_page(request, codec, session, voucher_id, reward_id, status=status, error=refused.message,
                            values=form, request_key=form.get("request_key"))
    return _redirect(request, f"/gift/redemptions/{redemption.id}", codec=codec, session=session)


def _language_tag(request: Request) -> str | None:
    language = _language(request)
    return language if language and re.fullmatch(LANGUAGE_PATTERN, language) else None


# --- after redeeming ----------------------------------------------------------------------------


@router.get("/redemptions/{redemption_id:int}", response_class=HTMLResponse)
def confirmation_page(request: Request, redemption_id: PageId) -> Response:
    signed_in = _signed_in(request)
    if isinstance(signed_in, Response):
        return signed_in
    codec, session = signed_in
    voucher_id = session.voucher_id or 0
    try:
        holder, redemption = _read(request, lambda db: (
            service.holder(session=db, voucher_id=voucher_id),
            service.redemption_read(service.holder_redemption(session=db, voucher_id=voucher_id,
                                                              redemption_id=redemption_id))))
    except SignInRefused:
        return _gone(request)
    except NotFound:
        return _not_found(request, codec, session, None)
    return _render(request, codec, "gift/confirmation.html", session=session, holder=holder, redemption=redemption,
                   address_lines=gift_domain.address_lines(redemption.delivery_address))


@router.get("/receipts/{redemption_id:int}.pdf")
def receipt(request: Request, redemption_id: PageId) -> Response:
    signed_in = _signed_in(request)
    if isinstance(signed_in, Response):
        return signed_in
    codec, session = signed_in
    try:
        number, pdf = _read(request, lambda db: service.holder_receipt_pdf(
            session=db, voucher_id=session.voucher_id or 0, redemption_id=redemption_id))
    except DomainError:
        return _not_found(request, codec, session, None)
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{number}.pdf"', "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff"})


@router.get("/static/portal.css")
def stylesheet() -> Response:
    return Response((STATIC / "portal.css").read_bytes(), media_type="text/css",
                    headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"})

