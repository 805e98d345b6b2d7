"""Queries on notes, service cases and their comments: the only SQL of this domain."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, case, func, select, update
from sqlalchemy.orm import Session, aliased

from loyalty.auth.models import StaffUser
from loyalty.members.models import Member
from loyalty.service_desk.models import CaseComment, MemberNote, ServiceCase

_assignee = aliased(StaffUser)


def add(session: Session, row: MemberNote | ServiceCase | CaseComment) -> None:
    session.add(row)
    session.flush()


def member_notes(session: Session, *, program_id: int, member_id: int, limit: int) -> Sequence[MemberNote]:
    """Pinned first, then newest first."""
    return session.scalars(select(MemberNote).where(MemberNote.program_id == program_id,
                                                    MemberNote.member_id == member_id)
                           .order_by(MemberNote.pinned.desc(), MemberNote.id.desc()).limit(limit)).all()


def get_note(session: Session, *, program_id: int, note_id: int) -> MemberNote | None:
    note = session.get(MemberNote, note_id)
    return note if note is not None and note.program_id == program_id else None


def set_pinned(session: Session, *, note_id: int, pinned: bool) -> None:
    session.execute(update(MemberNote).where(MemberNote.id == note_id).values(pinned=pinned))


def _cases() -> Select[Any]:
    member_name = func.trim(func.coalesce(Member.first_name, "") + " " + func.coalesce(Member.last_name, ""))
    return (select(ServiceCase, member_name.label("member_name"), Member.email, _assignee.name.label("assignee_name"))
            .join(Member, Member.id == ServiceCase.member_id)
            .outerjoin(_assignee, _assignee.id == ServiceCase.assignee_id))


def case_rows(session: Session, *, program_id: int, status: str | None, assignee_id: int | None,
              member_id: int | None, offset: int, limit: int) -> Sequence[Row[Any]]:
    """Open cases first, then newest first."""
    query = _cases().where(ServiceCase.program_id == program_id)
    if status is not None:
        query = query.where(ServiceCase.status == status)
    if assignee_id is not None:
        query = query.where(ServiceCase.assignee_id == assignee_id)
    if member_id is not None:
        query = query.where(ServiceCase.member_id == member_id)
    open_first = case((ServiceCase.status == "open", 0), else_=1)
    return session.execute(query.order_by(open_first, ServiceCase.id.desc()).offset(offset).limit(limit)).all()


def case_row(session: Session, *, program_id: int, case_id: int) -> Row[Any] | None:
    return session.execute(_cases().where(ServiceCase.program_id == program_id, ServiceCase.id == case_id)
                           ).one_or_none()


def get_case(session: Session, *, program_id: int, case_id: int, lock: bool = False) -> ServiceCase | None:
    query = select(ServiceCase).where(ServiceCase.program_id == program_id, ServiceCase.id == case_id)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def update_case(session: Session, *, case_id: int, values: dict[str, Any]) -> None:
    session.execute(update(ServiceCase).where(ServiceCase.id == case_id).values(**values))


def comments(session: Session, *, case_id: int, limit: int) -> Sequence[CaseComment]:
    """Oldest first: a case reads as a conversation."""
    return session.scalars(select(CaseComment).where(CaseComment.case_id == case_id)
                           .order_by(CaseComment.id).limit(limit)).all()


# --- the member's data export ------------------------------------------------------------------

_author = aliased(StaffUser)


def member_note_rows(session: Session, *, program_id: int, member_id: int
                     ) -> list[tuple[MemberNote, str | None]]:
    """Every note on the member with its author's role (None: the author's account is gone), oldest first."""
    return [(row, role) for row, role in session.execute(
        select(MemberNote, _author.role).outerjoin(_author, _author.id == MemberNote.author_id)
        .where(MemberNote.program_id == program_id, MemberNote.member_id == member_id)
        .order_by(MemberNote.created_at, MemberNote.id)).all()]


def member_case_rows(session: Session, *, program_id: int, member_id: int
                     ) -> list[tuple[ServiceCase, str | None]]:
    """Every service case of the member with the role of who opened it, oldest first."""
    return [(row, role) for row, role in session.execute(
        select(ServiceCase, _author.role).outerjoin(_author, _author.id == ServiceCase.opened_by_id)
        .where(ServiceCase.program_id == program_id, ServiceCase.member_id == member_id)
        .order_by(ServiceCase.opened_at, ServiceCase.id)).all()]


def member_case_comment_rows(session: Session, *, program_id: int, member_id: int
                             ) -> list[tuple[CaseComment, str | None]]:
    """Every comment on the member's cases with its author's role, in order; one statement."""
    return [(row, role) for row, role in session.execute(
        select(CaseComment, _author.role)
        .join(ServiceCase, ServiceCase.id == CaseComment.case_id)
        .outerjoin(_author, _author.id == CaseComment.author_id)
        .where(ServiceCase.program_id == program_id, ServiceCase.member_id == member_id)
        .order_by(CaseComment.case_id, CaseComment.created_at, CaseComment.id)).all()]
