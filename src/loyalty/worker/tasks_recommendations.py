"""Recommendations' worker side: every program's personal lists refreshed once a night
(docs/recommendations.md)."""

from __future__ import annotations

import logging
from datetime import datetime

import procrastinate
from sqlalchemy.orm import Session

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.gamification import service as gamification
from loyalty.kernel import clock
from loyalty.recommendations import service as recommendations
from loyalty.recommendations.models import RecommendationRun
from loyalty.worker import scheduled
from loyalty.worker.runtime import current_database

log = logging.getLogger("loyalty.worker")

blueprint = procrastinate.Blueprint()


def refresh_program(session: Session, program_id: int, now: datetime) -> RecommendationRun:
    """One program's lists, its open challenges ranked among the offers with the rewards and
    coupons (gamification stands above recommendations, so the two meet here)."""
    return recommendations.refresh_program(session, program_id, now, extra_candidates=gamification.challenge_offers(
        session=session, program_id=program_id, now=now))


def refresh_all_programs(database: Database) -> int:
    """Each program in its own transaction: one that fails keeps its old lists, the others are replaced."""
    refreshed = 0
    for program_id in scheduled.program_ids(database):
        try:
            with unit_of_work(database) as session:
                refresh_program(session, program_id, clock.now())
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
