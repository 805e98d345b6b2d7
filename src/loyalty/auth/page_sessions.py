"""Sessions of signed-in browsers (staff and members), kept in the database.

The browser holds a random token; the table holds its SHA-256, the session's CSRF token and
its end. Signing in always starts a new session (a token seen before sign-in is useless
after it); signing out ends it, and an ended or expired session signs nobody in.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from loyalty.auth import repository
from loyalty.auth.models import PageSession
from loyalty.kernel import clock
from loyalty.kernel.exported import row_values

STAFF_LIFETIME = timedelta(hours=12)
MEMBER_LIFETIME = timedelta(days=30)


@dataclass(frozen=True)
class StartedSession:
    token: str  # for the cookie; never stored
    session: PageSession


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(*, session: Session, program_id: int, staff_user_id: int | None = None,
          member_id: int | None = None) -> StartedSession:
    if (staff_user_id is None) == (member_id is None):
        raise ValueError("a page session belongs to one staff user or one member")
    now = clock.now()
    token = secrets.token_urlsafe(32)
    row = PageSession(token_hash=_hash(token), face="staff" if staff_user_id else "member", program_id=program_id,
                      staff_user_id=staff_user_id, member_id=member_id, csrf_token=secrets.token_urlsafe(32),
                      created_at=now, expires_at=now + (STAFF_LIFETIME if staff_user_id else MEMBER_LIFETIME))
    session.add(row)
    session.flush()
    return StartedSession(token=token, session=row)


def current(*, session: Session, token: str | None) -> PageSession | None:
    """The live session this token opens, or None."""
    if not token or len(token) > 100:
        return None
    row = repository.page_session_by_hash(session, _hash(token))
    if row is None or row.ended_at is not None or row.expires_at <= clock.now():
        return None
    return row


def end(*, session: Session, token: str | None) -> None:
    if token:
        repository.end_page_session(session, token_hash=_hash(token), at=clock.now())


def end_all_for_staff(*, session: Session, staff_user_id: int) -> None:
    """A disabled user or a changed password signs every browser of that user out."""
    repository.end_staff_page_sessions(session, staff_user_id=staff_user_id, at=clock.now())


def member_sign_ins(*, session: Session, program_id: int, member_id: int) -> list[dict[str, Any]]:
    """When the member signed in to the app and until when (their data export); the session token's
    hash and the CSRF token are secrets and stay out. One statement."""
    return [row_values(row, ("created_at", "expires_at", "ended_at"))
            for row in repository.member_page_sessions(session, program_id=program_id, member_id=member_id)]
