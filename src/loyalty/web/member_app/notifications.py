"""App notifications on this device (web push): the member app's script subscribes the browser
with the installation's VAPID public key and posts the subscription here; turning them off
unsubscribes the browser and tells the server. Both are CSRF-protected posts of the signed-in
member (the script sends the session's token as `X-CSRF-Token`) and answer JSON.

The preferred channel (how the member would rather hear from the program) is a form on the
profile page; journeys read it from the member's attribute `preferred_channel`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session
from starlette.requests import Request

from loyalty.config import Settings
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import DomainError
from loyalty.member_access import service as access
from loyalty.push import service as push
from loyalty.web.deps import get_database
from loyalty.web.pages.render import gettext, redirect
from loyalty.web.pages.security import PAGE_HEADERS
from loyalty.web.pages.signed_in import MemberContext, member

router = APIRouter(prefix="/app")
Member = Annotated[MemberContext, Depends(member())]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _json(body: dict[str, object], status: int = 200) -> Response:
    return JSONResponse(body, status_code=status, headers={**PAGE_HEADERS, "Cache-Control": "no-store"})


def vapid_public_key(request: Request) -> str:
    """The key the app subscribes with; made (and committed) on the installation's first need.
    Read first: a writing unit would take SQLite's write lock on every profile page."""
    with unit_of_work(get_database(request), read_only=True) as db:
        found = push.existing_public_key(session=db)
    if found is not None:
        return found
    with unit_of_work(get_database(request)) as db:
        return push.public_key(session=db)


@router.post("/push/subscriptions")
def subscribe(request: Request, me: Member) -> Response:
    form = me.form
    try:
        with unit_of_work(get_database(request)) as db:
            stored = push.subscribe(session=db, program_id=me.program.id, member_id=me.member_id,
                                    endpoint=form.get("endpoint") or "", p256dh=form.get("p256dh") or "",
                                    auth=form.get("auth") or "", user_agent=request.headers.get("user-agent"),
                                    allow_private_endpoints=_settings(request).push.allow_private_endpoints)
    except DomainError as refused:
        return _json({"error": {"code": refused.code, "message": refused.message, "field": refused.field}}, 422)
    return _json({"id": stored.id, "message": gettext(request, "Notifications are on for this device.")}, 201)


@router.post("/push/unsubscribe")
def unsubscribe(request: Request, me: Member) -> Response:
    try:
        with unit_of_work(get_database(request)) as db:
            push.unsubscribe(session=db, program_id=me.program.id, member_id=me.member_id,
                             endpoint=me.form.get("endpoint") or "")
    except DomainError as refused:
        return _json({"error": {"code": refused.code, "message": refused.message, "field": refused.field}}, 422)
    return _json({"message": gettext(request, "Notifications are off for this device.")})


def devices(db: Session, me: MemberContext) -> int:
    """How many of the member's devices receive notifications (shown on the profile)."""
    return len(push.member_subscriptions(session=db, program_id=me.program.id, member_id=me.member_id))


@router.post("/preferences")
def change_preferences(request: Request, me: Member) -> Response:
    wanted = me.form.get("preferred_channel") or ""
    try:
        with unit_of_work(get_database(request)) as db:
            program = access.app_program(session=db, program_id=me.program.id)
            access.set_preferred_channel(session=db, program=program, member_id=me.member_id,
                                         channel=wanted or None, actor=me.actor)
    except DomainError:
        return redirect(request, "/app/profile", notice=gettext(request, "Choose one of the channels listed."))
    return redirect(request, "/app/profile", notice=gettext(request, "Your choices are saved."))
