"""Service cases (/admin/cases): the list (open first, by status, mine) and one case with its
comments, where staff assign, comment on and close it. Cases are opened on the member page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.audit import service as audit
from loyalty.auth.roles import VIEW_MEMBERS, WRITE_NOTES
from loyalty.db.uow import unit_of_work
from loyalty.kernel.errors import Conflict, DomainError, NotFound
from loyalty.service_desk import service as service_desk
from loyalty.web.admin.texts import error_text
from loyalty.web.deps import get_database
from loyalty.web.pages.errors import not_found
from loyalty.web.pages.forms import PathId, parse_id
from loyalty.web.pages.render import gettext, redirect, render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/cases")
Viewer = Annotated[StaffContext, Depends(staff(VIEW_MEMBERS))]
Worker = Annotated[StaffContext, Depends(staff(WRITE_NOTES))]
PAGE = 50
STATUS_FILTERS = ("open", "closed", "all")


@router.get("")
def case_list(request: Request, me: Viewer, status: str = "open", mine: str = "", offset: str = "") -> Response:
    status = status if status in STATUS_FILTERS else "open"
    start = parse_id(offset) or 0
    start = start if start < 10**8 else 0
    with unit_of_work(get_database(request), read_only=True) as db:
        page = service_desk.list_cases(session=db, program_id=me.program.id,
                                       status=None if status == "all" else status,
                                       assignee_id=me.user_id if mine else None, offset=start, limit=PAGE)
    return render(request, "admin/cases/list.html", {
        "page": page, "status": status, "mine": bool(mine), "statuses": STATUS_FILTERS, "page_size": PAGE})


def _case_page(request: Request, me: StaffContext, case_id: int, problem: str | None = None,
               status: int = 200) -> Response:
    with unit_of_work(get_database(request), read_only=True) as db:
        try:
            detail = service_desk.case_detail(session=db, program_id=me.program.id, case_id=case_id)
        except NotFound:
            return not_found(request)
        choices = service_desk.assignable_staff(session=db, program_id=me.program.id)
    return render(request, "admin/cases/view.html", {
        "detail": detail, "case": detail.case, "staff_choices": choices, "problem": problem}, status=status)


@router.get("/{case_id:int}")
def case_view(request: Request, me: Viewer, case_id: PathId) -> Response:
    return _case_page(request, me, case_id)


def _refused(request: Request, me: StaffContext, case_id: int, error: DomainError) -> Response:
    if isinstance(error, NotFound) and error.code == "case_not_found":
        return not_found(request)
    return _case_page(request, me, case_id, error_text(request, error), 409 if isinstance(error, Conflict) else 422)


@router.post("/{case_id:int}/assign")
def assign(request: Request, me: Worker, case_id: PathId) -> Response:
    assignee_id = parse_id(me.form.text("assignee_id"))
    with unit_of_work(get_database(request)) as db:
        try:
            before, after = service_desk.assign_case(session=db, program_id=me.program.id, case_id=case_id,
                                                     assignee_id=assignee_id)
        except DomainError as error:
            db.rollback()
            return _refused(request, me, case_id, error)
        audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name, action="case.assigned",
                     subject_type="service_case", subject_id=case_id,
                     before={"assignee_id": before.assignee_id, "assignee": before.assignee_name},
                     after={"assignee_id": after.assignee_id, "assignee": after.assignee_name})
    return redirect(request, f"/admin/cases/{case_id}", notice=gettext(request, "Case assigned."))


@router.post("/{case_id:int}/comments")
def comment(request: Request, me: Worker, case_id: PathId) -> Response:
    with unit_of_work(get_database(request)) as db:
        try:
            added = service_desk.comment_case(session=db, program_id=me.program.id, case_id=case_id,
                                              body=me.form.text("body"), author_id=me.user_id, author_name=me.name)
        except DomainError as error:
            db.rollback()
            return _refused(request, me, case_id, error)
        audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name,
                     action="case.commented", subject_type="service_case", subject_id=case_id,
                     after={"comment_id": added.id, "body": added.body})
    return redirect(request, f"/admin/cases/{case_id}#comments", notice=gettext(request, "Comment added."))


@router.post("/{case_id:int}/close")
def close(request: Request, me: Worker, case_id: PathId) -> Response:
    with unit_of_work(get_database(request)) as db:
        try:
            before, after = service_desk.close_case(session=db, program_id=me.program.id, case_id=case_id,
                                                    resolution=me.form.text("resolution"))
        except DomainError as error:
            db.rollback()
            return _refused(request, me, case_id, error)
        audit.record(session=db, program_id=me.program.id, actor=me.actor, actor_name=me.name, action="case.closed",
                     subject_type="service_case", subject_id=case_id,
                     before={"status": before.status}, after={"status": after.status, "resolution": after.resolution})
    return redirect(request, f"/admin/cases/{case_id}", notice=gettext(request, "Case closed."))
