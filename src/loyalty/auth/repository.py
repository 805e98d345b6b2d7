from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from loyalty.auth.models import ApiKey, PageSession, StaffAdjustmentKey, StaffUser
from loyalty.programs.models import Program


def add(session: Session, key: ApiKey) -> None:
    session.add(key)
    session.flush()


def get(session: Session, key_id: int) -> ApiKey | None:
    return session.get(ApiKey, key_id)


def by_prefix(session: Session, prefix: str) -> ApiKey | None:
    return session.scalars(select(ApiKey).where(ApiKey.prefix == prefix)).one_or_none()


def for_program(session: Session, program_id: int, *, after_id: int | None = None,
                limit: int | None = None) -> Sequence[ApiKey]:
    query = select(ApiKey).where(ApiKey.program_id == program_id)
    if after_id is not None:
        query = query.where(ApiKey.id > after_id)
    return session.scalars(query.order_by(ApiKey.id).limit(limit)).all()


def page_session_by_hash(session: Session, token_hash: str) -> PageSession | None:
    return session.scalars(select(PageSession).where(PageSession.token_hash == token_hash)).one_or_none()


def end_page_session(session: Session, *, token_hash: str, at: datetime) -> None:
    session.execute(update(PageSession).where(PageSession.token_hash == token_hash, PageSession.ended_at.is_(None))
                    .values(ended_at=at))


def end_staff_page_sessions(session: Session, *, staff_user_id: int, at: datetime) -> None:
    session.execute(update(PageSession).where(PageSession.staff_user_id == staff_user_id,
                                              PageSession.ended_at.is_(None)).values(ended_at=at))


def staff_user_with_program(session: Session, staff_user_id: int) -> tuple[StaffUser, Program] | None:
    """The staff user and their program, in one query (every panel and till request reads them)."""
    found = session.execute(select(StaffUser, Program).join(Program, Program.id == StaffUser.program_id)
                            .where(StaffUser.id == staff_user_id)).one_or_none()
    return None if found is None else (found[0], found[1])


def adjustment_key(session: Session, *, staff_user_id: int, request_key: str) -> StaffAdjustmentKey | None:
    return session.scalars(select(StaffAdjustmentKey).where(
        StaffAdjustmentKey.staff_user_id == staff_user_id, StaffAdjustmentKey.request_key == request_key)
    ).one_or_none()


def add_adjustment_key(session: Session, key: StaffAdjustmentKey) -> None:
    session.add(key)
    session.flush()


def staff_user_by_email(session: Session, email: str, *, lock: bool = False) -> StaffUser | None:
    """`email` as stored (lower-cased); `lock` holds the row, so two sign-ins count failures in turn."""
    query = select(StaffUser).where(StaffUser.email == email)
    return session.scalars(query.with_for_update() if lock else query).one_or_none()


def staff_users_of(session: Session, program_id: int) -> Sequence[StaffUser]:
    return session.scalars(select(StaffUser).where(StaffUser.program_id == program_id).order_by(StaffUser.id)).all()


def count_active_owners(session: Session, program_id: int) -> int:
    return session.scalar(select(func.count()).select_from(StaffUser).where(
        StaffUser.program_id == program_id, StaffUser.role == "owner", StaffUser.disabled_at.is_(None))) or 0


def member_page_sessions(session: Session, *, program_id: int, member_id: int) -> Sequence[PageSession]:
    """The member app's signed-in browsers of the member, oldest first."""
    return session.scalars(select(PageSession).where(
        PageSession.program_id == program_id, PageSession.member_id == member_id)
        .order_by(PageSession.created_at, PageSession.id)).all()
