"""Queries of member sign-in: codes, passwords, the app's redemption keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from loyalty.member_access.models import AppRedemptionKey, MemberPassword, SignInCode
from loyalty.members.models import Member


def retire_codes(session: Session, *, member_id: int, now: datetime) -> None:
    """Ends the member's unused codes: only the newest e-mail's code works."""
    session.execute(update(SignInCode).where(SignInCode.member_id == member_id, SignInCode.used_at.is_(None),
                                             SignInCode.expires_at > now).values(expires_at=now))


def live_code(session: Session, *, member_id: int, now: datetime) -> SignInCode | None:
    """The member's newest unused, unexpired code, locked: two guesses at once count as two."""
    return session.scalars(select(SignInCode).where(
        SignInCode.member_id == member_id, SignInCode.used_at.is_(None), SignInCode.expires_at > now)
        .order_by(SignInCode.id.desc()).limit(1).with_for_update()).one_or_none()


def code_by_link(session: Session, *, link_hash: str, lock: bool = True) -> SignInCode | None:
    query = select(SignInCode).where(SignInCode.link_hash == link_hash)
    return session.scalars(query.with_for_update() if lock else query).one_or_none()


def password_for_update(session: Session, *, member_id: int) -> MemberPassword | None:
    return session.scalars(select(MemberPassword).where(MemberPassword.member_id == member_id)
                           .with_for_update()).one_or_none()


def lock_member(session: Session, *, member_id: int) -> None:
    session.execute(select(Member.id).where(Member.id == member_id).with_for_update())


def redemption_key(session: Session, *, member_id: int, request_key: str) -> AppRedemptionKey | None:
    return session.scalars(select(AppRedemptionKey).where(
        AppRedemptionKey.member_id == member_id, AppRedemptionKey.request_key == request_key)).one_or_none()
