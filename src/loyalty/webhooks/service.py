"""Webhook endpoints and deliveries: subscribing, the messages an event makes, and the
bookkeeping of each attempt. The HTTP call itself is in `network.py`, made between two units
of work (`sending.deliver`): no transaction is held open while a receiver thinks."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loyalty.audit import service as audit
from loyalty.kernel import clock, paging
from loyalty.kernel.errors import Conflict, Invalid, NotFound
from loyalty.kernel.paging import Slice
from loyalty.webhooks import domain, network, repository
from loyalty.webhooks.domain import AddressPolicy
from loyalty.webhooks.models import WebhookDelivery, WebhookEndpoint
from loyalty.webhooks.schemas import WebhookEndpointCreate, WebhookEndpointUpdate

SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks prefix, not a secret
# How long one attempt may hold a delivery: the request's timeout and room to record it.
CLAIM_LEASE = timedelta(seconds=domain.TIMEOUT_SECONDS * 6)


@dataclass(frozen=True)
class IssuedSecret:
    endpoint: WebhookEndpoint
    secret: str  # shown once


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _event_types(types: list[str]) -> list[str]:
    unknown = [name for name in types if name not in domain.SUBSCRIBABLE_TYPES]
    if unknown:
        raise Invalid(f"Unknown event type(s): {', '.join(unknown)}.", code="unknown_event_type",
                      field="event_types", details={"known": list(domain.SUBSCRIBABLE_TYPES)})
    if not types:
        raise Invalid("Choose at least one event type.", code="unknown_event_type", field="event_types")
    return list(dict.fromkeys(types))


def _checked_url(url: str, policy: AddressPolicy) -> str:
    url = url.strip()
    network.check_url(url, policy)
    return url


def _audited(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return {"url": endpoint.url, "event_types": endpoint.event_types, "description": endpoint.description,
            "is_enabled": endpoint.is_enabled}


def create_endpoint(*, session: Session, program_id: int, data: WebhookEndpointCreate, policy: AddressPolicy,
                    actor: str, actor_name: str) -> IssuedSecret:
    """A new endpoint whose URL passed the address check; its secret is in the answer only. Audited."""
    now = clock.now()
    endpoint = WebhookEndpoint(program_id=program_id, url=_checked_url(data.url, policy),
                               description=data.description.strip(), event_types=_event_types(data.event_types),
                               secret=new_secret(), is_enabled=data.is_enabled, created_at=now, updated_at=now)
    repository.add(session, endpoint)
    audit.record(session=session, program_id=program_id, actor=actor, actor_name=actor_name,
                 action="webhook_endpoint.created", subject_type="webhook_endpoint", subject_id=endpoint.id,
                 after=_audited(endpoint))
    return IssuedSecret(endpoint, endpoint.secret)


def get_endpoint(*, session: Session, program_id: int, endpoint_id: int) -> WebhookEndpoint:
    endpoint = repository.endpoint(session, program_id=program_id, endpoint_id=endpoint_id)
    if endpoint is None:
        raise NotFound(f"Webhook endpoint {endpoint_id} does not exist.", code="webhook_endpoint_not_found")
    return endpoint


def list_endpoints(*, session: Session, program_id: int, after_id: int | None = None,
                   limit: int = 50) -> Slice[WebhookEndpoint]:
    paging.check_limit(limit)
    return paging.slice_of(repository.endpoints(session, program_id=program_id, after_id=after_id, limit=limit + 1),
                           limit, key=lambda endpoint: endpoint.id)


def update_endpoint(*, session: Session, program_id: int, endpoint_id: int, data: WebhookEndpointUpdate,
                    policy: AddressPolicy, actor: str, actor_name: str) -> WebhookEndpoint:
    """Change what is given; a new URL is checked as a new one is. Disabling stops new deliveries and
    the attempts still due (they end dead and can be replayed). Audited."""
    endpoint = get_endpoint(session=session, program_id=program_id, endpoint_id=endpoint_id)
    before = _audited(endpoint)
    if data.url is not None and data.url.strip() != endpoint.url:
        endpoint.url = _checked_url(data.url, policy)
    if data.event_types is not None:
        endpoint.event_types = _event_types(data.event_types)
    if data.description is not None:
        endpoint.description = data.description.strip()
    if data.is_enabled is not None:
        endpoint.is_enabled = data.is_enabled
    after = _audited(endpoint)
    if after != before:
        endpoint.updated_at = clock.now()
        session.flush()
        audit.record(session=session, program_id=program_id, actor=actor, actor_name=actor_name,
                     action="webhook_endpoint.updated", subject_type="webhook_endpoint", subject_id=endpoint.id,
                     before=before, after=after)
    return endpoint


def rotate_secret(*, session: Session, program_id: int, endpoint_id: int, actor: str,
                  actor_name: str) -> IssuedSecret:
    """A new secret signs from now on; the old one adds a second signature for
    `domain.PREVIOUS_SECRET_VALID_FOR`, so receivers switch without refusing anything. Audited
    (never the secrets themselves)."""
    endpoint = get_endpoint(session=session, program_id=program_id, endpoint_id=endpoint_id)
    now = clock.now()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = now + domain.PREVIOUS_SECRET_VALID_FOR
    endpoint.secret = new_secret()
    endpoint.updated_at = now
    session.flush()
    audit.record(session=session, program_id=program_id, actor=actor, actor_name=actor_name,
                 action="webhook_endpoint.secret_rotated", subject_type="webhook_endpoint", subject_id=endpoint.id,
                 after={"previous_secret_expires_at": endpoint.previous_secret_expires_at})
    return IssuedSecret(endpoint, endpoint.secret)


def list_deliveries(*, session: Session, program_id: int, endpoint_id: int, before_id: int | None = None,
                    limit: int = 50) -> Slice[WebhookDelivery]:
    """An endpoint's delivery log, newest first."""
    paging.check_limit(limit)
    get_endpoint(session=session, program_id=program_id, endpoint_id=endpoint_id)
    return paging.slice_of(repository.deliveries(session, endpoint_id=endpoint_id, before_id=before_id,
                                                 limit=limit + 1), limit, key=lambda row: row.id)


