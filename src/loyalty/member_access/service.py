"""How members get into the member app, and what the app does for them beyond the other domains.

Sign-in by e-mail: `request_code` makes a one-time 6-digit code and a one-time link token for
the member with that address (or nothing, silently, when no member has it: the page answers
the same either way, so it never tells who is a member). Only SHA-256 hashes are kept. A code
or link is good once, for CODE_LIFETIME, and a code dies after MAX_WRONG_CODES wrong tries;
asking for a new one retires the older ones. The caller sends the e-mail after its commit.

Passwords are optional (the e-mailed code always works), hashed with Argon2id like staff
passwords, and locked out after repeated failures the same way (auth/staff.py).

Sign-up calls what the API's POST /members calls, in the same order and unit of work:
enrolment, the referral link, the enrolment rules' welcome points.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import ValidationError
from sqlalchemy import update
from sqlalchemy.orm import Session

from loyalty.auth import page_sessions
from loyalty.auth import staff as staff_auth
from loyalty.auth.models import PageSession
from loyalty.kernel import clock
from loyalty.kernel.errors import Conflict, Invalid, NotFound, Unauthorized
from loyalty.kernel.exported import json_value
from loyalty.kernel.paging import every_item
from loyalty.ledger import service as ledger
from loyalty.member_access import repository
from loyalty.member_access.models import AppRedemptionKey, MemberPassword, SignInCode
from loyalty.members import service as members
from loyalty.members.models import Member
from loyalty.members.schemas import (
    PREFERRED_CHANNEL_ATTRIBUTE,
    PREFERRED_CHANNELS,
    ConsentInput,
    ConsentsInput,
    MemberCreate,
    MemberRef,
    MemberUpdate,
)
from loyalty.programs import service as programs
from loyalty.programs.models import Program
from loyalty.purchases import service as purchases
from loyalty.referrals import service as referrals
from loyalty.rewards import service as rewards
from loyalty.rewards.models import Redemption
from loyalty.rewards.schemas import RedemptionCreate
from loyalty.rules import service as rules
from loyalty.segment_membership import lookup as segment_membership
from loyalty.tiers import service as tiers
from loyalty.vouchers import service as vouchers

CODE_LIFETIME = timedelta(minutes=15)
MAX_WRONG_CODES = 5
SOURCE = "member_app"  # what consents given in the app are recorded with
REQUEST_KEY_LENGTH = 64

_hasher = PasswordHasher()  # argon2id
_DUMMY_HASH = _hasher.hash("not a password anyone has")


class SignInRefused(Unauthorized):
    code = "sign_in_refused"


@dataclass(frozen=True)
class IssuedCode:
    """What the e-mail carries; the plain code and token exist only here, never in the database."""

    member_id: int
    email: str
    name: str
    language: str | None
    code: str
    link_token: str
    expires_at: datetime


@dataclass(frozen=True)
class SignUp:
    email: str
    first_name: str | None
    last_name: str | None
    consents: dict[str, bool]  # channel -> granted, each one the member decided explicitly
    referral_code: str | None = None
    preferred_language: str | None = None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _code_hash(member_id: int, code: str) -> str:
    # The member's id in the hash: one table row's hash does not answer for another member.
    return _digest(f"{member_id}:{code}")


def app_program(*, session: Session, program_id: int | None) -> Program:
    """The program the member app serves: the configured one, else the server's first."""
    if program_id is not None:
        return programs.get_program(session=session, program_id=program_id)
    found = sorted(programs.list_programs(session=session), key=lambda program: program.id)
    if not found:
        raise NotFound("The server has no program yet.", code="program_not_found")
    return found[0]


def _member_by_email(session: Session, program_id: int, email: str) -> Member | None:
    try:
        ref = MemberRef(email=email)
    except ValidationError:
        return None
    try:
        member = members.find_member(session=session, program_id=program_id, ref=ref)
    except NotFound:
        return None
    return member if member.status == "active" else None


