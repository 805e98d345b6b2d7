"""Staff users (/admin/users, owners only): who may use the panel and the POS, with which role.

Through auth/staff.py, which keeps the program one active owner. Disabling a user or setting
their password signs every browser of theirs out (page_sessions.end_all_for_staff). Every
change is audited (never a password).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.audit import service as audit
from loyalty.auth import page_sessions
from loyalty.auth import staff as staff_users
from loyalty.auth.models import StaffUser
from loyalty.auth.roles import MANAGE_STAFF, ROLES
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import DomainError, Invalid, NotFound
from loyalty.web.deps import get_database
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import PathId
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/users")
Owner = Annotated[StaffContext, Depends(staff(MANAGE_STAFF))]
CREATE_FIELDS = ("email", "name", "role", "adjustment_limit")


@dataclass(frozen=True)
class StaffRow:
    """A staff user as the pages show them (no password hash, no lock-out counters)."""

    id: int
    email: str
    name: str
    role: str
    adjustment_limit: int | None
    is_disabled: bool
    last_sign_in_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, user: StaffUser) -> StaffRow:
        return cls(id=user.id, email=user.email, name=user.name, role=user.role,
                   adjustment_limit=user.adjustment_limit, is_disabled=user.disabled_at is not None,
                   last_sign_in_at=user.last_sign_in_at, created_at=user.created_at)

    def audited(self) -> dict[str, Any]:
        return {"email": self.email, "name": self.name, "role": self.role, "adjustment_limit": self.adjustment_limit,
                "disabled": self.is_disabled}


def _limit(request: Request, text: str) -> int | None:
    """The adjustment limit typed in the form; None when empty. Not a whole number: DomainError."""
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise Invalid(gettext(request, "Give the limit as a whole number of points."),
                      field="adjustment_limit") from None


def role_names(request: Request) -> dict[str, str]:
    return {"owner": gettext(request, "Owner"), "manager": gettext(request, "Manager"),
            "marketer": gettext(request, "Marketer"), "analyst": gettext(request, "Analyst"),
            "agent": gettext(request, "Contact-center agent"), "cashier": gettext(request, "Cashier")}


def _message(error: DomainError) -> str:
    return f"{error.message[:1].upper()}{error.message[1:]}"


def _list_page(request: Request, me: StaffContext, *, values: dict[str, str] | None = None,
               errors: dict[str, str] | None = None, status: int = 200) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        users = [StaffRow.of(user) for user in staff_users.list_users(session=db, program_id=me.program.id)]
    return render(request, "admin/users/list.html", {
        "title": gettext(request, "Staff users"), "users": users, "roles": ROLES, "role_names": role_names(request),
        "values": values or {"role": "agent"}, "errors": errors or {}}, status=status)


@router.get("")
def list_users(request: Request, me: Owner) -> Response:
    return _list_page(request, me)


@router.post("")
def create_user(request: Request, me: Owner) -> Response:
    values = {name: me.form.text(name) for name in CREATE_FIELDS}
    try:
        with unit_of_work(get_database(request)) as db:
            user = staff_users.create_user(
                session=db, program_id=me.program.id, email=values["email"], name=values["name"],
                role=values["role"], password=me.form.get("password"),
                adjustment_limit=_limit(request, values["adjustment_limit"]))
            row = StaffRow.of(user)
            audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name,
                         action="staff_user.created", subject_type="staff_user", subject_id=row.id,
                         after=row.audited())
    except DomainError as error:
        return _list_page(request, me, values=values, errors={error.field or "form": _message(error)},
                          status=409 if error.code == "staff_user_exists" else 422)
    return redirect(request, "/admin/users", notice=gettext(request, "%(name)s can sign in now.", name=row.name))


def _user_page(request: Request, me: StaffContext, user_id: int, *, errors: dict[str, str] | None = None,
               status: int = 200) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        try:
            user = StaffRow.of(staff_users.get_user(session=db, program_id=me.program.id, user_id=user_id))
        except NotFound:
            return not_found(request)
    return render(request, "admin/users/edit.html", {
        "title": user.name, "user": user, "roles": ROLES, "role_names": role_names(request),
        "errors": errors or {}}, status=status)


@router.get("/{user_id:int}")
def show_user(request: Request, me: Owner, user_id: PathId) -> Response:
    return _user_page(request, me, user_id)


def _change(request: Request, me: StaffContext, user_id: int, *, action: str, notice: str,
            sign_out: bool = False, **changes: Any) -> Response:
    """Applies `changes` through staff.update_user, audits them, and signs the user out everywhere
    when `sign_out`; a refusal (the last owner, a bad limit) shows the user's page with it."""
    try:
        with unit_of_work(get_database(request)) as db:
            before = StaffRow.of(staff_users.get_user(session=db, program_id=me.program.id, user_id=user_id))
            user = staff_users.update_user(session=db, program_id=me.program.id, user_id=user_id, **changes)
            after = StaffRow.of(user)
            if sign_out:
                page_sessions.end_all_for_staff(session=db, staff_user_id=user_id)
            audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name, action=action,
                         subject_type="staff_user", subject_id=user_id, before=before.audited(),
                         after=after.audited())
    except NotFound:
        return not_found(request)
    except DomainError as error:
        return _user_page(request, me, user_id, errors={error.field or "form": _message(error)},
                          status=409 if error.code == "last_owner" else 422)
    if sign_out and user_id == me.user_id:
        return redirect(request, "/admin/sign-in", notice=notice)
    return redirect(request, f"/admin/users/{user_id}", notice=notice)


@router.post("/{user_id:int}")
def update_user(request: Request, me: Owner, user_id: PathId) -> Response:
    try:
        limit = _limit(request, me.form.text("adjustment_limit"))
    except DomainError as error:
        return _user_page(request, me, user_id, errors={"adjustment_limit": _message(error)}, status=422)
    return _change(request, me, user_id, action="staff_user.updated", notice=gettext(request, "Saved."),
                   role=me.form.text("role"), adjustment_limit=limit, clear_adjustment_limit=limit is None)


@router.post("/{user_id:int}/disable")
def disable_user(request: Request, me: Owner, user_id: PathId) -> Response:
    return _change(request, me, user_id, action="staff_user.disabled", sign_out=True, disabled=True,
                   notice=gettext(request, "The user is disabled and signed out everywhere."))


@router.post("/{user_id:int}/enable")
def enable_user(request: Request, me: Owner, user_id: PathId) -> Response:
    return _change(request, me, user_id, action="staff_user.enabled", disabled=False,
                   notice=gettext(request, "The user may sign in again."))


@router.post("/{user_id:int}/password")
def set_password(request: Request, me: Owner, user_id: PathId) -> Response:
    return _change(request, me, user_id, action="staff_user.password_changed", sign_out=True,
                   password=me.form.get("password"),
                   notice=gettext(request, "The password is changed and the user is signed out everywhere."))
