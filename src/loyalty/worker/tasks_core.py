"""The backbone's own jobs: retrying parked events, and the periodic jobs of the engine
(pending points, expiry, stamp cards, birthday gifts, tier reviews)."""

from __future__ import annotations

import logging
from datetime import timedelta

import procrastinate
from procrastinate import JobContext, RetryStrategy

from loyalty.db.uow import unit_of_work
from loyalty.events import repository
from loyalty.kernel import clock
from loyalty.worker import scheduled
from loyalty.worker.runtime import current_database, defer

log = logging.getLogger("loyalty.worker")

blueprint = procrastinate.Blueprint()

# 2^(n+1) s between attempts: 4 s, 8 s, … about 17 minutes over the eight tries.
RETRY_ATTEMPTS = 8
RETRY = RetryStrategy(max_attempts=RETRY_ATTEMPTS, exponential_wait=2)
# A deferred retry not finished after this long lost its job (a worker died with it).
LOST_AFTER = timedelta(hours=1)


class StillFailing(Exception):
    """The handler failed again: procrastinate waits and tries once more."""


@blueprint.task(name="retry_failure", retry=RETRY, pass_context=True)
def retry_failure(context: JobContext, failure_id: int) -> None:
    from loyalty.worker.consumer import describe, published
    from loyalty.worker.registry import subscriber

    last_attempt = context.job.attempts + 1 >= RETRY_ATTEMPTS
    with unit_of_work(current_database()) as session:
        failure = repository.lock_failure(session, failure_id)
        if failure is None or failure.status != "pending":
            return
        row = repository.event_by_id(session, failure.event_id)
        now = clock.now()
        try:
            if row is None:
                raise LookupError(f"event {failure.event_id} no longer exists")
            with session.begin_nested():
                subscriber(failure.subscriber).handle(session, published(row))
        except Exception as error:  # noqa: BLE001 - recorded on the failure, then retried or parked
            failure.attempts += 1
            failure.error = describe(error)
            failure.last_failed_at = now
            if last_attempt:
                failure.status = "dead"
                log.error("event %s parked for %s after %s attempts", failure.event_id, failure.subscriber,
                          failure.attempts)
                return
            still_failing = True
        else:
            failure.status, failure.resolved_at = "resolved", now
            still_failing = False
    if still_failing:
        raise StillFailing(f"failure {failure_id}: the handler failed again")


@blueprint.periodic(cron="* * * * * */5")
@blueprint.task(name="sweep_failures", queueing_lock="core:sweep_failures", pass_context=False)
def sweep_failures(timestamp: int) -> None:
    """Defer a retry for every parked event that has none (new, retried from the panel, or lost)."""
    now = clock.now()
    with unit_of_work(current_database()) as session:
        ids = repository.claim_failures_to_retry(session, now=now, lost_before=now - LOST_AFTER, limit=500)
    for failure_id in ids:
        defer("core:retry_failure", failure_id=failure_id)


@blueprint.periodic(cron="* * * * *")
@blueprint.task(name="program_jobs", queueing_lock="core:program_jobs", pass_context=False)
def program_jobs(timestamp: int) -> None:
    """The engine's periodic jobs for every program (each is idempotent and safe to overlap)."""
    database = current_database()
    for program_id in scheduled.program_ids(database):
        try:
            scheduled.run_program_jobs(database, program_id)
        except Exception:  # noqa: BLE001 - the other programs go on; the next minute tries again
            log.exception("periodic jobs of program %s failed", program_id)
