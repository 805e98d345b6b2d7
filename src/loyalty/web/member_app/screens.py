"""The member's screens: home (balance, pending and expiring points), the card, history, rewards
with one-tap redemption, coupons, tier progress, the referral link, profile and consents, and
"download my data".

Every screen reads through the services the API uses, always for the signed-in member: an id
in a path that is not theirs (a redemption, a coupon) is 404, the same as one that does not exist.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.requests import Request

from loyalty.config import Settings
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import DomainError, NotFound
from loyalty.ledger import service as ledger
from loyalty.member_access import service as access
from loyalty.members import service as members
from loyalty.members.schemas import CONSENT_KINDS, PREFERRED_CHANNEL_ATTRIBUTE, PREFERRED_CHANNELS, MemberUpdate
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.referrals import service as referrals
from loyalty.rewards import service as rewards
from loyalty.tiers import service as tiers
from loyalty.vouchers import service as vouchers
from loyalty.web.deps import get_database
from loyalty.web.member_app import my_data as my_data_export
from loyalty.web.member_app import notifications
from loyalty.web.member_app.codes import barcode_svg, qr_svg
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import PathId, parse_id
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.security import PAGE_HEADERS
from loyalty.web.pages.signed_in import MEMBER_COOKIE, MemberContext, member

router = APIRouter(prefix="/app")
Member = Annotated[MemberContext, Depends(member())]
HISTORY_PAGE = 20


@contextmanager
def _reading(request: Request, me: MemberContext) -> Iterator[tuple[Session, Program]]:
    with unit_of_work(get_database(request), read_only=True) as db:
        yield db, programs.get_program(session=db, program_id=me.program.id)


@contextmanager
def _writing(request: Request, me: MemberContext) -> Iterator[tuple[Session, Program]]:
    with unit_of_work(get_database(request)) as db:
        yield db, programs.get_program(session=db, program_id=me.program.id)


def _points(program: Program, session: Session, member_id: int) -> ledger.UnitBalance:
    units = ledger.balances(session=session, program=program, member_id=member_id)
    return next((unit for unit in units if unit.unit == "points"), units[0])


@router.get("")
def home(request: Request, me: Member) -> Response:
    with _reading(request, me) as (db, program):
        balance = _points(program, db, me.member_id)
        tier = tiers.member_tier(session=db, program_id=program.id, member_id=me.member_id)
    return render(request, "app/home.html", {"title": gettext(request, "My points"), "balance": balance,
                                             "tier": tier})


@router.get("/card")
def card(request: Request, me: Member) -> Response:
    with _reading(request, me) as (db, program):
        profile = members.member_read(session=db, member=members.get_member(
            session=db, program_id=program.id, member_id=me.member_id))
        tier = tiers.member_tier(session=db, program_id=program.id, member_id=me.member_id)
        balance = _points(program, db, me.member_id)
    number = profile.cards[0] if profile.cards else None
    return render(request, "app/card.html", {
        "title": gettext(request, "My card"), "number": number, "tier": tier, "balance": balance,
        "qr": qr_svg(number, title=gettext(request, "QR code of card %(number)s", number=number)) if number else None,
        "barcode": barcode_svg(number, title=gettext(request, "Barcode of card %(number)s", number=number))
        if number else None})


@router.get("/history")
def history(request: Request, me: Member, before: str | None = None) -> Response:
    with _reading(request, me) as (db, program):
        page = ledger.ledger_entries(session=db, program_id=program.id, member_id=me.member_id,
                                     before_id=parse_id(before), limit=HISTORY_PAGE)
    return render(request, "app/history.html", {"title": gettext(request, "History"), "entries": page.items,
                                                "next_key": page.next_key})


@router.get("/rewards")
def catalogue(request: Request, me: Member) -> Response:
    with _reading(request, me) as (db, program):
        found = rewards.catalogue(session=db, program=program, member_id=me.member_id, language=me.language)
        balance = _points(program, db, me.member_id)
    # One key per button: a double tap posts the same key twice and redeems once.
    return render(request, "app/rewards.html", {"title": gettext(request, "Rewards"), "catalogue": found,
                                                "balance": balance, "request_key": secrets.token_urlsafe(24)})


@router.post("/rewards/{reward_id:int}/redeem")
def redeem(request: Request, reward_id: PathId, me: Member) -> Response:
    try:
        with _writing(request, me) as (db, program):
            redemption = access.redeem_once(session=db, program=program, member_id=me.member_id,
                                            reward_id=reward_id, request_key=me.form.get("request_key"),
                                            language=me.language, actor=me.actor)
            redemption_id = redemption.id
    except NotFound:
        return not_found(request)
    except DomainError as refused:
        return redirect(request, "/app/rewards", notice=_refusal(request, refused))
    return redirect(request, f"/app/redemptions/{redemption_id}",
                    notice=gettext(request, "Done! The reward is yours."))


def _refusal(request: Request, refused: DomainError) -> str:
    texts = {
        "insufficient_points": gettext(request, "You do not have enough points for this reward."),
        "out_of_stock": gettext(request, "Sorry, this reward has run out."),
        "coupon_unavailable": gettext(request, "Sorry, this reward has run out."),
        "delivery_address_required": gettext(request, "This reward is sent by post: ask us to add your address "
                                                      "first."),
    }
    return texts.get(refused.code, gettext(request, "This reward cannot be redeemed now."))


@router.get("/redemptions")
def redemptions(request: Request, me: Member, before: str | None = None) -> Response:
    with _reading(request, me) as (db, program):
        page = rewards.member_redemptions(session=db, program_id=program.id, member_id=me.member_id,
                                          before_id=parse_id(before), limit=HISTORY_PAGE)
    return render(request, "app/redemptions.html", {"title": gettext(request, "My rewards"), "items": page.items,
                                                    "next_key": page.next_key})


@router.get("/redemptions/{redemption_id:int}")
def redemption(request: Request, redemption_id: PathId, me: Member) -> Response:
    try:
        with _reading(request, me) as (db, program):
            found = rewards.redemption_read(rewards.get_redemption(
                session=db, program_id=program.id, redemption_id=redemption_id, member_id=me.member_id))
    except NotFound:
        return not_found(request)
    code = found.code
    return render(request, "app/redemption.html", {
        "title": found.reward_name, "redemption": found,
        "qr": qr_svg(code, title=gettext(request, "QR code of %(code)s", code=code)) if code else None})


def _coupons(db: Session, program: Program, member_id: int) -> list[Any]:
    return vouchers.member_vouchers(session=db, program=program, member_id=member_id, limit=200).items


@router.get("/coupons")
def coupons(request: Request, me: Member) -> Response:
    with _reading(request, me) as (db, program):
        found = _coupons(db, program, me.member_id)
    return render(request, "app/coupons.html", {"title": gettext(request, "My coupons"), "coupons": found})


@router.get("/coupons/{code}")
def coupon(request: Request, code: str, me: Member) -> Response:
    with _reading(request, me) as (db, program):
        found = next((item for item in _coupons(db, program, me.member_id) if item.code == code), None)
    if found is None:
        return not_found(request)
    return render(request, "app/coupon.html", {
        "title": found.name, "coupon": found,
        "qr": qr_svg(found.code, title=gettext(request, "QR code of %(code)s", code=found.code))})


@router.get("/tier")
def tier(request: Request, me: Member) -> Response:
    try:
        with _reading(request, me) as (db, program):
            progress = tiers.progress(session=db, program=program, member_id=me.member_id)
    except NotFound:
        progress = None
    return render(request, "app/tier.html", {"title": gettext(request, "My tier"), "progress": progress})


@router.get("/invite")
def invite(request: Request, me: Member) -> Response:
    settings: Settings = request.app.state.settings
    with _reading(request, me) as (db, program):
        mine = referrals.member_referrals(session=db, program=program, member_id=me.member_id,
                                          public_url=settings.public_url, limit=1)
    return render(request, "app/invite.html", {"title": gettext(request, "Invite friends"), "referrals": mine})


# --- profile and consents ------------------------------------------------------------------------


def _profile_page(request: Request, me: MemberContext, *, errors: dict[str, str] | None = None,
                  status: int = 200) -> Response:
    with _reading(request, me) as (db, program):
        found = members.get_member(session=db, program_id=program.id, member_id=me.member_id)
        profile = members.member_read(session=db, member=found)
        history = members.consent_history(session=db, program_id=program.id, member_id=me.member_id)
        has_password = access.has_password(session=db, member_id=me.member_id)
        push_devices = notifications.devices(db, me)
    return render(request, "app/profile.html", {
        "title": gettext(request, "Profile"), "profile": profile, "history": list(reversed(history)),
        "channels": CONSENT_KINDS, "has_password": has_password, "errors": errors or {},
        "preferred_channels": PREFERRED_CHANNELS,
        "preferred_channel": profile.attributes.get(PREFERRED_CHANNEL_ATTRIBUTE),
        "push_key": notifications.vapid_public_key(request), "push_devices": push_devices}, status=status)


@router.get("/profile")
def profile(request: Request, me: Member) -> Response:
    return _profile_page(request, me)


@router.post("/profile")
def change_profile(request: Request, me: Member) -> Response:
    form = me.form
    try:
        data = MemberUpdate(first_name=form.text("first_name") or None, last_name=form.text("last_name") or None)
        with _writing(request, me) as (db, program):
            members.update_member(session=db, program=program, member_id=me.member_id, data=data, actor=me.actor)
    except (ValidationError, DomainError):
        return _profile_page(request, me, status=422, errors={
            "first_name": gettext(request, "Check your name: at most 100 characters.")})
    return redirect(request, "/app/profile", notice=gettext(request, "Your profile is saved."))


@router.post("/consents")
def change_consents(request: Request, me: Member) -> Response:
    decisions: dict[str, bool] = {channel: me.form.get(channel) == "yes" for channel in CONSENT_KINDS
                 if me.form.get(channel) in ("yes", "no")}
    with _writing(request, me) as (db, program):
        access.change_consents(session=db, program=program, member_id=me.member_id, decisions=decisions,
                               actor=me.actor)
    return redirect(request, "/app/profile", notice=gettext(request, "Your choices are saved."))


@router.post("/password")
def change_password(request: Request, me: Member) -> Response:
    """Sets the password; replacing one needs the current one. Every other session of the member
    ends (this browser stays signed in)."""
    password = me.form.get("password")
    if password != me.form.get("password_again"):
        return _profile_page(request, me, status=422, errors={
            "password": gettext(request, "The two passwords differ.")})
    refused = False
    try:
        with _writing(request, me) as (db, program):
            try:
                access.change_password(session=db, program=program, member_id=me.member_id,
                                       current_password=me.form.get("current_password"), password=password,
                                       keep_session=request.cookies.get(MEMBER_COOKIE))
            except access.SignInRefused:
                refused = True  # committed: the wrong try counts towards the lock-out, as at sign-in
    except DomainError:
        return _profile_page(request, me, status=422, errors={
            "password": gettext(request, "A password needs at least 10 characters.")})
    if refused:
        return _profile_page(request, me, status=422, errors={
            "current_password": gettext(request, "Your current password is wrong.")})
    return redirect(request, "/app/profile", notice=gettext(request, "Your password is set."))


@router.get("/my-data.json")
def my_data(request: Request, me: Member) -> Response:
    with _reading(request, me) as (db, program):
        data = my_data_export.member_export(session=db, program=program, member_id=me.member_id)
    return Response(json.dumps(data, ensure_ascii=False, indent=2), media_type="application/json", headers={
        **PAGE_HEADERS, "Content-Disposition": 'attachment; filename="my-data.json"'})
