"""Who is using a page: a staff user (admin panel, POS) or a member (member app), read from the
session cookie and checked on every request.

Route dependencies: `staff(permission)` and `member()`. They refuse with a PageError that the
handlers in web/pages/errors.py turn into a page: not signed in (or signed out, or expired)
goes to the sign-in page; a role without the permission gets 403; and a POST (or any unsafe
method) whose CSRF token (form field `csrf_token` or header `X-CSRF-Token`, which HTMX sends)
is not this session's is refused with 403 before the handler runs. The posted form is read
once and handed to the handler on the context (`ctx.form`).
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from loyalty.auth import page_sessions
from loyalty.auth import repository as auth_repository
from loyalty.auth.models import PageSession
from loyalty.auth.roles import PERMISSIONS
from loyalty.db.uow import unit_of_work
from loyalty.inbox import service as inbox
from loyalty.members import repository as members_repository
from loyalty.members.domain import display_name
from loyalty.programs.models import Program
from loyalty.web.deps import get_database
from loyalty.web.pages.forms import Form, read_form
from loyalty.web.pages.i18n import DEFAULT_LANGUAGE, from_accept_language, supported

STAFF_COOKIE = "loyalty_staff"
MEMBER_COOKIE = "loyalty_member"
MEMBER_COOKIE_PATH = "/app"
LANGUAGE_COOKIE = "loyalty_lang"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class PageError(Exception):
    """A refusal the page error handlers show as a page."""


class SignInRequired(PageError):
    def __init__(self, face: str) -> None:
        super().__init__(face)
        self.face = face  # admin | pos | app


class PageForbidden(PageError):
    pass


class CsrfRefused(PageError):
    pass


@dataclass(frozen=True)
class ProgramView:
    id: int
    name: str
    currency: str
    timezone: str
    point_value: Decimal


@dataclass
class StaffContext:
    user_id: int
    name: str
    email: str
    role: str
    adjustment_limit: int | None
    program: ProgramView
    csrf_token: str
    language: str
    form: Form = field(default_factory=Form)

    @property
    def actor(self) -> str:
        """How events and the audit log name this person."""
        return f"staff:{self.user_id}"

    def may(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, frozenset())


@dataclass
class MemberContext:
    member_id: int
    display_name: str
    program: ProgramView
    csrf_token: str
    language: str
    form: Form = field(default_factory=Form)
    # The badge on Messages in the app's navigation (read with the session: one count per page).
    unread_messages: int = 0

    @property
    def actor(self) -> str:
        return f"member:{self.member_id}"


def choose_language(request: Request, preferred: str | None = None) -> str:
    """The person's choice (the language cookie) wins, then their saved preference, then the
    browser's languages, then English."""
    return (supported(request.cookies.get(LANGUAGE_COOKIE)) or supported(preferred)
            or from_accept_language(request.headers.get("accept-language")) or DEFAULT_LANGUAGE)


def _program_view(program: Program) -> ProgramView:
    return ProgramView(id=program.id, name=program.name, currency=program.currency, timezone=program.timezone,
                       point_value=program.point_value)


def load_staff(request: Request) -> StaffContext | None:
    token = request.cookies.get(STAFF_COOKIE)
    if not token:
        return None
    with unit_of_work(get_database(request), read_only=True) as db:
        row = page_sessions.current(session=db, token=token)
        if row is None or row.staff_user_id is None:
            return None
        found = auth_repository.staff_user_with_program(db, row.staff_user_id)
        if found is None or found[0].disabled_at is not None:
            return None
        user, program = found
        return StaffContext(user_id=user.id, name=user.name, email=user.email, role=user.role,
                            adjustment_limit=user.adjustment_limit, program=_program_view(program),
                            csrf_token=row.csrf_token, language=choose_language(request, user.preferred_language))


def load_member(request: Request) -> MemberContext | None:
    token = request.cookies.get(MEMBER_COOKIE)
    if not token:
        return None
    with unit_of_work(get_database(request), read_only=True) as db:
        row: PageSession | None = page_sessions.current(session=db, token=token)
        if row is None or row.member_id is None:
            return None
        found = members_repository.member_with_program(db, row.member_id)
        if found is None or found[0].status != "active":
            return None
        member, program = found
        unread = inbox.unread_count(session=db, program_id=program.id, member_id=member.id)
        return MemberContext(member_id=member.id, display_name=display_name(member), program=_program_view(program),
                             csrf_token=row.csrf_token, language=choose_language(request, member.preferred_language),
                             unread_messages=unread)


def _csrf_matches(expected: str, request: Request, form: Form) -> bool:
    sent = form.get("csrf_token") or request.headers.get("x-csrf-token", "")
    return bool(sent) and hmac.compare_digest(expected.encode(), sent.encode())


def staff(*permissions: str, face: str = "admin") -> Callable[[Request], Awaitable[StaffContext]]:
    """A dependency: the signed-in staff user holding every one of `permissions`."""

    async def signed_in_staff(request: Request) -> StaffContext:
        form = Form() if request.method in SAFE_METHODS else await read_form(request)
        context = await run_in_threadpool(load_staff, request)
        if context is None:
            raise SignInRequired(face)
        request.state.page_context = context
        if request.method not in SAFE_METHODS and not _csrf_matches(context.csrf_token, request, form):
            raise CsrfRefused()
        if not all(context.may(permission) for permission in permissions):
            raise PageForbidden()
        context.form = form
        return context

    return signed_in_staff


def member() -> Callable[[Request], Awaitable[MemberContext]]:
    """A dependency: the signed-in member (of the app's program)."""

    async def signed_in_member(request: Request) -> MemberContext:
        form = Form() if request.method in SAFE_METHODS else await read_form(request)
        context = await run_in_threadpool(load_member, request)
        if context is None:
            raise SignInRequired("app")
        request.state.page_context = context
        if request.method not in SAFE_METHODS and not _csrf_matches(context.csrf_token, request, form):
            raise CsrfRefused()
        context.form = form
        return context

    return signed_in_member
