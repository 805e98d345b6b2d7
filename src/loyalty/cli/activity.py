"""`loyalty rebuild-activity`: the members' purchase summaries recomputed from purchases."""

from __future__ import annotations

from typing import Annotated

import typer

from loyalty.cli.common import DatabaseUrlOption, database_for, err, out

AllProgramsOption = Annotated[int | None, typer.Option(
    "--program", help="Program id; defaults to every program.", show_default=False)]


def rebuild_activity(program_id: AllProgramsOption = None, database_url: DatabaseUrlOption = None) -> None:
    """Recompute every member's activity row (purchase count, value, first and last purchase: what
    segment counts read, docs/segments.md) from the purchases, one program per transaction. Safe
    while the worker runs: each row is recomputed, never incremented."""
    from loyalty.db.uow import unit_of_work
    from loyalty.programs import service as programs
    from loyalty.purchases import activity

    with database_for(database_url) as database:
        with unit_of_work(database, read_only=True) as session:
            ids = ([programs.get_program(session=session, program_id=program_id).id] if program_id is not None
                   else [program.id for program in programs.list_programs(session=session)])
        for each in ids:
            with err.status(f"Rebuilding program {each}..."), unit_of_work(database) as session:
                activity.rebuild(session, program_id=each)
            out.print(f"Program {each}: member activity rebuilt.")
