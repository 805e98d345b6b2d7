"""Web push use cases: the installation's VAPID keys, subscribing and unsubscribing a device,
and the bookkeeping of what each send did. Sending itself (HTTP) is `loyalty.push.sender`,
called by the worker after the unit of work that read the subscriptions."""

from __future__ import annotations

from sqlalchemy.orm import Session

from loyalty.kernel import clock
from loyalty.kernel.errors import Invalid
from loyalty.push import domain, repository
from loyalty.push.schemas import PushOutcome, PushSubscriptionRead, PushTarget, VapidKeys

MAX_USER_AGENT = 300


def _new_key_pair() -> VapidKeys:
    from cryptography.hazmat.primitives import serialization
    from py_vapid import Vapid

    vapid = Vapid()
    vapid.generate_keys()
    point = vapid.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return VapidKeys(private_pem=vapid.private_pem().decode("ascii"), public_key=domain.b64url_encode(point))


def vapid_keys(*, session: Session) -> VapidKeys:
    """The installation's key pair, made on the first call ever (by whichever process comes
    first; the others read the same row). Writes, so needs a unit of work that commits the first
    time."""
    found = repository.key(session)
    if found is None:
        made = _new_key_pair()
        repository.add_key_once(session, private_key=made.private_pem, public_key=made.public_key, now=clock.now())
        found = repository.key(session)
        assert found is not None
    return VapidKeys(private_pem=found.private_key, public_key=found.public_key)


def existing_public_key(*, session: Session) -> str | None:
    """The public key if the pair is made (a read: for read-only units)."""
    found = repository.key(session)
    return None if found is None else found.public_key


def public_key(*, session: Session) -> str:
    """The applicationServerKey the member app subscribes with (base64url)."""
    return vapid_keys(session=session).public_key


def subscribe(*, session: Session, program_id: int, member_id: int, endpoint: str, p256dh: str, auth: str,
              user_agent: str | None, allow_private_endpoints: bool = False) -> PushSubscriptionRead:
    """Stores the device's subscription for the member. Idempotent: the same browser posting
    again updates its row; a browser that another member of the program used before becomes this
    member's. A member keeps at most MAX_LIVE_SUBSCRIPTIONS live devices: a newer one marks the
    oldest gone (so one member cannot make each notification go to any number of endpoints)."""
    endpoint = domain.check_endpoint(endpoint, allow_private=allow_private_endpoints)
    p256dh, auth = domain.check_keys(p256dh=p256dh, auth=auth)
    now = clock.now()
    subscription_id = repository.upsert_subscription(
        session, program_id=program_id, member_id=member_id, endpoint=endpoint, p256dh=p256dh, auth=auth,
        user_agent=(user_agent or "")[:MAX_USER_AGENT] or None, now=now)
    repository.mark_oldest_gone(session, program_id=program_id, member_id=member_id,
                                keep=domain.MAX_LIVE_SUBSCRIPTIONS, newest_id=subscription_id, now=now)
    found = next(row for row in repository.subscriptions(session, program_id=program_id, member_id=member_id,
                                                          live_only=True) if row.id == subscription_id)
    return PushSubscriptionRead.model_validate(found)


def unsubscribe(*, session: Session, program_id: int, member_id: int, endpoint: str) -> bool:
    """The device stopped notifications: its subscription is never sent to again. Only the
    member's own subscription is touched; whether one was, is the answer."""
    if not endpoint.strip():
        raise Invalid("Which endpoint?", code="invalid_push_endpoint", field="endpoint")
    mine = [row.id for row in repository.subscriptions(session, program_id=program_id, member_id=member_id,
                                                       live_only=True) if row.endpoint == endpoint.strip()]
    return bool(mine) and repository.mark_gone(session, subscription_ids=mine, now=clock.now()) > 0


def member_subscriptions(*, session: Session, program_id: int, member_id: int,
                         live_only: bool = True) -> list[PushSubscriptionRead]:
    return [PushSubscriptionRead.model_validate(row) for row in repository.subscriptions(
        session, program_id=program_id, member_id=member_id, live_only=live_only)]


def live_targets(*, session: Session, program_id: int, member_id: int) -> list[PushTarget]:
    """Where a notification for the member goes: each device still subscribed."""
    return [PushTarget(id=row.id, endpoint=row.endpoint, p256dh=row.p256dh, auth=row.auth)
            for row in repository.subscriptions(session, program_id=program_id, member_id=member_id,
                                                live_only=True)]


def record_outcomes(*, session: Session, outcomes: list[PushOutcome]) -> None:
    """Keeps what the sends did: the time of the last success, and gone (404/410) subscriptions
    are never sent to again."""
    now = clock.now()
    repository.mark_success(session, subscription_ids=[o.subscription_id for o in outcomes
                                                       if o.result == "delivered"], now=now)
    gone = [o.subscription_id for o in outcomes if o.result == "gone"]
    if gone:
        repository.mark_gone(session, subscription_ids=gone, now=now)