def get_delivery(*, session: Session, program_id: int, delivery_id: int) -> WebhookDelivery:
    found = repository.delivery(session, program_id=program_id, delivery_id=delivery_id)
    if found is None:
        raise NotFound(f"Webhook delivery {delivery_id} does not exist.", code="webhook_delivery_not_found")
    return found


def replay(*, session: Session, program_id: int, delivery_id: int, actor: str, actor_name: str) -> WebhookDelivery:
    """Send a message again as a new delivery: the same `webhook-id` and body (a receiver that took
    it already can tell), a fresh timestamp and signature at sending time. The caller defers its
    job after the commit. 409 `webhook_delivery_in_progress` while it is still being attempted,
    `webhook_endpoint_disabled` while the endpoint is disabled. Audited."""
    source = get_delivery(session=session, program_id=program_id, delivery_id=delivery_id)
    if source.status in repository.RETRYABLE:
        raise Conflict("This delivery is still being attempted; replay it once it has succeeded or given up.",
                       code="webhook_delivery_in_progress")
    endpoint = get_endpoint(session=session, program_id=program_id, endpoint_id=source.endpoint_id)
    if not endpoint.is_enabled:
        raise Conflict("Enable the endpoint before replaying its deliveries.", code="webhook_endpoint_disabled")
    original_id = source.replay_of_id or source.id
    now = clock.now()
    replayed = WebhookDelivery(
        program_id=program_id, endpoint_id=source.endpoint_id, event_id=source.event_id,
        event_type=source.event_type, webhook_id=source.webhook_id,
        sequence=repository.take_replay_sequence(session, original_id=original_id), replay_of_id=original_id,
        body=source.body, status="pending", attempts=0, next_attempt_at=now, created_at=now, updated_at=now)
    repository.add(session, replayed)
    audit.record(session=session, program_id=program_id, actor=actor, actor_name=actor_name,
                 action="webhook_delivery.replayed", subject_type="webhook_delivery", subject_id=replayed.id,
                 after={"replay_of": source.id, "webhook_id": source.webhook_id})
    return replayed


