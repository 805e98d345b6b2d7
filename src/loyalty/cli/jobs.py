"""`loyalty jobs run`: the periodic jobs (pending points become available, and stamps that
fill a stamp card issue its coupon; lots expire; birthday gifts; and whatever else
loyalty.worker.scheduled registers), once.

The worker runs the same registry every minute (`loyalty worker`, or in-process beside `loyalty
serve` on SQLite); cron can run this command as well, on any number of hosts: each job is
idempotent and safe to run concurrently.
"""

from __future__ import annotations

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
from loyalty.db.uow import unit_of_work

app = typer.Typer(help="Periodic jobs (the worker runs them every minute; cron may too).", no_args_is_help=True)


@app.command("run")
def run(program_id: ProgramOption = None, database_url: DatabaseUrlOption = None) -> None:
    """Run every due job once, for one program (--program) or every program; print what each did."""
    from loyalty.worker.scheduled import program_ids, run_program_jobs

    with database_for(database_url) as database:
        if program_id is not None:
            with unit_of_work(database, read_only=True) as session:
                chosen = [resolve_program(session, program_id).id]
        else:
            chosen = program_ids(database)
        results: list[tuple[int, dict[str, int]]] = []
        with progress_bar() as progress:
            task = progress.add_task("Running jobs", total=len(chosen))
            for each in chosen:
                results.append((each, run_program_jobs(database, each)))
                progress.advance(task)
    columns = list(dict.fromkeys(name for _, counts in results for name in counts))
    table = Table("program", *(name.replace("_", " ") for name in columns))
    for each, counts in results:
        table.add_row(str(each), *(str(counts.get(name, 0)) for name in columns))
    print_table(table)
