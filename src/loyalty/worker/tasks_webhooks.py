"""Webhooks in the worker: the subscriber that turns committed events into deliveries, the job
that sends every due delivery in batches (`deliver_due`), the job that makes one attempt at one
delivery (a replay), and the sweep that wakes deliveries whose job was lost.

The delivery rows are the truth (status, attempts, next attempt); jobs only wake them up.
`deliver_due` records a failed attempt's next time on the row (domain.retry_delay) and defers
itself for the earliest of them; the single-delivery job raises `AttemptFailed` so procrastinate
retries it with the same back-off. Claims keep two jobs from sending one delivery twice.
"""

from __future__ import annotations

from collections.abc import Sequence

import procrastinate
from sqlalchemy.orm import Session

from loyalty.config import Settings
from loyalty.db.uow import unit_of_work
from loyalty.events.subscribers import PublishedEvent, Subscriber
from loyalty.kernel import clock
from loyalty.webhooks import domain, sending, service
from loyalty.webhooks.domain import AddressPolicy
from loyalty.worker.runtime import current_database, current_settings, defer, defer_after_commit, defer_in

blueprint = procrastinate.Blueprint()

DELIVER = "webhooks:deliver"
DELIVER_DUE = "webhooks:deliver_due"


class AttemptFailed(Exception):
    """The attempt failed and another is due: procrastinate retries the job."""


def address_policy(settings: Settings) -> AddressPolicy:
    return AddressPolicy.of(settings.webhooks.allow_private_networks, settings.webhooks.allowed_networks)


def wake(session: Session, delivery_id: int) -> None:
    """A job for the delivery, deferred to run only if the unit of work commits."""
    defer_after_commit(session, DELIVER, delivery_id=delivery_id)


def wake_due(session: Session) -> None:
    """A batch job for every due delivery, deferred to run only if the unit of work commits."""
    defer_after_commit(session, DELIVER_DUE)


def handle(session: Session, event: PublishedEvent) -> None:
    """One delivery per subscribed endpoint, in the subscriber's unit of work; the batch job is
    deferred to run only if that unit commits."""
    if service.deliveries_for_event(
            session=session, event_id=event.id, program_id=event.program_id, member_id=event.member_id,
            type=event.type, occurred_at=event.occurred_at, payload=event.payload):
        wake_due(session)


def handle_batch(session: Session, events: Sequence[PublishedEvent]) -> None:
    """`handle` for a batch: one read of the endpoints, one INSERT for every delivery."""
    made = service.deliveries_for_events(session=session, events=[service.EventToDeliver(
        id=event.id, program_id=event.program_id, member_id=event.member_id, type=event.type,
        occurred_at=event.occurred_at, payload=event.payload) for event in events])
    if made:
        wake_due(session)


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


@blueprint.task(name="deliver_due")
def deliver_due() -> str:
    """Send due deliveries in batches until none is left (or its time is up: then another job goes
    on); when some failed, this job again at the earliest retry's time (the sweep would wake them
    too, only later)."""
    settings = current_settings()
    outcome = sending.deliver_due(current_database(), policy=address_policy(settings),
                                  timeout=settings.webhooks.timeout_seconds)
    if outcome.next_retry_at is not None:
        defer_in(max((outcome.next_retry_at - clock.now()).total_seconds(), 0.0), DELIVER_DUE)
    if outcome.stopped_early:  # its time is up, not the work: another job goes on
        defer(DELIVER_DUE)
    return f"{outcome.attempted} attempted {outcome.statuses}, {outcome.released} given back"


@blueprint.periodic(cron="* * * * * */30")
@blueprint.task(name="sweep", queueing_lock="webhooks:sweep")
def sweep(timestamp: int) -> int:
    """Wake the batch job when deliveries have been due for a minute and nobody holds them."""
    with unit_of_work(current_database()) as session:
        due = service.due_deliveries(session=session, limit=1)
        if due:
            wake_due(session)
    return len(due)
