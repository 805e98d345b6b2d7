from __future__ import annotations

from datetime import UTC, datetime, timedelta

from loyalty.config import Settings
from loyalty.db.engine import Database
from loyalty.kernel import clock
from loyalty.worker.runner import drain
from loyalty.worker.scheduled import run_program_jobs
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


def test_the_worker_runs_the_periodic_jobs(database: Database) -> None:
    program = make_program(database, pending_days=1)
    member = make_member(database, program)
    earned_at = datetime(2026, 6, 1, 9, tzinfo=UTC)
    clock.set_clock(lambda: earned_at)
    give_points(database, program, member.id, 40, purchase_id=1)
    clock.set_clock(lambda: earned_at + timedelta(days=2))
    settings = Settings()
    settings.worker.in_process = "never"
    drain(database, settings, periodic=["core:program_jobs"])
    assert balance(database, program, member.id).available == 40
