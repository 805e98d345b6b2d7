"""`loyalty worker` and `loyalty events status`: the event subscribers and the job engine."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.table import Table

from loyalty.cli.common import DatabaseUrlOption, database_for, out, print_table, settings_for
from loyalty.cli.server import ensure_schema_at_head

LOG_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


def worker(
    database_url: DatabaseUrlOption = None,
    concurrency: Annotated[int | None, typer.Option(
        "--concurrency", show_default="4", help="Jobs this worker runs at once.")] = None,
    until_idle: Annotated[bool, typer.Option(
        "--until-idle", help="Handle what is pending and due, then stop (for cron or a one-off catch-up).")] = False,
) -> None:
    """Run a worker: the event subscribers (journeys, messages, webhooks, …) and the jobs (retries,
    deliveries, periodic scans). On PostgreSQL run as many as you like, on any hosts."""
    from loyalty.worker import runner

    settings = settings_for(database_url)
    # What the worker did, to stderr (one line per job, batch and failure): an operator's only view
    # of which worker ran what, and of failures that never reach a response.
    logging.basicConfig(level=settings.log_level.upper(), format=LOG_FORMAT)
    ensure_schema_at_head(settings.database.url)
    with database_for(database_url) as database:
        if until_idle:
            handled = runner.drain(database, settings, periodic=runner.periodic_task_names(), timeout=3600)
            out.print(f"Handled {handled} event(s); nothing pending is left.")
            return
        out.print(f"Worker started on {database.dialect}; Ctrl+C or SIGTERM stops it after the jobs in hand.")
        runner.run(database, settings, concurrency=concurrency or settings.worker.concurrency)


app = typer.Typer(help="The event stream: subscribers' positions and the dead-letter list.", no_args_is_help=True)


@app.command("status")
def status(database_url: DatabaseUrlOption = None) -> None:
    """How far each subscriber has read, how much waits for it, and how old the oldest is."""
    from loyalty.db.uow import unit_of_work
    from loyalty.events import stream
    from loyalty.worker.registry import SUBSCRIBERS

    with database_for(database_url) as database, unit_of_work(database, read_only=True) as session:
        rows = stream.positions(session, {each.name: sorted(each.types) for each in SUBSCRIBERS})
    table = Table("subscriber", "handled", "waiting", "lag", "moved")
    for row in rows:
        lag = "-" if row.lag_seconds is None else f"{row.lag_seconds:.1f} s"
        moved = row.updated_at.isoformat(timespec="seconds")
        table.add_row(row.subscriber, str(row.handled), str(row.waiting), lag, moved)
    print_table(table)
