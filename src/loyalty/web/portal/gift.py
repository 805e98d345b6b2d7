"""The gift page: a person who is not a member signs in with a gift voucher's code or a bonus
card's number and PIN, sees the rewards the balance pays for, picks one, gives a delivery
address for a physical item, and gets a receipt.

Plain server-rendered HTML forms on the shared page layer (web/pages: templates, translations,
forms, security headers, rate limits); they work without JavaScript. Every POST carries the
session's CSRF token; the session cookie holds only the voucher's id (web/portal/session.py),
and every page shows only that voucher's data: anything else is a 404. Sign-in attempts are
rate-limited per client address and per code prefix or card number
(`settings.rate_limit.gift_sign_in_*`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Request
from fastapi import Path as PathParameter
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import SlidingWindowCounterRateLimiter
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
from loyalty.web.deps import get_database
from loyalty.web.pages.forms import Form, read_form
from loyalty.web.pages.limits import SignInLimiter, client_ip
from loyalty.web.pages.render import gettext, is_https, page_language, render
from loyalty.web.pages.security import PAGE_HEADERS
from loyalty.web.portal.session import (
    COOKIE_NAME,
    COOKIE_PATH,
    MAX_AGE_SECONDS,
    GiftSession,
    SessionCodec,
    new_session,
)
from loyalty.web.ratelimit import built_once

PageId = Annotated[int, PathParameter(ge=1, le=MAX_ID)]  # beyond BIGINT is refused, not a crash
router = APIRouter(prefix="/gift", include_in_schema=False)

ADDRESS_FIELDS = ("line1", "line2", "postal_code", "city", "country")
# Only these notices are shown from the query string: nothing a link can make the page say.
NOTICES = ("signed_out", "session_expired", "gift_unusable")

T = TypeVar("T")


# --- plumbing: settings, session cookie, rendering ----------------------------------------------


def sign_in_limiter(request: Request) -> SignInLimiter:
    """The app's limiter of gift sign-ins, built once from the app's settings."""
    return built_once(request, "gift_sign_in_limiter", lambda settings: SignInLimiter(
        "gift-sign-in", SlidingWindowCounterRateLimiter(storage_from_string(settings.rate_limit.storage_uri)),
        parse(settings.rate_limit.gift_sign_in_per_ip), parse(settings.rate_limit.gift_sign_in_per_code)))


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


def _current(request: Request, codec: SessionCodec) -> GiftSession | None:
    return codec.load(request.cookies.get(COOKIE_NAME))


def _holder_view(request: Request, holder: GiftHolderRead | None) -> GiftHolderRead | None:
    """The holder with its name in the page's language: gift_domain.display_name starts it with
    "Gift voucher" or "Bonus card" (the receipt keeps the English)."""
    if holder is None:
        return None
    for english, translated in (("Bonus card", gettext(request, "Bonus card")),
                                ("Gift voucher", gettext(request, "Gift voucher"))):
        if holder.display_name.startswith(english):
            return holder.model_copy(update={"display_name": translated + holder.display_name[len(english):]})
    return holder


def _render(request: Request, codec: SessionCodec | None, template: str, *, session: GiftSession | None,
            status: int = 200, **context: Any) -> HTMLResponse:
    context["holder"] = _holder_view(request, context.get("holder"))
    response = render(request, template, {"csrf_token": session.csrf_token if session else "", **context},
                      status=status)
    if session is not None and codec is not None:
        _set_cookie(request, response, codec, session)
    return response


def _set_cookie(request: Request, response: Response, codec: SessionCodec, session: GiftSession) -> None:
    """Every page renews the session: it ends an hour after the person last did something."""
    response.set_cookie(COOKIE_NAME, codec.dump(session.renewed()), max_age=MAX_AGE_SECONDS, path=COOKIE_PATH,
                        httponly=True, samesite="lax", secure=is_https(request))


def _redirect(request: Request, url: str, *, codec: SessionCodec | None = None,
              session: GiftSession | None = None, clear: bool = False) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303, headers=PAGE_HEADERS)
    if clear:
        response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, httponly=True, samesite="lax",
                               secure=is_https(request))
    elif session is not None and codec is not None:
        _set_cookie(request, response, codec, session)
    return response


def _unavailable(request: Request) -> HTMLResponse:
    return _render(request, None, "gift/message.html", session=None, status=503,
                   title=gettext(request, "Gift pages unavailable"),
                   message=gettext(request, "The gift pages are not set up on this server yet (it has no secret "
                                            "key). Please try again later."), back=False)


def _not_found(request: Request, codec: SessionCodec, session: GiftSession, holder: GiftHolderRead | None) -> Response:
    return _render(request, codec, "gift/message.html", session=session, status=404, holder=holder,
                   title=gettext(request, "Not found"), back=True, path="/gift/catalogue",
                   message=gettext(request, "There is nothing here for this gift."))


def _notice(request: Request, notice: str | None) -> str | None:
    if notice == "signed_out":
        return gettext(request, "You have signed out.")
    if notice == "session_expired":
        return gettext(request, "Your session has expired. Please sign in again.")
    if notice == "gift_unusable":
        # What the service says of a gift that went while its holder was signed in.
        return gettext(request, "This gift can no longer be used.")
    return None


def _form_expired(request: Request) -> str:
    return gettext(request, "This form has expired. Please try again.")


def _language(request: Request) -> str:
    """The page's language (web/pages: the person's choice, then the browser's): reward names and
    descriptions are shown in it where the catalogue has them, and a redemption records it."""
    return page_language(request)


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


# --- what the services refuse, in the page's language -------------------------------------------


def _sign_in_refusal(request: Request, refused: SignInRefused) -> str:
    if refused.message == gift_domain.CARD_REFUSED:
        return gettext(request, "This card number and PIN are not valid, or the card can no longer be used.")
    return gettext(request, "This code is not valid, or it has expired.")


def _field_label(request: Request, field: str) -> str:
    labels = {
        "recipient_name": gettext(request, "Full name"),
        "delivery_address.line1": gettext(request, "Street and number"),
        "delivery_address.line2": gettext(request, "Flat, floor, company (optional)"),
        "delivery_address.postal_code": gettext(request, "Postal code"),
        "delivery_address.city": gettext(request, "City"),
        "delivery_address.country": gettext(request, "Country"),
    }
    return labels.get(field, field)


def _redeem_refusal(request: Request, refused: DomainError, form: Form) -> str:
    """The page's words for a refused redemption; a refusal it has no words for keeps the service's."""
    field = refused.field or ""
    if refused.code == "invalid_form":
        if field in ("reward_id", "request_key"):
            return _form_expired(request)
        if field == "delivery_address.country":
            return gettext(request, "%(country)s is not a country code: use two letters, for example PL or DE.",
                           country=form.text("country"))
        return gettext(request, "Please check this field: %(field)s.", field=_field_label(request, field))
    if refused.code == "delivery_address_required":
        return gettext(request, "A physical item needs a delivery address with at least the street, city and "
                                "country.")
    known = {
        "recipient_name_required": gettext(request, "Say who the parcel is for."),
        "not_applicable": gettext(request, "Only physical items are delivered; leave the address out."),
        "reward_not_found": gettext(request, "This reward is not available for this gift."),
        "reward_inactive": gettext(request, "This reward has been withdrawn from the catalogue."),
        "reward_not_for_gifts": gettext(request, "This reward cannot be chosen with a gift."),
        "cause_inactive": gettext(request, "This cause no longer takes donations."),
        "insufficient_points": gettext(request, "The balance left does not pay for this reward."),
        "out_of_stock": gettext(request, "Out of stock."),
        "total_limit_reached": gettext(request, "All redemptions this reward allows have been made."),
    }
    return known.get(refused.code, refused.message)


# --- signing in and out -------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def sign_in_page(request: Request, notice: str | None = None) -> Response:
    codec = _codec(request)
    if codec is None:
        return _unavailable(request)
    session = _current(request, codec)
    if session is not None and session.voucher_id is not None:
        return _redirect(request, "/gift/catalogue")
    message = _notice(request, notice if notice in NOTICES else None)
    # Without a notice of its own the page shows the shared one-time notice, if a redirect left one.
    own_notice: dict[str, Any] = {"notice": message} if message else {}
    return _render(request, codec, "gift/sign_in.html", session=session or new_session(), error=None, **own_notice)


@router.post("", response_class=HTMLResponse)
async def sign_in(request: Request) -> Response:
    codec = _codec(request)
    if codec is None:
        return _unavailable(request)
    form = await read_form(request)
    # The rest waits on the rate-limit store (Redis, when shared), the database and Argon2: off the event loop.
    return await run_in_threadpool(_sign_in, request, codec, form)


def _sign_in(request: Request, codec: SessionCodec, form: Form) -> Response:
    session = _current(request, codec)
    if session is None or not session.checks(form.get("csrf_token")):
        return _render(request, codec, "gift/sign_in.html", session=new_session(), status=400,
                       error=_form_expired(request))
    secret, pin = form.text("code"), form.text("pin")
    if not secret:
        return _render(request, codec, "gift/sign_in.html", session=session, status=422,
                       error=gettext(request, "Enter your voucher code or card number."))
    try:
        sign_in_limiter(request).attempt(client_ip=client_ip(request), key=gift_domain.sign_in_key(secret))
    except RateLimited as limited:
        seconds = limited.details["retry_after"]
        response = _render(request, codec, "gift/sign_in.html", session=session, status=429, error=gettext(
            request, "Too many attempts. Please wait %(seconds)s seconds and try again.", seconds=seconds))
        response.headers["Retry-After"] = str(seconds)
        return response
    try:
        voucher_id = _read(request, lambda db: service.sign_in(session=db, secret=secret, pin=pin or None))
    except SignInRefused as refused:
        return _render(request, codec, "gift/sign_in.html", session=session, status=401,
                       error=_sign_in_refusal(request, refused))
    return _redirect(request, "/gift/catalogue", codec=codec, session=new_session(voucher_id))


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    codec = _codec(request)
    if codec is None:
        return _unavailable(request)
    form = await read_form(request)
    session = _current(request, codec)
    if session is not None and not session.checks(form.get("csrf_token")):
        return _render(request, codec, "gift/message.html", session=session, status=400,
                       title=_form_expired(request), message=_form_expired(request), back=True,
                       path="/gift/catalogue")
    return _redirect(request, "/gift?notice=signed_out", clear=True)


# --- the catalogue and one reward ---------------------------------------------------------------


@router.get("/catalogue", response_class=HTMLResponse)
def catalogue_page(request: Request) -> Response:
    signed_in = _signed_in(request)
    if isinstance(signed_in, Response):
        return signed_in
    codec, session = signed_in
    return _catalogue(request, codec, session, session.voucher_id or 0)


def _catalogue(request: Request, codec: SessionCodec, session: GiftSession, voucher_id: int, *,
               error: str | None = None, status: int = 200) -> Response:
    try:
        catalogue, redemptions = _read(request, lambda db: (
            service.catalogue(session=db, voucher_id=voucher_id, language=_language(request)),
            service.holder_redemptions(session=db, voucher_id=voucher_id)))
    except SignInRefused:
        return _gone(request)
    return _render(request, codec, "gift/catalogue.html", session=session, status=status, holder=catalogue.holder,
                   items=catalogue.items, redemptions=redemptions, error=error, path="/gift/catalogue")


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
        return _catalogue(request, codec, session, voucher_id, error=error, status=status)
    return _render(request, codec, "gift/reward.html", session=session, status=status, holder=holder, item=item,
                   error=error, values=values or {}, request_key=request_key or secrets.token_urlsafe(24),
                   path=f"/gift/rewards/{reward_id}")


@router.get("/rewards/{reward_id:int}", response_class=HTMLResponse)
def reward_page(request: Request, reward_id: PageId) -> Response:
    signed_in = _signed_in(request)
    if isinstance(signed_in, Response):
        return signed_in
    codec, session = signed_in
    return _reward_page(request, codec, session, session.voucher_id or 0, reward_id)


def _redemption_request(form: Form, *, language: str) -> GiftRedemptionCreate:
    """The form as the service's input; the reward page sends `needs_address=1` with the address fields."""
    fields: dict[str, Any] = {"reward_id": form.get("reward_id"), "request_key": form.get("request_key"),
                              "language": language}
    if form.get("needs_address") == "1":
        fields["recipient_name"] = form.get("recipient_name")
        fields["delivery_address"] = {name: form.text(name) for name in ADDRESS_FIELDS if form.text(name)}
    try:
        return GiftRedemptionCreate.model_validate_strings(fields)  # a form's fields are text, "7" an id
    except ValidationError as error:
        first = error.errors()[0]
        message = str(first.get("msg", "Invalid value")).removeprefix("Value error, ")
        field = ".".join(str(part) for part in first.get("loc", ()))
        raise Invalid(f"{message[:1].upper()}{message[1:]}.", code="invalid_form", field=field) from None