def deliveries_for_event(*, session: Session, event_id: int, program_id: int, member_id: int | None, type: str,
                         occurred_at: datetime, payload: dict[str, Any]) -> list[int]:
    """One pending delivery per enabled endpoint of the program subscribed to `type`; their ids (the
    caller defers a job for each after the commit). Database writes only. A second call for the
    same event writes nothing more (unique endpoint, event and sequence)."""
    if type not in domain.SUBSCRIBABLE_TYPES:
        return []
    wanting = [endpoint for endpoint in repository.enabled_endpoints(session, program_id=program_id)
               if type in endpoint.event_types]
    if not wanting:
        return []
    body = domain.message_body(event_id=event_id, type=type, program_id=program_id, member_id=member_id,
                               occurred_at=occurred_at, payload=payload)
    now = clock.now()
    created = []
    for endpoint in wanting:
        row = WebhookDelivery(program_id=program_id, endpoint_id=endpoint.id, event_id=event_id, event_type=type,
                              webhook_id=f"msg_{secrets.token_hex(16)}", sequence=0, body=body, status="pending",
                              attempts=0, next_attempt_at=now, created_at=now, updated_at=now)
        try:
            with session.begin_nested():
                repository.add(session, row)
        except IntegrityError:  # made already: this event was handled before
            continue
        created.append(row.id)
    return created


@dataclass(frozen=True)
class EventToDeliver:
    id: int
    program_id: int
    member_id: int | None
    type: str
    occurred_at: datetime
    payload: dict[str, Any]


def deliveries_for_events(*, session: Session, events: Sequence[EventToDeliver]) -> list[int]:
    """`deliveries_for_event` for many events at once: each program's endpoints read once and
    every delivery written by one INSERT … ON CONFLICT DO NOTHING, so an event handled before
    gets nothing more. The ids of the deliveries made now."""
    wanted = [event for event in events if event.type in domain.SUBSCRIBABLE_TYPES]
    endpoints = repository.enabled_endpoints_of(session, program_ids=sorted({event.program_id for event in wanted}))
    now = clock.now()
    rows: list[dict[str, Any]] = []
    for event in wanted:
        subscribed = [endpoint for endpoint in endpoints[event.program_id] if event.type in endpoint.event_types]
        if not subscribed:
            continue
        body = domain.message_body(event_id=event.id, type=event.type, program_id=event.program_id,
                                   member_id=event.member_id, occurred_at=event.occurred_at, payload=event.payload)
        rows.extend({"program_id": event.program_id, "endpoint_id": endpoint.id, "event_id": event.id,
                     "event_type": event.type, "webhook_id": f"msg_{secrets.token_hex(16)}", "sequence": 0,
                     "replays": 0, "body": body, "status": "pending", "attempts": 0, "next_attempt_at": now,
                     "created_at": now, "updated_at": now} for endpoint in subscribed)
    if not rows:
        return []
    return repository.add_deliveries_ignoring_made(session, rows)


@dataclass(frozen=True)
class Claim:
    """A delivery taken for one attempt: where to, what, and the token that records its outcome."""

    delivery_id: int
    token: str
    url: str | None  # None: the endpoint was disabled, the delivery ends without an attempt
    body: str
    headers: dict[str, str]
    endpoint_id: int = 0
    attempts_before: int = 0  # attempts recorded before this one


# Deliveries one batch claim takes: enough to keep a receiver's connection busy, few enough that
# a batch ends well within its lease.
BATCH_SIZE = 100


