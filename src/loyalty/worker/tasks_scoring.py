"""Scoring's worker side: every program refitted and rescored once a day (docs/scoring.md)."""

from __future__ import annotations

import logging

import procrastinate

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.scoring import service as scoring
from loyalty.worker import scheduled
from loyalty.worker.runtime import current_database

log = logging.getLogger("loyalty.worker")

blueprint = procrastinate.Blueprint()


def score_all_programs(database: Database) -> int:
    """Each program in its own transaction: one that fails leaves the others' scores replaced."""
    scored = 0
    for program_id in scheduled.program_ids(database):
        try:
            with unit_of_work(database) as session:
                scoring.score_program(session, program_id, clock.now())
            scored += 1
        except Exception:  # noqa: BLE001 - the other programs go on; tomorrow tries again
            log.exception("scoring of program %s failed", program_id)
    return scored


# Nightly at 02:30 UTC (quiet hours in Europe); `lock` keeps two workers from fitting at once.
@blueprint.periodic(cron="30 2 * * *")
@blueprint.task(name="nightly", lock="scoring:nightly", queueing_lock="scoring:nightly", pass_context=False)
def nightly(timestamp: int) -> None:
    score_all_programs(current_database())
