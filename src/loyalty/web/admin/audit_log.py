"""The audit log (/admin/audit): every change made in the panel, newest first, with who made
it and the values before and after; filtered by subject."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.requests import Request

from loyalty.audit import service as audit
from loyalty.auth.roles import VIEW_AUDIT
from loyalty.db.uow import unit_of_work
from loyalty.web.deps import get_database
from loyalty.web.pages.forms import parse_id
from loyalty.web.pages.render import render
from loyalty.web.pages.signed_in import StaffContext, staff

router = APIRouter(prefix="/admin/audit")
Auditor = Annotated[StaffContext, Depends(staff(VIEW_AUDIT))]
PAGE = 50


def shown(values: dict[str, Any] | None) -> str:
    """Before/after values as compact text for the table."""
    if not values:
        return ""
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


@router.get("")
def audit_log(request: Request, me: Auditor, subject_type: str = "", subject_id: str = "",
              before: str = "") -> Response:
    subject_type = subject_type.strip()[:32]
    subject_id = subject_id.strip()[:64]
    before_id = parse_id(before)
    with unit_of_work(get_database(request), read_only=True) as db:
        rows = audit.entries(session=db, program_id=me.program.id, before_id=before_id, limit=PAGE + 1,
                             subject_type=subject_type or None, subject_id=subject_id or None)
    entries = [{"entry": entry, "before": shown(entry.before), "after": shown(entry.after)} for entry in rows[:PAGE]]
    next_key = rows[PAGE - 1].id if len(rows) > PAGE else None
    return render(request, "admin/audit/list.html", {
        "entries": entries, "next_key": next_key, "subject_type": subject_type, "subject_id": subject_id})
