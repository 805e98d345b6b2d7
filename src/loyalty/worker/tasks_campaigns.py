"""Campaign jobs: the sweep that launches due campaigns and hands out their chunks, and the
chunk job that materializes one chunk of an audience (campaigns.service.run_chunk).

The durable truth is the `campaign_chunks` rows: a chunk is pending until the unit of work that
wrote its members commits. A chunk job that is lost (an in-memory queue dies with its process)
or killed half-way leaves its chunk pending, and the sweep defers it again after
`service.REDEFER_AFTER`; a chunk run twice, or by two workers at once, does nothing the second
time (its claim and the members' unique rows).
"""

from __future__ import annotations

import procrastinate
from procrastinate import RetryStrategy

from loyalty.campaigns import service
from loyalty.db.uow import unit_of_work
from loyalty.worker.runtime import current_database, defer

blueprint = procrastinate.Blueprint()

RETRY = RetryStrategy(max_attempts=8, exponential_wait=2)


@blueprint.periodic(cron="* * * * * */10")
@blueprint.task(name="sweep", queueing_lock="campaigns:sweep", pass_context=False)
def sweep(timestamp: int) -> None:
    """Launch what fell due, complete what finished, and defer a job per chunk to run."""
    with unit_of_work(current_database()) as session:
        chunk_ids = service.sweep(session=session)
    for chunk_id in chunk_ids:
        defer("campaigns:run_chunk", chunk_id=chunk_id)


@blueprint.task(name="run_chunk", retry=RETRY, pass_context=False)
def run_chunk(chunk_id: int) -> None:
    """One chunk, in one unit of work: all of it or nothing."""
    with unit_of_work(current_database()) as session:
        service.run_chunk(session=session, chunk_id=chunk_id)
