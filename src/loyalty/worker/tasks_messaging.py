"""Messaging's jobs: delivering batches of messages, and the sweep that re-defers lost wake-ups.

The truth is the `messages` rows (status, send_after, job_deferred_at); jobs are wake-ups. A
message queued in a unit of work gets its `deliver_batch` job after that unit commits
(up to BATCH_SIZE messages of one unit share a job); the periodic sweep defers a job for any
queued message whose time has come and whose job is missing or long gone (an in-memory engine
restarted, a defer that failed, quiet hours that ended).
"""

from __future__ import annotations

import logging

import procrastinate
from sqlalchemy import event
from sqlalchemy.orm import Session

from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.messaging import service
from loyalty.messaging.rendering import Renderer
from loyalty.worker.runtime import current_database, current_settings, defer_after_commit

log = logging.getLogger("loyalty.worker.messaging")

blueprint = procrastinate.Blueprint()

BATCH_SIZE = 100
DELIVER_TASK = "messaging:deliver_batch"
_PENDING = "loyalty.messaging.batch_being_filled"
# One renderer per process: compiled templates are reused across batches.
_renderer = Renderer()


class DeliveryPostponed(Exception):
    """A channel failed for a passing reason (SMTP down, a 4xx, a provider's 5xx): the job
    engine retries the batch with back-off; its messages stay queued meanwhile."""


def _wake_up(session: Session, message_id: int) -> None:
    """Add the new message to this unit's current batch; a full batch starts a new job."""
    batch: list[int] | None = session.info.get(_PENDING)
    if batch is None or len(batch) >= BATCH_SIZE:
        batch = []
        session.info[_PENDING] = batch
        # The list is read when the unit commits: messages added until then ride in this job.
        defer_after_commit(session, DELIVER_TASK, message_ids=batch)
    batch.append(message_id)


@event.listens_for(Session, "after_commit")
def _batch_done(session: Session) -> None:
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_rollback")
def _batch_dropped(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_PENDING, None)


service.on_queued(_wake_up)


def _outlet() -> service.Outlet:
    outlet = service.Outlet.from_settings(current_settings())
    outlet.renderer = _renderer
    return outlet


@blueprint.task(name="deliver_batch", retry=procrastinate.RetryStrategy(
    max_attempts=8, exponential_wait=2, retry_exceptions={DeliveryPostponed}))
def deliver_batch(message_ids: list[int]) -> None:
    """Deliver the job's messages as one batch (service.deliver_batch: one claim, set reads, one
    SMTP connection, one write of the outcomes). Messages already handled (or claimed by another
    worker meanwhile) are passed over."""
    outcomes = service.deliver_batch(database=current_database(), outlet=_outlet(), now=clock.now(),
                                     message_ids=message_ids, limit=max(1, len(message_ids)))
    counts: dict[str, int] = {}
    for delivery in outcomes.values():
        counts[delivery.outcome] = counts.get(delivery.outcome, 0) + 1
    log.info("delivered batch of %d: %s", len(message_ids), counts)
    retry = next((delivery for delivery in outcomes.values() if delivery.outcome == "retry"), None)
    if retry is not None:
        # The channel is failing: the rest were given back to the queue; the retry takes them all.
        raise DeliveryPostponed(retry.reason)


@blueprint.periodic(cron="* * * * * */10")
@blueprint.task(name="sweep", queueing_lock="messaging:sweep", pass_context=False)
def sweep(timestamp: int) -> None:
    """Defer delivery for queued messages that are due and have no live job."""
    with unit_of_work(current_database()) as session:
        message_ids = service.due_messages(session=session, now=clock.now())
        for start in range(0, len(message_ids), BATCH_SIZE):
            defer_after_commit(session, DELIVER_TASK, message_ids=message_ids[start:start + BATCH_SIZE])
    if message_ids:
        log.info("sweep deferred %d due messages", len(message_ids))
