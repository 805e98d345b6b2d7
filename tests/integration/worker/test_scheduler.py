from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from loyalty.db.engine import Database
from loyalty.kernel import clock
from loyalty.worker.scheduled import Scheduler, run_program_jobs
from tests.factories.ledger import balance, give_points
from tests.factories.members import make_member
from tests.factories.programs import make_program


def test_jobs_release_pending_points_once_however_often_they_run(database: Database) -> None:
    program = make_program(database, pending_days=14)
    member = make_member(database, program)
    earned_at = datetime(2026, 6, 1, 9, tzinfo=UTC)
    clock.set_clock(lambda: earned_at)
    give_points(database, program, member.id, 70, purchase_id=1)
    clock.set_clock(lambda: earned_at + timedelta(days=15))
    first = run_program_jobs(database, program.id)
    again = run_program_jobs(database, program.id)
    assert (first["points_released"], again["points_released"]) == (1, 0)
    assert balance(database, program, member.id).available == 70


def test_the_servers_scheduler_runs_the_jobs_in_the_background(database: Database) -> None:
    program = make_program(database, pending_days=1)
    member = make_member(database, program)
    earned_at = datetime(2026, 6, 1, 9, tzinfo=UTC)
    clock.set_clock(lambda: earned_at)
    give_points(database, program, member.id, 40, purchase_id=1)
    clock.set_clock(lambda: earned_at + timedelta(days=2))
    scheduler = Scheduler(database, interval=0.05)
    scheduler.start()
    try:
        deadline = time.monotonic() + 30
        while balance(database, program, member.id).available != 40 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        scheduler.stop()
    assert balance(database, program, member.id).available == 40
