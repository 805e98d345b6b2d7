"""`loyalty jobs run`: the periodic work (pending points become available, lots expire, birthdays).

Run it from cron every few minutes. Each program's steps are separate units of work, and the
services make every step idempotent and safe to run concurrently, so overlapping runs or a
run on every host do no harm.
"""

from __future__ import annotations

from dataclasses import dataclass

import typer
from rich.table import Table

from loyalty.cli.common import (
    DatabaseUrlOption,
    ProgramOption,
    database_for,
    print_table,
    progress_bar,
    resolve_program,
)
from loyalty.db.engine import Database
from loyalty.db.uow import unit_of_work
from loyalty.kernel import clock
from loyalty.programs import service as programs

app = typer.Typer(help="Periodic jobs (run from cron).", no_args_is_help=True)


@dataclass(frozen=True)
class ProgramJobs:
    program_id: int
    program_name: str
    released: int
    expired: int
    birthdays: int


def run_jobs_for(database: Database, program_id: int) -> ProgramJobs:
    """Release and expire due lots, then award today's birthdays (program timezone)."""
    from loyalty.ledger import service as ledger
    from loyalty.rules import service as rules

    now = clock.now()
    with unit_of_work(database) as session:
        program = programs.get_program(session=session, program_id=program_id)
        counts = ledger.run_due_jobs(session=session, program=program, now=now)
    with unit_of_work(database) as session:
        program = programs.get_program(session=session, program_id=program_id)
        birthdays = rules.award_birthdays(session=session, program=program,
                                          on=clock.local_date(now, program.timezone), actor="job:birthdays")
    return ProgramJobs(program_id=program.id, program_name=program.name, released=counts.released,
                       expired=counts.expired, birthdays=birthdays)


@app.command("run")
def run(program_id: ProgramOption = None, database_url: DatabaseUrlOption = None) -> None:
    """Run the due jobs once, for one program (--program) or every program."""
    with database_for(database_url) as database:
        with unit_of_work(database, read_only=True) as session:
            if program_id is not None:
                program_ids = [resolve_program(session, program_id).id]
            else:
                program_ids = [program.id for program in programs.list_programs(session=session)]
        results = []
        with progress_bar() as progress:
            task = progress.add_task("Running jobs", total=len(program_ids))
            for each in program_ids:
                results.append(run_jobs_for(database, each))
                progress.advance(task)
    table = Table("program", "name", "points released", "lots expired", "birthday awards")
    for result in results:
        table.add_row(str(result.program_id), result.program_name, str(result.released), str(result.expired),
                      str(result.birthdays))
    print_table(table)