def request_code(*, session: Session, program: Program, email: str) -> IssuedCode | None:
    """A new code and link for the active member with this e-mail; None when there is none
    (the caller answers the same either way). Older unused codes of the member stop working."""
    member = _member_by_email(session, program.id, email)
    now = clock.now()
    code = f"{secrets.randbelow(1_000_000):06d}"
    token = secrets.token_urlsafe(32)
    if member is None:
        # Timing: an unknown address does the same database round trips as a known one (the
        # retiring UPDATE, which matches no row here, and a locking look-up of the new link's
        # hash in place of the INSERT) and the same hashing, so the answer's time does not tell
        # who is a member. What remains is the commit of a real row; the e-mail itself is sent
        # after the answer (web/member_app/access.py), so its delay tells nothing either.
        repository.retire_codes(session, member_id=0, now=now)
        _code_hash(0, code)
        repository.code_by_link(session, link_hash=_digest(token))
        return None
    repository.retire_codes(session, member_id=member.id, now=now)
    row = SignInCode(program_id=program.id, member_id=member.id, code_hash=_code_hash(member.id, code),
                     link_hash=_digest(token), created_at=now, expires_at=now + CODE_LIFETIME)
    session.add(row)
    session.flush()
    name = " ".join(part for part in (member.first_name, member.last_name) if part)
    assert member.email is not None
    return IssuedCode(member_id=member.id, email=member.email, name=name, language=member.preferred_language,
                      code=code, link_token=token, expires_at=row.expires_at)


def sign_in_with_code(*, session: Session, program: Program, email: str, code: str) -> int:
    """The member whose newest live code this is; SignInRefused otherwise (one message for every
    cause). A wrong code counts against it; the caller commits either way."""
    member = _member_by_email(session, program.id, email)
    # Timing: an unknown address runs the same locking query (for no member) and the same
    # comparison as a known one, and a refusal with no row to count on runs an UPDATE that
    # matches nothing in place of the count: the answer's time does not tell who is a member.
    now = clock.now()
    row = repository.live_code(session, member_id=member.id if member else 0, now=now)
    if member is None or row is None or row.failed_attempts >= MAX_WRONG_CODES:
        hmac.compare_digest(_code_hash(0, code.strip()), _code_hash(0, ""))
        repository.retire_codes(session, member_id=0, now=now)
        raise SignInRefused("The code is wrong or has expired.")
    if not hmac.compare_digest(row.code_hash, _code_hash(member.id, code.strip())):
        row.failed_attempts += 1
        raise SignInRefused("The code is wrong or has expired.")
    row.used_at = clock.now()
    return member.id


def _live_link(session: Session, program: Program, token: str, *, lock: bool) -> tuple[SignInCode, Member]:
    row = (repository.code_by_link(session, link_hash=_digest(token), lock=lock)
           if 10 < len(token) <= 100 else None)
    if (row is None or row.program_id != program.id or row.used_at is not None or row.expires_at <= clock.now()
            or row.failed_attempts >= MAX_WRONG_CODES):
        raise SignInRefused("This link is not valid any more.")
    member = members.get_member(session=session, program_id=program.id, member_id=row.member_id)
    if member.status != "active":
        raise SignInRefused("This link is not valid any more.")
    return row, member


def link_member_email(*, session: Session, program: Program, token: str) -> str:
    """The e-mail of the member a live link signs in, for the page that asks "sign in as ...?"
    before signing in; it changes nothing, so a mail scanner opening the link uses nothing up.
    SignInRefused when the link is unknown, used or expired."""
    _, member = _live_link(session, program, token, lock=False)
    return member.email or ""


def sign_in_with_link(*, session: Session, program: Program, token: str) -> int:
    """The member this one-time link was sent to; SignInRefused when it is unknown, used or expired.
    Signing in uses up the link and the code e-mailed with it (they are one row)."""
    row, member = _live_link(session, program, token, lock=True)
    row.used_at = clock.now()
    return member.id


