"""API keys (/admin/api-keys): the program's keys, a new one (its secret shown once, on the
answer to the form, never stored in the page's session or a notice), and revoking one. Through
auth/service.py, as the API's /api-keys does; audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.audit import service as audit
from loyalty.auth import service as keys
from loyalty.auth.roles import EDIT_SETTINGS
from loyalty.auth.schemas import ApiKeyRead
from loyalty.auth.scopes import SCOPES
from loyalty.db.uow import unit_of_work
from loyalty.kernel import paging
from loyalty.kernel.errors import DomainError, NotFound
from loyalty.web.deps import forget_cached_keys, get_database
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import PathId
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/api-keys")
SettingsEditor = Annotated[StaffContext, Depends(staff(EDIT_SETTINGS))]
PAGE = 200


def _page(request: Request, me: StaffContext, *, secret: str | None = None, created: ApiKeyRead | None = None,
          values: dict[str, object] | None = None, errors: dict[str, str] | None = None,
          status: int = 200) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        listed = paging.every_item(lambda after: keys.list_api_keys(
            session=db, program_id=me.program.id, after_id=after, limit=PAGE))
        rows = [ApiKeyRead.model_validate(key) for key in listed]
    return render(request, "admin/api_keys.html", {
        "title": gettext(request, "API keys"), "keys": rows, "scopes": SCOPES, "secret": secret,
        "created": created, "values": values or {"name": "", "scopes": []}, "errors": errors or {}},
        status=status)


@router.get("")
def list_keys(request: Request, me: SettingsEditor) -> Response:
    return _page(request, me)


@router.post("")
def create_key(request: Request, me: SettingsEditor) -> Response:
    name = me.form.text("name")
    scopes = me.form.getlist("scopes")
    try:
        with unit_of_work(get_database(request)) as db:
            issued = keys.create_api_key(session=db, program_id=me.program.id, name=name, scopes=scopes,
                                         actor=me.actor)
            created = ApiKeyRead.model_validate(issued.key)
            audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name,
                         action="api_key.created", subject_type="api_key", subject_id=created.id,
                         after={"name": created.name, "prefix": created.prefix, "scopes": created.scopes})
    except DomainError as error:
        return _page(request, me, values={"name": name, "scopes": scopes},
                     errors={error.field or "form": error.message}, status=422)
    # The secret is in this answer only: the page is not cached (Cache-Control: no-store).
    return _page(request, me, secret=issued.secret, created=created)


@router.post("/{key_id:int}/revoke")
def revoke_key(request: Request, me: SettingsEditor, key_id: PathId) -> Response:
    try:
        with unit_of_work(get_database(request)) as db:
            key = keys.revoke_api_key(session=db, program_id=me.program.id, key_id=key_id, actor=me.actor)
            revoked = ApiKeyRead.model_validate(key)
            audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name,
                         action="api_key.revoked", subject_type="api_key", subject_id=key_id,
                         before={"revoked_at": None}, after={"revoked_at": revoked.revoked_at})
    except NotFound:
        return not_found(request)
    forget_cached_keys(me.program.id)
    return redirect(request, "/admin/api-keys",
                    notice=gettext(request, "The key %(name)s is revoked.", name=revoked.name))
