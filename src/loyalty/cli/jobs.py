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
from loyalty.programs import service as programs
from loyalty.worker.scheduled import run_program_jobs

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
    counts = run_program_jobs(database, program_id)
    with unit_of_work(database, read_only=True) as session:
        program = programs.get_program(session=session, program_id=program_id)
    return ProgramJobs(program_id=program.id, program_name=program.name, released=counts["points_released"],
                       expired=counts["lots_expired"], birthdays=counts["birthday_awards"])


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
