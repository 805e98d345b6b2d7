"""Webhooks in the worker: the subscriber that turns committed events into deliveries, the job
that makes one attempt at one delivery, and the sweep that wakes deliveries whose job was lost.

The delivery rows are the truth (status, attempts, next attempt); jobs only wake them up. A
failed attempt raises `AttemptFailed` so procrastinate retries the job with the same back-off
the row records (domain.retry_delay); the row's claim keeps a duplicate job from sending twice.
"""

from __future__ import annotations

from collections.abc import Sequence

import procrastinate
from sqlalchemy.orm import Session

from loyalty.config import Settings
from loyalty.db.uow import unit_of_work
from loyalty.events.subscribers import PublishedEvent, Subscriber
from loyalty.webhooks import domain, sending, service
from loyalty.webhooks.domain import AddressPolicy
from loyalty.worker.runtime import current_database, current_settings, defer_after_commit

blueprint = procrastinate.Blueprint()

DELIVER = "webhooks:deliver"


class AttemptFailed(Exception):
    """The attempt failed and another is due: procrastinate retries the job."""


def address_policy(settings: Settings) -> AddressPolicy:
    return AddressPolicy.of(settings.webhooks.allow_private_networks, settings.webhooks.allowed_networks)


def wake(session: Session, delivery_id: int) -> None:
    """A job for the delivery, deferred to run only if the unit of work commits."""
    defer_after_commit(session, DELIVER, delivery_id=delivery_id)


def handle(session: Session, event: PublishedEvent) -> None:
    """One delivery per subscribed endpoint, in the subscriber's unit of work; each job is deferred
    to run only if that unit commits."""
    for delivery_id in service.deliveries_for_event(
            session=session, event_id=event.id, program_id=event.program_id, member_id=event.member_id,
            type=event.type, occurred_at=event.occurred_at, payload=event.payload):
        wake(session, delivery_id)


def handle_batch(session: Session, events: Sequence[PublishedEvent]) -> None:
    """`handle` for a batch: one read of the endpoints, one INSERT for every delivery."""
    made = service.deliveries_for_events(session=session, events=[service.EventToDeliver(
        id=event.id, program_id=event.program_id, member_id=event.member_id, type=event.type,
        occurred_at=event.occurred_at, payload=event.payload) for event in events])
    for delivery_id in made:
        wake(session, delivery_id)


subscriber = Subscriber(name="webhooks", types=frozenset(domain.SUBSCRIBABLE_TYPES), handle=handle,
                        handle_batch=handle_batch)


@blueprint.task(name="deliver", retry=procrastinate.RetryStrategy(
    max_attempts=domain.MAX_ATTEMPTS, exponential_wait=domain.RETRY_BASE_SECONDS,
    retry_exceptions={AttemptFailed}))
def deliver(delivery_id: int) -> str:
    settings = current_settings()
    status = sending.deliver(current_database(), delivery_id=delivery_id, policy=address_policy(settings),
                             timeout=settings.webhooks.timeout_seconds)
    if status == "failed":
        raise AttemptFailed(f"webhook delivery {delivery_id} failed; retried with back-off")
    return status


@blueprint.periodic(cron="* * * * * */30")
@blueprint.task(name="sweep", queueing_lock="webhooks:sweep")
def sweep(timestamp: int) -> int:
    """Defer again the deliveries due for a minute that nobody holds."""
    with unit_of_work(current_database()) as session:
        due = service.due_deliveries(session=session)
        for delivery_id in due:
            wake(session, delivery_id)
    return len(due)