@router.post("/redeem", response_class=HTMLResponse)
async def redeem(request: Request) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_redeem, request, form)


def _redeem(request: Request, form: Form) -> Response:
    signed_in = _signed_in(request)
    if isinstance(signed_in, Response):
        return signed_in
    codec, session = signed_in
    voucher_id = session.voucher_id or 0
    reward_id = int(form.get("reward_id")) if form.get("reward_id").isdigit() else 0
    values = form.first_values()
    if not session.checks(form.get("csrf_token")):
        return _reward_page(request, codec, session, voucher_id, reward_id, status=400,
                            error=_form_expired(request), values=values)
    try:
        data = _redemption_request(form, language=_language(request))
        redemption = _write(request, lambda db: service.redeem(session=db, voucher_id=voucher_id, data=data))
    except SignInRefused:
        return _gone(request)
    except (Invalid, Conflict, NotFound) as refused:
        if refused.code in ("gift_expired", "gift_cancelled", "gift_blocked"):
            return _gone(request)
        status = 422 if isinstance(refused, Invalid) else 409 if isinstance(refused, Conflict) else 404
        return _reward_page(request, codec, session, voucher_id, reward_id, status=status,
                            error=_redeem_refusal(request, refused, form), values=values,
                            request_key=form.get("request_key"))
    return _redirect(request, f"/gift/redemptions/{redemption.id}", codec=codec, session=session)


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