def has_password(*, session: Session, member_id: int) -> bool:
    return session.get(MemberPassword, member_id) is not None


def set_password(*, session: Session, program: Program, member_id: int, password: str) -> None:
    """Sets (or replaces) the member's password; at least 10 characters, like staff passwords."""
    members.get_member(session=session, program_id=program.id, member_id=member_id)
    password_hash = staff_auth.hash_password(password)
    row = session.get(MemberPassword, member_id)
    now = clock.now()
    if row is None:
        session.add(MemberPassword(member_id=member_id, program_id=program.id, password_hash=password_hash,
                                   updated_at=now))
    else:
        row.password_hash = password_hash
        row.updated_at = now
        row.failed_sign_ins = 0
        row.locked_until = None
    session.flush()


def sign_in_with_password(*, session: Session, program: Program, email: str, password: str) -> int:
    """The member whose e-mail and password these are; SignInRefused otherwise. Repeated wrong
    passwords lock the password (not the e-mailed code) as for staff; the caller commits either way."""
    now = clock.now()
    member = _member_by_email(session, program.id, email)
    row = repository.password_for_update(session, member_id=member.id) if member else None
    if member is None or row is None:
        _verifies(_DUMMY_HASH, password)
        raise SignInRefused("The e-mail or the password is wrong.")
    _check_password(row, password, now)
    row.failed_sign_ins = 0
    row.locked_until = None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return member.id


def _check_password(row: MemberPassword, password: str, now: datetime) -> None:
    """SignInRefused, the same for a wrong password and a locked one (the answer never tells that
    this address has a password, nor that it is locked); each refusal counts, a wrong password
    past the limit locks (or locks for longer), and a locked password is refused even when right."""
    locked = row.locked_until is not None and row.locked_until > now
    if locked:
        _verifies(_DUMMY_HASH, password)
        row.failed_sign_ins += 1
        raise SignInRefused("The e-mail or the password is wrong.")
    if not _verifies(row.password_hash, password):
        row.failed_sign_ins += 1
        if row.failed_sign_ins >= staff_auth.FAILURES_BEFORE_LOCK:
            lock = min(staff_auth.FIRST_LOCK * 2 ** (row.failed_sign_ins - staff_auth.FAILURES_BEFORE_LOCK),
                       staff_auth.LONGEST_LOCK)
            row.locked_until = now + lock
        raise SignInRefused("The e-mail or the password is wrong.")


def change_password(*, session: Session, program: Program, member_id: int, current_password: str,
                    password: str, keep_session: str | None) -> None:
    """Sets or replaces the member's password from a signed-in session. Replacing one needs the
    current password (checked, counted and locked as at sign-in: SignInRefused); the first one
    needs none (the member has just proven the mailbox with a code or link). Every other session
    of the member ends: a stolen session cannot outlive the change."""
    members.get_member(session=session, program_id=program.id, member_id=member_id)
    row = repository.password_for_update(session, member_id=member_id)
    if row is not None:
        _check_password(row, current_password, clock.now())
    set_password(session=session, program=program, member_id=member_id, password=password)
    end_member_sessions(session=session, member_id=member_id, except_token=keep_session)


def end_member_sessions(*, session: Session, member_id: int, except_token: str | None = None) -> None:
    """Ends every live page session of the member, but the one `except_token` opens (if any)."""
    kept = page_sessions.current(session=session, token=except_token) if except_token else None
    query = update(PageSession).where(PageSession.member_id == member_id, PageSession.ended_at.is_(None))
    if kept is not None and kept.member_id == member_id:
        query = query.where(PageSession.id != kept.id)
    session.execute(query.values(ended_at=clock.now()))


def end_member_session(*, session: Session, token: str | None) -> None:
    """Ends the member session this token opens (a staff session's token ends nothing here)."""
    row = page_sessions.current(session=session, token=token)
    if row is not None and row.member_id is not None:
        row.ended_at = clock.now()
        session.flush()


