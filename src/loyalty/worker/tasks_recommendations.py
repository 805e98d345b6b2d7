"""Recommendations' worker side: every program's personal lists refreshed once a night
(docs/recommendations.md)."""

from __future__ import annotations

import logging

import procrastinate

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.recommendations import service as recommendations
from loyalty.worker import scheduled
from loyalty.worker.runtime import current_database

log = logging.getLogger("loyalty.worker")

blueprint = procrastinate.Blueprint()


def refresh_all_programs(database: Database) -> int:
    """Each program in its own transaction: one that fails keeps its old lists, the others are replaced."""
    refreshed = 0
    for program_id in scheduled.program_ids(database):
        try:
            with unit_of_work(database) as session:
                recommendations.refresh_program(session, program_id, clock.now())
            refreshed += 1
        except Exception:  # noqa: BLE001 - the other programs go on; tomorrow tries again
            log.exception("recommendations of program %s failed", program_id)
    return refreshed


# Nightly at 03:00 UTC, after scoring (02:30); `lock` keeps two workers from refitting at once.
@blueprint.periodic(cron="0 3 * * *")
@blueprint.task(name="nightly", lock="recommendations:nightly", queueing_lock="recommendations:nightly",
                pass_context=False)
def nightly(timestamp: int) -> None:
    refresh_all_programs(current_database())
