"""The demo's staff: one user per role, with a fresh password on every start (printed), so the
admin panel and the POS screen can be tried at once."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loyalty.auth import staff
from loyalty.auth.models import StaffUser
from loyalty.auth.roles import ROLES
from loyalty.members.models import Member
from loyalty.purchases.models import Purchase

DEMO_STAFF_DOMAIN = "demo.loyalty.example"
AGENT_ADJUSTMENT_LIMIT = 500


def demo_email(role: str) -> str:
    return f"{role}@{DEMO_STAFF_DOMAIN}"


def ensure_demo_staff(session: Session, *, program_id: int) -> dict[str, str]:
    """{role: password} for the demo's staff users, created on the first start and given new
    passwords on every later one."""
    passwords: dict[str, str] = {}
    for role in ROLES:
        password = secrets.token_urlsafe(9)
        user = session.scalars(select(StaffUser).where(StaffUser.email == demo_email(role))).one_or_none()
        if user is None:
            staff.create_user(session=session, program_id=program_id, email=demo_email(role), role=role,
                              name=f"Demo {role}", password=password,
                              adjustment_limit=AGENT_ADJUSTMENT_LIMIT if role == "agent" else None)
        else:
            staff.update_user(session=session, program_id=program_id, user_id=user.id, password=password)
        passwords[role] = password
    return passwords


def demo_member_email(session: Session, *, program_id: int) -> str | None:
    """A member to sign in to the member app as (the code arrives in the outbox folder): the
    active member with an e-mail who bought most often, so the app shows what it can (a receipts
    history, a tier, badges, personal offers), not an empty account; the first such member when
    nobody has bought yet."""
    with_email = (Member.program_id == program_id, Member.status == "active", Member.email.is_not(None))
    regular = session.scalar(
        select(Member.email).join(Purchase, (Purchase.member_id == Member.id) & (Purchase.program_id == program_id))
        .where(*with_email).group_by(Member.id, Member.email).order_by(func.count().desc(), Member.id).limit(1))
    return regular or session.scalar(select(Member.email).where(*with_email).order_by(Member.id).limit(1))