def _verifies(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _consents(decisions: dict[str, bool], now: datetime) -> ConsentsInput:
    return ConsentsInput(**{channel: ConsentInput(granted=granted, source=SOURCE, recorded_at=now)
                            for channel, granted in decisions.items()})


def sign_up(*, session: Session, program: Program, data: SignUp) -> Member:
    """Enrols a member from the app, exactly as the API's POST /members does (the same services in
    the same order): `unknown_referral_code` when no member has the code (checked first), then
    `member_exists` when the e-mail is taken; either rolls the whole sign-up back."""
    actor = SOURCE
    create = MemberCreate(email=data.email, first_name=data.first_name, last_name=data.last_name,
                          preferred_language=data.preferred_language, enrolment_channel="app",
                          consents=_consents(data.consents, clock.now()), referral_code=data.referral_code)
    if create.referral_code is not None and create.referral_code.strip():
        # Checked before the e-mail: a taken address and a new one are refused the same (this
        # code is unknown), so the answer never tells who is a member.
        try:
            referrals.resolve_link(session=session, code=create.referral_code, program_id=program.id)
        except (NotFound, Conflict) as unknown:
            raise Invalid(f"No member of this program has the referral code '{create.referral_code.strip()}'.",
                          code="unknown_referral_code", field="referral_code") from unknown
    member = members.enrol_member(session=session, program=program, data=create, actor=actor)
    referrals.link_referral(session=session, program=program, referee=member, code=create.referral_code,
                            actor=actor)
    rules.award_enrolment(session=session, program=program, member=member, actor=actor)
    return member


def change_consents(*, session: Session, program: Program, member_id: int, decisions: dict[str, bool],
                    actor: str) -> Member:
    """Records each changed decision with the time and the source `member_app` (unchanged ones are not
    recorded again)."""
    return members.update_member(session=session, program=program, member_id=member_id,
                                 data=MemberUpdate(consents=_consents(decisions, clock.now())), actor=actor)


def set_preferred_channel(*, session: Session, program: Program, member_id: int, channel: str | None,
                          actor: str) -> Member:
    """Sets (or, with None, clears) the member attribute `preferred_channel`; refuses a channel
    that is not one of PREFERRED_CHANNELS. Consent stays a separate decision per channel."""
    if channel is not None and channel not in PREFERRED_CHANNELS:
        raise Invalid(f"preferred_channel must be one of {', '.join(PREFERRED_CHANNELS)}.",
                      code="invalid_preferred_channel", field="preferred_channel")
    return members.update_member(session=session, program=program, member_id=member_id,
                                 data=MemberUpdate(attributes={PREFERRED_CHANNEL_ATTRIBUTE: channel}), actor=actor)


def redeem_once(*, session: Session, program: Program, member_id: int, reward_id: int, request_key: str,
                language: str | None, actor: str) -> Redemption:
    """Redeems through the rewards service (the API's redeem) at most once per `request_key`: the
    same key again returns the first redemption. The member's row is locked first, so two taps
    arriving together wait for each other and the second finds the first's key."""
    if not request_key or len(request_key) > REQUEST_KEY_LENGTH:
        raise Invalid("This form has expired; reload the page.", code="invalid_request_key")
    repository.lock_member(session, member_id=member_id)
    earlier = repository.redemption_key(session, member_id=member_id, request_key=request_key)
    if earlier is not None:
        return rewards.get_redemption(session=session, program_id=program.id, redemption_id=earlier.redemption_id,
                                      member_id=member_id)
    redemption = rewards.redeem(session=session, program=program, member_id=member_id,
                                data=RedemptionCreate(reward_id=reward_id, language=language), actor=actor)
    session.add(AppRedemptionKey(program_id=program.id, member_id=member_id, request_key=request_key,
                                 redemption_id=redemption.id, created_at=clock.now()))
    session.flush()
    return redemption


# Event payload fields that name another member (a transfer's other side, a referral's other side,
# a draw's winners): that member's id is theirs, not part of this member's export.
OTHER_MEMBERS_FIELDS = frozenset({"referrer_id", "referee_id", "to_member_id", "from_member_id",
                                  "winner_member_ids"})


def export(*, session: Session, program: Program, member_id: int) -> dict[str, Any]:
    """What the domains below member_access hold about the member, for "download my data":
    profile, consents with their history, cards, ledger with its lots, the timeline of events,
    purchases with their lines, points and refunds, redemptions, coupons and their uses, the tier
    and what it counted, segments, referrals and the app's sign-ins. The domains above add theirs
    in the member app (web/member_app/my_data.py)."""
    member = members.get_member(session=session, program_id=program.id, member_id=member_id)
    profile = members.member_read(session=session, member=member)
    history = members.consent_history(session=session, program_id=program.id, member_id=member_id)
    cards = every_item(lambda key: members.list_member_cards(session=session, program_id=program.id,
                                                             member_id=member_id, after_id=key, limit=200))
    entries = every_item(lambda key: ledger.ledger_entries(session=session, program_id=program.id,
                                                           member_id=member_id, before_id=key, limit=200))
    bought = every_item(lambda key: purchases.member_purchases(session=session, program_id=program.id,
                                                               member_id=member_id, before_id=key, limit=200))
    redeemed = every_item(lambda key: rewards.member_redemptions(session=session, program_id=program.id,
                                                                 member_id=member_id, before_id=key, limit=200))
    coupons = every_item(lambda key: vouchers.member_vouchers(session=session, program=program,
                                                              member_id=member_id, before_id=key, limit=200))
    balances = ledger.balances(session=session, program=program, member_id=member_id)
    timeline = every_item(lambda key: members.member_timeline(session=session, program_id=program.id,
                                                               member_id=member_id, before_id=key, limit=200))
    return {
        "exported_at": clock.now().isoformat(),
        "program": {"id": program.id, "name": program.name},
        "profile": profile.model_dump(mode="json"),
        "consent_history": [{"channel": row.channel, "granted": row.granted, "source": row.source,
                             "recorded_at": row.recorded_at.isoformat()} for row in history],
        "cards": [card.model_dump(mode="json") for card in members.card_reads(session=session, cards=cards)],
        "balances": [{"unit": b.unit, "available": b.available, "pending": b.pending} for b in balances],
        "ledger": [entry.model_dump(mode="json") for entry in entries],
        "purchases": [purchase.model_dump(mode="json") for purchase in bought],
        "redemptions": [redemption.model_dump(mode="json") for redemption in redeemed],
        "coupons": [coupon.model_dump(mode="json") for coupon in coupons],
        **purchases.member_data(session=session, program_id=program.id, member_id=member_id),
        "point_lots": ledger.member_lots(session=session, program_id=program.id, member_id=member_id),
        # Who did it by kind only ("staff", "api_key", "member"...): the ids after it are internal.
        "timeline": [{"type": event.type, "occurred_at": json_value(event.occurred_at),
                      "by": event.actor.split(":", 1)[0],
                      "payload": {key: value for key, value in event.payload.items()
                                  if key not in OTHER_MEMBERS_FIELDS}} for event in timeline],
        "coupon_uses": vouchers.member_coupon_uses(session=session, program_id=program.id, member_id=member_id),
        **tiers.member_data(session=session, program_id=program.id, member_id=member_id),
        "segments": [{"segment": name, "entered_at": json_value(entered_at)} for name, entered_at in
                     segment_membership.member_segment_entries(session, program_id=program.id, member_id=member_id)],
        "referrals": referrals.member_data(session=session, program_id=program.id, member_id=member_id),
        "app_sign_ins": page_sessions.member_sign_ins(session=session, program_id=program.id, member_id=member_id),
    }