def _signing_keys(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    keys = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_secret_expires_at and endpoint.previous_secret_expires_at > now:
        keys.append(endpoint.previous_secret)
    return keys


def claim_due_deliveries(*, session: Session, limit: int = BATCH_SIZE, skip_endpoint_ids: Sequence[int] = (),
                         now: datetime | None = None) -> tuple[str, list[Claim]]:
    """Take up to `limit` due deliveries nobody holds, in one statement, and sign each now with its
    own id and timestamp; the claim's token and the claims (oldest due first). Two workers at once
    take disjoint sets; a worker killed holding them lets its lease run out and the sweep wakes them."""
    now = now or clock.now()
    token = secrets.token_hex(16)
    rows = repository.claim_due(session, token=token, now=now, until=now + CLAIM_LEASE, limit=limit,
                                skip_endpoint_ids=skip_endpoint_ids)
    endpoints = {endpoint.id: endpoint for endpoint in repository.endpoints_by_id(
        session, endpoint_ids=sorted({row.endpoint_id for row in rows}))}
    claims = []
    for row in rows:
        endpoint = endpoints[row.endpoint_id]
        if not endpoint.is_enabled:
            claims.append(Claim(row.id, token, None, row.body, {}, row.endpoint_id, row.attempts))
            continue
        headers = domain.signed_headers(webhook_id=row.webhook_id, timestamp=now, body=row.body,
                                        secrets=_signing_keys(endpoint, now))
        claims.append(Claim(row.id, token, endpoint.url, row.body, headers, row.endpoint_id, row.attempts))
    return token, claims


def _outcome(claim: Claim, result: network.AttemptResult, now: datetime) -> tuple[str, datetime | None]:
    """The delivery's status after this attempt and when the next one is due."""
    attempts = claim.attempts_before + 1
    if result.succeeded:
        return "succeeded", None
    if claim.url is None or attempts >= domain.MAX_ATTEMPTS:
        return "dead", None
    return "failed", now + domain.retry_delay(attempts)


def record_attempts(*, session: Session, token: str, results: Sequence[tuple[Claim, network.AttemptResult]],
                    now: datetime | None = None) -> list[tuple[int, str, datetime | None]]:
    """`record_attempt` for a batch claim, set-based: each delivery's (id, status, next attempt).
    A delivery whose claim another worker took over (its lease ran out) records nothing."""
    now = now or clock.now()
    outcomes = []
    recorded = []
    for claim, result in results:
        status, next_at = _outcome(claim, result, now)
        recorded.append((claim.delivery_id, status, next_at))
        outcomes.append({"delivery_id": claim.delivery_id, "status": status, "next_attempt_at": next_at,
                         "last_attempt_at": now, "updated_at": now, "last_status_code": result.status_code,
                         "last_response_body": result.response_body,
                         "last_error": result.error[:500] if result.error else None,
                         "last_duration_ms": result.duration_ms})
    repository.finish_attempts(session, token=token, outcomes=outcomes)
    return recorded


def release_deliveries(*, session: Session, token: str, delivery_ids: Sequence[int],
                       due_at: datetime | None = None) -> None:
    """Give back claimed deliveries that were not attempted (no attempt counted), due again at `due_at`
    (behind a failing endpoint) or as they were."""
    repository.release(session, token=token, delivery_ids=delivery_ids, next_attempt_at=due_at)


def claim_delivery(*, session: Session, delivery_id: int, now: datetime | None = None) -> Claim | None:
    """Take a due delivery for one attempt and sign it now; None if it is not due, finished, or
    held by another worker."""
    now = now or clock.now()
    token = secrets.token_hex(16)
    if not repository.claim(session, delivery_id=delivery_id, token=token, now=now, until=now + CLAIM_LEASE):
        return None
    row = session.get(WebhookDelivery, delivery_id)
    assert row is not None
    session.refresh(row)
    endpoint = session.get(WebhookEndpoint, row.endpoint_id)
    assert endpoint is not None
    if not endpoint.is_enabled:
        return Claim(delivery_id, token, None, row.body, {})
    headers = domain.signed_headers(webhook_id=row.webhook_id, timestamp=now, body=row.body,
                                    secrets=_signing_keys(endpoint, now))
    return Claim(delivery_id, token, endpoint.url, row.body, headers, endpoint.id, row.attempts)


def record_attempt(*, session: Session, claim: Claim, result: network.AttemptResult,
                   now: datetime | None = None) -> str:
    """Store an attempt's outcome and the delivery's new status: succeeded on 2xx; otherwise failed
    with the next attempt's time, or dead after the last attempt (or when the endpoint is
    disabled). The status is returned; "lost" if another worker took the delivery over."""
    now = now or clock.now()
    row = session.get(WebhookDelivery, claim.delivery_id)
    assert row is not None
    session.refresh(row)
    status, next_at = _outcome(replace(claim, attempts_before=row.attempts), result, now)
    recorded = repository.finish_attempt(session, delivery_id=claim.delivery_id, token=claim.token, values={
        "status": status, "next_attempt_at": next_at, "last_attempt_at": now, "updated_at": now,
        "last_status_code": result.status_code, "last_response_body": result.response_body,
        "last_error": result.error[:500] if result.error else None, "last_duration_ms": result.duration_ms})
    return status if recorded else "lost"


def due_deliveries(*, session: Session, now: datetime | None = None, grace: timedelta = timedelta(seconds=60),
                   limit: int = 500) -> list[int]:
    """Deliveries due for longer than `grace` that no worker holds: their job was lost (a restarted
    in-memory queue, a worker killed); the sweep defers them again."""
    return repository.due(session, before=(now or clock.now()) - grace, limit=limit)
