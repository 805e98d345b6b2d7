"""Staff users: created with a role, signed in with an e-mail and an Argon2id-hashed password.

Repeated wrong passwords lock the account for a while, doubling with each further failure
(5 failures: 1 minute, then 2, 4, ... up to an hour); a correct password during a lock-out is
refused like a wrong one, so guessing cannot continue. A locked account answers exactly as an
unknown e-mail or a wrong password does: a lock-out that showed itself would tell a stranger
which e-mails have accounts. Per-address back-off is the page layer's rate limit
(web/pages/limits.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from loyalty.auth import page_sessions, repository
from loyalty.auth.models import StaffUser
from loyalty.auth.roles import ROLES
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict, Invalid, NotFound, Unauthorized

MIN_PASSWORD_LENGTH = 10
FAILURES_BEFORE_LOCK = 5
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(hours=1)

_hasher = PasswordHasher()  # argon2id, the library's RFC 9106 low-memory profile
# Verified when the e-mail is unknown, so an unknown address takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


class SignInRefused(Unauthorized):
    code = "sign_in_refused"


def hash_password(password: str) -> str:
    check_password(password)
    return _hasher.hash(password)


def check_password(password: str, *, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.", code="weak_password",
                      field=field)
    if len(password) > 1024:
        raise Invalid("A password may have at most 1024 characters.", code="weak_password", field=field)


def _normal_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 320 or email.startswith("@") or email.endswith("@"):
        raise Invalid("Give an e-mail address such as anna@example.com.", code="invalid_email", field="email")
    return email


def create_user(*, session: Session, program_id: int, email: str, name: str, role: str, password: str,
                adjustment_limit: int | None = None) -> StaffUser:
    if role not in ROLES:
        raise Invalid(f"Unknown role {role!r}; one of: {', '.join(ROLES)}.", code="unknown_role", field="role")
    if not name.strip():
        raise Invalid("Give the person's name.", field="name")
    if adjustment_limit is not None and adjustment_limit < 0:
        raise Invalid("The adjustment limit cannot be negative.", field="adjustment_limit")
    email = _normal_email(email)
    if repository.staff_user_by_email(session, email) is not None:
        raise Conflict(f"A staff user with the e-mail {email} exists.", code="staff_user_exists", field="email")
    user = StaffUser(program_id=program_id, email=email, name=name.strip()[:200], role=role,
                     password_hash=hash_password(password), adjustment_limit=adjustment_limit,
                     created_at=clock.now())
    session.add(user)
    session.flush()
    return user


def authenticate(*, session: Session, email: str, password: str) -> StaffUser:
    """The user whose e-mail and password these are; SignInRefused, with one message for every
    cause (unknown, disabled, wrong, locked), otherwise. Counts failures and locks; the caller
    commits either way."""
    now = clock.now()
    user = repository.staff_user_by_email(session, email.strip().lower(), lock=True)
    if user is None or user.disabled_at is not None:
        _verifies(_DUMMY_HASH, password)
        raise SignInRefused("The e-mail or the password is wrong.")
    if user.locked_until is not None and user.locked_until > now:
        _verifies(_DUMMY_HASH, password)  # as long as any other refusal
        user.failed_sign_ins += 1  # still counted, so the lock keeps growing while guessing goes on
        raise SignInRefused("The e-mail or the password is wrong.")
    if not _verifies(user.password_hash, password):
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= FAILURES_BEFORE_LOCK:
            lock = min(FIRST_LOCK * 2 ** (user.failed_sign_ins - FAILURES_BEFORE_LOCK), LONGEST_LOCK)
            user.locked_until = now + lock
        raise SignInRefused("The e-mail or the password is wrong.")
    user.failed_sign_ins = 0
    user.locked_until = None
    user.last_sign_in_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def _verifies(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def get_user(*, session: Session, program_id: int, user_id: int) -> StaffUser:
    user = session.get(StaffUser, user_id)
    if user is None or user.program_id != program_id:
        raise NotFound(f"No staff user {user_id} in this program.", code="staff_user_not_found")
    return user


def list_users(*, session: Session, program_id: int) -> Sequence[StaffUser]:
    return repository.staff_users_of(session, program_id)


def count_owners(*, session: Session, program_id: int) -> int:
    return repository.count_active_owners(session, program_id)


def update_user(*, session: Session, program_id: int, user_id: int, role: str | None = None,
                adjustment_limit: int | None = None, clear_adjustment_limit: bool = False,
                disabled: bool | None = None, password: str | None = None) -> StaffUser:
    """Change a user; the program keeps at least one active owner. A new password, disabling
    or enabling the user ends every session of theirs (whoever calls: the panel, the CLI, the
    demo's reset), so a cookie taken before the change opens nothing after it."""
    user = get_user(session=session, program_id=program_id, user_id=user_id)
    was_disabled = user.disabled_at is not None
    was_active_owner = user.role == "owner" and user.disabled_at is None
    if role is not None:
        if role not in ROLES:
            raise Invalid(f"Unknown role {role!r}; one of: {', '.join(ROLES)}.", code="unknown_role", field="role")
        user.role = role
    if clear_adjustment_limit:
        user.adjustment_limit = None
    elif adjustment_limit is not None:
        if adjustment_limit < 0:
            raise Invalid("The adjustment limit cannot be negative.", field="adjustment_limit")
        user.adjustment_limit = adjustment_limit
    if disabled is not None:
        user.disabled_at = clock.now() if disabled else None
    if password is not None:
        user.password_hash = hash_password(password)
        user.failed_sign_ins = 0
        user.locked_until = None
    if password is not None or (disabled is not None and disabled != was_disabled):
        page_sessions.end_all_for_staff(session=session, staff_user_id=user.id)
    still_active_owner = user.role == "owner" and user.disabled_at is None
    if was_active_owner and not still_active_owner:
        session.flush()
        if count_owners(session=session, program_id=program_id) == 0:
            raise Conflict("The program needs at least one active owner.", code="last_owner")
    return user
