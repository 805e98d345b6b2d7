"""The analytics copy's sync (analytics/warehouse.py), every minute: the dashboard and the
pivot are then at most about a minute behind the operational database. One at a time (the
queueing lock); it only reads the operational database."""

from __future__ import annotations

import logging

import procrastinate

from loyalty.analytics import warehouse
from loyalty.worker.runtime import current_database, current_settings

log = logging.getLogger(__name__)
blueprint = procrastinate.Blueprint()


@blueprint.periodic(cron="* * * * *")
@blueprint.task(name="sync", queueing_lock="analytics:sync", pass_context=False)
def sync(timestamp: int) -> None:
    report = warehouse.sync(current_database(), current_settings())
    log.info("analytics sync: %s rows copied%s", sum(report.rows.values()), " (rebuilt)" if report.rebuilt else "")
