"""Notes staff leave on a member, and service cases: opened on a member, assigned to a staff
user, commented, closed with a resolution.

Every function works in the caller's session and never commits; the caller records the audit
entry in the same unit of work. A member, note, case or staff user of another program is
NotFound, as everywhere.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from loyalty.auth import staff
from loyalty.auth.roles import WRITE_NOTES, may
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.kernel.exported import row_values
from loyalty.members import service as members
from loyalty.service_desk import repository
from loyalty.service_desk.models import CaseComment, MemberNote, ServiceCase
from loyalty.service_desk.schemas import (
    CASE_KINDS,
    CASE_STATUSES,
    DEPARTMENTS,
    CaseDetail,
    CasePage,
    CaseRead,
    CommentRead,
    NoteRead,
    StaffChoice,
)

MAX_BODY = 5000
MAX_SUBJECT = 200
MAX_COMMENTS = 200


def _text(value: str, *, field: str, limit: int, what: str) -> str:
    value = value.strip()
    if not value:
        raise Invalid(f"Write the {what}.", code=f"{field}_required", field=field)
    if len(value) > limit:
        raise Invalid(f"The {what} is longer than {limit} characters.", code=f"{field}_too_long", field=field)
    return value


# Notes


def add_note(*, session: Session, program_id: int, member_id: int, department: str, body: str,
             author_id: int | None, author_name: str) -> NoteRead:
    members.get_member(session=session, program_id=program_id, member_id=member_id)
    if department not in DEPARTMENTS:
        raise Invalid("Choose a department.", code="invalid_department", field="department")
    note = MemberNote(program_id=program_id, member_id=member_id, department=department,
                      body=_text(body, field="body", limit=MAX_BODY, what="note"), pinned=False,
                      author_id=author_id, author_name=author_name[:200], created_at=clock.now())
    repository.add(session, note)
    return NoteRead.model_validate(note)


def set_note_pinned(*, session: Session, program_id: int, member_id: int, note_id: int,
                    pinned: bool) -> tuple[NoteRead, NoteRead]:
    """Pin or unpin; the note before and after (the same when nothing changed)."""
    note = repository.get_note(session, program_id=program_id, note_id=note_id)
    if note is None or note.member_id != member_id:
        raise NotFound(f"No note {note_id} on member {member_id}.", code="note_not_found")
    before = NoteRead.model_validate(note)
    if note.pinned != pinned:
        repository.set_pinned(session, note_id=note.id, pinned=pinned)
    return before, before.model_copy(update={"pinned": pinned})


def member_notes(*, session: Session, program_id: int, member_id: int, limit: int = 50) -> list[NoteRead]:
    """Pinned first, then newest first; at most `limit`."""
    members.get_member(session=session, program_id=program_id, member_id=member_id)
    return [NoteRead.model_validate(note)
            for note in repository.member_notes(session, program_id=program_id, member_id=member_id, limit=limit)]


# Service cases


def _case_read(row: Any) -> CaseRead:
    """A row of repository.case_rows: the case, the member's name and e-mail, the assignee's name."""
    case, member_name, email, assignee_name = row
    return CaseRead(id=case.id, member_id=case.member_id, member_name=member_name or email or f"#{case.member_id}",
                    kind=case.kind, subject=case.subject, status=case.status, assignee_id=case.assignee_id,
                    assignee_name=assignee_name, opened_by_id=case.opened_by_id, opened_by_name=case.opened_by_name,
                    opened_at=case.opened_at, closed_at=case.closed_at, resolution=case.resolution)


def _assignee(session: Session, program_id: int, assignee_id: int | None) -> int | None:
    if assignee_id is None:
        return None
    user = staff.get_user(session=session, program_id=program_id, user_id=assignee_id)
    if user.disabled_at is not None or not may(user.role, WRITE_NOTES):
        raise Invalid("This staff user cannot take cases.", code="invalid_assignee", field="assignee_id")
    return user.id


def read_case(*, session: Session, program_id: int, case_id: int) -> CaseRead:
    row = repository.case_row(session, program_id=program_id, case_id=case_id)
    if row is None:
        raise NotFound(f"No service case {case_id}.", code="case_not_found")
    return _case_read(row)


def open_case(*, session: Session, program_id: int, member_id: int, kind: str, subject: str, body: str = "",
              assignee_id: int | None = None, opened_by_id: int | None, opened_by_name: str) -> CaseRead:
    """A new open case; `body`, when given, is its first comment."""
    members.get_member(session=session, program_id=program_id, member_id=member_id)
    if kind not in CASE_KINDS:
        raise Invalid("Choose what kind of case this is.", code="invalid_case_kind", field="kind")
    now = clock.now()
    case = ServiceCase(program_id=program_id, member_id=member_id, kind=kind,
                       subject=_text(subject, field="subject", limit=MAX_SUBJECT, what="subject"), status="open",
                       assignee_id=_assignee(session, program_id, assignee_id), opened_by_id=opened_by_id,
                       opened_by_name=opened_by_name[:200], opened_at=now)
    repository.add(session, case)
    if body.strip():
        repository.add(session, CaseComment(program_id=program_id, case_id=case.id,
                                            body=_text(body, field="body", limit=MAX_BODY, what="comment"),
                                            author_id=opened_by_id, author_name=opened_by_name[:200], created_at=now))
    return read_case(session=session, program_id=program_id, case_id=case.id)


def _open_case_locked(session: Session, program_id: int, case_id: int) -> ServiceCase:
    case = repository.get_case(session, program_id=program_id, case_id=case_id, lock=True)
    if case is None:
        raise NotFound(f"No service case {case_id}.", code="case_not_found")
    if case.status != "open":
        raise Conflict(f"Case {case_id} is closed.", code="case_closed")
    return case


def assign_case(*, session: Session, program_id: int, case_id: int,
                assignee_id: int | None) -> tuple[CaseRead, CaseRead]:
    """Give the open case to a staff user who may work on cases (None: to nobody)."""
    case = _open_case_locked(session, program_id, case_id)
    before = read_case(session=session, program_id=program_id, case_id=case.id)
    repository.update_case(session, case_id=case.id,
                           values={"assignee_id": _assignee(session, program_id, assignee_id)})
    return before, read_case(session=session, program_id=program_id, case_id=case.id)


def comment_case(*, session: Session, program_id: int, case_id: int, body: str, author_id: int | None,
                 author_name: str) -> CommentRead:
    case = _open_case_locked(session, program_id, case_id)
    comment = CaseComment(program_id=program_id, case_id=case.id,
                          body=_text(body, field="body", limit=MAX_BODY, what="comment"),
                          author_id=author_id, author_name=author_name[:200], created_at=clock.now())
    repository.add(session, comment)
    return CommentRead.model_validate(comment)


def close_case(*, session: Session, program_id: int, case_id: int, resolution: str) -> tuple[CaseRead, CaseRead]:
    """Close the open case with its resolution (required)."""
    case = _open_case_locked(session, program_id, case_id)
    before = read_case(session=session, program_id=program_id, case_id=case.id)
    repository.update_case(session, case_id=case.id, values={
        "status": "closed", "closed_at": clock.now(),
        "resolution": _text(resolution, field="resolution", limit=MAX_BODY, what="resolution")})
    return before, read_case(session=session, program_id=program_id, case_id=case.id)


def case_detail(*, session: Session, program_id: int, case_id: int) -> CaseDetail:
    case = read_case(session=session, program_id=program_id, case_id=case_id)
    return CaseDetail(case=case, comments=[CommentRead.model_validate(comment) for comment in
                                           repository.comments(session, case_id=case_id, limit=MAX_COMMENTS)])


def list_cases(*, session: Session, program_id: int, status: str | None = None, assignee_id: int | None = None,
               member_id: int | None = None, offset: int = 0, limit: int = 50) -> CasePage:
    """Open cases first, then newest first; `offset` pages on."""
    if status is not None and status not in CASE_STATUSES:
        raise Invalid("Unknown case status.", code="invalid_status", field="status")
    offset = max(offset, 0)
    rows = repository.case_rows(session, program_id=program_id, status=status, assignee_id=assignee_id,
                                member_id=member_id, offset=offset, limit=limit + 1)
    return CasePage(items=[_case_read(row) for row in rows[:limit]], offset=offset, has_more=len(rows) > limit)


def assignable_staff(*, session: Session, program_id: int) -> list[StaffChoice]:
    """The program's staff users who may work on cases."""
    return [StaffChoice(id=user.id, name=user.name) for user in staff.list_users(session=session, program_id=program_id)
            if user.disabled_at is None and may(user.role, WRITE_NOTES)]


def member_data(*, session: Session, program_id: int, member_id: int) -> dict[str, Any]:
    """What the service desk keeps about the member (their data export): the staff's notes on them
    and their service cases with every comment. Notes are personal data about the member too, so
    they are included as written; their authors appear by role (agent, manager...), not by name,
    since the staff's names are the staff's own data. Three statements."""
    comments: dict[int, list[dict[str, Any]]] = {}
    for comment, role in repository.member_case_comment_rows(session, program_id=program_id, member_id=member_id):
        comments.setdefault(comment.case_id, []).append(row_values(comment, ("body", "created_at"), author_role=role))
    return {
        "staff_notes": [row_values(note, ("department", "body", "pinned", "created_at"), author_role=role)
                        for note, role in repository.member_note_rows(session, program_id=program_id,
                                                                      member_id=member_id)],
        "service_cases": [row_values(case, ("kind", "subject", "status", "opened_at", "closed_at", "resolution"),
                                     opened_by_role=role, comments=comments.get(case.id, []))
                          for case, role in repository.member_case_rows(session, program_id=program_id,
                                                                       member_id=member_id)],
    }
