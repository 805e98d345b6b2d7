"""Running the lifecycle scans: every program, each scan in units of work of bounded size.

The lifecycle services announce at most `limit` occasions per call; a backlog is worked off
call after call, each in a unit of work of its own and resuming where the last stopped, until
a call says nothing is left.
"""

from __future__ import annotations

import logging
from datetime import datetime

from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.lifecycle import service as lifecycle
from loyalty.programs import service as programs

log = logging.getLogger("loyalty.worker")

# The scans that depend on the program's local date run hourly (each program's midnight passes
# at a different UTC hour); the others every few minutes.
DAILY_SCANS = ("birthdays", "anniversaries")
FREQUENT_SCANS = ("lapsed", "expiring_points", "abandoned_carts")


def run_scan(database: Database, program_id: int, name: str, *, now: datetime | None = None,
             limit: int = lifecycle.SCAN_BATCH) -> int:
    """The scan `name` (lifecycle.service.SCANS) for one program until its backlog is done; how
    many occasions it announced."""
    now = now or clock.now()
    scan = lifecycle.SCANS[name]
    total = 0
    after_member_id = 0
    while True:
        with unit_of_work(database) as session:
            program = programs.get_program(session=session, program_id=program_id)
            batch = scan(session=session, program=program, now=now, limit=limit, after_member_id=after_member_id)
        total += batch.announced
        if batch.resume_after is None:
            return total
        after_member_id = batch.resume_after


def run_scans(database: Database, names: tuple[str, ...], *, now: datetime | None = None) -> dict[str, int]:
    """The scans `names` for every program; the occasions announced per scan. One program's
    failure is logged and the others go on."""
    now = now or clock.now()
    with unit_of_work(database, read_only=True) as session:
        program_ids = [program.id for program in programs.list_programs(session=session)]
    totals = dict.fromkeys(names, 0)
    for program_id in program_ids:
        for name in names:
            try:
                totals[name] += run_scan(database, program_id, name, now=now)
            except Exception:  # noqa: BLE001 - the next run tries again; the other programs go on
                log.exception("scan %s failed for program %s", name, program_id)
    return totals
